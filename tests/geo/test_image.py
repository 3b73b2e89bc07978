"""The map as an image (geo/image.py): valid PNG and SVG, the screen's classes, the outline.

The image of a view must show what the map page shows for that view: the same legend (labels
and colours, compared with the legend the page draws in AppTest) and the same fill per country
(compared with the folium layer's). The selected country's outline is found in the PNG's pixels.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from bluebook.explore.view import ViewState, parse_view
from geo import image
from geo.boundaries import load_units
from geo.choropleth import JAPAN_FILL, NO_DATA, NO_EVENTS, SELECTED_BORDER, Classes
from geo.view_layer import build_view_layer
from tests.conftest import ROOT
from tests.geo_fixtures import shipped_dataset as dataset
from tests.geo_fixtures import shipped_world as world

SVG = "{http://www.w3.org/2000/svg}"
TODAY = "2026-11-29"
VIEWS = {
    "all events": {},
    "security, visits and calls, 2021": {"from": "2021", "theme": "security", "type": "visit,call"},
    "Japan-involved colours": {"metric": "japan"},
    "Kazakhstan selected": {"country": "KAZ"},
    "Japan selected": {"country": "JPN"},
    "nothing matches": {"from": "2022", "to": "2022", "level": "summit", "type": "aid"},
}


@cache
def projected():
    return image.build_projected_world(world())


@cache
def names() -> dict[str, str]:
    units = load_units()
    return dict(zip(units["iso3"], units["name"], strict=True))


def view_of(params: dict[str, str]) -> ViewState:
    """The view the app parses from this query string."""
    from ui.shared import build_vocabulary

    parsed = parse_view(params, build_vocabulary(dataset()))
    assert not parsed.notices, parsed.notices
    return parsed.view


def map_image(view: ViewState) -> tuple[image.MapImage, object]:
    layer = build_view_layer(dataset(), view, world())
    spec = image.build_map_image(
        dataset(), view, layer, projected().countries.index, names(), TODAY
    )
    return spec, layer


@cache
def rendered(params: tuple[tuple[str, str], ...], image_format: str) -> bytes:
    spec, _ = map_image(view_of(dict(params)))
    return image.render_map_image(spec, projected(), image_format)


def svg_root(params: dict[str, str]) -> ElementTree.Element:
    return ElementTree.fromstring(rendered(tuple(params.items()), "svg"))


def group(root: ElementTree.Element, gid: str) -> ElementTree.Element | None:
    return next((node for node in root.iter(f"{SVG}g") if node.get("id") == gid), None)


def svg_legend(root: ElementTree.Element) -> list[tuple[str, str]]:
    """The (label, fill colour) pairs of the SVG's legend, in order."""
    entries = []
    for index in range(50):
        label = group(root, image.LEGEND_LABEL_ID.format(index=index))
        swatch = group(root, image.LEGEND_SWATCH_ID.format(index=index))
        if label is None:
            assert swatch is None
            break
        text = "".join(label.itertext()).strip()
        style = swatch.find(f"{SVG}path").get("style")
        entries.append((text, re.search(r"fill: (#[0-9a-f]{6})", style).group(1)))
    return entries


def svg_text(root: ElementTree.Element) -> str:
    return " ".join(" ".join(node.itertext()) for node in root.iter(f"{SVG}text"))


