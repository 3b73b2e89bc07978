"""The country panel's charts as Vega-Lite specs written directly, without building Altair charts.

Building an Altair chart validates every channel against the Vega-Lite schema, then
``to_dict`` validates again: about a quarter of a country panel's CPU for three small bar
charts. These functions write the spec Streamlit would make of the same Altair chart
(``st.altair_chart``: Altair's ``to_dict`` with the "none" theme, the data stored as Arrow
bytes under their content hash in ``datasets``), and ``vega_chart_ui`` sends it with
``vega_lite_chart``. ``tests/ui/test_charts.py`` compares the specs with Streamlit's conversion of
the Altair charts in ``ui.panels``, so the charts readers see do not change.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from ui import internals

TIMELINE_HEIGHT = 180
"""Pixels of the timeline's plot area; axes and legend come on top (``fit-x``: only the width
is fitted to the container, so a long legend makes the chart taller instead of being cut)."""
LEGEND_COLUMN_PIXELS = 140
TIMELINE_LEGEND = {
    "columns": {"expr": f"max(1, floor(width / {LEGEND_COLUMN_PIXELS}))"},
    "labelFontSize": 11,
    "labelLimit": LEGEND_COLUMN_PIXELS - 25,
    "orient": "bottom",
}
"""Under the plot, one column per ``LEGEND_COLUMN_PIXELS`` of plot width (an entry is a symbol
and a label of at most ``labelLimit`` pixels, so the columns never outgrow the plot): with 15
event types a legend on the right was taller than the chart and cut off, and took half of a
narrow panel's width."""
TYPE_COLOURS, TYPE_COLOUR_COUNT = "tableau20", 20
"""One colour per event type: the taxonomy has 15; with tableau10 five pairs of types shared one."""
YEAR_AXIS = {"labelAngle": 0, "labelOverlap": "parity"}
"""Years written level; when they do not fit, every other one is dropped until they do."""
BAR_COLOUR = "#2c7fb8"


def _with_data(data: pd.DataFrame, spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with ``data`` attached as Streamlit's Altair conversion attaches it."""
    name, data_bytes = internals.arrow_dataset(data)
    return {
        "data": {"name": name},
        **spec,
        "$schema": alt.SCHEMA_URL,
        "datasets": {name: data_bytes},
    }


def year_span(frame: pd.DataFrame) -> list[int]:
    """Every year from the first to the last of ``frame``: years without events keep their
    place on the timeline (2004 does not stand next to 2019)."""
    if frame.empty:
        return []
    return list(range(int(frame["year"].min()), int(frame["year"].max()) + 1))


def _year_scale(frame: pd.DataFrame) -> dict[str, Any]:
    span = year_span(frame)
    return {"scale": {"domain": span}} if span else {}


def timeline_spec(frame: pd.DataFrame, labels: dict[str, str]) -> dict[str, Any]:
    """Stacked bars of events per year and type (``frame``: year, event_type, events)."""
    data = frame.assign(type=frame["event_type"].map(lambda value: labels.get(value, value)))
    return _with_data(
        data,
        {
            "mark": {"type": "bar"},
            "autosize": {"contains": "padding", "type": "fit-x"},
            "encoding": {
                "color": {
                    "field": "type",
                    "legend": TIMELINE_LEGEND,
                    "scale": {"scheme": TYPE_COLOURS},
                    "title": "Event type",
                    "type": "nominal",
                },
                "tooltip": [
                    {"field": "year", "type": "ordinal"},
                    {"field": "type", "type": "nominal"},
                    {"field": "events", "type": "quantitative"},
                ],
                "x": {
                    "axis": YEAR_AXIS,
                    "field": "year",
                    **_year_scale(frame),
                    "title": "Year",
                    "type": "ordinal",
                },
                "y": {
                    "axis": {"tickMinStep": 1},
                    "field": "events",
                    "title": "Events",
                    "type": "quantitative",
                },
            },
            "height": TIMELINE_HEIGHT,
        },
    )


def bar_spec(counts: pd.Series, labels: dict[str, str], title: str) -> dict[str, Any]:
    """Horizontal bars of ``counts`` (index: ids), largest first, labelled with ``labels``."""
    data = pd.DataFrame(
        {title: [labels.get(key, key) for key in counts.index], "Events": counts.to_numpy()}
    )
    return _with_data(
        data,
        {
            "mark": {"type": "bar", "color": BAR_COLOUR},
            "encoding": {
                "tooltip": [
                    {"field": title, "type": "nominal"},
                    {"field": "Events", "type": "quantitative"},
                ],
                "x": {"axis": {"tickMinStep": 1}, "field": "Events", "type": "quantitative"},
                "y": {"field": title, "sort": "-x", "title": None, "type": "nominal"},
            },
            "height": max(60, 24 * len(data)),
        },
    )


def vega_chart_ui(place: Any, spec: dict[str, Any]) -> None:
    """Draw ``spec`` in ``place`` (a Streamlit container) at the container's width."""
    place.vega_lite_chart(spec=spec, width="stretch")
