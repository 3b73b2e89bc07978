"""The map as an image: the view's choropleth drawn by geopandas and matplotlib, PNG or SVG.

The image shows what the map page shows, in the same classes and colours (the ``Classes`` and
legend of ``geo.view_layer.ViewLayer``, the fills of ``geo.choropleth``), on an equal-area
world projection (Equal Earth, EPSG:8857, through pyproj), with the legend, a title that says
the filters in words, the source citation and the boundary note; the selected country is
outlined. Everything is local: matplotlib's own fonts, no network. geopandas, pyproj and
matplotlib are imported on first use, so the app starts no slower.

``build_projected_world`` projects the boundaries once (cache it); ``build_map_image`` says
what to draw for a view; ``render_map_image`` draws it. Matplotlib is used without pyplot (no
global figure state) and one render runs at a time.
"""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from shapely.geometry import Polygon

from bluebook.dataset import Dataset
from bluebook.explore import export, query
from bluebook.explore.view import ViewState, view_to_query, year_range
from bluebook.schema import JAPAN_ISO3
from geo import flows
from geo.choropleth import (
    BORDER_COLOUR,
    JAPAN_FILL,
    NO_DATA,
    SEA_COLOUR,
    SELECTED_BORDER,
    Classes,
)

PROJECTION = "EPSG:8857"
"""Equal Earth (world, equal-area): countries keep their relative sizes."""
FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
BOUNDARY_NOTE = (
    "Boundaries: Natural Earth 1:10m Admin 0 – Countries 5.1.1 (public domain), simplified; "
    "Equal Earth projection. The depiction of boundaries implies no position on the status of "
    "any territory."
)
FIGURE_INCHES = (12.0, 7.8)
DPI = 150
TITLE_CHARS = 95
FOOTER_CHARS = 170
COUNTRY_LINE_WIDTH = 0.3
SELECTED_LINE_WIDTH = 1.6
SPHERE_EDGE = "#9aa5ad"
MAP_TOP = 0.905
LEGEND_HEIGHT = 0.065
FOOTER_LINE_HEIGHT = 7 * 1.25 / (72 * 7.8)
"""One 7-point line of the footer, as a share of the figure's height."""
LINE_DEGREES_PER_POINT = 2.0
"""Finer than on screen: the image has no payload budget."""
POINTS_PER_PIXEL = 0.6
"""A screen pixel's line width in the image (at 96 pixels per inch: 0.75 pt; a bit thinner)."""
FLOWS_ID = "flows"
LINE_LEGEND_LABEL_ID = "line-legend-label-{index}"
LEGEND_LABEL_ID = "legend-label-{index}"
LEGEND_SWATCH_ID = "legend-swatch-{index}"
SELECTED_ID = "selected-outline"
COUNTRIES_ID = "countries"
if TYPE_CHECKING:
    import geopandas as gpd

_RENDER_LOCK = threading.Lock()
"""Matplotlib is not thread-safe and ``rc_context`` changes global settings."""


@dataclass(frozen=True)
class ProjectedWorld:
    """The world's countries and the globe's outline in the image's projection."""

    countries: gpd.GeoSeries
    """Indexed by ISO3, in the order the map draws them (largest first)."""
    sphere: Polygon


@dataclass(frozen=True)
class MapImage:
    """Everything an exported map shows, in plain data."""

    title: str
    legend_title: str
    legend: tuple[tuple[str, str], ...]
    fills: Mapping[str, str]
    selected: str | None
    selected_name: str | None
    citation: str
    note: str = BOUNDARY_NOTE
    lines: tuple[ImageLine, ...] = ()
    """Japan's flows (``geo.flows``) when Japan is selected, widest first."""
    line_legend: tuple[tuple[str, float], ...] = ()
    """``(events label, width in screen pixels)`` per width class, thinnest first."""


