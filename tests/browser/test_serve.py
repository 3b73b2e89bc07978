"""``make serve``: two app processes behind nginx, each browser kept on one of them.

The test starts ``deploy.serve.serving(2)`` on free loopback ports, picks two route cookies that
nginx sends to different processes, and in a Chromium context for each opens the Events page
through nginx and downloads its CSV (a file held by the process of that browser's websocket).
nginx's access log then shows every request of a browser (page, websocket, download) answered by
one process, and the two browsers by two processes.
"""

from __future__ import annotations

import os
import re
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from deploy.serve import ROUTE_COOKIE, find_nginx, serving
from tests.browser.test_map_browser import (
    download_events_csv,
    events_from_csv,
)
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser

LOG_LINE = re.compile(r'^(?P<route>\S+) (?P<upstream>\S+) "(?P<method>\S+) (?P<path>\S+)')
MAX_TRIES = 40
LOG_WAIT_S = 15


def _nginx() -> str:
    try:
        return find_nginx()
    except RuntimeError as error:
        if os.environ.get("CI"):
            pytest.fail(f"{error}; CI must run this test")
        pytest.skip(str(error))


def _routes(access_log: Path) -> dict[str, list[tuple[str, str]]]:
    """Route cookie -> [(upstream, path)] for every request in nginx's access log."""
    routes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for line in access_log.read_text(encoding="utf-8").splitlines():
        match = LOG_LINE.match(line)
        if match:
            routes[match["route"]].append((match["upstream"], match["path"]))
    return routes


def _streams(requests: list[tuple[str, str]]) -> bool:
    return any(urlsplit(path).path == "/_stcore/stream" for _upstream, path in requests)


def _route_cookie(set_cookies: list[str]) -> str:
    for header in set_cookies:
        name, _, value = header.split(";", 1)[0].partition("=")
        if name == ROUTE_COOKIE:
            return value
    raise AssertionError(f"nginx set no {ROUTE_COOKIE} cookie: {set_cookies}")


def _cookies_on_two_processes(url: str, access_log: Path) -> list[str]:
    """Ask nginx for route cookies until two of them lead to different app processes."""
    by_upstream: dict[str, str] = {}
    for _ in range(MAX_TRIES):
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as response:
            cookie = _route_cookie(response.headers.get_all("Set-Cookie") or [])
        for upstream, _path in _routes(access_log).get(cookie, []):
            by_upstream.setdefault(upstream, cookie)
        if len(by_upstream) == 2:
            return list(by_upstream.values())
    raise AssertionError(f"{MAX_TRIES} new browsers all went to {sorted(by_upstream)}")


def test_two_processes_behind_nginx_keep_each_browser_on_one(browser, tmp_path: Path) -> None:
    _nginx()
    events = events_from_csv(DATA_DIR / "events.csv")
    is_kaz = events["countries"].str.split(";").map(lambda codes: "KAZ" in codes)
    expected = events[(events["event_type"] == "call") & is_kaz]
    assert len(expected) > 0
    first_year = events["date"].str.slice(0, 4).astype(int).min()

    with serving(2, log_dir=tmp_path / "logs") as served:
        access_log = served.run_dir / "access.log"
        cookies = _cookies_on_two_processes(served.url, access_log)
        for cookie in cookies:
            context = browser.new_context(accept_downloads=True)
            context.add_cookies([{"name": ROUTE_COOKIE, "value": cookie, "url": served.url + "/"}])
            try:
                page = context.new_page()
                # Every year: the default years would hide the background events.
                path = download_events_csv(
                    page, f"{served.url}/events?type=call&country=KAZ&from={first_year}"
                )
                downloaded = events_from_csv(path)
            finally:
                context.close()
            assert (downloaded["page"] == "").all()  # the PDF page: none for text sources
            pd.testing.assert_frame_equal(
                downloaded[list(events.columns)].sort_values("event_id").reset_index(drop=True),
                expected.sort_values("event_id").reset_index(drop=True),
            )
        # nginx logs a websocket when it closes: wait for both.
        deadline = time.monotonic() + LOG_WAIT_S
        while time.monotonic() < deadline:
            routes = _routes(access_log)
            if all(_streams(routes[cookie]) for cookie in cookies):
                break
            time.sleep(0.2)

    answered_by = []
    for cookie in cookies:
        requests = routes[cookie]
        paths = [urlsplit(path).path for _upstream, path in requests]
        assert "/_stcore/stream" in paths
        assert any(path.startswith("/media/") for path in paths), paths
        # "-": a static file nginx served itself (the front end's bundles, Leaflet)
        upstreams = {upstream for upstream, _path in requests if upstream != "-"}
        assert len(upstreams) == 1, f"browser {cookie} was answered by {upstreams}"
        answered_by.append(upstreams.pop())
    assert answered_by[0] != answered_by[1]
