"""Compare page: 2–6 countries side by side under the sidebar filters (``?countries=KAZ,UZB``).

Widgets and charts only; the figures come from ``bluebook.explore.compare.build_comparison``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from bluebook.dataset import Dataset
from bluebook.explore import compare, query
from bluebook.explore.view import MAX_COMPARED, ViewState
from bluebook.schema import JAPAN_ISO3
from ui.shared import country_names, coverage_ui, escape_markdown, page_setup, set_compared

MIN_COMPARED = 2
COLOURS = "tableau10"
ROW_PIXELS = 30
PERCENT_AXIS = alt.Axis(format="%", tickCount=5)


def countries_ui(dataset: Dataset, view: ViewState, names: dict[str, str]) -> tuple[str, ...]:
    """The countries to compare, chosen in a multiselect (countries with events listed first)."""
    covered = sorted(query.covered_countries(dataset), key=lambda code: names.get(code, code))
    others = sorted(
        set(names) - set(covered) - {JAPAN_ISO3}, key=lambda code: names.get(code, code)
    )
    options = list(dict.fromkeys([*view.countries, *covered, *others]))
    chosen = st.multiselect(
        f"Countries to compare ({MIN_COMPARED} to {MAX_COMPARED})",
        options,
        default=list(view.countries),
        max_selections=MAX_COMPARED,
        format_func=lambda code: f"{names.get(code, code)} ({code})",
        placeholder="Choose countries…",
    )
    return tuple(chosen)


def per_year_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """One line per country: events per year."""
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("events:Q", title="Events", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("country:N", title="Country", sort=order, scale=_scale(order)),
            tooltip=["country:N", "year:O", "events:Q"],
        )
        .properties(height=260)
    )


def _scale(order: list[str]) -> alt.Scale:
    return alt.Scale(domain=order, scheme=COLOURS)


def type_mix_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """One bar per country, split by event type, each bar 100% of the country's events."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort=order),
            x=alt.X("share:Q", title="Share of the country's events", axis=PERCENT_AXIS),
            color=alt.Color(
                "type:N",
                title="Event type",
                scale=alt.Scale(scheme="tableau20"),
                legend=alt.Legend(orient="bottom", columns=4, labelLimit=200),
            ),
            order=alt.Order("type:N"),
            tooltip=[
                "country:N",
                "type:N",
                "events:Q",
                alt.Tooltip("share:Q", format=".0%", title="share"),
            ],
        )
        .properties(height=alt.Step(ROW_PIXELS))
    )