@dataclass(frozen=True)
class ImageLine:
    """One flow line: its parts as ``(lon, lat)`` points and its width in screen pixels."""

    parts: tuple[tuple[tuple[float, float], ...], ...]
    width: float


def build_projected_world(world: Mapping[str, Any]) -> ProjectedWorld:
    """Project the world FeatureCollection (``geo.boundaries``) to Equal Earth.

    In: the world GeoJSON dict (not modified). Out: ``ProjectedWorld``. Takes a few hundred
    milliseconds: build it once and keep it. Raises ``ValueError`` if a feature has no id.
    """
    import geopandas as gpd  # slow to import; only needed when an image is asked for

    features = list(world["features"])
    codes = [feature.get("id") for feature in features]
    if any(not isinstance(code, str) for code in codes):
        raise ValueError("every world feature needs its ISO3 code as id")
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    countries = gpd.GeoSeries(frame.geometry.to_numpy(), index=pd.Index(codes, name="iso3"))
    countries = countries.set_crs("EPSG:4326").to_crs(PROJECTION)
    return ProjectedWorld(countries=countries, sphere=_projected_sphere())


def _projected_sphere(steps: int = 181) -> Polygon:
    """The outline of the whole globe (the ±180° meridians and the poles), projected."""
    latitudes = np.linspace(-90.0, 90.0, steps)
    longitudes = np.linspace(-180.0, 180.0, steps)
    ring_lon = np.concatenate(
        [np.full(steps, -180.0), longitudes, np.full(steps, 180.0), longitudes[::-1]]
    )
    ring_lat = np.concatenate(
        [latitudes, np.full(steps, 90.0), latitudes[::-1], np.full(steps, -90.0)]
    )
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)
    x, y = transformer.transform(ring_lon, ring_lat)
    return Polygon(zip(x, y, strict=True))


def build_fills(
    codes: Sequence[str], counts: Mapping[str, int], covered: set[str], classes: Classes
) -> dict[str, str]:
    """The fill colour of every country, as the map page colours it.

    In: the world's codes, event counts per code, the codes the dataset covers and the view's
    classes. Out: ``{iso3: colour}``: Japan in its own colour, a covered country in its class
    colour (or the "no events" colour), any other country in the "no data" grey.
    """
    fills = {}
    for code in codes:
        count = int(counts.get(code, 0))
        if code == JAPAN_ISO3:
            fills[code] = JAPAN_FILL
        elif count > 0 or code in covered:
            fills[code] = classes.colour_of(count)
        else:
            fills[code] = NO_DATA.fill
    return fills


def describe_view(
    view: ViewState,
    dataset: Dataset,
    legend_title: str,
    names: Mapping[str, str] | None = None,
) -> str:
    """The view's filters in words: "Events, 2021–2022, themes: Peace and security; types: …".

    In: the view, the dataset (for its years and labels), what the colours count ("Events" or
    "Japan-involved events") and optionally country names. Out: one line of text; the selected
    country is named at the end ("Kazakhstan outlined").
    """
    start, end = year_range(view, dataset.narrated_years)
    years = str(start) if start == end else f"{start}–{end}"
    taxonomy = dataset.taxonomy
    source_titles = dict(zip(dataset.sources["source_id"], dataset.sources["title"], strict=True))
    parts = []
    for label, chosen, labels in (
        ("themes", view.themes, taxonomy.themes),
        ("types", view.event_types, taxonomy.event_types),
        ("levels", view.levels, taxonomy.levels),
        ("sources", view.sources, source_titles),
    ):
        if chosen:
            parts.append(f"{label}: " + ", ".join(labels.get(item, item) for item in chosen))
    if view.japan_only:
        parts.append("Japan involved only")
    if view.hide_unreviewed:
        parts.append("reviewed events only")
    title = f"{legend_title}, {years}"
    if parts:
        title += ", " + "; ".join(parts)
    if view.country:
        title += f" — {(names or {}).get(view.country, view.country)} outlined"
    return title


