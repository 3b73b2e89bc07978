"""A source read from a PDF keeps the page of each stretch of its text; validate checks it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from bluebook.cli import main
from bluebook.event_pages import page_of_evidence
from bluebook.readers.page_map import build_page_map, check_page_map, format_page_map
from bluebook.validate import validate_data_dir

DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "documents"
PDF = DOCUMENTS / "first_source_two_columns.pdf"


@pytest.fixture
def ingested(data_copy: Path, tmp_path: Path) -> Path:
    shutil.copy(PDF, tmp_path / "chapter2.pdf")
    assert main(["ingest", str(tmp_path / "chapter2.pdf"), "--data-dir", str(data_copy)]) == 0
    return data_copy


def problems_of(data_dir: Path) -> list[str]:
    return [str(problem) for problem in validate_data_dir(data_dir)]


def test_an_ingested_pdf_has_a_valid_page_map(ingested: Path) -> None:
    sources = pd.read_csv(ingested / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    row = sources[sources["original_file"] == "chapter2.pdf"].iloc[0]
    assert (row["file"], row["original_format"]) == ("chapter2.txt", "pdf")
    text = (ingested / "sources" / "chapter2.txt").read_text(encoding="utf-8")
    content = (ingested / "sources" / "chapter2.pages.csv").read_text(encoding="utf-8")
    assert content.startswith("line,column,page\n1,1,1\n")
    assert problems_of(ingested) == []
    events = pd.read_csv(ingested / "events.csv", dtype=str, keep_default_na=False)
    new = events[events["source_id"] == row["source_id"]]
    rows = [tuple(map(int, line.split(","))) for line in content.split("\n")[1:] if line]
    pages = {page_of_evidence(text, rows, evidence.split(" … ")[0]) for evidence in new["evidence"]}
    assert pages == {1, 2, 3}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda text: text.replace("1,1,1\n", "", 1), "text line 1 has no page"),
        (lambda text: text + "999,1,3\n", "past the end of the text"),
        (lambda text: text.replace("line,column,page", "line,page"), "the header must be"),
        (lambda text: text + "1,2,x\n", "expected three positive whole numbers"),
    ],
)
def test_a_broken_page_map_is_reported(ingested: Path, change, expected: str) -> None:
    page_map = ingested / "sources" / "chapter2.pages.csv"
    page_map.write_text(change(page_map.read_text(encoding="utf-8")), encoding="utf-8")
    found = problems_of(ingested)
    assert len(found) == 1 and "chapter2.pages.csv" in found[0] and expected in found[0]


def test_a_missing_page_map_and_bad_original_columns_are_reported(ingested: Path) -> None:
    (ingested / "sources" / "chapter2.pages.csv").unlink()
    sources = ingested / "sources" / "sources.csv"
    content = sources.read_text(encoding="utf-8")
    assert "needs its page map sources/chapter2.pages.csv" in " ".join(problems_of(ingested))
    sources.write_text(content.replace(",pdf,", ",docx,"), encoding="utf-8")
    assert "'docx' is not a document format" in " ".join(problems_of(ingested))
    sources.write_text(content.replace("chapter2.pdf,pdf,", "chapter2.pdf,,"), encoding="utf-8")
    assert "filled only in part" in " ".join(problems_of(ingested))


def test_a_page_map_beside_a_text_source_is_reported(data_copy: Path) -> None:
    name = "bluebook_2022_ch2_central_asia_caucasus_belarus.pages.csv"
    (data_copy / "sources" / name).write_text("line,column,page\n1,1,1\n", encoding="utf-8")
    assert "is a page map, but the source is not from a PDF" in " ".join(problems_of(data_copy))


def test_pages_never_go_back() -> None:
    text = "Diplomatic Bluebook 2022\n\nIn May, Japan met Kazakhstan.\n"
    rows = build_page_map(text, [(2, "Diplomatic Bluebook 2022"), (1, "In May, Japan met")])
    found = check_page_map(text, format_page_map(rows), "x.pages.csv")
    assert [problem.message for problem in found] == ["page 1 comes after page 2"]


def test_a_second_ingest_of_the_same_pdf_changes_nothing(ingested: Path, tmp_path: Path) -> None:
    before = {path: path.read_bytes() for path in sorted(ingested.rglob("*")) if path.is_file()}
    assert main(["ingest", str(tmp_path / "chapter2.pdf"), "--data-dir", str(ingested)]) == 0
    after = {path: path.read_bytes() for path in sorted(ingested.rglob("*")) if path.is_file()}
    assert after == before
