"""Add Bluebook sections to ``data/``: register each source, append its events unreviewed.

An ingest has two steps. ``prepare_document`` reads the data folder without locking it and
extracts the document's events (within the time limit of ``bluebook.extract.time_limit``): the slow
part, during which reviewers' decisions go on. ``commit_documents`` then takes the data-folder
lock (``data_folder_lock``, the lock every review decision takes), reads the tables again,
checks, and writes: a reviewer's decision made meanwhile is neither lost nor overwritten, and
no extraction ever holds the lock.

Existing rows are never changed: the new events are appended to the bytes of ``events.csv`` as
they are. An extracted event that matches an event already recorded for the source (same type,
a shared country, dates agreeing; see ``bluebook.matching``) is left out, so
reviewed rows are never duplicated and a second ingest of the same text adds nothing. A text
already registered under another source id (same SHA-256 of the original file, or the same
cleaned text) is refused. Several documents are committed together: every one is checked, the
would-be folder is validated in a temporary copy, and the files are then written through
``bluebook.transaction`` (staged, journaled, renamed): all or nothing, even if the process is
killed. If one document is refused, nothing is written. A Bluebook page that tells no event (a
preface, an overview) is registered with no events; it is not a failure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bluebook import transaction
from bluebook.extract import default_source_id, extract_frame
from bluebook.extract.countries import country_finder
from bluebook.extract.explain import extraction_writes
from bluebook.extract.normalize import normalize_text
from bluebook.extract.resources import DEFAULT_DATA_DIR
from bluebook.extract.scorer import scorer_version
from bluebook.extract.structure import find_volume_year, parse_document
from bluebook.extract.time_limit import ExtractionTimeout, extraction_time_limit
from bluebook.matching import unmatched_events
from bluebook.readers import SourceDocument, SourceDocumentError, read_document
from bluebook.readers.page_map import build_page_map, format_page_map, page_map_name
from bluebook.schema import EVENT_COLUMNS, LIST_SEPARATOR, SOURCE_COLUMNS
from bluebook.tables import data_folder_lock
from bluebook.transaction import UnreadableTable, read_checked, validate_would_be
from bluebook.validate import known_country_codes


class IngestError(Exception):
    """Ingest refused; ``messages`` say what is wrong and how to fix it. Nothing was written."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class IngestResult:
    """What an ingest did (or would do, when nothing changed)."""

    source_id: str
    registered: bool
    added: int
    skipped: int
    dropped: list[str] = field(default_factory=list)
    paragraphs: int = 0
    notes: list[str] = field(default_factory=list)
    """Things the user may want to fix (a section taken from the file name)."""


@dataclass
class PreparedDocument:
    """A document read and extracted, ready to be checked and written under the lock."""

    document: SourceDocument
    source_id: str
    volume_year: int
    text: str
    """The cleaned text the events come from: the stored one for a registered source."""
    file_name: str
    new_source: bool
    url: str
    section: str
    events: pd.DataFrame
    dropped: list[str]
    paragraphs: int
    notes: list[str] = field(default_factory=list)


def ingest_source(
    path: Path,
    data_dir: Path,
    volume_year: int | None = None,
    source_id: str | None = None,
    url: str = "",
    section: str = "",
) -> IngestResult:
    """Ingest the document at ``path`` into ``data_dir``; raises ``IngestError`` on bad input."""
    document = read_source(Path(path))
    return ingest_document(document, data_dir, volume_year, source_id, url, section)


def ingest_document(
    document: SourceDocument,
    data_dir: Path,
    volume_year: int | None = None,
    source_id: str | None = None,
    url: str = "",
    section: str = "",
) -> IngestResult:
    """Ingest a document already read (see ``read_source``); raises ``IngestError``.

    A new source's cleaned text goes to ``sources/``, with its page map when it came from a PDF;
    without ``url``, the address a saved web page names as its own is registered. ``section``
    names the section of a text that has no section heading.
    """
    prepared = prepare_document(document, Path(data_dir), volume_year, source_id, url, section)
    return commit_documents([prepared], Path(data_dir))[0]


