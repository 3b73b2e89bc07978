"""Reading a source document for ``extract`` and ``ingest`` (kept for callers of the text API).

The readers live in ``bluebook.readers``; ``read_source_document`` returns the text of any
accepted form (text, saved web page, PDF) and raises ``SourceDocumentError`` with a message
naming the file and the fix.
"""

from __future__ import annotations

from pathlib import Path

from bluebook.readers import (
    MAX_SOURCE_MB_VARIABLE,
    SourceDocumentError,
    max_source_bytes,
    read_document,
)

__all__ = [
    "MAX_SOURCE_MB_VARIABLE",
    "SourceDocumentError",
    "max_source_bytes",
    "read_source_document",
]


def read_source_document(path: Path) -> str:
    """Return the text of ``path`` in the form the extractor parses (see ``bluebook.readers``)."""
    return read_document(Path(path)).text
