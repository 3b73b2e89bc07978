"""A real app server and headless Chromium for the browser tests.

The app runs as ``streamlit run app.py`` in a subprocess on a free local port. Chromium is
Debian's (``/usr/bin/chromium``), driven by Playwright's sync API. Without Chromium the tests
are skipped locally and fail under CI (the ``CI`` environment variable), where they must run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
VIEWPORT = {"width": 1400, "height": 1000}
LOG_TAIL_CHARS = 4000
SERVER_LOGS: list[Path] = []
"""Logs of the app servers started in this session, shown under a failing browser test."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the app did not answer within {START_TIMEOUT_S} s:\n{log.read_text()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def running_app(log_dir: Path, data_dir: Path | None = None) -> Iterator[str]:
    """Run the app on a free port, reading ``data_dir`` (``data/`` when None); yield its URL."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "BLUEBOOK_DATA_DIR"}
    if data_dir is not None:
        env["BLUEBOOK_DATA_DIR"] = str(data_dir)
    log = log_dir / f"streamlit-{port}.log"
    SERVER_LOGS.append(log)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        # Other people edit the sources while tests run: do not rerun on their saves.
        "--server.fileWatcherType",
        "none",
    ]
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_healthy(url, process, log)
            yield url
        finally:
            _stop(process)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the browser tests")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def app_url(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the real ``data/`` folder (``BLUEBOOK_DATA_DIR`` unset)."""
    with running_app(tmp_path_factory.mktemp("app-logs")) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path: Path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies, downloads allowed) and one page in it."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(60_000)
    yield context.new_page()
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.failed and item.get_closest_marker("browser"):
        for log in SERVER_LOGS:
            if log.exists():
                tail = log.read_text(errors="replace")[-LOG_TAIL_CHARS:]
                report.sections.append((f"app log {log.name}", tail))
    return report