def screen_legend(params: dict[str, str]) -> tuple[str, list[str]]:
    """The legend the map page draws for this link: its title and its labels, in order."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    for item in at.main.markdown:
        found = re.match(r'<div style="font-size:0.85rem;">([^:<]+): (.*)</div>$', item.value)
        if found:
            return found.group(1), re.findall(r"</span>([^<]+)</span>", found.group(2))
    raise AssertionError("the map page drew no legend")


@pytest.mark.parametrize("params", VIEWS.values(), ids=VIEWS.keys())
def test_png_is_a_valid_image(params: dict[str, str]) -> None:
    data = rendered(tuple(params.items()), "png")
    with Image.open(io.BytesIO(data)) as picture:
        picture.verify()
    with Image.open(io.BytesIO(data)) as picture:
        assert picture.format == "PNG"
        width, height = (round(inches * image.DPI) for inches in image.FIGURE_INCHES)
        assert picture.size == (width, height)
        assert picture.info["Title"].startswith("Events") or "Japan" in picture.info["Title"]


@pytest.mark.parametrize("params", VIEWS.values(), ids=VIEWS.keys())
def test_svg_parses_and_its_legend_is_the_screens(params: dict[str, str]) -> None:
    root = svg_root(params)
    assert root.tag == f"{SVG}svg"
    spec, layer = map_image(view_of(params))
    assert svg_legend(root) == list(layer.legend) == list(spec.legend)
    assert layer.legend_title in svg_text(root)


@pytest.mark.parametrize(
    "params",
    [
        VIEWS["all events"],
        VIEWS["security, visits and calls, 2021"],
        VIEWS["Japan-involved colours"],
        VIEWS["Japan selected"],
    ],
)
def test_image_legend_equals_what_the_map_page_shows(params: dict[str, str]) -> None:
    title, labels = screen_legend(params)
    root = svg_root(params)
    assert [label for label, _ in svg_legend(root)] == labels
    assert title in svg_text(root)


def test_the_classes_differ_between_views_so_the_comparison_means_something() -> None:
    assert svg_legend(svg_root(VIEWS["all events"])) != svg_legend(
        svg_root(VIEWS["security, visits and calls, 2021"])
    )


@pytest.mark.parametrize("params", VIEWS.values(), ids=VIEWS.keys())
def test_every_country_is_filled_as_on_the_screen(params: dict[str, str]) -> None:
    spec, layer = map_image(view_of(params))
    geojson = next(iter(layer.layer._children.values()))
    screen = {feature["id"]: feature["properties"]["fill"] for feature in geojson.data["features"]}
    assert spec.fills == screen
    assert spec.fills["JPN"] == JAPAN_FILL


def test_svg_fills_use_only_the_legend_colours() -> None:
    root = svg_root(VIEWS["all events"])
    countries = group(root, image.COUNTRIES_ID)
    fills = {
        re.search(r"fill: (#[0-9a-f]{6})", path.get("style")).group(1)
        for path in countries.iter(f"{SVG}path")
    }
    legend_colours = {colour for _, colour in svg_legend(root)}
    assert fills <= legend_colours
    assert len(fills) >= 4


def test_title_states_the_filters_in_words() -> None:
    view = view_of({"from": "2021", "theme": "security", "type": "visit,call", "japan": "only"})
    spec, _ = map_image(view)
    assert spec.title == (
        "Events, 2021–2022, themes: Peace and security; types: Telephone or video call, Visit; "
        "Japan involved only"
    )
    japan_metric, _ = map_image(view_of({"metric": "japan", "country": "KAZ"}))
    assert japan_metric.title.startswith("Japan-involved events, ")
    assert japan_metric.title.endswith(" — Kazakhstan outlined")


def test_citation_and_boundary_note_are_in_the_image() -> None:
    text = re.sub(r"\s+", " ", svg_text(svg_root(VIEWS["Kazakhstan selected"])))
    assert "Diplomatic Bluebook 2022" in text
    assert "View: country=KAZ." in text
    assert "implies no position on the status of any territory" in text
    assert "Equal Earth" in text


def test_selected_country_is_outlined_in_the_svg() -> None:
    selected = group(svg_root(VIEWS["Kazakhstan selected"]), image.SELECTED_ID)
    assert selected is not None
    style = selected.find(f"{SVG}path").get("style")
    assert f"stroke: {SELECTED_BORDER}" in style
    assert group(svg_root(VIEWS["all events"]), image.SELECTED_ID) is None


def pixels(params: dict[str, str]) -> np.ndarray:
    with Image.open(io.BytesIO(rendered(tuple(params.items()), "png"))) as picture:
        return np.asarray(picture.convert("RGB")).astype(int)


def test_selected_country_is_outlined_in_the_png_around_that_country() -> None:
    spec, _ = map_image(view_of(VIEWS["Kazakhstan selected"]))
    figure = image.draw_map_figure(spec, projected())
    figure.draw_without_rendering()  # applies the equal aspect, as saving does
    axes = figure.axes[0]
    min_x, min_y, max_x, max_y = projected().countries.loc["KAZ"].bounds
    (left, bottom), (right, top) = axes.transData.transform([(min_x, min_y), (max_x, max_y)])
    height = figure.canvas.get_width_height()[1]
    margin = 4
    changed = np.any(pixels(VIEWS["Kazakhstan selected"]) != pixels(VIEWS["all events"]), axis=2)
    # Only the map: the title and the footer name the selected country too.
    map_top, map_bottom = height - int(axes.bbox.y1), height - int(axes.bbox.y0)
    changed[:map_top] = False
    changed[map_bottom:] = False
    rows, columns = np.nonzero(changed)
    assert len(rows) > 200
    assert columns.min() >= left - margin and columns.max() <= right + margin
    assert rows.min() >= height - top - margin and rows.max() <= height - bottom + margin
    darkest = pixels(VIEWS["Kazakhstan selected"])[rows, columns].sum(axis=1).min()
    assert darkest < 3 * 0x30  # the outline is near black


def test_japan_selected_draws_the_screens_flows_and_their_legend() -> None:
    spec, layer = map_image(view_of(VIEWS["Japan selected"]))
    assert layer.flows is not None and len(layer.flows.flows) >= 5
    assert [line.width for line in spec.lines] == [flow.width for flow in layer.flows.flows]
    root = svg_root(VIEWS["Japan selected"])
    lines = group(root, image.FLOWS_ID)
    assert lines is not None
    parts = sum(len(line.parts) for line in spec.lines)
    assert len(list(lines.iter(f"{SVG}path"))) == parts
    labels = [
        "".join(group(root, image.LINE_LEGEND_LABEL_ID.format(index=index)).itertext()).strip()
        for index in range(len(layer.flows.legend()))
    ]
    assert labels == [label for label, _ in layer.flows.legend()]
    assert "Lines from Tokyo" in svg_text(root)
    assert group(svg_root(VIEWS["Kazakhstan selected"]), image.FLOWS_ID) is None


def test_no_data_countries_are_grey() -> None:
    spec, _ = map_image(ViewState())
    assert spec.fills["BRA"] == NO_DATA.fill


def test_other_formats_are_refused() -> None:
    spec, _ = map_image(ViewState())
    with pytest.raises(ValueError, match="png, svg"):
        image.render_map_image(spec, projected(), "pdf")


def test_fills_follow_the_classes() -> None:
    counts = {"KAZ": 5, "UZB": 1}
    classes = Classes((1, 5), ("1", "2–5"), ("#000001", "#000005"))
    fills = image.build_fills(["KAZ", "UZB", "TKM", "JPN", "BRA"], counts, {"TKM"}, classes)
    assert fills == {
        "KAZ": "#000005",
        "UZB": "#000001",
        "TKM": NO_EVENTS.fill,
        "JPN": JAPAN_FILL,
        "BRA": NO_DATA.fill,
    }


NO_NETWORK_SCRIPT = """
import socket, sys
def refuse(*args, **kwargs):
    raise RuntimeError("network access attempted")
