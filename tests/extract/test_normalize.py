"""Copy artefacts of the three text forms are undone without touching the wording."""

from __future__ import annotations

import pytest

from bluebook.extract.normalize import looks_like_mofa_plain_text, normalize_text
from bluebook.extract.structure import parse_document


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the gCentral Asia plus Japanh Dialogue", "the “Central Asia plus Japan” Dialogue"),
        ("Japanfs support for Mongoliafs reforms", "Japan's support for Mongolia's reforms"),
        ("the Foreign Ministersf Meeting in Tokyo", "the Foreign Ministers' Meeting in Tokyo"),
        (
            "gFree and Open Indo-Pacific with ASEANh was",
            "“Free and Open Indo-Pacific with ASEAN” was",
        ),
        ("Japanfs chiefs and beliefs", "Japan's chiefs and beliefs"),
    ],
)
def test_mofa_plain_text_quotes_and_apostrophes_are_restored(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_ordinary_text_with_words_ending_in_h_is_not_taken_for_mofa_text() -> None:
    text = "Japan held talks with Kazakh officials on growth, health and research."
    assert not looks_like_mofa_plain_text(text)
    assert normalize_text(text) == text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("held occa- sional talks", "held occasional talks"),
        ("In Septem-\nber, the two", "In September, the two"),
        ("short- and medium-term plans", "short- and medium-term plans"),
        ("the Japan- China summit", "the Japan-China summit"),
    ],
)
def test_pdf_hyphenation_is_joined_but_real_hyphens_stay(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


@pytest.mark.parametrize(
    "header",
    [
        "Section 5 134",
        "Chapter 2 Japan's Foreign Policy by Region 135",
        "135",
        "Diplomatic Bluebook 2022 136",
    ],
)
def test_pdf_page_headers_are_dropped(header: str) -> None:
    text = f"The two ministers met in May.\n{header}\nThey agreed to cooperate."
    assert normalize_text(text) == "The two ministers met in May.\n\nThey agreed to cooperate."


def test_page_header_inside_a_wrapped_sentence_is_dropped() -> None:
    assert normalize_text("the two ministers Section 5 134 agreed") == "the two ministers agreed"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "the “Central Asia plus Japan” Dialogue5, the",
            "the “Central Asia plus Japan” Dialogue, the",
        ),
        ("sanctions against Russia1.", "sanctions against Russia."),
        ("the JCPOA(*4) and", "the JCPOA and"),
        ("the BRICS(1) summit", "the BRICS summit"),
        ("the G7 and COP26 in 2021", "the G7 and COP26 in 2021"),
        ("COVID-19 vaccines", "COVID-19 vaccines"),
        ("(1) assistance for", "(1) assistance for"),
    ],
)
def test_footnote_markers_are_removed_and_names_with_digits_kept(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_a_page_header_between_two_lines_of_a_sentence_leaves_no_paragraph_break() -> None:
    text = (
        "(4) Venezuela\n"
        "In Venezuela, the humanitarian situation continued to deteriorate, and more\n"
        "Chapter 2 Japan's Foreign Policy by Region 105\n"
        "than three million people fled the country. Japan provided emergency grant aid\n"
        "of 2 million US dollars to neighbouring countries.\n"
    )
    blocks = parse_document(normalize_text(text)).blocks
    assert len(blocks) == 1
    assert "and more than three million" in blocks[0].text
