"""Atomic writes: a failed or killed write leaves the old file whole, never a half table.

``write_csv_atomic`` and ``write_text_atomic`` write a temporary file next to the target and
rename it over the target. Failures in-process must remove the temporary file; a SIGKILL may
leave one behind, which ``validate`` must then ignore.
"""

from __future__ import annotations

import signal
import stat
from pathlib import Path

import pandas as pd
import pytest

from bluebook import tables
from bluebook.schema import EVENT_COLUMNS
from bluebook.tables import read_table, write_csv_atomic, write_text_atomic
from bluebook.validate import known_country_codes, validate_data_dir
from tests.conftest import kill_script_midway

COLUMNS = ["id", "text"]
OLD_TEXT = "id,text\nold,kept\n"


def small_frame() -> pd.DataFrame:
    return pd.DataFrame({"id": ["a", "b"], "text": ["first, with comma", 'second "quoted"']})


def temporary_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.fixture
def old_table(tmp_path: Path) -> Path:
    path = tmp_path / "table.csv"
    path.write_text(OLD_TEXT, encoding="utf-8")
    return path


# ---------------------------------------------------------------- failures inside the process


def fail_halfway_through_to_csv(monkeypatch) -> None:
    """Make the write of the table put half of it on disk, then fail like a full disk."""
    real_fdopen = tables.os.fdopen

    class HalfWritingStream:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()
            return False

        def write(self, content):
            self.stream.write(content[: len(content) // 2])
            self.stream.flush()
            raise OSError(28, "No space left on device")

    def half_writing_fdopen(handle, *args, **kwargs):
        return HalfWritingStream(real_fdopen(handle, *args, **kwargs))

    monkeypatch.setattr(tables.os, "fdopen", half_writing_fdopen)


def fail_at(name: str, error: BaseException):
    def apply(monkeypatch) -> None:
        def broken(*args, **kwargs):
            raise error

        monkeypatch.setattr(tables.os, name, broken)

    return apply


FAILURES = {
    "disk full halfway through the rows": (fail_halfway_through_to_csv, OSError),
    "fsync fails": (fail_at("fsync", OSError(5, "Input/output error")), OSError),
    "rename fails": (fail_at("replace", PermissionError(13, "Permission denied")), OSError),
    "interrupted with Ctrl-C": (fail_at("fsync", KeyboardInterrupt()), KeyboardInterrupt),
}


@pytest.mark.parametrize(("breaks", "error"), FAILURES.values(), ids=FAILURES.keys())
def test_failed_csv_write_keeps_the_old_table(old_table, monkeypatch, breaks, error):
    breaks(monkeypatch)
    with pytest.raises(error):
        write_csv_atomic(small_frame(), old_table, COLUMNS)
    assert old_table.read_text(encoding="utf-8") == OLD_TEXT
    assert temporary_files(old_table.parent) == []


@pytest.mark.parametrize(
    ("breaks", "error"),
    [value for key, value in FAILURES.items() if key != "disk full halfway through the rows"],
    ids=[key for key in FAILURES if key != "disk full halfway through the rows"],
)
def test_failed_text_write_keeps_the_old_file(old_table, monkeypatch, breaks, error):
    breaks(monkeypatch)
    with pytest.raises(error):
        write_text_atomic("new text\n", old_table)
    assert old_table.read_text(encoding="utf-8") == OLD_TEXT
    assert temporary_files(old_table.parent) == []


def test_failed_write_of_a_new_file_creates_nothing(tmp_path, monkeypatch):
    fail_halfway_through_to_csv(monkeypatch)
    with pytest.raises(OSError):
        write_csv_atomic(small_frame(), tmp_path / "new.csv", COLUMNS)
    assert list(tmp_path.iterdir()) == []


def test_frame_missing_a_column_fails_before_touching_the_table(old_table):
    with pytest.raises(KeyError):
        write_csv_atomic(small_frame(), old_table, [*COLUMNS, "absent"])
    assert old_table.read_text(encoding="utf-8") == OLD_TEXT
    assert temporary_files(old_table.parent) == []


# ---------------------------------------------------------------- what a successful write leaves


def test_written_table_reads_back_identically(old_table):
    write_csv_atomic(small_frame(), old_table, COLUMNS)
    table = read_table(old_table, COLUMNS)
    assert table.ok
    assert table.frame[COLUMNS].to_dict("list") == small_frame().to_dict("list")
    assert temporary_files(old_table.parent) == []


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o664])
def test_rewrite_keeps_the_file_permissions(old_table, mode):
    old_table.chmod(mode)
    write_text_atomic("id,text\nnew,value\n", old_table)
    assert stat.S_IMODE(old_table.stat().st_mode) == mode


