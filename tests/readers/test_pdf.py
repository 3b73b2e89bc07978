"""A Bluebook PDF is read in reading order, without page furniture, with the page of each piece."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from bluebook.event_pages import page_of_evidence
from bluebook.extract.normalize import normalize_text
from bluebook.readers import read_document
from bluebook.readers.page_map import build_page_map

DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "documents"
PDFS = {
    "two columns": DOCUMENTS / "first_source_two_columns.pdf",
    "one column": DOCUMENTS / "first_source_one_column.pdf",
}
SOURCE = (
    Path(__file__).parents[2]
    / "data"
    / "sources"
    / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt"
)


@pytest.fixture(scope="module", params=list(PDFS))
def document(request):
    return read_document(PDFS[request.param])


def test_every_paragraph_comes_out_whole_and_in_order(document) -> None:
    source = SOURCE.read_text(encoding="utf-8").replace("Dialogue5", "Dialogue")
    paragraphs = [
        line.strip()
        for line in source.split("\n")
        if len(line.split()) > 30 and not line.strip().startswith("•") and "(August" not in line
    ]
    lines = document.text.split("\n")
    assert [line for line in lines if line in paragraphs] == paragraphs


def test_running_heads_and_page_numbers_are_dropped(document) -> None:
    lines = [line for line in document.text.split("\n") if line]
    assert lines[0] == "Diplomatic Bluebook 2022"  # taken from the running head
    assert "Chapter 2 Japan's Foreign Policy by Region" not in document.text
    assert not [line for line in lines if line.isdigit()]
    assert document.text.count("Diplomatic Bluebook 2022") == 1


def test_headings_footnotes_and_captions_keep_their_form(document) -> None:
    lines = document.text.split("\n")
    for heading in (
        "Japan's Foreign Policy by Region",
        "2 Countries in Central Asia and Caucasus, etc.",
        "(4) Republic of Belarus",
    ):
        assert heading in lines
    assert (
        "Japan-Armenia summit meeting (July 24, Tokyo; Photo: Cabinet Public Relations Office)"
        in lines
    )
    footnotes = [line for line in lines if line.startswith("• ")]
    assert len(footnotes) == 1 and footnotes[0].startswith("• 5 Japan launched the")
    assert "“Central Asia plus Japan” Dialogue, the 6th Expert Meeting" in document.text


def test_every_paragraph_has_its_page(document) -> None:
    text = normalize_text(document.text)
    rows = build_page_map(text, document.pieces)
    mapped = {line for line, column, _ in rows if column == 1}
    assert mapped == {n for n, line in enumerate(text.split("\n"), 1) if line.strip()}
    pages = [page for _, _, page in rows]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == document.page_count
    if document.path == PDFS["two columns"]:  # there a paragraph runs over a page break
        lines = text.split("\n")
        starts = [(page, lines[line - 1][column - 1 :][:15]) for line, column, page in rows]
        assert [
            start for start, (_, column, _) in zip(starts, rows, strict=True) if column > 1
        ] == [(3, "Nikol Pashinyan")]
    assert page_of_evidence(text, rows, "Belarus began joint military exercises") == pages[-1]
    assert page_of_evidence(text, rows, "(1) Overview") == 1


def write_pdf(path: Path, pages: list[list[tuple[float, float, str, float]]]) -> Path:
    """Draw (x, y, text, size) lines on A4 pages with reportlab's canvas."""
    drawing = canvas.Canvas(str(path))
    for lines in pages:
        for x, y, text, size in lines:
            drawing.setFont("Times-Roman", size)
            drawing.drawString(x, y, text)
        drawing.showPage()
    drawing.save()
    return path


def test_words_split_at_line_ends_are_joined(tmp_path: Path) -> None:
    lines = [
        "In May, the two ministers held an occa-",
        "sional meeting on high-level cooperation. They agreed to hold",
        "further high-",
        "level talks. The Japan-",
        "Russia talks were held.",
    ]
    page = [(72, 700 - 12 * number, line, 10) for number, line in enumerate(lines)]
    text = read_document(write_pdf(tmp_path / "hyphens.pdf", [page])).text
    assert "held an occasional meeting on high-level cooperation" in text
    assert "further high-level talks. The Japan-Russia talks" in text


def test_a_title_across_both_columns_is_read_before_them(tmp_path: Path) -> None:
    left = [f"Left column line {n} about Japan and Kazakhstan in May" for n in range(12)]
    right = [f"Right column line {n} about Japan and Georgia in June" for n in range(12)]
    page = [(72, 760, "(3) Caucasus Countries and the Region of Central Asia Today", 14)]
    page += [(72, 730 - 12 * n, line, 9) for n, line in enumerate(left)]
    page += [(310, 730 - 12 * n, line, 9) for n, line in enumerate(right)]
    text = read_document(write_pdf(tmp_path / "columns.pdf", [page])).text
    title = text.index("(3) Caucasus Countries")
    assert title < text.index("Left column line 0") < text.index("Left column line 11")
    assert text.index("Left column line 11") < text.index("Right column line 0")


def test_a_chapter_tab_set_sideways_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "tab.pdf"
    drawing = canvas.Canvas(str(path))
    drawing.setFont("Times-Roman", 10)
    drawing.drawString(
        72, 700, "In May, Prime Minister Suga held a telephone call with Kazakhstan."
    )
    drawing.saveState()
    drawing.translate(570, 500)
    drawing.rotate(90)
    drawing.drawString(0, 0, "Chapter 2 Japan's Foreign Policy by Region")
    drawing.restoreState()
    drawing.save()
    text = read_document(path).text
    assert text == "In May, Prime Minister Suga held a telephone call with Kazakhstan.\n"


def test_a_paragraph_goes_on_after_the_footnote_at_the_foot_of_its_column(tmp_path: Path) -> None:
    left = [f"and line {n} of a paragraph about Uzbekistan" for n in range(20)]
    left[0] = "In March, Minister Motegi held a meeting"
    left[-1] = "with Uzbekistan, where the two ministers"
    right = ["exchanged views on regional issues. They also"]
    right += [f"line {n} of the paragraph about Kazakhstan." for n in range(19)]
    page = [(72, 760 - 12 * n, line, 9) for n, line in enumerate(left)]
    page += [(72, 420, "5 Japan launched the Dialogue in 2004.", 7)]
    page += [(330, 760 - 12 * n, line, 9) for n, line in enumerate(right)]
    text = read_document(write_pdf(tmp_path / "footnote.pdf", [page])).text
    lines = text.split("\n")
    joined = "where the two ministers exchanged views on regional issues."
    assert any(joined in line for line in lines)
    assert "• 5 Japan launched the Dialogue in 2004." in lines
    assert text.index(joined) < text.index("• 5 Japan launched")
