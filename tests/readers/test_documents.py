"""Several paths or a folder: one document per file, progress on stderr when the work is long."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from bluebook.readers import SourceDocumentError, expand_paths
from bluebook.readers.documents import read_documents

DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "documents"


def test_a_folder_gives_its_documents_but_not_the_browser_files(tmp_path: Path) -> None:
    shutil.copy(DOCUMENTS / "first_source.html", tmp_path / "b.html")
    shutil.copytree(DOCUMENTS / "first_source_files", tmp_path / "b_files")
    (tmp_path / "b_files" / "frame.htm").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    shutil.copy(DOCUMENTS / "first_source_one_column.pdf", tmp_path / "sub" / "c.pdf")
    (tmp_path / "a.txt").write_text("Diplomatic Bluebook 2022\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    found = expand_paths([tmp_path, tmp_path / "a.txt"])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == [
        "a.txt",
        "b.html",
        "sub/c.pdf",
    ]


def test_a_folder_without_documents_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceDocumentError, match=r"is a folder with no \.txt, \.html or \.pdf"):
        expand_paths([tmp_path])


def test_progress_is_shown_for_several_files_and_problems_are_collected(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n")
    paths = [DOCUMENTS / "first_source.html", DOCUMENTS / "first_source_one_column.pdf", broken]
    stream = io.StringIO()
    documents, problems = read_documents(paths, stream)
    assert [document.format for document in documents] == ["html", "pdf"]
    assert len(problems) == 1 and problems[0].startswith(f"{broken}: is a damaged PDF")
    assert "0/3" in stream.getvalue() and "first_source.html" in stream.getvalue()


def test_one_short_document_shows_no_progress() -> None:
    stream = io.StringIO()
    documents, problems = read_documents([DOCUMENTS / "first_source.html"], stream)
    assert len(documents) == 1 and not problems
    assert stream.getvalue() == ""
