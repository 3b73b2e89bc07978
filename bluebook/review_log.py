"""The review log, ``data/review_log.csv``: every decision a reviewer made, appended.

One row per action: ``time`` (UTC, ``YYYY-MM-DDTHH:MM:SSZ``), ``reviewer``, ``event_id``,
``action`` (accept, save, reject, add, summary) and ``changes``, a JSON object mapping each
changed field to ``[before, after]`` (``null`` where there was or is no value: every field of
an added event has ``before`` null, every field of a rejected event ``after`` null, so a
rejected event stays recoverable from the log). A ``summary`` row records a country summary
added to ``countries.csv`` for the event's source, with the ``countries.csv`` columns as fields.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from bluebook.errors import Problem
from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS, REVIEW_LOG_COLUMNS

LOG_FILE = "review_log.csv"
ACTIONS = ("accept", "save", "reject", "add", "summary")
REVIEWER_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}\Z")
EVENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}\Z")
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
TIME_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")
Change = tuple[str | None, str | None]


def format_time(moment: dt.datetime) -> str:
    """``moment`` in UTC as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return moment.astimezone(dt.UTC).strftime(TIME_FORMAT)


def changed_fields(
    before: Mapping[str, str] | None, after: Mapping[str, str] | None, columns=EVENT_COLUMNS
) -> dict[str, Change]:
    """Each field of ``columns`` whose value differs between ``before`` and ``after``.

    ``None`` for ``before`` (an added row) or ``after`` (a removed row) gives every field.
    """
    changes: dict[str, Change] = {}
    for column in columns:
        old = None if before is None else str(before[column])
        new = None if after is None else str(after[column])
        if old != new:
            changes[column] = (old, new)
    return changes


def build_log_row(
    moment: dt.datetime, reviewer: str, event_id: str, action: str, changes: dict[str, Change]
) -> dict[str, str]:
    """One row of the log (all strings), in ``REVIEW_LOG_COLUMNS`` order."""
    return {
        "time": format_time(moment),
        "reviewer": reviewer,
        "event_id": event_id,
        "action": action,
        "changes": json.dumps(
            {field: list(change) for field, change in changes.items()}, ensure_ascii=False
        ),
    }


def append_log_text(path: Path, rows: list[dict[str, str]]) -> str:
    """The log's text with ``rows`` appended; existing bytes are kept, a missing log is started."""
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if not text.strip():
        text = ""
        writer.writerow(REVIEW_LOG_COLUMNS)
    elif not text.endswith("\n"):
        text += "\n"
    for row in rows:
        writer.writerow([row[column] for column in REVIEW_LOG_COLUMNS])
    return text + buffer.getvalue()


def _changes_problem(value: str, action: str) -> str | None:
    """What is wrong with a ``changes`` cell, or None."""
    try:
        changes = json.loads(value)
    except json.JSONDecodeError:
        return "is not JSON"
    if not isinstance(changes, dict):
        return "is not a JSON object"
    allowed = COUNTRY_COLUMNS if action == "summary" else EVENT_COLUMNS
    for field, change in changes.items():
        if field not in allowed:
            return f"names an unknown field {field[:40]!r}"
        if (
            not isinstance(change, list)
            or len(change) != 2
            or not all(item is None or isinstance(item, str) for item in change)
        ):
            return f"field {field!r} is not [before, after] (strings or null)"
    return None


def check_review_log(frame: pd.DataFrame, label: str) -> list[Problem]:
    """Check every row of the review log: time, reviewer, event id, action and changes."""
    problems: list[Problem] = []
    for row in frame.itertuples(index=False):
        line = row.source_line
        if not TIME_PATTERN.match(row.time) or _parse_time(row.time) is None:
            problems.append(
                Problem(
                    label,
                    line,
                    "time",
                    f"{row.time[:40]!r} is not a UTC time",
                    "write YYYY-MM-DDTHH:MM:SSZ",
                )
            )
        if not REVIEWER_PATTERN.match(row.reviewer):
            problems.append(
                Problem(
                    label,
                    line,
                    "reviewer",
                    # Not quoted: the app's data banner, which readers see, shows this message.
                    "not a valid reviewer name",
                    "use the name the reviewer signs in with",
                )
            )
        if not EVENT_ID_PATTERN.match(row.event_id):
            problems.append(
                Problem(
                    label,
                    line,
                    "event_id",
                    f"{row.event_id[:40]!r} is not a valid id",
                    "use the event_id of events.csv",
                )
            )
        if row.action not in ACTIONS:
            problems.append(
                Problem(
                    label,
                    line,
                    "action",
                    f"{row.action[:40]!r} is not an action",
                    f"use one of: {', '.join(ACTIONS)}",
                )
            )
            continue
        trouble = _changes_problem(row.changes, row.action)
        if trouble:
            problems.append(
                Problem(
                    label,
                    line,
                    "changes",
                    f"the changes {trouble}",
                    'write a JSON object {"field": ["before", "after"], …}',
                )
            )
    return problems


def _parse_time(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, TIME_FORMAT)
    except ValueError:
        return None
