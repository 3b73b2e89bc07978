"""Floors on the development corpus (``tests/fixtures/bluebook-dev``), scored as its SCORING.md.

The floors are the figures ``make eval`` printed minus 0.02; raise them when the extractor
improves, never lower them to let a change through.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from bluebook.evaluate.corpus import CorpusResult, evaluate_documents, load_corpus
from bluebook.evaluate.cv import cross_validated_figures

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bluebook-dev"
# The 44 texts added to the corpus on 2026-12-06 (first scored before any rule looked at them).
ADDED_2026_12 = frozenset(
    (CORPUS.parent / "bluebook-dev-added-2026-12.txt").read_text(encoding="utf-8").split()
)

STRICT_F1_FLOOR = 0.82
LENIENT_F1_FLOOR = 0.84


@cache
def corpus_result() -> CorpusResult:
    return evaluate_documents(load_corpus(CORPUS))


def test_the_vendored_corpus_is_complete() -> None:
    documents = load_corpus(CORPUS)
    assert len(documents) == 95
    assert {document.form for document in documents} == {"html", "txt", "pdf"}


def test_corpus_strict_f1_floor() -> None:
    assert corpus_result().strict.f1 >= STRICT_F1_FLOOR


def test_corpus_lenient_f1_floor() -> None:
    assert corpus_result().lenient.f1 >= LENIENT_F1_FLOOR


# The scorer under 5-fold cross-validation by document (seed 17), measured 2026-12-06: strict
# F1 0.842, lenient 0.861 over the 95 texts; lenient 0.764 over the 44 added ones.
CV_STRICT_F1_FLOOR = 0.81
CV_LENIENT_F1_FLOOR = 0.83
CV_ADDED_LENIENT_F1_FLOOR = 0.73


@cache
def cross_validated() -> tuple:
    return cross_validated_figures(load_corpus(CORPUS), 5, 17, sorted(ADDED_2026_12))


def test_cross_validated_corpus_f1_floors() -> None:
    whole, _, _ = cross_validated()
    assert whole[0].strict.f1 >= CV_STRICT_F1_FLOOR
    assert whole[0].lenient.f1 >= CV_LENIENT_F1_FLOOR


def test_cross_validated_f1_floor_on_the_added_texts() -> None:
    _, added, _ = cross_validated()
    assert added[0].lenient.f1 >= CV_ADDED_LENIENT_F1_FLOOR


def test_corpus_scores_are_deterministic() -> None:
    again = evaluate_documents(load_corpus(CORPUS))
    assert again.as_dict() == corpus_result().as_dict()


ALL_FORMS = ("html", "txt", "pdf")


def original_scores(forms: tuple[str, ...] = ALL_FORMS) -> dict:
    """The strict score of every corpus document of ``forms``, by document."""
    return {
        result.document.doc: result.strict
        for result in corpus_result().documents
        if result.document.form in forms
    }


def rewritten_scores(folder: Path, transform, forms: tuple[str, ...] = ALL_FORMS) -> dict:
    """The strict scores of the documents of ``forms`` rewritten by ``transform`` in ``folder``."""
    originals = [document for document in load_corpus(CORPUS) if document.form in forms]
    rewritten = [replace(document, path=folder / document.path.name) for document in originals]
    for document, original in zip(rewritten, originals, strict=True):
        text = original.path.read_text(encoding="utf-8")
        document.path.write_text(transform(text), encoding="utf-8")
    results = evaluate_documents(rewritten).documents
    return {result.document.doc: result.strict for result in results}


def _apostrophes_swapped(text: str) -> str:
    """Straight apostrophes typographic and typographic ones straight (as web pages differ)."""
    return text.translate(str.maketrans({"'": "\u2019", "\u2019": "'", "\u2018": "'"}))


def _en_dashes(text: str) -> str:
    """ "Japan-U.S." as "Japan\u2013U.S.", "ASEAN-Japan" as "ASEAN\u2013Japan" (web pages)."""
    return re.sub(r"(?<=\w)-(?=Japan)|(?<=Japan)-(?=\w)", "\u2013", text)


@pytest.mark.parametrize("variant", [_apostrophes_swapped, _en_dashes])
def test_typographic_punctuation_does_not_change_any_document_score(tmp_path, variant) -> None:
    # Gazetteer, keyword files and patterns say "People's" and "Japan-U.S."; many pages print
    # "People’s" and "Japan–U.S.".
    assert rewritten_scores(tmp_path, variant) == original_scores()


def _wrapped(text: str, width: int = 90) -> str:
    """Each long line broken at ``width`` columns, as a PDF copy of the page would be."""
    return "\n".join(
        "\n".join(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False))
        if len(line) > width
        else line
        for line in text.split("\n")
    )


@pytest.mark.parametrize("width", [55, 70, 90])
def test_pages_wrapped_like_a_pdf_keep_every_document_score(tmp_path, width: int) -> None:
    # Wrapped lines split "hereafter referred to\nas “PA”", leave "… February. A Memorandum"
    # at a line end where it looked like a lettered heading, and end a line with "Japan-U.S."
    # before a line of capitalised words that looked like a title.
    # A numbered-looking line inside an unfinished phrase ("… Palestinians and / 70 Israelis")
    # and a title-like line running to the margin at a paragraph's start are wrapped prose.
    # Held for 92 of the 95 texts; the three below still change when wrapped (issue 17).
    forms = ("html", "pdf")
    wrapped = rewritten_scores(tmp_path, lambda text: _wrapped(text, width), forms)
    originals = original_scores(forms)
    assert {doc: wrapped[doc] for doc in originals if doc not in WRAP_SENSITIVE} == {
        doc: score for doc, score in originals.items() if doc not in WRAP_SENSITIVE
    }


# Wrapped at 55 or 70 columns these still score differently: a short line ending a sentence
# starts a new paragraph ("… in August 2016. / TICAD VI, will address …", which then takes the
# paragraph's background date); a photo caption run into the text before "In January, Mr.
# Donald Trump / was inaugurated"; a footnote-like line in a sentence on TICAD's launch.
WRAP_SENSITIVE = frozenset(
    {
        "bluebook_2016_africa_ticad_process.txt",
        "bluebook_2016_sub_saharan_africa.txt",
        "bluebook_2018_north_america_pdf.txt",
    }
)
