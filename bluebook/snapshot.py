"""Validated columnar snapshots of a data folder, so that a start after validation skips it.

``data/*.csv`` stay the reviewed form. After ``load_dataset`` has validated a folder it writes
the typed tables in the Arrow IPC file format (Feather v2, uncompressed; categorical columns
as dictionaries, countries and themes as lists) into ``<cache_dir>/<folder>-<fingerprint>/``.
Reading memory-maps the files: the text columns are used in place, without decoding or copying
(Parquet needs decoding: 0.7–0.9 s for 200k events here against a few milliseconds), and app
processes on one machine share those pages through the page cache.

The fingerprint covers every file of the folder (name, size, modification time), the code that
checks and builds the tables, the table size limit and the country codes, so any change sends
the next load through validation again. Snapshot files are never modified in place (a mapped
file must not change under its reader): a new fingerprint gets a new folder.
A snapshot is written to a temporary folder and renamed into place: readers see all of it or
none of it, and two processes racing to write the same snapshot both end up with a whole one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from bluebook import tables
from bluebook.validate import known_country_codes

SNAPSHOT_FORMAT = 4
"""Bump when the snapshot's layout changes."""
CODE_MODULES = (
    "dataset",
    "event_pages",
    "readers/page_map",
    "review_log",
    "schema",
    "snapshot",
    "tables",
    "taxonomy",
    "validate",
)
"""Modules whose source is part of the fingerprint: a change in a check or in the build means
the old snapshots were not made by today's code."""
TABLES = ("events", "countries", "sources")
MANIFEST = "manifest.json"
KEEP_PER_FOLDER = 2
"""Snapshots kept per data folder (the newest); older ones are removed when a new one is written."""


def _input_files(data_dir: Path) -> Iterable[Path]:
    for path in sorted(data_dir.rglob("*")):
        if path.is_file():
            yield path


def file_states(data_dir: Path) -> list[tuple[str, int, int]]:
    """(relative name, size, modification time in ns) of every file under ``data_dir``, sorted.

    Cheap (metadata only): the app checks it on every run to notice edits of the data.
    """
    data_dir = Path(data_dir)
    return [
        (str(path.relative_to(data_dir)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in _input_files(data_dir)
    ]


def _codes_fingerprint(country_codes: frozenset[str] | None) -> str:
    if country_codes is None:
        country_codes = known_country_codes()
    return hashlib.sha256("\n".join(sorted(country_codes)).encode()).hexdigest()


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in CODE_MODULES:
        digest.update((package / f"{name}.py").read_bytes())
    return digest.hexdigest()


def fingerprint(data_dir: Path, country_codes: frozenset[str] | None = None) -> str:
    """A key that changes whenever anything validation depends on changes.

    In: the data folder and the country codes validation uses (None: the committed default,
    ``known_country_codes``). Out: a hex string. Reads only file metadata and the package's own
    files.
    """
    parts = [
        SNAPSHOT_FORMAT,
        file_states(Path(data_dir).resolve()),
        _code_fingerprint(),
        _codes_fingerprint(country_codes),
        tables.MAX_TABLE_BYTES,
        pd.__version__,
        pa.__version__,
    ]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


def _folder_prefix(data_dir: Path) -> str:
    return hashlib.sha256(str(Path(data_dir).resolve()).encode()).hexdigest()[:12]


def snapshot_path(cache_dir: Path, data_dir: Path, key: str) -> Path:
    """Where the snapshot of ``data_dir`` with fingerprint ``key`` lives."""
    return Path(cache_dir) / f"{_folder_prefix(data_dir)}-{key}"


@contextmanager
def folder_lock(cache_dir: Path, data_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock for ``data_dir``'s snapshots across processes (POSIX ``flock``).

    Without a writable cache folder or ``fcntl``, nothing is locked: each process then
    validates on its own, which is slower but still correct.
    """
    try:
        import fcntl

        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        handle = (Path(cache_dir) / f".{_folder_prefix(data_dir)}.lock").open("a")
    except (ImportError, OSError):
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel if the process dies
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_snapshot(path: Path) -> dict[str, pa.Table] | None:
    """The snapshot's tables as Arrow tables, or None if there is no complete snapshot there."""
    path = Path(path)
    if not (path / MANIFEST).is_file():
        return None
    try:
        return {
            name: feather.read_table(path / f"{name}.arrow", memory_map=True) for name in TABLES
        }
    except (OSError, pa.ArrowException):
        return None  # damaged or removed while reading: validate again


def write_snapshot(path: Path, frames: dict[str, pd.DataFrame], manifest: dict) -> bool:
    """Write ``frames`` (events, countries, sources) as the snapshot at ``path``, atomically.

    Returns False, leaving nothing behind, when the cache folder cannot be written (a read-only
    install still works; it validates on every start). Older snapshots of the same data folder
    beyond ``KEEP_PER_FOLDER`` are removed.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    except OSError:
        return False
    try:
        for name in TABLES:
            table = pa.Table.from_pandas(frames[name], preserve_index=False)
            # One record batch per table: pandas then sees one chunk per column, and a take of
            # a few rows (a page of the events table) does not concatenate the chunks first.
            feather.write_feather(
                table,
                temporary / f"{name}.arrow",
                compression="uncompressed",
                chunksize=max(1, table.num_rows),
            )
        (temporary / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)
        # Another process may have renamed its copy first: theirs is as good as ours.
        return (path / MANIFEST).is_file()
    _prune(path)
    return True


def _source_folder_exists(folder: Path) -> bool:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True  # being written by another process, or not ours: leave it
    return Path(manifest.get("data_dir", "")).is_dir()


def _prune(kept: Path) -> None:
    """Remove older snapshots of the same folder, and snapshots of folders that are gone."""
    prefix = kept.name.split("-", 1)[0] + "-"
    others = [
        folder
        for folder in kept.parent.iterdir()
        if folder.is_dir() and folder != kept and not folder.name.startswith(".")
    ]
    same = sorted(
        (folder for folder in others if folder.name.startswith(prefix)),
        key=lambda folder: folder.stat().st_mtime_ns,
        reverse=True,
    )
    gone = [folder for folder in others if not _source_folder_exists(folder)]
    for old in {*same[KEEP_PER_FOLDER - 1 :], *gone}:
        shutil.rmtree(old, ignore_errors=True)
