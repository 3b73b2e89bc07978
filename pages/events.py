"""Events page: the filtered events as a searchable table, downloadable as CSV, JSON, GeoJSON."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from bluebook.dataset import Dataset
from bluebook.explore import export, query
from bluebook.explore.coverage import short_source_titles
from bluebook.explore.view import ViewState, view_to_query
from ui.cache import get_dataset_zip, get_world
from ui.panels import citation as event_citation
from ui.panels import sources_list_ui
from ui.review_history import reopen_link_ui
from ui.shared import (
    country_names,
    coverage_ui,
    escape_markdown,
    page_setup,
    safe_link,
    set_search,
    view_link,
)

TABLE_ROWS = 500
TABLE_COLUMNS = {
    "date": "Date",
    "title": st.column_config.TextColumn("Title", width="large"),
    "countries": "Countries",
    "event_type": "Type",
    "level": "Level",
    "mode": "Mode",
    "themes": "Themes",
    "japan_involved": "Japan",
    "reviewed": "Reviewed",
    "evidence": st.column_config.TextColumn(
        "Evidence (source sentence)", width="large", help="Select the row to read it in full."
    ),
    "source": "Source",
    "section": "Section",
    "paragraph": "¶",
    "page": st.column_config.TextColumn("p.", help="PDF page of the evidence"),
    "link": st.column_config.LinkColumn(
        "Ministry page",
        display_text=r"https?://([^/]+)/.*",
        help="The source on the Ministry's site",
    ),
}
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


def people_table(dataset: Dataset, events: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The page's events as people read them: names, labels, short source titles, links."""
    taxonomy = dataset.taxonomy
    short_titles = short_source_titles(dataset.sources)
    urls = dict(zip(dataset.sources["source_id"], dataset.sources["url"], strict=True))
    return pd.DataFrame(
        {
            "date": events["date"].to_numpy(),
            "title": events["title"].to_numpy(),
            "countries": [
                ", ".join(names.get(code, code) for code in codes) for codes in events["countries"]
            ],
            "event_type": events["event_type"].map(taxonomy.event_types).astype(str).to_numpy(),
            "level": events["level"].map(taxonomy.levels).astype(str).to_numpy(),
            "mode": events["mode"].map(taxonomy.modes).astype(str).to_numpy(),
            "themes": [
                ", ".join(taxonomy.themes.get(theme, theme) for theme in themes)
                for themes in events["themes"]
            ],
            "japan_involved": events["japan_involved"].to_numpy(dtype=bool),
            "reviewed": events["reviewed"].to_numpy(dtype=bool),
            "evidence": events["evidence"].to_numpy(),
            "source": [short_titles.get(source, source) for source in events["source_id"]],
            "section": events["section"].to_numpy(),
            "paragraph": events["paragraph"].to_numpy(),
            "page": ["" if page is None else str(page) for page in export.event_pages(events)],
            "link": [safe_link(urls.get(source)) for source in events["source_id"]],
        }
    )


def event_detail_ui(dataset: Dataset, event: pd.Series) -> None:
    """One event in full: title, date, evidence quoted whole, citation and the source's page."""
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(event['title'])}** ({escape_markdown(event['date'])})")
        st.markdown(f"> {escape_markdown(event['evidence'])}")
        st.caption(escape_markdown(event_citation(dataset, event)))
        url = dataset.sources.set_index("source_id")["url"].get(event["source_id"])
        link = safe_link(url)
        if link:
            st.markdown(f"[The source's page on the Ministry's site]({link})")


dataset, view = page_setup("events")
st.title("Events")
coverage_ui(dataset, view)
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
table = people_table(dataset, events, names)
selection = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    column_config=TABLE_COLUMNS,
    on_select="rerun",
    selection_mode="single-row",
    # A new view or page starts with no row selected (row positions mean other events).
    key=f"events_table_{page}_{abs(hash(view))}",
)
rows = selection.selection.rows if selection else []
if rows:
    event_detail_ui(dataset, events.iloc[rows[0]])
else:
    st.caption("Select a row (the box at its left) to read its evidence in full.")
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
    taxonomy_ids = {
        "event_type": list(dataset.taxonomy.event_types),
        "themes": list(dataset.taxonomy.themes),
    }
    link = view_link(view, "events")
    downloads = (
        (
            "Download CSV",
            lambda: export.to_csv(matching_events(), sources, names),
            "bluebook-events.csv",
            "text/csv",
        ),
        (
            "Download JSON",
            lambda: export.to_json(matching_events(), sources, names, citation),
            "bluebook-events.json",
            "application/json",
        ),
        (
            "Download GeoJSON",
            lambda: export.to_geojson(matching_events(), world, sources, taxonomy_ids, citation),
            "bluebook-events.geojson",
            "application/geo+json",
        ),
        (
            "Download citation",
            lambda: export.citation_text(citation, link, cited),
            "bluebook-events-citation.txt",
            "text/plain",
        ),
    )
    for column, (label, build, file_name, mime) in zip(
        st.columns(len(downloads)), downloads, strict=True
    ):
        column.download_button(
            label, build, file_name, mime, icon=":material/download:", on_click="ignore"
        )
    st.caption(
        "The CSV is a plain table (UTF-8 with a byte-order mark, so that Excel reads accents "
        "right; cells that would start a spreadsheet formula begin with an apostrophe). Cite it "
        "with the citation file, which also holds the link to this view."
    )

st.subheader("The whole dataset")
st.caption(
    "Every table of the atlas and every source text, as they are, in a zip with a "
    "Frictionless Data Package description (datapackage.json: each table's fields, types and "
    "keys), whatever the filters."
)
st.download_button(
    "Download the dataset",
    get_dataset_zip,
    "bluebook-atlas-data.zip",
    "application/zip",
    icon=":material/folder_zip:",
    on_click="ignore",
)

reopen_link_ui()
