"""Render functions shared by the pages: they take plain data and draw it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from bluebook.dataset import Dataset
from bluebook.event_pages import page_suffix
from bluebook.explore import query
from bluebook.explore.view import MAX_COMPARED, ViewState, view_to_query
from bluebook.explore.volumes import VolumeSummaries, summaries_by_volume
from bluebook.schema import JAPAN_ISO3
from geo.choropleth import NO_DATA
from ui.charts import bar_spec, timeline_spec, vega_chart_ui
from ui.shared import country_names, escape_markdown

PAGE_SIZE = 20
SUMMARY_BOX_VOLUMES = 4
"""Older volumes shown as plain expanders; past this many they scroll in a box."""
SUMMARY_BOX_PIXELS = 200


def legend_ui(entries: list[tuple[str, str]], metric_label: str) -> None:
    """Draw the map legend as coloured swatches (inert HTML built from our own constants)."""
    swatches = "".join(
        f'<span style="display:inline-flex;align-items:center;margin-right:12px;">'
        f'<span style="width:14px;height:14px;background:{colour};'
        f"border:1px {'dashed' if colour == NO_DATA.fill else 'solid'} #777;"
        f'display:inline-block;margin-right:4px;"></span>{label}</span>'
        for label, colour in entries
    )
    st.markdown(
        f'<div style="font-size:0.85rem;">{metric_label}: {swatches}</div>', unsafe_allow_html=True
    )


def citation(dataset: Dataset, event: pd.Series) -> str:
    """'Diplomatic Bluebook 2022 — (2) Central Asian Countries, paragraph 5' for one event,
    then ', p. 134' when it comes from a PDF (the page where its evidence starts)."""
    # A lookup, not set_index: that copied the sources table (texts included) for every card.
    titles = dict(zip(dataset.sources["source_id"], dataset.sources["title"], strict=True))
    title = titles.get(event["source_id"], event["source_id"])
    page = page_suffix(event.get("page"))
    return f"{title} — {event['section']}, paragraph {event['paragraph']}{page}"


def event_card_ui(dataset: Dataset, event: pd.Series) -> None:
    """One event: date and title, its classification, the evidence sentence and citation."""
    taxonomy = dataset.taxonomy
    names = country_names()
    with st.container(border=True):
        badge = "" if event["reviewed"] else " :orange-badge[unreviewed]"
        st.markdown(
            f"**{escape_markdown(event['date'])}** · {escape_markdown(event['title'])}{badge}"
        )
        themes = ", ".join(taxonomy.themes.get(theme, theme) for theme in event["themes"])
        countries = ", ".join(names.get(code, code) for code in event["countries"])
        st.caption(
            escape_markdown(
                f"{taxonomy.event_types.get(event['event_type'], event['event_type'])} · "
                f"{taxonomy.levels.get(event['level'], event['level'])} · "
                f"{taxonomy.modes.get(event['mode'], event['mode'])} · {themes} · {countries}"
                + (" · Japan involved" if event["japan_involved"] else "")
            )
        )
        st.markdown(f"> {escape_markdown(event['evidence'])}")
        st.caption(f"Source: {escape_markdown(citation(dataset, event))}")


def events_list_ui(dataset: Dataset, events: pd.DataFrame, key: str) -> None:
    """Newest first, PAGE_SIZE at a time with a 'show more' button."""
    if events.empty:
        st.info("No events match the current filters.")
        return
    shown_key = f"{key}_shown"
    shown = st.session_state.get(shown_key, PAGE_SIZE)
    for _, event in events.head(shown).iterrows():
        event_card_ui(dataset, event)
    more = len(events) - shown
    if more > 0 and st.button(f"Show more ({more} left)", key=f"{key}_more"):
        st.session_state[shown_key] = shown + PAGE_SIZE
        st.rerun()


def breakdown_ui(dataset: Dataset, mask) -> None:
    """Timeline, counts by type and counts by theme, in tabs."""
    taxonomy = dataset.taxonomy
    timeline_tab, type_tab, theme_tab = st.tabs(["Timeline", "By type", "By theme"])
    vega_chart_ui(timeline_tab, timeline_spec(query.timeline(dataset, mask), taxonomy.event_types))
    vega_chart_ui(
        type_tab,
        bar_spec(query.counts_by(dataset, mask, "event_type"), taxonomy.event_types, "Type"),
    )
    vega_chart_ui(theme_tab, bar_spec(query.theme_counts(dataset, mask), taxonomy.themes, "Theme"))


def sources_list_ui(sources: pd.DataFrame) -> None:
    """Every source of a view, newest volume first, folded in one expander."""
    ordered = sources.assign(
        _year=pd.to_numeric(sources["volume_year"], errors="coerce")
    ).sort_values("_year", ascending=False, kind="stable")
    with st.expander(f"All {len(ordered)} sources"):
        st.markdown(
            "\n".join(
                f"- {escape_markdown(row.title)} — {escape_markdown(row.attribution)}"
                for row in ordered.itertuples()
            )
        )


def summary_text_ui(title: str, summary: str, draft: bool) -> None:
    """One summary and who wrote it: a person, or (a draft) a template over the events."""
    if draft:
        st.caption(
            f"Draft generated from the events of {escape_markdown(title)}; "
            "not yet written or checked by a reviewer.",
        )
        st.markdown(f"*{escape_markdown(summary)}*")
        return
    st.markdown(escape_markdown(summary))
    st.caption(f"Summary of {escape_markdown(title)}, written for Bluebook Atlas.")


def summaries_ui(volumes: list[VolumeSummaries]) -> None:
    """The newest volume's summaries in full, then one folded expander per older volume."""
    if not volumes:
        return
    for position, (title, summary) in enumerate(volumes[0].summaries):
        summary_text_ui(title, summary, volumes[0].is_draft(position))
    older = volumes[1:]
    if not older:
        return
    first, last = older[-1].volume_year, older[0].volume_year
    years = str(first) if first == last else f"{first}–{last}"
    count = f"{len(older)} earlier volumes" if len(older) > 1 else "the earlier volume"
    st.caption(f"Summaries of {count}, {years}, newest first:")
    # Past a few volumes, the expanders scroll in a box of fixed height, so the timeline and
    # the events stay near the top of the panel however many volumes there are.
    box = st.container(height=SUMMARY_BOX_PIXELS) if len(older) > SUMMARY_BOX_VOLUMES else st
    for volume in older:
        with box.expander(escape_markdown(volume.label)):
            for position, (title, summary) in enumerate(volume.summaries):
                summary_text_ui(title, summary, volume.is_draft(position))


