"""``evaluate --corpus DIR --by-rule``: precision and count per rule over a corpus."""

from __future__ import annotations

from pathlib import Path

from bluebook.cli import main
from bluebook.evaluate.corpus import evaluate_documents, extract_rules_only, load_corpus
from bluebook.evaluate.rules import format_rule_table, rule_figures

TEXT = (
    "(1) Chile\n\nIn July, Foreign Minister Hayashi visited Chile, Peru and Bolivia. "
    "In August, a presidential election was held in Chile.\n"
)
GOLD = (
    "doc,volume_year,date,countries,type,level,mode,japan,optional,note\n"
    "a.txt,2023,2022-07,CHL,visit,ministerial,in_person,1,0,\n"
    "a.txt,2023,2022-07,PER,visit,ministerial,in_person,1,1,\n"
)


def make_corpus(folder: Path) -> Path:
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "documents.csv").write_text("doc,volume_year,form\na.txt,2023,txt\n")
    (folder / "gold.csv").write_text(GOLD, encoding="utf-8")
    return folder


def test_each_rule_counts_its_tuples_true_false_and_optional(tmp_path) -> None:
    result = evaluate_documents(load_corpus(make_corpus(tmp_path / "c")), extract_rules_only)
    figures = {entry.rule: entry for entry in rule_figures(result)}
    splitter = figures["visit_splitter"]
    assert (splitter.tuples, splitter.tp, splitter.fp, splitter.optional) == (3, 1, 1, 1)
    assert splitter.precision == 0.5
    election = [entry for rule, entry in figures.items() if entry.tuples == 1 and entry.fp == 1]
    assert election and election[0].precision == 0.0


def test_by_rule_prints_a_row_per_rule(tmp_path, capsys) -> None:
    corpus = make_corpus(tmp_path / "c")
    assert main(["evaluate", "--corpus", str(corpus), "--by-rule", "--rules-only"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("visit_splitter"))
    assert row.split()[1:] == ["3", "1", "1", "1", "0.500"]


def test_the_table_is_empty_but_headed_without_rules() -> None:
    table = format_rule_table([])
    assert table.splitlines()[0].split()[:2] == ["rule", "tuples"]
