"""The cached map component sends what ``st_folium`` would send (the page looks the same)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
import streamlit_folium

from bluebook.dataset import load_dataset
from bluebook.explore.view import ViewState
from geo.choropleth import build_base_map
from geo.selection import RETURNED_OBJECTS
from geo.view_layer import build_view_layer
from tests.geo_fixtures import real_world
from ui import map_component

DATA = Path(__file__).resolve().parents[2] / "data"
VIEWS = (
    ViewState(),
    ViewState(year_from=2021, country="KAZ"),
    ViewState(japan_only=True, metric="japan", country="JPN"),
)


@pytest.fixture
def recorded(monkeypatch):
    """Every call of streamlit-folium's component: its keyword arguments."""
    calls: list[dict] = []
    monkeypatch.setattr(
        streamlit_folium, "_component_func", lambda **arguments: calls.append(arguments)
    )
    return calls


@pytest.mark.parametrize("view", VIEWS, ids=["all", "kaz-2021", "japan"])
def test_the_component_gets_the_arguments_st_folium_gives_it(recorded, view):
    dataset = load_dataset(DATA)
    world = real_world()
    streamlit_folium.st_folium(
        build_base_map(),
        key="world_map",
        feature_group_to_add=build_view_layer(dataset, view, world).layer,
        returned_objects=list(RETURNED_OBJECTS),
        height=520,
        use_container_width=True,
    )
    layer_script = map_component.build_feature_group_script(
        [build_view_layer(dataset, view, world).layer]
    )
    map_component.folium_map_ui(
        map_component.build_base_map_parts(build_base_map()),
        layer_script,
        key="world_map",
        returned_objects=list(RETURNED_OBJECTS),
        height=520,
    )
    reference, ours = recorded
    assert ours.pop("default") == {
        "last_active_drawing": None,
        "last_object_clicked_count": 0,
        "last_clicked": None,
    }
    assert reference.pop("default") == dict.fromkeys(RETURNED_OBJECTS)
    reference.pop("on_change")
    ours.pop("on_change")
    assert ours.pop("id").startswith("map_") and reference.pop("id").startswith("map_")
    assert ours == reference
    assert ours["feature_group"].count('"iso3"') == len(world["features"])


def test_the_default_is_the_front_end_first_value_in_its_key_order():
    # streamlit-folium's front end compares JSON strings: same keys, same order, same values.
    first = {"last_clicked": None, "last_object_clicked_count": 0, "last_active_drawing": None}
    assert list(map_component.FIRST_MAP_VALUE.items()) == list(first.items())


def test_a_dataset_token_names_one_object_only():
    first, second = object.__new__(_Weak), object.__new__(_Weak)
    token = map_component.dataset_token(first)
    assert map_component.dataset_token(first) == token
    assert map_component.dataset_token(second) != token
    address = id(first)
    del first
    gc.collect()
    reused = [object.__new__(_Weak) for _ in range(200)]
    again = [item for item in reused if id(item) == address]
    for item in again:
        assert map_component.dataset_token(item) != token


class _Weak:
    """Stands for a Dataset: any object that can be weakly referenced."""
