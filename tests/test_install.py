"""``pip install .`` gives a working ``bluebook`` command (pyproject.toml).

The slow test builds the project with its own build backend (setuptools, pinned in
requirements-dev.txt), offline and without dependencies, into a target folder, then runs the
installed console script from a folder outside the checkout, with ``PYTHONPATH`` naming only the
target folder: what runs are the installed files, not the repository's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from bluebook.cli import program_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
EUROPE = ROOT / "tests" / "fixtures" / "extract" / "europe_web.txt"
# What the build reads; the rest of the checkout (tests, bench, docs) is left out on purpose.
SOURCE_PARTS = ("pyproject.toml", "bluebook", "geo", "data")


def _requirement_names(lines: list[str]) -> dict[str, str]:
    """{normalised name: version} of ``name==version`` / ``name>=version`` lines."""
    names = {}
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(?:==|>=)\s*([^\s;#]+)", line.strip())
        if match:
            names[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return names


def test_dependencies_name_the_pinned_runtime_requirements():
    declared = _requirement_names(PYPROJECT["project"]["dependencies"])
    pinned = _requirement_names((ROOT / "requirements.txt").read_text().splitlines())
    assert declared == pinned  # same names, each lower-bounded by its pin


def test_console_script_is_the_cli_main():
    assert PYPROJECT["project"]["scripts"] == {"bluebook": "bluebook.cli:main"}


def test_every_package_under_bluebook_and_geo_is_installed():
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for top in ("bluebook", "geo")
        for path in (ROOT / top).rglob("__init__.py")
    }
    assert folders <= set(PYPROJECT["tool"]["setuptools"]["packages"])


@pytest.mark.parametrize(
    ("argv0", "shown"),
    [
        ("/venv/bin/bluebook", "bluebook"),
        ("/repo/bluebook/__main__.py", "python -m bluebook"),
        ("-c", "python -m bluebook"),
    ],
)
def test_usage_names_the_command_as_called(argv0, shown):
    assert program_name(argv0) == shown


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built and installed (``pip install --target``) from a copy of its sources."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    for part in SOURCE_PARTS:
        if (ROOT / part).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / part, source / part, ignore=ignore)
        else:
            shutil.copy2(ROOT / part, source / part)
    target = base / "site"
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    command += ["--no-deps", "--no-build-isolation", "--no-index", "--target", str(target)]
    finished = subprocess.run(
        [*command, str(source)], capture_output=True, text=True, check=False, cwd=base
    )
    assert finished.returncode == 0, finished.stderr
    return target


def _run_installed(target: Path, cwd: Path, *arguments: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(target)}
    return subprocess.run(
        [str(target / "bin" / "bluebook"), *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder outside the checkout holding a copy of ``data/``."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


@pytest.mark.slow
def test_installed_files_are_the_ones_that_run(installed: Path, workspace: Path):
    script = (
        "import bluebook, bluebook.extract.resources as r, bluebook.validate as v;"
        "print(bluebook.__file__); print(r.DEFAULT_DATA_DIR); print(v.COUNTRY_CODES_FILE)"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script],
        cwd=workspace,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(installed)},
    )
    paths = [Path(line) for line in finished.stdout.splitlines()]
    assert all(path.is_relative_to(installed) and path.exists() for path in paths), paths
    assert paths[1] == installed / "bluebook" / "extract" / "vocabulary"


@pytest.mark.slow
def test_installed_validate_checks_the_data_folder_of_the_current_directory(
    installed: Path, workspace: Path
):
    finished = _run_installed(installed, workspace, "validate")
    assert finished.returncode == 0, finished.stderr
    assert _run_installed(installed, workspace, "--help").stdout.startswith("usage: bluebook ")
    assert finished.stdout.strip() == "data: all tables valid"
    (workspace / "data" / "events.csv").write_text("not,the,columns\n", encoding="utf-8")
    assert _run_installed(installed, workspace, "validate", "data").returncode == 2


@pytest.mark.slow
def test_installed_extract_gives_what_the_checkout_gives(installed: Path, workspace: Path):
    finished = _run_installed(installed, workspace, "extract", str(EUROPE))
    assert finished.returncode == 0, finished.stderr
    checkout = subprocess.run(
        [sys.executable, "-m", "bluebook", "extract", str(EUROPE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert finished.stdout == checkout.stdout
    assert len(finished.stdout.splitlines()) > 5


@pytest.mark.slow
def test_installed_ingest_adds_unreviewed_events_to_the_data_folder(
    installed: Path, workspace: Path
):
    before = pd.read_csv(workspace / "data" / "events.csv", dtype=str, keep_default_na=False)
    finished = _run_installed(installed, workspace, "ingest", str(EUROPE))
    assert finished.returncode == 0, finished.stderr
    after = pd.read_csv(workspace / "data" / "events.csv", dtype=str, keep_default_na=False)
    added = after.iloc[len(before) :]
    assert len(added) > 5 and set(added["reviewed"]) == {"false"}
    assert _run_installed(installed, workspace, "validate").returncode == 0
