"""Small file helpers shared by the geo modules."""

from __future__ import annotations

from pathlib import Path

from bluebook.tables import write_bytes_atomic


def write_atomically(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` so that readers never see a partial file.

    In: the target path (its folder is created) and the bytes. Out: nothing. New files are
    readable by everyone (0644); see ``bluebook.tables.write_bytes_atomic``. Raises
    ``OSError`` on failure, after removing the temporary file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(content, target)
