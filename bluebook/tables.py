"""Reading and writing the CSV tables of ``data/`` safely.

Reading never raises on bad content: it returns the rows it could read together with the
problems it found (encoding, delimiter, header, ragged rows, oversized files), each located by
file and line. Writing goes to a temporary file in the same folder, then renames it over the
target, so a reader never sees a half-written table.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bluebook.errors import Problem

MEGABYTE = 1024 * 1024
MAX_TABLE_MB_VARIABLE = "BLUEBOOK_MAX_TABLE_MB"
DEFAULT_MAX_TABLE_MB = 40


def read_size_limit_mb(variable: str, default: int) -> int:
    """A size limit in MB from the environment; ``default`` when unset or not a positive integer.

    Falling back instead of raising keeps a mistyped setting from breaking every command.
    """
    value = os.environ.get(variable, "").strip()
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else default


MAX_TABLE_BYTES = read_size_limit_mb(MAX_TABLE_MB_VARIABLE, DEFAULT_MAX_TABLE_MB) * MEGABYTE
MAX_FIELD_CHARS = 10_000
CSV_FIELD_LIMIT_ERROR = "field larger than field limit"
LINE_COLUMN = "source_line"


@dataclass
class Table:
    """Rows of a CSV file as strings, with the 1-based line where each row starts."""

    path: Path
    label: str
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in [*columns, LINE_COLUMN]})


def _decode(raw: bytes, label: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [
            Problem(
                label,
                1,
                "",
                "the file starts with a byte order mark (BOM)",
                "save it as UTF-8 without BOM",
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [
            Problem(
                label,
                line,
                "",
                f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
                "save the file as UTF-8",
            )
        ]


def _header_problems(header: list[str], columns: Sequence[str], label: str) -> list[Problem]:
    if header == list(columns):
        return []
    if not any(name.strip() for name in header):
        return [
            Problem(
                label,
                1,
                "",
                "line 1 is blank, so there is no header",
                f"remove the blank line(s) above the header {','.join(columns)}",
            )
        ]
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        return [
            Problem(
                label,
                1,
                ", ".join(repeated),
                "column(s) repeated in the header",
                f"keep each column once; expected header: {','.join(columns)}",
            )
        ]
    if len(header) == 1 and len(columns) > 1:
        for delimiter, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if delimiter in header[0]:
                return [
                    Problem(
                        label,
                        1,
                        "",
                        f"the header is separated by {name}, not commas",
                        "save the file as comma-separated CSV",
                    )
                ]
    problems = []
    missing = [name for name in columns if name not in header]
    extra = [name for name in header if name not in columns]
    if missing:
        problems.append(
            Problem(
                label,
                1,
                ", ".join(missing),
                "missing column(s)",
                f"add the column(s); expected header: {','.join(columns)}",
            )
        )
    if extra:
        problems.append(
            Problem(
                label,
                1,
                ", ".join(extra),
                "unexpected column(s)",
                f"remove or rename them; expected header: {','.join(columns)}",
            )
        )
    if not missing and not extra:
        problems.append(
            Problem(
                label,
                1,
                "",
                "columns are in the wrong order",
                f"use this header: {','.join(columns)}",
            )
        )
    return problems


def _too_long_problem(label: str, line: int, names: str) -> Problem:
    return Problem(
        label,
        line,
        names,
        f"field longer than {MAX_FIELD_CHARS} characters",
        "shorten it; evidence should be the sentence(s) that state the event",
    )


def _syntax_problem(label: str, start: int, end: int, error: csv.Error) -> Problem:
    if CSV_FIELD_LIMIT_ERROR in str(error):
        return _too_long_problem(label, start, "")
    # A stray quote makes the reader swallow the following lines, so the row's first line is
    # where to look; the line where the reader gave up is only a hint.
    where = f" (the reader gave up on line {end})" if end != start else ""
    return Problem(
        label,
        start,
        "",
        f"CSV syntax error in the row starting here{where}: {error}",
        "check the quotes: a field with a comma, quote or line break must be enclosed in "
        'double quotes, and a quote inside it doubled ("")',
    )


def _parse_rows(
    reader, columns: Sequence[str], label: str
) -> tuple[list[list[str]], list[int], list[Problem]]:
    """Read the rows after the header from ``reader``, with the line where each row starts."""
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    next_line = reader.line_num + 1
    try:
        for row in reader:
            start, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                problems.append(
                    Problem(
                        label,
                        start,
                        "",
                        f"row has {len(row)} fields, the header has {len(columns)}",
                        "quote fields that contain commas and fill every column",
                    )
                )
                continue
            too_long = [
                name for name, cell in zip(columns, row, strict=True) if len(cell) > MAX_FIELD_CHARS
            ]
            if too_long:
                problems.append(_too_long_problem(label, start, ", ".join(too_long)))
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as error:
        problems.append(_syntax_problem(label, next_line, max(reader.line_num, next_line), error))
    return rows, lines, problems


def _size_problem(label: str, size: int) -> Problem:
    """The problem of a file of ``size`` bytes that is over ``MAX_TABLE_BYTES``."""
    return Problem(
        label,
        0,
        "",
        f"the file is {size / MEGABYTE:.1f} MB; the limit is {MAX_TABLE_BYTES / MEGABYTE:g} MB",
        f"split the data, or raise the limit with the environment variable "
        f"{MAX_TABLE_MB_VARIABLE} (a whole number of MB)",
    )


def _unusable(path: Path, label: str, columns: Sequence[str], problem: Problem) -> Table:
    """A table with no rows and the one problem that made the file unusable."""
    return Table(path, label, _empty_frame(columns), [problem])


def read_table(path: Path, columns: Sequence[str], label: str | None = None) -> Table:
    """Read a CSV table whose header must be exactly ``columns``.

    Returns a ``Table`` whose frame has the columns as strings plus ``source_line`` (the line
    where each row starts) and every problem found; problems never raise.
    """
    label = label or str(path)
    path = Path(path)
    if not path.is_file():
        if path.is_dir():
            what = "is a directory"
        else:
            what = "is not a regular file" if path.exists() else "does not exist"
        fix = f"create {path.name} with header {','.join(columns)}"
        return _unusable(path, label, columns, Problem(label, 0, "", f"the file {what}", fix))
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        return _unusable(path, label, columns, _size_problem(label, size))
    try:
        raw = path.read_bytes()
    except OSError as error:
        message = f"the file cannot be read: {error.strerror or error}"
        problem = Problem(label, 0, "", message, "check its permissions")
        return _unusable(path, label, columns, problem)
    text, problems = _decode(raw, label)
    if text is None:
        return Table(path, label, _empty_frame(columns), problems)
    if not text.strip():
        fix = f"start it with the header {','.join(columns)}"
        return _unusable(path, label, columns, Problem(label, 1, "", "the file is empty", fix))
    # One reader for header and rows, so LF, CRLF and CR line endings all count lines alike.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        return _unusable(path, label, columns, _syntax_problem(label, 1, 1, error))
    problems = _header_problems(header, columns, label)
    if problems:
        return Table(path, label, _empty_frame(columns), problems)
    rows, lines, problems = _parse_rows(reader, columns, label)
    frame = (
        pd.DataFrame(rows, columns=list(columns), dtype=object) if rows else _empty_frame(columns)
    )
    frame[LINE_COLUMN] = lines
    return Table(path, label, frame, problems)


NEW_FILE_PERMISSIONS = 0o644


def check_optional_table(
    data_dir: Path,
    file_name: str,
    columns: Sequence[str],
    check: Callable[[pd.DataFrame, str], list[Problem]],
    prefix: str = "",
) -> list[Problem]:
    """Read ``data_dir/file_name`` with ``columns`` and ``check`` its rows, if the folder has
    the file (a table written only by some commands, such as the review log); [] otherwise."""
    path = Path(data_dir) / file_name
    if not path.exists():
        return []
    table = read_table(path, columns, f"{prefix}{file_name}")
    return table.problems + check(table.frame, table.label)


def _create_temporary(path: Path, suffix: str) -> tuple[int, str]:
    """Open a temporary file next to ``path`` with the permissions ``path`` has (or will have).

    ``mkstemp`` makes it owner-only (0600); without this, renaming it over a table would lock
    out every other user, such as the account the app runs under.
    """
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else NEW_FILE_PERMISSIONS
        os.fchmod(handle, mode)
    except BaseException:
        os.close(handle)
        Path(temporary).unlink(missing_ok=True)
        raise
    return handle, temporary


def write_temporary(content: bytes, path: Path, suffix: str = ".tmp") -> Path:
    """Write ``content`` to a new file next to ``path`` (``.NAME.XXXX`` + ``suffix``, with the
    permissions ``path`` has or will have), flushed to disk, and return its path; the file is
    removed on any failure, and the error is raised again."""
    handle, temporary = _create_temporary(Path(path), suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_bytes_atomic(content: bytes, path: Path) -> None:
    """Write ``content`` to ``path`` via a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never part of one, even if the writer is
    killed; the temporary file is removed on any failure, and the error is raised again.
    """
    path = Path(path)
    temporary = write_temporary(content, path)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_csv_atomic(frame: pd.DataFrame, path: Path, columns: Sequence[str]) -> None:
    """Write ``frame[columns]`` to ``path`` as UTF-8 CSV, atomically (``write_bytes_atomic``)."""
    text = frame.loc[:, list(columns)].to_csv(index=False, lineterminator="\n")
    write_bytes_atomic(text.encode("utf-8"), path)


def write_text_atomic(text: str, path: Path) -> None:
    """Write ``text`` to ``path`` as UTF-8, atomically (see ``write_bytes_atomic``)."""
    write_bytes_atomic(text.encode("utf-8"), path)


@contextmanager
def data_folder_lock(data_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on the data folder across threads and processes (``flock``).

    The lock is on the folder itself, not on a file in it: files are replaced by renames, and
    a lock on a replaced file would protect nothing. The kernel releases it if the process dies.
    """
    handle = os.open(data_dir, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
