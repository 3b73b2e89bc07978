"""Japan's ties as flows: a line from Tokyo to each partner, wider for more events.

When Japan is selected the map draws one line per partner, from Tokyo to the partner's label
point (Natural Earth's ``LABEL_X``/``LABEL_Y``, inside the country). A line's width is a class
of the number of Japan-involved events with that partner in the view (the same Fisher-Jenks
classes as the choropleth, with fewer of them), not the raw count, so 150 partners stay
readable; its tooltip gives the count and the most frequent event types. Lines follow the great
circle (split where they cross the 180th meridian) with a point every 5° of arc, or fewer when
there are many lines: all lines share ``POINT_BUDGET`` points, so 200 partners add about 63 KB
to the map.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pyogrio

from bluebook.dataset import Dataset
from geo import boundaries
from geo.choropleth import Classes, classify

TOKYO = (35.68, 139.69)
"""Latitude and longitude of Tokyo, where every line starts."""
FLOW_COLOUR = "#b35806"
"""Dark orange: stands out against the blue-green choropleth, and is colour-blind safe."""
HIGHLIGHT_COLOUR = "#2d004b"
WIDTH_CLASSES = 4
WIDTHS: dict[int, tuple[float, ...]] = {
    1: (2.5,),
    2: (1.2, 4.0),
    3: (1.0, 2.5, 5.0),
    4: (0.8, 1.8, 3.2, 5.5),
}
"""Line widths in pixels per number of width classes, thinnest first."""
POINT_BUDGET = 1200
"""Points for all the lines together: few lines are smooth, 200 lines stay within the budget."""
MIN_DEGREES_PER_POINT = 5.0
MAX_ARC_POINTS = 40
COORDINATE_DECIMALS = 1
"""0.1° (about 11 km): plenty for a line on a world map, and a small payload."""
TOP_TYPES = 2
LAYER_NAME = "flows"
LINE_CLASS = "bluebook-flow"
"""CSS class of every flow line's SVG path (the browser tests count them)."""
TOOLTIP_FIELDS = ("name", "events", "types")
TOOLTIP_ALIASES = ("Japan and", "Japan-involved events", "Top event types")
_LABEL_COLUMNS = ("ADM0_A3", "ISO_A3", "ISO_A3_EH", "LABEL_X", "LABEL_Y")


@dataclass(frozen=True)
class Flow:
    """One partner's line: the partner, its Japan-involved events and the line's width."""

    iso3: str
    name: str
    count: int
    top_types: tuple[str, ...]
    width: float


@dataclass(frozen=True)
class Flows:
    """Every partner's line, widest first, and the width classes behind them."""

    flows: tuple[Flow, ...]
    classes: Classes
    widths: tuple[float, ...]

    def legend(self) -> list[tuple[str, float]]:
        """The line legend as ``(events label, width in pixels)`` pairs, thinnest first."""
        return list(zip(self.classes.labels, self.widths, strict=True))


def line_opacity(width: float) -> float:
    """Thin lines are fainter, so that many of them do not hide the map and the thick ones."""
    return round(min(0.9, 0.3 + 0.1 * width), 2)


def count_japan_ties(
    dataset: Dataset, mask: np.ndarray, limit: int = TOP_TYPES
) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Japan-involved events passing ``mask`` per partner, with the partner's top event types.

    In: the dataset and a boolean mask over its events. Out: ``{iso3: (count, type ids)}``
    for every country with at least one Japan-involved event, the type ids by count (equal
    counts in taxonomy order), at most ``limit`` of them.
    """
    events = dataset.events
    index = dataset.index
    kept_events = mask & events["japan_involved"].to_numpy(dtype=bool)
    kept = kept_events[index.pair_event]
    type_column = events["event_type"]
    type_ids = list(dataset.taxonomy.event_types)
    type_codes = _type_positions(type_column, type_ids)
    countries = index.pair_country[kept]
    types = type_codes[index.pair_event[kept]]
    valid = types >= 0
    country_count, type_count = len(index.country_codes), len(type_ids)
    matrix = np.bincount(
        countries[valid] * type_count + types[valid], minlength=country_count * type_count
    ).reshape(country_count, type_count)
    totals = np.bincount(countries, minlength=country_count)
    ranked = np.argsort(-matrix, axis=1, kind="stable")[:, :limit]
    return {
        str(index.country_codes[position]): (
            int(totals[position]),
            tuple(type_ids[kind] for kind in ranked[position] if matrix[position, kind] > 0),
        )
        for position in np.flatnonzero(totals)
    }


def _type_positions(column, type_ids: list[str]) -> np.ndarray:
    """Each event's position of its type in ``type_ids`` (-1 if not there)."""
    lookup = {type_id: position for position, type_id in enumerate(type_ids)}
    if hasattr(column, "cat"):
        categories = column.cat.categories
        mapped = np.array([lookup.get(str(value), -1) for value in categories] + [-1])
        return mapped[column.cat.codes.to_numpy()]
    return np.array([lookup.get(str(value), -1) for value in column], dtype=np.int64)


