"""The dataset as the app uses it: validated tables turned into typed frames.

``load_dataset`` runs the same checks as ``python -m bluebook validate`` and raises
``DataError`` with every problem when the data breaks its contract; past that point the rest of
the code trusts the frames. Given a ``cache_dir``, it keeps a validated Arrow snapshot there
(see ``bluebook.snapshot``) and later loads read the snapshot instead of validating the CSV
files again, as long as nothing they depend on has changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from bluebook import snapshot
from bluebook.errors import DataError
from bluebook.event_pages import build_event_pages
from bluebook.tables import LINE_COLUMN
from bluebook.taxonomy import Taxonomy, read_taxonomy
from bluebook.validate import check_data_dir, split_list

CATEGORY_COLUMNS = ("event_type", "level", "mode", "source_id", "date_precision")
LIST_COLUMNS = ("countries", "themes")
TEXT_DTYPE = pd.StringDtype(na_value=np.nan)
"""pandas' default string type (Arrow-backed): compact, and fast to filter and search."""


def narrated_years(sources: pd.DataFrame, data_years: tuple[int, int]) -> tuple[int, int]:
    """The years the loaded volumes narrate, within the years that have events.

    In: the sources table (``volume_year``) and the first and last year with events. Out:
    (first, last). Without a usable volume year, or when the two spans do not meet, the data's
    own years.
    """
    years = pd.to_numeric(sources["volume_year"], errors="coerce").dropna()
    if years.empty:
        return data_years
    first = max(int(years.min()) - 1, data_years[0])
    last = min(int(years.max()), data_years[1])
    return (first, last) if first <= last else data_years


@dataclass(frozen=True)
class EventIndex:
    """Arrays derived once from the frames, for vectorised queries (see ``bluebook.explore.query``).

    ``pair_event``/``pair_country``: ``event_countries`` as an event row and a code into
    ``country_codes`` (sorted ISO3). ``country_theme_event``/``country_theme_key``: one entry
    per (event, country, theme), keyed ``country code * len(theme_ids) + theme position``.
    ``newest_first``: event rows by date, newest first, ties in file order.
    ``countries_text``: each event's ISO3 codes joined by spaces, for the text search.
    """

    pair_event: np.ndarray
    pair_country: np.ndarray
    country_codes: np.ndarray
    theme_ids: tuple[str, ...]
    country_theme_event: np.ndarray
    country_theme_key: np.ndarray
    newest_first: np.ndarray
    oldest_first: np.ndarray
    countries_text: pa.Array


