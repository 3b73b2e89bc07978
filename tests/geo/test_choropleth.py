"""Classes, legend, the offline base map and the coloured choropleth layer."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

import folium
import numpy as np
import pytest

from geo import choropleth
from geo.choropleth import NO_DATA, NO_EVENTS, Classes, classify, legend_entries
from tests.geo_fixtures import real_world

XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def world():
    return real_world()


@pytest.mark.parametrize(
    ("counts", "bounds", "labels"),
    [
        ({}, (), ()),
        ({"JPN": 0, "FRA": 0}, (), ()),
        ({"FRA": 4}, (4,), ("1–4",)),
        ({"FRA": 1}, (1,), ("1",)),
        ({"FRA": 3, "DEU": 3, "ITA": 0}, (3,), ("1–3",)),
        ({"FRA": 1, "DEU": 2, "ITA": 5}, (1, 2, 5), ("1", "2", "3–5")),
        ({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}, (1, 2, 3, 4, 5), ("1", "2", "3", "4", "5")),
    ],
)
def test_classes_for_few_distinct_counts(counts, bounds, labels):
    classes = classify(counts)
    assert classes.upper_bounds == bounds
    assert classes.labels == labels
    assert len(classes.colours) == len(bounds)


@pytest.mark.parametrize("k", [1, 3, 5, 7])
def test_classes_for_many_counts_partition_all_positive_counts(k):
    counts = {f"C{index:02d}": value for index, value in enumerate([*range(1, 40), 80, 150, 400])}
    classes = classify(counts, k=k)
    assert len(classes.upper_bounds) == k
    assert list(classes.upper_bounds) == sorted(set(classes.upper_bounds))
    assert classes.upper_bounds[-1] == 400
    assert classes.labels[0].startswith("1")
    assert {classes.index_of(value) for value in counts.values()} == set(range(k))


def test_class_index_of_zero_is_none_and_large_counts_fall_in_the_last_class():
    classes = classify({"A": 1, "B": 5, "C": 9})
    assert classes.index_of(0) is None
    assert [classes.index_of(count) for count in (1, 2, 5, 6, 9, 1000)] == [0, 1, 1, 2, 2, 2]
    assert classes.colour_of(0) == NO_EVENTS.fill
    assert classes.colour_of(9) == classes.colours[-1]


def test_empty_classes_colour_everything_as_no_events():
    classes = classify({})
    assert classes.index_of(5) is None
    assert classes.colour_of(5) == NO_EVENTS.fill


@pytest.mark.parametrize(("counts", "k"), [({"A": -1}, 5), ({"A": 1}, 0), ({"A": 1}, 8)])
def test_classify_refuses_bad_input(counts, k):
    with pytest.raises(ValueError):
        classify(counts, k=k)


def test_classes_accept_numpy_counts():
    classes = classify({"A": np.int64(3), "B": np.int64(7)})
    assert classes.upper_bounds == (3, 7)


@pytest.mark.parametrize("size", sorted(choropleth.PALETTES))
def test_palette_classes_are_distinct_from_no_events_and_no_data(size):
    palette = choropleth.PALETTES[size]
    assert len(palette) == size == len(set(palette))
    assert NO_EVENTS.fill not in palette
    assert NO_DATA.fill not in palette
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colour) for colour in palette)


@pytest.mark.parametrize(("include_no_data", "tail"), [(True, 2), (False, 1)])
def test_legend_lists_classes_then_no_events_then_no_data(include_no_data, tail):
    classes = classify({"A": 1, "B": 2, "C": 10})
    entries = legend_entries(classes, include_no_data=include_no_data)
    assert entries[:3] == list(zip(classes.labels, classes.colours, strict=True))
    assert entries[3] == (choropleth.LEGEND_NO_EVENTS, NO_EVENTS.fill)
    assert len(entries) == 3 + tail


def _external_resources(page: str) -> list[str]:
    tags = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=[\"']([^\"']+)", page)
    return [url for url in tags if url.startswith(("http:", "https:", "//"))]


def test_base_map_loads_nothing_from_a_cdn():
    page = choropleth.build_base_map().get_root().render()
    assert _external_resources(page) == []
    assert '<script src="/app/static/leaflet.js">' in page
    assert '<link rel="stylesheet" href="/app/static/leaflet.css"/>' in page
    assert "tileLayer" not in page


@pytest.mark.parametrize("prefix", ["atlas", "/atlas", "/atlas/"])
def test_base_map_follows_the_base_url_path(prefix):
    world_map = choropleth.build_base_map(static_url_prefix=prefix)
    assert world_map.default_js == [("leaflet", "/atlas/app/static/leaflet.js")]
    assert world_map.default_css == [("leaflet_css", "/atlas/app/static/leaflet.css")]


def test_base_map_leaves_folium_defaults_alone():
    before = list(folium.Map.default_js)
    choropleth.build_base_map()
    assert folium.Map.default_js == before
    assert folium.Map().default_js[0][1].startswith("https://")


def _map_script(world_map: folium.Map) -> str:
    page = world_map.get_root().render()
    return page.replace(world_map.get_name(), "map")


def test_base_map_script_is_identical_between_reruns():
    assert _map_script(choropleth.build_base_map()) == _map_script(choropleth.build_base_map())


def test_base_map_has_a_plain_sea_colour():
    page = choropleth.build_base_map().get_root().render()
    assert f"background:{choropleth.SEA_COLOUR}" in page


def test_optional_tiles_are_added_only_when_asked():
    page = choropleth.build_base_map(tiles_url="/tiles/{z}/{x}/{y}.png").get_root().render()
    assert "/tiles/{z}/{x}/{y}.png" in page


def _layer(world, counts=None, covered=None, rows=None, selected=None, classes=None):
    counts = {"KAZ": 12, "UZB": 3, "KGZ": 0} if counts is None else counts
    covered = set(counts) if covered is None else covered
    classes = classify(counts) if classes is None else classes
    return choropleth.build_choropleth_layer(world, counts, covered, classes, rows or {}, selected)


def _geojson(group: folium.FeatureGroup) -> folium.GeoJson:
    (layer,) = [child for child in group._children.values() if isinstance(child, folium.GeoJson)]
    return layer


def _features(group: folium.FeatureGroup) -> dict[str, dict]:
    return {feature["id"]: feature for feature in _geojson(group).data["features"]}


def _render(world, group: folium.FeatureGroup) -> str:
    world_map = choropleth.build_base_map()
    group.add_to(world_map)
    return world_map.get_root().render()


def test_layer_does_not_modify_the_cached_world(world):
    before = copy.deepcopy(world)
    _render(world, _layer(world, selected="KAZ", rows={"KAZ": {"top_themes": ["energy"]}}))
    assert world == before


def test_layer_keeps_every_country(world):
    assert set(_features(_layer(world))) == {feature["id"] for feature in world["features"]}


def test_layer_colours_events_no_events_and_no_data_apart(world):
    counts = {"KAZ": 12, "UZB": 3, "KGZ": 0, "TJK": 2}
    classes = classify(counts)
    features = _features(_layer(world, counts=counts, covered={"KAZ", "UZB", "KGZ"}))
    assert features["KAZ"]["properties"]["fill"] == classes.colour_of(12)
    assert features["KGZ"]["properties"]["fill"] == NO_EVENTS.fill
    assert features["KGZ"]["properties"]["count_label"] == "no events"
    assert features["FRA"]["properties"]["fill"] == NO_DATA.fill
    assert features["FRA"]["properties"]["count_label"] == "not in the loaded sources"
    assert features["FRA"]["properties"]["count"] is None
    # a positive count is coverage enough
    assert features["TJK"]["properties"]["fill"] == classes.colour_of(2)
    assert features["TJK"]["properties"]["count_label"] == "2 events"


@pytest.mark.parametrize(("count", "label"), [(0, "no events"), (1, "1 event"), (12, "12 events")])
def test_count_labels(count, label):
    assert choropleth.count_label(count) == label


def test_selected_country_is_outlined_and_drawn_last(world):
    group = _layer(world, selected="KAZ")
    layer = _geojson(group)
    features = layer.data["features"]
    assert features[-1]["id"] == "KAZ"
    selected_style = layer.style_function(features[-1])
    other_style = layer.style_function(_features(group)["UZB"])
    assert selected_style["weight"] == choropleth.SELECTED_WEIGHT > other_style["weight"]
    assert selected_style["color"] == choropleth.SELECTED_BORDER
    page = _render(world, group)
    assert re.search(r'case "KAZ":\s*return \{[^}]*"weight": 3\.0', page)


def test_no_selection_outlines_nothing(world):
    layer = _geojson(_layer(world, selected=None))
    weights = {layer.style_function(feature)["weight"] for feature in layer.data["features"]}
    assert choropleth.SELECTED_WEIGHT not in weights


def test_no_data_countries_have_a_different_border():
    no_data = choropleth.area_style_dict(NO_DATA.fill)
    no_events = choropleth.area_style_dict(NO_EVENTS.fill)
    assert no_data["color"] != no_events["color"]
    assert no_data.get("dashArray") and not no_events.get("dashArray")


@pytest.mark.parametrize(
    "row",
    [
        {"top_themes": [XSS, "security"]},
        {"top_themes": XSS},
        {"name": XSS},
        {"count_label": XSS},
    ],
)
def test_tooltip_values_are_html_escaped(world, row):
    group = _layer(world, rows={"KAZ": row})
    properties = _features(group)["KAZ"]["properties"]
    shown = [properties[field] for field in choropleth.TOOLTIP_FIELDS]
    assert any("&lt;img src=x onerror=alert(1)&gt;" in value for value in shown)
    assert not any("<" in value for value in shown)
    assert "<img" not in _render(world, group)


def test_tooltip_shows_name_events_and_top_themes(world):
    group = _layer(world, rows={"KAZ": {"top_themes": ["energy", "security"]}})
    properties = _features(group)["KAZ"]["properties"]
    assert (properties["name"], properties["count_label"], properties["top_themes"]) == (
        "Kazakhstan",
        "12 events",
        "energy, security",
    )
    page = _render(world, group)
    assert 'let fields = ["name", "count_label", "top_themes"];' in page


def test_full_map_with_layer_loads_nothing_external_and_has_no_popup_or_colormap(world):
    page = _render(world, _layer(world, selected="UZB"))
    assert _external_resources(page) == []
    assert "d3." not in page  # a branca colormap draws its legend with d3
    assert "bindPopup" not in page
    assert "$.ajax" not in page


def test_layer_accepts_numpy_counts(world):
    counts = {"KAZ": np.int64(4), "UZB": np.int64(1)}
    page = _render(world, _layer(world, counts=counts))
    assert '"count": 4' in page


def test_layer_with_empty_classes_renders(world):
    page = _render(world, _layer(world, counts={}, covered={"KAZ"}, classes=Classes((), (), ())))
    assert "no events" in page


def test_geo_package_never_imports_streamlit():
    code = (
        "import sys, geo.boundaries, geo.choropleth, geo.click, geo.coverage, geo.offline\n"
        "sys.exit('streamlit' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode()
