"""Reading several documents at once, with progress when the work is long."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bluebook.readers import SourceDocument, SourceDocumentError, read_document
from bluebook.readers.progress import LONG_FILES, LONG_PAGES, open_progress


def read_documents(
    paths: list[Path], stream: TextIO | None = None
) -> tuple[list[SourceDocument], list[str]]:
    """Read every path; return the documents and one message per unusable path.

    Progress goes to ``stream`` (stderr when it is a terminal): one bar over the files when
    there are several, one over the pages of a long PDF.
    """
    documents: list[SourceDocument] = []
    problems: list[str] = []
    with open_progress(len(paths), "file", LONG_FILES, stream) as files:
        for path in paths:
            files.set_description(Path(path).name[:30])
            pages = None

            def show_page(done: int, total: int) -> None:
                nonlocal pages
                if pages is None:
                    pages = open_progress(total, "page", LONG_PAGES, stream)
                pages.update(done - pages.n)

            try:
                documents.append(read_document(path, show_page))
            except SourceDocumentError as error:
                problems.append(str(error))
            finally:
                if pages is not None:
                    pages.close()
            files.update(1)
    return documents, problems
