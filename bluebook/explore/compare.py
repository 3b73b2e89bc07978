"""Countries side by side: events per year, the mix of types and themes, Japan, counterparts.

``build_comparison`` takes the dataset, the view's filter mask and 2–6 ISO3 codes and returns
plain frames for the compare page. Like ``bluebook.explore.query`` it is vectorised over the
arrays of ``Dataset.index`` (one ``bincount`` per figure, a loop over the compared countries at
most), so it stays fast at hundreds of thousands of events. Mixes are shares of each country's own
events, so a country with ten events compares with one with ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

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


class Pairs(NamedTuple):
    """The events of the compared countries: ``slots[i]`` (the country's place in the
    comparison) lists event row ``events[i]``; one entry per (country, event)."""

    slots: np.ndarray
    events: np.ndarray


def select_pairs(dataset: Dataset, mask: np.ndarray, positions: np.ndarray) -> Pairs:
    """The (compared country, event) pairs of the events passing ``mask``.

    ``slot`` is the country's place in the comparison. Built from the (event, country) pairs
    of the index, so the cost follows the number of pairs, not countries × events.
    """
    index = dataset.index
    slots = _slot_lookup(positions, len(index.country_codes))[index.pair_country]
    chosen = (slots >= 0) & mask[index.pair_event]
    return Pairs(slots[chosen], index.pair_event[chosen].astype(np.int64))


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


def _count_codes(
    slots: np.ndarray, events: np.ndarray, codes: np.ndarray, slot_count: int, size: int
) -> np.ndarray:
    """Per compared country (slot), how many of its events have each code (codes < 0 skipped)."""
    values = codes[events]
    kept = values >= 0
    keys = slots[kept] * size + values[kept]
    return np.bincount(keys, minlength=slot_count * size).reshape(slot_count, size)


def build_per_year(
    dataset: Dataset, pairs: Pairs, countries: tuple[str, ...], years: tuple[int, int]
) -> pd.DataFrame:
    """Events per country and year over ``years`` (inclusive), with zero years kept."""
    first, last = years
    span = last - first + 1
    offsets = dataset.events["year"].to_numpy(dtype=np.int64) - first
    offsets = np.where((offsets >= 0) & (offsets < span), offsets, -1)
    counts = _count_codes(pairs.slots, pairs.events, offsets, len(countries), span)
    return pd.DataFrame(
        {
            "iso3": np.repeat(np.asarray(countries, dtype=object), span),
            "year": np.tile(np.arange(first, last + 1, dtype=np.int64), len(countries)),
            "events": counts.reshape(-1).astype("int64"),
        }
    )


def _taxonomy_positions(column: pd.Series, ids: list[str]) -> np.ndarray:
    """For every row of ``column``, the position of its value in ``ids`` (-1 if absent)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return pd.Index(ids).get_indexer(column.to_numpy()).astype(np.int64)
    found = column.cat.categories.get_indexer(ids)  # taxonomy position → category code
    lookup = np.full(len(column.cat.categories) + 1, -1, dtype=np.int64)  # last slot: code -1
    lookup[found[found >= 0]] = np.flatnonzero(found >= 0)
    return lookup[column.cat.codes.to_numpy()]


def build_type_shares(
    dataset: Dataset, pairs: Pairs, countries: tuple[str, ...], totals: np.ndarray
) -> pd.DataFrame:
    """Share of each country's events per event type, in taxonomy order."""
    types = list(dataset.taxonomy.event_types)
    positions = _taxonomy_positions(dataset.events["event_type"], types)
    counts = _count_codes(pairs.slots, pairs.events, positions, len(countries), len(types))
    return _long_frame(countries, types, counts, totals, "event_type")


def build_theme_shares(
    dataset: Dataset, pairs: Pairs, countries: tuple[str, ...], totals: np.ndarray
) -> pd.DataFrame:
    """Share of each country's events that carry each theme, in taxonomy order."""
    matrix = dataset.theme_matrix
    chosen = matrix.to_numpy(dtype=bool)[pairs.events]
    counts = np.zeros((len(countries), chosen.shape[1]), dtype=np.int64)
    for column in range(chosen.shape[1]):  # one pass per theme, not per event
        counts[:, column] = np.bincount(pairs.slots[chosen[:, column]], minlength=len(countries))
    return _long_frame(countries, list(matrix.columns), counts, totals, "theme")


