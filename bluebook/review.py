"""Reviewing extracted events: the queue, the source in context, and decisions that lose nothing.

A decision (accept, save, reject, add) is applied by ``apply_decision`` under an exclusive lock
on the data folder, so two reviewers deciding at the same moment are applied one after the
other and both persist. Each decision carries the hash of the row it started from
(``row_hash``); if the row changed in the meantime (another reviewer saved, accepted or
rejected it) the decision is refused with both versions and nothing is written. Otherwise the
would-be folder is checked with ``validate_data_dir`` in a temporary copy, then
``countries.csv``, ``events.csv`` and ``review_log.csv`` are replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from bluebook.errors import Problem
from bluebook.ingest import write_all
from bluebook.review_log import LOG_FILE, append_log_text, build_log_row, changed_fields
from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS
from bluebook.tables import LINE_COLUMN, data_folder_lock, read_table
from bluebook.validate import EVIDENCE_JOINER, split_list, validate_data_dir

ACCEPT, SAVE, REJECT, ADD = "accept", "save", "reject", "add"
EDITABLE_COLUMNS = tuple(
    column for column in EVENT_COLUMNS if column not in ("event_id", "reviewed")
)
ADDED_ID_INFIX = "-r"


class ReviewError(Exception):
    """The data folder cannot be reviewed as it is (a table is unreadable); says how to fix it."""


def row_hash(row: Mapping[str, str]) -> str:
    """The version of an event row: a hash of its values in ``EVENT_COLUMNS`` order."""
    digest = hashlib.sha256()
    for column in EVENT_COLUMNS:
        digest.update(str(row[column]).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:20]


def _read(path: Path, columns) -> pd.DataFrame:
    table = read_table(path, columns)
    if table.problems:
        raise ReviewError(
            "; ".join(str(problem) for problem in table.problems[:3])
            + f" — fix {Path(path).name} first (python -m bluebook validate)"
        )
    return table.frame.drop(columns=LINE_COLUMN).reset_index(drop=True)


def load_events(data_dir: Path) -> pd.DataFrame:
    """Every row of ``events.csv`` as strings, in file order; raises ``ReviewError``."""
    return _read(Path(data_dir) / "events.csv", EVENT_COLUMNS)


def load_summaries(data_dir: Path) -> pd.DataFrame:
    """Every row of ``countries.csv`` as strings; raises ``ReviewError``."""
    return _read(Path(data_dir) / "countries.csv", COUNTRY_COLUMNS)


# ---------------------------------------------------------------- the queue


@dataclass(frozen=True)
class QueueFilter:
    """Which unreviewed events to show; None means any."""

    source_id: str | None = None
    country: str | None = None
    event_type: str | None = None


def build_queue(events: pd.DataFrame, chosen: QueueFilter = QueueFilter()) -> pd.DataFrame:
    """The unreviewed events matching ``chosen``, in file order."""
    mask = events["reviewed"] != "true"
    if chosen.source_id:
        mask &= events["source_id"] == chosen.source_id
    if chosen.event_type:
        mask &= events["event_type"] == chosen.event_type
    if chosen.country:
        mask &= events["countries"].map(lambda codes: chosen.country in split_list(codes))
    return events[mask]


def next_event_id(queue_ids: list[str], current: str | None) -> str | None:
    """The event to open after deciding ``current``: the one after it, else the one before."""
    if current not in queue_ids:
        return queue_ids[0] if queue_ids else None
    position = queue_ids.index(current)
    rest = queue_ids[position + 1 :] or queue_ids[:position][-1:]
    return rest[0] if rest else None


def missing_summaries(summaries: pd.DataFrame, countries: str, source_id: str) -> list[str]:
    """Codes in ``countries`` (``;``-list) with no summary for ``source_id`` in ``summaries``."""
    have = set(summaries.loc[summaries["source_id"] == source_id, "iso3"])
    return [code for code in split_list(countries) if code not in have]


# ---------------------------------------------------------------- the source in context


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or footnote) of a source text with its section and 1-based number."""

    section: str
    number: int
    text: str


def split_paragraphs(text: str, data_dir: Path) -> list[Paragraph]:
    """The paragraphs of a source text, numbered as the extractor numbers them."""
    from bluebook.extract.normalize import normalize_text
    from bluebook.extract.resources import load_resources
    from bluebook.extract.structure import parse_document

    try:
        place_names = load_resources(Path(data_dir)).place_names
    except Exception:  # a gazetteer problem must not hide the source from the reviewer
        place_names = frozenset()
    document = parse_document(normalize_text(text), place_names)
    return [Paragraph(block.section, block.paragraph, block.text) for block in document.blocks]


