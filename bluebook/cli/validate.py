"""``python -m bluebook validate [DATA_DIR]``: check every table of a data folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluebook.validate import validate_data_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check every table of a data folder",
        description="Check every table of DATA_DIR. Prints each problem as "
        "'file:line: column: what is wrong — how to fix'. Exit 0 when clean, 2 otherwise.",
    )
    parser.add_argument("data_dir", nargs="?", default="data", type=Path, metavar="DATA_DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    problems = validate_data_dir(args.data_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {args.data_dir}", file=sys.stderr)
        return 2
    print(f"{args.data_dir}: all tables valid")
    return 0
