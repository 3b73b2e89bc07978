"""A time limit on the extraction of one document, so that no input can hold a command forever.

The limit is ``BLUEBOOK_EXTRACT_SECONDS`` (default 120 s). It is enforced with ``SIGALRM``,
which interrupts even a regular expression that runs away (``re`` checks for signals while it
matches); signals reach only the main thread, so in another thread the limit does not apply.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EXTRACT_SECONDS_VARIABLE = "BLUEBOOK_EXTRACT_SECONDS"
DEFAULT_EXTRACT_SECONDS = 120.0


class ExtractionTimeout(Exception):
    """The extraction of one document took longer than the limit; the message names it."""


class _Alarm(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` swallows it."""


def extract_seconds() -> float:
    """The limit in seconds (``BLUEBOOK_EXTRACT_SECONDS``; the default when unset or not a
    positive number)."""
    value = os.environ.get(EXTRACT_SECONDS_VARIABLE, "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_EXTRACT_SECONDS
    return seconds if 0 < seconds < 10**6 else DEFAULT_EXTRACT_SECONDS


@contextmanager
def extraction_time_limit(path: Path, seconds: float | None = None) -> Iterator[None]:
    """Raise ``ExtractionTimeout`` naming ``path`` when the block runs longer than ``seconds``
    (default ``extract_seconds()``)."""
    seconds = extract_seconds() if seconds is None else seconds
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame) -> None:
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Alarm:
        raise ExtractionTimeout(
            f"{path}: extraction stopped after {seconds:g} s, the limit for one document; "
            f"split the document into sections, or raise {EXTRACT_SECONDS_VARIABLE} "
            f"(e.g. {EXTRACT_SECONDS_VARIABLE}={int(seconds * 4)})"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
