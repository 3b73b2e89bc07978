"""Reading speed of source documents: a long two-column PDF and a saved web page.

The PDF is the first source laid out by ``tests/fixtures/documents/make_documents.py``
(two columns, running heads, page numbers, footnotes, photos) repeated ``REPEATS`` times, so a
chapter-sized document of about 100 pages. Figures: ``pdf_pages``, ``pdf_pages_per_s``,
``html_kb_per_s``.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path

from bluebook.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
REPEATS = 33


def _load_maker():
    spec = importlib.util.spec_from_file_location("make_documents", DOCUMENTS / "make_documents.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    maker = _load_maker()
    parts = maker.parse_source(maker.SOURCE.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="bluebook-bench-") as folder:
        target = Path(folder) / "volume.pdf"
        maker.build_pdf(parts * REPEATS, target, 2)
        start = time.perf_counter()
        document = read_document(target)
        seconds = time.perf_counter() - start
    print(f"pdf_pages: {document.page_count} pages")
    print(f"pdf_seconds: {seconds:.2f} s")
    print(f"pdf_pages_per_s: {document.page_count / seconds:.1f} pages/s")
    page = DOCUMENTS / "first_source.html"
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        read_document(page)
    seconds = time.perf_counter() - start
    print(f"html_kb_per_s: {page.stat().st_size * rounds / 1024 / seconds:.0f} KB/s")
