"""Map page: world choropleth of events per country, click a country for its panel."""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from bluebook.schema import JAPAN_ISO3
from geo.flows import FLOW_COLOUR, Flows, line_opacity
from geo.image import FORMATS, build_map_image, render_map_image
from geo.selection import RETURNED_OBJECTS, memory_of, resolve_click
from ui.cache import ensure_static_assets, get_map_image, get_projected_world, get_world
from ui.map_component import base_map_parts, folium_map_ui, rendered_view_layer
from ui.panels import country_panel_ui, legend_ui
from ui.shared import country_names, coverage_ui, escape_markdown, page_setup, select_country

CLICK_MEMORY = "_map_click_memory"
MAP_KEY = "world_map"

dataset, view = page_setup("map")
ensure_static_assets()
world = get_world()
known_codes = set(country_names())

rendered_layer = rendered_view_layer(dataset, view, world)
view_layer = rendered_layer.view_layer
counts = view_layer.counts
classes = view_layer.classes


def map_image_builder(image_format: str):
    """Build the exported map of this view when its download button is clicked, not before."""
    names = country_names()

    def build() -> bytes:
        projected = get_projected_world()
        image = build_map_image(
            dataset, view, view_layer, projected.countries.index, names, dt.date.today().isoformat()
        )
        return render_map_image(image, projected, image_format)

    return lambda: get_map_image(view, image_format, build)


def flow_legend_ui(flows: Flows) -> None:
    """Say what Japan's lines mean: one per partner, wider for more Japan-involved events."""
    if not flows.flows:
        st.caption("No Japan-involved events in this view, so no lines from Tokyo.")
        return
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:12px;">'
        f'<span style="width:28px;height:{width}px;background:{FLOW_COLOUR};'
        f'opacity:{line_opacity(width)};display:inline-block;margin-right:4px;"></span>{label}</span>'
        for label, width in flows.legend()
    )
    st.markdown(
        f'<div style="font-size:0.85rem;">Lines from Tokyo to {len(flows.flows)} partners, '
        f"width by Japan-involved events: {swatches}</div>",
        unsafe_allow_html=True,
    )


st.title("Bluebook Atlas")
coverage_ui(dataset, view)
map_column, panel_column = st.columns([3, 2], gap="medium")
# Below both columns, always present: the selected country's timeline and events use the
# page's width there instead of scrolling in the narrow panel.
details_area = st.container()
with map_column:
    legend_ui(view_layer.legend, view_layer.legend_title)
    if view_layer.flows is not None:
        flow_legend_ui(view_layer.flows)
    returned = folium_map_ui(
        base_map_parts(
            st.get_option("server.baseUrlPath") or "", os.environ.get("BLUEBOOK_TILES_URL") or None
        ),
        rendered_layer.script,
        key=MAP_KEY,
        returned_objects=list(RETURNED_OBJECTS),
        height=520,
    )
    change = resolve_click(returned, st.session_state.get(CLICK_MEMORY), known_codes)
    st.session_state[CLICK_MEMORY] = memory_of(returned)
    if change.action == "select" and change.iso3 != view.country:
        select_country(change.iso3)
        st.rerun()
    if change.action == "clear" and view.country is not None:
        select_country(None)
        st.rerun()
    st.caption(
        "Click a country to open its panel; click the sea to close it. Boundaries: Natural Earth "
        "(public domain); their depiction implies no position on any territory."
    )
    # Rendered on click in a thread of their own, cached per view; a click must not rerun the
    # page (see pages/events.py).
    for column, image_format in zip(st.columns(len(FORMATS)), FORMATS, strict=True):
        column.download_button(
            f"Download map ({image_format.upper()})",
            map_image_builder(image_format),
            f"bluebook-map.{image_format}",
            FORMATS[image_format],
            icon=":material/download:",
            on_click="ignore",
        )

with panel_column:
    if view.country:
        if st.button("Clear selection", icon=":material/close:"):
            select_country(None)
            st.rerun()
        country_panel_ui(dataset, view, view.country, key="map_panel", details=details_area)
    else:
        total = view_layer.total_events
        st.subheader("Overview")
        st.markdown(
            f"**{total}** events in this view, across **{len(counts)}** countries. "
            "Click a country on the map for its summary, timeline and events."
        )
        names = country_names()
        top = counts.head(10)
        st.dataframe(
            {"Country": [names.get(code, code) for code in top.index], "Events": top.to_numpy()},
            hide_index=True,
            width="stretch",
        )
        if st.button("Show Japan's partners", icon=":material/flag:"):
            select_country(JAPAN_ISO3)
            st.rerun()
        if view.japan_only or view.metric == "japan":
            st.caption("Counts are of events Japan took part in.")
        else:
            st.caption(escape_markdown("Counts include events without Japan (elections, crises)."))