def build_map_image(
    dataset: Dataset,
    view: ViewState,
    view_layer: Any,
    codes: Sequence[str],
    names: Mapping[str, str],
    today: str,
) -> MapImage:
    """Say what the exported map of ``view`` shows, from the same layer data as the screen.

    In: the dataset, the view, its ``geo.view_layer.ViewLayer`` (classes, counts, legend and
    legend title), the world's codes, country names and today's ISO date (for the citation).
    Out: ``MapImage``. The search text is not part of the map and is left out of the citation.
    """
    view = replace(view, search="")
    mask = query.filter_mask(dataset, view)
    used_sources = query.counts_by(dataset, mask, "source_id").index
    sources = dataset.sources
    cited = sources[sources["source_id"].isin(used_sources)] if mask.any() else sources
    fills = build_fills(
        codes,
        view_layer.counts.to_dict(),
        set(query.covered_countries(dataset)),
        view_layer.classes,
    )
    japan_flows = getattr(view_layer, "flows", None)
    return MapImage(
        lines=build_image_lines(japan_flows),
        line_legend=tuple(japan_flows.legend()) if japan_flows else (),
        title=describe_view(view, dataset, view_layer.legend_title, names),
        legend_title=view_layer.legend_title,
        legend=tuple(view_layer.legend),
        fills=fills,
        selected=view.country,
        selected_name=names.get(view.country) if view.country else None,
        citation=export.citation_line(cited, view_to_query(view), today, compact=True),
    )


def build_image_lines(japan_flows: flows.Flows | None) -> tuple[ImageLine, ...]:
    """The flow lines of the screen (``geo.flows``), with more points along each great circle."""
    if japan_flows is None:
        return ()
    anchors = flows.load_anchor_points()
    return tuple(
        ImageLine(
            parts=tuple(
                tuple((lon, lat) for lon, lat in part)
                for part in flows.arc_parts(flows.TOKYO, anchors[flow.iso3], LINE_DEGREES_PER_POINT)
            ),
            width=flow.width,
        )
        for flow in japan_flows.flows
        if flow.iso3 in anchors
    )


def render_map_image(image: MapImage, world: ProjectedWorld, image_format: str = "png") -> bytes:
    """Draw ``image`` on ``world`` and return the file's bytes (PNG or SVG).

    The SVG keeps its text as text (selectable, searchable); the legend's labels and swatches
    and the selected country's outline carry ids (``legend-label-N``, ``legend-swatch-N``,
    ``selected-outline``). Raises ``ValueError`` for another format.
    """
    if image_format not in FORMATS:
        raise ValueError(f"image format must be one of {', '.join(FORMATS)}, got {image_format!r}")
    import matplotlib  # slow to import; only needed when an image is asked for

    with _RENDER_LOCK, matplotlib.rc_context(_RC_PARAMS):
        figure = draw_map_figure(image, world)
        buffer = io.BytesIO()
        figure.savefig(
            buffer,
            format=image_format,
            dpi=DPI,
            facecolor="white",
            metadata=_metadata(image, image_format),
        )
    return buffer.getvalue()


_RC_PARAMS = {
    "font.family": "DejaVu Sans",
    "svg.fonttype": "none",
    "svg.hashsalt": "bluebook-atlas",
}


def _metadata(image: MapImage, image_format: str) -> dict[str, Any]:
    if image_format == "svg":
        return {"Title": image.title, "Description": image.citation, "Date": None}
    return {"Title": image.title, "Source": image.citation, "Disclaimer": image.note}


