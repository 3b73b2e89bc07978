"""``make serve``'s nginx: security headers, a CSP the app works under, the front end from nginx.

One app process behind nginx (``deploy.serve.serving(1)``) on ``data/``, with a temporary
reviewers file and review state. The headers and the closed metrics are read with urllib; the
map, a country's panel (its Vega chart) and the Review page's sign-in (its cookie is set from a
srcdoc frame, which takes the page's policy) are checked in Chromium, with every CSP violation
of every frame recorded.
"""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.concurrency import MAP_DRAWN_JS
from bluebook.review.reviewers import REVIEWERS_FILE_VARIABLE
from bluebook.review.sessions import STATE_FILE_VARIABLE
from deploy.serve import serving
from tests.browser.test_map_browser import wait_for_heading
from tests.browser.test_review_browser import WAIT_MS, sign_in, wait_for_session_cookie
from tests.browser.test_serve import _nginx
from tests.review_fixtures import PASSWORDS, write_reviewers

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS_JS = """
document.addEventListener('securitypolicyviolation', (event) => {
  const top = window.top;
  (top.__violations = top.__violations || []).push(
    event.violatedDirective + ' ' + event.blockedURI);
});
"""
SCRIPT_BUNDLE = re.compile(r'src="\./(static/js/[^"]+\.js)"')


@pytest.fixture(scope="module")
def served(chromium_path, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    _nginx()
    folder = tmp_path_factory.mktemp("serve-security")
    environment = {
        REVIEWERS_FILE_VARIABLE: str(write_reviewers(folder / "reviewers.toml")),
        STATE_FILE_VARIABLE: str(folder / "review-state.sqlite3"),
    }
    with serving(1, log_dir=folder / "logs", extra_env=environment) as running:
        yield running


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def upstream_of(served, path: str) -> list[str]:
    """The upstream of every logged request for ``path`` ('-': answered by nginx itself)."""
    lines = (served.run_dir / "access.log").read_text(encoding="utf-8").splitlines()
    return [line.split()[1] for line in lines if f'"GET {path} ' in line]


def test_every_answer_carries_the_security_headers_and_no_version(served) -> None:
    status, headers, _body = fetch(f"{served.url}/review")
    assert status == 200
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "object-src 'none'" in policy and "'unsafe-eval'" not in policy
    assert headers["Server"] == "nginx"  # server_tokens off: no version
    component = fetch(f"{served.url}/component/streamlit_folium.st_folium/index.html")[1]
    assert component["X-Frame-Options"] == "SAMEORIGIN"  # framed by the app's own page only
    assert "frame-ancestors 'self'" in component["Content-Security-Policy"]


def test_metrics_are_not_served_through_nginx(served) -> None:
    worker_url, _pid = served.workers[0]
    assert fetch(f"{worker_url}/_stcore/metrics")[0] == 200  # the app has them ...
    status, _headers, body = fetch(f"{served.url}/_stcore/metrics")
    assert status == 404 and b"streamlit" not in body.lower()  # ... nginx does not give them


def test_the_front_end_comes_from_nginx_compressed_and_cached(served) -> None:
    page = fetch(f"{served.url}/")[2].decode("utf-8")
    bundle = "/" + SCRIPT_BUNDLE.search(page).group(1)
    status, headers, body = fetch(served.url + bundle, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == "application/javascript"
    assert (
        "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    )
    assert len(gzip.decompress(body)) > len(body)
    leaflet = fetch(f"{served.url}/app/static/leaflet.js")
    assert leaflet[0] == 200 and b"Leaflet" in leaflet[2][:2000]
    assert set(upstream_of(served, bundle)) == {"-"}
    assert set(upstream_of(served, "/app/static/leaflet.js")) == {"-"}


def open_recording(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(WAIT_MS)
    context.add_init_script(RECORD_VIOLATIONS_JS)
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    return page, messages


def assert_no_violations(page, messages: list[str]) -> None:
    assert page.evaluate("window.__violations || []") == []
    assert [text for text in messages if "Content Security Policy" in text] == []


def test_the_map_and_a_panel_render_under_the_policy(browser, served) -> None:
    page, messages = open_recording(browser, f"{served.url}/?country=UZB")
    try:
        page.wait_for_function(MAP_DRAWN_JS, polling="raf", timeout=WAIT_MS)
        wait_for_heading(page, "Uzbekistan")
        page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=WAIT_MS)
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
            timeout=WAIT_MS
        )
        assert_no_violations(page, messages)
    finally:
        page.context.close()


def test_the_review_sign_in_and_its_cookie_work_under_the_policy(browser, served) -> None:
    page, messages = open_recording(browser, f"{served.url}/")
    try:
        sign_in(page, served.url, "alice", PASSWORDS["alice"])
        page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)
        wait_for_session_cookie(page)
        page.reload()
        page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)
        assert_no_violations(page, messages)
    finally:
        page.context.close()


def test_the_template_has_no_field_left(served) -> None:
    config = Path(served.run_dir / "nginx.conf").read_text(encoding="utf-8")
    assert re.findall(r"@@\w+@@", config) == []
