"""The arrows point down: the event core knows neither geo/ nor ui/ nor pages/ nor bench/.

Every module of ``bluebook/``, ``geo/``, ``ui/`` and ``deploy/`` is parsed with ``ast``
(imports inside functions count too). Inside ``bluebook/`` the core (the modules directly in it:
the table contract) imports none of its subpackages but ``readers``, and each subpackage imports
only the parts below it (``LAYERS``). ``pages/`` holds only the page scripts ``app.py``
registers, and only ``ui/internals.py`` uses private Streamlit names. The committed list of
valid country codes is checked against the boundaries it was generated from.
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
    "bluebook": {"geo", "ui", "pages", "bench", "streamlit", "app"},
    "geo": {"ui", "pages", "bench", "streamlit", "app"},
    "ui": {"pages", "bench", "app"},
    "deploy": {"ui", "pages", "bench", "tests", "app"},
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


def imported_names(source: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every import in ``source``, at any depth: ``import a.b`` gives
    ``a.b``, ``from a import b, c`` gives ``a.b`` and ``a.c`` (a module or a name in it)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def imported_modules(source: str) -> list[tuple[int, str]]:
    """(line, top-level module name) of every import in ``source``, at any depth."""
    return [(line, name.split(".")[0]) for line, name in imported_names(source)]


def bluebook_parts(source: str) -> list[tuple[int, str]]:
    """(line, part of ``bluebook``) of every import of ``bluebook`` in ``source``: a subpackage
    name, or "core" for a module directly in ``bluebook/``."""
    return [
        (line, parts[1] if parts[1] in SUBPACKAGES else "core")
        for line, name in imported_names(source)
        if (parts := name.split("."))[0] == "bluebook" and len(parts) > 1
    ]


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


# Private Streamlit / streamlit-folium names: only ui/internals.py, which checks their versions.
# tests/ and bench/ are left out: they compare with or time these names on purpose, and speak
# Streamlit's wire protocol (streamlit.proto) to drive a server.
INTERNALS = "ui/internals.py"
APP_CODE = ("app.py", "pages", "ui", "bluebook", "geo", "deploy")
PUBLIC_MODULES = {
    "streamlit": {
        "streamlit",
        "streamlit.column_config",
        "streamlit.components",
        "streamlit.components.v1",
        "streamlit.testing.v1",
    },
    "streamlit_folium": {"streamlit_folium"},
}
PUBLIC_NAMES = {"streamlit_folium": {"st_folium", "folium_static"}}
"""streamlit-folium's documented functions; Streamlit's public names are the ``st.`` API."""


def _is_public(package: str, name: str) -> bool:
    if name.startswith("_"):
        return False
    if package in PUBLIC_NAMES:
        return name in PUBLIC_NAMES[package]
    import streamlit

    return not isinstance(getattr(streamlit, name, None), type(streamlit)) or (
        f"streamlit.{name}" in PUBLIC_MODULES[package]
    )


def private_names(source: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every private Streamlit / streamlit-folium name ``source``
    imports or reads from a module it imported (``sf._component_func``), at any depth."""
    found: list[tuple[int, str]] = []
    aliases: dict[str, str] = {}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                package = alias.name.split(".")[0]
                if package not in PUBLIC_MODULES:
                    continue
                if alias.name not in PUBLIC_MODULES[package]:
                    found.append((node.lineno, alias.name))
                elif alias.name == package:
                    aliases[alias.asname or package] = package
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            package = node.module.split(".")[0]
            if package not in PUBLIC_MODULES:
                continue
            if node.module not in PUBLIC_MODULES[package]:
                found.append((node.lineno, node.module))
            elif node.module == package:
                found += [
                    (node.lineno, f"{package}.{alias.name}")
                    for alias in node.names
                    if not _is_public(package, alias.name)
                ]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and not _is_public(aliases[node.value.id], node.attr)
        ):
            found.append((node.lineno, f"{aliases[node.value.id]}.{node.attr}"))
    return found


def app_modules() -> list[Path]:
    """Every module of the app's code (what runs in the served app or deploys it)."""
    paths = [ROOT / name for name in APP_CODE]
    return sorted(
        file
        for path in paths
        for file in ([path] if path.is_file() else path.rglob("*.py"))
        if "__pycache__" not in file.parts
    )


def test_only_ui_internals_uses_private_streamlit_names():
    found = [
        f"{path.relative_to(ROOT)}:{line} uses {name}"
        for path in app_modules()
        if str(path.relative_to(ROOT)) != INTERNALS
        for line, name in private_names(path.read_text(encoding="utf-8"))
    ]
    assert found == [], f"move these uses into {INTERNALS} (it checks their versions)"


def test_ui_internals_is_where_the_private_names_are():
    found = {name for _, name in private_names((ROOT / INTERNALS).read_text(encoding="utf-8"))}
    assert {
        "streamlit.runtime.pages_manager",
        "streamlit.dataframe_util",
        "streamlit.util",
        "streamlit_folium._component_func",
        "streamlit_folium._get_feature_group_string",
    } <= found


@pytest.mark.parametrize(
    "source",
    [
        "from streamlit.runtime.pages_manager import PagesManager",
        "def f():\n    from streamlit.util import calc_hash\n",
        "from streamlit import dataframe_util",
        "import streamlit.elements.vega_charts",
        "from streamlit_folium import _get_header",
        "from streamlit_folium import get_full_id",
        "import streamlit_folium\nstreamlit_folium._component_func(key='m')",
        "import streamlit_folium as sf\nx = sf.generate_js_hash('', None)",
        "import streamlit as st\nst._main.write('x')",
        "from streamlit.proto.BackMsg_pb2 import BackMsg",
    ],
)
def test_private_streamlit_names_are_found(source):
    assert private_names(source)


@pytest.mark.parametrize(
    "source",
    [
        "import streamlit as st\nst.write('x')\nst.session_state['a'] = 1",
        "from streamlit.testing.v1 import AppTest",
        "import streamlit.components.v1 as components",
        "from streamlit_folium import st_folium",
        "import streamlit_folium\nstreamlit_folium.st_folium(m)",
        "from streamlit import session_state, cache_data",
        "import streamlit as st\nst.column_config.TextColumn('x')",
        "import streamlit_x\nstreamlit_x._private()",
    ],
)
def test_public_streamlit_names_are_not_flagged(source):
    assert private_names(source) == []