@dataclass(frozen=True)
class Dataset:
    """Typed, validated tables.

    ``events`` has one row per event (``year`` int, booleans as bool, ``paragraph`` int,
    ``countries`` and ``themes`` as tuples, text as pandas strings, vocabularies as
    categoricals, ``page`` the PDF page where the evidence starts, ``<NA>`` for events of
    sources not read from a PDF: see ``bluebook.event_pages``); ``event_countries`` has one row
    per (event, country) with the event's row position in ``event_index`` and a categorical
    ``iso3``; ``theme_matrix`` is a boolean frame
    with one column per theme id, aligned with ``events``.
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

    @cached_property
    def narrated_years(self) -> tuple[int, int]:
        """The years the loaded volumes narrate, within ``years``: the default year range."""
        return narrated_years(self.sources, self.years)

    @cached_property
    def index(self) -> EventIndex:
        """The query arrays, built on first use (``load_dataset`` builds them up front)."""
        return build_event_index(self)


def _date_sort_key(dates: pd.Series) -> np.ndarray:
    """Integers ordered as the ISO dates are: '2021' < '2021-01' < '2021-01-01' < '2021-02'."""
    digits = dates.astype(TEXT_DTYPE).str.replace("-", "", regex=False).str.ljust(8, "0")
    return digits.astype("int64").to_numpy() if len(dates) else np.zeros(0, dtype=np.int64)


def build_event_index(dataset: Dataset) -> EventIndex:
    """Compute the query arrays of ``dataset`` (vectorised; about a second at 1M events)."""
    pairs = dataset.event_countries
    iso3 = pairs["iso3"].astype("category")
    pair_event = pairs["event_index"].to_numpy(dtype=np.int32)
    pair_country = iso3.cat.codes.to_numpy().astype(np.int32)
    theme_ids = tuple(dataset.theme_matrix.columns)
    events_parts, keys_parts = [], []
    for position, theme in enumerate(theme_ids):
        has_theme = dataset.theme_matrix[theme].to_numpy(dtype=bool)[pair_event]
        events_parts.append(pair_event[has_theme])
        keys_parts.append(pair_country[has_theme] * len(theme_ids) + position)
    key = _date_sort_key(dataset.events["date"])
    by_event = np.argsort(pair_event, kind="stable")
    offsets = np.concatenate(
        [[0], np.cumsum(np.bincount(pair_event, minlength=len(dataset.events)))]
    ).astype(np.int32)
    codes = pc.take(pa.array(iso3.cat.categories, pa.string()), pa.array(pair_country[by_event]))
    return EventIndex(
        pair_event=pair_event,
        pair_country=pair_country,
        country_codes=np.asarray(iso3.cat.categories, dtype=object),
        theme_ids=theme_ids,
        country_theme_event=np.concatenate([np.zeros(0, np.int32), *events_parts]),
        country_theme_key=np.concatenate([np.zeros(0, np.int32), *keys_parts]),
        newest_first=np.argsort(-key, kind="stable").astype(np.int32),
        oldest_first=np.argsort(key, kind="stable").astype(np.int32),
        countries_text=pc.binary_join(pa.ListArray.from_arrays(offsets, codes), " "),
    )


def _tuples(values: pa.ListArray | pa.ChunkedArray) -> np.ndarray:
    """One Python tuple per row of an Arrow list array, as an object array.

    Rows are grouped by length so that ``zip`` builds the tuples in C, a few passes in all.
    """
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    flat = values.flatten().to_numpy(zero_copy_only=False)
    offsets = values.offsets.to_numpy()
    lengths = np.diff(offsets)
    result = np.empty(len(values), dtype=object)
    for length in np.unique(lengths):
        rows = np.flatnonzero(lengths == length)
        starts = offsets[:-1][rows]
        columns = [flat[starts + position] for position in range(length)]
        tuples = list(zip(*columns, strict=True)) if length else [()] * len(rows)
        result[rows] = pd.Series(tuples, dtype=object).to_numpy()
    return result


def build_events_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Type a validated events table (all strings) for querying."""
    events = raw.drop(columns=[LINE_COLUMN], errors="ignore").reset_index(drop=True)
    typed = pd.DataFrame(index=events.index)
    for column in events.columns:
        if column in LIST_COLUMNS:
            typed[column] = events[column].map(lambda value: tuple(split_list(value)))
        elif column in ("japan_involved", "reviewed"):
            typed[column] = events[column].eq("true").to_numpy()
        elif column == "paragraph":
            typed[column] = events[column].astype("int64")
        elif column in CATEGORY_COLUMNS:
            typed[column] = events[column].astype("category")
        else:
            typed[column] = events[column].astype(TEXT_DTYPE)
    typed["year"] = events["date"].str.slice(0, 4).astype("int64")
    return typed