@lru_cache(maxsize=16)
def _cached_paragraphs(path: str, size: int, mtime_ns: int, data_dir: str) -> tuple[Paragraph, ...]:
    return tuple(split_paragraphs(Path(path).read_text(encoding="utf-8"), Path(data_dir)))


def load_paragraphs(data_dir: Path, source_file: str) -> list[Paragraph]:
    """The paragraphs of ``sources/<source_file>`` (parsed once per version of the file)."""
    path = Path(data_dir) / "sources" / source_file
    state = path.stat()
    return list(_cached_paragraphs(str(path), state.st_size, state.st_mtime_ns, str(data_dir)))


def _flat(text: str) -> str:
    return " ".join(text.split())


def find_paragraph(paragraphs: list[Paragraph], row: Mapping[str, str]) -> int | None:
    """Position of the event's paragraph: its section and number, else the one quoting it."""
    passages = [_flat(part) for part in str(row["evidence"]).split(EVIDENCE_JOINER) if part]
    numbered = [
        position
        for position, paragraph in enumerate(paragraphs)
        if paragraph.section == row["section"] and str(paragraph.number) == str(row["paragraph"])
    ]
    for position in numbered:
        if not passages or any(part in _flat(paragraphs[position].text) for part in passages):
            return position
    for position, paragraph in enumerate(paragraphs):
        if passages and passages[0] in _flat(paragraph.text):
            return position
    return numbered[0] if numbered else None


def highlight_evidence(text: str, evidence: str) -> str:
    """``text`` as HTML with every evidence passage in ``<mark>``; everything else escaped.

    Whitespace is normalised first, so a passage quoted across a line break is still found.
    """
    flat = _flat(text)
    spans: list[tuple[int, int]] = []
    for passage in (_flat(part) for part in evidence.split(EVIDENCE_JOINER)):
        if not passage:
            continue
        for match in re.finditer(re.escape(passage), flat):
            spans.append(match.span())
    pieces, position = [], 0
    for start, end in sorted(spans):
        if start < position:
            continue
        pieces.append(html.escape(flat[position:start]))
        pieces.append(f"<mark>{html.escape(flat[start:end])}</mark>")
        position = end
    pieces.append(html.escape(flat[position:]))
    return "".join(pieces)


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, as they appear in it (for choosing evidence)."""
    from bluebook.extract.sentences import split_sentences as spans_of

    flat = _flat(text)
    return [flat[start:end].strip() for start, end in spans_of(flat) if flat[start:end].strip()]


# ---------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    """What a reviewer decided about one event.

    ``base_hash`` is ``row_hash`` of the row as the reviewer opened it (unused by ``add``);
    ``values`` holds the edited fields (``save``) or the new event's fields (``add``);
    ``summaries`` maps a country code to (name, names in the text, summary) for the
    ``countries.csv`` rows the decision needs.
    """

    action: str
    event_id: str = ""
    base_hash: str = ""
    values: Mapping[str, str] = field(default_factory=dict)
    summaries: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The result of ``apply_decision``.

    ``status`` is ``done``, ``conflict`` (the row changed since it was opened: ``current`` is
    the row now, None if it is gone, and ``proposed`` the reviewer's version) or ``invalid``
    (``problems`` say why the result would not validate). Only ``done`` wrote anything.
    """

    status: str
    event_id: str
    message: str
    problems: tuple[str, ...] = ()
    current: dict[str, str] | None = None
    proposed: dict[str, str] | None = None


def _new_event_id(source_id: str, taken: set[str]) -> str:
    number = 1
    while f"{source_id}{ADDED_ID_INFIX}{number:03d}" in taken:
        number += 1
    return f"{source_id}{ADDED_ID_INFIX}{number:03d}"


def _proposed_row(decision: Decision, current: dict[str, str] | None) -> dict[str, str]:
    row = dict(current) if current else {column: "" for column in EVENT_COLUMNS}
    if decision.action in (SAVE, ADD):
        row.update({column: str(decision.values[column]) for column in EDITABLE_COLUMNS})
    if decision.action != REJECT:
        row["reviewed"] = "true"
    return row


def _summary_rows(
    decision: Decision, row: dict[str, str], summaries: pd.DataFrame
) -> list[dict[str, str]]:
    """The ``countries.csv`` rows to add for the decided event (only those still missing)."""
    if decision.action == REJECT:
        return []
    rows = []
    for code in missing_summaries(summaries, row["countries"], row["source_id"]):
        if code in decision.summaries:
            name, names_in_text, summary = decision.summaries[code]
            rows.append(
                {
                    "iso3": code,
                    "source_id": row["source_id"],
                    "name": name.strip(),
                    "names_in_text": names_in_text.strip(),
                    "summary": summary.strip(),
                }
            )
    return rows


