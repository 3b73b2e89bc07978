"""Data folders to review: a copy of ``data/`` with a section ingested (unreviewed events)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bluebook.review.reviewers import add_reviewer
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
