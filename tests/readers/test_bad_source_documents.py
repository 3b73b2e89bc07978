"""Unusable source documents get a clear message and exit 2; ingest never damages data/."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen import canvas

from bluebook import transaction
from bluebook.schema import EVENT_COLUMNS, SOURCE_COLUMNS
from bluebook.transaction import read_checked
from bluebook.validate import validate_data_dir
from tests.conftest import ROOT

CALL = "In May, Prime Minister Suga held a telephone call with President Tokayev of Kazakhstan.\n"


def write_bytes(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def make_case(name: str, folder: Path) -> Path:
    """Create the bad document ``name`` in ``folder`` and return its path."""
    header = b"Diplomatic Bluebook 2022\n\n"
    if name == "empty":
        return write_bytes(folder / "empty.txt", b"")
    if name == "blank":
        return write_bytes(folder / "blank.txt", b"  \n\n \t\n")
    if name == "binary":
        return write_bytes(folder / "binary.txt", bytes(range(256)) * 8)
    if name == "latin-1":
        return write_bytes(
            folder / "latin1.txt", header + CALL.encode() + "Caf\xe9\n".encode("latin-1")
        )
    if name == "html nested 100,000 deep":
        body = "<div>" * 100_000 + f"<p>{CALL}</p>" + "</div>" * 100_000
        return write_bytes(folder / "deep.html", f"<html><body>{body}</body></html>".encode())
    if name == "30 MB page":
        path = folder / "huge.html"
        with path.open("wb") as stream:
            stream.write(f"<html><body><p>{CALL}</p>".encode())
            stream.write(b"<p>" + b"x" * (30 * 1024 * 1024) + b"</p></body></html>")
        return path
    if name == "page with no Bluebook text":
        body = (
            "<html><head><title>Ministry of Foreign Affairs of Japan</title></head><body>"
            '<nav id="gnav"><a href="/">Home</a> <a href="/policy/">Foreign Policy</a></nav>'
            '<div id="main"><h1>Site map</h1><p><a href="/">Top</a></p></div>'
            '<div id="footer"><p>© Ministry of Foreign Affairs of Japan</p></div></body></html>'
        )
        return write_bytes(folder / "sitemap.html", body.encode())
    if name == "page with no events":
        body = "<html><body><main><p>The weather in Tokyo was mild all year.</p></main></body>"
        return write_bytes(folder / "weather.html", body.encode())
    if name == "zip renamed .pdf":
        return write_bytes(folder / "chapter.pdf", zip_bytes({"notes.txt": CALL}))
    if name == "docx renamed .pdf":
        files = {"[Content_Types].xml": "<Types/>", "word/document.xml": f"<w:t>{CALL}</w:t>"}
        return write_bytes(folder / "section.pdf", zip_bytes(files))
    if name == "encrypted PDF":
        return write_pdf(folder / "locked.pdf", StandardEncryption("secret", canPrint=1))
    if name == "damaged PDF":
        good = write_pdf(folder / "good.pdf").read_bytes()
        return write_bytes(folder / "damaged.pdf", good[: len(good) // 2])
    if name == "image-only PDF":
        image = folder / "scan.png"
        Image.new("RGB", (300, 200), "white").save(image)
        drawing = canvas.Canvas(str(folder / "scan.pdf"))
        drawing.drawImage(str(image), 72, 400, 450, 300)
        drawing.save()
        return folder / "scan.pdf"
    if name == "PDF over the page limit":
        return write_pdf(folder / "volume.pdf", pages=4)
    if name == "PDF decompression bomb":
        return write_bytes(
            folder / "bomb.pdf", pdf_with_stream(zlib.compress(ZEROS), "/FlateDecode")
        )
    if name == "PDF bomb inflated twice":
        twice = zlib.compress(zlib.compress(ZEROS))
        return write_bytes(folder / "bomb2.pdf", pdf_with_stream(twice, FLATE_TWICE))
    if name == "text renamed .pdf":
        return write_bytes(folder / "section2.pdf", header + CALL.encode())
    if name == "50 MB":
        path = folder / "huge.txt"
        with path.open("wb") as stream:
            stream.write(header + CALL.encode())
            stream.truncate(50 * 1024 * 1024)
        return path
    if name == "no events":
        return write_bytes(folder / "weather.txt", header + b"The weather was mild.\n")
    if name == "missing":
        return folder / "nowhere.txt"
    if name == "directory":
        (folder / "a-folder").mkdir()
        return folder / "a-folder"
    raise AssertionError(name)


def write_pdf(path: Path, encrypt=None, pages: int = 1) -> Path:
    drawing = canvas.Canvas(str(path), encrypt=encrypt)
    for _ in range(pages):
        drawing.drawString(72, 720, "Diplomatic Bluebook 2022")
        drawing.drawString(72, 700, CALL.strip())
        drawing.showPage()
    drawing.save()
    return path


ZEROS = bytes(64 * 1024 * 1024)  # inflates from about 64 KB; the tests allow 8 MB
FLATE_TWICE = "[/FlateDecode /FlateDecode]"


def pdf_with_stream(payload: bytes, filters: str) -> bytes:
    """A one-page PDF (valid cross-reference table) whose content stream is ``payload``."""
    stream = b"<< /Length %d /Filter %s >>\nstream\n" % (len(payload), filters.encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream + payload + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % table)


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


CASES = {
    "empty": "is empty",
    "blank": "is empty",
    "binary": "is binary data",
    "latin-1": ":4: byte 0xe9 is not UTF-8; save the file as UTF-8",
    "html nested 100,000 deep": "is nested deeper than 256 elements",
    "30 MB page": "30 MB is over the limit of 20 MB",
    "page with no Bluebook text": "no Bluebook text in the page's main content",
    "page with no events": "no events found",
    "zip renamed .pdf": "is a ZIP archive, not a PDF, web page or text (renamed .pdf)",
    "docx renamed .pdf": "is a Word document (.docx), not a PDF, web page or text (renamed .pdf)",
    "text renamed .pdf": "is named .pdf but is not a PDF",
    "encrypted PDF": "is an encrypted PDF that needs a password",
    "damaged PDF": "is a damaged PDF",
    "image-only PDF": "no text layer; run OCR first",
    "PDF over the page limit": "has 4 pages, over the limit of 3; split the volume",
    "PDF decompression bomb": "inflate to more than 8 MB (a decompression bomb",
    "PDF bomb inflated twice": "inflate to more than 8 MB (a decompression bomb",
    "50 MB": "over the limit of 20 MB",
    "no events": "no events found",
    "missing": "does not exist",
    "directory": "is a folder",
}


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run_bluebook(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bluebook", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture(autouse=True)
def small_page_limit(monkeypatch):
    """Three pages at most, so that a four-page PDF stands for a volume over the limit, and
    8 MB of inflated streams, so that 64 MB of zeros stands for a decompression bomb."""
    monkeypatch.setenv("BLUEBOOK_MAX_PDF_PAGES", "3")
    monkeypatch.setenv("BLUEBOOK_MAX_PDF_INFLATED_MB", "8")


@pytest.mark.parametrize("case", list(CASES))
def test_extract_refuses_with_a_clear_message(case, tmp_path):
    path = make_case(case, tmp_path)
    result = run_bluebook("extract", str(path), "--volume-year", "2022")
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert CASES[case] in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1  # one line: the file and the fix


@pytest.mark.parametrize("case", list(CASES))
def test_failed_ingest_leaves_data_byte_identical(case, tmp_path, data_copy):
    path = make_case(case, tmp_path)
    before = fingerprint(data_copy)
    result = run_bluebook(
        "ingest", str(path), "--volume-year", "2022", "--data-dir", str(data_copy)
    )
    assert result.returncode == 2
    assert CASES[case] in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert fingerprint(data_copy) == before


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    from bluebook.readers import source_documents

    path = make_case("50 MB", tmp_path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(source_documents.SourceDocumentError, match="BLUEBOOK_MAX_SOURCE_MB"):
        source_documents.read_source_document(path)


def source_ids(data_dir: Path) -> set[str]:
    return set(read_checked(data_dir / "sources" / "sources.csv", SOURCE_COLUMNS)["source_id"])


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.8, 1.5])
def test_killed_ingest_leaves_data_valid(delay, tmp_path, data_copy):
    """SIGKILL at several moments: data/ is either untouched or fully ingested, always valid."""
    source = tmp_path / "section.txt"
    paragraphs = [
        f"In {month}, Foreign Minister Motegi held a telephone call with Foreign Minister "
        f"{name} of {country}.\n\n"
        for month in ("January", "March", "May", "July", "September", "November")
        for name, country in (("Marsudi", "Indonesia"), ("Maas", "Germany"), ("Le Drian", "France"))
    ]
    source.write_text("Diplomatic Bluebook 2022\n\n" + "".join(paragraphs), encoding="utf-8")
    before = fingerprint(data_copy)
    source_ids_before = source_ids(data_copy)
    process = subprocess.Popen(
        [sys.executable, "-m", "bluebook", "ingest", str(source), "--data-dir", str(data_copy)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    after = fingerprint(data_copy)
    assert [str(problem) for problem in validate_data_dir(data_copy)] == []
    if after != before:
        # the ingest finished: every file it writes is complete
        events = (data_copy / "events.csv").read_text(encoding="utf-8")
        assert events.count("reviewed") == 1
        assert events.endswith("false\n")
    # What the next writer does first: a change the kill left decided is finished, so the
    # ingest is wholly there (its source registered with its events) or wholly absent.
    transaction.recover(data_copy)
    assert [str(problem) for problem in validate_data_dir(data_copy)] == []
    new_sources = source_ids(data_copy) - source_ids_before
    events = read_checked(data_copy / "events.csv", EVENT_COLUMNS)
    assert all((events["source_id"] == source).any() for source in new_sources), new_sources
    if not new_sources:
        assert fingerprint(data_copy) == before
