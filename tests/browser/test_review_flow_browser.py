"""A reviewer works through a ~40-event queue in a real browser (issue 18's "done when").

The queue is made by ingesting development texts (``tests/fixtures/bluebook-dev/texts``) into a
temporary copy of ``data/``. The reviewer accepts, edits and saves, presses Enter in every text
field (nothing is decided), rejects and undoes, adds a missed event with **Extract from
these**, and accepts a whole paragraph. Afterwards: ``validate`` passes, the log has one row
per action, no edit is lost, and every generated summary is marked and shown as a draft.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from bluebook.review import queue as review
from bluebook.review.queue import build_queue, load_events, load_summaries
from bluebook.review.reviewers import REVIEWERS_FILE_VARIABLE
from bluebook.validate import known_country_codes, validate_data_dir
from tests.browser.conftest import running_app
from tests.browser.test_map_browser import open_map
from tests.browser.test_review_browser import WAIT_MS, idle, sign_in
from tests.conftest import DATA_DIR, ROOT
from tests.review_fixtures import PASSWORDS, write_reviewers

pytestmark = pytest.mark.browser

TEXTS = ROOT / "tests" / "fixtures" / "bluebook-dev" / "texts"
INGESTED = (
    "bluebook_2015_iran.txt",
    "bluebook_2015_latin_america_caribbean.txt",
    "bluebook_2015_southeast_asia.txt",
    "bluebook_2016_iran.txt",
    "bluebook_2016_message_from_minister.txt",
    "bluebook_2017_iran.txt",
    "bluebook_2015_middle_east_peace_process.txt",
    "bluebook_2014_summary_north_america.txt",
)
JAPAN_ACTORS = "Japan's actors (separated by ;)"
PARTNER_ACTORS = "Partners' actors (separated by ;)"
TEXT_FIELDS = ("Title", "Date", JAPAN_ACTORS, PARTNER_ACTORS, "Section")
SCREENSHOTS_VARIABLE = "BLUEBOOK_SCREENSHOTS"


@pytest.fixture(scope="module")
def queue_app(chromium_path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """The app on a copy of data/ with the development texts above ingested."""
    folder = tmp_path_factory.mktemp("review-flow")
    data = folder / "data"
    shutil.copytree(DATA_DIR, data)
    for name in INGESTED:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bluebook",
                "ingest",
                str(TEXTS / name),
                "--data-dir",
                str(data),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv(REVIEWERS_FILE_VARIABLE, str(write_reviewers(folder / "reviewers.toml")))
    try:
        with running_app(folder, data) as url:
            yield url, data
    finally:
        monkeypatch.undo()


def log_rows(data: Path) -> list[dict[str, str]]:
    path = data / "review_log.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def decisions(data: Path) -> list[tuple[str, str]]:
    """(action, event id) of every log row but the summaries a decision drafts."""
    return [
        (row["action"], row["event_id"]) for row in log_rows(data) if row["action"] != "summary"
    ]


def row_of(data: Path, event_id: str) -> dict[str, str] | None:
    events = load_events(data)
    found = events[events["event_id"] == event_id]
    return None if found.empty else found.iloc[0].to_dict()


def current_event(page, data: Path) -> dict[str, str]:
    """The event the form shows (its id is printed under the source's title)."""
    idle(page)
    for event_id in build_queue(load_events(data))["event_id"]:
        if page.get_by_text(f"· {event_id}", exact=False).count():
            return row_of(data, event_id)
    raise AssertionError("no queued event on the page")


def flash(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=WAIT_MS)
    idle(page)


def screenshot(page, name: str) -> None:
    """Keep a screenshot for the README when ``BLUEBOOK_SCREENSHOTS`` names a folder."""
    import os

    folder = os.environ.get(SCREENSHOTS_VARIABLE)
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def readable_sentence(data: Path, row: dict[str, str]) -> str:
    """A sentence of ``row``'s paragraph in which the extractor finds an event by itself."""
    sources = pd.read_csv(data / "sources" / "sources.csv", dtype=str).set_index("source_id")
    source = sources.loc[row["source_id"]]
    paragraphs = review.load_paragraphs(data, source["file"])
    paragraph = paragraphs[review.find_paragraph(paragraphs, row)]
    year = int(source["volume_year"])
    for sentence in review.split_sentences(paragraph.text):
        found = review.extract_from_sentences([sentence], [], paragraph.section, year, data)
        if found and not found[1] and found[0]["countries"]:
            return sentence
    raise AssertionError(f"no sentence of {row['event_id']}'s paragraph reads as an event")


def wait_until(condition, what: str, seconds: float = 60) -> None:
    """Poll ``condition()`` until it is true; fail with ``what`` after ``seconds``."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.25)


def decision_button(page, label: str):
    """The form's Accept / Save / Reject, by their widget keys (``st-key-rv_accept`` …)."""
    return page.locator(f".st-key-rv_{label.lower()} button").first


def choose_event(page, row: dict[str, str]) -> None:
    """Open ``row`` in the form through the Event list (type its label, press Enter)."""
    box = page.get_by_label("Event", exact=True)
    box.click()
    page.keyboard.type(f"{row['date']} · {row['title'][:40]}")
    page.keyboard.press("Enter")
    page.get_by_text(f"· {row['event_id']}").first.wait_for(timeout=WAIT_MS)
    idle(page)


def test_a_reviewer_works_through_the_queue(page, queue_app) -> None:
    url, data = queue_app
    queue = build_queue(load_events(data))
    assert 35 <= len(queue) <= 50, len(queue)
    sign_in(page, url, "alice", PASSWORDS["alice"])
    page.get_by_text(f"{len(queue)} unreviewed events in the queue").wait_for(timeout=WAIT_MS)
    expected: list[tuple[str, str]] = []

    # Accept as extracted.
    first = current_event(page, data)
    decision_button(page, "Accept").click()
    flash(page, f"Accepted {first['event_id']}.")
    expected.append(("accept", first["event_id"]))
    assert row_of(data, first["event_id"])["reviewed"] == "true"

    # Enter in every text field decides nothing; then Save keeps every edit.
    second = current_event(page, data)
    before = (data / "events.csv").read_bytes()
    typed = {}
    for label in TEXT_FIELDS:
        field = page.get_by_label(label, exact=True).first  # the review form comes first
        value = second["date"] if label == "Date" else f"{field.input_value()} (checked)"
        field.fill(value)
        field.press("Enter")
        idle(page)
        typed[label] = value
        assert (data / "events.csv").read_bytes() == before, f"Enter in {label} wrote"
        assert decisions(data) == expected, f"Enter in {label} was logged"
    # Accept with the edits asks; nothing is written until the reviewer answers.
    decision_button(page, "Accept").click()
    warning = page.get_by_text("and pressed Accept")
    warning.wait_for(timeout=WAIT_MS)
    page.get_by_text("unreviewed events in the queue").scroll_into_view_if_needed()
    screenshot(page, "review-unsaved-edits")
    assert (data / "events.csv").read_bytes() == before
    page.get_by_role("button", name="Save my edits").click()
    flash(page, f"Saved {second['event_id']}.")
    expected.append(("save", second["event_id"]))
    saved = row_of(data, second["event_id"])
    assert saved["title"] == typed["Title"] and saved["section"] == typed["Section"]
    assert saved["actors_japan"] == typed[JAPAN_ACTORS]
    assert saved["actors_partner"] == typed[PARTNER_ACTORS]

    # Reject, then Undo: the event comes back exactly as it was.
    third = current_event(page, data)
    decision_button(page, "Reject").click()
    flash(page, f"Rejected {third['event_id']}.")
    assert row_of(data, third["event_id"]) is None
    page.get_by_text("Your recent decisions").click()
    page.get_by_role("button", name="Undo").first.click()
    flash(page, f"Undid the reject of {third['event_id']}.")
    expected += [("reject", third["event_id"]), ("undo", third["event_id"])]
    assert row_of(data, third["event_id"]) == third

    # Add a missed event: tick a sentence, Extract from these, correct, add.
    # The section opens on the paragraph of the event in the form; tick a sentence the
    # extractor can read on its own (found here the way the page reads it).
    sentence = readable_sentence(data, current_event(page, data))
    page.get_by_text("Add an event the extractor missed").click()
    ticks = page.locator('[class*="st-key-ad_sentence_"] label')
    ticks.first.wait_for(timeout=WAIT_MS)
    ticks.filter(has_text=sentence[:60]).first.click()
    idle(page)
    page.get_by_role("button", name="Extract from these").click()
    idle(page)
    title = page.get_by_label("Title", exact=True).last
    wait_until(lambda: title.input_value() != "", "Extract from these fills the title")
    screenshot(page, "review-add-extract")
    title.fill(title.input_value() + " (corrected)")
    page.get_by_role("button", name="Add event").click()
    page.get_by_text("Added ").first.wait_for(timeout=WAIT_MS)
    idle(page)
    added = decisions(data)[-1]
    assert added[0] == "add"
    expected.append(added)
    assert row_of(data, added[1])["reviewed"] == "true"
    # The paragraph stays open for the next missed event, its ticks cleared.
    ticks.first.wait_for(timeout=WAIT_MS)
    assert not page.locator('[class*="st-key-ad_sentence_"] input:checked').count()

    # Accept all N in a paragraph.
    events = build_queue(load_events(data))
    groups = events.groupby(["source_id", "section", "paragraph"], sort=False)["event_id"]
    members = next(list(ids) for _, ids in groups if len(ids) >= 2)
    choose_event(page, row_of(data, members[0]))
    page.get_by_role("button", name=f"Accept all {len(members)} in this paragraph").click()
    flash(page, f"Accepted {len(members)} events.")
    expected += [("accept", event_id) for event_id in members]

    # Afterwards: valid, one log row per action, no lost edit, drafts labelled as drafts.
    assert decisions(data) == expected
    assert [str(problem) for problem in validate_data_dir(data, known_country_codes())] == []
    assert row_of(data, second["event_id"])["title"] == typed["Title"]
    summaries = load_summaries(data)
    generated = summaries[summaries["summary"].str.contains(" volume records ")]
    assert len(generated) and set(generated["status"]) == {"draft"}
    code = generated.iloc[0]["iso3"]
    open_map(page, f"{url}/?country={code}")
    page.get_by_text("Draft generated from the events").first.wait_for(timeout=WAIT_MS)
