"""``python -m bluebook extract PATH [PATH ...]``: Bluebook text in, events rows out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from bluebook.extract import EXPLAIN_COLUMNS, ExtractError, default_source_id, extract_frame
from bluebook.extract.scorer import describe_scorer
from bluebook.extract.structure import find_volume_year
from bluebook.extract.time_limit import ExtractionTimeout, extraction_time_limit
from bluebook.readers import SourceDocumentError, expand_paths
from bluebook.readers.documents import read_documents
from bluebook.schema import EVENT_COLUMNS
from bluebook.tables import write_csv_atomic


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract events from Diplomatic Bluebook text",
        description="Read Bluebook sections (a saved web page, a PDF, web text, text copied "
        "from the PDF, or the Ministry's plain-text files; a folder gives all of its documents) "
        "and write their events with exactly the data/events.csv columns, reviewed=false. "
        "Exit 0, or 2 when an input cannot be read or has no events.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument(
        "--volume-year",
        type=int,
        help="year of the Bluebook volume (default: its 'Diplomatic Bluebook YYYY' header)",
    )
    parser.add_argument(
        "--source-id", help="source id for the rows (default: derived from each file name)"
    )
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--out", type=Path, help="write to this file instead of stdout")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="add each event's rules (trigger pattern file:line and genre rules) and the "
        "scorer's confidence as columns rules and confidence",
    )
    parser.set_defaults(func=run)


def extract_paths(
    paths: list[Path], volume_year: int | None, source_id: str | None, explain: bool = False
) -> tuple[pd.DataFrame | None, list[str]]:
    """Extract every document named by ``paths`` (folders expanded); return (frame, []) or
    (None, problem messages). ``explain`` keeps the ``rules`` and ``confidence`` columns."""
    try:
        paths = expand_paths(paths)
    except SourceDocumentError as error:
        return None, [str(error)]
    if source_id and len(paths) > 1:
        return None, [
            f"--source-id names one source but {len(paths)} documents were given; leave it out"
        ]
    documents, problems = read_documents(paths)
    frames = []
    for document in documents:
        path, text = document.path, document.text
        year = volume_year or find_volume_year(text)
        try:
            with extraction_time_limit(path):
                frame = extract_frame(text, source_id or default_source_id(path, year), volume_year)
        except ExtractError as error:
            problems.append(f"{path}: {error}; pass --volume-year YYYY")
            continue
        except ExtractionTimeout as error:
            problems.append(str(error))
            continue
        if frame.empty:
            problems.append(
                f"{path}: no events found; is it a section of the Diplomatic Bluebook in English?"
            )
            continue
        frames.append(frame)
    if problems:
        return None, problems
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    columns = [*EVENT_COLUMNS, *EXPLAIN_COLUMNS] if explain else list(EVENT_COLUMNS)
    return combined.reindex(columns=columns), []


def run(args: argparse.Namespace) -> int:
    frame, problems = extract_paths(args.paths, args.volume_year, args.source_id, args.explain)
    if frame is None:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    if args.out is not None and not args.out.parent.is_dir():
        print(f"--out {args.out}: folder {args.out.parent} does not exist", file=sys.stderr)
        return 2
    if args.format == "json":
        text = frame.to_json(orient="records", force_ascii=False, indent=2) + "\n"
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.write_text(text, encoding="utf-8")
    elif args.out is None:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        write_csv_atomic(frame, args.out, list(frame.columns))
    print(f"{len(frame)} event(s) extracted ({describe_scorer()})", file=sys.stderr)
    return 0
