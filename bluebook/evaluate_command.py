"""``python -m bluebook evaluate PRED.csv GOLD.csv``: score extracted events against gold ones."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from bluebook.evaluate import evaluate_frames, format_errors, format_report
from bluebook.schema import EVENT_COLUMNS
from bluebook.tables import LINE_COLUMN, read_table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="score extracted events against a reviewed events table",
        description="Print precision, recall and F1 at event level (a match shares a country, "
        "the event type, and the date at the coarser precision) and the accuracy of countries, "
        "date, level, mode, themes and japan_involved on matched events. Exit 0, or 2 when a "
        "table cannot be read.",
    )
    parser.add_argument("predicted", type=Path, metavar="PRED.csv")
    parser.add_argument("gold", type=Path, metavar="GOLD.csv")
    parser.add_argument("--source-id", help="score only the rows of this source")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--errors", action="store_true", help="also list unmatched rows and disagreements"
    )
    parser.set_defaults(func=run)


def read_events(path: Path) -> tuple[pd.DataFrame | None, list[str]]:
    """Read an events table; return (frame, []) or (None, problem messages)."""
    table = read_table(path, EVENT_COLUMNS, str(path))
    if table.problems:
        return None, [str(problem) for problem in table.problems]
    return table.frame.drop(columns=LINE_COLUMN).reset_index(drop=True), []


def run(args: argparse.Namespace) -> int:
    frames = []
    for path in (args.predicted, args.gold):
        frame, problems = read_events(path)
        for problem in problems:
            print(problem, file=sys.stderr)
        if frame is None:
            print(
                f"cannot read {path}: it needs the data/events.csv columns "
                f"({','.join(EVENT_COLUMNS)})",
                file=sys.stderr,
            )
            return 2
        frames.append(frame)
    predicted, gold = frames
    if args.source_id:
        predicted = predicted[predicted["source_id"] == args.source_id].reset_index(drop=True)
        gold = gold[gold["source_id"] == args.source_id].reset_index(drop=True)
    evaluation = evaluate_frames(predicted, gold)
    if args.format == "json":
        print(json.dumps(evaluation.as_dict(), indent=2))
    else:
        print(format_report(evaluation))
    if args.errors:
        sources = set(predicted["source_id"])
        if sources and sources <= set(gold["source_id"]):
            gold = gold[gold["source_id"].isin(sources)].reset_index(drop=True)
        print(format_errors(predicted, gold, evaluation))
    return 0
