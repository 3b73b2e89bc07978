"""Japan's ties as flows (geo/flows.py): counts, width classes, arcs, tooltips and the budget."""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import pytest

from bench.map_payload import japan_flows_layer, layer_script
from bluebook.explore import query
from bluebook.explore.view import ViewState
from geo import flows
from geo.choropleth import build_base_map, classify
from geo.click import selected_country_from_click
from geo.view_layer import build_view_layer, counting_view
from tests.geo_fixtures import shipped_dataset as dataset
from tests.geo_fixtures import shipped_world as world

PAYLOAD_BUDGET_KB = 500
SEOUL = (37.57, 126.98)
LONDON = (51.51, -0.13)
WASHINGTON = (38.9, -77.04)


def geojson_of(group: folium.FeatureGroup) -> folium.GeoJson:
    return next(
        child
        for child in group._children.values()
        if isinstance(child, folium.GeoJson) and child.layer_name == flows.LAYER_NAME
    )


def lines(group: folium.FeatureGroup) -> list[dict]:
    return geojson_of(group).data["features"]


@pytest.mark.parametrize("year", [None, 2021])
def test_ties_count_japan_involved_events_per_partner(year) -> None:
    data = dataset()
    mask = query.filter_mask(data, ViewState(year_from=year, year_to=year))
    ties = flows.count_japan_ties(data, mask)
    partners = query.partners_of_japan(data, mask)
    assert {code: count for code, (count, _) in ties.items()} == partners.to_dict()
    assert len(ties) > 3


def test_top_types_are_the_most_frequent_types_with_each_partner() -> None:
    data = dataset()
    mask = np.ones(len(data.events), dtype=bool)
    ties = flows.count_japan_ties(data, mask, limit=2)
    events = data.events[data.events["japan_involved"]]
    for code, (count, types) in ties.items():
        with_partner = events[events["countries"].map(lambda codes, code=code: code in codes)]
        frequency = with_partner["event_type"].astype(str).value_counts()
        assert len(with_partner) == count
        assert len(types) == min(2, len(frequency))
        assert [frequency[kind] for kind in types] == sorted(frequency.to_numpy())[::-1][:2]


def test_widths_are_classes_and_never_thinner_for_more_events() -> None:
    ties = {f"C{index:02d}": (count, ("visit",)) for index, count in enumerate(range(1, 60, 2))}
    result = flows.build_flows(ties, {}, {"visit": "Visit"})
    assert len({flow.width for flow in result.flows}) == 4
    by_count = sorted(result.flows, key=lambda flow: flow.count)
    assert [flow.width for flow in by_count] == sorted(flow.width for flow in by_count)
    counts = {code: count for code, (count, _) in ties.items()}
    assert [label for label, _ in result.legend()] == list(classify(counts, k=4).labels)
    assert [width for _, width in result.legend()] == list(flows.WIDTHS[4])


def test_flows_are_widest_first_named_and_labelled() -> None:
    ties = {"KAZ": (3, ("visit", "call")), "UZB": (9, ("custom",)), "TKM": (0, ())}
    result = flows.build_flows(
        ties, {"KAZ": "Kazakhstan"}, {"visit": "Visit", "call": "Telephone or video call"}
    )
    assert [flow.iso3 for flow in result.flows] == ["UZB", "KAZ"]
    assert result.flows[1].name == "Kazakhstan"
    assert result.flows[1].top_types == ("Visit", "Telephone or video call")
    assert result.flows[0].name == "UZB" and result.flows[0].top_types == ("custom",)
    assert result.flows[0].width > result.flows[1].width


def test_no_ties_give_no_flows_and_an_empty_legend() -> None:
    result = flows.build_flows({}, {}, {})
    assert result.flows == () and result.legend() == []


@pytest.mark.parametrize("k", [0, 5])
def test_width_classes_refuse_bad_k(k) -> None:
    with pytest.raises(ValueError, match="k must be"):
        flows.build_flows({"KAZ": (1, ())}, {}, {}, k=k)


def test_a_short_arc_is_one_line_from_start_to_end() -> None:
    (part,) = flows.arc_parts(flows.TOKYO, SEOUL)
    assert part[0] == [139.7, 35.7] and part[-1] == [127.0, 37.6]
    assert 10 < flows.arc_degrees(flows.TOKYO, SEOUL) < 11
    assert len(part) == 4  # a point every 5 degrees of arc, ends included


def test_an_arc_follows_the_great_circle() -> None:
    (part,) = flows.arc_parts(flows.TOKYO, LONDON)
    # Tokyo-London crosses Siberia: the great circle reaches far north of both ends.
    assert max(latitude for _, latitude in part) > 65
    assert len(part) >= 16