def prepare_document(
    document: SourceDocument,
    data_dir: Path,
    volume_year: int | None = None,
    source_id: str | None = None,
    url: str = "",
    section: str = "",
) -> PreparedDocument:
    """Extract ``document``'s events for ``data_dir`` without locking it; raise ``IngestError``
    when it cannot be ingested (no volume year, text not the Bluebook, already ingested under
    another id, extraction over the time limit)."""
    path = document.path
    notes: list[str] = []
    volume_year = volume_year or find_volume_year(document.text)
    if volume_year is None:
        volume_year, name = volume_year_from_path(path)
        if volume_year is None:
            raise IngestError(
                [
                    f"{path}: no 'Diplomatic Bluebook YYYY' header and no one year in its name "
                    "or its folder's; pass --volume-year (or keep each volume's files in a "
                    "folder named after its year)"
                ]
            )
        notes.append(
            f"{path}: volume year {volume_year} read from the name {name!r} (the text has no "
            "'Diplomatic Bluebook YYYY' line); pass --volume-year to set another"
        )
    source_id = source_id or default_source_id(path, volume_year)
    sources = _read(data_dir / "sources" / "sources.csv", SOURCE_COLUMNS)
    plan = _plan_source(document, data_dir, sources, source_id, volume_year)
    text, file_name, new_source, volume_year = plan
    try:
        with extraction_time_limit(path):
            frame = extract_frame(text, source_id, volume_year)
    except ExtractionTimeout as error:
        raise IngestError([str(error)]) from None
    extracted, dropped = _extractable(frame, volume_year)
    paragraphs = sum(block.kind == "paragraph" for block in parse_document(text).blocks)
    if extracted.empty and not looks_like_bluebook(text, volume_year):
        raise IngestError(
            [f"{path}: no events found; is it a section of the Diplomatic Bluebook in English?"]
        )
    extracted["evidence"] = [anchor_evidence(value, text) for value in extracted["evidence"]]
    untitled = extracted["section"].str.strip() == ""
    if untitled.any():
        named = section.strip() or _section_from_file_name(path)
        extracted.loc[untitled, "section"] = named
        if not section.strip():
            notes.append(
                f"{path}: no section heading before {int(untitled.sum())} event(s); they are "
                f"recorded under the section {named!r} (from the file name); correct it on "
                "the Review page, or ingest this file alone with --section 'SECTION TITLE' "
                "before the others"
            )
    return PreparedDocument(
        document=document,
        source_id=source_id,
        volume_year=volume_year,
        text=text,
        file_name=file_name,
        new_source=new_source,
        url=url or document.url,
        section=section.strip(),
        events=extracted,
        dropped=dropped,
        paragraphs=paragraphs,
        notes=notes,
    )


def volume_year_from_path(path: Path) -> tuple[int | None, str]:
    """The volume year written in the file's name, else in its folder's or the folder above
    (nearest first), with the name it was read from: ``bluebook_2005_asia.txt``,
    ``2022/ch2.html``, ``bluebook2022/chapter2/page.html``. A name with two different years
    decides nothing (None); so does one with none, and the search goes up."""
    latest = dt.date.today().year + 1
    for name in [Path(path).stem, *(parent.name for parent in Path(path).parents[:NAME_LEVELS])]:
        years = {
            int(year)
            for year in YEAR_IN_NAME.findall(name)
            if FIRST_VOLUME_YEAR <= int(year) <= latest
        }
        if len(years) > 1:
            return None, name
        if years:
            return years.pop(), name
    return None, ""


def _plan_source(
    document: SourceDocument,
    data_dir: Path,
    sources: pd.DataFrame,
    source_id: str,
    volume_year: int,
) -> tuple[str, str, bool, int]:
    """Return (text, file name, whether the source is new, volume year) for ``source_id``;
    refuse a text already registered under another id, or another text under this id."""
    registered = sources[sources["source_id"] == source_id]
    if registered.empty:
        text = normalize_text(document.text)
        _check_not_ingested(document, text, sources, data_dir)
        return text, _file_name(document.path), True, volume_year
    file_name = registered.iloc[0]["file"]
    text = (data_dir / "sources" / file_name).read_text(encoding="utf-8")
    _check_same_text(text, document.text, source_id, file_name)
    return text, file_name, False, int(registered.iloc[0]["volume_year"])


