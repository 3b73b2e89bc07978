"""Held-out passages: regions and text forms the extractor was not tuned on, scored like gold.

Each ``tests/fixtures/extract/NAME.txt`` comes with ``NAME.expected.csv``, annotated by hand
before the extractor was run on it (date, countries, event type, ``japan_involved`` and level).
The score is the one of ``bluebook evaluate``: a match shares a country and the event type and
agrees on the date at the coarser precision.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bluebook.evaluate.events import evaluate_frames
from bluebook.extract import extract_frame
from bluebook.schema import EVENT_COLUMNS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
HELD_OUT = (
    "europe_mofa",
    "southeast_asia_web",
    "africa_web",
    "latin_america_pdf",
    "oceania_mofa",
)


def gold_frame(name: str) -> pd.DataFrame:
    gold = pd.read_csv(FIXTURES / f"{name}.expected.csv", dtype=str, keep_default_na=False)
    for column in EVENT_COLUMNS:
        if column not in gold:
            gold[column] = name if column == "source_id" else ""
    return gold


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_passage_scores_like_its_gold(name: str) -> None:
    predicted = extract_frame((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), name)
    evaluation = evaluate_frames(predicted, gold_frame(name))
    assert (evaluation.precision, evaluation.recall) == (1.0, 1.0)
    assert evaluation.field_accuracy["countries"] == 1.0
    assert evaluation.field_accuracy["level"] == 1.0
    assert evaluation.field_accuracy["japan_involved"] == 1.0


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_events_carry_their_section_and_clean_evidence(name: str) -> None:
    frame = extract_frame((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), name)
    assert (frame["section"] != "").all()
    assert not frame["evidence"].str.match(r"\(?\d{1,2}\)? [A-Z]").any()
    assert frame["evidence"].str.contains(r"[.!?”)]$").all()
