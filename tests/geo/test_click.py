"""Which country a click on the map selects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import pytest

from geo.click import selected_country_from_click

KNOWN = {"FRA", "JPN", "KAZ", "XKX"}


def _clicked(feature):
    return {"last_active_drawing": feature, "last_object_clicked": {"lat": 1.0, "lng": 2.0}}


class ExplodingMapping(Mapping):
    """A mapping whose every lookup fails."""

    def __getitem__(self, key):
        raise RuntimeError("boom")

    def __iter__(self) -> Iterator:
        raise RuntimeError("boom")

    def __len__(self) -> int:
        return 1


@pytest.mark.parametrize(
    ("returned", "expected"),
    [
        (_clicked({"type": "Feature", "id": "KAZ", "properties": {"iso3": "KAZ"}}), "KAZ"),
        (_clicked({"id": "JPN", "properties": {}}), "JPN"),
        (_clicked({"properties": {"iso3": "FRA"}}), "FRA"),
        (_clicked({"id": "FRA", "properties": None}), "FRA"),
        (_clicked({"properties": {"iso3": " xkx "}}), "XKX"),
        (_clicked({"id": "JPN", "properties": {"iso3": "ZZZ"}}), "JPN"),
        (_clicked({"id": "ZZZ", "properties": {"iso3": "KAZ"}}), "KAZ"),
    ],
)
def test_click_on_a_country_selects_it(returned, expected):
    assert selected_country_from_click(returned, KNOWN) == expected


@pytest.mark.parametrize(
    "returned",
    [
        None,
        {},
        "KAZ",
        ["KAZ"],
        42,
        {"last_active_drawing": None},
        {"last_active_drawing": "KAZ"},
        {"last_active_drawing": []},
        {"last_object_clicked": {"lat": 43.2, "lng": 76.9}},
        {"last_object_clicked_tooltip": "Kazakhstan"},
        _clicked({"id": "ZZZ", "properties": {"iso3": "ZZZ"}}),
        _clicked({"id": 392, "properties": {"iso3": 392}}),
        _clicked({"id": None, "properties": {"iso3": ["KAZ"]}}),
        _clicked({"id": "KA", "properties": {"iso3": "KAZA"}}),
        _clicked({"id": "", "properties": "KAZ"}),
        _clicked({"id": "K\u00c4Z"}),
        _clicked({"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}}),
        _clicked(ExplodingMapping()),
        {"last_active_drawing": {"properties": ExplodingMapping(), "id": "ZZZ"}},
        ExplodingMapping(),
    ],
)
def test_missing_or_garbage_click_selects_nothing(returned):
    assert selected_country_from_click(returned, KNOWN) is None


def test_a_code_is_selected_only_if_known():
    returned = _clicked({"id": "KAZ", "properties": {"iso3": "KAZ"}})
    assert selected_country_from_click(returned, set()) is None
    assert selected_country_from_click(returned, {"KAZ"}) == "KAZ"
