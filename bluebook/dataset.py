"""The dataset as the app uses it: validated tables turned into typed frames.

``load_dataset`` runs the same checks as ``python -m bluebook validate`` and raises
``DataError`` with every problem when the data breaks its contract; past that point the rest of
the code trusts the frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bluebook.errors import DataError
from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from bluebook.tables import LINE_COLUMN, read_table
from bluebook.taxonomy import Taxonomy, read_taxonomy
from bluebook.validate import split_list, validate_data_dir

CATEGORY_COLUMNS = ("event_type", "level", "mode", "source_id", "date_precision")


@dataclass(frozen=True)
class Dataset:
    """Typed, validated tables.

    ``events`` has one row per event (``year`` int, booleans as bool, ``paragraph`` int,
    ``countries`` and ``themes`` as tuples); ``event_countries`` has one row per (event, country)
    with the event's row position in ``event_index``; ``theme_matrix`` is a boolean frame with
    one column per theme id, aligned with ``events``.
    """

    events: pd.DataFrame
    event_countries: pd.DataFrame
    theme_matrix: pd.DataFrame
    countries: pd.DataFrame
    sources: pd.DataFrame
    taxonomy: Taxonomy

    @property
    def years(self) -> tuple[int, int]:
        """The first and last year with events (the current year's span when empty)."""
        if self.events.empty:
            return (2021, 2021)
        return int(self.events["year"].min()), int(self.events["year"].max())


def build_events_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Type a validated events table (all strings) for querying."""
    events = raw.drop(columns=[LINE_COLUMN], errors="ignore").reset_index(drop=True).copy()
    events["year"] = events["date"].str.slice(0, 4).astype("int64")
    events["japan_involved"] = events["japan_involved"].eq("true")
    events["reviewed"] = events["reviewed"].eq("true")
    events["paragraph"] = events["paragraph"].astype("int64")
    events["countries"] = events["countries"].map(lambda value: tuple(split_list(value)))
    events["themes"] = events["themes"].map(lambda value: tuple(split_list(value)))
    for column in CATEGORY_COLUMNS:
        events[column] = events[column].astype("category")
    return events


def build_event_countries(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, country): columns ``event_index`` and ``iso3``."""
    exploded = events["countries"].explode().dropna()
    return pd.DataFrame(
        {"event_index": exploded.index.to_numpy(), "iso3": exploded.to_numpy(dtype=object)}
    )


def build_theme_matrix(events: pd.DataFrame, theme_ids: list[str]) -> pd.DataFrame:
    """Boolean frame, one column per theme id, True where the event has that theme."""
    return pd.DataFrame(
        {theme: events["themes"].map(lambda themes, t=theme: t in themes) for theme in theme_ids},
        index=events.index,
        dtype=bool,
    )


def load_dataset(data_dir: Path, country_codes: frozenset[str] | None = None) -> Dataset:
    """Validate and load ``data_dir``; raise ``DataError`` listing every problem if any."""
    data_dir = Path(data_dir)
    problems = validate_data_dir(data_dir, country_codes)
    if problems:
        raise DataError(problems)
    taxonomy, _ = read_taxonomy(data_dir)
    assert taxonomy is not None  # validated above
    events = build_events_frame(read_table(data_dir / "events.csv", EVENT_COLUMNS).frame)
    countries = read_table(data_dir / "countries.csv", COUNTRY_COLUMNS).frame
    sources = read_table(data_dir / "sources" / "sources.csv", SOURCE_COLUMNS).frame
    return Dataset(
        events=events,
        event_countries=build_event_countries(events),
        theme_matrix=build_theme_matrix(events, list(taxonomy.themes)),
        countries=countries.drop(columns=[LINE_COLUMN]),
        sources=sources.drop(columns=[LINE_COLUMN]),
        taxonomy=taxonomy,
    )
