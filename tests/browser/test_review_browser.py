"""The Review page in a real browser: sign in, accept an ingested event, see it on the map.

The app runs on a temporary copy of ``data/`` with a section ingested and a temporary
reviewers file; nothing touches the real ``data/``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bluebook.review.queue import build_queue, load_events
from bluebook.review.reviewers import REVIEWERS_FILE_VARIABLE, SESSION_COOKIE
from bluebook.review.sessions import STATE_FILE_VARIABLE
from geo.boundaries import load_units
from tests.browser.conftest import running_app
from tests.browser.test_map_browser import open_map, wait_for_heading
from tests.review_fixtures import PASSWORDS, build_ingested_copy, write_reviewers

pytestmark = pytest.mark.browser

WAIT_MS = 90_000
TOTAL = re.compile(r"(\d+) events in this view")


@pytest.fixture(scope="module")
def review_app(
    chromium_path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """The app on an ingested copy of data/, with reviewers alice and bob."""
    folder = tmp_path_factory.mktemp("review-browser")
    data = build_ingested_copy(folder / "data")
    reviewers = write_reviewers(folder / "reviewers.toml")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv(REVIEWERS_FILE_VARIABLE, str(reviewers))
    monkeypatch.setenv(STATE_FILE_VARIABLE, str(folder / "review-state.sqlite3"))
    try:
        with running_app(folder, data) as url:
            yield url, data
    finally:
        monkeypatch.undo()


def idle(page) -> None:
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
        timeout=WAIT_MS
    )


def map_total(page, url: str) -> int:
    """The number of events the map counts for ``url``."""
    open_map(page, url)
    text = page.get_by_text(TOTAL).first
    text.wait_for(timeout=WAIT_MS)
    return int(TOTAL.search(text.inner_text()).group(1))


def wait_for_session_cookie(page) -> None:
    """Wait until the page's zero-height frame has set the review session cookie."""
    # A function, not an expression: Playwright runs an expression through eval() in the page,
    # which the served Content-Security-Policy (no 'unsafe-eval') refuses.
    page.wait_for_function(f"() => document.cookie.includes('{SESSION_COOKIE}=')", timeout=WAIT_MS)


def sign_in(page, url: str, name: str, password: str) -> None:
    page.goto(f"{url}/review")
    wait_for_heading(page, "Review")
    page.get_by_label("Reviewer").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_accept_and_the_map_shows_it(page, review_app) -> None:
    url, data = review_app
    first = build_queue(load_events(data)).iloc[0]
    event_id, codes = first["event_id"], first["countries"].split(";")
    names = dict(zip(load_units()["iso3"], load_units()["name"], strict=True))
    code, name = codes[0], names[codes[0]]
    hidden_view = f"{url}/?unreviewed=hide"
    before = map_total(page, hidden_view)

    sign_in(page, url, "alice", "not-the-password")
    page.get_by_text("Wrong reviewer name or password.").wait_for(timeout=WAIT_MS)
    assert page.get_by_text("Signed in as").count() == 0

    sign_in(page, url, "alice", PASSWORDS["alice"])
    page.get_by_text("Signed in as").wait_for(timeout=WAIT_MS)
    page.get_by_text("unreviewed events in the queue").wait_for(timeout=WAIT_MS)
    highlighted = page.locator("mark").first
    highlighted.wait_for(timeout=WAIT_MS)
    assert first["evidence"].split(" … ")[0] in highlighted.inner_text()
    page.get_by_role("button", name="Accept").click()
    page.get_by_text(f"Accepted {event_id}.").wait_for(timeout=WAIT_MS)
    idle(page)

    with (data / "review_log.csv").open(encoding="utf-8", newline="") as stream:
        logged = list(csv.DictReader(stream))
    # The ingested source has no summaries yet: the accept drafts one per country.
    assert [(row["reviewer"], row["event_id"], row["action"]) for row in logged] == [
        ("alice", event_id, "accept"),
        *[("alice", event_id, "summary")] * len(codes),
    ]

    assert map_total(page, hidden_view) == before + 1
    open_map(page, f"{hidden_view}&country={code}")
    wait_for_heading(page, name)
    page.get_by_text(first["title"]).first.wait_for(timeout=WAIT_MS)
    assert page.get_by_text("alice").count() == 0


def test_sign_out_returns_to_the_sign_in_form(page, review_app) -> None:
    url, _ = review_app
    sign_in(page, url, "bob", PASSWORDS["bob"])
    page.get_by_text("Signed in as").wait_for(timeout=WAIT_MS)
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT_MS)
    assert page.get_by_text("Signed in as").count() == 0


def test_a_reload_keeps_the_reviewer_signed_in_until_sign_out(page, review_app) -> None:
    url, _ = review_app
    sign_in(page, url, "bob", PASSWORDS["bob"])
    page.get_by_text("Signed in as bob").wait_for(timeout=WAIT_MS)
    page.get_by_text("unreviewed events in the queue").wait_for(timeout=WAIT_MS)
    wait_for_session_cookie(page)
    cookie = next(c for c in page.context.cookies() if c["name"] == SESSION_COOKIE)
    assert cookie["sameSite"] == "Strict" and cookie["expires"] == -1  # ends with the browser

    page.reload()
    page.get_by_text("Signed in as bob").wait_for(timeout=WAIT_MS)
    page.get_by_text("unreviewed events in the queue").wait_for(timeout=WAIT_MS)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT_MS)
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT_MS)
    idle(page)
    assert page.get_by_text("Signed in as").count() == 0


def test_a_made_up_session_cookie_signs_no_one_in(page, review_app) -> None:
    url, _ = review_app
    host = url.split("//", 1)[1].split(":")[0]
    forged = {"name": SESSION_COOKIE, "value": "A" * 43, "domain": host, "path": "/"}
    page.context.add_cookies([forged])
    page.goto(f"{url}/review")
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT_MS)
    idle(page)
    assert page.get_by_text("Signed in as").count() == 0


def test_signing_out_in_one_tab_ends_the_session_in_the_other(page, review_app) -> None:
    url, _ = review_app
    sign_in(page, url, "alice", PASSWORDS["alice"])
    page.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)
    wait_for_session_cookie(page)
    other = page.context.new_page()  # same browser: same cookie, its own Streamlit session
    other.goto(f"{url}/review")
    other.get_by_text("Signed in as alice").wait_for(timeout=WAIT_MS)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=WAIT_MS)
    other.get_by_text("Show the neighbouring paragraphs").click()  # any action reruns it
    other.get_by_text("the session was ended, in another tab").wait_for(timeout=WAIT_MS)
    assert other.get_by_text("Signed in as").count() == 0
