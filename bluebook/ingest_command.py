"""``python -m bluebook ingest PATH [PATH ...]``: add Bluebook sections, events unreviewed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluebook.ingest import IngestError, ingest_document
from bluebook.readers import SourceDocumentError, expand_paths
from bluebook.readers.documents import read_documents


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="add Bluebook sections to the data folder, their events marked unreviewed",
        description="Register each PATH (a text, a saved web page or a PDF; a folder gives all "
        "of its documents, one source per file) in sources/sources.csv, its cleaned text "
        "stored in sources/, extract its events and append those not already recorded with "
        "reviewed=false. Existing rows are never changed; a second ingest of the same text "
        "adds nothing. Every document is read before anything is written, and each result is "
        "validated before it is written. Exit 0, or 2 with the reason when an input or the "
        "data folder is not usable.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument(
        "--volume-year", type=int, help="year of the volume (default: the text's header)"
    )
    parser.add_argument("--source-id", help="id to register (default: from the file name)")
    parser.add_argument("--url", default="", help="https address of the official page")
    parser.add_argument("--data-dir", type=Path, default=Path("data"), metavar="DATA_DIR")
    parser.set_defaults(func=run)


def _refuse(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    if not args.data_dir.is_dir():
        return _refuse(f"--data-dir {args.data_dir}: not a folder; give the data folder")
    if args.url and not args.url.startswith("https://"):
        return _refuse(f"--url {args.url!r}: give an https:// address or leave it out")
    try:
        paths = expand_paths(args.paths)
    except SourceDocumentError as error:
        return _refuse(str(error))
    if len(paths) > 1 and (args.source_id or args.url):
        return _refuse(
            f"--source-id/--url name one source but {len(paths)} documents were given; "
            "leave them out or ingest one document at a time"
        )
    documents, problems = read_documents(paths)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        if len(paths) > 1:
            print("nothing was written: fix or leave out the documents above", file=sys.stderr)
        return 2
    for document in documents:
        try:
            result = ingest_document(
                document, args.data_dir, args.volume_year, args.source_id, args.url
            )
        except IngestError as error:
            for message in error.messages:
                print(message, file=sys.stderr)
            return 2
        for row in result.dropped:
            print(f"left out (unknown country or date after the volume): {row}", file=sys.stderr)
        registered = "registered" if result.registered else "already registered"
        print(
            f"{result.source_id}: {registered}; {result.added} event(s) added (reviewed=false), "
            f"{result.skipped} already recorded"
        )
    return 0
