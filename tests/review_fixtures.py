"""Data folders to review (a copy of ``data/`` with a section ingested: unreviewed events), the
app pointed at one for a test, and its Review page signed in."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bluebook.review.reviewers import IDLE_MINUTES_VARIABLE, REVIEWERS_FILE_VARIABLE, add_reviewer
from bluebook.review.sessions import STATE_FILE_VARIABLE
from tests.conftest import DATA_DIR, ROOT

INGESTED_TEXT = ROOT / "tests" / "fixtures" / "extract" / "africa_web.txt"
INGESTED_SOURCE = "bb2020-africa-web"
PASSWORDS = {"alice": "alice-password-1", "bob": "bob-password-22"}


def build_ingested_copy(target: Path) -> Path:
    """Copy ``data/`` to ``target`` and ingest ``INGESTED_TEXT`` into it, as a user would."""
    shutil.copytree(DATA_DIR, target)
    done = subprocess.run(
        [sys.executable, "-m", "bluebook", "ingest", str(INGESTED_TEXT), "--data-dir", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return target


def write_reviewers(path: Path) -> Path:
    """A reviewers file with alice and bob (passwords in ``PASSWORDS``)."""
    for name, password in PASSWORDS.items():
        add_reviewer(path, name, password)
    return path


def serve_for_review(monkeypatch: pytest.MonkeyPatch, data_dir: Path, scratch: Path) -> None:
    """Point the app at ``data_dir``, with alice and bob as reviewers and the sign-in sessions
    kept in ``scratch`` (never the project's own files); no idle limit from the environment."""
    monkeypatch.setenv("BLUEBOOK_DATA_DIR", str(data_dir))
    monkeypatch.setenv(REVIEWERS_FILE_VARIABLE, str(write_reviewers(scratch / "reviewers.toml")))
    monkeypatch.setenv(STATE_FILE_VARIABLE, str(scratch / "review-state.sqlite3"))
    monkeypatch.delenv(IDLE_MINUTES_VARIABLE, raising=False)


def signed_in_review(name: str = "alice") -> AppTest:
    """The Review page in AppTest, signed in as ``name`` (set up by ``serve_for_review``)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("pages/review.py")
    at.run()
    inputs = {item.label: item for item in at.text_input}
    inputs["Reviewer"].input(name)
    inputs["Password"].input(PASSWORDS[name])
    next(item for item in at.button if item.label == "Sign in").click()
    at.run()
    assert not at.exception, [item.value for item in at.exception]
    return at
