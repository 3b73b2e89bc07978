"""Leaflet's files served by Streamlit itself, so the map needs no CDN.

``install_static_assets`` copies ``leaflet.js``, ``leaflet.css`` and ``images/`` from the
``xstatic-leaflet`` package (Leaflet 1.9.3, the version folium asks for) into the app's
``static/`` folder. With ``server.enableStaticServing = true`` Streamlit serves that folder under
``<baseUrlPath>/app/static/``; ``static_url`` builds those URLs.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from geo.files import write_atomically

XSTATIC_LEAFLET_MODULE = "xstatic.pkg.leaflet"
STATIC_ROUTE = "app/static"
LEAFLET_JS = "leaflet.js"
LEAFLET_CSS = "leaflet.css"
LEAFLET_IMAGES = "images"
LEAFLET_JS_URL = f"{STATIC_ROUTE}/{LEAFLET_JS}"
LEAFLET_CSS_URL = f"{STATIC_ROUTE}/{LEAFLET_CSS}"


def leaflet_source_dir() -> Path:
    """Return the folder of the installed xstatic-leaflet package holding ``leaflet.js``.

    Raises ``FileNotFoundError`` if the package is not installed or lacks the files.
    """
    try:
        package = importlib.import_module(XSTATIC_LEAFLET_MODULE)
    except ImportError as error:
        raise FileNotFoundError(
            "Python package xstatic-leaflet is not installed (see requirements.txt)."
        ) from error
    source = Path(package.BASE_DIR)
    for name in (LEAFLET_JS, LEAFLET_CSS):
        if not (source / name).is_file():
            raise FileNotFoundError(f"{name} missing from {source} (reinstall xstatic-leaflet).")
    return source


def install_static_assets(static_dir: Path) -> list[Path]:
    """Copy Leaflet's script, stylesheet and marker/layer images into ``static_dir``.

    In: the folder Streamlit serves (created if needed). Out: the destination path of every
    asset, whether it was written now or already up to date. Idempotent: a file is rewritten
    only when its content differs or when it is a symlink (Streamlit refuses links), and each
    write is atomic, so a running app never serves half a file. Raises ``FileNotFoundError`` if
    xstatic-leaflet is missing, ``OSError`` if ``static_dir`` cannot be written.
    """
    source = leaflet_source_dir()
    static_dir = Path(static_dir)
    installed = []
    for relative in _asset_names(source):
        target = static_dir / relative
        _copy_if_changed(source / relative, target)
        installed.append(target)
    return installed


def _asset_names(source: Path) -> list[Path]:
    names = [Path(LEAFLET_JS), Path(LEAFLET_CSS)]
    images = source / LEAFLET_IMAGES
    if images.is_dir():
        names += sorted(image.relative_to(source) for image in images.iterdir() if image.is_file())
    return names


def _copy_if_changed(source: Path, target: Path) -> None:
    content = source.read_bytes()
    if target.is_file() and not target.is_symlink() and target.read_bytes() == content:
        return
    write_atomically(target, content)


def static_url(file_name: str, base_url_path: str = "") -> str:
    """Return the URL path under which Streamlit serves a file of ``static/``.

    In: the file name relative to ``static/`` (e.g. ``"leaflet.js"``) and Streamlit's
    ``server.baseUrlPath`` (``""``, ``"atlas"`` or ``"/atlas/"``). Out: an absolute path such as
    ``"/app/static/leaflet.js"`` or ``"/atlas/app/static/leaflet.js"``. Absolute, because the
    map runs in a component iframe whose own URL is elsewhere.
    """
    parts = [part for part in (base_url_path.strip("/"), STATIC_ROUTE) if part]
    return "/" + "/".join(parts) + "/" + file_name.lstrip("/")


def leaflet_urls(base_url_path: str = "") -> tuple[str, str]:
    """Return ``(script_url, stylesheet_url)`` of Leaflet for a ``server.baseUrlPath``."""
    return static_url(LEAFLET_JS, base_url_path), static_url(LEAFLET_CSS, base_url_path)
