"""Event-level scoring: matching rule, one-to-one pairing, figures, and the command."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bluebook.cli import main
from bluebook.evaluate import dates_agree, evaluate_frames, events_match, pair_events
from bluebook.schema import EVENT_COLUMNS


def rows(*events: tuple[str, str, str], source: str = "s") -> pd.DataFrame:
    records = []
    for number, (date, countries, event_type) in enumerate(events, start=1):
        record = dict.fromkeys(EVENT_COLUMNS, "")
        record.update(
            event_id=f"e{number}",
            date=date,
            date_precision={4: "year", 7: "month", 10: "day"}[len(date)],
            countries=countries,
            event_type=event_type,
            level="summit",
            mode="telephone",
            japan_involved="true",
            themes="political_dialogue",
            source_id=source,
            reviewed="true",
        )
        records.append(record)
    return pd.DataFrame(records, columns=list(EVENT_COLUMNS), dtype=str)


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("2021-05", "2021-05-23", True),
        ("2021", "2021-05-23", True),
        ("2021-05", "2021-06", False),
        ("2022", "2021-05", False),
    ],
)
def test_dates_agree_at_the_coarser_precision(first: str, second: str, agree: bool) -> None:
    assert dates_agree(first, second) is agree


@pytest.mark.parametrize(
    ("predicted", "match"),
    [
        (("2021-05-23", "UZB;KAZ", "call"), True),
        (("2021-05", "KAZ", "meeting"), False),
        (("2021-05", "TKM", "call"), False),
        (("2021-06", "UZB", "call"), False),
    ],
)
def test_a_match_shares_a_country_the_type_and_the_date(predicted, match: bool) -> None:
    gold = rows(("2021-05", "UZB", "call")).iloc[0]
    assert events_match(rows(predicted).iloc[0], gold) is match


def test_pairs_are_one_to_one_and_prefer_exact_agreement() -> None:
    predicted = rows(("2021", "KAZ", "call"), ("2021-05", "KAZ", "call"))
    gold = rows(("2021-05", "KAZ", "call"))
    assert pair_events(predicted, gold) == [(1, 0)]


def test_figures_and_field_accuracy() -> None:
    predicted = rows(
        ("2021-05", "UZB", "call"), ("2021", "KAZ;RUS", "security"), ("2021", "X", "aid")
    )
    gold = rows(("2021-05", "UZB", "call"), ("2021-01", "KAZ", "security"), ("2021", "BLR", "aid"))
    evaluation = evaluate_frames(predicted, gold)
    assert (evaluation.matched, evaluation.precision, evaluation.recall) == (2, 2 / 3, 2 / 3)
    assert evaluation.f1 == pytest.approx(2 / 3)
    assert evaluation.field_accuracy["countries"] == 0.5
    assert evaluation.field_accuracy["date"] == 0.5
    assert evaluation.field_accuracy["level"] == 1.0


def test_gold_rows_of_other_sources_are_left_out() -> None:
    predicted = rows(("2021-05", "UZB", "call"), source="a")
    gold = pd.concat(
        [rows(("2021-05", "UZB", "call"), source="a"), rows(("2021", "FRA", "aid"), source="b")]
    )
    evaluation = evaluate_frames(predicted, gold)
    assert (evaluation.gold, evaluation.f1) == (1, 1.0)


def test_evaluate_command_prints_the_figures(tmp_path: Path, capsys) -> None:
    pred, gold = tmp_path / "pred.csv", tmp_path / "gold.csv"
    rows(("2021-05", "UZB", "call")).to_csv(pred, index=False)
    rows(("2021-05", "UZB", "call"), ("2021", "KAZ", "aid")).to_csv(gold, index=False)
    assert main(["evaluate", str(pred), str(gold)]) == 0
    out = capsys.readouterr().out
    assert "precision: 1.000" in out and "recall: 0.500" in out and "f1: 0.667" in out
    assert "  countries: 1.000" in out


def test_evaluate_command_refuses_an_unreadable_table(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["evaluate", str(bad), str(bad)]) == 2
    assert "bad.csv" in capsys.readouterr().err
