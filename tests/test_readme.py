"""The README documents every page, command and URL parameter the app has."""

from __future__ import annotations

import pytest

from bluebook.cli import build_parser
from bluebook.explore.view import QUERY_KEYS
from tests.conftest import ROOT
from ui.shared import PAGES, REVIEW_PAGE

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command", ["make run", "make test", "make bench", "make lint", "make eval", "make serve"]
)
def test_make_targets_are_documented(command):
    assert command in README


@pytest.mark.parametrize("page", [title for _, title, _ in [*PAGES.values(), REVIEW_PAGE]])
def test_every_page_is_documented(page):
    assert f"**{page}**" in README


def test_every_cli_command_is_documented():
    commands = build_parser()._subparsers._group_actions[0].choices
    assert set(commands) == {"validate", "extract", "evaluate", "ingest", "reviewers", "train"}
    for command in commands:
        assert f"python -m bluebook {command}" in README


@pytest.mark.parametrize("key", list(QUERY_KEYS))
def test_every_url_parameter_is_documented(key):
    assert f"`{key}" in README


def layout_block() -> str:
    """The code block under the README's "Layout" heading."""
    section = README.split("\n## Layout\n", 1)[1]
    return section.split("```\n", 2)[1]


def test_the_layout_names_every_folder_and_subpackage():
    folders = {
        path.name
        for path in ROOT.iterdir()
        if path.is_dir() and not path.name.startswith(".") and (path / "__init__.py").exists()
    } | {"data", "docs", "tests"}
    subpackages = {path.parent.name for path in (ROOT / "bluebook").glob("*/__init__.py")}
    named = {line.split()[0].rstrip("/") for line in layout_block().splitlines() if line.strip()}
    assert folders - {"build"} <= named, sorted(folders - named)
    assert subpackages <= named, sorted(subpackages - named)