def _check_not_ingested(
    document: SourceDocument, text: str, sources: pd.DataFrame, data_dir: Path
) -> None:
    """Refuse a document whose original (same SHA-256) or cleaned text is already a source."""
    size = len(text.encode("utf-8"))
    for _, row in sources.iterrows():
        same = bool(document.sha256) and row["original_sha256"] == document.sha256
        stored = data_dir / "sources" / row["file"]
        if not same and stored.is_file() and stored.stat().st_size == size:
            same = stored.read_text(encoding="utf-8") == text
        if same:
            raise IngestError(
                [
                    f"{document.path}: already ingested as {row['source_id']} "
                    f"(sources/{row['file']}, the same text); leave it out, or give "
                    f"--source-id {row['source_id']} to add what a newer extractor finds"
                ]
            )


YEAR_IN_NAME = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
"""A four-digit year standing alone in a file or folder name (``bluebook_2005_asia``)."""
FIRST_VOLUME_YEAR = 1957
"""The first Diplomatic Bluebook."""
NAME_LEVELS = 2
"""Folders above a file whose names may give its volume year (``bluebook2022/ch2/x.html``)."""
_ENGLISH_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the of and to in a is was with for on that by as has have its are were at from an be "
        "this which",
    )
)
_MIN_ENGLISH_SHARE = 0.15
_MIN_WORDS = 40


def looks_like_bluebook(text: str, volume_year: int) -> bool:
    """Tell whether ``text`` with no event can still be a page of the Bluebook: English prose
    of 40 words or more (common English words make at least 15 % of it) naming at least one
    country or region of the gazetteer."""
    words = re.findall(r"[A-Za-z']+", text)
    if len(words) < _MIN_WORDS:
        return False
    english = sum(word.lower() in _ENGLISH_WORDS for word in words) / len(words)
    if english < _MIN_ENGLISH_SHARE:
        return False
    return bool(country_finder(DEFAULT_DATA_DIR).find(text, volume_year))


def _section_from_file_name(path: Path) -> str:
    return re.sub(r"[_\s-]+", " ", Path(path).stem).strip() or "untitled"


def commit_documents(prepared: list[PreparedDocument], data_dir: Path) -> list[IngestResult]:
    """Check ``prepared`` against the data folder as it is now and write them all, under the
    data-folder lock; raise ``IngestError`` (nothing written) if any one is refused."""
    data_dir = Path(data_dir)
    with data_folder_lock(data_dir):
        transaction.recover(data_dir)
        sources = _read(data_dir / "sources" / "sources.csv", SOURCE_COLUMNS)
        events = _read(data_dir / "events.csv", EVENT_COLUMNS)
        problems: list[str] = []
        batch = _Batch(data_dir, sources, events)
        results = []
        for item in prepared:
            try:
                results.append(batch.add(item))
            except IngestError as error:
                problems += error.messages
        if problems:
            if len(prepared) > 1:
                problems.append(
                    "nothing was written: fix or leave out the documents above and run again"
                )
            raise IngestError(problems)
        writes, origins = batch.writes()
        if writes:
            _validate_would_be(data_dir, writes, origins)
            transaction.commit(data_dir, writes)
    return results


