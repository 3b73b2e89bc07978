"""Shared fixtures: the real data folder and copies of it to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"


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
