"""AppTest runs of every page: titles, sidebar filters, the URL round trip and bad inputs.

``AppTest`` runs the app's scripts in this process without a browser. ``app.py`` catches page
exceptions and shows a plain error instead, so "no exception" here means neither
``at.exception`` nor that error. The map component is an opaque element in AppTest: clicks on
it are tested in ``tests/browser/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import DATA_DIR, ROOT

APP = str(ROOT / "app.py")
PAGE_TITLES = {
    "pages/map.py": "Bluebook Atlas",
    "pages/country.py": "Country profile",
    "pages/events.py": "Events",
    "pages/compare.py": "Compare countries",
    "pages/about.py": "About Bluebook Atlas",
}
MAP_TOTAL = re.compile(r"\*\*(\d+)\*\* events in this view, across")
PANEL_TOTAL = re.compile(r"\*\*(\d+)\*\* events in this view, \*\*(\d+)\*\* with Japan")
EVENTS_TOTAL = re.compile(r"\*\*(\d+)\*\* events( concerning .+)? match this view")


@pytest.fixture(autouse=True)
def _real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test reads ``data/`` unless it points the app elsewhere itself."""
    monkeypatch.delenv("BLUEBOOK_DATA_DIR", raising=False)


def run_page(page: str = "pages/map.py", **params: str) -> AppTest:
    """Open ``page`` with the query string ``params`` (as a fresh browser tab would)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(params)
    if page != "pages/map.py":
        at.switch_page(page)
    return at.run()


def assert_drawn(at: AppTest) -> None:
    """No exception escaped, and app.py did not have to catch one either."""
    assert not at.exception, [item.value for item in at.exception]
    failures = [item.value for item in at.error if "failed to draw" in item.value]
    assert not failures, failures


def main_titles(at: AppTest) -> list[str]:
    return [item.value for item in at.main.title]


def first_match(at: AppTest, pattern: re.Pattern[str]) -> re.Match[str]:
    for item in at.main.markdown:
        found = pattern.search(item.value)
        if found:
            return found
    raise AssertionError(f"no markdown matches {pattern.pattern!r}")


def narrated_first_year() -> int:
    """The first year the loaded volumes narrate: the first volume's year minus one."""
    sources = pd.read_csv(DATA_DIR / "sources" / "sources.csv", dtype=str)
    return int(sources["volume_year"].astype(int).min()) - 1


def expected_events(**conditions) -> pd.DataFrame:
    """Events of data/events.csv read with plain pandas, narrowed by simple conditions; the
    years default to those the volumes narrate, as the app's default view does."""
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    conditions.setdefault("year_from", narrated_first_year())
    mask = pd.Series(True, index=events.index)
    if "event_type" in conditions:
        mask &= events["event_type"] == conditions["event_type"]
    if "country" in conditions:
        mask &= events["countries"].str.split(";").map(lambda codes: conditions["country"] in codes)
    if "year_from" in conditions:
        mask &= events["date"].str.slice(0, 4).astype(int) >= conditions["year_from"]
    if conditions.get("japan_only"):
        mask &= events["japan_involved"] == "true"
    return events[mask]


@pytest.mark.parametrize(("page", "title"), PAGE_TITLES.items())
def test_every_page_draws_with_its_title(page: str, title: str) -> None:
    at = run_page(page)
    assert_drawn(at)
    assert not at.error
    assert title in main_titles(at)
    assert not at.warning


def test_sidebar_filters_change_the_counts_and_the_url() -> None:
    at = run_page()
    assert int(first_match(at, MAP_TOTAL).group(1)) == len(expected_events())
    assert dict(at.query_params) == {}

    at.multiselect(key="f_types").set_value(["call"]).run()
    assert_drawn(at)
    assert int(first_match(at, MAP_TOTAL).group(1)) == len(expected_events(event_type="call"))
    assert dict(at.query_params) == {"type": "call"}

    at.toggle(key="f_japan").set_value(True).run()
    assert_drawn(at)
    both = expected_events(event_type="call", japan_only=True)
    assert int(first_match(at, MAP_TOTAL).group(1)) == len(both)
    assert dict(at.query_params) == {"type": "call", "japan": "only"}


