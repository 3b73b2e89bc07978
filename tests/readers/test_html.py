"""A saved web page of the Ministry is read into the text form the extractor parses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bluebook.cli import main
from bluebook.readers import read_document, sniff_format
from bluebook.readers.html import read_html

DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "documents"
PAGE = DOCUMENTS / "first_source.html"


def lines_of(html: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    return [line for line in read_html(path, path.read_bytes()).text.split("\n") if line]


@pytest.fixture(scope="module")
def page_text() -> str:
    return read_document(PAGE).text


@pytest.mark.parametrize(
    "furniture",
    [
        "Skip to main content",  # header
        "Search",  # search form
        "Countries & Regions",  # global navigation
        "Home",  # breadcrumbs
        "1 Russia",  # side navigation
        "gtag",  # script
        "In May, Japan held a summit with Kazakhstan",  # a sentence inside a script
        "font-family",  # style
        "Back to Top",
        "©",  # copyright footer
        "About this site",  # footer links
    ],
)
def test_site_furniture_is_dropped(page_text: str, furniture: str) -> None:
    assert furniture not in page_text


@pytest.mark.parametrize(
    "line",
    [
        "Diplomatic Bluebook 2022",  # from the title and breadcrumbs: the volume header
        "Chapter 2",
        "Japan's Foreign Policy by Region",
        "2 Countries in Central Asia and Caucasus, etc.",
        "(1) Overview",
        "(4) Republic of Belarus",
        "Japan-Armenia summit meeting (July 24, Tokyo; Photo: Cabinet Public Relations Office)",
    ],
)
def test_headings_and_captions_are_lines_of_their_own(page_text: str, line: str) -> None:
    assert line in page_text.split("\n")


def test_footnote_marks_go_and_footnotes_stay_footnotes(page_text: str) -> None:
    assert "“Central Asia plus Japan” Dialogue, the 6th Expert Meeting" in page_text
    footnotes = [line for line in page_text.split("\n") if line.startswith("• ")]
    assert len(footnotes) == 1
    assert footnotes[0].startswith("• 5 Japan launched the “Central Asia plus Japan” Dialogue")


def test_the_text_follows_the_source_paragraph_by_paragraph(page_text: str) -> None:
    source = (
        Path(__file__).parents[2]
        / "data"
        / "sources"
        / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt"
    ).read_text(encoding="utf-8")
    paragraphs = [line.strip() for line in source.split("\n") if len(line.split()) > 30]
    read = page_text.split("\n")
    for paragraph in paragraphs:
        if not paragraph.startswith("•") and "(August 28" not in paragraph:
            assert paragraph.replace("Dialogue5", "Dialogue") in read


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<main><ol class='footnotes'><li>*3 Japan hosted the meeting in 2004.</li></ol></main>",
            ["• 3 Japan hosted the meeting in 2004."],
        ),
        (
            "<main><p>Prime Minister Kishida met the President of Kazakhstan.<sup>12</sup></p>"
            "<p><sup>12</sup> The meeting was held online.</p></main>",
            [
                "Prime Minister Kishida met the President of Kazakhstan.",
                "• 12 The meeting was held online.",
            ],
        ),
        (
            "<main><figure><img src='a.jpg'><figcaption>Japan-Armenia summit meeting<br>"
            "(July 24, Tokyo)</figcaption></figure><p>In July, the two leaders met in Tokyo.</p>"
            "</main>",
            [
                "Japan-Armenia summit meeting (July 24, Tokyo)",
                "In July, the two leaders met in Tokyo.",
            ],
        ),
        (
            "<body><header><h1>2 Countries in Central Asia</h1></header>"
            "<p>In May, the 30<sup>th</sup> meeting was held in Tashkent.</p></body>",
            ["2 Countries in Central Asia", "In May, the 30th meeting was held in Tashkent."],
        ),
    ],
)
def test_small_pages(html: str, expected: list[str], tmp_path: Path) -> None:
    assert lines_of(html, tmp_path) == expected


@pytest.mark.parametrize(
    ("head", "url"),
    [
        (
            "<!-- saved from url=(0031)https://www.mofa.go.jp/a.html -->",
            "https://www.mofa.go.jp/a.html",
        ),
        (
            '<link rel="canonical" href="https://www.mofa.go.jp/b.html">',
            "https://www.mofa.go.jp/b.html",
        ),
        ('<link rel="canonical" href="javascript:alert(1)">', ""),
        ("<!-- saved from url=(0022)http://example.org/ -->", ""),
    ],
)
def test_the_address_the_page_names_as_its_own(head: str, url: str, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = "<body><p>In May, Japan met Kazakhstan in Astana.</p>"
    path.write_text(f"<html><head>{head}</head>{body}", encoding="utf-8")
    assert read_document(path).url == url


@pytest.mark.parametrize(
    ("meta", "encoding"),
    [
        ('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', "shift_jis"),
        ('<meta charset="utf-8">', "utf-8"),
        ("", "utf-8"),  # no declaration: UTF-8 when the bytes are UTF-8
    ],
)
def test_the_page_encoding_is_honoured(meta: str, encoding: str, tmp_path: Path) -> None:
    sentence = "In May, Prime Minister Fukuda visited the “Republic of Kazakhstan” for talks."
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><head>{meta}</head><body><p>{sentence}</p>".encode(encoding))
    assert read_document(path).text == sentence + "\n"


def test_a_page_is_sniffed_by_its_content_not_its_name(tmp_path: Path) -> None:
    saved = tmp_path / "section.txt"
    shutil.copy(PAGE, saved)
    assert sniff_format(saved.read_bytes()) == "html"
    assert read_document(saved).format == "html"
    assert read_document(saved).text == read_document(PAGE).text


def test_a_complete_web_page_folder_gives_one_source(tmp_path: Path, capsys) -> None:
    """ "Web page, complete" saves a page and its ``_files`` folder (which may hold pages too)."""
    shutil.copy(PAGE, tmp_path / "first_source.html")
    shutil.copytree(DOCUMENTS / "first_source_files", tmp_path / "first_source_files")
    (tmp_path / "first_source_files" / "frame.html").write_text(
        "<html><body><p>In May, Japan held talks with Kazakhstan in Astana.</p></body></html>",
        encoding="utf-8",
    )
    assert main(["extract", str(tmp_path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert '"source_id":"bb2022-first-source"' in captured.out.replace(" ", "")
    assert "Astana" not in captured.out
