"""The side table ``data/extraction.csv``: why each extracted event exists.

One row per event the extractor wrote into ``events.csv``: ``event_id``, ``rules`` (the trigger
pattern as ``file.csv:LINE`` and the named genre rules that produced or shaped the event,
``;``-separated), ``confidence`` (the scorer's probability, 0–1) and ``model`` (the scorer's
version). It lives beside ``events.csv`` rather than in it so that the events table, which
reviewers edit, keeps its columns; a rejected event's row stays, so its rules can still be
learned from (``bluebook.evaluate.train``). An event id with no row was not extracted (added by a
reviewer or annotated by hand).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bluebook.errors import Problem
from bluebook.schema import LIST_SEPARATOR
from bluebook.tables import check_optional_table, read_table

EXTRACTION_FILE = "extraction.csv"
EXTRACTION_COLUMNS: tuple[str, ...] = ("event_id", "rules", "confidence", "model")
_EVENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}\Z")
_RULE = re.compile(r"^(?:[a-z_]+\.csv:[0-9]+|[a-z][a-z0-9_]*(?::[a-z0-9_]+)?)\Z")


@dataclass(frozen=True)
class Explanation:
    """The rules and confidence of one extracted event."""

    rules: tuple[str, ...]
    confidence: float | None
    model: str


def check_extraction_table(frame: pd.DataFrame, label: str) -> list[Problem]:
    """Check the rows of a read ``extraction.csv`` (``source_line`` column, as ``read_table``
    gives it): id syntax and uniqueness, rule syntax, confidence in 0–1, a model version."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in frame.itertuples(index=False):
        line = row.source_line
        if not _EVENT_ID.match(row.event_id):
            fix = "use the event's id from events.csv (letters, digits, . _ -)"
            problems.append(Problem(label, line, "event_id", f"bad id {row.event_id!r}", fix))
        elif row.event_id in seen:
            message = f"{row.event_id} already has a row (line {seen[row.event_id]})"
            problems.append(Problem(label, line, "event_id", message, "keep one row per event"))
        else:
            seen[row.event_id] = line
        rules = split_rules(row.rules)
        bad = [rule for rule in rules if not _RULE.match(rule)]
        if not rules or bad:
            message = f"bad rule {bad[0]!r}" if bad else "no rule"
            fix = "give ;-separated rule ids such as keywords_event_types.csv:12 or visit_splitter"
            problems.append(Problem(label, line, "rules", message, fix))
        if row.confidence.strip() and parse_confidence(row.confidence) is None:
            message = f"confidence {row.confidence!r} is not a number from 0 to 1"
            problems.append(Problem(label, line, "confidence", message, "write e.g. 0.82"))
        if not row.model.strip():
            fix = "give the scorer's version (as `extract --explain` prints it)"
            problems.append(Problem(label, line, "model", "empty model version", fix))
    return problems


def check_extraction_file(data_dir: Path, prefix: str = "") -> list[Problem]:
    """Check ``extraction.csv`` if the folder has one (a folder never ingested has none)."""
    return check_optional_table(
        data_dir, EXTRACTION_FILE, EXTRACTION_COLUMNS, check_extraction_table, prefix
    )


def split_rules(value: str) -> list[str]:
    """The rule ids of a ``rules`` cell."""
    return [rule.strip() for rule in str(value).split(LIST_SEPARATOR) if rule.strip()]


def parse_confidence(value: str) -> float | None:
    """A confidence cell as a float in 0–1, or None when empty or not one."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and 0 <= number <= 1 else None


def format_confidence(value: float | str | None) -> str:
    """A confidence as written in the table and printed: ``0.820``, or "" when unknown."""
    number = parse_confidence(value) if isinstance(value, str) else value
    return "" if number is None or pd.isna(number) else f"{float(number):.3f}"


def extraction_rows(events: pd.DataFrame, model: str) -> pd.DataFrame:
    """The side-table rows of an extracted frame with ``event_id``, ``rules`` and
    ``confidence`` columns (as ``extract_frame`` gives them)."""
    return pd.DataFrame(
        {
            "event_id": events["event_id"].astype(str),
            "rules": events["rules"].astype(str),
            "confidence": [format_confidence(value) for value in events["confidence"]],
            "model": model,
        },
        columns=list(EXTRACTION_COLUMNS),
    )


def appended_extraction_text(data_dir: Path, rows: pd.DataFrame) -> str:
    """The text of ``extraction.csv`` with ``rows`` appended (created with its header if the
    folder has none): what ``ingest`` writes, atomically, with the events."""
    path = Path(data_dir) / EXTRACTION_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if not text.strip():
        text = ",".join(EXTRACTION_COLUMNS) + "\n"
    elif not text.endswith("\n"):
        text += "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows.itertuples(index=False):
        writer.writerow([getattr(row, column) for column in EXTRACTION_COLUMNS])
    return text + buffer.getvalue()


def load_explanations(data_dir: Path) -> dict[str, Explanation]:
    """Each extracted event's rules and confidence, by event id; {} when the folder has no
    (usable) side table. Rows with problems are left out rather than raised."""
    path = Path(data_dir) / EXTRACTION_FILE
    if not path.is_file():
        return {}
    table = read_table(path, EXTRACTION_COLUMNS)
    bad_lines = {problem.line for problem in check_extraction_table(table.frame, table.label)}
    return {
        row.event_id: Explanation(
            tuple(split_rules(row.rules)), parse_confidence(row.confidence), row.model
        )
        for row in table.frame.itertuples(index=False)
        if row.source_line not in bad_lines
    }


def extraction_writes(data_dir: Path, new_events: pd.DataFrame, model: str) -> dict[Path, str]:
    """What ``ingest`` writes besides the events: ``{extraction.csv: its new text}`` for the
    ``new_events`` it appends (with their final ids and ``rules``/``confidence`` columns);
    {} when there are none."""
    if new_events.empty or "rules" not in new_events.columns:
        return {}
    rows = extraction_rows(new_events, model)
    return {Path(data_dir) / EXTRACTION_FILE: appended_extraction_text(data_dir, rows)}