def test_an_arc_across_the_pacific_is_split_at_the_180th_meridian() -> None:
    first, second = flows.arc_parts(flows.TOKYO, WASHINGTON)
    assert first[0] == [139.7, 35.7] and second[-1] == [-77.0, 38.9]
    assert first[-1][0] == 180.0 and second[0][0] == -180.0
    assert first[-1][1] == second[0][1] > 45  # over the North Pacific
    for longitude, latitude in first + second:
        assert -180 <= longitude <= 180 and -90 <= latitude <= 90


def test_many_long_lines_share_the_point_budget() -> None:
    assert flows.arc_spacing([60.0] * 9) == flows.MIN_DEGREES_PER_POINT
    angles = [90.0] * 200
    spacing = flows.arc_spacing(angles)
    assert spacing > flows.MIN_DEGREES_PER_POINT
    end = (0.0, flows.TOKYO[1] - 90.0)
    points = sum(len(part) for part in flows.arc_parts((0.0, flows.TOKYO[1]), end, spacing))
    assert points * len(angles) <= flows.POINT_BUDGET + 2 * len(angles)


def test_anchor_points_lie_inside_their_countries() -> None:
    anchors = flows.load_anchor_points()
    assert len(anchors) == 250
    latitude, longitude = anchors["USA"]
    assert 25 < latitude < 50 and -125 < longitude < -65  # the contiguous states, not Alaska
    assert set(anchors) >= set(query.covered_countries(dataset()))


def test_layer_draws_one_line_per_partner_with_its_width_and_tooltip() -> None:
    ties = {"KAZ": (12, ("visit",)), "UZB": (1, ("call",)), "ATA": (5, ())}
    result = flows.build_flows(ties, {"KAZ": "Kazakhstan <b>"}, {"visit": "Visit & talks"})
    group = folium.FeatureGroup(name="test")
    anchors = {code: point for code, point in flows.load_anchor_points().items() if code != "ATA"}
    assert flows.add_flow_layer(group, result, anchors) == 2
    features = {feature["id"]: feature for feature in lines(group)}
    assert set(features) == {"to-KAZ", "to-UZB"}
    assert features["to-KAZ"]["properties"] == {
        "name": "Kazakhstan &lt;b&gt;",
        "events": "12",
        "types": "Visit &amp; talks",
    }
    script = layer_script(group, build_base_map())
    widths = {flow.iso3: flow.width for flow in result.flows}
    for code in ("KAZ", "UZB"):
        style = re.search(rf'case "to-{code}":[^{{]*(\{{[^}}]*\}})', script)
        if style is None:  # the most common style is the switch's default
            style = re.search(r"default:\s*return (\{[^}]*\})", script)
        assert json.loads(style.group(1))["weight"] == widths[code]
    assert f'"className": "{flows.LINE_CLASS}"' in script
    assert "Tokyo" in script


def test_a_click_on_a_line_selects_no_country() -> None:
    group = folium.FeatureGroup(name="test")
    flows.add_flow_layer(
        group, flows.build_flows({"KAZ": (1, ())}, {}, {}), flows.load_anchor_points()
    )
    clicked = {"last_active_drawing": lines(group)[0]}
    assert selected_country_from_click(clicked, {"KAZ", "JPN"}) is None


def test_japan_selected_colours_partners_by_japan_involved_events_and_draws_flows() -> None:
    data = dataset()
    layer = build_view_layer(data, ViewState(country="JPN"), world())
    mask = query.filter_mask(data, ViewState())
    assert layer.counts.to_dict() == query.partners_of_japan(data, mask).to_dict()
    assert layer.legend_title == "Japan-involved events"
    assert layer.flows is not None
    assert {flow.iso3 for flow in layer.flows.flows} == set(layer.counts.index)
    assert len(lines(layer.layer)) == len(layer.counts)
    assert counting_view(ViewState(country="JPN")).metric == "japan"


def test_other_selections_draw_no_flows() -> None:
    layer = build_view_layer(dataset(), ViewState(country="KAZ"), world())
    assert layer.flows is None and layer.legend_title == "Events"
    assert not any(
        isinstance(child, folium.GeoJson) and child.layer_name == flows.LAYER_NAME
        for child in layer.layer._children.values()
    )


@pytest.mark.parametrize("partners", [150, 200])
def test_japan_with_many_partners_stays_within_the_map_budget(partners: int) -> None:
    group = japan_flows_layer(world(), partners)
    assert len(lines(group)) == partners
    script = layer_script(group, build_base_map())
    assert len(script.encode("utf-8")) / 1000 <= PAYLOAD_BUDGET_KB


def test_japan_selected_with_no_japan_involved_events_draws_no_lines() -> None:
    data = dataset()
    view = ViewState(country="JPN", event_types=("election",))
    assert query.filter_mask(data, counting_view(view)).sum() == 0
    layer = build_view_layer(data, view, world())
    assert layer.flows is not None and layer.flows.flows == ()
    assert not any(
        isinstance(child, folium.GeoJson) and child.layer_name == flows.LAYER_NAME
        for child in layer.layer._children.values()
    )
