"""Progress on stderr while many documents or a long PDF are read (tqdm)."""

from __future__ import annotations

import sys
from typing import TextIO

from tqdm import tqdm

LONG_FILES = 2
LONG_PAGES = 20


def open_progress(total: int, unit: str, long_from: int, stream: TextIO | None = None) -> tqdm:
    """Return a progress bar over ``total`` ``unit``s, shown on ``stream`` (stderr by default)
    only when the work is long (``total >= long_from``) and the stream is a terminal; a stream
    given explicitly always shows it."""
    shown = total >= long_from and (stream is not None or sys.stderr.isatty())
    return tqdm(
        total=total,
        unit=unit,
        file=stream if stream is not None else sys.stderr,
        disable=not shown,
        leave=False,
        dynamic_ncols=True,
    )
