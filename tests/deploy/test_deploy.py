"""`make run` and `make serve` set-up, no servers: host, nginx configuration, static copies."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from pathlib import Path

import pytest

from deploy.frontend import MAP_COMPONENT, Frontend, compress_beside, copy_frontend, find_frontend
from deploy.serve import render_nginx_config
from tests.conftest import ROOT
from tests.test_architecture import imported_modules


@pytest.mark.parametrize(("host", "expected"), [(None, "127.0.0.1"), ("0.0.0.0", "0.0.0.0")])
def test_make_run_listens_on_this_machine_only_unless_told(host, expected):
    environment = {key: value for key, value in os.environ.items() if key != "HOST"}
    if host:
        environment["HOST"] = host
    done = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    command = next(line for line in done.stdout.splitlines() if "streamlit run" in line)
    assert f"--server.address {expected} " in command


def test_deploy_does_not_import_the_benchmarks():
    imports = [
        f"{path.name}:{line}"
        for path in sorted((ROOT / "deploy").glob("*.py"))
        for line, name in imported_modules(path.read_text(encoding="utf-8"))
        if name == "bench"
    ]
    assert imports == []


def test_compressible_files_get_a_gzip_copy_beside_them(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "big.js").write_text("const a = 1;\n" * 500, encoding="utf-8")
    (tmp_path / "small.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG" + b"\0" * 5000)
    assert compress_beside(tmp_path) == 1
    packed = (tmp_path / "js" / "big.js.gz").read_bytes()
    assert gzip.decompress(packed) == (tmp_path / "js" / "big.js").read_bytes()
    assert not (tmp_path / "small.css.gz").exists() and not (tmp_path / "image.png.gz").exists()


def test_the_installed_front_end_is_found():
    frontend = find_frontend()
    assert (frontend.streamlit / "index.html").is_file()
    assert list((frontend.streamlit / "static" / "js").glob("*.js"))
    assert (frontend.components[MAP_COMPONENT] / "index.html").is_file()


def test_the_copy_leaves_out_links_and_is_readable_by_nginx(tmp_path):
    source = tmp_path / "source"
    (source / "streamlit" / "static").mkdir(parents=True)
    (source / "streamlit" / "index.html").write_text("<html></html>", encoding="utf-8")
    (source / "app").mkdir()
    (source / "app" / "leaflet.js").write_text("L = {};\n" * 400, encoding="utf-8")
    (source / "secret.txt").write_text("secret", encoding="utf-8")
    (source / "app" / "link.txt").symlink_to(source / "secret.txt")
    copied = copy_frontend(Frontend(source / "streamlit", {}, source / "app"), tmp_path / "copy")
    assert sorted(path.name for path in copied.app_static.iterdir()) == [
        "leaflet.js",
        "leaflet.js.gz",
    ]
    assert all(path.stat().st_mode & 0o004 for path in copied.app_static.rglob("*"))


def test_the_nginx_configuration_names_every_folder(tmp_path):
    frontend = Frontend(tmp_path / "st", {MAP_COMPONENT: tmp_path / "map"}, tmp_path / "app")
    config = render_nginx_config("127.0.0.1:8080", ["http://127.0.0.1:9001"], tmp_path, frontend)
    assert re.findall(r"@@\w+@@", config) == []
    assert f"alias {tmp_path / 'st'}/static/;" in config
    assert f"location /component/{MAP_COMPONENT}/ {{" in config
    assert f"alias {tmp_path / 'map'}/;" in config
    assert "server 127.0.0.1:9001;" in config and "listen 127.0.0.1:8080;" in config
    assert "server_tokens off;" in config
    assert Path(ROOT / "deploy" / "nginx.conf.template").is_file()
