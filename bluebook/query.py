"""Filtering and aggregation of the dataset for a view. Pure functions over ``Dataset``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bluebook.dataset import Dataset
from bluebook.view import ViewState


def filter_mask(dataset: Dataset, view: ViewState) -> np.ndarray:
    """Boolean array over ``dataset.events``: True where the event passes the view's filters.

    The selected country and the search text are not filters here (the map keeps every country;
    search applies to the events table only).
    """
    events = dataset.events
    mask = np.ones(len(events), dtype=bool)
    if view.year_from is not None:
        mask &= events["year"].to_numpy() >= view.year_from
    if view.year_to is not None:
        mask &= events["year"].to_numpy() <= view.year_to
    for column, chosen in (
        ("event_type", view.event_types),
        ("level", view.levels),
        ("source_id", view.sources),
    ):
        if chosen:
            mask &= events[column].isin(chosen).to_numpy()
    if view.themes:
        mask &= dataset.theme_matrix[list(view.themes)].to_numpy().any(axis=1)
    if view.japan_only or view.metric == "japan":
        mask &= events["japan_involved"].to_numpy()
    if view.hide_unreviewed:
        mask &= events["reviewed"].to_numpy()
    return mask


def count_by_country(dataset: Dataset, mask: np.ndarray) -> pd.Series:
    """Number of events passing ``mask`` per ISO3 code (only codes with at least one event)."""
    pairs = dataset.event_countries
    kept = mask[pairs["event_index"].to_numpy()]
    return pairs["iso3"][kept].value_counts().astype("int64")


def covered_countries(dataset: Dataset) -> frozenset[str]:
    """Every country that any source reports on, whatever the filters."""
    return frozenset(dataset.event_countries["iso3"].unique())


def country_mask(dataset: Dataset, mask: np.ndarray, iso3: str | None) -> np.ndarray:
    """Narrow ``mask`` to events concerning ``iso3``; Japan (JPN) or None keeps every event."""
    if iso3 is None or iso3 == "JPN":
        return mask
    pairs = dataset.event_countries
    concerned = np.zeros(len(dataset.events), dtype=bool)
    concerned[pairs["event_index"][pairs["iso3"].to_numpy() == iso3].to_numpy()] = True
    return mask & concerned


def search_mask(dataset: Dataset, mask: np.ndarray, text: str) -> np.ndarray:
    """Narrow ``mask`` to events whose title, evidence or actors contain ``text`` (any case)."""
    if not text.strip():
        return mask
    events = dataset.events
    needle = text.strip().casefold()
    haystack = (
        events["title"]
        + " "
        + events["evidence"]
        + " "
        + events["actors_japan"]
        + " "
        + events["actors_partner"]
        + " "
        + events["countries"].map(" ".join)
    ).str.casefold()
    return mask & haystack.str.contains(needle, regex=False).to_numpy()


def select_events(dataset: Dataset, mask: np.ndarray, newest_first: bool = True) -> pd.DataFrame:
    """The events passing ``mask``, newest first by default (ties kept in source order)."""
    chosen = dataset.events[mask]
    return chosen.sort_values("date", ascending=not newest_first, kind="stable")


def top_themes_by_country(
    dataset: Dataset, mask: np.ndarray, limit: int = 3
) -> dict[str, list[str]]:
    """For each country, its most frequent theme ids among the events passing ``mask``."""
    pairs = dataset.event_countries
    kept = pairs[mask[pairs["event_index"].to_numpy()]]
    if kept.empty:
        return {}
    themes = dataset.theme_matrix.to_numpy()[kept["event_index"].to_numpy()]
    per_country = (
        pd.DataFrame(themes, columns=dataset.theme_matrix.columns)
        .groupby(kept["iso3"].to_numpy())
        .sum()
    )
    result: dict[str, list[str]] = {}
    for iso3, row in per_country.iterrows():
        ranked = row[row > 0].sort_values(ascending=False, kind="stable")
        result[str(iso3)] = list(ranked.index[:limit])
    return result


def counts_by(dataset: Dataset, mask: np.ndarray, column: str) -> pd.Series:
    """Events passing ``mask`` counted by ``column`` (``event_type``, ``level``, ``mode``)."""
    counts = dataset.events.loc[mask, column].value_counts()
    return counts[counts > 0].astype("int64")


def theme_counts(dataset: Dataset, mask: np.ndarray) -> pd.Series:
    """Events passing ``mask`` counted by theme (an event counts once for each of its themes)."""
    counts = dataset.theme_matrix[mask].sum()
    return counts[counts > 0].sort_values(ascending=False, kind="stable").astype("int64")


def timeline(dataset: Dataset, mask: np.ndarray) -> pd.DataFrame:
    """Events passing ``mask`` per year and event type: columns year, event_type, events."""
    chosen = dataset.events.loc[mask, ["year", "event_type"]]
    grouped = chosen.groupby(["year", "event_type"], observed=True).size()
    return grouped.rename("events").reset_index()


def partners_of_japan(dataset: Dataset, mask: np.ndarray) -> pd.Series:
    """For Japan's own panel: Japan-involved events passing ``mask`` counted per partner."""
    return count_by_country(dataset, mask & dataset.events["japan_involved"].to_numpy())
