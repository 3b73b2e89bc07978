"""Every event says why it exists: rule ids on events, the side table, ``extract --explain``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from bluebook.cli import main
from bluebook.extract import extract_frame
from bluebook.extract.explain import (
    EXTRACTION_COLUMNS,
    EXTRACTION_FILE,
    Explanation,
    appended_extraction_text,
    check_extraction_file,
    describe_rule,
    format_explanation,
    load_explanations,
    sort_by_confidence,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
PATTERNS = Path(__file__).parents[2] / "data" / "taxonomy" / "keywords_event_types.csv"


def rules_of(text: str, year: int = 2023) -> list[list[str]]:
    frame = extract_frame(text, "t", year, scorer=None)
    return [value.split(";") for value in frame["rules"]]


def pattern_line(rule: str) -> list[str]:
    """The row of keywords_event_types.csv a ``file:line`` rule points to."""
    line = int(rule.split(":")[1])
    rows = list(csv.reader(io.StringIO(PATTERNS.read_text(encoding="utf-8"))))
    return rows[line - 1]


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("In May, Foreign Minister Hayashi held a telephone call with Kenya.", "call"),
        ("In June, Prime Minister Kishida visited Peru.", "visit"),
        ("In March, a presidential election was held in Chad.", "election"),
    ],
)
def test_the_trigger_rule_names_the_pattern_row_that_gives_the_type(text, event_type) -> None:
    [rules] = rules_of(text)
    assert rules[0].startswith("keywords_event_types.csv:")
    assert pattern_line(rules[0])[1] == event_type


def test_a_trip_to_several_countries_carries_the_visit_splitter() -> None:
    rules = rules_of("In July, Foreign Minister Hayashi visited Chile, Peru and Bolivia.")
    assert len(rules) == 3
    assert all("visit_splitter" in event_rules for event_rules in rules)


def test_a_group_expanded_to_its_members_names_the_group() -> None:
    [rules] = rules_of("In September, Foreign Minister Hayashi visited the Baltic states.")
    assert "group:baltic_states" in rules


def test_a_caption_that_dates_an_event_is_named() -> None:
    text = (
        "(1) Chile\n\nIn July, Foreign Minister Hayashi visited Chile.\n"
        "Foreign Minister Hayashi in Chile (July 4, Santiago)"
    )
    [rules] = rules_of(text)
    assert "caption_dating" in rules


def test_an_undated_sentence_says_its_date_is_the_narrative_year() -> None:
    [rules] = rules_of("(1) Chile\n\nForeign Minister Hayashi visited Chile.")
    assert "date_default" in rules


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("keywords_event_types.csv:12", "trigger pattern, keywords_event_types.csv line 12"),
        ("visit_splitter", "a trip to several countries, one event per country"),
        ("group:pacific_islands", "a group expanded to its members (pacific islands)"),
        ("some_new_rule", "some new rule"),
    ],
)
def test_rules_are_described_in_words(rule: str, words: str) -> None:
    assert describe_rule(rule) == words


def test_an_explanation_line_gives_rules_and_confidence() -> None:
    line = format_explanation(Explanation(("visit_splitter",), 0.8125, "scorer-x"))
    assert line == "a trip to several countries, one event per country — confidence 0.812"
    assert format_explanation(None) == ""


def write_table(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / EXTRACTION_FILE
    lines = [",".join(EXTRACTION_COLUMNS)] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["e 1", "visit_splitter", "0.5", "m"], "event_id", "bad id"),
        (["e1", "", "0.5", "m"], "rules", "no rule"),
        (["e1", "Visit Splitter!", "0.5", "m"], "rules", "bad rule"),
        (["e1", "visit_splitter", "1.5", "m"], "confidence", "not a number from 0 to 1"),
        (["e1", "visit_splitter", "high", "m"], "confidence", "not a number from 0 to 1"),
        (["e1", "visit_splitter", "0.5", ""], "model", "empty model version"),
    ],
)
def test_validate_names_file_line_and_column_of_a_bad_row(tmp_path, row, column, message) -> None:
    write_table(tmp_path, [["e0", "keywords_event_types.csv:3", "", "rules-only"], row])
    [problem] = check_extraction_file(tmp_path, "data/")
    assert (problem.file, problem.line, problem.column) == ("data/extraction.csv", 3, column)
    assert message in problem.message


def test_a_repeated_event_id_is_reported_with_the_first_line(tmp_path) -> None:
    write_table(tmp_path, [["e1", "visit_splitter", "", "m"], ["e1", "respectively", "", "m"]])
    [problem] = check_extraction_file(tmp_path)
    assert problem.line == 3 and "line 2" in problem.message


def test_a_folder_without_the_side_table_is_clean_and_explains_nothing(tmp_path) -> None:
    assert check_extraction_file(tmp_path) == []
    assert load_explanations(tmp_path) == {}


def test_explanations_load_by_event_id_leaving_bad_rows_out(tmp_path) -> None:
    write_table(
        tmp_path,
        [["e1", "keywords_event_types.csv:3;visit_splitter", "0.9", "m"], ["e2", "", "x", "m"]],
    )
    explanations = load_explanations(tmp_path)
    assert list(explanations) == ["e1"]
    assert explanations["e1"] == Explanation(
        ("keywords_event_types.csv:3", "visit_splitter"), 0.9, "m"
    )


def test_appending_creates_the_header_then_keeps_existing_bytes(tmp_path) -> None:
    rows = pd.DataFrame([["e1", "visit_splitter", "0.700", "m"]], columns=EXTRACTION_COLUMNS)
    first = appended_extraction_text(tmp_path, rows)
    assert first == "event_id,rules,confidence,model\ne1,visit_splitter,0.700,m\n"
    (tmp_path / EXTRACTION_FILE).write_text(first, encoding="utf-8")
    second = appended_extraction_text(tmp_path, rows.assign(event_id="e2"))
    assert second.startswith(first) and second.endswith("e2,visit_splitter,0.700,m\n")


def test_the_queue_order_puts_the_least_confident_first_and_unscored_last() -> None:
    explanations = {
        "a": Explanation(("r",), 0.9, "m"),
        "b": Explanation(("r",), 0.2, "m"),
        "c": Explanation(("r",), None, "m"),
    }
    assert sort_by_confidence(["a", "c", "d", "b"], explanations) == ["b", "a", "c", "d"]


def test_extract_explain_adds_rules_and_confidence_columns(capsys) -> None:
    assert main(["extract", str(FIXTURES / "asia_mofa.txt"), "--explain"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(frame.columns[-2:]) == ["rules", "confidence"]
    assert frame["rules"].str.contains("keywords_event_types.csv:").all()


def test_ingest_writes_the_rules_of_each_new_event_and_validates(data_copy: Path) -> None:
    assert main(["ingest", str(FIXTURES / "europe_web.txt"), "--data-dir", str(data_copy)]) == 0
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    new_ids = set(events.loc[events["source_id"] == "bb2023-europe-web", "event_id"])
    explanations = load_explanations(data_copy)
    assert set(explanations) == new_ids
    assert all(item.rules and item.model for item in explanations.values())
    assert main(["validate", str(data_copy)]) == 0
