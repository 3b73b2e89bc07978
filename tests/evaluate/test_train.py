"""The scorer: labels from gold and from reviewers, deterministic training, honest folds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bluebook.cli import main
from bluebook.evaluate.train import _splits, fit_model, label_candidates, review_labels
from bluebook.extract.scorer import ScorerError, ScorerModel, parse_model, row_features

CORPUS = Path(__file__).parents[1] / "fixtures" / "bluebook-dev"


def frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["date", "countries", "event_type"])


def gold(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["date", "countries", "type", "optional"])


def test_a_candidate_is_positive_when_one_of_its_tuples_pairs_with_gold() -> None:
    candidates = frame(
        [("2022-05", "KEN", "visit"), ("2022-05", "PER;CHL", "meeting"), ("2021", "FRA", "call")]
    )
    reference = gold([("2022-05-03", "KEN", "meeting", "0"), ("2022", "CHL", "visit", "1")])
    assert label_candidates(candidates, reference).tolist() == [1, 1, 0]


def test_a_duplicate_candidate_gets_no_second_match() -> None:
    candidates = frame([("2022-05", "KEN", "visit"), ("2022-05", "KEN", "visit")])
    reference = gold([("2022-05", "KEN", "visit", "0")])
    assert label_candidates(candidates, reference).tolist() == [1, 0]


def test_a_feature_seen_only_in_positives_raises_the_probability() -> None:
    features = [{"rule=good": 1.0}] * 6 + [{"rule=bad": 1.0}] * 6
    labels = np.array([1] * 6 + [0] * 6)
    model = fit_model(features, labels)
    assert model.weights["rule=good"] > 0 > model.weights["rule=bad"]
    assert model.probability({"rule=good": 1.0}) > 0.5 > model.probability({"rule=bad": 1.0})
    assert fit_model(features, labels).as_json() == model.as_json()


def test_the_json_model_round_trips_and_loads_no_code() -> None:
    model = ScorerModel({"rule=a": 1.25, "japan": -0.5}, 0.25, 0.4, {"corpus": {}})
    again = parse_model(model.as_json(), "m.json")
    assert again.version == model.version and again.threshold == 0.4
    assert again.probability({"rule=a": 1.0}) == pytest.approx(model.probability({"rule=a": 1}))


def test_a_fitted_model_and_its_saved_file_have_one_version() -> None:
    # Fitted coefficients carry more digits than the file keeps: `train` printed one version
    # and `extract`/`ingest` recorded another for the same model.
    model = ScorerModel({"rule=a": 1.234567891, "japan": -0.123456789}, 0.1234567891, 0.25, {})
    assert parse_model(model.as_json(), "m.json").version == model.version


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "m.json: not a scorer model"),
        ('{"weights": {}, "intercept": 0}', "m.json: not a scorer model"),
        ('{"weights": {}, "intercept": 0, "threshold": 2}', "threshold 2.0 is not in 0–1"),
    ],
)
def test_a_bad_model_file_is_named_with_the_fix(text: str, message: str) -> None:
    with pytest.raises(ScorerError, match="make train") as raised:
        parse_model(text, "m.json")
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("evidence", "cue"),
    [
        ("Japan will continue to support the Pacific Island countries.", "policy"),
        ("The summit is held every two years.", "habitual"),
        ("The visit planned for May was postponed.", "negation"),
        ("The leaders plan to hold a summit next year.", "intention"),
    ],
)
def test_sentence_cues_are_features(evidence: str, cue: str) -> None:
    assert row_features({"evidence": evidence}, [])[cue] == 1.0
    assert row_features({"evidence": "In May, Kenya held an election."}, [])[cue] == 0.0


def test_document_folds_never_share_a_document() -> None:
    splits = _splits(23, 5, 17)
    assert len(splits) == 5
    tested = sorted(index for _, test in splits for index in test)
    assert tested == list(range(23))
    assert all(not set(train) & set(test) for train, test in splits)
    assert splits == _splits(23, 5, 17)


def write_review_folder(folder: Path, data: Path) -> Path:
    events = pd.read_csv(data / "events.csv", dtype=str, keep_default_na=False)
    kept = events.iloc[0]
    rejected = events.iloc[1]
    (folder / "extraction.csv").write_text(
        "event_id,rules,confidence,model\n"
        f"{kept['event_id']},keywords_event_types.csv:6;visit_splitter,0.900,m\n"
        f"{rejected['event_id']},keywords_event_types.csv:12;group:baltic_states,0.300,m\n",
        encoding="utf-8",
    )
    before = {column: [rejected[column], None] for column in events.columns}
    changes = json.dumps(before).replace('"', '""')
    (folder / "review_log.csv").write_text(
        "time,reviewer,event_id,action,changes\n"
        f'2026-12-01T10:00:00Z,alice,{kept["event_id"]},accept,"{{}}"\n'
        f'2026-12-01T10:01:00Z,alice,{rejected["event_id"]},reject,"{changes}"\n'
        '2026-12-01T10:02:00Z,alice,x-r001,add,"{}"\n'
        f'2026-12-01T10:03:00Z,alice,{events.iloc[2]["event_id"]},accept,"{{}}"\n',
        encoding="utf-8",
    )
    return folder


def test_review_decisions_become_weighted_labels_reported_apart(data_copy: Path) -> None:
    write_review_folder(data_copy, data_copy)
    labels = review_labels(data_copy)
    assert labels.labels == [1, 0]
    assert (labels.accepted, labels.rejected, labels.added, labels.unexplained) == (1, 1, 1, 1)
    assert labels.features[1]["rule=group:baltic_states"] == 1.0


def test_a_folder_never_reviewed_gives_no_labels(tmp_path: Path) -> None:
    labels = review_labels(tmp_path)
    assert labels.labels == [] and labels.added == 0


def small_corpus(folder: Path, count: int = 8) -> Path:
    documents = pd.read_csv(CORPUS / "documents.csv", dtype=str, keep_default_na=False)
    reference = pd.read_csv(CORPUS / "gold.csv", dtype=str, keep_default_na=False)
    chosen = [doc for doc in documents["doc"] if (reference["doc"] == doc).sum() >= 3][:count]
    (folder / "texts").mkdir(parents=True)
    for doc in chosen:
        shutil.copy(CORPUS / "texts" / doc, folder / "texts" / doc)
    documents[documents["doc"].isin(chosen)].to_csv(folder / "documents.csv", index=False)
    reference[reference["doc"].isin(chosen)].to_csv(folder / "gold.csv", index=False)
    return folder


def test_train_is_deterministic_and_reports_review_labels_apart(tmp_path, capsys) -> None:
    corpus, data = small_corpus(tmp_path / "corpus"), tmp_path / "data"
    shutil.copytree(Path(__file__).parents[2] / "data", data)
    write_review_folder(data, data)
    outputs = []
    for name in ("a.json", "b.json"):
        arguments = ["train", "--corpus", str(corpus), "--data-dir", str(data), "--folds", "3"]
        assert main([*arguments, "--out", str(tmp_path / name)]) == 0
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    report = json.loads(outputs[0])["report"]
    assert report["review"]["rejected"] == 1 and report["review"]["added_missed_positives"] == 1
    out = capsys.readouterr().out
    assert "1 rejected (negative)" in out and "1 added by reviewers" in out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--folds", "1"], "--folds 1: give 2 to"),
        (["--review-weight", "-1"], "--review-weight -1.0: give 0 or more"),
        (["--corpus", "/nonexistent"], "folder not found"),
    ],
)
def test_train_refuses_bad_parameters_by_name(tmp_path, capsys, arguments, message) -> None:
    out = tmp_path / "m.json"
    assert main(["train", "--out", str(out), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_evaluate_cv_prints_the_cross_validated_headline_and_the_subset(tmp_path, capsys) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    names = sorted(path.name for path in (corpus / "texts").iterdir())[:3]
    subset = tmp_path / "subset.txt"
    subset.write_text("\n".join(names) + "\n", encoding="utf-8")
    arguments = ["evaluate", "--corpus", str(corpus), "--cv", "--folds", "4"]
    assert main([*arguments, "--subset", str(subset)]) == 0
    out = capsys.readouterr().out
    assert "scorer, 4-fold cross-validation by document" in out
    assert "rules only" in out and "training" in out and "3 documents of subset.txt" in out
    assert out.splitlines()[-1].startswith("headline (cross-validated, lenient): precision")


def test_the_scorer_drops_candidates_under_its_threshold_and_gives_confidence() -> None:
    from bluebook.extract import extract_events

    text = (
        "In June, Prime Minister Kishida visited Peru. In May, a general election was held in Chad."
    )
    kept_all = extract_events(text, 2023, scorer=None)
    assert len(kept_all) == 2 and all(event.confidence is None for event in kept_all)
    model = ScorerModel({"type=election": -20.0}, 2.0, 0.5, {})
    [event] = extract_events(text, 2023, scorer=model)
    assert event.event_type == "visit" and event.confidence == pytest.approx(1 / (1 + np.exp(-2)))


def test_generous_candidates_add_the_set_aside_ones_tagged_and_change_nothing_else() -> None:
    from bluebook.extract import extract_candidates

    text = (
        "(1) Peru\n\nIn June, Prime Minister Kishida visited Peru. The next Japan-Chile "
        "Summit Meeting will be held in Chile in November. Foreign Minister Hayashi did not "
        "visit Bolivia in July."
    )
    plain = extract_candidates(text, 2024)
    generous = extract_candidates(text, 2024, generous=True)
    assert [(e.event_type, e.countries) for e in generous[: len(plain)]] == [
        (e.event_type, e.countries) for e in plain
    ]
    extra = generous[len(plain) :]
    assert extra and all(
        any(rule.startswith(("set_aside:", "not_reported")) for rule in e.rules) for e in extra
    )
    assert {rule for e in extra for rule in e.rules} >= {"set_aside:future", "set_aside:negated"}
