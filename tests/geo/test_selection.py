"""Map clicks become selection changes only when something new was clicked."""

from __future__ import annotations

import pytest

from geo.selection import ClickMemory, SelectionChange, memory_of, resolve_click

KNOWN = {"UZB", "KAZ", "JPN"}


def country_click(iso3: str, count: int, lat: float = 41.0) -> dict:
    return {
        "last_active_drawing": {"type": "Feature", "id": iso3, "properties": {"iso3": iso3}},
        "last_object_clicked_count": count,
        "last_clicked": {"lat": lat, "lng": 64.0},
    }


def sea_click(previous: dict, lat: float) -> dict:
    return {**previous, "last_clicked": {"lat": lat, "lng": -30.0}}


@pytest.mark.parametrize(
    ("returned", "previous", "expected"),
    [
        (country_click("UZB", 1), None, SelectionChange("none")),
        (country_click("UZB", 1), ClickMemory(0, None), SelectionChange("select", "UZB")),
        (
            country_click("UZB", 2),
            memory_of(country_click("KAZ", 1)),
            SelectionChange("select", "UZB"),
        ),
        (
            country_click("UZB", 2),
            memory_of(country_click("UZB", 1)),
            SelectionChange("select", "UZB"),
        ),
        (country_click("UZB", 1), memory_of(country_click("UZB", 1)), SelectionChange("none")),
        (
            sea_click(country_click("UZB", 1), 0.0),
            memory_of(country_click("UZB", 1)),
            SelectionChange("clear"),
        ),
        (country_click("XXX", 3), ClickMemory(2, None), SelectionChange("none")),
        (None, ClickMemory(1, None), SelectionChange("none")),
        (
            {"last_object_clicked_count": "x", "last_clicked": object()},
            ClickMemory(None, None),
            SelectionChange("select", None),
        ),
    ],
)
def test_resolve_click(returned, previous, expected):
    change = resolve_click(returned, previous, KNOWN)
    if expected.action == "select" and expected.iso3 is None:
        # garbage with a changed counter selects nothing
        assert change == SelectionChange("none")
    else:
        assert change == expected


def test_clear_after_select_is_not_undone_by_the_leftover_feature():
    first = country_click("UZB", 1)
    assert resolve_click(first, ClickMemory(0, None), KNOWN).action == "select"
    # the user pressed "clear"; the map still returns the same feature on the next run
    assert resolve_click(first, memory_of(first), KNOWN).action == "none"
