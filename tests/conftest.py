"""Shared fixtures: the real data folder and copies of it to break."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bluebook.review.sessions import STATE_FILE_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


@pytest.fixture(autouse=True, scope="session")
def review_state_outside_the_repository(tmp_path_factory: pytest.TempPathFactory):
    """No test signs in through the repository's own ``.streamlit/review-state.sqlite3``
    (tests that need their own state file set ``BLUEBOOK_REVIEW_STATE_FILE`` themselves)."""
    previous = os.environ.get(STATE_FILE_VARIABLE)
    folder = tmp_path_factory.mktemp("review-state")
    os.environ[STATE_FILE_VARIABLE] = str(folder / "review-state.sqlite3")
    yield
    if previous is None:
        os.environ.pop(STATE_FILE_VARIABLE, None)
    else:
        os.environ[STATE_FILE_VARIABLE] = previous


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of ``data/`` (tables, taxonomy and sources)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def run_validate(data: Path, **environment: str) -> subprocess.CompletedProcess:
    """Run ``python -m bluebook validate DATA`` as a user would; return the finished process."""
    return subprocess.run(
        [sys.executable, "-m", "bluebook", "validate", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **environment},
    )


def kill_script_midway(
    script: str, arguments: list[str], seed: int, earliest_s: float, latest_s: float
) -> subprocess.Popen:
    """Run ``python -c script arguments`` from the repository, wait for it to print "ready",
    then SIGKILL it after a delay drawn with ``seed`` between ``earliest_s`` and ``latest_s``.

    Returns the finished process (its pipes closed); fails the test if it never gets ready.
    """
    writer = subprocess.Popen(
        [sys.executable, "-c", script, *arguments],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stderr is not None
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        time.sleep(random.Random(seed).uniform(earliest_s, latest_s))
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        writer.stdout.close()
        writer.stderr.close()
    return writer