def summary_sources(dataset: Dataset, view: ViewState, selected) -> list[str] | None:
    """The sources whose summaries the panel shows: those with the country's events in the
    view; when there are none, the view's sources (None: all)."""
    used = query.counts_by(dataset, selected, "source_id")
    if len(used):
        return [str(source) for source in used.index]
    return list(view.sources) or None


def compare_with_ui(dataset: Dataset, view: ViewState, iso3: str, key: str) -> None:
    """'Compare with…': choose other countries and open the Compare page with this one first."""
    names = country_names()
    others = sorted(
        query.covered_countries(dataset) - {iso3, JAPAN_ISO3},
        key=lambda code: names.get(code, code),
    )
    with st.popover("Compare with…", icon=":material/compare_arrows:"):
        chosen = st.multiselect(
            f"Countries to compare with {names.get(iso3, iso3)}",
            others,
            max_selections=MAX_COMPARED - 1,
            format_func=lambda code: f"{names.get(code, code)} ({code})",
            placeholder="Choose countries…",
            key=f"{key}_compare_{iso3}",
        )
        if st.button("Open the comparison", key=f"{key}_compare_open_{iso3}"):
            compared = replace(view, countries=(iso3, *chosen))
            st.switch_page("pages/compare.py", query_params=view_to_query(compared))


def country_panel_ui(dataset: Dataset, view: ViewState, iso3: str, key: str, details=None) -> None:
    """Everything about one country under the view's filters (Japan: all its partners).

    With ``details`` (a container below the map), the timeline and the events go there side
    by side, using the page's width, and the panel keeps the summary and the totals.
    """
    names = country_names()
    name = names.get(iso3, iso3)
    mask = query.filter_mask(dataset, view)
    selected = query.country_mask(dataset, mask, iso3)
    if iso3 == JAPAN_ISO3:
        selected = selected & dataset.events["japan_involved"].to_numpy()
    st.subheader(escape_markdown(name))
    if iso3 != JAPAN_ISO3:
        compare_with_ui(dataset, view, iso3, key)
    summaries_ui(
        summaries_by_volume(
            dataset.countries, dataset.sources, iso3, summary_sources(dataset, view, selected)
        )
    )
    if iso3 == JAPAN_ISO3:
        partners = query.partners_of_japan(dataset, mask)
        st.markdown(f"**Japan's partners in this view:** {len(partners)} countries")
        st.dataframe(
            pd.DataFrame(
                {
                    "Partner": [names.get(code, code) for code in partners.index],
                    "Events with Japan": partners.to_numpy(),
                }
            ),
            hide_index=True,
            width="stretch",
            height=220,
        )
    total = int(selected.sum())
    involved = int((selected & dataset.events["japan_involved"].to_numpy()).sum())
    st.markdown(f"**{total}** events in this view, **{involved}** with Japan involved.")
    if total == 0:
        st.info("No events recorded for this country under the current filters.")
        return
    chart_place, events_place = details.columns(2, gap="large") if details else (st, st)
    with chart_place.container():
        breakdown_ui(dataset, selected)
    with events_place.container():
        st.markdown(f"**Events of {escape_markdown(name)}, newest first**")
        events_list_ui(dataset, query.select_events(dataset, selected), key=f"{key}_{iso3}")
