"""The figures file ``make eval`` writes (``docs/figures.json``), the command that writes it,
and the About page that reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bluebook.cli import main
from bluebook.evaluate.figures import (
    FIGURES_FILE,
    RECORDED,
    describe_accuracy,
    format_triple,
    read_figures,
    update_figures,
)
from tests.conftest import ROOT
from tests.evaluate.test_events import write_corpus

CORPUS = ROOT / "tests" / "fixtures" / "bluebook-dev"
ADDED = ROOT / "tests" / "fixtures" / "bluebook-dev-added-2026-12.txt"


def entry(precision: float, recall: float) -> dict:
    figures = {"precision": precision, "recall": recall, "f1": 0.5}
    return {"label": "x", "documents": 3, "strict": figures, "lenient": figures}


def test_update_keeps_the_other_entries_and_always_writes_the_recorded_ones(
    tmp_path: Path,
) -> None:
    path = tmp_path / "docs" / "figures.json"
    update_figures(path, {"a": entry(0.1, 0.2)})
    update_figures(path, {"b": entry(0.3, 0.4)})
    update_figures(path, {"a": entry(0.5, 0.6)})
    figures = read_figures(path)
    assert set(figures) == {"a", "b", *RECORDED}
    assert figures["a"]["lenient"]["precision"] == 0.5
    assert figures["b"]["lenient"]["recall"] == 0.4


def test_a_missing_file_reads_as_no_figures_and_is_described_as_such(tmp_path: Path) -> None:
    assert read_figures(tmp_path / "nowhere.json") == {}
    assert "make eval" in describe_accuracy(None)
    assert describe_accuracy(entry(0.9024, 0.8236)) == "precision 0.90 and recall 0.82"
    assert format_triple(entry(0.9, 0.8236), "strict") == "0.900 / 0.824 / 0.500"


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (["--corpus", "{corpus}"], "corpus"),
        (["--corpus", "{corpus}", "--figures-name", "mine"], "mine"),
        (["--text", "{corpus}/texts/a.txt", "--gold", "{corpus}/gold.csv"], "a"),
    ],
)
def test_evaluate_writes_what_it_prints_into_the_figures_file(
    tmp_path: Path, capsys, arguments: list[str], name: str
) -> None:
    write_corpus(tmp_path / "corpus")
    out = tmp_path / "figures.json"
    arguments = [part.format(corpus=tmp_path / "corpus") for part in arguments]
    assert main(["evaluate", *arguments, "--json", "--figures-out", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    written = read_figures(out)[name]
    for scoring in ("strict", "lenient"):
        for key in ("precision", "recall", "f1"):
            assert written[scoring][key] == round(printed[scoring][key], 3)
        assert written[scoring]["tp"] == printed[scoring]["tp"]
    assert written["documents"] == len(printed["documents"])


def test_evaluate_of_two_tables_writes_its_figures(tmp_path: Path, capsys) -> None:
    out = tmp_path / "figures.json"
    events = ROOT / "data" / "events.csv"
    gold = CORPUS / "gold_seed.csv"
    arguments = [str(events), str(gold), "--json", "--figures-out", str(out)]
    assert main(["evaluate", *arguments, "--figures-name", "annotation"]) == 0
    printed = json.loads(capsys.readouterr().out)
    written = read_figures(out)["annotation"]
    assert written["lenient"]["recall"] == round(printed["lenient"]["recall"], 3)
    assert written["documents"] == 1


def test_the_committed_figures_are_what_make_eval_measures_now(tmp_path: Path, capsys) -> None:
    """``make eval``'s runs (all but the saved scorer on the whole corpus) give the committed
    docs/figures.json entries: when the extractor changes, run ``make eval`` and commit it."""
    out = tmp_path / "figures.json"
    first_source = ROOT / "data" / "sources" / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt"
    gold = str(CORPUS / "gold_seed.csv")
    for arguments in (
        ["--corpus", str(CORPUS), "--cv", "--subset", str(ADDED)],
        ["--gold", gold, "--text", str(first_source), "--figures-name", "gold_seed"],
        [str(ROOT / "data" / "events.csv"), gold, "--figures-name", "first_source_annotation"],
    ):
        assert main(["evaluate", *arguments, "--figures-out", str(out)]) == 0
    capsys.readouterr()
    committed = read_figures(FIGURES_FILE)
    for name, measured in read_figures(out).items():
        assert committed[name] == measured, f"{name}: run `make eval` and commit {FIGURES_FILE}"


def test_the_about_page_shows_the_figures_of_the_file() -> None:
    figures = read_figures(FIGURES_FILE)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("pages/about.py")
    at.run()
    assert not at.exception
    text = "\n".join(item.value for item in at.main.markdown)
    for name in ("first_source_annotation", "gold_seed", "corpus_cv", "added_first_look"):
        lenient = figures[name]["lenient"]
        shown = f"precision {lenient['precision']:.2f} and recall {lenient['recall']:.2f}"
        assert shown in text, name
    assert f"On {figures['corpus_cv']['documents']} hand-annotated" in " ".join(text.split())
