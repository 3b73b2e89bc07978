"""A reviewer's pace per source: reviewed / total, median seconds today, time left."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from bluebook.review.pace import build_pace, decision_seconds, describe_pace, format_duration
from bluebook.review_log import LoggedChange

TODAY = dt.date(2026, 12, 6)


def logged(seconds: int, reviewer: str = "alice", event_id: str = "s1-x001", day: int = 6):
    moment = dt.datetime(2026, 12, day, 10, 0, 0) + dt.timedelta(seconds=seconds)
    return LoggedChange(1, moment.strftime("%Y-%m-%dT%H:%M:%SZ"), reviewer, event_id, "accept", {})


def test_breaks_are_left_out_of_the_seconds():
    start = dt.datetime(2026, 12, 6, 10)
    times = [start + dt.timedelta(seconds=value) for value in (0, 12, 30, 2000, 2010)]
    assert decision_seconds(times) == [12, 18, 10]


def test_pace_counts_the_source_and_only_this_reviewer_today():
    events = pd.DataFrame(
        {
            "event_id": ["s1-x001", "s1-x002", "s1-x003", "s1-x004", "s2-x001"],
            "source_id": ["s1", "s1", "s1", "s1", "s2"],
            "reviewed": ["true", "true", "false", "false", "false"],
        }
    )
    log = [
        logged(0),
        logged(10),
        logged(30),
        logged(15, reviewer="bob"),
        logged(5, day=5),
        logged(40, event_id="s2-x001"),
    ]
    pace = build_pace(events, log, "alice", "s1", TODAY)
    assert (pace.reviewed, pace.total, pace.left) == (2, 4, 2)
    assert pace.median_seconds == 15 and pace.seconds_left == 30
    assert describe_pace(pace).startswith("2 of 4 reviewed; your median today: 15 s")


def test_without_two_decisions_there_is_no_pace_yet():
    events = pd.DataFrame({"event_id": ["s1-x001"], "source_id": ["s1"], "reviewed": ["false"]})
    pace = build_pace(events, [logged(0)], "alice", "s1", TODAY)
    assert pace.median_seconds is None and "after two decisions" in describe_pace(pace)


def test_durations_read_naturally():
    assert [format_duration(value) for value in (40, 720, 12000)] == [
        "40 s",
        "12 min",
        "3 h 20 min",
    ]