def build_flows(
    ties: Mapping[str, tuple[int, Sequence[str]]],
    names: Mapping[str, str],
    type_labels: Mapping[str, str],
    k: int = WIDTH_CLASSES,
) -> Flows:
    """Turn per-partner counts into lines with a width class each.

    In: ``{iso3: (count, top type ids)}`` (``count_japan_ties``), country names and event type
    labels (ids stand in for missing ones), the wanted number of width classes (1 to 4). Out:
    ``Flows`` with one ``Flow`` per partner with a positive count, widest first (equal widths
    by count, then by code). Raises ``ValueError`` for ``k`` outside 1..4 or a negative count.
    """
    if k not in WIDTHS:
        raise ValueError(f"k must be from 1 to {max(WIDTHS)}, got {k}")
    counts = {code: count for code, (count, _) in ties.items()}
    classes = classify(counts, k=k)
    widths = WIDTHS[len(classes.upper_bounds)] if classes.upper_bounds else ()
    flows = [
        Flow(
            iso3=code,
            name=names.get(code, code),
            count=int(count),
            top_types=tuple(type_labels.get(kind, kind) for kind in kinds),
            width=widths[classes.index_of(count)],
        )
        for code, (count, kinds) in ties.items()
        if count > 0
    ]
    flows.sort(key=lambda flow: (-flow.width, -flow.count, flow.iso3))
    return Flows(tuple(flows), classes, widths)


def build_japan_flows(
    dataset: Dataset, mask: np.ndarray, world: Mapping[str, Any], k: int = WIDTH_CLASSES
) -> Flows:
    """Japan's flows for the events passing ``mask``, named from the world's features.

    In: the dataset, a mask over its events, the world FeatureCollection (for country names)
    and the number of width classes. Out: ``build_flows`` of ``count_japan_ties``.
    """
    names = {
        feature["id"]: (feature.get("properties") or {}).get("name", feature["id"])
        for feature in world["features"]
    }
    return build_flows(count_japan_ties(dataset, mask), names, dataset.taxonomy.event_types, k=k)


def arc_degrees(start: tuple[float, float], end: tuple[float, float]) -> float:
    """The great-circle angle between two ``(lat, lon)`` points, in degrees."""
    cosine = float(np.clip(_unit_vector(*start) @ _unit_vector(*end), -1.0, 1.0))
    return float(np.degrees(np.arccos(cosine)))


def arc_spacing(angles: Sequence[float], budget: int = POINT_BUDGET) -> float:
    """Degrees of arc between two points of a line, so that all lines share ``budget`` points.

    In: every line's angle in degrees. Out: at least ``MIN_DEGREES_PER_POINT``; wider when many
    long lines would otherwise exceed the budget (each line also keeps its two ends).
    """
    free = max(budget - 2 * len(angles), len(angles))
    return max(MIN_DEGREES_PER_POINT, sum(angles) / free)


def arc_parts(
    start: tuple[float, float],
    end: tuple[float, float],
    degrees_per_point: float = MIN_DEGREES_PER_POINT,
) -> list[list[list[float]]]:
    """The great circle from ``start`` to ``end`` (both ``(lat, lon)``) as GeoJSON line parts.

    Out: one list of ``[lon, lat]`` positions, or two when the circle crosses the 180th
    meridian (the map draws each country once, between -180° and 180°, so the line leaves at
    one edge and comes back at the other, at the same latitude). One point per
    ``degrees_per_point`` of arc, at least 2 and at most ``MAX_ARC_POINTS``, rounded to
    ``COORDINATE_DECIMALS``: few points, a curve that still reads as one.
    """
    first, last = _unit_vector(*start), _unit_vector(*end)
    angle = np.radians(arc_degrees(start, end))
    count = int(np.clip(np.ceil(np.degrees(angle) / degrees_per_point) + 1, 2, MAX_ARC_POINTS))
    steps = np.linspace(0.0, 1.0, count)[:, None]
    if np.sin(angle) < 1e-6:  # the same or opposite points: no single great circle
        vectors = (1 - steps) * first + steps * last
    else:
        vectors = (np.sin((1 - steps) * angle) * first + np.sin(steps * angle) * last) / np.sin(
            angle
        )
    latitudes = np.degrees(np.arctan2(vectors[:, 2], np.hypot(vectors[:, 0], vectors[:, 1])))
    longitudes = np.degrees(np.arctan2(vectors[:, 1], vectors[:, 0]))
    longitudes[0], latitudes[0] = start[1], start[0]
    longitudes[-1], latitudes[-1] = end[1], end[0]
    return [_rounded(part) for part in _split_at_antimeridian(longitudes, latitudes)]


