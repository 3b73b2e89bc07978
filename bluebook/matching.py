"""When two event rows describe the same event: one rule, used by ingest and by evaluation.

Two events match when they have the same event type, share a country, and their dates agree at
the coarser of the two precisions ("2021-05" matches "2021-05-23" and "2021"). ``ingest`` leaves
out an extracted event that matches one already recorded for its source (so a second ingest of
the same text adds nothing); ``bluebook.evaluate.events`` pairs predicted and gold events by it.
"""

from __future__ import annotations

import pandas as pd

from bluebook.schema import LIST_SEPARATOR


def split_cell(value: str) -> frozenset[str]:
    """Return the set of items of a ``;``-separated cell."""
    return frozenset(item.strip() for item in str(value).split(LIST_SEPARATOR) if item.strip())


def dates_agree(first: str, second: str) -> bool:
    """Tell whether two ISO dates agree at the coarser of their precisions."""
    length = min(len(first), len(second))
    return bool(first) and bool(second) and first[:length] == second[:length]


def events_match(first: pd.Series, second: pd.Series) -> bool:
    """Tell whether two event rows describe the same event (see the module doc)."""
    return (
        first["event_type"] == second["event_type"]
        and bool(split_cell(first["countries"]) & split_cell(second["countries"]))
        and dates_agree(first["date"], second["date"])
    )


def unmatched_events(candidates: pd.DataFrame, recorded: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``candidates`` that match no row of ``recorded``, renumbered from 0."""
    recorded_rows = [row for _, row in recorded.iterrows()]
    keep = [
        not any(events_match(row, other) for other in recorded_rows)
        for _, row in candidates.iterrows()
    ]
    return candidates[keep].reset_index(drop=True)