def theme_mix_chart(frame: pd.DataFrame, order: list[str], themes: list[str]) -> alt.Chart:
    """A grid of themes by countries: the share of each country's events with that theme."""
    base = alt.Chart(frame).encode(
        x=alt.X("country:N", title=None, sort=order, axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("theme:N", title=None, sort=themes, axis=alt.Axis(labelLimit=250)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "share:Q",
            title="Share",
            scale=alt.Scale(scheme="yellowgreenblue", domain=[0, 1]),
            legend=alt.Legend(format="%"),
        ),
        tooltip=[
            "country:N",
            "theme:N",
            "events:Q",
            alt.Tooltip("share:Q", format=".0%", title="share"),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("share:Q", format=".0%"),
        color=alt.condition(alt.datum.share > 0.5, alt.value("white"), alt.value("black")),
    )
    return (cells + labels).properties(height=alt.Step(ROW_PIXELS))


def japan_chart(frame: pd.DataFrame, order: list[str]) -> alt.Chart:
    """The share of each country's events that Japan took part in."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("country:N", title=None, sort=order),
            x=alt.X(
                "japan_share:Q",
                title="Share of events with Japan involved",
                scale=alt.Scale(domain=[0, 1]),
                axis=PERCENT_AXIS,
            ),
            color=alt.Color("country:N", legend=None, sort=order, scale=_scale(order)),
            tooltip=[
                "country:N",
                "events:Q",
                alt.Tooltip("japan_events:Q", title="with Japan"),
                alt.Tooltip("japan_share:Q", format=".0%", title="share"),
            ],
        )
        .properties(height=alt.Step(ROW_PIXELS))
    )


def counterparts_ui(result: compare.Comparison, names: dict[str, str]) -> None:
    """For each country, the countries most often listed with it, side by side."""
    for column, iso3 in zip(st.columns(len(result.countries)), result.countries, strict=True):
        rows = result.counterparts[result.counterparts["iso3"] == iso3]
        column.markdown(f"**{escape_markdown(names.get(iso3, iso3))}**")
        if rows.empty:
            column.caption("No other country on its events in this view.")
            continue
        column.dataframe(
            pd.DataFrame(
                {
                    "Counterpart": [names.get(code, code) for code in rows["counterpart"]],
                    "Events": rows["events"].to_numpy(),
                    "Share": (rows["share"] * 100).round().astype(int).astype(str) + "%",
                }
            ),
            hide_index=True,
            width="stretch",
        )


def full_grid(frame: pd.DataFrame, countries: tuple[str, ...], column: str) -> pd.DataFrame:
    """``frame`` with a zero row for every (country, item) missing, so the grid has no holes."""
    items = list(dict.fromkeys(frame[column]))
    grid = pd.MultiIndex.from_product([list(countries), items], names=["iso3", column])
    return (
        frame.set_index(["iso3", column])
        .reindex(grid, fill_value=0)
        .reset_index()
        .astype({"events": "int64", "share": "float64"})
    )


def comparison_ui(dataset: Dataset, result: compare.Comparison, names: dict[str, str]) -> None:
    """Every figure of the comparison: totals, per year, type and theme mixes, counterparts."""
    taxonomy = dataset.taxonomy
    order = [names.get(code, code) for code in result.countries]

    def named(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(country=frame["iso3"].map(lambda code: names.get(code, code)))

    totals = named(result.totals)
    st.dataframe(
        pd.DataFrame(
            {
                "Country": totals["country"],
                "Events": totals["events"],
                "With Japan involved": totals["japan_events"],
                "Share with Japan": [
                    f"{share:.0%}" if events else "–"
                    for share, events in zip(totals["japan_share"], totals["events"], strict=True)
                ],
            }
        ),
        hide_index=True,
    )
    small = compare.small_countries(result.totals)
    if small:
        named_small = ", ".join(escape_markdown(names.get(code, code)) for code in small)
        st.warning(
            f"Small numbers: shares are unreliable. {named_small} "
            f"{'has' if len(small) == 1 else 'have'} fewer than {compare.SMALL_NUMBERS} events "
            "in this view; a share of one or two events says little.",
            icon=":material/warning:",
        )
    first, last = result.years
    st.subheader(f"Events per year, {first}–{last}")
    st.altair_chart(per_year_chart(named(result.per_year), order), width="stretch")
    st.subheader("Mix of event types")
    st.caption("Shares of each country's own events, so large and small countries compare.")
    types = named(result.type_shares)
    types["type"] = types["event_type"].map(lambda value: taxonomy.event_types.get(value, value))
    st.altair_chart(type_mix_chart(types, order), width="stretch")
    st.subheader("Mix of themes")
    st.caption("Share of each country's events with the theme (an event can have several).")
    themes = named(full_grid(result.theme_shares, result.countries, "theme"))
    themes["theme"] = themes["theme"].map(lambda value: taxonomy.themes.get(value, value))
    theme_order = [label for label in taxonomy.themes.values() if label in set(themes["theme"])]
    st.altair_chart(theme_mix_chart(themes, order, theme_order), width="stretch")
    st.subheader("Japan involved")
    st.altair_chart(japan_chart(totals, order), width="stretch")
    st.subheader("Most frequent counterparts")
    st.caption(
        "Other countries listed on the same events (Japan is never listed; see above). "
        "Share: of the country's events in this view."
    )
    counterparts_ui(result, names)


dataset, view = page_setup("compare")
st.title("Compare countries")
coverage_ui(dataset, view)
names = country_names()
chosen = countries_ui(dataset, view, names)
if chosen != view.countries:
    set_compared(chosen)
    st.rerun()
if len(view.countries) < MIN_COMPARED:
    st.info(
        f"Choose at least {MIN_COMPARED} countries (up to {MAX_COMPARED}) to put them side by "
        "side. The sidebar filters apply to every country."
    )
else:
    mask = query.filter_mask(dataset, view)
    comparison_ui(dataset, compare.build_comparison(dataset, mask, view.countries), names)
