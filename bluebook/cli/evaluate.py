"""``python -m bluebook evaluate``: score extracted events against gold ones.

- ``evaluate PRED.csv GOLD.csv``: two events tables (``data/events.csv`` columns) or a gold
  table (``doc, volume_year, date, countries, type, level, mode, japan, optional, note``).
- ``evaluate --corpus DIR``: extract every text of an annotated corpus and score it.
- ``evaluate --text FILE --gold GOLD.csv``: extract one text and score it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from bluebook.evaluate.corpus import (
    CorpusError,
    CorpusResult,
    evaluate_documents,
    extract_rules_only,
    extract_with_defaults,
    format_corpus_errors,
    format_corpus_table,
    load_corpus,
    read_gold,
    text_document,
)
from bluebook.evaluate.cv import cross_validated_figures, format_figures, read_subset
from bluebook.evaluate.events import (
    GOLD_COLUMNS,
    Score,
    evaluate_frames,
    format_errors,
    format_report,
    score_document,
    scoring_frame,
)
from bluebook.evaluate.figures import build_entry, update_figures
from bluebook.evaluate.rules import format_rule_table, rule_figures
from bluebook.schema import EVENT_COLUMNS
from bluebook.tables import LINE_COLUMN, read_table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score extracted events against reviewed or gold events",
        description="Score events as the development corpus's SCORING.md says: one tuple per "
        "country, strict (same type) and lenient (contact types agree), dates at the coarser "
        "precision capped at the month, maximum one-to-one matching over required gold first; "
        "optional gold rows are neither credited nor penalised. With two events tables it also "
        "prints event-level figures and field accuracy. Exit 0, or 2 when an input cannot be "
        "read.",
    )
    parser.add_argument("predicted", type=Path, nargs="?", metavar="PRED.csv")
    parser.add_argument("gold", type=Path, nargs="?", metavar="GOLD.csv")
    parser.add_argument(
        "--corpus", type=Path, metavar="DIR", help="extract and score an annotated corpus folder"
    )
    parser.add_argument(
        "--text", type=Path, metavar="FILE", help="extract and score one text (with --gold)"
    )
    parser.add_argument(
        "--gold-file",
        "--gold",
        dest="gold_file",
        type=Path,
        metavar="GOLD.csv",
        help="gold table for --text (or instead of DIR/gold.csv for --corpus)",
    )
    parser.add_argument("--volume-year", type=int, help="volume year of --text")
    parser.add_argument("--source-id", help="score only the rows of this source")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--json", action="store_true", help="same as --format json")
    parser.add_argument(
        "--errors",
        action="store_true",
        help="also list unmatched rows (with --corpus/--text: per document, strict)",
    )
    parser.add_argument(
        "--by-rule",
        action="store_true",
        help="with --corpus/--text: also print precision and count per rule (lenient)",
    )
    parser.add_argument(
        "--cv",
        action="store_true",
        help="with --corpus: the scorer under document-level k-fold cross-validation (the "
        "headline), beside the rules alone and the training-set figure",
    )
    parser.add_argument("--folds", type=int, default=5, help="folds of --cv (default 5)")
    parser.add_argument("--seed", type=int, default=17, help="seed of --cv's folds (default 17)")
    parser.add_argument(
        "--subset",
        type=Path,
        metavar="FILE",
        help="with --cv: also report the documents listed in FILE (one name a line)",
    )
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="with --corpus/--text: extract with the rules alone (no scorer)",
    )
    parser.add_argument(
        "--figures-out",
        type=Path,
        metavar="FILE",
        help="also write the figures (tuples, SCORING.md) into this JSON file, keeping its "
        "other entries (make eval writes docs/figures.json)",
    )
    parser.add_argument(
        "--figures-name",
        metavar="NAME",
        help="the entry's name in --figures-out (default: corpus, or the text's or PRED's "
        "file name); "
        "--cv writes corpus_cv, corpus_rules_only, corpus_trained_on_all and, with --subset, "
        "subset_cv, subset_rules_only, subset_trained_on_all",
    )
    parser.set_defaults(func=run)


def read_events(path: Path) -> tuple[pd.DataFrame | None, list[str]]:
    """Read an events table; return (frame, []) or (None, problem messages)."""
    table = read_table(path, EVENT_COLUMNS, str(path))
    if table.problems:
        return None, [str(problem) for problem in table.problems]
    return table.frame.drop(columns=LINE_COLUMN).reset_index(drop=True), []


def is_gold_table(path: Path) -> bool:
    """Tell whether ``path`` has the gold header (``doc, …, type, …, optional``)."""
    try:
        with path.open(encoding="utf-8") as handle:
            header = handle.readline().strip().lstrip("\ufeff").split(",")
    except (OSError, UnicodeDecodeError):
        return False
    return set(GOLD_COLUMNS) <= set(header)


def run(args: argparse.Namespace) -> int:
    as_json = args.json or args.format == "json"
    try:
        if args.corpus is not None:
            gold_name = args.gold_file.name if args.gold_file else "gold.csv"
            if args.cv:
                return _print_cross_validation(load_corpus(args.corpus, gold_name), args)
            extract = extract_rules_only if args.rules_only else extract_with_defaults
            result = evaluate_documents(load_corpus(args.corpus, gold_name), extract)
            _write_figures(args, result, args.figures_name or "corpus")
            return _print_corpus(result, as_json, args.errors, args.by_rule)
        if args.text is not None:
            if args.gold_file is None:
                print("--text needs --gold GOLD.csv", file=sys.stderr)
                return 2
            document = text_document(args.text, args.gold_file, args.volume_year)
            extract = extract_rules_only if args.rules_only else extract_with_defaults
            result = evaluate_documents([document], extract)
            _write_figures(args, result, args.figures_name or args.text.stem)
            return _print_corpus(result, as_json, args.errors, args.by_rule)
    except CorpusError as error:
        print(str(error), file=sys.stderr)
        return 2
    if args.predicted is None or args.gold is None:
        print(
            "give PRED.csv GOLD.csv, --corpus DIR, or --text FILE --gold GOLD.csv", file=sys.stderr
        )
        return 2
    return _run_tables(args, as_json)


def _print_corpus(
    result: CorpusResult, as_json: bool, errors: bool = False, by_rule: bool = False
) -> int:
    print(json.dumps(result.as_dict(), indent=2) if as_json else format_corpus_table(result))
    if errors:
        print(format_corpus_errors(result))
    if by_rule:
        print(format_rule_table(rule_figures(result)))
    return 0


def _print_cross_validation(documents: list, args: argparse.Namespace) -> int:
    if args.folds < 2 or args.folds > len(documents):
        print(f"--folds {args.folds}: give 2 to {len(documents)} (the documents)", file=sys.stderr)
        return 2
    subset = read_subset(args.subset, documents) if args.subset else []
    whole, part, thresholds = cross_validated_figures(documents, args.folds, args.seed, subset)
    label = f"{len(subset)} documents of {args.subset.name}" if args.subset else ""
    print(format_figures(whole, part, thresholds, label))
    if args.figures_out:
        names = ("cv", "rules_only", "trained_on_all")
        entries = {
            f"{prefix}_{name}": build_entry(row.label + suffix, count, row.strict, row.lenient)
            for prefix, rows, count, suffix in (
                ("corpus", whole, len(documents), ""),
                ("subset", part, len(subset), f" ({label})"),
            )
            for name, row in zip(names, rows, strict=False)
        }
        update_figures(args.figures_out, entries)
    return 0


def _write_figures(args: argparse.Namespace, result: CorpusResult, name: str) -> None:
    """With ``--figures-out``: write the corpus's totals into that file as entry ``name``."""
    if args.figures_out:
        label = "rules only (no scorer)" if args.rules_only else "rules and the saved scorer"
        entry = build_entry(label, len(result.documents), result.strict, result.lenient)
        update_figures(args.figures_out, {name: entry})