def draw_map_figure(image: MapImage, world: ProjectedWorld):
    """Draw ``image`` on a new matplotlib ``Figure`` (no pyplot) and return it."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGURE_INCHES, dpi=DPI)
    figure.text(
        0.5,
        0.975,
        textwrap.fill(image.title, TITLE_CHARS),
        ha="center",
        va="top",
        fontsize=14,
        fontweight="bold",
    )
    footer = "\n".join(
        [textwrap.fill(image.citation, FOOTER_CHARS), textwrap.fill(image.note, FOOTER_CHARS)]
    )
    figure.text(0.015, 0.015, footer, ha="left", va="bottom", fontsize=7, color="#333333")
    # Legends stack above the footer (its height in figure units), the map above them.
    legend_top = 0.015 + (footer.count("\n") + 1) * FOOTER_LINE_HEIGHT + LEGEND_HEIGHT
    if image.line_legend:
        _draw_line_legend(figure, image.line_legend, legend_top)
        legend_top += LEGEND_HEIGHT
    _draw_legend(figure, image, legend_top)
    axes = figure.add_axes((0.01, legend_top + 0.005, 0.98, MAP_TOP - legend_top - 0.005))
    axes.set_axis_off()
    _draw_countries(axes, image, world)
    if image.lines:
        _draw_lines(axes, image.lines)
    axes.set_aspect("equal")
    return figure


def _draw_countries(axes, image: MapImage, world: ProjectedWorld) -> None:
    import geopandas as gpd

    gpd.GeoSeries([world.sphere]).plot(
        ax=axes, color=SEA_COLOUR, edgecolor=SPHERE_EDGE, linewidth=0.6
    )
    countries = world.countries
    fills = [image.fills.get(code, NO_DATA.fill) for code in countries.index]
    edges = [NO_DATA.border if fill == NO_DATA.fill else BORDER_COLOUR for fill in fills]
    countries.plot(ax=axes, color=fills, edgecolor=edges, linewidth=COUNTRY_LINE_WIDTH)
    axes.collections[-1].set_gid(COUNTRIES_ID)
    if image.selected in countries.index:
        countries.loc[[image.selected]].boundary.plot(
            ax=axes, color=SELECTED_BORDER, linewidth=SELECTED_LINE_WIDTH
        )
        axes.collections[-1].set_gid(SELECTED_ID)


def _draw_lines(axes, lines: Sequence[ImageLine]) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba
    from pyproj import Transformer

    transformer = Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)
    segments, widths, colours = [], [], []
    for line in lines:
        for part in line.parts:
            x, y = transformer.transform(*zip(*part, strict=True))
            segments.append(np.column_stack([x, y]))
            widths.append(line.width * POINTS_PER_PIXEL)
            colours.append(to_rgba(flows.FLOW_COLOUR, flows.line_opacity(line.width)))
    collection = LineCollection(segments, linewidths=widths, colors=colours, capstyle="round")
    collection.set_gid(FLOWS_ID)
    axes.add_collection(collection)


def _draw_legend(figure, image: MapImage, top: float) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=colour, edgecolor="#777777", linewidth=0.6, label=label)
        for label, colour in image.legend
    ]
    legend = figure.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, top),
        ncol=len(handles),
        title=image.legend_title,
        frameon=False,
        fontsize=9,
        title_fontsize=10,
        handlelength=1.6,
        columnspacing=1.4,
    )
    for index, (text, swatch) in enumerate(
        zip(legend.get_texts(), legend.legend_handles, strict=True)
    ):
        text.set_gid(LEGEND_LABEL_ID.format(index=index))
        swatch.set_gid(LEGEND_SWATCH_ID.format(index=index))


def _draw_line_legend(figure, entries: Sequence[tuple[str, float]], top: float) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            color=flows.FLOW_COLOUR,
            alpha=flows.line_opacity(width),
            linewidth=width * POINTS_PER_PIXEL,
            label=label,
        )
        for label, width in entries
    ]
    legend = figure.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, top),
        ncol=len(handles),
        title="Lines from Tokyo, width by Japan-involved events with each partner",
        frameon=False,
        fontsize=9,
        title_fontsize=10,
        handlelength=2.4,
        columnspacing=1.4,
    )
    for index, text in enumerate(legend.get_texts()):
        text.set_gid(LINE_LEGEND_LABEL_ID.format(index=index))
