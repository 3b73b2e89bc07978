"""The arrows point down: the event core knows neither geo/ nor pages/ nor bench/.

Every module of ``bluebook/``, ``geo/`` and ``deploy/`` is parsed with ``ast`` (imports inside
functions count too). Inside ``bluebook/`` the core (the modules directly in it: the table
contract) imports none of its subpackages but ``readers``, and each subpackage imports only the
parts below it (``LAYERS``). The committed list of valid country codes is checked against the
boundaries it was generated from.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from bluebook.validate import COUNTRY_CODES_FILE, known_country_codes
from geo.boundaries import load_units

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "bluebook": {"geo", "pages", "bench", "streamlit", "app"},
    "geo": {"pages", "bench", "streamlit", "app"},
    "deploy": {"pages", "bench", "tests", "app"},
}
SUBPACKAGES = ("cli", "evaluate", "explore", "extract", "ingest", "readers", "review")
LAYERS: dict[str, set[str]] = {
    "core": {"cli", "evaluate", "explore", "extract", "ingest", "review"},
    "readers": {"cli", "evaluate", "explore", "extract", "ingest", "review"},
    "extract": {"cli", "evaluate", "explore", "ingest", "review"},
    "explore": {"cli", "evaluate", "extract", "ingest", "review"},
    "review": {"cli", "evaluate", "explore", "ingest"},
    "ingest": {"cli", "evaluate", "explore", "review"},
    "evaluate": {"cli", "explore", "ingest", "review"},
    "cli": set(),
}
"""For each part of ``bluebook/``: the parts it must not import."""
DOCUMENTED_PACKAGES = (
    "geo",
    "bluebook/evaluate",
    "bluebook/explore",
    "bluebook/ingest",
    "bluebook/review",
)
REGENERATE = (
    '.venv/bin/python -c "from geo.boundaries import load_units; '
    "print(*sorted(load_units()['iso3']), sep='\\n')\" > bluebook/country_codes.txt"
)


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, top-level module name) of every import in ``source``, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def bluebook_parts(source: str) -> list[tuple[int, str]]:
    """(line, part of ``bluebook``) of every import of ``bluebook`` in ``source``: a subpackage
    name, or "core" for a module directly in ``bluebook/``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "bluebook":
                names = [f"bluebook.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "bluebook" and len(parts) > 1:
                found.append((node.lineno, parts[1] if parts[1] in SUBPACKAGES else "core"))
    return found


def part_of(path: Path) -> str:
    """The part of ``bluebook/`` that the module at ``path`` belongs to."""
    relative = path.relative_to(ROOT / "bluebook").parts
    return relative[0] if len(relative) > 1 else "core"


def layer_violations() -> list[str]:
    """``file:line imports bluebook.part`` for each import that points up a layer."""
    return [
        f"{path.relative_to(ROOT)}:{line} imports bluebook.{part}"
        for path in sorted((ROOT / "bluebook").rglob("*.py"))
        if path.name != "__main__.py"  # the entry point: ``python -m bluebook`` runs the CLI
        for line, part in bluebook_parts(path.read_text(encoding="utf-8"))
        if part in LAYERS[part_of(path)]
    ]


def forbidden_imports(package: str) -> list[str]:
    """``file:line imports name`` for each import of ``package`` that points the wrong way."""
    return [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, name in imported_modules(path.read_text(encoding="utf-8"))
        if name in FORBIDDEN[package]
    ]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_point_down(package):
    assert forbidden_imports(package) == []


@pytest.mark.parametrize(
    "source",
    [
        "import geo",
        "import geo.boundaries as b",
        "from geo.boundaries import load_units",
        "def f():\n    from geo import boundaries\n",
        "class C:\n    def m(self):\n        import streamlit as st\n",
        "try:\n    import bench.protocol\nexcept ImportError:\n    pass\n",
    ],
)
def test_imports_are_found_at_any_depth(source):
    assert {name for _, name in imported_modules(source)} & FORBIDDEN["bluebook"]


def test_relative_and_unrelated_imports_are_not_flagged():
    source = "from . import tables\nfrom .schema import X\nimport geopandas\nimport pages_x\n"
    assert not {name for _, name in imported_modules(source)} & FORBIDDEN["bluebook"]


def test_committed_country_codes_equal_natural_earth_codes():
    committed = COUNTRY_CODES_FILE.read_text(encoding="utf-8").split()
    natural_earth = sorted(load_units()["iso3"])
    assert committed == natural_earth, f"regenerate {COUNTRY_CODES_FILE.name}: {REGENERATE}"
    assert known_country_codes() == frozenset(natural_earth)


def test_bluebook_parts_import_only_the_layers_below() -> None:
    assert layer_violations() == []


def test_every_bluebook_subpackage_has_a_layer() -> None:
    found = {path.parent.name for path in (ROOT / "bluebook").glob("*/__init__.py")}
    assert found == set(SUBPACKAGES) and set(LAYERS) == {"core", *SUBPACKAGES}


@pytest.mark.parametrize(
    ("source", "part"),
    [
        ("from bluebook.review.decisions import Decision", "review"),
        ("import bluebook.cli", "cli"),
        ("from bluebook import review_log", "core"),
        ("from bluebook import review", "review"),
        ("def f():\n    from bluebook.evaluate import events\n", "evaluate"),
        ("from bluebook.tables import read_table", "core"),
    ],
)
def test_bluebook_parts_are_found(source: str, part: str) -> None:
    assert [name for _, name in bluebook_parts(source)] == [part]


def test_a_core_module_importing_a_subpackage_is_a_violation(tmp_path, monkeypatch) -> None:
    fake = tmp_path / "bluebook"
    (fake / "review").mkdir(parents=True)
    (fake / "review" / "__init__.py").write_text("")
    (fake / "tables.py").write_text("from bluebook.review.decisions import Decision\n")
    (fake / "review" / "queue.py").write_text("from bluebook.tables import read_table\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert layer_violations() == ["bluebook/tables.py:1 imports bluebook.review"]


@pytest.mark.parametrize("package", DOCUMENTED_PACKAGES)
def test_package_docstring_names_every_module(package: str) -> None:
    folder = ROOT / package
    dotted = package.replace("/", ".")
    docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
    modules = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    missing = [name for name in sorted(modules) if f"``{dotted}.{name}``" not in (docstring or "")]
    assert not missing, f"add {missing} to the module list in {package}/__init__.py"