def test_new_file_is_readable_by_others(tmp_path):
    path = tmp_path / "new.csv"
    write_csv_atomic(small_frame(), path, COLUMNS)
    assert stat.S_IMODE(path.stat().st_mode) == tables.NEW_FILE_PERMISSIONS


# ---------------------------------------------------------------- killed with SIGKILL

WRITER = """
import sys
from pathlib import Path

import pandas as pd

from bluebook.schema import EVENT_COLUMNS
from bluebook.tables import read_table, write_csv_atomic

target, kind = Path(sys.argv[1]), sys.argv[2]
if kind == "events":
    columns = list(EVENT_COLUMNS)
    frame = read_table(target, columns).frame
else:
    columns = ["id", "text"]
    frame = pd.DataFrame({"id": [f"row-{n}" for n in range(60_000)], "text": ["x" * 40] * 60_000})
versions = [frame, frame.iloc[::-1]]
write_csv_atomic(versions[0], target, columns)
print("ready", flush=True)
turn = 1
while True:
    write_csv_atomic(versions[turn % 2], target, columns)
    turn += 1
"""


def expected_versions(tmp_path: Path, kind: str, source: Path) -> set[bytes]:
    """The bytes of both versions the writer alternates between, written here in-process."""
    if kind == "events":
        columns = list(EVENT_COLUMNS)
        frame = read_table(source, columns).frame
    else:
        columns = COLUMNS
        rows = 60_000
        frame = pd.DataFrame({"id": [f"row-{n}" for n in range(rows)], "text": ["x" * 40] * rows})
    contents = set()
    for number, version in enumerate([frame, frame.iloc[::-1]]):
        path = tmp_path / f"expected-{number}.csv"
        write_csv_atomic(version, path, columns)
        contents.add(path.read_bytes())
    return contents


def kill_writer_at_random(target: Path, kind: str, seed: int) -> None:
    writer = kill_script_midway(WRITER, [str(target), kind], seed, 0.01, 0.3)
    assert writer.returncode == -signal.SIGKILL


@pytest.mark.parametrize("seed", [1])
def test_killed_writer_leaves_a_complete_table(tmp_path, seed):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "big.csv"
    target.write_text(OLD_TEXT, encoding="utf-8")
    versions = expected_versions(tmp_path, "synthetic", target)
    kill_writer_at_random(target, "synthetic", seed)
    assert target.read_bytes() in versions
    leftovers = [path for path in folder.iterdir() if path != target]
    assert all(path.name.startswith(".big.csv.") for path in leftovers), leftovers


def test_killed_ingest_style_write_leaves_a_valid_data_folder(data_copy, tmp_path):
    events = data_copy / "events.csv"
    versions = expected_versions(tmp_path, "events", events)
    kill_writer_at_random(events, "events", seed=3)
    assert events.read_bytes() in versions
    # A temporary file the kill left behind (if any) must not count as data.
    assert [str(problem) for problem in validate_data_dir(data_copy, known_country_codes())] == []


def test_stray_half_written_temporary_is_ignored_by_validate(data_copy):
    half = (data_copy / "events.csv").read_bytes()[:5000]
    (data_copy / ".events.csv.k2j4x9.tmp").write_bytes(half)
    (data_copy / "taxonomy" / ".themes.csv.a1b2c3.tmp").write_bytes(b"id,label\nbroken")
    assert [str(problem) for problem in validate_data_dir(data_copy, known_country_codes())] == []
