"""``python -m bluebook ingest PATH [PATH ...]``: add Bluebook sections, events unreviewed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluebook.ingest.pipeline import IngestError, commit_documents, prepare_document
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
        "adds nothing, and a text already ingested under another source id is refused. Every "
        "document is read and extracted before anything is written; then all are checked and "
        "validated together and written at once: if one is refused, nothing is written. A "
        "Bluebook page that tells no event is registered and reported, not refused. Exit 0, or "
        "2 with the reason when an input or the data folder is not usable.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument(
        "--volume-year",
        type=int,
        help="year of the volume (default: the text's 'Diplomatic Bluebook YYYY' line, else a "
        "year in the file's name or its folder's, such as bluebook_2005_asia.txt or 2022/)",
    )
    parser.add_argument("--source-id", help="id to register (default: from the file name)")
    parser.add_argument("--url", default="", help="https address of the official page")
    parser.add_argument(
        "--section",
        default="",
        help="section title for the events of a text with no section heading (default: the "
        "file name)",
    )
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
    if len(paths) > 1 and (args.source_id or args.url or args.section):
        return _refuse(
            f"--source-id/--url/--section name one source but {len(paths)} documents were "
            "given; leave them out or ingest one document at a time"
        )
    documents, problems = read_documents(paths)
    if problems:
        return _print_problems(problems, len(paths))
    prepared, problems = [], []
    for document in documents:  # extraction, outside the data-folder lock
        try:
            prepared.append(
                prepare_document(
                    document,
                    args.data_dir,
                    args.volume_year,
                    args.source_id,
                    args.url,
                    args.section,
                )
            )
        except IngestError as error:
            problems += error.messages
    if problems:
        return _print_problems(problems, len(paths))
    try:
        results = commit_documents(prepared, args.data_dir)
    except IngestError as error:
        for message in error.messages:
            print(message, file=sys.stderr)
        return 2
    for item, result in zip(prepared, results, strict=True):
        _report(item.document.path, result)
    return 0


def _report(path: Path, result) -> None:
    for row in result.dropped:
        print(f"left out (unknown country or date after the volume): {row}", file=sys.stderr)
    for note in result.notes:
        print(note, file=sys.stderr)
    registered = "registered" if result.registered else "already registered"
    if result.added == 0 and result.skipped == 0:
        print(
            f"{result.source_id}: {registered}; no events in {path}; "
            f"{result.paragraphs} paragraphs read"
        )
        return
    print(
        f"{result.source_id}: {registered}; {result.added} event(s) added (reviewed=false), "
        f"{result.skipped} already recorded"
    )


def _print_problems(problems: list[str], document_count: int) -> int:
    """Print each problem to stderr (and, for several documents, that nothing was written);
    return the exit status 2."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if document_count > 1:
        print("nothing was written: fix or leave out the documents above", file=sys.stderr)
    return 2
