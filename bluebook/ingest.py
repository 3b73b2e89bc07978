"""Add a Bluebook section to ``data/``: register the source, append its events unreviewed.

``ingest_source`` never changes an existing row: the new events are appended to the bytes of
``events.csv`` as they are. An extracted event that matches an event already recorded for the
source (same type, a shared country, dates agreeing; see ``bluebook.evaluate.events_match``) is
left out, so reviewed rows are never duplicated and a second ingest of the same text adds
nothing. The would-be folder is validated in a temporary copy first; the files are then
replaced atomically (temporary file + rename), and restored if any write fails.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bluebook.evaluate import events_match
from bluebook.extract import default_source_id, extract_frame
from bluebook.extract.explain import extraction_writes
from bluebook.extract.normalize import normalize_text
from bluebook.extract.scorer import scorer_version
from bluebook.extract.structure import find_volume_year, parse_document
from bluebook.readers import SourceDocument, SourceDocumentError, read_document
from bluebook.readers.page_map import build_page_map, format_page_map, page_map_name
from bluebook.schema import EVENT_COLUMNS, LIST_SEPARATOR, SOURCE_COLUMNS
from bluebook.tables import LINE_COLUMN, data_folder_lock, read_table, write_text_atomic
from bluebook.validate import known_country_codes, validate_data_dir


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


def ingest_source(
    path: Path,
    data_dir: Path,
    volume_year: int | None = None,
    source_id: str | None = None,
    url: str = "",
) -> IngestResult:
    """Ingest the document at ``path`` into ``data_dir``; raises ``IngestError`` on bad input."""
    return ingest_document(read_source(Path(path)), data_dir, volume_year, source_id, url)


def ingest_document(
    document: SourceDocument,
    data_dir: Path,
    volume_year: int | None = None,
    source_id: str | None = None,
    url: str = "",
) -> IngestResult:
    """Ingest a document already read (see ``read_source``); raises ``IngestError``.

    A new source's cleaned text goes to ``sources/``, with its page map when it came from a PDF;
    without ``url``, the address a saved web page names as its own is registered. The data
    folder is locked from the first read to the last write (``data_folder_lock``, the lock the
    review decisions take), so a reviewer's save made meanwhile is neither lost nor overwritten.
    """
    with data_folder_lock(Path(data_dir)):
        return _ingest_locked(document, Path(data_dir), volume_year, source_id, url)


def _ingest_locked(
    document: SourceDocument,
    data_dir: Path,
    volume_year: int | None,
    source_id: str | None,
    url: str,
) -> IngestResult:
    path = document.path
    raw = document.text
    url = url or document.url
    volume_year = volume_year or find_volume_year(raw)
    if volume_year is None:
        raise IngestError([f"{path}: no 'Diplomatic Bluebook YYYY' header; pass --volume-year"])
    source_id = source_id or default_source_id(path, volume_year)
    sources = _read(data_dir / "sources" / "sources.csv", SOURCE_COLUMNS)
    events = _read(data_dir / "events.csv", EVENT_COLUMNS)
    registered = sources[sources["source_id"] == source_id]
    if registered.empty:
        text, file_name = normalize_text(raw), _file_name(path)
        _check_new_file(data_dir / "sources" / file_name, text, source_id)
        source_row = _source_row(text, source_id, volume_year, url, file_name)
        source_row[["original_file", "original_format", "original_sha256"]] = [
            path.name,
            document.format,
            document.sha256,
        ]
    else:
        file_name = registered.iloc[0]["file"]
        text = (data_dir / "sources" / file_name).read_text(encoding="utf-8")
        _check_same_text(text, raw, source_id, file_name)
        volume_year = int(registered.iloc[0]["volume_year"])
        source_row = None
    extracted, dropped = _extractable(extract_frame(text, source_id, volume_year), volume_year)
    if extracted.empty:
        raise IngestError(
            [f"{path}: no events found; is it a section of the Diplomatic Bluebook in English?"]
        )
    extracted["evidence"] = [anchor_evidence(value, text) for value in extracted["evidence"]]
    new = _new_events(extracted, events[events["source_id"] == source_id])
    new["event_id"] = _event_ids(source_id, set(events["event_id"]), len(new))
    result = IngestResult(source_id, source_row is not None, len(new), len(extracted) - len(new))
    result.dropped = dropped
    if source_row is None and new.empty:
        return result
    writes = {data_dir / "events.csv": _append_rows(data_dir / "events.csv", new, EVENT_COLUMNS)}
    writes.update(extraction_writes(data_dir, new, scorer_version()))  # why each event exists
    if source_row is not None:
        sources_path = data_dir / "sources" / "sources.csv"
        writes[sources_path] = _append_rows(sources_path, source_row, SOURCE_COLUMNS)
        writes[data_dir / "sources" / file_name] = text
        if document.format == "pdf":
            page_map = data_dir / "sources" / page_map_name(file_name)
            _check_new_file(page_map, "", source_id)
            writes[page_map] = format_page_map(build_page_map(text, document.pieces))
    _validate_would_be(data_dir, writes)
    write_all(writes)
    return result


def read_source(path: Path) -> SourceDocument:
    """Read the document at ``path`` (any accepted form); raise ``IngestError`` if unusable."""
    try:
        return read_document(path)
    except SourceDocumentError as error:
        raise IngestError([str(error)]) from error


def _read(path: Path, columns) -> pd.DataFrame:
    table = read_table(path, columns)
    if table.problems:
        raise IngestError(
            [str(problem) for problem in table.problems]
            + [f"fix {path} first (python -m bluebook validate)"]
        )
    return table.frame.drop(columns=LINE_COLUMN).reset_index(drop=True)


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
    return frame[keep].reset_index(drop=True), dropped


def _new_events(extracted: pd.DataFrame, existing: pd.DataFrame) -> pd.DataFrame:
    existing_rows = [row for _, row in existing.iterrows()]
    keep = [
        not any(events_match(row, other) for other in existing_rows)
        for _, row in extracted.iterrows()
    ]
    return extracted[keep].reset_index(drop=True)


def _event_ids(source_id: str, taken: set[str], count: int) -> list[str]:
    ids, number = [], 0
    while len(ids) < count:
        number += 1
        candidate = f"{source_id}-x{number:03d}"
        if candidate not in taken:
            ids.append(candidate)
    return ids


def _append_rows(path: Path, rows: pd.DataFrame, columns) -> str:
    """Return the file's text with ``rows`` appended; existing bytes are kept as they are."""
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        text += "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for _, row in rows.iterrows():
        writer.writerow([row[column] for column in columns])
    return text + buffer.getvalue()


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


def _validate_would_be(data_dir: Path, writes: dict[Path, str]) -> None:
    with tempfile.TemporaryDirectory(prefix="bluebook-ingest-") as folder:
        copy = Path(folder) / "data"
        shutil.copytree(data_dir, copy)
        for target, content in writes.items():
            (copy / target.relative_to(data_dir)).write_text(content, encoding="utf-8")
        problems = validate_data_dir(copy)
    if problems:
        messages = [str(problem).replace(f"{copy}/", f"{data_dir}/") for problem in problems]
        raise IngestError([*messages, "nothing was written: the result would not validate"])


def write_all(writes: dict[Path, str]) -> None:
    """Write each file atomically; if one write fails, put every file back as it was."""
    previous = {path: path.read_bytes() if path.exists() else None for path in writes}
    done: list[Path] = []
    try:
        for path, content in writes.items():
            write_text_atomic(content, path)
            done.append(path)
    except BaseException:
        for path in done:
            old = previous[path]
            if old is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(old)
        raise
