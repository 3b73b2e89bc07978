"""Leaflet served from the app's own static folder: the map works without internet."""

from __future__ import annotations

import os
import re

import folium.folium
import pytest

from geo import offline

EXPECTED = ["leaflet.js", "leaflet.css", "images/layers-2x.png", "images/layers.png"]


@pytest.fixture
def static_dir(tmp_path):
    return tmp_path / "static"


def _relative(paths, root):
    return [path.relative_to(root).as_posix() for path in paths]


def test_assets_are_copied_into_the_static_folder(static_dir):
    installed = offline.install_static_assets(static_dir)
    names = _relative(installed, static_dir)
    assert all(name in names for name in EXPECTED)
    assert all(path.is_file() and path.stat().st_size > 0 for path in installed)
    assert list(static_dir.rglob(".*")) == []  # no temporary files left


def test_copied_leaflet_is_the_version_folium_expects(static_dir):
    offline.install_static_assets(static_dir)
    header = (static_dir / "leaflet.js").read_text(encoding="utf-8")[:300]
    (cdn_url,) = [url for name, url in folium.folium._default_js if name == "leaflet"]
    version = re.search(r"leaflet@([\d.]+)", cdn_url).group(1)
    assert f"Leaflet {version}," in header


def test_every_image_the_stylesheet_uses_is_installed(static_dir):
    offline.install_static_assets(static_dir)
    stylesheet = (static_dir / "leaflet.css").read_text(encoding="utf-8")
    images = set(re.findall(r"url\((images/[^)]+)\)", stylesheet))
    assert images
    assert all((static_dir / image).is_file() for image in images)


def test_second_install_rewrites_nothing(static_dir):
    first = offline.install_static_assets(static_dir)
    stamps = {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in first}
    second = offline.install_static_assets(static_dir)
    assert second == first
    assert {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in second} == stamps


def test_changed_file_is_restored(static_dir):
    offline.install_static_assets(static_dir)
    script = static_dir / "leaflet.js"
    original = script.read_bytes()
    script.write_text("broken")
    offline.install_static_assets(static_dir)
    assert script.read_bytes() == original


def test_symlink_is_replaced_by_a_real_file(static_dir, tmp_path):
    source = offline.leaflet_source_dir() / "leaflet.css"
    static_dir.mkdir()
    (static_dir / "leaflet.css").symlink_to(source)
    offline.install_static_assets(static_dir)
    copied = static_dir / "leaflet.css"
    assert not copied.is_symlink()
    assert copied.read_bytes() == source.read_bytes()
    assert source.exists()


def test_installed_files_are_readable_by_others(static_dir):
    for path in offline.install_static_assets(static_dir):
        assert os.stat(path).st_mode & 0o044 == 0o044


def test_url_constants_match_streamlit_static_route():
    assert offline.LEAFLET_JS_URL == "app/static/leaflet.js"
    assert offline.LEAFLET_CSS_URL == "app/static/leaflet.css"


@pytest.mark.parametrize(
    ("base_url_path", "expected"),
    [
        ("", "/app/static/leaflet.js"),
        ("/", "/app/static/leaflet.js"),
        ("atlas", "/atlas/app/static/leaflet.js"),
        ("/atlas/", "/atlas/app/static/leaflet.js"),
        ("tools/atlas", "/tools/atlas/app/static/leaflet.js"),
    ],
)
def test_static_url_honours_the_base_url_path(base_url_path, expected):
    assert offline.static_url("leaflet.js", base_url_path) == expected
    assert offline.leaflet_urls(base_url_path)[0] == expected
