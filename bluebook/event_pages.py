"""The PDF page of each event: where its evidence starts, looked up in the source's page map.

A source read from a PDF has a page map (``bluebook.readers.page_map``): rows ``line,column,page``
saying from which character of which line of the stored text on the text is on which page.
An event's page is the page where the first passage of its evidence (passages are joined with
``EVIDENCE_JOINER``) begins in the source text, found whitespace-insensitively as ``validate``
checks evidence. Events of other sources have no page. ``load_dataset`` computes the column once
per load (``build_event_pages``); the snapshot stores it.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from bluebook.readers.page_map import PAGE_MAP_COLUMNS, PageRow, page_map_name
from bluebook.validate import EVIDENCE_JOINER

PAGE_DTYPE = pd.Int32Dtype()
"""Whole page numbers, missing (``<NA>``) for events of sources not read from a PDF."""
_WORD = re.compile(r"\S+")


class SourcePages:
    """A source text prepared for page look-ups.

    ``lines`` maps each whitespace-normalised non-empty line to its first line number (the
    common case of evidence that is a whole paragraph); ``keys``/``pages`` are the page map as
    sorted ``(line, column)`` keys and their pages. For evidence that starts inside a line,
    ``flat`` is the text with every run of whitespace made one space (as ``validate`` compares
    evidence; it is the non-empty normalised lines joined by spaces), ``flat_starts`` the offset
    there of each of those lines and ``flat_numbers`` their line numbers (``irregular``: the
    lines whose stored form has other whitespace than single spaces); ``sentences`` maps
    the first ``SENTENCE_KEY`` characters of each sentence of ``flat`` to its first offset. These
    are built on first use only.
    """

    def __init__(self, text: str, rows: list[PageRow] | np.ndarray) -> None:
        self.raw_lines = text.split("\n")
        self.lines: dict[str, int] = {}
        self.irregular: set[int] = set()
        numbers: list[int] = []
        normalised: list[str] = []
        for number, line in enumerate(self.raw_lines, start=1):
            flat_line = " ".join(line.split())
            if flat_line:
                self.lines.setdefault(flat_line, number)
                numbers.append(number)
                normalised.append(flat_line)
                if flat_line != line:
                    self.irregular.add(number)
        self._normalised = normalised
        self.flat_numbers = np.array(numbers, dtype=np.int64)
        table = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
        keys = _key(table[:, 0], table[:, 1])
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.pages = table[order, 2]

    @cached_property
    def flat(self) -> str:
        return " ".join(self._normalised)

    @cached_property
    def flat_starts(self) -> np.ndarray:
        lengths = np.fromiter((len(line) + 1 for line in self._normalised), np.int64)
        return np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)

    @cached_property
    def sentences(self) -> dict[str, int]:
        starts = [*self.flat_starts.tolist(), *(m.end() for m in _SENTENCE.finditer(self.flat))]
        index: dict[str, int] = {}
        for start in sorted(set(starts)):
            index.setdefault(self.flat[start : start + SENTENCE_KEY], start)
        return index


_SENTENCE = re.compile(r"[.?!:;][\"”’')\]]* (?=\S)")
SENTENCE_KEY = 64
"""Characters of a sentence's start that index it (``SourcePages.sentences``)."""


_COLUMN_SPAN = 1 << 32


def _key(line: np.ndarray | int, column: np.ndarray | int) -> np.ndarray | int:
    return np.asarray(line, dtype=np.int64) * _COLUMN_SPAN + column


def build_source_pages(text: str, rows: list[PageRow] | np.ndarray) -> SourcePages:
    """Prepare ``text`` (the stored source text) and its page map ``rows`` (``line, column,
    page`` triples) for look-ups."""
    return SourcePages(text, rows)


def first_passage(evidence: str) -> str:
    """The first passage of ``evidence``, whitespace-normalised."""
    return " ".join(evidence.split(EVIDENCE_JOINER)[0].split())


def _find_flat(source: SourcePages, passage: str) -> int:
    """Offset of ``passage`` in ``source.flat``, -1 when absent: its first occurrence from the
    first sentence that starts like it (found in ``source.sentences``), else its first one."""
    if len(passage) >= SENTENCE_KEY:
        start = source.sentences.get(passage[:SENTENCE_KEY])
        if start is not None:
            found = source.flat.find(passage, start)
            if found >= 0:
                return found
    return source.flat.find(passage)


def _raw_column(raw_line: str, offset: int) -> int:
    """The 1-based column in ``raw_line`` of character ``offset`` of its normalised form."""
    flat_position = 0
    for match in _WORD.finditer(raw_line):
        length = match.end() - match.start()
        if offset < flat_position + length:
            return match.start() + offset - flat_position + 1
        flat_position += length + 1
    return len(raw_line)


