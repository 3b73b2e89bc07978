"""The arrows point down: the event core knows neither geo/ nor ui/ nor pages/ nor bench/.

Every module of ``bluebook/``, ``geo/`` and ``ui/`` is parsed with ``ast`` (imports inside
functions count too), ``pages/`` holds only the page scripts ``app.py`` registers, and the
committed list of valid country codes is checked against the boundaries it was generated from.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bluebook.validate import COUNTRY_CODES_FILE, known_country_codes
from geo.boundaries import load_units

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "bluebook": {"geo", "ui", "pages", "bench", "streamlit", "app"},
    "geo": {"ui", "pages", "bench", "streamlit", "app"},
    "ui": {"pages", "bench", "app"},
}
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


def test_pages_holds_only_the_page_scripts_app_registers():
    """A helper module in ``pages/`` would answer as a URL on a fresh server: helpers go to ui/."""
    from ui.shared import PAGES, REVIEW_PAGE

    registered = {path for path, _, _ in [*PAGES.values(), REVIEW_PAGE]}
    present = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "pages").iterdir()
        if path.name != "__pycache__"
    }
    assert present == registered, f"move {sorted(present - registered)} to ui/"
    app_imports = {
        alias.name
        for node in ast.walk(ast.parse((ROOT / "app.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "ui.shared"
        for alias in node.names
    }
    assert {"PAGES", "REVIEW_PAGE"} <= app_imports, "app.py must register ui.shared's pages"


def test_committed_country_codes_equal_natural_earth_codes():
    committed = COUNTRY_CODES_FILE.read_text(encoding="utf-8").split()
    natural_earth = sorted(load_units()["iso3"])
    assert committed == natural_earth, f"regenerate {COUNTRY_CODES_FILE.name}: {REGENERATE}"
    assert known_country_codes() == frozenset(natural_earth)


def test_geo_docstring_names_every_geo_module():
    import geo

    modules = {path.stem for path in (ROOT / "geo").glob("*.py")} - {"__init__"}
    missing = [name for name in sorted(modules) if f"``geo.{name}``" not in geo.__doc__]
    assert not missing, f"add {missing} to the module list in geo/__init__.py"


def test_ui_docstring_names_every_ui_module():
    import ui

    modules = {path.stem for path in (ROOT / "ui").glob("*.py")} - {"__init__"}
    missing = [name for name in sorted(modules) if f"``ui.{name}``" not in ui.__doc__]
    assert not missing, f"add {missing} to the module list in ui/__init__.py"
