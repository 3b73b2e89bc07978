"""The choropleth layer of one view of the dataset: counts, classes, tooltips, colours."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import folium
import pandas as pd

from bluebook.dataset import Dataset
from bluebook.explore import query
from bluebook.explore.view import ViewState
from bluebook.schema import JAPAN_ISO3
from geo import flows as japan_flows
from geo.choropleth import (
    JAPAN_FILL,
    JAPAN_LABEL,
    Classes,
    build_choropleth_layer,
    classify,
    legend_entries,
)


@dataclass(frozen=True)
class ViewLayer:
    """What the map page draws for a view: the layer, its classes and the counts behind it."""

    layer: folium.FeatureGroup
    classes: Classes
    counts: pd.Series
    total_events: int
    legend_title: str = "Events"
    """What the colours count: "Events" or "Japan-involved events"."""
    flows: japan_flows.Flows | None = None
    """Japan's ties drawn as lines when Japan is selected (``geo.flows``), else None."""

    @property
    def legend(self) -> list[tuple[str, str]]:
        """The colour legend as ``(label, fill)`` pairs: Japan, the classes, no events, no data.

        The map page and the exported image (``geo.image``) both draw this list.
        """
        return [(JAPAN_LABEL, JAPAN_FILL), *legend_entries(self.classes)]


def counting_view(view: ViewState) -> ViewState:
    """The view whose events colour the map: with Japan selected, Japan-involved events only.

    Japan's partners are then coloured by the same counts that set the width of their lines.
    """
    return replace(view, metric="japan") if view.country == JAPAN_ISO3 else view


def build_view_layer(dataset: Dataset, view: ViewState, world: Mapping[str, Any]) -> ViewLayer:
    """Filter the events by ``view``, count them per country and colour the world with them.

    In: the dataset, the view and the cached world FeatureCollection (not modified). Out: the
    layer to pass to ``st_folium(feature_group_to_add=...)`` with the selected country outlined;
    with Japan selected, partners are coloured by Japan-involved events and the layer holds
    Japan's flows (so a layer cached per view carries its own flows).
    """
    counted = counting_view(view)
    mask = query.filter_mask(dataset, counted)
    counts = query.count_by_country(dataset, mask)
    classes = classify(counts.to_dict())
    theme_labels = dataset.taxonomy.themes
    tooltips = {
        iso3: {"top_themes": [theme_labels[theme] for theme in themes]}
        for iso3, themes in query.top_themes_by_country(dataset, mask).items()
    }
    japan_events = int((mask & dataset.events["japan_involved"].to_numpy()).sum())
    tooltips[JAPAN_ISO3] = {
        "count_label": f"{japan_events} events with Japan involved",
        "top_themes": "click for Japan's partners",
        "fill": JAPAN_FILL,
    }
    layer = build_choropleth_layer(
        world,
        counts.to_dict(),
        set(query.covered_countries(dataset)),
        classes,
        tooltips,
        view.country,
    )
    flows = None
    if view.country == JAPAN_ISO3:
        flows = japan_flows.build_japan_flows(dataset, mask, world)
        japan_flows.add_flow_layer(layer, flows, japan_flows.load_anchor_points())
    legend_title = "Japan-involved events" if counted.metric == "japan" else "Events"
    return ViewLayer(layer, classes, counts, int(mask.sum()), legend_title, flows)
