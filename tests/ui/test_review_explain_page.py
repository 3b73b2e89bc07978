"""The Review page shows why each event exists and can order the queue by confidence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from bluebook.extract.explain import load_explanations
from tests.review_fixtures import build_ingested_copy, serve_for_review, signed_in_review


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ingested_copy(tmp_path_factory.mktemp("review-explain") / "data")


@pytest.fixture
def folder(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template, target)
    serve_for_review(monkeypatch, target, tmp_path)
    return target


def why_lines(at: AppTest) -> list[str]:
    return [item.value for item in at.caption if item.value.startswith("Why this event")]


def test_the_current_event_shows_its_rules_and_confidence(folder: Path) -> None:
    at = signed_in_review()
    current = at.selectbox(key="review_current").value
    explanation = load_explanations(folder)[current]
    [line] = [value.replace("\\", "") for value in why_lines(at)]
    assert "trigger pattern, keywords_event_types.csv line" in line
    if explanation.confidence is not None:
        assert f"confidence {explanation.confidence:.3f}" in line


def test_least_confident_first_orders_the_queue_by_the_side_table(folder: Path) -> None:
    explanations = load_explanations(folder)
    table = folder / "extraction.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    # give the last extracted event the lowest confidence, so the order visibly changes
    last_id = lines[-1].split(",")[0]
    lines[-1] = ",".join([last_id, lines[-1].split(",")[1], "0.010", "test"])
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    at = signed_in_review()
    first = at.selectbox(key="review_current").value
    assert first != last_id and last_id in explanations
    at.toggle(key="review_by_confidence").set_value(True).run()
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    row = events[events["event_id"] == last_id].iloc[0]
    assert at.selectbox(key="review_current").options[0] == f"{row['date']} · {row['title'][:90]}"
