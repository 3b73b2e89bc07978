"""An event from a PDF source shows the page where its evidence starts: in the dataset, the
downloads, the panel citation and the review page; events of text sources show none."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest
from streamlit.testing.v1 import AppTest

from bluebook.cli import main
from bluebook.dataset import load_dataset
from bluebook.event_pages import build_event_pages, page_of_evidence, page_suffix
from bluebook.explore import export
from bluebook.readers.page_map import format_page_map
from tests.conftest import ROOT
from tests.review_fixtures import serve_for_review, signed_in_review
from ui.panels import citation

PDF = Path(__file__).parents[1] / "fixtures" / "documents" / "first_source_two_columns.pdf"
TEXT = (
    "Title\n"
    "\n"
    "The first paragraph starts here. It runs on,   and a second sentence crosses\n"
    "onto the next page.\n"
    "A last line.\n"
)
# Page 2 begins at "and a second" (column 48 of line 3), page 3 at line 5.
ROWS = [(1, 1, 1), (3, 1, 1), (3, 48, 2), (4, 1, 2), (5, 1, 3)]
# Sentences of the first source that start on one page of the two-column PDF (the paragraph
# "Regarding relations with Armenia…" runs from page 2 onto page 3 at "Nikol Pashinyan").
ACROSS_THE_BREAK = "As a result, incumbent Prime Minister Nikol Pashinyan was re-elected."
AFTER_THE_BREAK = "Nikol Pashinyan was re-elected."
KNOWN = "On May 23, 2021, a commercial aircraft flying over Belarus"


def test_the_page_is_where_the_first_passage_starts() -> None:
    assert TEXT.split("\n")[2][47:].startswith("and a second")
    assert page_of_evidence(TEXT, ROWS, "Title") == 1
    assert page_of_evidence(TEXT, ROWS, "The first paragraph starts here.") == 1
    assert page_of_evidence(TEXT, ROWS, "It runs on, and a second sentence") == 1
    assert page_of_evidence(TEXT, ROWS, "and a second sentence crosses onto the next page.") == 2
    assert page_of_evidence(TEXT, ROWS, "  crosses \n onto the   next page.") == 2
    assert page_of_evidence(TEXT, ROWS, "A last line.") == 3
    assert page_of_evidence(TEXT, ROWS, "A last line. … The first paragraph") == 3
    assert page_of_evidence(TEXT, ROWS, "The first paragraph … A last line.") == 1
    assert page_of_evidence(TEXT, ROWS, "Not in the text.") is None


def test_only_events_of_pdf_sources_get_a_page(tmp_path: Path) -> None:
    sources_dir = tmp_path / "sources"
    sources_dir.mkdir()
    (sources_dir / "a.txt").write_text(TEXT, encoding="utf-8")
    (sources_dir / "a.pages.csv").write_text(format_page_map(ROWS), encoding="utf-8")
    (sources_dir / "b.txt").write_text(TEXT, encoding="utf-8")
    sources = pd.DataFrame(
        {"source_id": ["a", "b"], "file": ["a.txt", "b.txt"], "original_format": ["pdf", ""]}
    )
    events = pd.DataFrame(
        {
            "source_id": ["a", "b", "a", "a"],
            "evidence": ["A last line.", "A last line.", "onto the next page.", "Missing."],
        },
        index=[10, 11, 12, 13],
    )
    pages = build_event_pages(events, sources, tmp_path)
    assert list(pages.index) == [10, 11, 12, 13]
    assert pages.tolist() == [3, pd.NA, 2, pd.NA]
    assert [page_suffix(page) for page in pages] == [", p. 3", "", ", p. 2", ""]


def pdf_pages_with(phrase: str) -> list[int]:
    """The pages of the fixture PDF on which ``phrase`` is, per pdfplumber (column by column)."""
    found = []
    with pdfplumber.open(PDF) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            halves = [(0, page.width / 2), (page.width / 2, page.width)]
            texts = [page.crop((x0, 0, x1, page.height)).extract_text() for x0, x1 in halves]
            if any(phrase in " ".join(text.split()) for text in texts):
                found.append(number)
    return found


@pytest.fixture
def pdf_data(data_copy: Path, tmp_path: Path) -> Path:
    """``data/`` with the two-column PDF ingested, and two more events of it whose evidence
    starts before and after the page break inside a paragraph."""
    shutil.copy(PDF, tmp_path / "chapter2.pdf")
    assert main(["ingest", str(tmp_path / "chapter2.pdf"), "--data-dir", str(data_copy)]) == 0
    path = data_copy / "events.csv"
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    pdf_events = events[events["source_id"] == "bb2022-chapter2"]
    model = pdf_events[pdf_events["evidence"].str.startswith("Domestic politics in Armenia")]
    extra = pd.concat([model.iloc[:1]] * 2, ignore_index=True)
    extra["event_id"] = ["bb2022-chapter2-t001", "bb2022-chapter2-t002"]
    extra["evidence"] = [ACROSS_THE_BREAK, AFTER_THE_BREAK]
    pd.concat([events, extra]).to_csv(path, index=False, lineterminator="\n")
    return data_copy


def test_an_ingested_pdf_event_has_the_page_its_evidence_is_on(
    pdf_data: Path, tmp_path: Path
) -> None:
    # What the PDF really has: the sentence starts on page 2, its last words are on page 3.
    assert pdf_pages_with("As a result, incumbent") == [2]
    assert pdf_pages_with("Nikol Pashinyan was re-elected") == [3]
    assert len(pdf_pages_with(KNOWN)) == 1
    expected = {
        ACROSS_THE_BREAK: 2,
        AFTER_THE_BREAK: 3,
        KNOWN: pdf_pages_with(KNOWN)[0],
    }
    for cache in (None, tmp_path / "cache", tmp_path / "cache"):  # validated, then snapshot
        dataset = load_dataset(pdf_data, cache_dir=cache)
        events = dataset.events
        from_pdf = events["source_id"] == "bb2022-chapter2"
        assert events.loc[from_pdf, "page"].notna().all()
        assert events.loc[~from_pdf, "page"].isna().all() and (~from_pdf).sum() > 0
        for start, page in expected.items():
            rows = events[from_pdf & events["evidence"].str.startswith(start)]
            assert rows["page"].tolist() == [page], start

    sources = dataset.sources
    csv_text = export.to_csv(events, sources, {}).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert list(rows[0]) == list(export.PEOPLE_COLUMNS)
    for start, page in expected.items():
        shown = [
            row["page"]
            for row in rows
            if row["source_id"] == "bb2022-chapter2" and row["evidence"].startswith(start)
        ]
        assert shown == [str(page)], start
    assert {row["page"] for row in rows if row["source_id"] == "bb2022-ch2-cac"} == {""}

    records = json.loads(export.to_json(events, sources, {}, "citation"))["events"]
    by_id = {record["event_id"]: record["page"] for record in records}
    assert by_id["bb2022-chapter2-t001"] == 2 and by_id["bb2022-ch2-cac-001"] is None
    world = {"features": [{"id": "ARM", "properties": {"name": "Armenia"}, "geometry": None}]}
    ids = {"event_type": list(dataset.taxonomy.event_types), "themes": []}
    geojson = export.to_geojson(events, world, sources, ids, "citation")
    properties = json.loads(geojson)["features"][0]["properties"]
    pages = {event["event_id"]: event["page"] for event in properties["events"]}
    assert pages["bb2022-chapter2-t002"] == 3 and pages["bb2022-ch2-cac-049"] is None

    event = events[events["event_id"] == "bb2022-chapter2-t002"].iloc[0]
    assert citation(dataset, event).endswith(", paragraph 4, p. 3")
    text_event = events[events["event_id"] == "bb2022-ch2-cac-049"].iloc[0]
    assert citation(dataset, text_event).endswith(", paragraph 4")


def test_the_country_panel_cites_the_page(pdf_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLUEBOOK_DATA_DIR", str(pdf_data))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    # Every year, the background events before the narrated years included.
    first_year = min(date[:4] for date in pd.read_csv(pdf_data / "events.csv")["date"])
    at.query_params.update({"country": "ARM", "from": first_year})
    at.run()
    assert not at.exception
    captions = [item.value.replace("\\", "") for item in at.main.caption]  # markdown escapes
    sources = [line for line in captions if line.startswith("Source:")]
    pdf_lines = [line for line in sources if "Chapter 2: 2 Countries" in line]
    text_lines = [line for line in sources if "Section 2: Countries" in line]
    assert pdf_lines and text_lines
    assert all(line.endswith((", p. 2", ", p. 3")) for line in pdf_lines), pdf_lines
    assert any(line.endswith("paragraph 4, p. 3") for line in pdf_lines), pdf_lines
    assert not [line for line in text_lines if ", p. " in line], text_lines


def test_the_review_page_cites_the_page(
    pdf_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_for_review(monkeypatch, pdf_data, tmp_path)
    at = signed_in_review()
    event_id = at.selectbox(key="review_current").value
    pages = load_dataset(pdf_data).events.set_index("event_id")["page"]
    assert event_id.startswith("bb2022-chapter2-") and not pd.isna(pages[event_id])
    lines = [item.value.replace("\\", "") for item in at.main.markdown]
    provenance = [line for line in lines if line.endswith(f" · {event_id}")]
    assert len(provenance) == 1 and f", p. {pages[event_id]} · " in provenance[0], provenance
