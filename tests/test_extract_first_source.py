"""The extractor reproduces the reviewed dataset of the first source (the issue's target)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bluebook.evaluate import evaluate_frames
from bluebook.extract import extract_frame

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "sources" / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt"
GOLD = ROOT / "data" / "events.csv"
SOURCE_ID = "bb2022-ch2-cac"


def test_first_source_reaches_the_target_f1_and_field_accuracy() -> None:
    if not GOLD.exists():
        pytest.skip("data/events.csv is not there yet")
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    gold = gold[(gold["source_id"] == SOURCE_ID) & (gold["reviewed"] == "true")]
    predicted = extract_frame(SOURCE.read_text(encoding="utf-8"), SOURCE_ID)
    evaluation = evaluate_frames(predicted, gold)
    assert evaluation.f1 >= 0.9
    assert evaluation.field_accuracy["countries"] >= 0.95
    assert evaluation.field_accuracy["date"] >= 0.95
