"""AppTest runs of the Compare page: the link opens the comparison it names, changes go back
into the link, bad country lists are named, and "Compare with…" in a panel opens the page."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.ui.test_app_pages import assert_drawn, expected_events, main_titles, run_page

PAGE = "pages/compare.py"
SECTIONS = [
    "Events per year",
    "Mix of event types",
    "Mix of themes",
    "Japan involved",
    "Most frequent counterparts",
]


@pytest.fixture(autouse=True)
def _real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLUEBOOK_DATA_DIR", raising=False)


def totals_table(at) -> pd.DataFrame:
    """The first table of the page: country, events, with Japan involved, share."""
    return at.main.dataframe[0].value


def expected_totals(countries: list[str], **conditions) -> dict[str, tuple[int, int]]:
    """(events, Japan-involved events) per country, from data/events.csv with plain pandas."""
    result = {}
    for code in countries:
        events = expected_events(country=code, **conditions)
        result[code] = (len(events), int((events["japan_involved"] == "true").sum()))
    return result


def shown_totals(at) -> dict[str, tuple[int, int]]:
    table = totals_table(at)
    return {
        country: (int(events), int(japan))
        for country, events, japan in zip(
            table["Country"], table["Events"], table["With Japan involved"], strict=True
        )
    }


def test_link_opens_the_comparison_it_names() -> None:
    at = run_page(PAGE, countries="KAZ,UZB,GEO", type="call,multilateral")
    assert_drawn(at)
    assert "Compare countries" in main_titles(at)
    assert at.main.multiselect[0].value == ["KAZ", "UZB", "GEO"]
    assert at.multiselect(key="f_types").value == ["call", "multilateral"]
    headings = [item.value for item in at.main.subheader]
    assert all(any(heading.startswith(section) for heading in headings) for section in SECTIONS)
    calls = expected_totals(["KAZ", "UZB", "GEO"], event_type="call")
    meetings = expected_totals(["KAZ", "UZB", "GEO"], event_type="multilateral")
    assert shown_totals(at) == {
        name: tuple(a + b for a, b in zip(calls[code], meetings[code], strict=True))
        for name, code in (("Kazakhstan", "KAZ"), ("Uzbekistan", "UZB"), ("Georgia", "GEO"))
    }
    assert list(totals_table(at)["Country"]) == ["Kazakhstan", "Uzbekistan", "Georgia"]
    assert dict(at.query_params) == {"countries": "KAZ,UZB,GEO", "type": "call,multilateral"}
    # Countries with fewer than 10 such events are named: their shares are unreliable.
    small = [name for name, (events, _) in shown_totals(at).items() if events < 10]
    assert small and len(small) < 3
    warnings = [item.value for item in at.warning if "Small numbers" in item.value]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"Small numbers: shares are unreliable. {', '.join(small)} ")


def test_no_small_numbers_warning_from_ten_events_up() -> None:
    at = run_page(PAGE, countries="KAZ,UZB", **{"from": "2004"})
    assert_drawn(at)
    shown = shown_totals(at)
    small = [name for name, (events, _) in shown.items() if events < 10]
    warnings = [item.value for item in at.warning if "Small numbers" in item.value]
    assert shown["Kazakhstan"][0] >= 10
    assert len(warnings) == (1 if small else 0)
    assert "Kazakhstan" not in "".join(warnings)


def test_choosing_countries_and_filters_writes_the_link() -> None:
    at = run_page(PAGE, countries="KAZ,UZB")
    assert_drawn(at)
    totals = expected_totals(["KAZ", "UZB", "BLR"])
    assert shown_totals(at) == {"Kazakhstan": totals["KAZ"], "Uzbekistan": totals["UZB"]}

    at.main.multiselect[0].set_value(["BLR", "KAZ", "UZB"]).run()
    assert_drawn(at)
    assert dict(at.query_params) == {"countries": "BLR,KAZ,UZB"}
    assert list(totals_table(at)["Country"]) == ["Belarus", "Kazakhstan", "Uzbekistan"]

    at.toggle(key="f_japan").set_value(True).run()
    assert_drawn(at)
    assert dict(at.query_params) == {"countries": "BLR,KAZ,UZB", "japan": "only"}
    japan = expected_totals(["KAZ", "UZB", "BLR"], japan_only=True)
    assert shown_totals(at) == {
        "Belarus": japan["BLR"],
        "Kazakhstan": japan["KAZ"],
        "Uzbekistan": japan["UZB"],
    }
    assert all(events == with_japan for events, with_japan in shown_totals(at).values())


def test_one_country_asks_for_another() -> None:
    at = run_page(PAGE, countries="KAZ")
    assert_drawn(at)
    assert at.main.multiselect[0].value == ["KAZ"]
    assert any("at least 2 countries" in item.value for item in at.info)
    assert not at.main.dataframe
    assert dict(at.query_params) == {"countries": "KAZ"}


def test_bad_countries_are_named_and_dropped() -> None:
    at = run_page(PAGE, countries="KAZ,XXX,<script>,JPN,kaz,UZB")
    assert_drawn(at)
    link_warnings = [item.value for item in at.warning if "Small numbers" not in item.value]
    assert len(link_warnings) == 1
    warning = link_warnings[0]
    for named in ("countries", "XXX", "script", "Japan"):
        assert named in warning
    assert "<script>" not in warning
    assert at.main.multiselect[0].value == ["KAZ", "UZB"]
    assert dict(at.query_params) == {"countries": "KAZ,UZB"}


def test_compare_with_in_a_panel_opens_the_page_with_that_country() -> None:
    at = run_page(country="KAZ", type="call")
    assert_drawn(at)
    at.multiselect(key="map_panel_compare_KAZ").set_value(["UZB"]).run()
    at.button(key="map_panel_compare_open_KAZ").click().run()
    assert_drawn(at)
    assert "Compare countries" in main_titles(at)
    assert at.main.multiselect[0].value == ["KAZ", "UZB"]
    assert dict(at.query_params) == {"country": "KAZ", "type": "call", "countries": "KAZ,UZB"}
    totals = expected_totals(["KAZ", "UZB"], event_type="call")
    assert shown_totals(at) == {"Kazakhstan": totals["KAZ"], "Uzbekistan": totals["UZB"]}


def test_other_pages_keep_the_compared_countries_in_their_links() -> None:
    at = run_page(PAGE, countries="KAZ,UZB")
    at.switch_page("pages/events.py").run()
    assert_drawn(at)
    assert dict(at.query_params) == {"countries": "KAZ,UZB"}
    at.switch_page(PAGE).run()
    assert_drawn(at)
    assert at.main.multiselect[0].value == ["KAZ", "UZB"]
