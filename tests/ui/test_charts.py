"""The panel charts' specs are what Streamlit makes of the Altair charts (readers see the same)."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from bluebook.taxonomy import read_taxonomy
from ui.charts import TYPE_COLOUR_COUNT, bar_spec, timeline_spec, year_span

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# The panel charts as they were drawn with Altair: the reference for the specs.


def timeline_chart(frame: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """Stacked bars of events per year and type."""
    data = frame.assign(type=frame["event_type"].map(lambda value: labels.get(value, value)))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O",
                title="Year",
                axis=alt.Axis(labelAngle=0, labelOverlap="parity"),
                scale=alt.Scale(domain=year_span(frame)) if len(frame) else alt.Undefined,
            ),
            y=alt.Y("events:Q", title="Events", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "type:N",
                title="Event type",
                scale=alt.Scale(scheme="tableau20"),
                legend=alt.Legend(
                    orient="bottom",
                    columns=alt.ExprRef("max(1, floor(width / 140))"),
                    labelFontSize=11,
                    labelLimit=115,
                ),
            ),
            tooltip=["year:O", "type:N", "events:Q"],
        )
        .properties(height=180, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    )


def bar_chart(counts: pd.Series, labels: dict[str, str], title: str) -> alt.Chart:
    """Horizontal bars of ``counts`` (index: ids), largest first, labelled with ``labels``."""
    data = pd.DataFrame(
        {title: [labels.get(key, key) for key in counts.index], "Events": counts.to_numpy()}
    )
    return (
        alt.Chart(data)
        .mark_bar(color="#2c7fb8")
        .encode(
            x=alt.X("Events:Q", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(f"{title}:N", sort="-x", title=None),
            tooltip=[f"{title}:N", "Events:Q"],
        )
        .properties(height=max(60, 24 * len(data)))
    )


TYPE_LABELS = {"call": "Telephone call", "visit": "Visit", "meeting": "Bilateral meeting"}


def _timeline(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    years = np.repeat(np.arange(2004, 2004 + int(rng.integers(1, 20))), 3)
    types = np.resize(np.array(["call", "visit", "unknown_type"]), len(years))
    return pd.DataFrame(
        {"year": years, "event_type": types, "events": rng.integers(1, 500, len(years))}
    )


@pytest.mark.parametrize("seed", range(8))
def test_timeline_spec_is_streamlits_conversion_of_the_altair_chart(seed):
    frame = _timeline(seed)
    expected = _convert_altair_to_vega_lite_spec(timeline_chart(frame, TYPE_LABELS))
    assert timeline_spec(frame, TYPE_LABELS) == expected


def test_years_without_events_keep_their_place_on_the_timeline():
    frame = pd.DataFrame({"year": [2004, 2019, 2021], "event_type": "call", "events": [1, 2, 3]})
    spec = timeline_spec(frame, TYPE_LABELS)
    assert spec["encoding"]["x"]["scale"]["domain"] == list(range(2004, 2022))
    assert _convert_altair_to_vega_lite_spec(timeline_chart(frame, TYPE_LABELS)) == spec


@pytest.mark.parametrize("size", [0, 1, 2, 7, 15])
@pytest.mark.parametrize("title", ["Type", "Theme"])
def test_bar_spec_is_streamlits_conversion_of_the_altair_chart(size, title):
    rng = np.random.default_rng(size)
    counts = pd.Series(
        rng.integers(1, 10_000, size), index=[f"id{number}" for number in range(size)]
    ).sort_values(ascending=False)
    labels = {"id0": "Security & <defence>", "id1": "Économie"}
    expected = _convert_altair_to_vega_lite_spec(bar_chart(counts, labels, title))
    assert bar_spec(counts, labels, title) == expected


def _text(spec: dict) -> str:
    return json.dumps({key: value for key, value in spec.items() if key != "datasets"})


def test_the_spec_text_is_the_same_key_order_included():
    frame = _timeline(1)
    counts = pd.Series([5, 3], index=["call", "visit"])
    assert _text(timeline_spec(frame, TYPE_LABELS)) == _text(
        _convert_altair_to_vega_lite_spec(timeline_chart(frame, TYPE_LABELS))
    )
    assert _text(bar_spec(counts, TYPE_LABELS, "Type")) == _text(
        _convert_altair_to_vega_lite_spec(bar_chart(counts, TYPE_LABELS, "Type"))
    )


def test_every_event_type_of_the_taxonomy_has_its_own_colour():
    taxonomy, problems = read_taxonomy(DATA_DIR)
    assert problems == []
    assert 0 < len(taxonomy.event_types) <= TYPE_COLOUR_COUNT
