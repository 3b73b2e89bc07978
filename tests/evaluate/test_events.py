"""Event-level scoring: matching rule, one-to-one pairing, figures, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from bluebook.cli import main
from bluebook.evaluate.events import (
    CONTACT_FAMILY,
    GOLD_COLUMNS,
    Score,
    evaluate_frames,
    pair_events,
    score_document,
    scoring_dates_agree,
    scoring_frame,
    types_agree,
)
from bluebook.extract.classify import CONTACT_TYPES
from bluebook.matching import dates_agree, events_match
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


# --- SCORING.md scoring (tuples, strict and lenient, optional gold) -------------------------


def gold_rows(*events: tuple[str, str, str, int], doc: str = "d.txt") -> pd.DataFrame:
    """Gold-format rows from (date, countries, type, optional)."""
    return pd.DataFrame(
        [
            {
                "doc": doc,
                "volume_year": "2022",
                "date": date,
                "countries": countries,
                "type": event_type,
                "level": "other",
                "mode": "unknown",
                "japan": "1",
                "optional": str(optional),
                "note": "",
            }
            for date, countries, event_type, optional in events
        ],
        columns=list(GOLD_COLUMNS),
    )


def scores(predicted: pd.DataFrame, gold: pd.DataFrame) -> tuple[Score, Score]:
    ours, theirs = scoring_frame(predicted), scoring_frame(gold)
    return score_document(ours, theirs, False), score_document(ours, theirs, True)


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("2021-05-23", "2021-05-02", True),  # capped at the month
        ("2021-05", "2021", True),
        ("2021-05-23", "2021-06-23", False),
        ("2021", "2022", False),
    ],
)
def test_scoring_dates_agree_at_the_coarser_precision_capped_at_the_month(
    first: str, second: str, agree: bool
) -> None:
    assert scoring_dates_agree(first, second) is agree


def test_events_explode_to_one_tuple_per_country() -> None:
    strict, _ = scores(
        rows(("2021-05", "KAZ;UZB", "call")), gold_rows(("2021-05", "KAZ", "call", 0))
    )
    assert (strict.tp, strict.fp, strict.required, strict.predicted) == (1, 1, 1, 2)
    assert (strict.precision, strict.recall) == (0.5, 1.0)


def test_lenient_types_agree_within_the_contact_family_only() -> None:
    predicted = rows(("2021-05", "KAZ", "meeting"), ("2021-06", "UZB", "call"))
    gold = gold_rows(("2021-05", "KAZ", "visit", 0), ("2021-06", "UZB", "meeting", 0))
    strict, lenient = scores(predicted, gold)
    assert (strict.tp, strict.fp) == (0, 2)
    assert (lenient.tp, lenient.fp, lenient.fn) == (1, 1, 1)  # call is not in the family


def test_matching_is_maximum_whatever_the_row_order() -> None:
    # A greedy pass would pair the first prediction (year only) with the first gold row and
    # leave the second gold row unmatched; the maximum matching pairs both.
    predicted = rows(("2021", "KAZ", "visit"), ("2021-05", "KAZ", "visit"))
    gold = gold_rows(("2021-05", "KAZ", "visit", 0), ("2021-09", "KAZ", "visit", 0))
    strict, _ = scores(predicted, gold)
    assert (strict.tp, strict.fp, strict.fn) == (2, 0, 0)


def test_required_gold_is_matched_before_optional_gold() -> None:
    # The prediction could pair with the optional row (listed first) or the required one.
    predicted = rows(("2021", "KAZ", "visit"))
    gold = gold_rows(("2021-03", "KAZ", "visit", 1), ("2021-05", "KAZ", "visit", 0))
    strict, _ = scores(predicted, gold)
    assert (strict.tp, strict.fp, strict.optional_matched) == (1, 0, 0)


def test_optional_gold_is_neither_credited_nor_penalised() -> None:
    gold = gold_rows(("2021-05", "KAZ", "visit", 0), ("2004", "UZB", "multilateral", 1))
    without = scores(rows(("2021-05", "KAZ", "visit")), gold)[0]
    with_optional = scores(
        rows(("2021-05", "KAZ", "visit"), ("2004", "UZB", "multilateral")), gold
    )[0]
    assert (without.tp, without.fp, without.required) == (1, 0, 1)
    assert (with_optional.tp, with_optional.fp, with_optional.optional_matched) == (1, 0, 1)
    assert with_optional.f1 == without.f1 == 1.0


def test_a_document_without_gold_counts_its_false_positives() -> None:
    strict, lenient = scores(rows(("2021", "KAZ", "visit")), gold_rows())
    assert (strict.fp, strict.required, strict.f1) == (1, 0, 0.0)
    assert lenient.fp == 1


def test_micro_average_sums_the_counts() -> None:
    total = Score()
    for predicted, gold in [
        (rows(("2021-05", "KAZ", "visit")), gold_rows(("2021-05", "KAZ", "visit", 0))),
        (rows(("2021", "FRA", "aid")), gold_rows()),
    ]:
        total.add(scores(predicted, gold)[0])
    assert (total.tp, total.fp, total.required) == (1, 1, 1)
    assert (total.precision, total.recall) == (0.5, 1.0)


def test_evaluate_command_accepts_the_gold_format(tmp_path: Path, capsys) -> None:
    pred, gold = tmp_path / "pred.csv", tmp_path / "gold.csv"
    rows(("2021-05", "UZB", "call"), ("2021", "KAZ", "visit")).to_csv(pred, index=False)
    gold_rows(("2021-05-02", "UZB", "call", 0), ("2021-07", "KAZ", "meeting", 0)).to_csv(
        gold, index=False
    )
    assert main(["evaluate", str(pred), str(gold), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["strict"]["tp"], figures["strict"]["fp"]) == (1, 1)
    assert (figures["lenient"]["tp"], figures["lenient"]["fp"]) == (2, 0)


def write_corpus(folder: Path) -> None:
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "a.txt").write_text(
        "Diplomatic Bluebook 2022\n\nIn May, Foreign Minister Motegi visited Uzbekistan.\n",
        encoding="utf-8",
    )
    (folder / "texts" / "b.txt").write_text(
        "Japan attaches importance to its relations with France.\n", encoding="utf-8"
    )
    (folder / "documents.csv").write_text(
        "doc,volume_year,form,source_url,title\na.txt,2022,html,,A\nb.txt,2022,txt,,B\n",
        encoding="utf-8",
    )
    gold_rows(("2021-05", "UZB", "visit", 0), doc="a.txt").to_csv(folder / "gold.csv", index=False)


def test_evaluate_corpus_prints_a_table_and_json(tmp_path: Path, capsys) -> None:
    write_corpus(tmp_path / "corpus")
    assert main(["evaluate", "--corpus", str(tmp_path / "corpus")]) == 0
    out = capsys.readouterr().out
    assert "a.txt" in out and "b.txt" in out and "micro-average (2 documents)" in out
    assert main(["evaluate", "--corpus", str(tmp_path / "corpus"), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert [d["doc"] for d in figures["documents"]] == ["a.txt", "b.txt"]
    assert figures["strict"]["tp"] == 1 and figures["strict"]["required_gold"] == 1


def test_evaluate_text_against_a_gold_file(tmp_path: Path, capsys) -> None:
    write_corpus(tmp_path / "corpus")
    text, gold = tmp_path / "corpus" / "texts" / "a.txt", tmp_path / "corpus" / "gold.csv"
    assert main(["evaluate", "--text", str(text), "--gold", str(gold), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["strict"]["f1"] == 1.0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--corpus", "{tmp}/nowhere"], "folder not found"),
        (["--text", "{tmp}/corpus/texts/a.txt"], "--text needs --gold"),
        (["--text", "{tmp}/x.txt", "--gold", "{tmp}/corpus/gold.csv"], "x.txt: file not found"),
        ([], "give PRED.csv GOLD.csv"),
    ],
)
def test_evaluate_corpus_refuses_bad_input(
    tmp_path: Path, capsys, arguments: list[str], message: str
) -> None:
    write_corpus(tmp_path / "corpus")
    argv = ["evaluate", *[a.replace("{tmp}", str(tmp_path)) for a in arguments]]
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_evaluate_corpus_names_a_gold_doc_missing_from_documents(tmp_path: Path, capsys) -> None:
    write_corpus(tmp_path / "corpus")
    gold_rows(("2021", "UZB", "visit", 0), doc="zzz.txt").to_csv(
        tmp_path / "corpus" / "gold.csv", index=False
    )
    assert main(["evaluate", "--corpus", str(tmp_path / "corpus")]) == 2
    assert "zzz.txt is not in documents.csv" in capsys.readouterr().err


def test_lenient_contact_family_is_the_extractors_contact_types_without_call():
    """SCORING.md's lenient family leaves "call" out; the extractor's contact types keep it."""
    assert {"call"} == CONTACT_TYPES - CONTACT_FAMILY
    assert CONTACT_FAMILY <= CONTACT_TYPES


@pytest.mark.parametrize(
    ("first", "second", "lenient", "agree"),
    [
        ("visit", "meeting", True, True),
        ("visit", "meeting", False, False),
        ("call", "meeting", True, False),
        ("call", "call", False, True),
    ],
)
def test_types_agree_leniently_within_the_contact_family_only(first, second, lenient, agree):
    assert types_agree(first, second, lenient) is agree
