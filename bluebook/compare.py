"""Countries side by side: events per year, the mix of types and themes, Japan, counterparts.

``build_comparison`` takes the dataset, the view's filter mask and 2–6 ISO3 codes and returns
plain frames for the compare page. Like ``bluebook.query`` it is vectorised over the arrays of
``Dataset.index`` (one ``bincount`` per figure, a loop over the compared countries at most), so
it stays fast at hundreds of thousands of events. Mixes are shares of each country's own
events, so a country with ten events compares with one with ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from bluebook.dataset import Dataset

TOP_COUNTERPARTS = 5


@dataclass(frozen=True)
class Comparison:
    """The figures of the compare page, every frame in the order of ``countries``.

    ``totals``: iso3, events, japan_events, japan_share (0 when a country has no events).
    ``per_year``: iso3, year, events — every year of ``years`` for every country, zeros kept.
    ``type_shares``: iso3, event_type, events, share (shares of a country sum to 1).
    ``theme_shares``: iso3, theme, events, share (an event can have several themes, so a
    country's shares can sum to more than 1).
    ``counterparts``: iso3, rank, counterpart, events, share — the other countries listed on
    the country's events, most frequent first, at most ``TOP_COUNTERPARTS`` each.
    """

    countries: tuple[str, ...]
    years: tuple[int, int]
    totals: pd.DataFrame
    per_year: pd.DataFrame
    type_shares: pd.DataFrame
    theme_shares: pd.DataFrame
    counterparts: pd.DataFrame


def country_positions(dataset: Dataset, countries: tuple[str, ...]) -> np.ndarray:
    """Position of each code in ``dataset.index.country_codes``; -1 for codes with no events."""
    codes = dataset.index.country_codes
    positions = np.searchsorted(codes, np.asarray(countries, dtype=object))
    found = positions < len(codes)
    found[found] = codes[positions[found]] == np.asarray(countries, dtype=object)[found]
    return np.where(found, positions, -1).astype(np.int64)


def _slot_lookup(positions: np.ndarray, country_count: int) -> np.ndarray:
    """Array over country codes: the slot of a compared country, -1 for the others."""
    slot_of = np.full(country_count, -1, dtype=np.int64)
    slot_of[positions[positions >= 0]] = np.flatnonzero(positions >= 0)
    return slot_of


def build_membership(dataset: Dataset, mask: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Boolean (compared country, event): the event passes ``mask`` and lists that country."""
    index = dataset.index
    membership = np.zeros((len(positions), len(mask)), dtype=bool)
    slots = _slot_lookup(positions, len(index.country_codes))[index.pair_country]
    chosen = (slots >= 0) & mask[index.pair_event]
    membership[slots[chosen], index.pair_event[chosen]] = True
    return membership


def _shares(counts: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """``counts`` (country × item) divided by each country's total; 0 where the total is 0."""
    safe = np.where(totals > 0, totals, 1)[:, None]
    return np.where(totals[:, None] > 0, counts / safe, 0.0)


def _long_frame(
    countries: tuple[str, ...], items: list, counts: np.ndarray, totals: np.ndarray, column: str
) -> pd.DataFrame:
    """One row per (country, item) with a count: iso3, ``column``, events, share."""
    shares = _shares(counts, totals)
    rows, cols = np.nonzero(counts)
    return pd.DataFrame(
        {
            "iso3": np.asarray(countries, dtype=object)[rows],
            column: np.asarray(items, dtype=object)[cols],
            "events": counts[rows, cols].astype("int64"),
            "share": shares[rows, cols],
        }
    )


def _count_codes(membership: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """Per compared country, how many of its events have each code (codes < 0 are skipped)."""
    slots, events = np.nonzero(membership)
    values = codes[events]
    kept = values >= 0
    keys = slots[kept] * size + values[kept]
    return np.bincount(keys, minlength=len(membership) * size).reshape(len(membership), size)


def build_per_year(
    dataset: Dataset, membership: np.ndarray, countries: tuple[str, ...], years: tuple[int, int]
) -> pd.DataFrame:
    """Events per country and year over ``years`` (inclusive), with zero years kept."""
    first, last = years
    span = last - first + 1
    offsets = dataset.events["year"].to_numpy(dtype=np.int64) - first
    offsets = np.where((offsets >= 0) & (offsets < span), offsets, -1)
    counts = _count_codes(membership, offsets, span)
    return pd.DataFrame(
        {
            "iso3": np.repeat(np.asarray(countries, dtype=object), span),
            "year": np.tile(np.arange(first, last + 1, dtype=np.int64), len(countries)),
            "events": counts.reshape(-1).astype("int64"),
        }
    )


def build_type_shares(
    dataset: Dataset, membership: np.ndarray, countries: tuple[str, ...], totals: np.ndarray
) -> pd.DataFrame:
    """Share of each country's events per event type, in taxonomy order."""
    column = dataset.events["event_type"]
    types = list(dataset.taxonomy.event_types)
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.categories.get_indexer(types)  # category code → taxonomy position
        lookup = np.full(len(column.cat.categories) + 1, -1, dtype=np.int64)
        lookup[codes[codes >= 0]] = np.flatnonzero(codes >= 0)
        positions = lookup[column.cat.codes.to_numpy()]
    else:
        positions = pd.Index(types).get_indexer(column.to_numpy())
    counts = _count_codes(membership, positions.astype(np.int64), len(types))
    return _long_frame(countries, types, counts, totals, "event_type")


def build_theme_shares(
    dataset: Dataset,
    mask: np.ndarray,
    positions: np.ndarray,
    countries: tuple[str, ...],
    totals: np.ndarray,
) -> pd.DataFrame:
    """Share of each country's events that carry each theme, in taxonomy order.

    Counted from the (event, country, theme) keys of the index, like
    ``bluebook.query.top_themes_by_country``.
    """
    index = dataset.index
    theme_count = len(index.theme_ids)
    kept = mask[index.country_theme_event]
    keys = index.country_theme_key[kept].astype(np.int64)
    slots = _slot_lookup(positions, len(index.country_codes))[keys // theme_count]
    chosen = slots >= 0
    counts = np.bincount(
        slots[chosen] * theme_count + keys[chosen] % theme_count,
        minlength=len(countries) * theme_count,
    ).reshape(len(countries), theme_count)
    return _long_frame(countries, list(index.theme_ids), counts, totals, "theme")


def build_counterparts(
    dataset: Dataset,
    membership: np.ndarray,
    positions: np.ndarray,
    countries: tuple[str, ...],
    totals: np.ndarray,
    limit: int = TOP_COUNTERPARTS,
) -> pd.DataFrame:
    """For each compared country, the other countries most often listed on its events."""
    index = dataset.index
    codes = index.country_codes
    frames = []
    for slot, iso3 in enumerate(countries):
        counts = np.bincount(
            index.pair_country[membership[slot][index.pair_event]], minlength=len(codes)
        )
        if positions[slot] >= 0:
            counts[positions[slot]] = 0
        present = np.flatnonzero(counts)
        order = present[np.argsort(-counts[present], kind="stable")][:limit]
        frames.append(
            pd.DataFrame(
                {
                    "iso3": iso3,
                    "rank": np.arange(1, len(order) + 1, dtype=np.int64),
                    "counterpart": codes[order].astype(object),
                    "events": counts[order].astype("int64"),
                    "share": counts[order] / max(int(totals[slot]), 1),
                }
            )
        )
    columns = ["iso3", "rank", "counterpart", "events", "share"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def compared_years(dataset: Dataset, membership: np.ndarray) -> tuple[int, int]:
    """First and last year with an event in ``membership``; the dataset's years if none."""
    chosen = membership.any(axis=0)
    if not chosen.any():
        return dataset.years
    years = dataset.events["year"].to_numpy()[chosen]
    return int(years.min()), int(years.max())


def build_comparison(
    dataset: Dataset,
    mask: np.ndarray,
    countries: tuple[str, ...],
    years: tuple[int, int] | None = None,
) -> Comparison:
    """Everything the compare page shows for ``countries`` among the events passing ``mask``.

    ``years`` is the span of the per-year figures (default: from the first to the last year
    with an event of a compared country). Codes with no events in the data give rows of zeros,
    not an error.
    """
    countries = tuple(countries)
    positions = country_positions(dataset, countries)
    membership = build_membership(dataset, mask, positions)
    years = years or compared_years(dataset, membership)
    totals = membership.sum(axis=1).astype(np.int64)
    japan = (membership & dataset.events["japan_involved"].to_numpy(dtype=bool)).sum(axis=1)
    totals_frame = pd.DataFrame(
        {
            "iso3": list(countries),
            "events": totals,
            "japan_events": japan.astype(np.int64),
            "japan_share": _shares(japan[:, None], totals)[:, 0],
        }
    )
    return Comparison(
        countries=countries,
        years=years,
        totals=totals_frame,
        per_year=build_per_year(dataset, membership, countries, years),
        type_shares=build_type_shares(dataset, membership, countries, totals),
        theme_shares=build_theme_shares(dataset, mask, positions, countries, totals),
        counterparts=build_counterparts(dataset, membership, positions, countries, totals),
    )