def _read_any(path: Path) -> tuple[pd.DataFrame | None, bool]:
    """Read an events or gold table; print the problems and return None if it cannot be."""
    if is_gold_table(path):
        try:
            return read_gold(path), True
        except CorpusError as error:
            print(str(error), file=sys.stderr)
            return None, True
    frame, problems = read_events(path)
    for problem in problems:
        print(problem, file=sys.stderr)
    if frame is None:
        print(
            f"cannot read {path}: it needs the data/events.csv columns "
            f"({','.join(EVENT_COLUMNS)}) or the gold columns ({','.join(GOLD_COLUMNS)})",
            file=sys.stderr,
        )
    return frame, False


def _run_tables(args: argparse.Namespace, as_json: bool) -> int:
    (predicted, predicted_is_gold), (gold, gold_is_gold) = map(
        _read_any, (args.predicted, args.gold)
    )
    if predicted is None or gold is None:
        return 2
    if args.source_id:
        predicted = _only_source(predicted, args.source_id, predicted_is_gold)
        gold = _only_source(gold, args.source_id, gold_is_gold)
    strict, lenient = score_tables(scoring_frame(predicted), scoring_frame(gold))
    if args.figures_out:
        label = f"{args.predicted.name} against {args.gold.name}"
        documents = len(set(scoring_frame(gold)["doc"]))
        entry = build_entry(label, documents, strict, lenient)
        update_figures(args.figures_out, {args.figures_name or args.predicted.stem: entry})
    output: dict = {"strict": strict.as_dict(), "lenient": lenient.as_dict()}
    lines = []
    if not (predicted_is_gold or gold_is_gold):
        evaluation = evaluate_frames(predicted, gold)
        output = {**evaluation.as_dict(), **output}
        lines.append(format_report(evaluation))
    for name, score in (("strict", strict), ("lenient", lenient)):
        lines.append(
            f"{name} (tuples, SCORING.md): precision {score.precision:.3f} "
            f"recall {score.recall:.3f} f1 {score.f1:.3f} "
            f"(tp {score.tp}, fp {score.fp}, fn {score.fn})"
        )
    print(json.dumps(output, indent=2) if as_json else "\n".join(lines))
    if args.errors and not (predicted_is_gold or gold_is_gold):
        sources = set(predicted["source_id"])
        if sources and sources <= set(gold["source_id"]):
            gold = gold[gold["source_id"].isin(sources)].reset_index(drop=True)
        print(format_errors(predicted, gold, evaluation))
    return 0


