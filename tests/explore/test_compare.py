"""Countries side by side (bluebook.explore.compare): a tiny hand-made dataset with known
answers, and the shipped data checked against a plain per-event computation for several views."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from bluebook.dataset import _assemble, build_events_frame, load_dataset
from bluebook.explore import compare, query
from bluebook.explore.view import ViewState
from bluebook.schema import EVENT_COLUMNS
from bluebook.taxonomy import read_taxonomy
from tests.conftest import DATA_DIR

TINY_EVENTS = [
    # event_id, date, countries, event_type, japan_involved, themes
    ("e1", "2020-01", "AAA;BBB", "call", "true", "economy;security"),
    ("e2", "2020-05-02", "AAA", "visit", "true", "economy"),
    ("e3", "2021", "AAA;CCC;BBB", "multilateral", "false", "security"),
    ("e4", "2022-03", "BBB", "call", "false", "health"),
    ("e5", "2022-04", "CCC", "visit", "true", "economy"),
]


def build_tiny_dataset():
    """Five events over three made-up country codes, typed as load_dataset types them."""
    taxonomy, problems = read_taxonomy(DATA_DIR)
    assert taxonomy is not None, problems
    rows = []
    for event_id, date, countries, event_type, japan, themes in TINY_EVENTS:
        row = dict.fromkeys(EVENT_COLUMNS, "")
        row.update(
            event_id=event_id,
            date=date,
            date_precision={4: "year", 7: "month", 10: "day"}[len(date)],
            countries=countries,
            event_type=event_type,
            level="ministerial",
            mode="in_person",
            japan_involved=japan,
            themes=themes,
            source_id="src",
            paragraph="1",
            reviewed="true",
        )
        rows.append(row)
    events = build_events_frame(pd.DataFrame(rows, columns=list(EVENT_COLUMNS)))
    sources = pd.DataFrame({"source_id": ["src"], "title": ["Test"], "volume_year": ["2023"]})
    countries = pd.DataFrame(columns=["iso3", "source_id", "name", "names_in_text", "summary"])
    return _assemble(events, countries, sources, taxonomy)


@pytest.fixture(scope="module")
def tiny():
    return build_tiny_dataset()


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(DATA_DIR)


def everything(dataset) -> np.ndarray:
    return np.ones(len(dataset.events), dtype=bool)


def test_totals_and_japan_share(tiny):
    result = compare.build_comparison(tiny, everything(tiny), ("BBB", "AAA", "CCC"))
    totals = result.totals.set_index("iso3")
    assert list(result.totals["iso3"]) == ["BBB", "AAA", "CCC"]  # the order asked for
    assert totals["events"].to_dict() == {"BBB": 3, "AAA": 3, "CCC": 2}
    assert totals["japan_events"].to_dict() == {"BBB": 1, "AAA": 2, "CCC": 1}
    assert totals.loc["AAA", "japan_share"] == pytest.approx(2 / 3)
    assert totals.loc["CCC", "japan_share"] == pytest.approx(0.5)


def test_per_year_spans_the_compared_events_with_zero_years(tiny):
    result = compare.build_comparison(tiny, everything(tiny), ("AAA", "CCC"))
    assert result.years == (2020, 2022)
    table = result.per_year.pivot(index="year", columns="iso3", values="events")
    assert table["AAA"].to_dict() == {2020: 2, 2021: 1, 2022: 0}
    assert table["CCC"].to_dict() == {2020: 0, 2021: 1, 2022: 1}


def test_type_shares_sum_to_one_and_theme_shares_count_each_theme(tiny):
    result = compare.build_comparison(tiny, everything(tiny), ("AAA", "BBB"))
    types = result.type_shares.set_index(["iso3", "event_type"])["share"]
    assert types[("AAA", "call")] == pytest.approx(1 / 3)
    assert types[("AAA", "visit")] == pytest.approx(1 / 3)
    assert types[("BBB", "call")] == pytest.approx(2 / 3)
    assert result.type_shares.groupby("iso3")["share"].sum().to_dict() == pytest.approx(
        {"AAA": 1.0, "BBB": 1.0}
    )
    themes = result.theme_shares.set_index(["iso3", "theme"])["events"].to_dict()
    assert themes == {
        ("AAA", "economy"): 2,
        ("AAA", "security"): 2,
        ("BBB", "economy"): 1,
        ("BBB", "security"): 2,
        ("BBB", "health"): 1,
    }


def test_counterparts_are_the_other_countries_on_its_events(tiny):
    result = compare.build_comparison(tiny, everything(tiny), ("AAA", "CCC"))
    by_country = {
        iso3: list(zip(rows["counterpart"], rows["events"], strict=True))
        for iso3, rows in result.counterparts.groupby("iso3", sort=False)
    }
    assert by_country == {"AAA": [("BBB", 2), ("CCC", 1)], "CCC": [("AAA", 1), ("BBB", 1)]}


def test_the_mask_narrows_every_figure(tiny):
    calls = tiny.events["event_type"].eq("call").to_numpy()
    result = compare.build_comparison(tiny, calls, ("AAA", "BBB"))
    assert result.totals.set_index("iso3")["events"].to_dict() == {"AAA": 1, "BBB": 2}
    assert set(result.type_shares["event_type"]) == {"call"}
    assert result.counterparts.set_index("iso3")["counterpart"].to_dict() == {
        "AAA": "BBB",
        "BBB": "AAA",
    }


def test_a_country_without_events_gives_zeros_not_an_error(tiny):
    result = compare.build_comparison(tiny, everything(tiny), ("AAA", "FRA"))
    totals = result.totals.set_index("iso3")
    assert totals.loc["FRA", "events"] == 0 and totals.loc["FRA", "japan_share"] == 0
    assert result.per_year[result.per_year["iso3"] == "FRA"]["events"].eq(0).all()
    assert "FRA" not in set(result.type_shares["iso3"]) | set(result.counterparts["iso3"])


VIEWS = [
    ViewState(),
    ViewState(event_types=("call", "visit")),
    ViewState(year_from=2022, japan_only=True),
    ViewState(themes=("security", "economy")),
]
COMPARED = [("KAZ", "UZB", "GEO"), ("BLR", "KGZ"), ("UZB", "KAZ", "KGZ", "TJK", "TKM", "RUS")]


def plain_figures(dataset, mask: np.ndarray, iso3: str) -> dict:
    """The figures of one country computed event by event, for comparison."""
    events = dataset.events[mask]
    mine = events[events["countries"].map(lambda codes: iso3 in codes)]
    others = Counter(code for codes in mine["countries"] for code in codes if code != iso3)
    return {
        "events": len(mine),
        "japan_events": int(mine["japan_involved"].sum()),
        "years": Counter(mine["year"]),
        "types": Counter(mine["event_type"]),
        "themes": Counter(theme for themes in mine["themes"] for theme in themes),
        "counterparts": others,
    }


def figure(frame: pd.DataFrame, iso3: str, column: str) -> dict:
    """{item: events} of one country in a long frame of the comparison, zero rows left out."""
    rows = frame[(frame["iso3"] == iso3) & (frame["events"] > 0)]
    return dict(zip(rows[column], rows["events"], strict=True))


@pytest.mark.parametrize("view", VIEWS, ids=str)
@pytest.mark.parametrize("countries", COMPARED, ids=",".join)
def test_shipped_data_matches_a_per_event_computation(shipped, view, countries):
    mask = query.filter_mask(shipped, view)
    result = compare.build_comparison(shipped, mask, countries)
    for iso3 in countries:
        plain = plain_figures(shipped, mask, iso3)
        total = result.totals.set_index("iso3").loc[iso3]
        assert total["events"] == plain["events"]
        assert total["japan_events"] == plain["japan_events"]
        assert figure(result.per_year, iso3, "year") == dict(plain["years"])
        assert figure(result.type_shares, iso3, "event_type") == dict(plain["types"])
        assert figure(result.theme_shares, iso3, "theme") == dict(plain["themes"])
        if plain["events"]:
            types = result.type_shares[result.type_shares["iso3"] == iso3]
            assert types["share"].sum() == pytest.approx(1.0)
        top = result.counterparts[result.counterparts["iso3"] == iso3]
        expected = sorted(plain["counterparts"].items(), key=lambda item: (-item[1], item[0]))
        found = list(zip(top["counterpart"], top["events"], strict=True))
        assert found == expected[: compare.TOP_COUNTERPARTS]
