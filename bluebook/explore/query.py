"""Filtering and aggregation of the dataset for a view. Pure functions over ``Dataset``.

Everything here is vectorised over the arrays of ``Dataset.index`` (category codes, the
(event, country) pairs, the (event, country, theme) keys, the date order): no Python loop runs
per event, so a new view over a million events takes tens of milliseconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bluebook.dataset import Dataset
from bluebook.explore.view import ViewState, year_range
from bluebook.schema import JAPAN_ISO3

SEARCH_COLUMNS = ("title", "evidence", "actors_japan", "actors_partner")


def _is_one_of(column: pd.Series, chosen: tuple[str, ...]) -> np.ndarray:
    """Boolean array: the value of ``column`` is one of ``chosen`` (by category code if it can)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.isin(chosen).to_numpy()
    categorical = column.array
    lookup = np.zeros(len(categorical.categories) + 1, dtype=bool)  # the last slot: code -1
    positions = categorical.categories.get_indexer(list(chosen))
    lookup[positions[positions >= 0]] = True
    return lookup[categorical.codes]


def filter_mask(dataset: Dataset, view: ViewState) -> np.ndarray:
    """Boolean array over ``dataset.events``: True where the event passes the view's filters.

    Years the view leaves open default to the years the loaded volumes narrate
    (``Dataset.narrated_years``; ``bluebook.explore.view.year_range``).

    The selected country and the search text are not filters here (the map keeps every country;
    search applies to the events table only).
    """
    events = dataset.events
    mask = np.ones(len(events), dtype=bool)
    first, last = year_range(view, dataset.narrated_years)
    years = events["year"].to_numpy()
    if len(years) and (first > years.min() or last < years.max()):
        mask &= (years >= first) & (years <= last)
    for column, chosen in (
        ("event_type", view.event_types),
        ("level", view.levels),
        ("source_id", view.sources),
    ):
        if chosen:
            mask &= _is_one_of(events[column], chosen)
    if view.themes:
        matrix = dataset.theme_matrix
        mask &= np.logical_or.reduce([matrix[theme].to_numpy(dtype=bool) for theme in view.themes])
    if view.japan_only or view.metric == "japan":
        mask &= events["japan_involved"].to_numpy(dtype=bool)
    if view.hide_unreviewed:
        mask &= events["reviewed"].to_numpy(dtype=bool)
    return mask


def _country_totals(dataset: Dataset, mask: np.ndarray) -> np.ndarray:
    index = dataset.index
    kept = mask[index.pair_event]
    return np.bincount(index.pair_country[kept], minlength=len(index.country_codes))


def count_by_country(dataset: Dataset, mask: np.ndarray) -> pd.Series:
    """Number of events passing ``mask`` per ISO3 code (only codes with at least one event).

    Largest first; equal counts in ISO3 order.
    """
    totals = _country_totals(dataset, mask)
    present = np.flatnonzero(totals)
    order = present[np.argsort(-totals[present], kind="stable")]
    return pd.Series(
        totals[order].astype("int64"),
        index=pd.Index(dataset.index.country_codes[order], name="iso3"),
        name="count",
    )


def covered_countries(dataset: Dataset) -> frozenset[str]:
    """Every country that any source reports on, whatever the filters."""
    return frozenset(dataset.index.country_codes)


def country_mask(dataset: Dataset, mask: np.ndarray, iso3: str | None) -> np.ndarray:
    """Narrow ``mask`` to events concerning ``iso3``; Japan (JPN) or None keeps every event."""
    if iso3 is None or iso3 == JAPAN_ISO3:
        return mask
    index = dataset.index
    concerned = np.zeros(len(dataset.events), dtype=bool)
    position = int(np.searchsorted(index.country_codes, iso3))
    if position < len(index.country_codes) and index.country_codes[position] == iso3:
        concerned[index.pair_event[index.pair_country == position]] = True
    return mask & concerned


def _arrow_strings(column: pd.Series) -> pa.ChunkedArray:
    values = pa.array(column.array, type=pa.large_string())
    return values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])