def _csv_text(frame: pd.DataFrame, columns) -> str:
    return frame.loc[:, list(columns)].to_csv(index=False, lineterminator="\n")


def apply_decision(
    data_dir: Path, decision: Decision, reviewer: str, now: dt.datetime | None = None
) -> Outcome:
    """Apply ``decision`` by ``reviewer`` to ``data_dir``, all or nothing (see the module doc).

    Raises ``ReviewError`` if a table cannot be read at all; every other refusal is an
    ``Outcome``.
    """
    data_dir = Path(data_dir)
    now = now or dt.datetime.now(dt.UTC)
    with data_folder_lock(data_dir):
        events = load_events(data_dir)
        summaries = load_summaries(data_dir)
        current: dict[str, str] | None = None
        if decision.action == ADD:
            event_id = _new_event_id(str(decision.values["source_id"]), set(events["event_id"]))
        else:
            event_id = decision.event_id
            found = events.index[events["event_id"] == event_id]
            if found.empty:
                return Outcome(
                    "conflict",
                    event_id,
                    "This event is no longer in events.csv: another reviewer rejected it.",
                    proposed=_proposed_row(decision, None) if decision.action == SAVE else None,
                )
            current = events.loc[found[0], list(EVENT_COLUMNS)].to_dict()
            if row_hash(current) != decision.base_hash:
                return Outcome(
                    "conflict",
                    event_id,
                    "Another reviewer changed this event after you opened it; nothing was saved.",
                    current=current,
                    proposed=_proposed_row(decision, current),
                )
        row = _proposed_row(decision, current)
        row["event_id"] = event_id
        return _write_decision(data_dir, decision, reviewer, now, events, summaries, current, row)


def _write_decision(
    data_dir: Path,
    decision: Decision,
    reviewer: str,
    now: dt.datetime,
    events: pd.DataFrame,
    summaries: pd.DataFrame,
    current: dict[str, str] | None,
    row: dict[str, str],
) -> Outcome:
    event_id = row["event_id"]
    if decision.action == REJECT:
        events = events[events["event_id"] != event_id]
        changes = changed_fields(current, None)
    elif decision.action == ADD:
        events = pd.concat([events, pd.DataFrame([row], dtype=object)], ignore_index=True)
        changes = changed_fields(None, row)
    else:
        events = events.copy()
        events.loc[events["event_id"] == event_id, list(EVENT_COLUMNS)] = [
            row[column] for column in EVENT_COLUMNS
        ]
        changes = changed_fields(current, row)
    new_summaries = _summary_rows(decision, row, summaries)
    log_rows = [build_log_row(now, reviewer, event_id, decision.action, changes)]
    log_rows += [
        build_log_row(
            now, reviewer, event_id, "summary", changed_fields(None, summary, COUNTRY_COLUMNS)
        )
        for summary in new_summaries
    ]
    writes: dict[Path, str] = {}
    if new_summaries:
        summaries = pd.concat([summaries, pd.DataFrame(new_summaries, dtype=object)])
        writes[data_dir / "countries.csv"] = _csv_text(summaries, COUNTRY_COLUMNS)
    writes[data_dir / "events.csv"] = _csv_text(events, EVENT_COLUMNS)
    writes[data_dir / LOG_FILE] = append_log_text(data_dir / LOG_FILE, log_rows)
    problems = validate_would_be(data_dir, writes)
    if problems:
        return Outcome(
            "invalid",
            event_id,
            "Nothing was saved: the result would not pass validation.",
            problems=tuple(problems),
            proposed=row,
        )
    write_all(writes)
    done = {ACCEPT: "Accepted", SAVE: "Saved", REJECT: "Rejected", ADD: "Added"}[decision.action]
    return Outcome("done", event_id, f"{done} {event_id}.")


def validate_would_be(data_dir: Path, writes: dict[Path, str]) -> list[str]:
    """Problems ``validate`` would report if ``writes`` (path → text) were applied to the folder.

    Runs ``validate_data_dir`` on a temporary copy; names in the messages are the real ones.
    """
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="bluebook-review-") as folder:
        copy = Path(folder) / "data"
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns("*.tmp", "gazetteer"))
        for target, content in writes.items():
            (copy / target.relative_to(data_dir)).write_text(content, encoding="utf-8")
        problems: list[Problem] = validate_data_dir(copy)
        return [str(problem).replace(f"{copy}/", f"{data_dir}/") for problem in problems]
