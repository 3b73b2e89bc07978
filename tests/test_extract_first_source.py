"""The extractor reproduces the reviewed dataset of the first source (the issue's target)."""

from __future__ import annotations

import re
import textwrap
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


def as_pdf_copy(text: str) -> str:
    """Wrap at 85 columns, drop empty lines, add page headers, split words at line ends."""
    lines: list[str] = []
    for number, paragraph in enumerate(text.split("\n")):
        lines += textwrap.wrap(paragraph, 85, break_long_words=False)
        if number % 7 == 3:
            lines.append(f"Section 6 {120 + number}")
    wrapped = "\n".join(lines)
    return re.sub(
        r"\b(cooperation|relations|Uzbekistan)\b",
        lambda match: f"{match.group(1)[:4]}-\n{match.group(1)[4:]}",
        wrapped,
        count=6,
    )


def as_mofa_one_line(text: str) -> str:
    """The Ministry's plain text: the section on one line, “…” as g…h, ’ and 's as f."""
    header, _, body = text.partition("\n")
    body = " ".join(line.strip() for line in body.split("\n") if line.strip())
    body = body.replace("“", "g").replace("”", "h").replace("’", "f").replace("'s ", "fs ")
    return f"{header}\n{body.replace(chr(39), 'f')}"


@pytest.mark.parametrize("form", [as_pdf_copy, as_mofa_one_line])
def test_first_source_in_the_other_text_forms_reaches_the_target(form) -> None:
    if not GOLD.exists():
        pytest.skip("data/events.csv is not there yet")
    gold = pd.read_csv(GOLD, dtype=str, keep_default_na=False)
    gold = gold[(gold["source_id"] == SOURCE_ID) & (gold["reviewed"] == "true")]
    text = form(SOURCE.read_text(encoding="utf-8"))
    evaluation = evaluate_frames(extract_frame(text, SOURCE_ID), gold)
    assert evaluation.f1 >= 0.95
    assert evaluation.field_accuracy["countries"] >= 0.95
    assert evaluation.field_accuracy["date"] >= 0.95
