"""AppTest runs of the Review page: sign-in, decisions, two reviewers at once, inert text.

Every test works on a temporary copy of ``data/`` with a section ingested (unreviewed events)
and a temporary reviewers file; the real ``data/`` and no committed secret are ever used.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from bluebook.review.queue import build_queue, load_events
from bluebook.review.reviewers import IDLE_MINUTES_VARIABLE, REVIEWERS_FILE_VARIABLE
from bluebook.review.sessions import STATE_FILE_VARIABLE
from bluebook.validate import known_country_codes, validate_data_dir
from tests.conftest import ROOT
from tests.review_fixtures import PASSWORDS, build_ingested_copy, serve_for_review

APP = str(ROOT / "app.py")
WRONG = "Wrong reviewer name or password."
UNESCAPED_MARKUP = re.compile(r"(?<!\\)<(?:script|img|iframe|style|b|svg)\b|(?<!\\)\]\(javascript")
HOSTILE = {
    "title": "<script>alert('title')</script> **bold** [link](javascript:alert(1))",
    "actors_japan": '<img src=x onerror="alert(1)">',
    "actors_partner": "<iframe src='https://example.com'></iframe>",
    "section": "<b>section</b> <style>body{display:none}</style>",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ingested_copy(tmp_path_factory.mktemp("review-template") / "data")


@pytest.fixture
def folder(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh ingested copy of data/ and a reviewers file, both temporary, set for the app."""
    target = tmp_path / "data"
    shutil.copytree(template, target)
    serve_for_review(monkeypatch, target, tmp_path)
    return target


def open_review() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("pages/review.py")
    return at.run()


def assert_drawn(at: AppTest) -> None:
    assert not at.exception, [item.value for item in at.exception]
    assert not [item.value for item in at.error if "failed to draw" in item.value]


def sign_in(at: AppTest, name: str = "alice", password: str | None = None) -> AppTest:
    inputs = {item.label: item for item in at.text_input}
    inputs["Reviewer"].input(name)
    inputs["Password"].input(PASSWORDS.get(name, "x") if password is None else password)
    button(at, "Sign in").click()
    at.run()
    assert_drawn(at)
    return at


def signed_in(name: str = "alice") -> AppTest:
    at = sign_in(open_review(), name)
    assert signed_in_as(at) == name
    return at


def button(at: AppTest, label: str):
    return next(item for item in at.button if item.label == label)


def signed_in_as(at: AppTest) -> str | None:
    for item in at.sidebar.markdown:
        if item.value.startswith("Signed in as "):
            return item.value.removeprefix("Signed in as ").strip("*")
    return None


def markdown_text(at: AppTest) -> str:
    return "\n".join(item.value for item in at.markdown)


def current_id(at: AppTest) -> str:
    return at.selectbox(key="review_current").value


def event_row(folder: Path, event_id: str) -> dict[str, str] | None:
    events = load_events(folder)
    found = events[events["event_id"] == event_id]
    return None if found.empty else found.iloc[0].to_dict()


