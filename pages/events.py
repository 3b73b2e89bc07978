"""Events page: the filtered events as a searchable table, downloadable as CSV, JSON, GeoJSON."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from bluebook import export, query
from bluebook.view import view_to_query
from pages.cache import get_world
from pages.shared import country_names, page_setup, set_search

TABLE_ROWS = 500

dataset, view = page_setup("events")
st.title("Events")
search = st.text_input(
    "Search titles, evidence and actors",
    value=view.search,
    max_chars=100,
    placeholder="e.g. Mirziyoyev, sanctions, COVID-19",
)
if search != view.search:
    set_search(search)
    st.rerun()

mask = query.filter_mask(dataset, view)
mask = query.country_mask(dataset, mask, view.country)
mask = query.search_mask(dataset, mask, view.search)
events = query.select_events(dataset, mask)
names = country_names()
where = f" concerning {names.get(view.country, view.country)}" if view.country else ""
st.markdown(f"**{len(events)}** events{where} match this view.")

taxonomy = dataset.taxonomy
table = events.head(TABLE_ROWS).assign(
    countries=lambda frame: frame["countries"].map(", ".join),
    themes=lambda frame: frame["themes"].map(
        lambda themes: ", ".join(taxonomy.themes.get(theme, theme) for theme in themes)
    ),
    event_type=lambda frame: frame["event_type"].map(taxonomy.event_types).astype(str),
    level=lambda frame: frame["level"].map(taxonomy.levels).astype(str),
    mode=lambda frame: frame["mode"].map(taxonomy.modes).astype(str),
)
st.dataframe(
    table[
        [
            "date",
            "title",
            "countries",
            "event_type",
            "level",
            "mode",
            "themes",
            "japan_involved",
            "reviewed",
            "evidence",
            "section",
            "paragraph",
            "source_id",
        ]
    ],
    hide_index=True,
    width="stretch",
    column_config={
        "date": "Date",
        "title": st.column_config.TextColumn("Title", width="large"),
        "countries": "Countries",
        "event_type": "Type",
        "level": "Level",
        "mode": "Mode",
        "themes": "Themes",
        "japan_involved": "Japan",
        "reviewed": "Reviewed",
        "evidence": st.column_config.TextColumn("Evidence (source sentence)", width="large"),
        "section": "Section",
        "paragraph": "¶",
        "source_id": "Source",
    },
)
if len(events) > TABLE_ROWS:
    st.caption(f"Showing the newest {TABLE_ROWS}; narrow the filters or download the rest.")

citation = export.citation_line(
    dataset.sources[dataset.sources["source_id"].isin(events["source_id"].unique())]
    if len(events)
    else dataset.sources,
    view_to_query(view),
    dt.date.today().isoformat(),
)
st.caption(f"Cite as: {citation}")
if len(events) > export.MAX_EXPORT_ROWS:
    st.warning(f"Downloads are limited to {export.MAX_EXPORT_ROWS:,} events; narrow the filters.")
else:
    columns = st.columns(3)
    columns[0].download_button(
        "Download CSV",
        export.to_csv(events, citation),
        "bluebook-events.csv",
        "text/csv",
        icon=":material/download:",
    )
    columns[1].download_button(
        "Download JSON",
        export.to_json(events, citation),
        "bluebook-events.json",
        "application/json",
        icon=":material/download:",
    )
    columns[2].download_button(
        "Download GeoJSON",
        export.to_geojson(events, get_world(), citation),
        "bluebook-events.geojson",
        "application/geo+json",
        icon=":material/download:",
    )