def locate_passage(source: SourcePages, passage: str) -> tuple[int, int] | None:
    """(line, column), both 1-based, where the normalised ``passage`` starts; None if absent."""
    if not passage:
        return None
    if passage in source.lines:
        return source.lines[passage], 1
    found = _find_flat(source, passage)
    if found < 0:
        return None
    index = int(np.searchsorted(source.flat_starts, found, side="right")) - 1
    line = int(source.flat_numbers[index])
    offset = found - int(source.flat_starts[index])
    if line not in source.irregular:  # the line is already normalised
        return line, offset + 1
    return line, _raw_column(source.raw_lines[line - 1], offset)


def page_at(source: SourcePages, line: int, column: int) -> int | None:
    """The page of the character at ``line``/``column`` (1-based), None before the first row."""
    position = bisect.bisect_right(source.keys.tolist(), _key(line, column)) - 1
    return int(source.pages[position]) if position >= 0 else None


def page_of_evidence(text: str, rows: list[PageRow], evidence: str) -> int | None:
    """The page where ``evidence`` (its first passage) starts in ``text``, given its page map.

    Whitespace-insensitive, as ``validate`` checks evidence; None when it is not in the text.
    """
    source = build_source_pages(text, rows)
    place = locate_passage(source, first_passage(evidence))
    return None if place is None else page_at(source, *place)


def _pages_of_source(source: SourcePages, evidence: pd.Series) -> np.ndarray:
    """Pages of the events with ``evidence`` in one source (0 where not found).

    Each distinct evidence is looked up once; whole-line evidence in one dictionary pass.
    """
    codes, distinct = pd.factorize(evidence.astype(object))
    # Most evidence of a PDF source is a sentence inside a line, some a whole line.
    lines = pd.Series(distinct).map(source.lines).to_numpy(dtype=float, na_value=np.nan)
    places = np.zeros((len(distinct), 2), dtype=np.int64)
    whole = ~np.isnan(lines)
    places[whole, 0] = lines[whole].astype(np.int64)
    places[whole, 1] = 1
    for position in np.flatnonzero(~whole):
        place = locate_passage(source, first_passage(distinct[position]))
        if place is not None:
            places[position] = place
    keys = _key(places[:, 0], places[:, 1])
    found = np.searchsorted(source.keys, keys, side="right") - 1
    known = (places[:, 0] > 0) & (found >= 0)
    pages = np.zeros(len(distinct), dtype=np.int64)
    pages[known] = source.pages[found[known]]
    return pages[codes] if len(codes) else np.zeros(0, dtype=np.int64)


def read_source_pages(data_dir: Path, file_name: str) -> SourcePages | None:
    """The look-up form of a PDF source's text and page map; None when either is unreadable."""
    folder = Path(data_dir) / "sources"
    try:
        text = (folder / file_name).read_text(encoding="utf-8")
        # Validated with the rest of the folder (``check_page_map``): read it in one go.
        table = pd.read_csv(folder / page_map_name(file_name), dtype=np.int64)
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if tuple(table.columns) != PAGE_MAP_COLUMNS:
        return None
    return build_source_pages(text, table.to_numpy())


def build_event_pages(events: pd.DataFrame, sources: pd.DataFrame, data_dir: Path) -> pd.Series:
    """The page of each event (``PAGE_DTYPE``, aligned with ``events``): where its evidence
    starts in its PDF source; missing for events of other sources.

    ``events`` needs ``source_id`` and ``evidence``; ``sources`` needs ``source_id``, ``file``
    and ``original_format``. Only PDF sources are read; whole-line evidence is looked up in a
    dictionary, the rest searched in the source's normalised text.
    """
    pages = np.zeros(len(events), dtype=np.int64)
    pdf = sources[sources["original_format"].astype(object) == "pdf"]
    files = dict(zip(pdf["source_id"].astype(object), pdf["file"].astype(object), strict=True))
    if files:
        source_ids = events["source_id"].astype(object)
        for source_id, rows in source_ids.groupby(source_ids, sort=False).indices.items():
            source = read_source_pages(data_dir, files[source_id]) if source_id in files else None
            if source is not None:
                pages[rows] = _pages_of_source(source, events["evidence"].iloc[rows])
    result = pd.array(pages, dtype=PAGE_DTYPE)
    result[pages <= 0] = pd.NA
    return pd.Series(result, index=events.index, name="page")


def page_suffix(page: object) -> str:
    """', p. 134' for a page, '' for a missing one (an event of a source not read from a PDF)."""
    if page is None or pd.isna(page):
        return ""
    return f", p. {int(page)}"