def log(folder: Path) -> list[dict[str, str]]:
    with (folder / "review_log.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def fill_summaries(at: AppTest, prefix: str = "rv_summary") -> None:
    for area in at.text_area:
        if area.key and area.key.startswith(f"{prefix}_"):
            area.input("Written for the test: relations with Japan in this section.")


def assert_valid(folder: Path) -> None:
    assert [str(problem) for problem in validate_data_dir(folder, known_country_codes())] == []


# ---------------------------------------------------------------- no reviewers file


def test_without_a_reviewers_file_review_shows_the_map_with_a_notice(folder, monkeypatch):
    monkeypatch.setenv(REVIEWERS_FILE_VARIABLE, str(folder.parent / "absent.toml"))
    at = open_review()
    assert_drawn(at)
    assert "Bluebook Atlas" in [item.value for item in at.main.title]
    assert "Review" not in [item.value for item in at.main.title]
    assert any("no Review page" in item.value for item in at.info)
    assert not at.text_input
    links = [item.proto.label for item in at.get("page_link")]
    assert "Map" in links and "Review" not in links


def test_with_a_reviewers_file_the_navigation_links_to_review(folder):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert "Review" in [item.proto.label for item in at.get("page_link")]


# ---------------------------------------------------------------- signing in


def test_right_password_signs_in_and_shows_the_queue(folder):
    at = signed_in()
    unreviewed = len(build_queue(load_events(folder)))
    assert f"**{unreviewed}** unreviewed events in the queue" in markdown_text(at)
    assert [item.label for item in at.button][:3] == ["Accept", "Save", "Reject"]


@pytest.mark.parametrize(
    ("name", "password"), [("bob", "wrong-password"), ("nobody", "bob-password-22"), ("", "")]
)
def test_wrong_name_or_password_gets_one_generic_message(folder, name, password):
    at = sign_in(open_review(), name, password)
    assert [item.value for item in at.error] == [WRONG]
    assert signed_in_as(at) is None
    assert "unreviewed events" not in markdown_text(at)
    assert "Accept" not in [item.label for item in at.button]


def test_sign_out_ends_the_session(folder):
    at = signed_in()
    button(at, "Sign out").click()
    at.run()
    assert signed_in_as(at) is None
    assert "Sign in" in [item.label for item in at.button]
    assert "rv_title" not in at.session_state and "_reviewer" not in at.session_state


def test_idle_session_is_signed_out(folder, monkeypatch):
    monkeypatch.setenv(IDLE_MINUTES_VARIABLE, "1")
    at = signed_in()
    at.session_state["_reviewer_active"] = time.monotonic() - 61
    at.run()
    assert signed_in_as(at) is None
    assert any("without activity" in item.value for item in at.info)


def test_removed_reviewer_is_signed_out(folder, monkeypatch, tmp_path):
    at = signed_in("bob")
    other = tmp_path / "other.toml"
    shutil.copy(Path(str(folder.parent / "reviewers.toml")), other)
    from bluebook.review.reviewers import remove_reviewer

    remove_reviewer(other, "bob")
    monkeypatch.setenv(REVIEWERS_FILE_VARIABLE, str(other))
    at.run()
    assert signed_in_as(at) is None


@pytest.mark.parametrize("command", ["add", "remove"])
def test_a_password_change_or_removal_by_the_cli_signs_the_reviewer_out(folder, command):
    at = signed_in("bob")
    stdin = "a new password for bob\n" if command == "add" else ""
    done = subprocess.run(
        [sys.executable, "-m", "bluebook", "reviewers", command, "bob"],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    at.run()
    assert signed_in_as(at) is None
    assert "Sign in" in [item.label for item in at.button]


def test_an_unusable_review_state_file_gets_a_message_not_a_traceback(folder, monkeypatch):
    blocker = folder.parent / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    at = signed_in()
    monkeypatch.setenv(STATE_FILE_VARIABLE, str(blocker / "review-state.sqlite3"))
    at.run()
    assert_drawn(at)
    assert [item.value for item in at.error] == [
        "Sign-in is unavailable: the review state cannot be read (see the server log)."
    ]
    at = sign_in(open_review())
    assert [item.value for item in at.error] == [
        "Sign-in is unavailable: the review state cannot be saved (see the server log)."
    ]
    assert signed_in_as(at) is None


# ---------------------------------------------------------------- decisions


def test_accept_marks_the_event_reviewed_logs_it_and_opens_the_next(folder):
    at = signed_in()
    first = current_id(at)
    queue = list(build_queue(load_events(folder))["event_id"])
    button(at, "Accept").click()
    at.run()
    assert_drawn(at)
    assert event_row(folder, first)["reviewed"] == "true"
    assert log(folder)[0]["action"] == "accept"
    assert {entry["action"] for entry in log(folder)[1:]} == {"summary"}  # drafts
    assert log(folder)[0]["reviewer"] == "alice"
    assert any(f"Accepted {first}" in item.value for item in at.success)
    assert current_id(at) == queue[1]
    assert_valid(folder)


def test_save_writes_the_edits(folder):
    at = signed_in()
    first = current_id(at)
    at.text_input(key="rv_title").input("A title corrected by a reviewer")
    at.selectbox(key="rv_level").set_value("ministerial")
    fill_summaries(at)
    button(at, "Save").click()
    at.run()
    assert_drawn(at)
    row = event_row(folder, first)
    assert row["title"] == "A title corrected by a reviewer"
    assert row["level"] == "ministerial" and row["reviewed"] == "true"
    changes = json.loads(log(folder)[0]["changes"])
    assert changes["title"][1] == "A title corrected by a reviewer"
    assert_valid(folder)


def test_save_that_would_not_validate_shows_the_problem_and_writes_nothing(folder):
    at = signed_in()
    before = (folder / "events.csv").read_bytes()
    at.text_input(key="rv_date").input("2031-01")
    fill_summaries(at)
    button(at, "Save").click()
    at.run()
    assert any("Nothing was saved" in item.value and "2031" in item.value for item in at.error)
    assert (folder / "events.csv").read_bytes() == before
    assert at.text_input(key="rv_date").value == "2031-01"


def test_reject_removes_the_event_and_the_log_keeps_it(folder):
    at = signed_in()
    first = current_id(at)
    button(at, "Reject").click()
    at.run()
    assert_drawn(at)
    assert event_row(folder, first) is None
    changes = json.loads(log(folder)[0]["changes"])
    assert changes["event_id"] == [first, None]
    assert current_id(at) != first
    assert_valid(folder)


def test_add_event_from_a_paragraph(folder):
    at = signed_in()
    at.selectbox(key="add_source").set_value("bb2020-africa-web").run()
    paragraph = next(
        index
        for index, label in enumerate(at.selectbox(key="add_paragraph").options)
        if "South Africa" in label
    )
    at.selectbox(key="add_paragraph").set_value(paragraph).run()
    ticks = [box for box in at.checkbox if box.key and box.key.startswith("ad_sentence_")]
    sentences = [box.label for box in ticks]
    ticks[-1].check()
    at.run()
    button(at, "Extract from these").click()
    at.run()
    assert_drawn(at)
    # The sentence alone tells no event the extractor knows: the paragraph lends the rest.
    assert at.multiselect(key="ad_countries").value == ["ZAF"]
    assert at.text_input(key="ad_date").value == "2019-08-28"
    assert any("Write the title" in item.value for item in at.info)
    at.text_input(key="ad_title").input("Japan and South Africa welcome growing trade")
    at.text_input(key="ad_date").input("2019-08-28")
    at.multiselect(key="ad_countries").set_value(["ZAF"])
    at.multiselect(key="ad_themes").set_value(["economy"])
    button(at, "Add event").click()
    at.run()
    assert_drawn(at)
    added = event_row(folder, "bb2020-africa-web-r001")
    assert added is not None, [item.value for item in at.error]
    assert added["evidence"] == sentences[-1] and added["reviewed"] == "true"
    assert log(folder)[0]["action"] == "add"
    # The section stays open on the same paragraph, with fresh ticks and an empty form.
    assert at.selectbox(key="add_paragraph").value == paragraph
    assert not any(box.value for box in at.checkbox if box.key.startswith("ad_sentence_"))
    assert at.text_input(key="ad_title").value == ""
    assert_valid(folder)


# ---------------------------------------------------------------- two reviewers


def test_two_reviewers_saving_the_same_event_conflict_and_nothing_is_lost(folder):
    alice, bob = signed_in("alice"), signed_in("bob")
    assert current_id(alice) == current_id(bob)
    event_id = current_id(alice)
    for at, title in ((alice, "Alice's title"), (bob, "Bob's title")):
        at.text_input(key="rv_title").input(title)
        fill_summaries(at)
    button(alice, "Save").click()
    alice.run()
    button(bob, "Save").click()
    bob.run()
    assert_drawn(bob)
    assert event_row(folder, event_id)["title"] == "Alice's title"
    assert any("Another reviewer changed this event" in item.value for item in bob.warning)
    table = bob.dataframe[0].value
    row = table[table["field"] == "title"].iloc[0]
    assert (row["your version"], row["current version"]) == ("Bob's title", "Alice's title")
    assert [entry["reviewer"] for entry in log(folder) if entry["action"] == "save"] == ["alice"]
    # Bob, having seen both versions, may still keep his: a new decision on Alice's version.
    button(bob, "Save my version over theirs").click()
    bob.run()
    assert_drawn(bob)
    assert event_row(folder, event_id)["title"] == "Bob's title"
    saves = [entry for entry in log(folder) if entry["action"] == "save"]
    assert [entry["reviewer"] for entry in saves] == ["alice", "bob"]
    assert json.loads(saves[1]["changes"])["title"] == ["Alice's title", "Bob's title"]
    assert_valid(folder)


def test_two_reviewers_deciding_different_events_both_persist(folder):
    alice, bob = signed_in("alice"), signed_in("bob")
    queue = list(build_queue(load_events(folder))["event_id"])
    bob.selectbox(key="review_current").set_value(queue[1]).run()
    for at in (alice, bob):
        fill_summaries(at)
    button(alice, "Accept").click()
    button(bob, "Accept").click()
    alice.run()
    bob.run()
    assert event_row(folder, queue[0])["reviewed"] == "true"
    assert event_row(folder, queue[1])["reviewed"] == "true"
    accepted = {entry["event_id"]: entry["reviewer"] for entry in log(folder)}
    assert accepted[queue[0]] == "alice" and accepted[queue[1]] == "bob"
    assert_valid(folder)


# ---------------------------------------------------------------- untrusted text


def hostile_source(folder: Path) -> str:
    """Register a source whose text carries HTML and an unreviewed event quoting it."""
    text = (
        "Diplomatic Bluebook 2022\n\n(1) Testland\n\n"
        "<script>alert('source')</script> In May, Foreign Minister Motegi met the Foreign "
        "Minister of Kenya <img src=x onerror=alert(2)> in Tokyo.\n"
    )
    (folder / "sources" / "hostile.txt").write_text(text, encoding="utf-8")
    with (folder / "sources" / "sources.csv").open("a", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerow(
            # the original document's file, format and SHA-256 are unknown: the last three empty
            [
                "hostile",
                "<b>Hostile</b> source",
                "2022",
                "",
                "",
                "",
                "Test",
                "hostile.txt",
                *[""] * 3,
            ]
        )
    evidence = (
        "<script>alert('source')</script> In May, Foreign Minister Motegi met the Foreign "
        "Minister of Kenya <img src=x onerror=alert(2)> in Tokyo."
    )
    row = {
        "event_id": "hostile-1",
        "date": "2021-05",
        "date_precision": "month",
        "countries": "KEN",
        "event_type": "meeting",
        "level": "ministerial",
        "mode": "in_person",
        "japan_involved": "true",
        "themes": "political_dialogue",
        "title": HOSTILE["title"],
        "actors_japan": HOSTILE["actors_japan"],
        "actors_partner": HOSTILE["actors_partner"],
        "source_id": "hostile",
        "section": HOSTILE["section"],
        "paragraph": "1",
        "evidence": evidence,
        "reviewed": "false",
    }
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    events = pd.concat([pd.DataFrame([row])[events.columns], events], ignore_index=True)
    events.to_csv(folder / "events.csv", index=False, lineterminator="\n")
    return evidence


COOKIE_SCRIPT = re.compile(
    r'<script>document\.cookie = "bluebook_review=[A-Za-z0-9_-]*; Path=/; SameSite=Strict'
    r'(; Max-Age=0)?";</script>'
)


def assert_inert(at: AppTest) -> None:
    """No element would render markup: HTML bodies hold only our tags, markdown is escaped."""
    for item in at.get("html"):
        body = item.proto.body
        if COOKIE_SCRIPT.fullmatch(body):  # our own script setting the session cookie
            continue
        for tag in ("<script", "<img", "<iframe", "<style", "<b>"):
            assert tag not in body, body
    for item in at.markdown:
        assert not UNESCAPED_MARKUP.search(item.value), item.value


def test_html_in_every_editable_field_stays_inert(folder):
    evidence = hostile_source(folder)
    assert_valid(folder)
    at = signed_in()
    assert current_id(at) == "hostile-1"
    assert_inert(at)
    bodies = "".join(item.proto.body for item in at.get("html"))
    assert "&lt;script&gt;alert(&#x27;source&#x27;)&lt;/script&gt;" in bodies
    assert "<mark>" in bodies
    assert at.text_input(key="rv_title").value == HOSTILE["title"]
    assert at.text_area(key="rv_evidence").value == evidence
    # A save keeps every hostile value as plain text, and the page still shows it inertly.
    at.text_input(key="rv_title").input(HOSTILE["title"] + " <svg onload=alert(3)>")
    fill_summaries(at)
    button(at, "Save").click()
    at.run()
    assert_drawn(at)
    saved = event_row(folder, "hostile-1")
    assert saved["title"] == HOSTILE["title"] + " <svg onload=alert(3)>"
    for column in ("actors_japan", "actors_partner", "section"):
        assert saved[column] == HOSTILE[column]
    assert_inert(at)
    assert_valid(folder)


# ---------------------------------------------------------------- the other pages


def hidden_events_total() -> int:
    """The Events page's count with "Hide unreviewed events" on (a new reader's session)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params.update({"unreviewed": "hide"})
    at.switch_page("pages/events.py").run()
    assert_drawn(at)
    assert at.toggle(key="f_hide").value is True
    found = re.search(r"\*\*(\d+)\*\* events match this view", markdown_text(at))
    assert found, markdown_text(at)
    return int(found.group(1))


def test_an_accepted_event_appears_where_unreviewed_events_are_hidden(folder):
    before = hidden_events_total()
    at = signed_in()
    fill_summaries(at)
    button(at, "Accept").click()
    at.run()
    assert_drawn(at)
    assert hidden_events_total() == before + 1


def test_queue_filters_narrow_the_queue_and_survive_its_last_event(folder):
    at = signed_in()
    at.selectbox(key="review_country").set_value("KEN").run()
    kenya = build_queue(load_events(folder))
    kenya = kenya[kenya["countries"].str.split(";").map(lambda codes: "KEN" in codes)]
    assert f"**{len(kenya)}** unreviewed events in the queue" in markdown_text(at)
    assert at.selectbox(key="review_current").value in set(kenya["event_id"])
    assert len(at.selectbox(key="review_current").options) == len(kenya)
    for _ in range(len(kenya)):
        button(at, "Reject").click()
        at.run()
        assert_drawn(at)
    assert at.selectbox(key="review_country").value is None
    assert all(event_row(folder, event_id) is None for event_id in kenya["event_id"])


# ---------------------------------------------------------------- no edit lost, undo, reopen


def test_accept_with_edits_asks_and_writes_nothing_until_answered(folder):
    at = signed_in()
    first = current_id(at)
    before = (folder / "events.csv").read_bytes()
    at.text_input(key="rv_title").input("A title the reviewer typed")
    button(at, "Accept").click()
    at.run()
    assert_drawn(at)
    assert any("You changed title" in item.value for item in at.warning)
    assert (folder / "events.csv").read_bytes() == before
    assert not (folder / "review_log.csv").exists()
    assert at.text_input(key="rv_title").value == "A title the reviewer typed"
    button(at, "Save my edits").click()
    at.run()
    assert_drawn(at)
    assert event_row(folder, first)["title"] == "A title the reviewer typed"
    assert log(folder)[0]["action"] == "save"


def test_accept_with_edits_can_discard_them(folder):
    at = signed_in()
    first = current_id(at)
    title = event_row(folder, first)["title"]
    at.text_input(key="rv_actors_japan").input("Someone else")
    button(at, "Accept").click()
    at.run()
    button(at, "Discard my edits and accept").click()
    at.run()
    assert_drawn(at)
    row = event_row(folder, first)
    assert row["reviewed"] == "true" and row["title"] == title
    assert row["actors_japan"] != "Someone else"
    assert log(folder)[0]["action"] == "accept"


def test_undo_from_the_recent_decisions_puts_the_event_back(folder):
    at = signed_in()
    first = current_id(at)
    original = event_row(folder, first)
    button(at, "Reject").click()
    at.run()
    assert event_row(folder, first) is None
    button(at, "Undo").click()
    at.run()
    assert_drawn(at)
    assert event_row(folder, first) == original
    assert [entry["action"] for entry in log(folder)] == ["reject", "undo"]
    assert current_id(at) == first
    assert_valid(folder)


def test_reopen_by_id_and_from_the_events_page_link(folder):
    reviewed = load_events(folder).query("reviewed == 'true'").iloc[0]["event_id"]
    at = signed_in()
    at.text_input(key="rv_reopen_id").input(reviewed)
    button(at, "Reopen").click()
    at.run()
    assert_drawn(at)
    assert event_row(folder, reviewed)["reviewed"] == "false"
    assert log(folder)[-1]["action"] == "reopen"
    assert current_id(at) == reviewed
    other = load_events(folder).query("reviewed == 'true'").iloc[0]["event_id"]
    at.switch_page("pages/events.py").run()
    at.text_input(key="events_reopen_id").input(other)
    button(at, "Reopen it on the Review page").click()
    at.run()
    assert_drawn(at)
    assert event_row(folder, other)["reviewed"] == "true"  # asked, not yet confirmed
    assert any(other.replace("-", "\\-") in item.value for item in at.info)
    at.switch_page("pages/review.py").run()  # AppTest reruns its own page, not the switched-to one
    button(at, "Reopen it").click()
    at.run()
    assert event_row(folder, other)["reviewed"] == "false"


def test_accept_all_in_a_paragraph_logs_one_row_each(folder):
    events = load_events(folder)
    queue = build_queue(events)
    counts = queue.groupby(["section", "paragraph"])["event_id"].count()
    section, paragraph = counts[counts >= 2].index[0]
    same = queue[(queue["section"] == section) & (queue["paragraph"] == paragraph)]
    at = signed_in()
    at.selectbox(key="review_current").set_value(same.iloc[0]["event_id"]).run()
    button(at, f"Accept all {len(same)} in this paragraph").click()
    at.run()
    assert_drawn(at)
    accepted = [entry["event_id"] for entry in log(folder) if entry["action"] == "accept"]
    assert accepted == list(same["event_id"])
    assert all(event_row(folder, event_id)["reviewed"] == "true" for event_id in accepted)
    assert_valid(folder)


def test_a_draft_summary_can_be_written_by_the_reviewer(folder):
    queue = build_queue(load_events(folder))
    firsts = queue["countries"].str.split(";").str[0]
    code = next(value for value in firsts if (firsts == value).sum() >= 2)
    first, second = list(queue.loc[firsts == code, "event_id"])[:2]
    at = signed_in()
    at.selectbox(key="review_current").set_value(first).run()
    button(at, "Accept").click()
    at.run()
    summaries = pd.read_csv(folder / "countries.csv", dtype=str, keep_default_na=False)
    drafted = summaries[(summaries["iso3"] == code) & (summaries["status"] == "draft")]
    assert len(drafted) == 1
    at.selectbox(key="review_current").set_value(second).run()
    assert any("draft generated from the events" in item.value for item in at.markdown)
    area = next(
        item for item in at.text_area if item.key.startswith("rv_summary_") and code in item.key
    )
    area.input("Written by the reviewer: relations in this section, in two sentences.")
    button(at, f"Save the summary of {area.label.removeprefix('Summary of ')}").click()
    at.run()
    assert_drawn(at)
    summaries = pd.read_csv(folder / "countries.csv", dtype=str, keep_default_na=False)
    source = drafted.iloc[0]["source_id"]
    row = summaries[(summaries["iso3"] == code) & (summaries["source_id"] == source)]
    assert list(row["status"]) == ["reviewed"]
    assert row.iloc[0]["summary"].startswith("Written by the reviewer")
    assert log(folder)[-1]["action"] == "summary"
    assert current_id(at) == second  # the event's form stays open
    assert_valid(folder)
