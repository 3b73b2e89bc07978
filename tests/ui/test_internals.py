"""The private Streamlit / streamlit-folium names are used only with the versions checked.

``ui.internals.check_internal_versions`` passes on the installed (pinned) versions, names the
installed and the checked version and the module to re-check when they differ, and its checked
versions are the pins of ``constraints.txt``: bumping a pin without re-checking fails here. The
app stops at start-up on a version it was not checked against, with the versions in its log.
"""

from __future__ import annotations

import logging
import re

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from ui import internals
from ui.shared import UNCHECKED_INTERNALS

APP = str(ROOT / "app.py")
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)")


def constraint_pins() -> dict[str, str]:
    """Package name (lower case, ``_`` as ``-``) -> pinned version, from constraints.txt."""
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        found = PIN.match(line.strip())
        if found:
            pins[found.group(1).lower().replace("_", "-")] = found.group(2)
    return pins


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> dict[str, str | None]:
    """The versions ``ui.internals`` sees as installed; change them in the test."""
    versions: dict[str, str | None] = dict(internals.CHECKED_VERSIONS)
    monkeypatch.setattr(internals, "installed_version", versions.get)
    return versions


def test_the_checked_versions_are_the_pins_of_constraints_txt():
    pins = constraint_pins()
    for package, checked in internals.CHECKED_VERSIONS.items():
        assert pins[package] == checked, (
            f"constraints.txt pins {package}=={pins[package]} but ui/internals.py was checked "
            f"against {checked}: re-check ui/internals.py, then update CHECKED_VERSIONS"
        )


def test_the_installed_versions_pass_the_check():
    assert {name: internals.installed_version(name) for name in internals.CHECKED_VERSIONS} == (
        internals.CHECKED_VERSIONS
    )
    internals.check_internal_versions()


@pytest.mark.parametrize("package", sorted(internals.CHECKED_VERSIONS))
def test_another_version_fails_naming_both_versions_and_the_module(installed, package):
    checked = installed[package]
    installed[package] = "99.1.0"
    with pytest.raises(internals.InternalsVersionError) as raised:
        internals.check_internal_versions()
    message = str(raised.value)
    assert f"{package} 99.1.0 is installed, but ui/internals.py was checked against " in message
    assert f"{package} {checked}" in message
    assert "constraints.txt" in message and "CHECKED_VERSIONS" in message
    other = next(name for name in internals.CHECKED_VERSIONS if name != package)
    assert f"{other} {installed[other]} is installed" not in message


def test_a_missing_package_fails_the_check(installed):
    installed["streamlit-folium"] = None
    with pytest.raises(RuntimeError, match=r"streamlit-folium \(not installed\) is installed"):
        internals.check_internal_versions()


def test_forget_pages_directory_clears_streamlit_flag(monkeypatch):
    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    internals.forget_pages_directory()
    assert PagesManager.uses_pages_directory is False


def test_the_app_stops_at_start_up_on_another_version(installed, caplog):
    installed["streamlit"] = "1.99.0"
    with caplog.at_level(logging.ERROR, logger="bluebook_atlas"):
        at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [item.value for item in at.error] == [UNCHECKED_INTERNALS]
    assert not at.main.title and not at.sidebar.title, "nothing else is drawn"
    logged = [record.getMessage() for record in caplog.records]
    assert any("streamlit 1.99.0 is installed" in line for line in logged), logged


def test_the_app_runs_on_the_checked_versions(installed):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error
    assert [item.value for item in at.main.title] == ["Bluebook Atlas"]


def test_a_page_run_without_app_py_checks_the_versions_too(installed):
    installed["streamlit-folium"] = "0.1.0"
    at = AppTest.from_file(str(ROOT / "pages" / "events.py"), default_timeout=60).run()
    assert [item.value for item in at.error] == [UNCHECKED_INTERNALS]
    assert not at.main.title
