"""Events page: the filtered events as a searchable table, downloadable as CSV, JSON, GeoJSON."""

from __future__ import annotations

import datetime as dt
import math

import streamlit as st

from bluebook import export, query
from bluebook.view import ViewState, view_to_query
from pages.cache import get_world
from pages.panels import sources_list_ui
from pages.review_history import reopen_link_ui
from pages.shared import country_names, escape_markdown, page_setup, set_search

TABLE_ROWS = 500
PAGE_KEY = "events_page"
PAGE_VIEW = "_events_page_view"


def page_ui(pages: int, view: ViewState) -> int:
    """The 1-based page of the table to show; back to the first page when the view changes."""
    if pages <= 1:
        return 1
    if st.session_state.get(PAGE_VIEW) != view or st.session_state.get(PAGE_KEY, 1) > pages:
        st.session_state[PAGE_KEY] = 1
    st.session_state[PAGE_VIEW] = view
    return int(
        st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=PAGE_KEY)
    )


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
total = int(mask.sum())
names = country_names()
where = f" concerning {names.get(view.country, view.country)}" if view.country else ""
st.markdown(f"**{total}** events{where} match this view.")

# Only one page of rows is copied and sent to the browser, whatever the size of the view.
page = page_ui(math.ceil(total / TABLE_ROWS), view)
events = query.select_events(dataset, mask, start=(page - 1) * TABLE_ROWS, limit=TABLE_ROWS)
taxonomy = dataset.taxonomy
table = events.assign(
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
            "page",
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
        "page": st.column_config.NumberColumn("p.", help="PDF page of the evidence", format="%d"),
        "source_id": "Source",
    },
)
if total > TABLE_ROWS:
    first = (page - 1) * TABLE_ROWS + 1
    st.caption(
        f"Events {first:,}–{first + len(events) - 1:,} of {total:,}, newest first, "
        f"{TABLE_ROWS} per page: change the page above, narrow the filters or download them."
    )

used_sources = query.counts_by(dataset, mask, "source_id").index
sources = dataset.sources
cited = sources[sources["source_id"].isin(used_sources)] if total else sources
today = dt.date.today().isoformat()
citation = export.citation_line(cited, view_to_query(view), today)
short = export.citation_line(cited, view_to_query(view), today, compact=True)
st.caption(f"Cite as: {escape_markdown(short)}")
if len(cited) > 1:
    sources_list_ui(cited)
if total > export.MAX_EXPORT_ROWS:
    st.warning(
        f"This view has {total:,} events; downloads are limited to "
        f"{export.MAX_EXPORT_ROWS:,} events. Narrow the filters (years, types, a country)."
    )
else:
    # Built only when a button is clicked (in a thread of its own), not on every rerun. A click
    # must not rerun the page: the rerun would replace the button's deferred file while the
    # browser is asking for it, and the download would fail.
    def matching_events():
        return query.select_events(dataset, mask)

    world = get_world()
    downloads = (
        ("CSV", lambda: export.to_csv(matching_events(), citation), "csv", "text/csv"),
        ("JSON", lambda: export.to_json(matching_events(), citation), "json", "application/json"),
        (
            "GeoJSON",
            lambda: export.to_geojson(matching_events(), world, citation),
            "geojson",
            "application/geo+json",
        ),
    )
    for column, (label, build, extension, mime) in zip(st.columns(3), downloads, strict=True):
        column.download_button(
            f"Download {label}",
            build,
            f"bluebook-events.{extension}",
            mime,
            icon=":material/download:",
            on_click="ignore",
        )

reopen_link_ui()