def _unit_vector(latitude: float, longitude: float) -> np.ndarray:
    phi, lam = np.radians(latitude), np.radians(longitude)
    return np.array([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


def _split_at_antimeridian(longitudes: np.ndarray, latitudes: np.ndarray) -> list[list]:
    parts: list[list[tuple[float, float]]] = [[(longitudes[0], latitudes[0])]]
    for index in range(1, len(longitudes)):
        lon_a, lat_a = longitudes[index - 1], latitudes[index - 1]
        lon_b, lat_b = longitudes[index], latitudes[index]
        if abs(lon_b - lon_a) > 180:
            edge = 180.0 if lon_a > 0 else -180.0
            unwrapped = lon_b + (360.0 if edge > 0 else -360.0)
            share = (edge - lon_a) / (unwrapped - lon_a)
            crossing = lat_a + share * (lat_b - lat_a)
            parts[-1].append((edge, crossing))
            parts.append([(-edge, crossing)])
        parts[-1].append((lon_b, lat_b))
    return parts


def _rounded(part: list[tuple[float, float]]) -> list[list[float]]:
    return [
        [round(float(lon), COORDINATE_DECIMALS), round(float(lat), COORDINATE_DECIMALS)]
        for lon, lat in part
    ]


@lru_cache(maxsize=4)
def load_anchor_points(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Every Natural Earth unit's label point, ``{iso3: (lat, lon)}``, where its line ends.

    In: the admin-0 zip (default: the shipped one, ``boundaries.natural_earth_path()``). Out:
    one point per unit, inside the unit's main landmass (e.g. the contiguous United States, not
    Alaska). Codes follow ``geo.boundaries.resolve_iso3``. The file never changes at run time,
    so the result is kept for the process. Raises ``FileNotFoundError`` without the package.
    """
    source = path or boundaries.natural_earth_path()
    frame = pyogrio.read_dataframe(source, columns=list(_LABEL_COLUMNS), read_geometry=False)
    codes = boundaries.resolve_iso3(frame["ADM0_A3"], frame["ISO_A3"], frame["ISO_A3_EH"])
    return {
        code: (float(lat), float(lon))
        for code, lon, lat in zip(codes, frame["LABEL_X"], frame["LABEL_Y"], strict=True)
        if np.isfinite(lon) and np.isfinite(lat)
    }


def add_flow_layer(
    group: folium.FeatureGroup,
    flows: Flows,
    anchors: Mapping[str, tuple[float, float]],
    origin: tuple[float, float] = TOKYO,
) -> int:
    """Add the lines (one GeoJson layer) and a dot on Tokyo to ``group``; return lines drawn.

    Partners without an anchor point are left out. Feature ids are ``to-<ISO3>``, never a
    country code, so a click on a line does not select a country; tooltip values are
    HTML-escaped (folium inserts them as HTML). Widest lines are drawn first, so thin ones stay
    on top and can be hovered.
    """
    drawn = [flow for flow in flows.flows if flow.iso3 in anchors]
    spacing = arc_spacing([arc_degrees(origin, anchors[flow.iso3]) for flow in drawn])
    features = [
        {
            "type": "Feature",
            "id": f"to-{flow.iso3}",
            "properties": {
                "name": html.escape(flow.name),
                "events": str(flow.count),
                "types": html.escape(", ".join(flow.top_types)),
            },
            "geometry": _line_geometry(arc_parts(origin, anchors[flow.iso3], spacing)),
        }
        for flow in drawn
    ]
    widths = {f"to-{flow.iso3}": flow.width for flow in drawn}
    if not features:
        return 0
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=LAYER_NAME,
        control=False,
        style_function=lambda feature: _line_style(widths[feature["id"]]),
        highlight_function=_line_highlight,
        tooltip=folium.GeoJsonTooltip(
            fields=list(TOOLTIP_FIELDS),
            aliases=[html.escape(alias) for alias in TOOLTIP_ALIASES],
            sticky=True,
        ),
        class_name=LINE_CLASS,
    ).add_to(group)
    folium.CircleMarker(
        location=list(origin),
        radius=4,
        color="#111111",
        weight=1.5,
        fill=True,
        fill_color="#ffffff",
        fill_opacity=1.0,
        tooltip="Tokyo",
    ).add_to(group)
    return len(features)


def _line_geometry(parts: list[list[list[float]]]) -> dict[str, Any]:
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}


def _line_style(width: float) -> dict[str, Any]:
    return {"color": FLOW_COLOUR, "weight": width, "opacity": line_opacity(width), "fill": False}


def _line_highlight(feature: Mapping[str, Any]) -> dict[str, Any]:
    # The same for every line: folium then lists no line ids in the highlight function.
    return {"color": HIGHLIGHT_COLOUR, "opacity": 1.0}
