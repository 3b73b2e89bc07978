"""A reviewer's pace per source: reviewed / total, median seconds per decision today, time left.

The seconds of a decision are the time since the reviewer's previous decision that day; a gap
longer than ``BREAK_SECONDS`` is a break, not work, and is left out.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

DECISIONS = ("accept", "save", "reject", "add", "undo", "reopen")
BREAK_SECONDS = 600


@dataclass(frozen=True)
class Pace:
    """Progress on one source and, when known, the reviewer's pace today."""

    source_id: str
    reviewed: int
    total: int
    median_seconds: float | None
    decisions_today: int

    @property
    def left(self) -> int:
        return self.total - self.reviewed

    @property
    def seconds_left(self) -> float | None:
        return None if self.median_seconds is None else self.left * self.median_seconds


def decision_seconds(times: Iterable[dt.datetime]) -> list[float]:
    """Seconds between consecutive decisions, breaks left out."""
    ordered = sorted(times)
    gaps = [(later - earlier).total_seconds() for earlier, later in pairwise(ordered)]
    return [gap for gap in gaps if 0 <= gap <= BREAK_SECONDS]


def build_pace(
    events: pd.DataFrame,
    log: Iterable,
    reviewer: str,
    source_id: str,
    today: dt.date,
) -> Pace:
    """``events``: the rows of ``events.csv``; ``log``: ``LoggedChange`` rows of the log."""
    rows = events[events["source_id"] == source_id]
    reviewed = int((rows["reviewed"] == "true").sum())
    ids = set(rows["event_id"])
    times = []
    for change in log:
        if change.reviewer != reviewer or change.action not in DECISIONS:
            continue
        moment = dt.datetime.strptime(change.time, "%Y-%m-%dT%H:%M:%SZ")
        if moment.date() == today and (change.event_id in ids or source_id in change.event_id):
            times.append(moment)
    gaps = decision_seconds(times)
    median = statistics.median(gaps) if gaps else None
    return Pace(source_id, reviewed, len(rows), median, len(times))


def format_duration(seconds: float) -> str:
    """'45 s', '12 min', '3 h 20 min'."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


def describe_pace(pace: Pace) -> str:
    """One line for the Review page."""
    line = f"{pace.reviewed} of {pace.total} reviewed"
    if pace.median_seconds is None:
        return line + "; your pace shows after two decisions today."
    return (
        f"{line}; your median today: {pace.median_seconds:.0f} s a decision "
        f"({pace.decisions_today} decisions); about {format_duration(pace.seconds_left or 0)} "
        f"left for the other {pace.left}."
    )