class _Batch:
    """The rows and files several documents add, checked one after the other."""

    def __init__(self, data_dir: Path, sources: pd.DataFrame, events: pd.DataFrame) -> None:
        self.data_dir = data_dir
        self.sources = sources
        self.events = events
        self.new_events: list[pd.DataFrame] = []
        self.new_sources: list[pd.DataFrame] = []
        self.files: dict[Path, str] = {}
        self.taken_ids = set(events["event_id"])
        self.shas: dict[str, str] = {}
        self.origins: list[str] = []
        """For each appended events.csv row: the document and event it comes from."""
        self.source_origins: list[str] = []
        """The same for each appended sources.csv row."""

    def add(self, item: PreparedDocument) -> IngestResult:
        path, source_id = item.document.path, item.source_id
        if any(source_id in set(frame["source_id"]) for frame in self.new_sources):
            raise IngestError(
                [f"{path}: another document of this batch has the source id {source_id}"]
            )
        plan = _plan_source(item.document, self.data_dir, self.sources, source_id, item.volume_year)
        if plan[2] != item.new_source or plan[0] != item.text:
            raise IngestError(
                [f"{path}: {source_id} was registered by another ingest meanwhile; run again"]
            )
        sha = item.document.sha256
        if sha and sha in self.shas:
            raise IngestError([f"{path}: already ingested as {self.shas[sha]} (the same text)"])
        existing = self.events[self.events["source_id"] == source_id]
        new = unmatched_events(item.events.copy(), existing)
        new["event_id"] = _event_ids(source_id, self.taken_ids, len(new))
        self.taken_ids |= set(new["event_id"])
        result = IngestResult(
            source_id,
            item.new_source,
            len(new),
            len(item.events) - len(new),
            item.dropped,
            item.paragraphs,
            item.notes,
        )
        if item.new_source:
            self._register(item)
        if sha:
            self.shas[sha] = source_id
        self.new_events.append(new)
        self.origins += [
            f"{path}: new event {number} of {len(new)} ({row['date']} {row['event_type']}, "
            f"paragraph {row['paragraph']})"
            for number, (_, row) in enumerate(new.iterrows(), start=1)
        ]
        return result

    def _register(self, item: PreparedDocument) -> None:
        sources_dir = self.data_dir / "sources"
        target = sources_dir / item.file_name
        if target in self.files:
            raise IngestError(
                [
                    f"{item.document.path}: another document of this batch is stored as "
                    f"sources/{item.file_name}; rename one of them"
                ]
            )
        _check_new_file(target, item.text, item.source_id)
        row = _source_row(item.text, item.source_id, item.volume_year, item.url, item.file_name)
        if item.section and not row.at[0, "section"]:
            row.at[0, "section"] = item.section
            row.at[0, "title"] += f": {item.section}"
        row[["original_file", "original_format", "original_sha256"]] = [
            item.document.path.name,
            item.document.format,
            item.document.sha256,
        ]
        self.sources = pd.concat([self.sources, row], ignore_index=True)
        self.new_sources.append(row)
        self.source_origins.append(f"{item.document.path}: its new row of sources.csv")
        self.files[target] = item.text
        if item.document.format == "pdf":
            page_map = sources_dir / page_map_name(item.file_name)
            _check_new_file(page_map, "", item.source_id)
            self.files[page_map] = format_page_map(build_page_map(item.text, item.document.pieces))

    def writes(self) -> tuple[dict[Path, str], dict[tuple[str, int], str]]:
        """The files to write (none when no document adds a row), and for each line where a
        new row of ``events.csv`` or ``sources.csv`` starts (a line that does not exist yet),
        the document and event it comes from.

        The files are in the order to write them, so that a process killed between two of them
        leaves a valid folder: the source texts and page maps, then ``sources.csv`` (its rows
        name those files), then ``events.csv`` (its rows name those sources), then
        ``extraction.csv``."""
        new_events = [frame for frame in self.new_events if not frame.empty]
        if not new_events and not self.new_sources:
            return {}, {}
        writes: dict[Path, str] = dict(self.files)
        origins: dict[tuple[str, int], str] = {}
        tables = (
            (
                self.data_dir / "sources" / "sources.csv",
                self.new_sources,
                SOURCE_COLUMNS,
                self.source_origins,
            ),
            (self.data_dir / "events.csv", new_events, EVENT_COLUMNS, self.origins),
        )
        for path, frames, columns, told in tables:
            if not frames:
                continue
            rows = pd.concat(frames, ignore_index=True)
            old = path.read_text(encoding="utf-8")
            line = old.count("\n") + (1 if old and not old.endswith("\n") else 0) + 1
            name = path.relative_to(self.data_dir).as_posix()
            for origin, row_text in zip(told, _csv_lines(rows, columns), strict=True):
                origins[(name, line)] = origin
                line += row_text.count("\n")
            writes[path] = _append_rows(path, rows, columns)
        if new_events:  # why each new event exists: its rules and confidence
            extracted = pd.concat(new_events, ignore_index=True)
            writes.update(extraction_writes(self.data_dir, extracted, scorer_version()))
        return writes, origins


def read_source(path: Path) -> SourceDocument:
    """Read the document at ``path`` (any accepted form); raise ``IngestError`` if unusable."""
    try:
        return read_document(path)
    except SourceDocumentError as error:
        raise IngestError([str(error)]) from error


def _read(path: Path, columns) -> pd.DataFrame:
    try:
        return read_checked(path, columns)
    except UnreadableTable as error:
        raise IngestError(
            [str(problem) for problem in error.problems]
            + [f"fix {path} first (python -m bluebook validate)"]
        ) from error


def _file_name(path: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).strip("_") or "source"
    return f"{name}.txt"


def _check_new_file(target: Path, text: str, source_id: str) -> None:
    """Refuse to replace a file of ``sources/`` that holds something else (``text`` "" for a
    file that must not exist yet)."""
    if target.exists() and (not text or target.read_text(encoding="utf-8") != text):
        raise IngestError(
            [
                f"{target}: another text already has this file name; rename the input file "
                f"or register it under another --source-id than {source_id!r}"
            ]
        )


