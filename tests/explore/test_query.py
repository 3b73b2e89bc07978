"""Queries over the shipped dataset: what the map, the panels and the events table show.

Each vectorised query is checked against a plain per-event computation over ``data/``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from bluebook.dataset import load_dataset
from bluebook.explore import query
from bluebook.explore.view import ViewState
from tests.conftest import DATA_DIR

VIEWS = [
    ViewState(),
    ViewState(year_from=2004),
    ViewState(year_to=2020),
    ViewState(event_types=("call", "visit")),
    ViewState(year_from=2022, japan_only=True),
    ViewState(themes=("security", "economy"), levels=("summit", "ministerial")),
    ViewState(metric="japan", hide_unreviewed=True, year_to=2021),
    ViewState(event_types=("sanction",), themes=("health",)),
]


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA_DIR)


def expected_mask(dataset, view: ViewState) -> np.ndarray:
    # Open years default to those the volumes narrate: the year before the first volume's
    # year to the last volume's year (2021–2022 for the 2022 volume).
    volumes = dataset.sources["volume_year"].astype(int)
    first = view.year_from or min(volumes.min() - 1, view.year_to or 9999)
    last = view.year_to or max(volumes.max(), first)
    keep = []
    for event in dataset.events.itertuples():
        keep.append(
            first <= event.year <= last
            and (not view.event_types or event.event_type in view.event_types)
            and (not view.levels or event.level in view.levels)
            and (not view.sources or event.source_id in view.sources)
            and (not view.themes or bool(set(event.themes) & set(view.themes)))
            and (event.japan_involved or not (view.japan_only or view.metric == "japan"))
            and (event.reviewed or not view.hide_unreviewed)
        )
    return np.array(keep, dtype=bool)


@pytest.mark.parametrize("view", VIEWS, ids=str)
def test_filter_mask_keeps_exactly_the_matching_events(dataset, view):
    assert (query.filter_mask(dataset, view) == expected_mask(dataset, view)).all()


@pytest.mark.parametrize("view", VIEWS, ids=str)
def test_counts_per_country_largest_first(dataset, view):
    mask = expected_mask(dataset, view)
    expected = Counter(code for codes in dataset.events["countries"][mask] for code in codes)
    counts = query.count_by_country(dataset, mask)
    assert counts.to_dict() == dict(expected)
    ranked = sorted(expected, key=lambda code: (-expected[code], code))
    assert list(counts.index) == ranked


@pytest.mark.parametrize("view", VIEWS, ids=str)
def test_top_themes_by_country(dataset, view):
    mask = expected_mask(dataset, view)
    order = list(dataset.taxonomy.themes)
    per_country: dict[str, Counter] = {}
    for codes, themes in zip(
        dataset.events["countries"][mask], dataset.events["themes"][mask], strict=True
    ):
        for code in codes:
            per_country.setdefault(code, Counter()).update(themes)
    expected = {
        code: sorted(counter, key=lambda theme: (-counter[theme], order.index(theme)))[:3]
        for code, counter in sorted(per_country.items())
    }
    assert query.top_themes_by_country(dataset, mask) == expected


def test_country_mask_keeps_the_events_of_that_country(dataset):
    everything = np.ones(len(dataset.events), dtype=bool)
    uzbekistan = query.country_mask(dataset, everything, "UZB")
    assert uzbekistan.sum() == dataset.events["countries"].map(lambda c: "UZB" in c).sum() > 0
    assert query.country_mask(dataset, everything, "JPN").all()
    assert not query.country_mask(dataset, everything, "FRA").any()


def test_select_events_pages_newest_first(dataset):
    mask = query.filter_mask(dataset, ViewState())
    everything = query.select_events(dataset, mask)
    assert list(everything["date"]) == sorted(everything["date"], reverse=True)
    pages = [query.select_events(dataset, mask, start=start, limit=20) for start in (0, 20)]
    pages.append(query.select_events(dataset, mask, start=40))
    assert [len(page) for page in pages] == [20, 20, len(everything) - 40]
    stitched = [event_id for page in pages for event_id in page["event_id"]]
    assert stitched == list(everything["event_id"])
    same_date = everything[everything["date"] == everything["date"].iloc[0]]
    assert list(same_date.index) == sorted(same_date.index), "ties stay in file order"


@pytest.mark.parametrize(
    ("text", "found"),
    [("mirziyoyev", True), ("MIRZIYOYEV", True), ("uzb", True), ("no such words", False)],
)
def test_search_is_case_insensitive_over_text_and_codes(dataset, text, found):
    everything = np.ones(len(dataset.events), dtype=bool)
    hits = query.search_mask(dataset, everything, text)
    assert hits.any() == found
    for event in dataset.events[hits].itertuples():
        fields = [event.title, event.evidence, event.actors_japan, event.actors_partner]
        assert any(text.lower() in field.lower() for field in [*fields, *event.countries])


def test_search_respects_the_filters(dataset):
    calls = query.filter_mask(dataset, ViewState(event_types=("call",)))
    hits = query.search_mask(dataset, calls, "telephone")
    assert hits.any() and not (hits & ~calls).any()
