"""Reading a source document (a Bluebook section as text) for ``extract`` and ``ingest``.

Every way a file can be unusable gets one clear message naming the file and the fix; nothing
here reads a file whole before its size is known to be within the limit.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from bluebook.tables import MEGABYTE, read_size_limit_mb

MAX_SOURCE_MB_VARIABLE = "BLUEBOOK_MAX_SOURCE_MB"
DEFAULT_MAX_SOURCE_MB = 20
HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html\b|<head\b|<body\b)", re.IGNORECASE)
HTML_TAG = re.compile(rb"</?(?:p|div|span|br|table|td|li|h[1-6]|a)\b[^>]*>", re.IGNORECASE)
HTML_TAGS_PER_KB = 2


class SourceDocumentError(Exception):
    """A source document that cannot be used; the message names the file and the fix."""


def max_source_bytes() -> int:
    """The largest source document accepted (``BLUEBOOK_MAX_SOURCE_MB``, default 20)."""
    return read_size_limit_mb(MAX_SOURCE_MB_VARIABLE, DEFAULT_MAX_SOURCE_MB) * MEGABYTE


def _check_path(path: Path) -> int:
    if path.is_dir():
        raise SourceDocumentError(f"{path}: is a folder; give the path of a text file")
    if not path.exists():
        raise SourceDocumentError(f"{path}: does not exist; check the path")
    if not path.is_file():
        raise SourceDocumentError(f"{path}: is not a regular file; give the path of a text file")
    return os.stat(path).st_size


def _looks_like_html(raw: bytes) -> bool:
    if HTML_START.match(raw[:2048]):
        return True
    return len(HTML_TAG.findall(raw)) > max(3, HTML_TAGS_PER_KB * len(raw) // 1024)


def read_source_document(path: Path) -> str:
    """Return the text of ``path``; raise ``SourceDocumentError`` when it cannot be used.

    Refused: a folder, a missing path, a file over the size limit (before reading it), an empty
    file, binary data, text that is not UTF-8, and an HTML page instead of its text.
    """
    path = Path(path)
    size = _check_path(path)
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
    if b"\x00" in raw:
        raise SourceDocumentError(f"{path}: is binary data, not text; save the section as text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceDocumentError(
            f"{path}:{line}: byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from error
    if _looks_like_html(raw):
        raise SourceDocumentError(
            f"{path}: is an HTML page, not text; save the page's text (e.g. copy it from the "
            "browser into a .txt file)"
        )
    return text