socket.socket.connect = refuse
socket.create_connection = refuse
sys.path.insert(0, {root!r})
import pyproj.network
assert not pyproj.network.is_network_enabled(), "PROJ network access is on"
from tests.geo.test_image import map_image, projected
from bluebook.explore.view import ViewState
from geo import image
spec, _ = map_image(ViewState(country="KAZ"))
for image_format in image.FORMATS:
    assert len(image.render_map_image(spec, projected(), image_format)) > 10_000
print("rendered offline")
"""


def test_rendering_needs_no_network_even_with_an_empty_font_cache(tmp_path: Path) -> None:
    environment = {**os.environ, "MPLCONFIGDIR": str(tmp_path / "matplotlib")}
    environment.pop("PROJ_NETWORK", None)
    finished = subprocess.run(
        [sys.executable, "-c", NO_NETWORK_SCRIPT.format(root=str(ROOT))],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    assert "rendered offline" in finished.stdout
    assert any((tmp_path / "matplotlib").glob("fontlist-*.json"))  # the cache was rebuilt


def test_the_page_builds_an_image_once_per_view_and_format() -> None:
    from ui.cache import _map_image, get_map_image

    _map_image.clear()
    calls: list[str] = []

    def builder(name: str):
        return lambda: calls.append(name) or name.encode()

    kazakhstan = ViewState(country="KAZ", themes=("security",), search="Tokayev")
    assert get_map_image(kazakhstan, "png", builder("first")) == b"first"
    # The search text is not on the map: the same image serves it.
    assert get_map_image(ViewState(country="KAZ", themes=("security",)), "png", builder("x")) == (
        b"first"
    )
    assert get_map_image(ViewState(country="UZB"), "png", builder("uzbekistan")) == b"uzbekistan"
    assert get_map_image(kazakhstan, "svg", builder("svg")) == b"svg"
    assert calls == ["first", "uzbekistan", "svg"]