def test_url_opens_the_view_it_names() -> None:
    at = run_page(country="UZB", **{"from": "2004", "type": "call"})
    assert_drawn(at)
    assert at.multiselect(key="f_types").value == ["call"]
    last_year = int(expected_events()["date"].str.slice(0, 4).astype(int).max())
    assert at.slider(key="f_years").value == (2004, last_year)
    assert at.toggle(key="f_japan").value is False
    assert "Uzbekistan" in [item.value for item in at.main.subheader]
    panel = expected_events(event_type="call", country="UZB", year_from=2004)
    assert int(first_match(at, PANEL_TOTAL).group(1)) == len(panel)
    assert dict(at.query_params) == {"country": "UZB", "from": "2004", "type": "call"}
    assert not at.warning


def test_page_switch_keeps_the_filters_of_the_url() -> None:
    at = run_page(country="KAZ", type="call")
    assert_drawn(at)
    at.switch_page("pages/events.py").run()
    assert_drawn(at)
    assert "Events" in main_titles(at)
    assert at.multiselect(key="f_types").value == ["call"]
    shown = int(first_match(at, EVENTS_TOTAL).group(1))
    assert shown == len(expected_events(event_type="call", country="KAZ"))
    assert dict(at.query_params) == {"country": "KAZ", "type": "call"}


def test_bad_parameters_are_listed_in_a_warning_and_dropped() -> None:
    at = run_page(**{"from": "abc", "country": "XXX", "theme": "<script>", "bogus": "1"})
    assert_drawn(at)
    assert len(at.warning) == 1
    warning = at.warning[0].value
    for named in ("from", "abc", "country", "XXX", "theme", "script", "bogus"):
        assert named in warning
    assert "<script>" not in warning  # listed as escaped text, not as markup
    assert dict(at.query_params) == {}
    assert "Bluebook Atlas" in main_titles(at)
    assert "Overview" in [item.value for item in at.main.subheader]


def test_events_page_count_equals_pandas() -> None:
    at = run_page("pages/events.py", country="BLR", type="sanction")
    assert_drawn(at)
    expected = expected_events(event_type="sanction", country="BLR")
    assert len(expected) > 0
    found = first_match(at, EVENTS_TOTAL)
    assert int(found.group(1)) == len(expected)
    assert "Belarus" in found.group(0)


@pytest.mark.parametrize("page", PAGE_TITLES)
def test_broken_data_folder_is_named_in_an_error(
    page: str, data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = data_copy / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace("event_type", "kind", 1))
    monkeypatch.setenv("BLUEBOOK_DATA_DIR", str(data_copy))
    at = run_page(page)
    assert_drawn(at)
    # The banner is markdown: strip its escapes to get the text the user reads.
    shown = [item.value.replace("\\", "") for item in at.error]
    assert any("events.csv" in text and "missing column" in text for text in shown), shown


def test_a_draft_summary_is_labelled_as_generated_on_the_panel(data_copy, monkeypatch):
    path = data_copy / "countries.csv"
    text = path.read_text(encoding="utf-8")
    uzbekistan = next(line for line in text.splitlines() if line.startswith("UZB,"))
    draft = uzbekistan.removesuffix(",reviewed") + ",draft"
    path.write_text(text.replace(uzbekistan, draft), encoding="utf-8")
    monkeypatch.setenv("BLUEBOOK_DATA_DIR", str(data_copy))
    at = run_page(country="UZB")
    assert_drawn(at)
    captions = [item.value for item in at.caption]
    assert any("Draft generated from the events" in caption for caption in captions)
    assert not any("written for Bluebook Atlas" in caption for caption in captions)
    kazakhstan = run_page(country="KAZ")
    assert any("written for Bluebook Atlas" in item.value for item in kazakhstan.caption)
