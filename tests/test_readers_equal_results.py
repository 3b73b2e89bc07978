"""The same section gives the same events in every form: text, saved web page, PDF.

Against the same reference annotation (the vendored ``gold_seed.csv`` of the first source), the
F1 of each document form is at least 0.95 of the plain text's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bluebook.evaluate import evaluate_frames
from bluebook.extract import extract_frame
from bluebook.readers import read_document

TESTS = Path(__file__).parent
ROOT = TESTS.parent
GOLD = TESTS / "fixtures" / "bluebook-dev" / "gold_seed.csv"
DOCUMENTS = TESTS / "fixtures" / "documents"
TEXT = ROOT / "data" / "sources" / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt"
FORMS = {"html": DOCUMENTS / "first_source.html"}


def load_gold() -> pd.DataFrame:
    """The required rows of the reference annotation, as an events frame for ``evaluate``."""
    seed = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    seed = seed[(seed["doc"] == TEXT.name) & (seed["optional"] != "1")]
    return pd.DataFrame(
        {
            "source_id": "first",
            "event_type": seed["type"],
            "countries": seed["countries"],
            "date": seed["date"],
            "level": seed["level"],
            "mode": seed["mode"],
            "themes": "",
            "japan_involved": seed["japan"].map({"1": "true"}).fillna("false"),
            "paragraph": "",
        }
    ).reset_index(drop=True)


def f1_of(path: Path, gold: pd.DataFrame) -> float:
    document = read_document(path)
    return evaluate_frames(extract_frame(document.text, "first", 2022), gold).f1


@pytest.fixture(scope="module")
def gold() -> pd.DataFrame:
    return load_gold()


@pytest.fixture(scope="module")
def text_f1(gold: pd.DataFrame) -> float:
    return f1_of(TEXT, gold)


def test_the_gold_and_the_text_agree_enough_to_compare(gold: pd.DataFrame, text_f1: float) -> None:
    assert len(gold) >= 40
    assert text_f1 >= 0.5


@pytest.mark.parametrize("form", list(FORMS))
def test_every_form_scores_as_the_plain_text(form: str, gold: pd.DataFrame, text_f1: float) -> None:
    assert f1_of(FORMS[form], gold) >= 0.95 * text_f1
