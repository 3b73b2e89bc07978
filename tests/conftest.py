"""Shared fixtures: the real data folder and copies of it to break."""

from __future__ import annotations

import shutil
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
