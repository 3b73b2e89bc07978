"""The same section gives the same events in every form: text, saved web page, PDF.

Against the same reference annotation (the vendored ``gold_seed.csv`` of the first source), the
F1 of each document form is at least 0.95 of the plain text's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bluebook.evaluate.events import score_document, scoring_frame
from bluebook.extract import extract_frame
from bluebook.readers import read_document

TESTS = Path(__file__).parents[1]
ROOT = TESTS.parent
GOLD = TESTS / "fixtures" / "bluebook-dev" / "gold_seed.csv"
DOCUMENTS = TESTS / "fixtures" / "documents"
TEXT = ROOT / "data" / "sources" / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt"
FORMS = {
    "web page": DOCUMENTS / "first_source.html",
    "two-column PDF": DOCUMENTS / "first_source_two_columns.pdf",
    "one-column PDF": DOCUMENTS / "first_source_one_column.pdf",
}


def load_gold() -> pd.DataFrame:
    """The reference annotation of the first source, as a scoring frame (SCORING.md)."""
    seed = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    return scoring_frame(seed[seed["doc"] == TEXT.name])


def score_of(path: Path, gold: pd.DataFrame, lenient: bool) -> float:
    """The F1 of the events extracted from the document at ``path``."""
    document = read_document(path)
    predicted = scoring_frame(extract_frame(document.text, "first", 2022))
    return score_document(predicted, gold, lenient).f1


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return load_gold()


@pytest.mark.parametrize("lenient", [False, True], ids=["strict", "lenient"])
@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_scores_as_the_plain_text(form: str, lenient: bool, gold: pd.DataFrame) -> None:
    text_f1 = score_of(TEXT, gold, lenient)
    assert len(gold) >= 40 and text_f1 >= 0.5  # a comparison worth making
    assert score_of(FORMS[form], gold, lenient) >= 0.95 * text_f1
