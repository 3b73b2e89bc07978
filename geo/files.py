"""Small file helpers shared by the geo modules."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

FILE_MODE = 0o644
"""mkstemp creates 0600 files; cache and static files are meant to be readable."""


def write_atomically(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` so that readers never see a partial file.

    In: the target path (its folder is created) and the bytes. Out: nothing. Writes a
    temporary file (mode 0644) in the same folder and renames it over the target. Raises
    ``OSError`` on failure, after removing the temporary file.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
