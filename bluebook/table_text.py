"""``events.csv`` and ``countries.csv`` as bytes, for decisions whose cost does not grow with them.

A decision changes one row (or a few). Parsing and writing back every row costs about 0.8 s at
50k events; finding the row's bytes and splicing the new row in costs milliseconds. A row is
found by its key at the start of a line *outside* any quoted field: in CSV a position is outside
quotes exactly when the number of ``"`` before it is even (a quote inside a field is doubled).
Keys never need quoting: an event id, or a country code and a source id (letters, digits,
``.``, ``_``, ``-``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS, LIST_SEPARATOR


class StoreError(Exception):
    """A table cannot be edited as text (bad header, a repeated key, a broken row)."""


def format_row(values: Mapping[str, str], columns: Sequence[str] = EVENT_COLUMNS) -> bytes:
    """One CSV line (``\\n``-terminated, UTF-8) with ``values`` in ``columns`` order."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([str(values[column]) for column in columns])
    return buffer.getvalue().encode("utf-8")


def parse_row(text: str | bytes, columns: Sequence[str] = EVENT_COLUMNS) -> dict[str, str] | None:
    """The row written on ``text`` (one CSV record) as a dict, or None if it is not one."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None
    if len(records) != 1 or len(records[0]) != len(columns):
        return None
    return dict(zip(columns, records[0], strict=True))


@dataclass(frozen=True)
class Located:
    """Where a row is: ``start`` and ``end`` (past its line break) in bytes, its line, values."""

    start: int
    end: int
    line: int
    row: dict[str, str]


class CsvText:
    """The bytes of a CSV table whose rows start with a key, with lookups and splicing edits.

    Raises ``StoreError`` when the header is not ``columns``.
    """

    def __init__(self, path: Path, columns: Sequence[str], data: bytes | None = None) -> None:
        self.data: bytearray
        self.path = Path(path)
        self.columns = tuple(columns)
        self.data = bytearray(self.path.read_bytes() if data is None else data)
        header = ",".join(self.columns).encode("utf-8")
        first_break = self.data.find(b"\n")
        if self.data[: first_break if first_break != -1 else None].rstrip(b"\r") != header:
            raise StoreError(
                f"{self.path.name}:1: the header is not {header.decode()} — fix it first "
                "(python -m bluebook validate)"
            )
        if not self.data.endswith(b"\n"):
            self.data += b"\n"
        self.changed = False

    def _row_end(self, start: int) -> int:
        end = self.data.find(b"\n", start)
        while end != -1 and self.data.count(b'"', start, end) % 2:
            end = self.data.find(b"\n", end + 1)
        return len(self.data) if end == -1 else end + 1

    def _starts(self, key: str) -> Iterator[int]:
        """Row starts (outside quotes) of rows that begin with ``key``."""
        needle = b"\n" + key.encode("utf-8")
        found = self.data.find(needle)
        while found != -1:
            if self.data.count(b'"', 0, found + 1) % 2 == 0:
                yield found + 1
            found = self.data.find(needle, found + 1)

    def locate(self, *key: str) -> Located | None:
        """The row whose first fields are ``key``, or None; ``StoreError`` if it repeats."""
        prefix = ",".join(key) + ","
        starts = self._starts(prefix)
        start = next(starts, None)
        if start is None:
            return None
        again = next(starts, None)
        if again is not None:
            raise StoreError(
                f"{self.path.name}:{self.line_of(again)}: {' '.join(key)!r} repeats line "
                f"{self.line_of(start)} — keep one row each (python -m bluebook validate)"
            )
        end = self._row_end(start)
        row = parse_row(bytes(self.data[start:end]), self.columns)
        if row is None or [row[column] for column in self.columns[: len(key)]] != list(key):
            raise StoreError(
                f"{self.path.name}:{self.line_of(start)}: the row of {' '.join(key)!r} cannot be "
                "read — fix it first (python -m bluebook validate)"
            )
        return Located(start, end, self.line_of(start), row)

    def has_key(self, *key: str) -> bool:
        """Whether a row starts with ``key`` (a text search)."""
        return next(self._starts(",".join(key) + ","), None) is not None

    def line_of(self, position: int) -> int:
        """The 1-based line of ``position``."""
        return self.data.count(b"\n", 0, position) + 1

    def line_count(self) -> int:
        """The number of lines (the next appended row starts on this line + 1)."""
        return self.data.count(b"\n")

    def replace(self, found: Located, row: Mapping[str, str] | None) -> None:
        """Put ``row`` where ``found`` was (None: remove it)."""
        # In place: a bytearray moves only the bytes after the row, no copy of the table.
        self.data[found.start : found.end] = b"" if row is None else format_row(row, self.columns)
        self.changed = True

    def append(self, row: Mapping[str, str]) -> None:
        """Add ``row`` at the end."""
        self.data += format_row(row, self.columns)
        self.changed = True

    def put(self, row: Mapping[str, str], key_columns: int) -> None:
        """Replace the row with ``row``'s key, or append it."""
        found = self.locate(*(str(row[column]) for column in self.columns[:key_columns]))
        if found is None:
            self.append(row)
        else:
            self.replace(found, row)


class EventsText(CsvText):
    """``events.csv`` as bytes (see ``CsvText``)."""

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        super().__init__(path, EVENT_COLUMNS, data)

    def rows_of(self, source_id: str, country: str) -> list[dict[str, str]]:
        """The rows of ``source_id`` that list ``country``, in file order.

        Found by searching for ``,<source_id>,`` and reading the line around each match; a row
        whose fields span lines is skipped (only a draft summary uses this).
        """
        rows, seen = [], set()
        needle = f",{source_id},".encode()
        found = self.data.find(needle)
        while found != -1:
            start = self.data.rfind(b"\n", 0, found) + 1
            end = self.data.find(b"\n", found)
            if start not in seen:
                seen.add(start)
                row = parse_row(bytes(self.data[start : end + 1]))
                if (
                    row is not None
                    and row["source_id"] == source_id
                    and country in row["countries"].split(LIST_SEPARATOR)
                ):
                    rows.append(row)
            found = self.data.find(needle, end)
        return rows


class CountriesText(CsvText):
    """``countries.csv`` as bytes, keyed by country code and source id."""

    def __init__(self, path: Path, data: bytes | None = None) -> None:
        super().__init__(path, COUNTRY_COLUMNS, data)

    def name_of(self, iso3: str) -> str | None:
        """The name given to ``iso3`` in any of its summaries, if it has one."""
        start = next(self._starts(f"{iso3},"), None)
        if start is None:
            return None
        row = parse_row(bytes(self.data[start : self._row_end(start)]), self.columns)
        return row["name"] if row else None