def search_mask(dataset: Dataset, mask: np.ndarray, text: str) -> np.ndarray:
    """Narrow ``mask`` to events whose title, evidence, actors or countries contain ``text``.

    Case-insensitive (Unicode simple case folding: "ß" does not match "SS"), each field on its
    own, in Arrow; when the filters keep few events only those rows are searched.
    """
    needle = text.strip()
    rows = np.flatnonzero(mask)
    if not needle or len(rows) == 0:
        return mask
    columns = [_arrow_strings(dataset.events[column]) for column in SEARCH_COLUMNS]
    columns.append(pa.chunked_array([dataset.index.countries_text]))
    narrow = len(rows) < len(mask) // 2
    found = np.zeros(len(rows) if narrow else len(mask), dtype=bool)
    for values in columns:
        if narrow:
            values = pc.take(values, pa.array(rows))
        hits = pc.match_substring(values, needle, ignore_case=True)
        found |= hits.to_numpy(zero_copy_only=False).astype(bool)
    if narrow:
        result = np.zeros_like(mask)
        result[rows[found]] = True
        return result
    return mask & found


def select_events(
    dataset: Dataset,
    mask: np.ndarray,
    newest_first: bool = True,
    start: int = 0,
    limit: int | None = None,
) -> pd.DataFrame:
    """The events passing ``mask``, newest first by default (ties kept in source order).

    ``start`` and ``limit`` cut a page out of that order; only the page's rows are copied.
    """
    order = dataset.index.newest_first if newest_first else dataset.index.oldest_first
    chosen = order[mask[order]][max(start, 0) :]
    if limit is not None:
        chosen = chosen[: max(limit, 0)]
    return dataset.events.take(chosen)


def top_themes_by_country(
    dataset: Dataset, mask: np.ndarray, limit: int = 3
) -> dict[str, list[str]]:
    """For each country, its most frequent theme ids among the events passing ``mask``.

    Countries in ISO3 order; themes by count, equal counts in taxonomy order.
    """
    index = dataset.index
    theme_count = len(index.theme_ids)
    country_count = len(index.country_codes)
    kept = mask[index.country_theme_event]
    counts = np.bincount(
        index.country_theme_key[kept], minlength=country_count * theme_count
    ).reshape(country_count, theme_count)
    ranked = np.argsort(-counts, axis=1, kind="stable")[:, :limit]
    result: dict[str, list[str]] = {}
    for position in np.flatnonzero(_country_totals(dataset, mask)):
        result[str(index.country_codes[position])] = [
            index.theme_ids[theme] for theme in ranked[position] if counts[position, theme] > 0
        ]
    return result


def counts_by(dataset: Dataset, mask: np.ndarray, column: str) -> pd.Series:
    """Events passing ``mask`` counted by ``column`` (``event_type``, ``level``, ``mode``).

    Largest first; only values with events.
    """
    values = dataset.events[column]
    if not isinstance(values.dtype, pd.CategoricalDtype):
        counts = values[mask].value_counts()
        return counts[counts > 0].astype("int64")
    categorical = values.array
    codes = categorical.codes[mask]
    totals = np.bincount(codes[codes >= 0], minlength=len(categorical.categories))
    present = np.flatnonzero(totals)
    order = present[np.argsort(-totals[present], kind="stable")]
    return pd.Series(
        totals[order].astype("int64"),
        index=pd.Index(np.asarray(categorical.categories)[order], name=column),
        name="count",
    )


def theme_counts(dataset: Dataset, mask: np.ndarray) -> pd.Series:
    """Events passing ``mask`` counted by theme (an event counts once for each of its themes)."""
    matrix = dataset.theme_matrix
    totals = matrix.to_numpy(dtype=bool)[mask].sum(axis=0)
    counts = pd.Series(totals.astype("int64"), index=matrix.columns)
    return counts[counts > 0].sort_values(ascending=False, kind="stable")


def timeline(dataset: Dataset, mask: np.ndarray) -> pd.DataFrame:
    """Events passing ``mask`` per year and event type: columns year, event_type, events."""
    chosen = dataset.events.loc[mask, ["year", "event_type"]]
    grouped = chosen.groupby(["year", "event_type"], observed=True).size()
    return grouped.rename("events").reset_index()


def partners_of_japan(dataset: Dataset, mask: np.ndarray) -> pd.Series:
    """For Japan's own panel: Japan-involved events passing ``mask`` counted per partner."""
    return count_by_country(dataset, mask & dataset.events["japan_involved"].to_numpy())
