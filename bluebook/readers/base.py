"""What every reader shares: the document it returns, the error it raises, the limits it keeps.

Nothing here reads a file whole before its size is known to be within the limit.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from bluebook.tables import MEGABYTE, read_size_limit_mb

MAX_SOURCE_MB_VARIABLE = "BLUEBOOK_MAX_SOURCE_MB"
DEFAULT_MAX_SOURCE_MB = 20
FORMATS: tuple[str, ...] = ("text", "html", "pdf")
VOLUME_HEADER = re.compile(r"Diplomatic\s+Bluebook\s+((?:19|20)\d{2})")
"""The "Diplomatic Bluebook YYYY" header: readers add it when a text lacks it, and the extractor
(``bluebook.extract.structure``) reads the volume year from it and skips it as a running head."""


class SourceDocumentError(Exception):
    """A source document that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class SourceDocument:
    """A source document read into the text form the extractor parses.

    ``text`` has one paragraph, heading, footnote ("• 5 …") or caption per line, paragraphs
    apart by an empty line (for the text form: the file's text as it is). ``pieces`` (PDF only)
    are the same text in reading order as (page number, piece of a paragraph): the page map of
    the stored text is built from them (``bluebook.readers.page_map``).
    """

    path: Path
    format: str
    text: str
    sha256: str
    pieces: tuple[tuple[int, str], ...] = ()
    page_count: int = 0
    url: str = ""
    """The https address a saved page names as its own (browser's "saved from", canonical)."""


def max_source_bytes() -> int:
    """The largest source document accepted (``BLUEBOOK_MAX_SOURCE_MB``, default 20)."""
    return read_size_limit_mb(MAX_SOURCE_MB_VARIABLE, DEFAULT_MAX_SOURCE_MB) * MEGABYTE


def check_path(path: Path) -> int:
    """Return the size of the regular file ``path``; raise when it is no usable file."""
    if path.is_dir():
        raise SourceDocumentError(
            f"{path}: is a folder; give the path of a source document (or several paths)"
        )
    if not path.exists():
        raise SourceDocumentError(f"{path}: does not exist; check the path")
    if not path.is_file():
        raise SourceDocumentError(
            f"{path}: is not a regular file; give the path of a source document"
        )
    return os.stat(path).st_size


def read_limited_bytes(path: Path) -> bytes:
    """Return the bytes of ``path`` after checking it is a file within the size limit."""
    size = check_path(path)
    limit = max_source_bytes()
    if size > limit:
        raise SourceDocumentError(
            f"{path}: {size / MEGABYTE:.0f} MB is over the limit of {limit // MEGABYTE} MB for "
            f"one source document; split it into sections or raise {MAX_SOURCE_MB_VARIABLE}"
        )
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SourceDocumentError(
            f"{path}: cannot be read ({error.strerror}); check its permissions"
        ) from error
    if not raw.strip():
        raise SourceDocumentError(f"{path}: is empty; give the text of a Bluebook section")
    return raw


def sha256_of(raw: bytes) -> str:
    """Return the SHA-256 of ``raw`` as 64 hex digits."""
    return hashlib.sha256(raw).hexdigest()


def with_volume_header(text: str, found_in: str) -> str:
    """Put "Diplomatic Bluebook YYYY" first when ``text`` lacks it and ``found_in`` (a title,
    breadcrumbs or running heads dropped by the reader) names the volume."""
    if VOLUME_HEADER.search(text):
        return text
    match = VOLUME_HEADER.search(found_in)
    return f"Diplomatic Bluebook {match.group(1)}\n\n{text}" if match else text
