"""The world choropleth: classes, palette, the offline base map and the per-view layer.

The map is split the way streamlit-folium wants it: ``build_base_map`` gives a ``folium.Map``
whose JavaScript is the same on every rerun (so the component never remounts), and
``build_choropleth_layer`` gives the part that changes with the view, a ``folium.FeatureGroup``
for ``st_folium(..., feature_group_to_add=...)``. Colours are computed in Python; no branca
colormap is used (it would load d3 from a CDN) and the legend is drawn by the app from
``legend_entries``.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import folium
import numpy as np
from branca.element import MacroElement
from jinja2 import Template

from geo.offline import leaflet_urls

# ColorBrewer YlGnBu (colour-blind safe, sequential) without its palest shades, so that the
# lowest class stays distinct from the off-white "no events" fill.
PALETTES: dict[int, tuple[str, ...]] = {
    1: ("#2c7fb8",),
    2: ("#7fcdbb", "#2c7fb8"),
    3: ("#a1dab4", "#41b6c4", "#225ea8"),
    4: ("#a1dab4", "#41b6c4", "#2c7fb8", "#253494"),
    5: ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
    6: ("#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"),
    7: ("#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"),
}
MAX_CLASSES = max(PALETTES)


@dataclass(frozen=True)
class AreaStyle:
    """How a country is drawn: fill and border colours, border width and dash pattern."""

    fill: str
    border: str
    weight: float
    dash_array: str | None = None


SEA_COLOUR = "#dfe9f1"
BORDER_COLOUR = "#5f6b73"
NO_EVENTS = AreaStyle(fill="#fbfaf3", border=BORDER_COLOUR, weight=0.6)
"""Covered by the dataset, but no events under the current filters."""
NO_DATA = AreaStyle(fill="#d6d6d6", border="#a3a3a3", weight=0.5, dash_array="2 3")
"""Not covered by any source document: neutral grey, lighter dashed border."""
SELECTED_BORDER = "#111111"
SELECTED_WEIGHT = 3.0
HOVER_BORDER = "#222222"
HOVER_WEIGHT = 2.0
JAPAN_FILL = "#e34a33"
JAPAN_LABEL = "Japan"
NO_EVENTS_LABEL = "no events"
NO_DATA_LABEL = "not in the loaded sources"
"""Tooltip of a country no loaded source reports on."""
LEGEND_NO_EVENTS = "covered, no events under the filters"
LEGEND_NO_DATA = "not covered by the loaded sources"

TOOLTIP_FIELDS = ("name", "count_label", "top_themes")
TOOLTIP_ALIASES = ("Country", "Events", "Top themes")
LAYER_NAME = "countries"
WORLD_CENTER = (35.0, 80.0)
"""Centred between the Americas and Japan at the default zoom."""
WORLD_ZOOM = 2


@dataclass(frozen=True)
class Classes:
    """Bins for positive event counts; zero is not a class (it is ``NO_EVENTS``).

    ``upper_bounds[i]`` is the largest count of class ``i``; class ``i`` starts at
    ``upper_bounds[i - 1] + 1`` (class 0 at 1). ``labels`` and ``colours`` have one entry
    per class; all three are empty when no country has events.
    """

    upper_bounds: tuple[int, ...]
    labels: tuple[str, ...]
    colours: tuple[str, ...]

    def index_of(self, count: int) -> int | None:
        """Return the class index of a count, or None for zero (or no classes at all).

        Counts above the last bound fall in the last class.
        """
        if count <= 0 or not self.upper_bounds:
            return None
        return min(bisect_left(self.upper_bounds, count), len(self.upper_bounds) - 1)

    def colour_of(self, count: int) -> str:
        """Return the fill colour of a covered country with this many events."""
        index = self.index_of(count)
        return NO_EVENTS.fill if index is None else self.colours[index]


def classify(counts: Mapping[str, int], k: int = 5) -> Classes:
    """Split the positive event counts into at most ``k`` classes (Fisher-Jenks breaks).

    In: event counts per ISO3 code (zeros are ignored: they are "no events"), the wanted
    number of classes (1 to 7). Out: ``Classes``. With fewer distinct positive counts than
    ``k``, each distinct count is a class of its own; with none, the classes are empty.
    Raises ``ValueError`` for a negative count or ``k`` outside 1..7.
    """
    if not 1 <= k <= MAX_CLASSES:
        raise ValueError(f"k must be from 1 to {MAX_CLASSES}, got {k}")
    negative = sorted(code for code, count in counts.items() if count < 0)
    if negative:
        raise ValueError(f"negative event counts for {', '.join(negative)}")
    positive = tuple(sorted(int(count) for count in counts.values() if count > 0))
    bounds = _upper_bounds(positive, k)
    return Classes(
        upper_bounds=bounds,
        labels=_labels(bounds),
        colours=PALETTES[len(bounds)] if bounds else (),
    )


@lru_cache(maxsize=64)
def _upper_bounds(values: tuple[int, ...], k: int) -> tuple[int, ...]:
    distinct = sorted(set(values))
    if len(distinct) <= k:
        return tuple(distinct)
    breaks = fisher_jenks_breaks(np.sort(np.asarray(values, dtype=np.float64)), k)
    return tuple(sorted({round(float(value)) for value in breaks}))


def fisher_jenks_breaks(values: np.ndarray, classes: int) -> np.ndarray:
    """Fisher-Jenks natural breaks: the upper bound of each of ``classes`` classes.

    In: the values sorted ascending (float64), at least ``classes`` of them. Out: ``classes``
    bounds, the last being the largest value. The same arithmetic as mapclassify's
    ``FisherJenks`` (its pure-Python ``_fisher_jenks_means``: float32 sums in the same order,
    ties resolved the same way; tested against it), with the inner loops in NumPy: about
    50 times faster for 200 countries.
    """
    count = len(values)
    singles = values.astype(np.float32)
    splits = np.zeros((count + 1, classes + 1), dtype=np.int32)
    costs = np.zeros((count + 1, classes + 1), dtype=np.float32)
    splits[1, 1:] = 1
    costs[2:, 1:] = np.inf
    for last in range(2, count + 1):
        tail = singles[last - 1 :: -1]  # values[last - 1], values[last - 2], ..., values[0]
        sums = np.cumsum(tail, dtype=np.float32)
        squares = np.cumsum(tail * tail, dtype=np.float32)
        sizes = np.arange(1, last + 1, dtype=np.float32)
        variances = squares - (sums * sums) / sizes
        if classes >= 2:
            # A class of the last m values (m < last) after the best split of the rest.
            before = np.arange(last - 1, 0, -1)
            candidates = variances[: last - 1, None] + costs[before, 1:classes]
            best = candidates.min(axis=0)
            # mapclassify keeps the last m reaching the minimum (it compares with >=).
            m = last - 1 - np.argmax((candidates == best)[::-1], axis=0)
            costs[last, 2:] = best
            splits[last, 2:] = last - m + 1
        splits[last, 1] = 1
        costs[last, 1] = variances[last - 1]
    bounds = np.zeros(classes + 1, dtype=values.dtype)
    bounds[classes] = values[count - 1]
    bounds[0] = values[0]
    row = count
    for column in range(classes, 1, -1):
        pivot = splits[row, column]
        bounds[column - 1] = values[int(pivot - 2)]
        row = int(pivot - 1)
    return bounds[1:]


def _labels(bounds: tuple[int, ...]) -> tuple[str, ...]:
    labels = []
    lower = 1
    for upper in bounds:
        labels.append(str(upper) if lower == upper else f"{lower}–{upper}")
        lower = upper + 1
    return tuple(labels)


def legend_entries(classes: Classes, include_no_data: bool = True) -> list[tuple[str, str]]:
    """Return the legend as ``(label, fill colour)`` pairs, lowest class first.

    The classes come first, then the two pale fills a reader must not confuse: countries the
    loaded sources cover but with no events under the filters, and (unless
    ``include_no_data`` is False) countries no loaded source reports on.
    """
    entries = list(zip(classes.labels, classes.colours, strict=True))
    entries.append((LEGEND_NO_EVENTS, NO_EVENTS.fill))
    if include_no_data:
        entries.append((LEGEND_NO_DATA, NO_DATA.fill))
    return entries


def build_base_map(static_url_prefix: str = "", tiles_url: str | None = None) -> folium.Map:
    """Build the part of the map that never changes: an empty, offline world map.

    In: Streamlit's ``server.baseUrlPath`` (``""`` by default), used to locate Leaflet under
    ``/<prefix>/app/static/``; optionally an XYZ tile URL template (off by default: no tiles,
    plain sea colour). Out: a ``folium.Map`` whose script and stylesheet come from the local
    static folder only (see ``geo.offline.install_static_assets``). Build a new one on every
    run: streamlit-folium adds the feature group to the map it is given.
    """
    script_url, stylesheet_url = leaflet_urls(static_url_prefix)
    world_map = folium.Map(
        location=list(WORLD_CENTER),
        zoom_start=WORLD_ZOOM,
        min_zoom=1,
        tiles=None,
        scrollWheelZoom=False,
    )
    WheelGuard().add_to(world_map)
    # Instance attributes: add_js_link would change folium's class-level list for every map.
    world_map.default_js = [("leaflet", script_url)]
    world_map.default_css = [("leaflet_css", stylesheet_url)]
    world_map.get_root().header.add_child(
        folium.Element(
            f"<style>body .leaflet-container{{background:{SEA_COLOUR};}}"
            "body .leaflet-tooltip{white-space:normal;width:max-content;max-width:240px;}</style>"
        ),
        name="sea_colour",
    )
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr="Basemap", name="basemap", control=False).add_to(
            world_map
        )
    return world_map


WHEEL_HINT = "Click the map, or hold Ctrl (⌘ on a Mac) while scrolling, to zoom"


class WheelGuard(MacroElement):
    """The wheel scrolls the page over the map until the reader clicks the map (until the
    pointer leaves it) or holds Ctrl/⌘; a plain wheel shows a short hint saying so.

    Leaflet's ``scrollWheelZoom`` is off in the map's options; this script turns it on after a
    click and off again when the pointer leaves, and zooms one step per Ctrl/⌘ + wheel (which
    would otherwise zoom the whole page).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function (map) {
  var container = map.getContainer();
  var hint = L.DomUtil.create("div", "bluebook-wheel-hint", container);
  hint.textContent = {{ this.hint|tojson }};
  hint.style.cssText = "position:absolute;z-index:1000;left:50%;top:50%;" +
    "transform:translate(-50%,-50%);background:rgba(20,20,20,0.78);color:#fff;" +
    "padding:8px 14px;border-radius:6px;font:14px sans-serif;pointer-events:none;" +
    "opacity:0;transition:opacity 0.3s;";
  var hideTimer = null;
  map.on("click", function () { map.scrollWheelZoom.enable(); hint.style.opacity = 0; });
  container.addEventListener("mouseleave", function () { map.scrollWheelZoom.disable(); });
  container.addEventListener("wheel", function (event) {
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      if (!map.scrollWheelZoom.enabled()) {
        map.setZoomAround(map.mouseEventToContainerPoint(event),
          map.getZoom() + (event.deltaY < 0 ? 1 : -1));
      }
      return;
    }
    if (map.scrollWheelZoom.enabled()) { return; }
    hint.style.opacity = 1;
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { hint.style.opacity = 0; }, 1500);
  }, {passive: false});
})({{ this._parent.get_name() }});
{% endmacro %}"""
    )

    def __init__(self, hint: str = WHEEL_HINT) -> None:
        super().__init__()
        self._name = "WheelGuard"
        self.hint = hint


def fit_bounds_script(
    anchors: Mapping[str, tuple[float, float]], codes: Sequence[str], most: int = 40
) -> str:
    """JavaScript that fits the map, once per map, to the label points of ``codes``.

    Empty when there are none or more than ``most`` of them (then the world view stays). The
    map's first layer runs it; later layers (other filters, a selection) do not move the map.
    """
    points = [anchors[code] for code in codes if code in anchors]
    if not points or len(codes) > most:
        return ""
    south, north = min(lat for lat, _ in points), max(lat for lat, _ in points)
    west, east = min(lon for _, lon in points), max(lon for _, lon in points)
    bounds = [[round(south, 2), round(west, 2)], [round(north, 2), round(east, 2)]]
    return (
        "\nif (!window.__bluebookFitted) { window.__bluebookFitted = true; "
        f"map_div.fitBounds({bounds}, {{padding: [40, 40], maxZoom: 4}}); }}\n"
    )


def build_choropleth_layer(
    world: Mapping[str, Any],
    counts: Mapping[str, int],
    covered: set[str],
    classes: Classes,
    tooltip_rows: Mapping[str, Mapping[str, Any]],
    selected: str | None,
) -> folium.FeatureGroup:
    """Build the coloured countries for one view of the data.

    In: the world FeatureCollection (``geo.boundaries.load_world_geojson``; not modified), event
    counts per ISO3 code, the codes covered by the dataset (a code with a positive count counts
    as covered), the classes, optional tooltip content per code (``name`` and ``count_label``
    override the defaults, ``top_themes`` is a string or a list of strings), and the selected
    code or None. Out: a ``folium.FeatureGroup`` holding one GeoJson layer with a tooltip
    (name, events, top themes; values HTML-escaped, as folium inserts them as HTML) and the
    selected country outlined and drawn last. Each feature gets the properties ``count``
    (None when not covered), ``count_label``, ``top_themes`` and ``fill``.
    """
    features = [
        _view_feature(feature, counts, covered, classes, tooltip_rows)
        for feature in world["features"]
    ]
    features.sort(key=lambda feature: feature.get("id") == selected)
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=LAYER_NAME,
        control=False,
        style_function=_style_function(selected),
        highlight_function=_highlight,
        tooltip=folium.GeoJsonTooltip(
            fields=list(TOOLTIP_FIELDS),
            aliases=[html.escape(alias) for alias in TOOLTIP_ALIASES],
            sticky=True,
        ),
    )
    group = folium.FeatureGroup(name=LAYER_NAME, control=False)
    layer.add_to(group)
    return group


def _view_feature(
    feature: Mapping[str, Any],
    counts: Mapping[str, int],
    covered: set[str],
    classes: Classes,
    tooltip_rows: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    properties = feature.get("properties") or {}
    code = properties.get("iso3", feature.get("id"))
    count = int(counts.get(code, 0))
    is_covered = count > 0 or code in covered
    row = tooltip_rows.get(code, {})
    default_label = count_label(count) if is_covered else NO_DATA_LABEL
    view_properties = {
        **properties,
        "name": _escaped(row.get("name", properties.get("name", code))),
        "count": count if is_covered else None,
        "count_label": _escaped(row.get("count_label", default_label)),
        "top_themes": _escaped(row.get("top_themes", "")),
        "fill": row.get("fill") or (classes.colour_of(count) if is_covered else NO_DATA.fill),
    }
    return {**feature, "properties": view_properties}


def count_label(count: int) -> str:
    """Return the tooltip text for a count: ``"no events"``, ``"1 event"``, ``"12 events"``."""
    if count <= 0:
        return NO_EVENTS_LABEL
    return "1 event" if count == 1 else f"{count} events"


def _escaped(value: Any) -> str:
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, Sequence):
        return ", ".join(html.escape(str(item)) for item in value)
    return html.escape(str(value))


def _style_function(selected: str | None):
    def style(feature: Mapping[str, Any]) -> dict[str, Any]:
        return area_style_dict(feature["properties"]["fill"], feature.get("id") == selected)

    return style


def area_style_dict(fill: str, is_selected: bool = False) -> dict[str, Any]:
    """Return the Leaflet path options for a country with this fill colour.

    ``NO_DATA`` countries keep their own (dashed) border; a selected country gets a thick dark
    border.
    """
    base = NO_DATA if fill == NO_DATA.fill else NO_EVENTS
    style = {
        "fillColor": fill,
        "fillOpacity": 1.0,
        "color": SELECTED_BORDER if is_selected else base.border,
        "weight": SELECTED_WEIGHT if is_selected else base.weight,
        "opacity": 1.0,
    }
    if base.dash_array and not is_selected:
        style["dashArray"] = base.dash_array
    return style


def _highlight(feature: Mapping[str, Any]) -> dict[str, Any]:
    return {"color": HOVER_BORDER, "weight": HOVER_WEIGHT, "dashArray": ""}