def _only_source(frame: pd.DataFrame, source_id: str, is_gold: bool) -> pd.DataFrame:
    column = "doc" if is_gold else "source_id"
    return frame[frame[column] == source_id].reset_index(drop=True)


def score_tables(predicted: pd.DataFrame, gold: pd.DataFrame) -> tuple[Score, Score]:
    """Score two scoring frames document by document; return (strict, lenient) totals.

    Rows pair by ``doc``; when the gold names one document only, every predicted row is
    scored against it (a prediction's ``source_id`` rarely equals the gold's file name).
    When every predicted doc is known to the gold, gold rows of other docs are left out.
    """
    gold_docs = list(dict.fromkeys(gold["doc"]))
    if len(gold_docs) == 1:
        predicted = predicted.assign(doc=gold_docs[0])
    elif set(predicted["doc"]) <= set(gold_docs):
        gold = gold[gold["doc"].isin(set(predicted["doc"]))]
    totals = Score(), Score()
    for doc in dict.fromkeys([*gold["doc"], *predicted["doc"]]):
        ours = predicted[predicted["doc"] == doc].reset_index(drop=True)
        theirs = gold[gold["doc"] == doc].reset_index(drop=True)
        for total, lenient in zip(totals, (False, True), strict=True):
            total.add(score_document(ours, theirs, lenient))
    return totals
