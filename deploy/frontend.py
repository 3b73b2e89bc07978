"""The files a browser fetches besides the page: found at start, served by nginx, pre-compressed.

A new browser fetches about 140 files of Streamlit's front end (``streamlit/static`` in the
installed package: JavaScript and CSS bundles with hashed names, fonts, the favicon), the map
component's files (``streamlit_folium/frontend/build``) and the app's ``static/`` (Leaflet).
Served by the app, they cost its Python processes about half a second of CPU per new browser;
``make serve`` copies them into its run folder with a ``.gz`` beside every compressible file
(nginx's ``gzip_static``) and serves them itself.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPRESSIBLE = {".js", ".css", ".html", ".json", ".svg", ".map", ".txt", ".ttf", ".otf", ".wasm"}
MIN_COMPRESSED_BYTES = 1024
MAP_COMPONENT = "streamlit_folium.st_folium"


class FrontendError(RuntimeError):
    """The installed packages do not have the expected front-end files."""


@dataclass(frozen=True)
class Frontend:
    """Folders nginx serves: Streamlit's static files, components by URL name, the app's."""

    streamlit: Path
    components: dict[str, Path]
    app_static: Path


def package_folder(package: str) -> Path:
    """The folder of an installed package; ``FrontendError`` when it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise FrontendError(
            f"the package {package} is not installed: pip install -r requirements.txt"
        )
    return Path(spec.origin).parent


def find_frontend() -> Frontend:
    """Streamlit's static folder and the map component's build, from the installed packages."""
    streamlit = package_folder("streamlit") / "static"
    if not (streamlit / "index.html").is_file() or not (streamlit / "static").is_dir():
        raise FrontendError(f"{streamlit}: no index.html and static/ in the installed streamlit")
    components = {}
    build = package_folder("streamlit_folium") / "frontend" / "build"
    if (build / "index.html").is_file():
        components[MAP_COMPONENT] = build
    return Frontend(streamlit, components, ROOT / "static")


def compress_beside(folder: Path) -> int:
    """Write ``name.gz`` beside every compressible file of ``folder`` worth it; return how many."""
    written = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix in COMPRESSIBLE and path.is_file():
            data = path.read_bytes()
            if len(data) >= MIN_COMPRESSED_BYTES:
                packed = gzip.compress(data, compresslevel=6, mtime=0)
                if len(packed) < len(data):
                    path.with_name(path.name + ".gz").write_bytes(packed)
                    written += 1
    return written


def copy_frontend(frontend: Frontend, target: Path) -> Frontend:
    """Copy the static folders into ``target`` (real files only) and pre-compress them.

    The app's ``static/`` is copied when it exists (the app fills it at start-up). Returns the
    copies' folders.
    """
    ignore = shutil.ignore_patterns("*.map")
    streamlit = target / "streamlit"
    shutil.copytree(frontend.streamlit, streamlit, ignore=ignore)
    components = {}
    for name, folder in frontend.components.items():
        components[name] = target / "components" / name
        shutil.copytree(folder, components[name], ignore=ignore)
    app_static = target / "app-static"
    if frontend.app_static.is_dir():
        shutil.copytree(frontend.app_static, app_static, symlinks=True)
        for path in app_static.rglob("*"):
            if path.is_symlink():  # Streamlit refuses links in static/; so does this copy
                path.unlink()
    else:
        app_static.mkdir(parents=True)
    for folder in (streamlit, *components.values(), app_static):
        compress_beside(folder)
    for path in (target, *target.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return Frontend(streamlit, components, app_static)
