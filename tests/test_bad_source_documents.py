"""Unusable source documents get a clear message and exit 2; ingest never damages data/."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
    if name == "html":
        body = f"<!DOCTYPE html><html><body><p>{CALL}</p></body></html>"
        return write_bytes(folder / "page.txt", body.encode())
    if name == "html without doctype":
        body = "".join(f"<div><p>{CALL}</p></div>" for _ in range(5))
        return write_bytes(folder / "fragment.txt", body.encode())
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


CASES = {
    "empty": "is empty",
    "blank": "is empty",
    "binary": "is binary data",
    "latin-1": ":4: byte 0xe9 is not UTF-8; save the file as UTF-8",
    "html": "is an HTML page",
    "html without doctype": "is an HTML page",
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


@pytest.mark.parametrize("case", list(CASES))
def test_extract_refuses_with_a_clear_message(case, tmp_path):
    path = make_case(case, tmp_path)
    result = run_bluebook("extract", str(path), "--volume-year", "2022")
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert CASES[case] in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


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
    assert fingerprint(data_copy) == before


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    from bluebook import source_documents

    path = make_case("50 MB", tmp_path)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    with pytest.raises(source_documents.SourceDocumentError, match="BLUEBOOK_MAX_SOURCE_MB"):
        source_documents.read_source_document(path)


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