def _check_same_text(registered: str, raw: str, source_id: str, file_name: str) -> None:
    if normalize_text(registered).split() != normalize_text(raw).split():
        raise IngestError(
            [
                f"source id {source_id!r} is already registered for sources/{file_name}, "
                "which holds a different text; pass another --source-id"
            ]
        )


def _source_row(
    text: str, source_id: str, volume_year: int, url: str, file_name: str
) -> pd.DataFrame:
    document = parse_document(text)
    chapter = document.chapter or ""
    section = document.section_title or ""
    title = f"Diplomatic Bluebook {volume_year}" + (f", Chapter {chapter}" if chapter else "")
    title += f": {section}" if section else ""
    row = {
        "source_id": source_id,
        "title": title,
        "volume_year": str(volume_year),
        "chapter": chapter,
        "section": section,
        "url": url,
        "attribution": f"Diplomatic Bluebook {volume_year}, Ministry of Foreign Affairs of Japan",
        "file": file_name,
    }
    return pd.DataFrame([row], columns=list(SOURCE_COLUMNS))


def _extractable(frame: pd.DataFrame, volume_year: int) -> tuple[pd.DataFrame, list[str]]:
    """Keep known country codes and dates within the volume; report rows left out."""
    known = known_country_codes()
    dropped = []
    keep = []
    for index, row in frame.iterrows():
        codes = [code for code in row["countries"].split(LIST_SEPARATOR) if code in known]
        frame.at[index, "countries"] = LIST_SEPARATOR.join(codes)
        ok = bool(codes) and int(row["date"][:4]) <= volume_year
        if not ok:
            dropped.append(f"{row['date']} {row['event_type']} {row['countries']}")
        keep.append(ok)
    return frame[pd.Series(keep, index=frame.index, dtype=bool)].reset_index(drop=True), dropped


def _event_ids(source_id: str, taken: set[str], count: int) -> list[str]:
    ids, number = [], 0
    while len(ids) < count:
        number += 1
        candidate = f"{source_id}-x{number:03d}"
        if candidate not in taken:
            ids.append(candidate)
    return ids


def _csv_lines(rows: pd.DataFrame, columns) -> list[str]:
    """Each row of ``rows`` as CSV text ending with a newline."""
    lines = []
    for _, row in rows.iterrows():
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([row[column] for column in columns])
        lines.append(buffer.getvalue())
    return lines


def _append_rows(path: Path, rows: pd.DataFrame, columns) -> str:
    """Return the file's text with ``rows`` appended; existing bytes are kept as they are."""
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(_csv_lines(rows, columns))


def anchor_evidence(evidence: str, source_text: str) -> str:
    """Return ``evidence`` as the source spells it (footnote digits, MOFA quotes), if found."""
    flat_source = " ".join(source_text.split())
    if " ".join(evidence.split()) in flat_source:
        return evidence
    tokens = re.findall(r"[A-Za-z0-9]+", evidence)
    if not tokens:
        return evidence
    gap = r"[^A-Za-z0-9]{0,6}?(?:\d{1,2}|[fgh])?[^A-Za-z0-9]{0,6}?"
    pattern = re.escape(tokens[0]) + "".join(gap + re.escape(token) for token in tokens[1:])
    match = re.search(pattern, flat_source)
    if match is None:
        return evidence
    end = match.end()
    while end < len(flat_source) and flat_source[end] in '.!?”"’)':
        end += 1
    return flat_source[match.start() : end]


def _validate_would_be(
    data_dir: Path, writes: dict[Path, str], origins: dict[tuple[str, int], str]
) -> None:
    """Validate the folder as it would be; a problem in a new row is told by the document (and
    event) it comes from, since that line does not exist yet."""
    problems = validate_would_be(data_dir, writes)
    if problems:
        messages = []
        for problem in problems:
            where = Path(problem.file)
            name = where.relative_to(data_dir).as_posix() if where.is_relative_to(data_dir) else ""
            if (name, problem.line) in origins:
                column = f" {problem.column}:" if problem.column else ""
                told = origins[(name, problem.line)]
                messages.append(f"{told}:{column} {problem.message} — {problem.fix}")
            else:
                messages.append(str(problem))
        raise IngestError([*messages, "nothing was written: the result would not validate"])
