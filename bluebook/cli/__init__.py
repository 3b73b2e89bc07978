"""Command-line interface: ``python -m bluebook COMMAND ...``, or ``bluebook COMMAND ...`` once
the project is installed (``pip install .``; the console script calls ``main``).

Each command lives in its own module that exposes ``register(subparsers)``; the function it
registers as ``func`` takes the parsed arguments and returns the exit code. Exit codes: 0 success,
2 bad input (with messages on stderr that name the file, line or parameter), 1 unexpected failure.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

COMMAND_MODULES: tuple[str, ...] = (
    "bluebook.cli.validate",
    "bluebook.cli.extract",
    "bluebook.cli.evaluate",
    "bluebook.cli.ingest",
    "bluebook.cli.reviewers",
    "bluebook.cli.train",
)


def program_name(argv0: str) -> str:
    """How the user called us, for the usage line: ``bluebook`` (the installed console script)
    or ``python -m bluebook``."""
    return "bluebook" if Path(argv0).name == "bluebook" else "python -m bluebook"


def build_parser(prog: str = "python -m bluebook") -> argparse.ArgumentParser:
    """Return the top-level parser with every command of ``COMMAND_MODULES`` registered."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build, check and extend the Bluebook Atlas event dataset.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; never lets a traceback reach the user."""
    parser = build_parser(program_name(sys.argv[0]))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:
        return 2 if exit_request.code not in (0, None) else 0
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # last resort: a message, not a traceback
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        print(
            "This is a bug in Bluebook Atlas; please report it with the command you ran.",
            file=sys.stderr,
        )
        return 1
