"""A country panel and the Events page when the data holds 20 volumes (a small synthetic
folder from ``bench.synthetic``): the newest volume's summary first, the others folded newest
first before the timeline, and a compact citation with the full list one click away."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT
from tests.ui.test_app_pages import assert_drawn, run_page

EVENTS = 3000


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many-volumes") / "data"
    command = [sys.executable, "-m", "bench.synthetic", "--events", str(EVENTS), "--out", folder]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return folder


@pytest.fixture
def many_volumes(synthetic: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BLUEBOOK_DATA_DIR", str(synthetic))
    return synthetic


def volumes_with_summaries(folder: Path, iso3: str) -> list[int]:
    """Volume years with a summary of ``iso3``, newest first, read with plain pandas."""
    countries = pd.read_csv(folder / "countries.csv", dtype=str)
    sources = pd.read_csv(folder / "sources" / "sources.csv", dtype=str)
    used = set(countries.loc[countries["iso3"] == iso3, "source_id"])
    years = sources.loc[sources["source_id"].isin(used), "volume_year"].astype(int)
    return sorted(years, reverse=True)


def test_panel_shows_the_newest_summary_then_older_volumes_folded(many_volumes: Path) -> None:
    years = volumes_with_summaries(many_volumes, "CHN")
    assert len(years) == 20
    at = run_page(country="CHN")
    assert_drawn(at)
    captions = [item.value for item in at.main.caption if item.value.startswith("Summary of")]
    assert captions[0].startswith(f"Summary of Diplomatic Bluebook {years[0]}")
    labels = [expander.label for expander in at.main.expander]
    assert labels == [f"Diplomatic Bluebook {year} \\(synthetic\\)" for year in years[1:]]
    # every older summary is inside its expander, not above the timeline
    for expander, year in zip(at.main.expander, years[1:], strict=True):
        inner = [item.value for item in expander.caption]
        assert inner and all(f"Bluebook {year}" in text for text in inner)
    assert sum(text.startswith("Summary of") for text in captions) == 20


def test_summaries_follow_the_sources_of_the_view(many_volumes: Path) -> None:
    at = run_page(country="CHN", source="syn-bb2010,syn-bb2012")
    assert_drawn(at)
    captions = [item.value for item in at.main.caption if item.value.startswith("Summary of")]
    assert captions[0].startswith("Summary of Diplomatic Bluebook 2012")
    assert [expander.label for expander in at.main.expander] == [
        "Diplomatic Bluebook 2010 \\(synthetic\\)"
    ]


def test_events_page_cites_twenty_volumes_compactly(many_volumes: Path) -> None:
    at = run_page("pages/events.py", country="CHN")
    assert_drawn(at)
    cite = [item.value for item in at.main.caption if item.value.startswith("Cite as")]
    assert len(cite) == 1
    shown = cite[0].replace("\\", "")
    assert "Diplomatic Bluebook 2004–2023, 20 volumes" in shown
    assert shown.count("Diplomatic Bluebook") == 1
    sources = [expander for expander in at.main.expander if expander.label == "All 20 sources"]
    assert len(sources) == 1
    listed = sources[0].markdown[0].value.replace("\\", "")
    for year in range(2004, 2024):
        assert f"Diplomatic Bluebook {year} (synthetic)" in listed
