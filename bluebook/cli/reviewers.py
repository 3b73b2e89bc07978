"""``python -m bluebook reviewers add|remove|list``: who may sign in to the Review page."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from bluebook.review.reviewers import (
    DEFAULT_REVIEWERS_FILE,
    REVIEWERS_FILE_VARIABLE,
    ReviewersError,
    add_reviewer,
    check_name,
    check_password,
    load_reviewers,
    remove_reviewer,
    reviewers_file,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reviewers",
        help="add, remove or list the reviewers who may sign in to the Review page",
        description="Manage the reviewers file (argon2 password hashes; default "
        f"{DEFAULT_REVIEWERS_FILE}, or the path in {REVIEWERS_FILE_VARIABLE}). Keep it out of "
        "data/ and out of git. Without it the app has no Review page. Exit 0, or 2 with the "
        "reason.",
    )
    parser.add_argument(
        "--file", type=Path, help=f"the reviewers file (default: {DEFAULT_REVIEWERS_FILE})"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add a reviewer or change their password",
        description="The password is read from standard input when it is not a terminal "
        "(first line), and asked twice when it is.",
    )
    add.add_argument("name", metavar="NAME")
    remove = actions.add_parser("remove", help="remove a reviewer")
    remove.add_argument("name", metavar="NAME")
    actions.add_parser("list", help="print the reviewers' names")
    parser.set_defaults(func=run)


def read_password(stream=None) -> str:
    """The new password: asked twice on a terminal, else the first line of standard input."""
    stream = stream or sys.stdin
    if stream.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise ReviewersError("the two passwords differ; nothing was changed")
        return first
    return stream.readline().rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    path = args.file or reviewers_file(Path.cwd())
    try:
        if args.action == "add":
            check_name(args.name)
            new = add_reviewer(path, args.name, check_password(read_password()))
            print(f"{path}: {'added' if new else 'changed the password of'} {args.name}")
        elif args.action == "remove":
            remove_reviewer(path, args.name)
            print(f"{path}: removed {args.name}")
        else:
            if not path.exists():
                print(f"{path}: no reviewers file (the app has no Review page)", file=sys.stderr)
                return 0
            for name in sorted(load_reviewers(path)):
                print(name)
    except ReviewersError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {path}: {error.strerror or error}; check the path", file=sys.stderr)
        return 2
    return 0
