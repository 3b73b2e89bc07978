"""Page provenance of a source read from a PDF, and the checks of the original-document columns.

A source whose ``original_format`` is ``pdf`` has, beside its text ``sources/X.txt``, a page map
``sources/X.pages.csv`` with the columns ``line,column,page``: from character ``column``
(1-based) of line ``line`` (1-based) of the stored text on, the text is on page ``page`` of the
PDF. Every non-empty line has a row at column 1; a paragraph that runs over a page break has a
second row where the next page begins. An event's page is the page of its evidence sentence
(``bluebook.event_pages``). The map is a file of its own so that ``events.csv`` keeps its columns.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from bluebook.errors import Problem
from bluebook.readers.base import FORMATS

PAGE_MAP_COLUMNS: tuple[str, ...] = ("line", "column", "page")
PAGE_MAP_SUFFIX = ".pages.csv"
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}\Z")
_LOCATE_CHARS = 48

PageRow = tuple[int, int, int]


def page_map_name(file_name: str) -> str:
    """Return the page map's name for the source text ``file_name`` ("X.txt" → "X.pages.csv")."""
    return f"{Path(file_name).stem}{PAGE_MAP_SUFFIX}"


def build_page_map(text: str, pieces: Iterable[tuple[int, str]]) -> list[PageRow]:
    """Return the page map rows of ``text`` from the reader's (page, piece) list in reading order.

    Each piece is looked for in ``text`` after the previous one; a piece that cleaning changed
    beyond recognition is skipped (its text counts to the page before).
    """
    starts: list[tuple[int, int]] = []
    cursor = 0
    for page, piece in pieces:
        needle = " ".join(piece.split())[:_LOCATE_CHARS]
        found = text.find(needle, cursor) if needle else -1
        if found < 0:
            continue
        if not starts or starts[-1][1] != page:
            starts.append((found, page))
        cursor = found + 1
    if not starts:
        return []
    offsets = [offset for offset, _ in starts]
    rows: list[PageRow] = []
    line_start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line_end = line_start + len(line)
        if line.strip():
            index = max(bisect.bisect_right(offsets, line_start) - 1, 0)
            rows.append((number, 1, starts[index][1]))
            for offset, page in starts[index + 1 :]:
                if offset >= line_end:
                    break
                if page != rows[-1][2]:
                    rows.append((number, offset - line_start + 1, page))
        line_start = line_end + 1
    return rows


def format_page_map(rows: list[PageRow]) -> str:
    """Return the page map as CSV text (header ``line,column,page``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PAGE_MAP_COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def parse_page_map(content: str) -> list[PageRow]:
    """Return the rows of a page map's CSV text; raise ``ValueError`` naming the bad line."""
    reader = csv.reader(io.StringIO(content))
    header = next(reader, None)
    if tuple(header or ()) != PAGE_MAP_COLUMNS:
        raise ValueError(f"line 1: the header must be {','.join(PAGE_MAP_COLUMNS)}")
    rows: list[PageRow] = []
    for number, cells in enumerate(reader, start=2):
        if len(cells) != 3 or not all(cell.isascii() and cell.isdigit() for cell in cells):
            raise ValueError(f"line {number}: expected three positive whole numbers")
        line, column, page = (int(cell) for cell in cells)
        if min(line, column, page) < 1:
            raise ValueError(f"line {number}: numbers start at 1")
        rows.append((line, column, page))
    return rows


def check_page_map(text: str, content: str, label: str) -> list[Problem]:
    """Check a page map against its source text: rows in order, every non-empty line mapped
    at column 1, columns within their line, pages never going back."""
    try:
        rows = parse_page_map(content)
    except ValueError as error:
        return [Problem(label, 0, "", str(error), "rebuild it by ingesting the PDF again")]
    lines = text.split("\n")
    problems: list[Problem] = []
    mapped = {line for line, column, _ in rows if column == 1}
    for number, (line, column, page) in enumerate(rows, start=2):
        previous = rows[number - 3] if number > 2 else None
        if line > len(lines) or column > max(len(lines[line - 1]), 1):
            what = f"line {line} column {column} is past the end of the text"
        elif previous is not None and (line, column) <= previous[:2]:
            what = f"line {line} column {column} comes after line {previous[0]}"
        elif previous is not None and page < previous[2]:
            what = f"page {page} comes after page {previous[2]}"
        else:
            continue
        problems.append(Problem(label, number, "", what, "rebuild it by ingesting the PDF again"))
    unmapped = [n for n, line in enumerate(lines, start=1) if line.strip() and n not in mapped]
    if unmapped:
        problems.append(
            Problem(
                label,
                0,
                "",
                f"text line {unmapped[0]} has no page ({len(unmapped)} line(s) in all)",
                "rebuild it by ingesting the PDF again",
            )
        )
    return problems


def check_original_documents(frame: pd.DataFrame, label: str, data_dir: Path) -> list[Problem]:
    """Check ``original_file/format/sha256`` of each source and the page map of PDF sources."""
    problems: list[Problem] = []
    sources = Path(data_dir) / "sources"
    for row in frame.itertuples(index=False):
        line = row.source_line
        values = (row.original_file, row.original_format, row.original_sha256)
        if any(values) and not all(values):
            problems.append(
                Problem(
                    label,
                    line,
                    "original_file",
                    "original_file, original_format and original_sha256 are filled only in part",
                    "fill all three (as ingest does) or leave all three empty",
                )
            )
        if row.original_format and row.original_format not in FORMATS:
            problems.append(
                Problem(
                    label,
                    line,
                    "original_format",
                    f"{row.original_format!r} is not a document format",
                    f"write one of {', '.join(FORMATS)}",
                )
            )
        if row.original_sha256 and not SHA256_PATTERN.match(row.original_sha256):
            problems.append(
                Problem(
                    label,
                    line,
                    "original_sha256",
                    f"{row.original_sha256!r} is not a SHA-256",
                    "write the 64 lower-case hex digits of the original file's SHA-256",
                )
            )
        problems += _check_page_map_file(row, label, sources)
    return problems


def _check_page_map_file(row, label: str, sources: Path) -> list[Problem]:
    text_path = sources / row.file
    if not row.file or "/" in row.file or "\\" in row.file or not text_path.is_file():
        return []  # check_sources reports the missing text
    map_path = sources / page_map_name(row.file)
    map_label = f"{label.rsplit('/', 1)[0]}/{map_path.name}" if "/" in label else map_path.name
    if row.original_format != "pdf":
        if map_path.exists():
            return [
                Problem(
                    label,
                    row.source_line,
                    "original_format",
                    f"sources/{map_path.name} is a page map, but the source is not from a PDF",
                    "remove the page map, or set original_format to pdf",
                )
            ]
        return []
    if not map_path.is_file():
        return [
            Problem(
                label,
                row.source_line,
                "original_format",
                f"a source read from a PDF needs its page map sources/{map_path.name}",
                "ingest the PDF again to rebuild it",
            )
        ]
    try:
        text = text_path.read_text(encoding="utf-8")
        content = map_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(map_label, 0, "", f"cannot be read ({error})", "ingest the PDF again")]
    return check_page_map(text, content, map_label)
