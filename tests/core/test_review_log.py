"""The review log: rows as written, and what ``validate`` says about a damaged log."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from bluebook.review_log import (
    append_log_text,
    build_log_row,
    changed_fields,
    format_time,
)
from bluebook.schema import EVENT_COLUMNS
from tests.conftest import run_validate

HEADER = "time,reviewer,event_id,action,changes\n"
GOOD = '2026-11-29T10:00:00Z,alice,bb-001,accept,"{""reviewed"": [""false"", ""true""]}"\n'


def test_time_is_utc_with_a_z():
    moment = dt.datetime(2026, 11, 29, 19, 5, 1, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert format_time(moment) == "2026-11-29T10:05:01Z"


def test_changed_fields_lists_only_what_changed():
    before = dict.fromkeys(EVENT_COLUMNS, "x")
    after = {**before, "title": "y"}
    assert changed_fields(before, after) == {"title": ("x", "y")}
    assert changed_fields(None, before)["title"] == (None, "x")
    assert len(changed_fields(before, None)) == len(EVENT_COLUMNS)


def test_log_rows_append_to_the_existing_bytes(tmp_path):
    path = tmp_path / "review_log.csv"
    row = build_log_row(
        dt.datetime(2026, 1, 2, tzinfo=dt.UTC), "bob", "e-1", "save", {"title": ("a, b", 'c "d"')}
    )
    first = append_log_text(path, [row])
    assert first.startswith(HEADER)
    path.write_text(first.rstrip("\n"), encoding="utf-8")
    second = append_log_text(path, [row])
    assert second.startswith(first) and second.count("\n") == 3
    assert json.loads(row["changes"]) == {"title": ["a, b", 'c "d"']}


def test_a_folder_without_a_log_validates(data_copy):
    assert not (data_copy / "review_log.csv").exists()
    assert run_validate(data_copy).returncode == 0


def test_a_good_log_validates(data_copy):
    (data_copy / "review_log.csv").write_text(HEADER + GOOD, encoding="utf-8")
    done = run_validate(data_copy)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (GOOD.replace("2026-11-29T10:00:00Z", "yesterday"), "time", "is not a UTC time"),
        (GOOD.replace("2026-11-29T10:00:00Z", "2026-13-40T10:00:00Z"), "time", "not a UTC"),
        (GOOD.replace("alice", "<b>x</b>"), "reviewer", "not a valid reviewer name"),
        (GOOD.replace("bb-001", "bad id!"), "event_id", "is not a valid id"),
        (GOOD.replace("accept", "delete"), "action", "is not an action"),
        (GOOD.replace('""reviewed""', '""colour""'), "changes", "unknown field"),
        ('2026-11-29T10:00:00Z,alice,bb-001,save,"[1, 2]"\n', "changes", "not a JSON object"),
        ("2026-11-29T10:00:00Z,alice,bb-001,save,{oops\n", "changes", "is not JSON"),
        (
            '2026-11-29T10:00:00Z,alice,bb-001,save,"{""title"": [1]}"\n',
            "changes",
            "is not [before, after]",
        ),
    ],
)
def test_a_damaged_log_is_reported_on_its_line(data_copy, row, column, message):
    (data_copy / "review_log.csv").write_text(HEADER + GOOD + row, encoding="utf-8")
    done = run_validate(data_copy)
    assert done.returncode == 2
    assert f"review_log.csv:3: {column}: " in done.stderr
    assert message in done.stderr
    assert "alice" not in done.stderr and "<b>x</b>" not in done.stderr


def test_a_log_with_a_wrong_header_is_reported(data_copy):
    (data_copy / "review_log.csv").write_text("when,who\n", encoding="utf-8")
    done = run_validate(data_copy)
    assert done.returncode == 2 and "review_log.csv:1" in done.stderr
