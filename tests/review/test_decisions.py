"""The review core: queue, row versions, decisions that validate, conflicts, and the log."""

from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from bluebook.review import queue as review
from bluebook.review.queue import (
    ACCEPT,
    ADD,
    REJECT,
    SAVE,
    Decision,
    QueueFilter,
    apply_decision,
    build_queue,
    highlight_evidence,
    load_events,
    load_summaries,
    missing_summaries,
    next_event_id,
    row_hash,
)
from bluebook.schema import EVENT_COLUMNS
from bluebook.validate import known_country_codes, split_list, validate_data_dir
from tests.conftest import ROOT, kill_script_midway
from tests.kills import KILL_AT_STEP
from tests.review_fixtures import INGESTED_SOURCE, build_ingested_copy

SUMMARY = ("A country", "A country", "Written for the test: a short summary of relations.")


@pytest.fixture(scope="module")
def ingested_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ingested_copy(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def folder(ingested_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of data/ with the Africa section ingested (8 unreviewed events)."""
    target = tmp_path / "data"
    shutil.copytree(ingested_template, target)
    return target


def event(folder: Path, event_id: str) -> dict[str, str]:
    events = load_events(folder)
    return events[events["event_id"] == event_id].iloc[0].to_dict()


def first_unreviewed(folder: Path) -> dict[str, str]:
    return build_queue(load_events(folder)).iloc[0].to_dict()


def log_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "review_log.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def summaries_for(folder: Path, row: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    missing = missing_summaries(load_summaries(folder), row["countries"], row["source_id"])
    return dict.fromkeys(missing, SUMMARY)


def assert_valid(folder: Path) -> None:
    assert [str(problem) for problem in validate_data_dir(folder, known_country_codes())] == []


def accept(folder: Path, row: dict[str, str], reviewer: str = "alice") -> review.Outcome:
    decision = Decision(
        ACCEPT, row["event_id"], row_hash(row), summaries=summaries_for(folder, row)
    )
    return apply_decision(folder, decision, reviewer)


def edited(row: dict[str, str], **changes: str) -> dict[str, str]:
    values = {column: row[column] for column in review.EDITABLE_COLUMNS}
    values.update(changes)
    return values


# ---------------------------------------------------------------- pure helpers


def test_row_hash_changes_with_every_field():
    row = {column: f"value of {column}" for column in EVENT_COLUMNS}
    hashes = {row_hash(row)}
    for column in EVENT_COLUMNS:
        hashes.add(row_hash({**row, column: row[column] + "!"}))
    assert len(hashes) == len(EVENT_COLUMNS) + 1
    assert row_hash(dict(row)) == row_hash(row)


def test_queue_holds_unreviewed_events_and_filters(folder):
    events = load_events(folder)
    queue = build_queue(events)
    assert len(queue) == (events["reviewed"] == "false").sum() > 0
    assert set(queue["source_id"]) == {INGESTED_SOURCE}
    kenya = build_queue(events, QueueFilter(country="KEN"))
    assert len(kenya) >= 1
    assert all("KEN" in codes.split(";") for codes in kenya["countries"])
    assert build_queue(events, QueueFilter(source_id="bb2022-ch2-cac")).empty
    kind = queue.iloc[0]["event_type"]
    by_type = build_queue(events, QueueFilter(event_type=kind))
    assert set(by_type["event_type"]) == {kind}


@pytest.mark.parametrize(
    ("ids", "current", "expected"),
    [
        (["a", "b", "c"], "a", "b"),
        (["a", "b", "c"], "c", "b"),
        (["a"], "a", None),
        (["a", "b"], "gone", "a"),
        ([], None, None),
    ],
)
def test_next_event_after_a_decision(ids, current, expected):
    assert next_event_id(ids, current) == expected


def test_missing_summaries_names_countries_without_one():
    summaries = pd.DataFrame({"iso3": ["KEN", "ZAF"], "source_id": ["s1", "s2"]})
    assert missing_summaries(summaries, "KEN;ZAF;SDN", "s1") == ["ZAF", "SDN"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
    ],
)
def test_highlight_escapes_text_and_marks_evidence(hostile):
    text = f"Before. {hostile} The leaders met in Tokyo. After."
    shown = highlight_evidence(text, "The leaders met in Tokyo.")
    assert "<mark>The leaders met in Tokyo.</mark>" in shown
    assert "<script" not in shown and "<img" not in shown and "<a " not in shown
    assert shown.count("<") == shown.count("<mark>") + shown.count("</mark>")


def test_highlight_marks_each_passage_across_line_breaks():
    text = "One met.\nTwo\n signed a deal. Three left."
    shown = highlight_evidence(text, "One met. … Two signed a deal.")
    assert shown == "<mark>One met.</mark> <mark>Two signed a deal.</mark> Three left."


def test_paragraph_of_an_ingested_event_is_found(folder):
    row = first_unreviewed(folder)
    sources = pd.read_csv(folder / "sources" / "sources.csv", dtype=str).set_index("source_id")
    paragraphs = review.load_paragraphs(folder, sources.loc[row["source_id"], "file"])
    position = review.find_paragraph(paragraphs, row)
    assert position is not None
    assert row["evidence"] in paragraphs[position].text
    assert review.split_sentences(paragraphs[position].text)[0] == row["evidence"]


# ---------------------------------------------------------------- decisions


def test_accept_marks_reviewed_adds_the_summary_and_logs(folder):
    row = first_unreviewed(folder)
    outcome = accept(folder, row)
    assert outcome.status == "done", outcome
    assert event(folder, row["event_id"]) == {**row, "reviewed": "true"}
    summaries = load_summaries(folder)
    assert (
        (summaries["iso3"] == row["countries"]) & (summaries["source_id"] == INGESTED_SOURCE)
    ).any()
    logged = log_rows(folder)
    assert [entry["action"] for entry in logged] == ["accept", "summary"]
    assert logged[0]["reviewer"] == "alice" and logged[0]["event_id"] == row["event_id"]
    assert json.loads(logged[0]["changes"]) == {"reviewed": ["false", "true"]}
    assert logged[0]["time"].endswith("Z")
    assert_valid(folder)


def test_accept_without_a_summary_drafts_one_from_the_events(folder):
    row = first_unreviewed(folder)
    outcome = apply_decision(folder, Decision(ACCEPT, row["event_id"], row_hash(row)), "alice")
    assert outcome.status == "done", outcome
    summaries = load_summaries(folder)
    code = split_list(row["countries"])[0]
    drafted = summaries[(summaries["iso3"] == code) & (summaries["source_id"] == INGESTED_SOURCE)]
    assert list(drafted["status"]) == ["draft"]
    text = drafted.iloc[0]["summary"]
    assert text.startswith("The 2020 volume records ")
    assert row["title"].rstrip(".") in text and row["date"] in text
    assert row["evidence"] not in text  # our words: titles, dates and types, no quotation
    logged = log_rows(folder)
    assert logged[0]["action"] == "accept"
    assert {entry["action"] for entry in logged[1:]} == {"summary"}
    assert json.loads(logged[1]["changes"])["status"] == [None, "draft"]
    assert_valid(folder)


def test_a_draft_is_redrafted_when_the_events_change_and_a_reviewed_one_is_kept(folder):
    events = load_events(folder)
    row = first_unreviewed(folder)
    code = split_list(row["countries"])[0]
    others = build_queue(events, QueueFilter(country=code))
    assert (
        apply_decision(folder, Decision(ACCEPT, row["event_id"], row_hash(row)), "a").status
        == "done"
    )
    first = load_summaries(folder).set_index(["iso3", "source_id"]).loc[(code, INGESTED_SOURCE)]
    values = edited(row, title="A title the reviewer wrote")
    saved = event(folder, row["event_id"])
    outcome = apply_decision(folder, Decision(SAVE, row["event_id"], row_hash(saved), values), "a")
    assert outcome.status == "done", outcome
    second = load_summaries(folder).set_index(["iso3", "source_id"]).loc[(code, INGESTED_SOURCE)]
    assert "A title the reviewer wrote" in second["summary"] != first["summary"]
    assert second["status"] == "draft" and len(others) >= 1
    assert_valid(folder)


def test_save_writes_the_edits_and_logs_each_changed_field(folder):
    row = first_unreviewed(folder)
    values = edited(row, title="A corrected title", level="ministerial")
    decision = Decision(SAVE, row["event_id"], row_hash(row), values, summaries_for(folder, row))
    outcome = apply_decision(folder, decision, "bob")
    assert outcome.status == "done", outcome
    saved = event(folder, row["event_id"])
    assert saved["title"] == "A corrected title" and saved["reviewed"] == "true"
    assert saved["level"] == "ministerial"
    changes = json.loads(log_rows(folder)[0]["changes"])
    expected = {"title": [row["title"], "A corrected title"], "reviewed": ["false", "true"]}
    if row["level"] != "ministerial":
        expected["level"] = [row["level"], "ministerial"]
    assert changes == expected
    assert_valid(folder)


@pytest.mark.parametrize(
    ("column", "value", "complaint"),
    [
        ("date", "2031-01", "outside"),
        ("countries", "JPN", "JPN is listed"),
        ("evidence", "A sentence the source never wrote.", "not found in the source"),
        ("themes", "no_such_theme", "not in taxonomy"),
        ("title", "", "empty title"),
    ],
)
def test_save_that_would_not_validate_is_refused(folder, column, value, complaint):
    before = (folder / "events.csv").read_bytes()
    row = first_unreviewed(folder)
    values = edited(row, **{column: value})
    decision = Decision(SAVE, row["event_id"], row_hash(row), values, summaries_for(folder, row))
    outcome = apply_decision(folder, decision, "alice")
    assert outcome.status == "invalid"
    assert any(complaint in problem for problem in outcome.problems), outcome.problems
    assert (folder / "events.csv").read_bytes() == before
    assert not (folder / "review_log.csv").exists()


def test_reject_removes_the_event_and_keeps_it_in_the_log(folder):
    row = first_unreviewed(folder)
    outcome = apply_decision(folder, Decision(REJECT, row["event_id"], row_hash(row)), "alice")
    assert outcome.status == "done", outcome
    assert row["event_id"] not in set(load_events(folder)["event_id"])
    changes = json.loads(log_rows(folder)[0]["changes"])
    assert {column: before for column, (before, after) in changes.items()} == row
    assert all(after is None for _, after in changes.values())
    assert_valid(folder)


def test_add_creates_a_reviewed_event_with_a_new_id(folder):
    row = first_unreviewed(folder)
    values = edited(
        row, title="Japan and South Africa welcome trade growth", event_type="statement"
    )
    values["evidence"] = (
        "The two leaders welcomed the growth of trade and investment between the two countries."
    )
    decision = Decision(ADD, values=values, summaries=summaries_for(folder, row))
    outcome = apply_decision(folder, decision, "alice")
    assert outcome.status == "done", outcome
    assert outcome.event_id == f"{INGESTED_SOURCE}-r001"
    added = event(folder, outcome.event_id)
    assert added["reviewed"] == "true" and added["title"] == values["title"]
    changes = json.loads(log_rows(folder)[0]["changes"])
    assert changes["event_id"] == [None, outcome.event_id]
    assert all(before is None for before, _ in changes.values())
    second = apply_decision(folder, Decision(ADD, values=values), "bob")
    assert second.event_id == f"{INGESTED_SOURCE}-r002"
    assert_valid(folder)


# ---------------------------------------------------------------- two reviewers


def test_save_on_a_changed_event_is_refused_with_both_versions(folder):
    opened = first_unreviewed(folder)
    summaries = summaries_for(folder, opened)
    alice = Decision(
        SAVE, opened["event_id"], row_hash(opened), edited(opened, title="Alice's title"), summaries
    )
    bob = Decision(
        SAVE, opened["event_id"], row_hash(opened), edited(opened, title="Bob's title"), summaries
    )
    assert apply_decision(folder, alice, "alice").status == "done"
    after_alice = (folder / "events.csv").read_bytes()
    outcome = apply_decision(folder, bob, "bob")
    assert outcome.status == "conflict"
    assert outcome.current["title"] == "Alice's title"
    assert outcome.proposed["title"] == "Bob's title"
    assert (folder / "events.csv").read_bytes() == after_alice
    assert [entry["reviewer"] for entry in log_rows(folder)] == ["alice", "alice"]


def test_decision_on_a_rejected_event_is_refused(folder):
    opened = first_unreviewed(folder)
    reject = Decision(REJECT, opened["event_id"], row_hash(opened))
    assert apply_decision(folder, reject, "alice").status == "done"
    outcome = accept(folder, opened, "bob")
    assert outcome.status == "conflict"
    assert outcome.current is None and "rejected" in outcome.message


def test_reviewers_deciding_different_events_at_once_both_persist(folder):
    queue = build_queue(load_events(folder))
    rows = [queue.iloc[position].to_dict() for position in range(4)]
    decisions = [
        Decision(
            SAVE,
            row["event_id"],
            row_hash(row),
            edited(row, title=f"Title {n}"),
            summaries_for(folder, row),
        )
        for n, row in enumerate(rows)
    ]
    start = threading.Barrier(len(decisions))
    outcomes: list[review.Outcome] = [None] * len(decisions)  # type: ignore[list-item]

    def decide(number: int) -> None:
        start.wait()
        outcomes[number] = apply_decision(folder, decisions[number], f"r{number}")

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(len(decisions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [outcome.status for outcome in outcomes] == ["done"] * len(decisions), outcomes
    for number, row in enumerate(rows):
        assert event(folder, row["event_id"])["title"] == f"Title {number}"
    assert {entry["event_id"] for entry in log_rows(folder) if entry["action"] == "save"} == {
        row["event_id"] for row in rows
    }
    assert_valid(folder)


DECIDER = """
import sys, time
from pathlib import Path
from bluebook.review.queue import Decision, apply_decision, load_events, row_hash, EDITABLE_COLUMNS

folder, event_id, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
events = load_events(folder)
row = events[events["event_id"] == event_id].iloc[0].to_dict()
values = {column: row[column] for column in EDITABLE_COLUMNS}
values["title"] = "Saved by process " + event_id
time.sleep(max(0.0, start - time.time()))
outcome = apply_decision(folder, Decision("save", event_id, row_hash(row), values), "proc")
print(outcome.status, outcome.problems)
"""


def test_processes_deciding_different_events_at_once_both_persist(folder):
    events = load_events(folder)
    reviewed = events[events["reviewed"] == "true"].head(3)["event_id"].tolist()
    start = time.time() + 3
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", DECIDER, str(folder), event_id, str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for event_id in reviewed
    ]
    results = [process.communicate(timeout=120) for process in processes]
    assert [out.split()[0] for out, _ in results] == ["done"] * 3, results
    for event_id in reviewed:
        assert event(folder, event_id)["title"] == f"Saved by process {event_id}"
    assert len(log_rows(folder)) == 3
    assert_valid(folder)


# ---------------------------------------------------------------- killed midway

WRITER = """
import sys
from pathlib import Path
from bluebook.review.queue import Decision, apply_decision, load_events, row_hash, EDITABLE_COLUMNS

folder, event_id = Path(sys.argv[1]), sys.argv[2]
turn = 0
while True:
    events = load_events(folder)
    row = events[events["event_id"] == event_id].iloc[0].to_dict()
    values = {column: row[column] for column in EDITABLE_COLUMNS}
    values["title"] = f"Title number {turn}"
    apply_decision(folder, Decision("save", event_id, row_hash(row), values), "writer")
    if turn == 0:
        print("ready", flush=True)
    turn += 1
"""


@pytest.mark.parametrize("seed", [5, 11])
def test_decisions_killed_midway_leave_a_valid_folder(folder, seed):
    event_id = load_events(folder).iloc[0]["event_id"]
    writer = kill_script_midway(WRITER, [str(folder), event_id], seed, 0.05, 0.6)
    assert writer.returncode == -signal.SIGKILL
    assert_valid(folder)
    assert event(folder, event_id)["title"].startswith("Title number ")
    assert len(log_rows(folder)) >= 1


# ---------------------------------------------------------------- undo, reopen, accept all


def last_decision_line(folder: Path, action: str) -> int:
    changes = review.read_log_changes(folder)
    return next(change.line for change in reversed(changes) if change.action == action)


@pytest.mark.parametrize("action", [ACCEPT, SAVE, REJECT, ADD])
def test_undo_restores_the_event_exactly_and_is_logged(folder, action):
    before_bytes = (folder / "events.csv").read_bytes()
    row = first_unreviewed(folder)
    if action == ADD:
        decision = Decision(ADD, values=edited(row, title="An event the extractor missed"))
    elif action == SAVE:
        decision = Decision(SAVE, row["event_id"], row_hash(row), edited(row, title="Edited"))
    else:
        decision = Decision(action, row["event_id"], row_hash(row))
    done = apply_decision(folder, decision, "alice")
    assert done.status == "done", done
    undone = review.undo_change(folder, last_decision_line(folder, action), "alice")
    assert undone.status == "done", undone
    events = load_events(folder)
    if action == ADD:
        assert done.event_id not in set(events["event_id"])
    else:
        assert event(folder, row["event_id"]) == row
    if action != REJECT:  # a rejected event comes back at the end of the file
        assert (folder / "events.csv").read_bytes() == before_bytes
    actions = [entry["action"] for entry in log_rows(folder) if entry["action"] != "summary"]
    assert actions == [action, "undo"]
    assert_valid(folder)


def test_undo_is_refused_when_the_event_changed_since(folder):
    row = first_unreviewed(folder)
    apply_decision(folder, Decision(ACCEPT, row["event_id"], row_hash(row)), "alice")
    line = last_decision_line(folder, ACCEPT)
    accepted = event(folder, row["event_id"])
    values = edited(accepted, title="Bob changed it")
    apply_decision(folder, Decision(SAVE, row["event_id"], row_hash(accepted), values), "bob")
    before = (folder / "events.csv").read_bytes()
    outcome = review.undo_change(folder, line, "alice")
    assert outcome.status == "conflict" and "changed" in outcome.message
    assert (folder / "events.csv").read_bytes() == before


def test_reopen_puts_a_reviewed_event_back_in_the_queue(folder):
    reviewed = load_events(folder).query("reviewed == 'true'").iloc[0].to_dict()
    outcome = review.reopen_event(folder, reviewed["event_id"], "alice")
    assert outcome.status == "done", outcome
    assert event(folder, reviewed["event_id"]) == {**reviewed, "reviewed": "false"}
    assert reviewed["event_id"] in set(build_queue(load_events(folder))["event_id"])
    assert log_rows(folder)[-1]["action"] == "reopen"
    again = review.reopen_event(folder, reviewed["event_id"], "alice")
    assert again.status == "invalid" and "already" in again.message
    assert review.reopen_event(folder, "no-such-event", "alice").status == "invalid"
    assert_valid(folder)


def test_accept_all_accepts_each_with_one_log_row_or_none(folder):
    queue = build_queue(load_events(folder)).head(4)
    decisions = [
        Decision(ACCEPT, row["event_id"], row_hash(row)) for row in queue.to_dict("records")
    ]
    outcome = review.apply_decisions(folder, decisions, "alice")
    assert outcome.status == "done", outcome
    assert set(queue["event_id"]) <= set(load_events(folder).query("reviewed == 'true'").event_id)
    accepted = [entry["event_id"] for entry in log_rows(folder) if entry["action"] == "accept"]
    assert accepted == list(queue["event_id"])
    assert_valid(folder)


def test_accept_all_with_one_changed_event_writes_nothing(folder):
    queue = build_queue(load_events(folder)).head(3).to_dict("records")
    stale = Decision(ACCEPT, queue[1]["event_id"], "not-the-hash")
    decisions = [Decision(ACCEPT, queue[0]["event_id"], row_hash(queue[0])), stale]
    before = (folder / "events.csv").read_bytes()
    assert review.apply_decisions(folder, decisions, "alice").status == "conflict"
    assert (folder / "events.csv").read_bytes() == before
    assert not (folder / "review_log.csv").exists()


def test_a_countries_file_without_status_reads_as_reviewed_and_is_converted(folder):
    path = folder / "countries.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.drop(columns="status").to_csv(path, index=False, lineterminator="\n")
    assert_valid(folder)
    assert set(load_summaries(folder)["status"]) == {"reviewed"}
    row = first_unreviewed(folder)
    assert apply_decision(folder, Decision(ACCEPT, row["event_id"], row_hash(row)), "a").status == (
        "done"
    )
    assert path.read_text(encoding="utf-8").startswith(
        "iso3,source_id,name,names_in_text,summary,status\n"
    )
    assert_valid(folder)


def test_full_validate_passes_after_a_run_of_every_kind_of_decision(folder):
    for turn, row in enumerate(build_queue(load_events(folder)).to_dict("records")):
        kind = (ACCEPT, SAVE, REJECT, ADD)[turn % 4]
        if kind == SAVE:
            decision = Decision(SAVE, row["event_id"], row_hash(row), edited(row, title=f"T{turn}"))
        elif kind == ADD:
            decision = Decision(ADD, values=edited(row, title=f"Added {turn}"))
        else:
            decision = Decision(kind, row["event_id"], row_hash(row))
        assert apply_decision(folder, decision, "alice").status == "done"
    review.undo_change(folder, last_decision_line(folder, REJECT), "alice")
    assert_valid(folder)
    assert not build_queue(load_events(folder)).empty  # the undone reject is back in the queue


# ---------------------------------------------------------------- killed at each write

KILLED_AT_WRITE = (
    """
import os, sys
from pathlib import Path
from bluebook.review.queue import Decision, apply_decision, load_events, row_hash, EDITABLE_COLUMNS

folder, action, step = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
"""
    + KILL_AT_STEP
    + """
row = load_events(folder).query("reviewed == 'false'").iloc[0].to_dict()
values = {column: row[column] for column in EDITABLE_COLUMNS}
if action == "add":
    decision = Decision("add", values={**values, "title": "An added event"})
elif action == "save":
    decision = Decision("save", row["event_id"], row_hash(row), {**values, "title": "Saved"})
else:
    decision = Decision(action, row["event_id"], row_hash(row))
apply_decision(folder, decision, "killed")
os._exit(0)
"""
)


def restorable_from_log(folder: Path) -> set[str]:
    """Ids of events whose every field the log holds (added or rejected rows)."""
    ids = set()
    for change in review.read_log_changes(folder):
        if change.action != "summary" and set(change.changes) == set(EVENT_COLUMNS):
            ids.add(change.event_id)
    return ids


@pytest.mark.parametrize("action", [ACCEPT, SAVE, REJECT, ADD])
@pytest.mark.parametrize("step", [0, 1, 2, 3, 4, 5, 6, 7])
def test_a_decision_killed_at_any_write_loses_no_event(folder, action, step):
    before = set(load_events(folder)["event_id"])
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AT_WRITE, str(folder), action, str(step)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 9), done.stderr
    after = set(load_events(folder)["event_id"])
    assert before - after <= restorable_from_log(folder)
    # The next decision (on another event) finishes the interrupted one: log and tables agree.
    row = build_queue(load_events(folder)).iloc[-1].to_dict()
    assert apply_decision(
        folder, Decision(ACCEPT, row["event_id"], row_hash(row)), "next"
    ).status == ("done")
    assert not (folder / review.PENDING_FILE).exists()
    assert_valid(folder)
    logged = [c for c in review.read_log_changes(folder) if c.reviewer == "killed"]
    events = load_events(folder).set_index("event_id")
    for change in logged:
        if change.action == "summary":
            continue
        after_state = change.state(1)
        if after_state is None:
            assert change.event_id not in events.index
        elif change.action == action:
            current = events.loc[change.event_id].to_dict()
            assert all(
                current.get(k, change.event_id) == v
                for k, v in after_state.items()
                if k != "event_id"
            )