def _pairs_of_events(dataset: Dataset, events: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (event, country) pair of the given event rows: (which entry of ``events``, pair).

    The index's pairs are in event order, so each event's pairs are one run; the runs are
    gathered without a loop.
    """
    pair_event = dataset.index.pair_event
    per_event = np.bincount(pair_event, minlength=len(dataset.events))
    offsets = np.concatenate([[0], np.cumsum(per_event)])
    starts = offsets[events]
    lengths = per_event[events]
    owner = np.repeat(np.arange(len(events)), lengths)
    run_start = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, np.repeat(starts, lengths) + np.arange(int(lengths.sum())) - run_start


def build_counterparts(
    dataset: Dataset,
    pairs: Pairs,
    positions: np.ndarray,
    countries: tuple[str, ...],
    totals: np.ndarray,
    limit: int = TOP_COUNTERPARTS,
) -> pd.DataFrame:
    """For each compared country, the other countries most often listed on its events.

    Most frequent first, equal counts in ISO3 order; ``share`` is of the country's events.
    """
    index = dataset.index
    codes = index.country_codes
    owner, others = _pairs_of_events(dataset, pairs.events)
    counts = np.bincount(
        pairs.slots[owner] * len(codes) + index.pair_country[others],
        minlength=len(countries) * len(codes),
    ).reshape(len(countries), len(codes))
    found = positions >= 0
    counts[np.flatnonzero(found), positions[found]] = 0  # a country is not its own counterpart
    ranked = np.argsort(-counts, axis=1, kind="stable")[:, :limit]
    top = np.take_along_axis(counts, ranked, axis=1)
    rows, ranks = np.nonzero(top)
    return pd.DataFrame(
        {
            "iso3": np.asarray(countries, dtype=object)[rows],
            "rank": (ranks + 1).astype("int64"),
            "counterpart": codes[ranked[rows, ranks]].astype(object),
            "events": top[rows, ranks].astype("int64"),
            "share": top[rows, ranks] / np.maximum(totals[rows], 1),
        }
    )


def compared_years(dataset: Dataset, pairs: Pairs) -> tuple[int, int]:
    """First and last year with an event of a compared country; the dataset's years if none."""
    if len(pairs.events) == 0:
        return dataset.years
    years = dataset.events["year"].to_numpy()[pairs.events]
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
    pairs = select_pairs(dataset, mask, positions)
    years = years or compared_years(dataset, pairs)
    totals = np.bincount(pairs.slots, minlength=len(countries)).astype(np.int64)
    involved = dataset.events["japan_involved"].to_numpy(dtype=bool)[pairs.events]
    japan = np.bincount(pairs.slots[involved], minlength=len(countries)).astype(np.int64)
    totals_frame = pd.DataFrame(
        {
            "iso3": list(countries),
            "events": totals,
            "japan_events": japan,
            "japan_share": _shares(japan[:, None], totals)[:, 0],
        }
    )
    return Comparison(
        countries=countries,
        years=years,
        totals=totals_frame,
        per_year=build_per_year(dataset, pairs, countries, years),
        type_shares=build_type_shares(dataset, pairs, countries, totals),
        theme_shares=build_theme_shares(dataset, pairs, countries, totals),
        counterparts=build_counterparts(dataset, pairs, positions, countries, totals),
    )


SMALL_NUMBERS = 10
"""Below this many events in the view, a country's shares are not worth comparing."""


def small_countries(totals: pd.DataFrame, threshold: int = SMALL_NUMBERS) -> list[str]:
    """The compared countries (``iso3`` of ``Comparison.totals``) with fewer than
    ``threshold`` events, in the order compared."""
    return [str(code) for code in totals.loc[totals["events"] < threshold, "iso3"]]
