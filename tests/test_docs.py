"""The maintainers' documents: links that resolve, and figures equal to ``docs/figures.json``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bluebook.evaluate.figures import FIGURES_FILE, format_triple, read_figures
from tests.conftest import ROOT

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
EXTRACTION = (ROOT / "docs" / "extraction.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def heading_anchors(path: Path) -> set[str]:
    """GitHub's anchors of the Markdown headings of ``path`` (code blocks skipped)."""
    anchors, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            anchors.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return anchors


def local_links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [link for link in LINK.findall(text) if not link.startswith(("http://", "https://"))]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_local_link_and_image_resolves(document: Path) -> None:
    broken = []
    for link in local_links(document):
        target, _, anchor = link.partition("#")
        path = (document.parent / target).resolve() if target else document
        if not path.exists() or (anchor and anchor not in heading_anchors(path)):
            broken.append(link)
    assert broken == []


@pytest.mark.parametrize(
    "name", ["extraction", "data", "review", "deployment", "performance", "security"]
)
def test_the_readme_links_every_maintainers_document(name: str) -> None:
    assert f"](docs/{name}.md" in README


def test_the_readme_stays_short() -> None:
    assert len(README.splitlines()) <= 300


TABLE_ROWS = [
    "corpus_cv",
    "corpus_rules_only",
    "corpus_trained_on_all",
    "subset_cv",
    "added_first_look",
    "gold_seed",
    "first_source_annotation",
]


@pytest.mark.parametrize("name", TABLE_ROWS)
def test_the_extraction_table_row_has_the_figures_of_the_file(name: str) -> None:
    entry = read_figures(FIGURES_FILE)[name]
    rows = [
        line for line in EXTRACTION.splitlines() if line.startswith("|") and f"`{name}`" in line
    ]
    assert len(rows) == 1, f"one row of docs/extraction.md's table names [`{name}`]"
    assert format_triple(entry, "strict") in rows[0]
    assert format_triple(entry, "lenient") in rows[0]


@pytest.mark.parametrize("name", ["corpus_cv", "added_first_look"])
def test_the_readme_quotes_the_figures_of_the_file(name: str) -> None:
    assert format_triple(read_figures(FIGURES_FILE)[name], "lenient") in README
