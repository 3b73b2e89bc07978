"""A real app server and headless Chromium for the browser tests.

The app runs as ``streamlit run app.py`` in a subprocess on a free local port. Chromium is
Debian's (``/usr/bin/chromium``), driven by Playwright's sync API. Without Chromium the tests
are skipped locally and fail under CI (the ``CI`` environment variable), where they must run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.concurrency import CHROMIUM, CHROMIUM_ARGS
from deploy.processes import running_app as start_app

VIEWPORT = {"width": 1400, "height": 1000}
LOG_TAIL_CHARS = 4000
SERVER_LOGS: list[Path] = []
"""Logs of the app servers started in this session, shown under a failing browser test."""
UNWANTED_LOG = re.compile(r"deprecat|will be removed|no static folder", re.IGNORECASE)
"""What must never be in an app's log: Streamlit's deprecation warnings (which name a date
after which the call stops working) and its start-up warning about the static folder."""


def unwanted_log_lines(log: Path) -> list[str]:
    """The lines of an app's log that report a deprecated call or a start-up warning."""
    text = log.read_text(errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if UNWANTED_LOG.search(line)]


@contextmanager
def running_app(log_dir: Path, data_dir: Path | None = None) -> Iterator[str]:
    """Run the app on a free port, reading ``data_dir`` (``data/`` when None); yield its URL.

    The server is ``bench.concurrency.running_app``; its log is kept for failing tests. Once
    it has stopped, its log must hold no deprecation or start-up warning
    (``unwanted_log_lines``), whatever the tests did with it: else the test that stopped it
    fails.
    """
    log = log_dir / f"streamlit-{len(SERVER_LOGS)}.log"
    SERVER_LOGS.append(log)
    with start_app(data_dir, log) as (url, _pid):
        yield url
    unwanted = unwanted_log_lines(log)
    assert not unwanted, "the app's log warns:\n" + "\n".join(unwanted[:10])


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
