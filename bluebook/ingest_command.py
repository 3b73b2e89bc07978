"""``python -m bluebook ingest PATH``: add a Bluebook section and its unreviewed events."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluebook.ingest import IngestError, ingest_source


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="add a Bluebook section to the data folder, its events marked unreviewed",
        description="Register PATH in sources/sources.csv (its cleaned text is stored in "
        "sources/), extract its events and append those not already recorded with "
        "reviewed=false. Existing rows are never changed; a second ingest of the same text "
        "adds nothing. The result is validated before anything is written. Exit 0, or 2 "
        "with the reason when the input or the data folder is not usable.",
    )
    parser.add_argument("path", type=Path, metavar="PATH")
    parser.add_argument(
        "--volume-year", type=int, help="year of the volume (default: the text's header)"
    )
    parser.add_argument("--source-id", help="id to register (default: from the file name)")
    parser.add_argument("--url", default="", help="https address of the official page")
    parser.add_argument("--data-dir", type=Path, default=Path("data"), metavar="DATA_DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.data_dir.is_dir():
        print(f"--data-dir {args.data_dir}: not a folder; give the data folder", file=sys.stderr)
        return 2
    if args.url and not args.url.startswith("https://"):
        print(f"--url {args.url!r}: give an https:// address or leave it out", file=sys.stderr)
        return 2
    try:
        result = ingest_source(args.path, args.data_dir, args.volume_year, args.source_id, args.url)
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
