"""Headings of every style, footnotes, captions, PDF line wrapping and one-line sections."""

from __future__ import annotations

import pytest

from bluebook.extract.normalize import normalize_text
from bluebook.extract.structure import find_volume_year, heading_level, parse_document


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Chapter 2", 0),
        ("Section 6 Russia and Belarus", 1),
        ("2.Central Asian Countries", 2),
        ("2 Countries in Central Asia and Caucasus, etc.", 2),
        ("1 Overview", 2),
        ("(1) Overview", 3),
        ("A Japan-Russia Relations", 4),
        ("Japan's Foreign Policy by Region", 5),
        ("In May, the two leaders held a telephone call.", None),
        ("A new government was formed in January after the election.", None),
    ],
)
def test_heading_styles_are_recognised(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_paragraphs_are_numbered_within_the_innermost_heading() -> None:
    text = "Section 6 Europe\n\n(1) Overview\n\nFirst.\n\nSecond.\n\n(2) France\n\nThird."
    blocks = parse_document(text).blocks
    assert [(b.section, b.paragraph, b.text) for b in blocks] == [
        ("(1) Overview", 1, "First."),
        ("(1) Overview", 2, "Second."),
        ("(2) France", 1, "Third."),
    ]


def test_footnote_is_a_block_of_its_own_after_the_paragraphs() -> None:
    text = (
        "(2) Central Asia\n\nJapan held talks in May.\n\n  • 5 Japan launched the Dialogue in 2004."
    )
    blocks = parse_document(text).blocks
    assert blocks[-1].kind == "footnote"
    assert blocks[-1].text == "Japan launched the Dialogue in 2004."
    assert blocks[-1].paragraph == 2


def test_captions_are_taken_out_deduplicated_and_dated() -> None:
    text = (
        "(1) Uzbekistan\n\nThe minister visited Uzbekistan in August.\n"
        "Courtesy call on the President (August 28, Uzbekistan)Courtesy call on the President"
        " (August 28, Uzbekistan)\n"
        "Japan-Armenia summit meeting (July 24, Tokyo; Photo: Cabinet Public Relations Office)"
        "Japan-Armenia summit meeting\n(July 24, Tokyo; Photo: Cabinet Public Relations Office)"
    )
    document = parse_document(text)
    assert [b.text for b in document.blocks] == ["The minister visited Uzbekistan in August."]
    assert [(c.text, c.month, c.day, c.place) for c in document.captions] == [
        ("Courtesy call on the President", 8, 28, "Uzbekistan"),
        ("Japan-Armenia summit meeting", 7, 24, "Tokyo"),
    ]


def test_caption_glued_to_the_last_sentence_is_separated() -> None:
    document = parse_document(
        "(1) Iran\n\nJapan imposed measures.Japan-Iran meeting (May 3, Tehran)"
    )
    assert document.blocks[0].text == "Japan imposed measures."
    assert document.captions[0].text == "Japan-Iran meeting"


def test_lines_wrapped_by_a_pdf_copy_are_joined_into_paragraphs() -> None:
    wrapped = (
        "(1) Iran\n"
        "In August, the new President of Iran took office after the election held in June\n"
        "of that year, and Japan sent a special envoy to the inauguration ceremony held in\n"
        "Tehran.\n"
        "In September, the two leaders held a telephone call on the nuclear issue and on\n"
        "the situation in Afghanistan, and they agreed to continue close communication.\n"
    )
    blocks = parse_document(wrapped).blocks
    assert len(blocks) == 2
    assert blocks[0].text.startswith("In August") and blocks[0].text.endswith("Tehran.")


def test_a_section_on_one_line_is_split_at_its_inline_headings() -> None:
    line = (
        "(1) Republic of Korea Japan-ROK relations remain difficult. In May, the two leaders "
        "held a telephone call and exchanged views on regional affairs and cooperation. "
        "(2) Mongolia In October, the Foreign Minister visited Mongolia and held a meeting "
        "with his counterpart on the strategic partnership between the two countries."
    )
    blocks = parse_document(normalize_text(line)).blocks
    assert [b.section for b in blocks] == ["(1) Republic of Korea", "(2) Mongolia"]
    assert blocks[1].text.startswith("In October")


@pytest.mark.parametrize(
    ("text", "year"),
    [("Diplomatic Bluebook 2022\n\nChapter 2", 2022), ("Chapter 2\nSection 1", None)],
)
def test_volume_year_comes_from_the_header(text: str, year: int | None) -> None:
    assert find_volume_year(text) == year