def _explode(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(row position, item) for every item of a column of tuples."""
    lengths = column.map(len).to_numpy(dtype=np.int64)
    rows = np.repeat(np.arange(len(column), dtype=np.int32), lengths)
    items = np.array([item for items in column for item in items], dtype=object)
    return rows, items


def _explode_arrow(values: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    values = values.combine_chunks()
    rows = pc.list_parent_indices(values).to_numpy().astype(np.int32)
    return rows, pc.list_flatten(values).to_numpy(zero_copy_only=False)


def _event_countries_frame(rows: np.ndarray, codes: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(
        {"event_index": rows.astype(np.int32), "iso3": pd.Categorical(codes.astype(object))}
    )


def _theme_matrix_frame(
    rows: np.ndarray, themes: np.ndarray, theme_ids: list[str], index: pd.Index
) -> pd.DataFrame:
    columns = pd.Categorical(themes.astype(object), categories=theme_ids).codes
    known = columns >= 0
    matrix = np.zeros((len(index), len(theme_ids)), dtype=bool)
    matrix[rows[known], columns[known]] = True
    return pd.DataFrame(matrix, columns=list(theme_ids), index=index)


def build_event_countries(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, country): columns ``event_index`` (int32) and ``iso3`` (category)."""
    return _event_countries_frame(*_explode(events["countries"]))


def build_theme_matrix(events: pd.DataFrame, theme_ids: list[str]) -> pd.DataFrame:
    """Boolean frame, one column per theme id, True where the event has that theme."""
    return _theme_matrix_frame(*_explode(events["themes"]), theme_ids, events.index)


def _assemble(
    events: pd.DataFrame,
    countries: pd.DataFrame,
    sources: pd.DataFrame,
    taxonomy: Taxonomy,
    exploded: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> Dataset:
    exploded = exploded or {column: _explode(events[column]) for column in LIST_COLUMNS}
    dataset = Dataset(
        events=events,
        event_countries=_event_countries_frame(*exploded["countries"]),
        theme_matrix=_theme_matrix_frame(*exploded["themes"], list(taxonomy.themes), events.index),
        countries=countries,
        sources=sources,
        taxonomy=taxonomy,
    )
    _ = dataset.index  # build the query arrays now, not on the first click
    return dataset


def _events_from_arrow(table: pa.Table) -> pd.DataFrame:
    events = table.drop_columns(list(LIST_COLUMNS)).to_pandas()
    for column in LIST_COLUMNS:
        events[column] = _tuples(table.column(column))
    return events[table.column_names]


def _events_for_snapshot(events: pd.DataFrame) -> pd.DataFrame:
    flat = events.copy()
    for column in LIST_COLUMNS:
        flat[column] = events[column].map(list)
    return flat


def load_dataset(
    data_dir: Path,
    country_codes: frozenset[str] | None = None,
    cache_dir: Path | None = None,
) -> Dataset:
    """Validate and load ``data_dir``; raise ``DataError`` listing every problem if any.

    With ``cache_dir``, a snapshot validated by an earlier call (in any process) is read
    instead when nothing has changed since; otherwise the folder is validated and a snapshot
    written, under a lock, so that several app processes validate a change only once.
    """
    data_dir = Path(data_dir)
    if cache_dir is None:
        return _validate_and_build(data_dir, country_codes)[0]
    cache_dir = Path(cache_dir)
    with snapshot.folder_lock(cache_dir, data_dir):
        key = snapshot.fingerprint(data_dir, country_codes)
        loaded = _load_snapshot(data_dir, cache_dir, key)
        if loaded is not None:
            return loaded
        dataset, frames = _validate_and_build(data_dir, country_codes)
        if snapshot.fingerprint(data_dir, country_codes) != key:
            return dataset  # a file changed during validation: do not store this as valid
        manifest = {
            "data_dir": str(data_dir.resolve()),
            "events": len(dataset.events),
            "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        if not snapshot.write_snapshot(
            snapshot.snapshot_path(cache_dir, data_dir, key), frames, manifest
        ):
            return dataset
        del dataset, frames
        # Serve the snapshot itself: the same frames as every later start, memory-mapped,
        # and the memory of the CSV parse can go.
        loaded = _load_snapshot(data_dir, cache_dir, key)
    return loaded if loaded is not None else _validate_and_build(data_dir, country_codes)[0]


def _validate_and_build(
    data_dir: Path, country_codes: frozenset[str] | None
) -> tuple[Dataset, dict[str, pd.DataFrame]]:
    """The dataset from the CSV files, and the frames to snapshot; raises ``DataError``."""
    checked = check_data_dir(data_dir, country_codes)
    if checked.problems:
        raise DataError(checked.problems)
    assert checked.taxonomy and checked.events and checked.countries and checked.sources
    events = build_events_frame(checked.events.frame)
    events["page"] = build_event_pages(events, checked.sources.frame, data_dir)
    countries = checked.countries.frame.drop(columns=[LINE_COLUMN]).astype(TEXT_DTYPE)
    sources = checked.sources.frame.drop(columns=[LINE_COLUMN]).astype(TEXT_DTYPE)
    frames = {"events": _events_for_snapshot(events), "countries": countries, "sources": sources}
    return _assemble(events, countries, sources, checked.taxonomy), frames


def _load_snapshot(data_dir: Path, cache_dir: Path, key: str) -> Dataset | None:
    tables = snapshot.read_snapshot(snapshot.snapshot_path(cache_dir, data_dir, key))
    if tables is None:
        return None
    taxonomy, _ = read_taxonomy(data_dir)
    if taxonomy is None:  # changed since the fingerprint was taken
        return None
    events = tables["events"]
    return _assemble(
        _events_from_arrow(events),
        tables["countries"].to_pandas(),
        tables["sources"].to_pandas(),
        taxonomy,
        {column: _explode_arrow(events.column(column)) for column in LIST_COLUMNS},
    )
