"""One validated write path for ``data/``: ingest and review both change the folder through it.

A change is a set of whole files (``writes``: path → new content), applied all or nothing, even
if the process is killed in the middle:

1. ``stage``: each new content is written and flushed to a staged file beside its target
   (``.NAME.XXXX.staged``); nothing the app reads has changed yet.
2. the journal (``data/.transaction``, written atomically) lists the staged files in order;
   from here on the change is decided.
3. each staged file is renamed over its target, in the order given (so a reader between two
   renames sees a folder whose every prefix validates: texts, then the tables naming them);
4. the journal is removed.

``recover`` (called under the folder lock before each change) finishes a change whose journal
exists — a process killed in step 3 — and removes staged files that no journal names (a process
killed in step 1: the change never happened). So a change is either wholly there or wholly
absent once the next writer has run.

``read_checked`` is the one way a writer reads a table it will change (problems raise
``UnreadableTable``); ``validate_would_be`` validates the folder as a change would leave it, in a
temporary copy, before anything is written (ingest; a review decision checks only the rows it
changes, with the same checks, so that its cost does not grow with the data).
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from bluebook.errors import Problem
from bluebook.tables import LINE_COLUMN, read_table, write_temporary, write_text_atomic
from bluebook.validate import read_countries_table, validate_data_dir

JOURNAL_FILE = ".transaction"
STAGED_SUFFIX = ".staged"
STAGING_FOLDERS = (".", "sources")
"""The folders of ``data/`` a change writes into (tables; source texts and page maps)."""


class UnreadableTable(Exception):
    """A table a writer must read has problems; ``problems`` says where and how to fix."""

    def __init__(self, path: Path, problems: Sequence[Problem]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        super().__init__(f"{self.path}: {len(self.problems)} problem(s)")


def read_checked(path: Path, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Every row of the table at ``path`` as strings, in file order, without the line column;
    raise ``UnreadableTable`` if the table has any problem. ``columns=None`` reads
    ``countries.csv`` (whose ``status`` column may be missing in older folders)."""
    table = read_countries_table(path) if columns is None else read_table(path, columns)
    if table.problems:
        raise UnreadableTable(path, table.problems)
    return table.frame.drop(columns=LINE_COLUMN).reset_index(drop=True)


def validate_would_be(data_dir: Path, writes: Mapping[Path, str | bytes]) -> list[Problem]:
    """Problems of the folder as ``writes`` would leave it, found in a temporary copy and told
    with the paths of ``data_dir`` (the copy is gone when this returns)."""
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="bluebook-change-") as folder:
        copy = Path(folder) / "data"
        shutil.copytree(data_dir, copy)
        for target, content in writes.items():
            _write_plain(copy / Path(target).relative_to(data_dir), content)
        problems = validate_data_dir(copy)
    inside, named = f"{copy}/", f"{data_dir}/"
    return [
        dataclasses.replace(
            problem,
            file=problem.file.replace(inside, named),
            message=problem.message.replace(inside, named),
            fix=problem.fix.replace(inside, named),
        )
        for problem in problems
    ]


def commit(data_dir: Path, writes: Mapping[Path, str | bytes]) -> None:
    """Apply ``writes`` (in their order) all or nothing; see the module doc. Hold the folder
    lock. On an error before the journal exists, nothing has changed and the error is raised;
    after, the change is finished by ``recover`` (here once more, else by the next writer)."""
    data_dir = Path(data_dir)
    if not writes:
        return
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in writes.items():
            staged.append((Path(target), stage_file(Path(target), content)))
    except BaseException:
        for _, path in staged:
            path.unlink(missing_ok=True)
        raise
    journal = [[_relative(target, data_dir), _relative(path, data_dir)] for target, path in staged]
    write_text_atomic(json.dumps({"files": journal}, indent=1) + "\n", data_dir / JOURNAL_FILE)
    for target, path in staged:
        install_file(path, target)
    (data_dir / JOURNAL_FILE).unlink()


def recover(data_dir: Path) -> bool:
    """Finish a change a killed process left decided (its journal exists), and remove staged
    files of one it left undecided. Hold the folder lock. Returns whether a change was
    finished."""
    data_dir = Path(data_dir)
    journal = data_dir / JOURNAL_FILE
    finished = False
    if journal.exists():
        for target, staged in _journal_files(journal):
            path = data_dir / staged
            if path.exists():
                install_file(path, data_dir / target)
        journal.unlink()
        finished = True
    for folder in STAGING_FOLDERS:
        for leftover in (data_dir / folder).glob(f".*{STAGED_SUFFIX}"):
            leftover.unlink(missing_ok=True)
    return finished


def stage_file(target: Path, content: str | bytes) -> Path:
    """Write ``content`` to a new staged file beside ``target``, flushed to disk; its path."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    return write_temporary(data, target, STAGED_SUFFIX)


def install_file(staged: Path, target: Path) -> None:
    """Rename a staged file over its target (atomic: a reader sees the old file or the new)."""
    os.replace(staged, target)


def _journal_files(journal: Path) -> list[tuple[str, str]]:
    """(target, staged file) pairs a journal names, relative to the data folder; a journal that
    cannot be read is left to a person (the staged files are kept)."""
    try:
        files = json.loads(journal.read_text(encoding="utf-8"))["files"]
        pairs = [(str(target), str(staged)) for target, staged in files]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise OSError(
            f"{journal}: unreadable journal of an interrupted change ({error}); move it away "
            "and check the folder with 'python -m bluebook validate'"
        ) from error
    if any(Path(name).is_absolute() or ".." in Path(name).parts for pair in pairs for name in pair):
        raise OSError(f"{journal}: names a file outside the data folder; move it away")
    return pairs


def _relative(path: Path, data_dir: Path) -> str:
    """``path`` relative to ``data_dir``, either of them relative to the working folder or not
    (``mkstemp`` names staged files absolutely; ``--data-dir data`` is relative)."""
    return Path(path).resolve().relative_to(Path(data_dir).resolve()).as_posix()


def _write_plain(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
