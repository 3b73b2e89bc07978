"""One write path for data/ (bluebook.transaction): all or nothing, even when killed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bluebook import transaction
from bluebook.schema import EVENT_COLUMNS
from bluebook.transaction import JOURNAL_FILE, UnreadableTable, commit, read_checked, recover
from tests.kills import KILL_AT_STEP

ROOT = Path(__file__).resolve().parents[2]
OLD = {"events.csv": "old events\n", "countries.csv": "old countries\n", "sources/a.txt": None}
NEW = {"events.csv": "new events\n", "countries.csv": b"new countries\n", "sources/a.txt": "text\n"}

KILLED = (
    """
import sys
from pathlib import Path

folder, step = Path(sys.argv[1]), int(sys.argv[2])
"""
    + KILL_AT_STEP
    + """
writes = {
    folder / "events.csv": "new events\\n",
    folder / "countries.csv": b"new countries\\n",
    folder / "sources" / "a.txt": "text\\n",
}
transaction.commit(folder, writes)
"""
)
STEPS = 3 + 1 + 3  # three staged files, the journal, three renames


def make_folder(root: Path) -> Path:
    folder = root / "data"
    (folder / "sources").mkdir(parents=True)
    for name, content in OLD.items():
        if content is not None:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def contents(folder: Path) -> dict[str, str | None]:
    return {
        name: (folder / name).read_text(encoding="utf-8") if (folder / name).exists() else None
        for name in OLD
    }


def expected(new: bool) -> dict[str, str | None]:
    if not new:
        return dict(OLD)
    return {k: v.decode() if isinstance(v, bytes) else v for k, v in NEW.items()}


def leftovers(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob(".*")
        if path.name == JOURNAL_FILE or path.name.endswith(transaction.STAGED_SUFFIX)
    )


def test_commit_writes_every_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    commit(folder, {folder / name: content for name, content in NEW.items()})
    assert contents(folder) == expected(new=True)
    assert leftovers(folder) == []


@pytest.mark.parametrize("step", range(STEPS + 1))
def test_a_change_killed_at_any_step_is_wholly_there_or_wholly_absent(
    tmp_path: Path, step: int
) -> None:
    folder = make_folder(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", KILLED, str(folder), str(step)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == (9 if step < STEPS else 0), done.stderr
    decided = (folder / JOURNAL_FILE).exists()
    assert decided == (4 <= step < STEPS)  # killed after the journal, before the last rename
    finished = recover(folder)
    assert finished is decided
    assert contents(folder) == expected(new=step >= 4)
    assert leftovers(folder) == []


def test_a_data_folder_named_relative_to_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    make_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    folder = Path("data")
    commit(folder, {folder / name: content for name, content in NEW.items()})
    assert contents(folder) == expected(new=True)
    assert leftovers(folder) == []


def test_an_error_while_staging_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    folder = make_folder(tmp_path)
    real = transaction.stage_file
    staged = []

    def stage_then_fail(target: Path, content):
        if len(staged) == 2:
            raise OSError("disk full")
        staged.append(real(target, content))
        return staged[-1]

    monkeypatch.setattr(transaction, "stage_file", stage_then_fail)
    with pytest.raises(OSError, match="disk full"):
        commit(folder, {folder / name: content for name, content in NEW.items()})
    assert contents(folder) == expected(new=False)
    assert leftovers(folder) == []


@pytest.mark.parametrize("bad", ["not json", '{"files": [["../../etc/x", ".x.staged"]]}', "{}"])
def test_a_bad_journal_is_refused_with_the_fix(tmp_path: Path, bad: str) -> None:
    folder = make_folder(tmp_path)
    (folder / JOURNAL_FILE).write_text(bad, encoding="utf-8")
    with pytest.raises(OSError, match="move it away"):
        recover(folder)
    assert contents(folder) == expected(new=False)


def test_recover_without_a_journal_only_removes_staged_files(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    (folder / ".events.csv.abc.staged").write_text("half", encoding="utf-8")
    (folder / ".events.csv.abc.tmp").write_text("another writer's", encoding="utf-8")
    assert recover(folder) is False
    assert leftovers(folder) == []
    assert (folder / ".events.csv.abc.tmp").exists()
    assert contents(folder) == expected(new=False)


def test_the_journal_names_files_relative_to_the_folder(tmp_path: Path, monkeypatch) -> None:
    folder = make_folder(tmp_path)
    seen = {}

    def stop(staged: Path, target: Path) -> None:
        seen.update(json.loads((folder / JOURNAL_FILE).read_text(encoding="utf-8")))
        raise KeyboardInterrupt

    monkeypatch.setattr(transaction, "install_file", stop)
    with pytest.raises(KeyboardInterrupt):
        commit(folder, {folder / name: content for name, content in NEW.items()})
    assert [target for target, _ in seen["files"]] == list(NEW)
    assert all(not Path(staged).is_absolute() for _, staged in seen["files"])
    monkeypatch.undo()
    assert recover(folder) is True
    assert contents(folder) == expected(new=True)


def test_read_checked_raises_with_the_problems(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("not,the,header\n", encoding="utf-8")
    with pytest.raises(UnreadableTable) as raised:
        read_checked(path, EVENT_COLUMNS)
    assert raised.value.problems and str(path) in str(raised.value.problems[0])


def test_problems_of_the_would_be_folder_name_the_real_folder(data_copy: Path) -> None:
    events = data_copy / "events.csv"
    broken = events.read_text(encoding="utf-8").replace(",UZB,", ",ZZZ,", 1)
    problems = transaction.validate_would_be(data_copy, {events: broken})
    assert problems and all(problem.file.startswith(f"{data_copy}/") for problem in problems)
    assert events.read_text(encoding="utf-8") != broken  # the folder itself is untouched
