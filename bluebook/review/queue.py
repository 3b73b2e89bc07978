"""Reviewing extracted events: the queue, the source in context, and decisions that lose nothing.

Decisions (accept, save, reject, add, undo, reopen) live in ``bluebook.review.decisions`` and
are re-exported here: each runs under an exclusive lock on the data folder, refuses a row that
changed since it was opened, checks only what it changes, and writes the log first.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from bluebook.review.decisions import (  # noqa: F401 (the review API, re-exported)
    ACCEPT,
    ADD,
    ADDED_ID_INFIX,
    EDITABLE_COLUMNS,
    PENDING_FILE,
    REJECT,
    REOPEN,
    SAVE,
    UNDO,
    Decision,
    LoggedChange,
    Outcome,
    ReviewError,
    apply_decision,
    apply_decisions,
    read_log_changes,
    recover_unfinished,
    reopen_event,
    row_hash,
    save_summary,
    undo_change,
)
from bluebook.schema import EVENT_COLUMNS
from bluebook.transaction import UnreadableTable, read_checked
from bluebook.validate import EVIDENCE_JOINER, split_list


def _read(path: Path, columns) -> pd.DataFrame:
    try:
        return read_checked(path, columns)
    except UnreadableTable as error:
        raise ReviewError(
            "; ".join(str(problem) for problem in error.problems[:3])
            + f" — fix {Path(path).name} first (python -m bluebook validate)"
        ) from error


def load_events(data_dir: Path) -> pd.DataFrame:
    """Every row of ``events.csv`` as strings, in file order; raises ``ReviewError``."""
    return _read(Path(data_dir) / "events.csv", EVENT_COLUMNS)


def load_summaries(data_dir: Path) -> pd.DataFrame:
    """Every row of ``countries.csv`` as strings; raises ``ReviewError``."""
    return _read(Path(data_dir) / "countries.csv", None)


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


def _first_reading(text: str, volume_year: int, data_dir: Path) -> pd.DataFrame | None:
    from bluebook.extract import events_to_frame, extract_events

    try:
        events = extract_events(text, volume_year, Path(data_dir))
    except Exception:  # a reading that fails leaves the form to the reviewer
        return None
    return events_to_frame(events, "extracted", Path(data_dir)) if events else None


def extract_from_sentences(
    sentences: list[str], before: list[str], section: str, volume_year: int, data_dir: Path
) -> tuple[dict[str, str], bool] | None:
    """The extractor's best reading of ``sentences`` (read under their section heading), as
    ``events.csv`` strings, and whether it is read from the context only; None if nothing.

    The first event found in the sentences, with the countries of every event found there. A
    missed event often leans on its paragraph ("The two leaders welcomed …"): when the
    sentences alone give no event, the last event of the paragraph up to them (``before``:
    the paragraph's sentences before the ticked ones) lends its countries, date, actors,
    level and mode, and the title is left to the reviewer.
    """
    if not sentences:
        return None
    frame = _first_reading(f"{section}\n\n{' '.join(sentences)}", volume_year, data_dir)
    context = frame is None
    if context:
        frame = _first_reading(
            f"{section}\n\n{' '.join([*before, *sentences])}", volume_year, data_dir
        )
        if frame is None:
            return None
    best = (frame.iloc[-1] if context else frame.iloc[0]).to_dict()
    if not context:
        codes = dict.fromkeys(code for value in frame["countries"] for code in split_list(value))
        best["countries"] = ";".join(codes)
    reading = {column: str(best[column]) for column in EDITABLE_COLUMNS if column in best}
    if context:
        reading["title"] = ""
    return reading, context
