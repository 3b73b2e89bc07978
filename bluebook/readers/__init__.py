"""Readers of source documents: a saved web page, a PDF, or Bluebook text, into one text form.

``read_document`` picks the reader by the file's content (its first bytes), not by its name
alone: a page saved as ``.txt`` is read as a page, and a Word file renamed ``.pdf`` is refused
with a message saying what it really is. Every reader returns a ``SourceDocument`` whose text is
in the form ``bluebook.extract`` parses (headings, paragraphs, "• 5" footnotes, captions).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from bluebook.readers.base import (
    FORMATS,
    MAX_SOURCE_MB_VARIABLE,
    SourceDocument,
    SourceDocumentError,
    max_source_bytes,
    read_limited_bytes,
)

__all__ = [
    "FORMATS",
    "MAX_SOURCE_MB_VARIABLE",
    "SourceDocument",
    "SourceDocumentError",
    "expand_paths",
    "max_source_bytes",
    "read_document",
    "sniff_format",
]

DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".pdf"})
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(?:<\?xml[^>]*>\s*)?"
    rb"(?:<!doctype html|<html\b|<head\b|<body\b)",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(rb"</?(?:p|div|span|br|table|td|li|h[1-6]|a)\b[^>]*>", re.IGNORECASE)
_HTML_TAGS_PER_KB = 2
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (OLE)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)

Progress = Callable[[int, int], None]


def sniff_format(raw: bytes) -> str:
    """Return "pdf", "html", "text", "zip" or a description of another binary format."""
    head = raw[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    for signature, description in _SIGNATURES:
        if head.startswith(signature):
            return description
    if _HTML_START.match(raw[:4096]):
        return "html"
    if len(_HTML_TAG.findall(raw)) > max(3, _HTML_TAGS_PER_KB * len(raw) // 1024):
        return "html"
    return "text"


def _describe_zip(raw: bytes) -> str:
    try:
        names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    except zipfile.BadZipFile:
        return "a ZIP archive"
    if any(name.startswith("word/") for name in names):
        return "a Word document (.docx)"
    if any(name.startswith("xl/") for name in names):
        return "an Excel workbook (.xlsx)"
    if "mimetype" in names:
        return "an OpenDocument or EPUB file"
    return "a ZIP archive"


def read_document(path: Path, progress: Progress | None = None) -> SourceDocument:
    """Read ``path`` with the reader its content calls for; raise ``SourceDocumentError``.

    ``progress(done, total)`` is called while a long document (a PDF's pages) is read.
    """
    path = Path(path)
    raw = read_limited_bytes(path)
    kind = sniff_format(raw)
    suffix = path.suffix.lower()
    if kind == "pdf":
        from bluebook.readers.pdf import read_pdf

        return read_pdf(path, raw, progress)
    if kind == "html":
        from bluebook.readers.html import read_html

        return read_html(path, raw)
    if kind == "zip":
        what = _describe_zip(raw)
        raise SourceDocumentError(
            f"{path}: is {what}, not a PDF, web page or text"
            + (f" (renamed {suffix})" if suffix in DOCUMENT_SUFFIXES else "")
            + "; save it as PDF or as UTF-8 text and give that file"
        )
    if kind != "text":
        raise SourceDocumentError(
            f"{path}: is {kind}, not a PDF, web page or text; give the section's PDF, saved "
            "web page or text"
        )
    if suffix == ".pdf":
        raise SourceDocumentError(
            f"{path}: is named .pdf but is not a PDF (no %PDF- header); download the PDF again"
        )
    from bluebook.readers.text import read_text

    return read_text(path, raw)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Return the documents named by ``paths``: a folder gives its .txt/.html/.htm/.pdf files
    (sorted, sub-folders included), except hidden files and the ``*_files`` folders a browser
    saves beside a page. Raise ``SourceDocumentError`` for a folder with no document, or with a
    symbolic link that leads out of it (a file or folder elsewhere on the machine)."""
    documents: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            documents.append(path)
            continue
        _refuse_links_out(path)
        found = sorted(
            candidate
            for candidate in path.rglob("*")
            if candidate.suffix.lower() in DOCUMENT_SUFFIXES
            and candidate.is_file()
            and not any(
                part.startswith(".") or part.endswith("_files")
                for part in candidate.relative_to(path).parts
            )
        )
        if not found:
            raise SourceDocumentError(
                f"{path}: is a folder with no .txt, .html or .pdf document; give the folder of "
                "the saved pages or PDFs"
            )
        documents += found
    unique: dict[Path, Path] = {}  # a link to a document of the folder gives it once
    for document in documents:
        unique.setdefault(document.resolve() if document.exists() else document, document)
    return list(unique.values())


def _refuse_links_out(folder: Path) -> None:
    inside = folder.resolve()
    for candidate in sorted(folder.rglob("*")):
        parts = candidate.relative_to(folder).parts
        if not candidate.is_symlink() or any(
            part.startswith(".") or part.endswith("_files") for part in parts
        ):
            continue
        target = candidate.resolve()
        if target != inside and inside not in target.parents:
            raise SourceDocumentError(
                f"{candidate}: is a link to {target}, outside the folder {folder}; copy the "
                "document into the folder, or give its own path"
            )
