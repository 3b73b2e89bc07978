"""The three text forms (web text, PDF copy, the Ministry's plain text): checked, not changed."""

from __future__ import annotations

from pathlib import Path

from bluebook.readers.base import SourceDocument, SourceDocumentError, sha256_of


def read_text(path: Path, raw: bytes) -> SourceDocument:
    """Return the document of the UTF-8 text ``raw``; raise ``SourceDocumentError`` for binary
    data or text that is not UTF-8 (the line of the first bad byte is named)."""
    if b"\x00" in raw:
        raise SourceDocumentError(f"{path}: is binary data, not text; save the section as text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceDocumentError(
            f"{path}:{line}: byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8"
        ) from error
    return SourceDocument(path, "text", text, sha256_of(raw))
