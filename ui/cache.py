"""The app's only caching layer: Streamlit cache wrappers around pure loaders.

The dataset is cached per data folder and file state, so editing ``data/`` takes effect on the
next rerun. If the folder becomes invalid, the last good dataset keeps being served and the
problems are shown in a banner.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import streamlit as st

from bluebook.dataset import Dataset, load_dataset
from bluebook.errors import DataError, Problem
from bluebook.explore.datapackage import build_dataset_zip
from bluebook.explore.view import ViewState, view_to_query
from bluebook.extraction_table import EXTRACTION_FILE, Explanation, load_explanations
from bluebook.snapshot import file_states
from geo.boundaries import load_world_geojson
from geo.image import ProjectedWorld, build_projected_world
from geo.offline import install_static_assets

APP_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = APP_ROOT / ".cache" / "datasets"
"""Validated snapshots of the data folders (bluebook.snapshot): a restart skips validation."""


def data_dir() -> Path:
    """The data folder: ``BLUEBOOK_DATA_DIR`` or ``data/`` next to ``app.py``."""
    return Path(os.environ.get("BLUEBOOK_DATA_DIR", APP_ROOT / "data"))


def _data_state(folder: Path) -> tuple:
    """A cheap fingerprint of the data folder: names, sizes and modification times."""
    return tuple(file_states(folder)) if folder.is_dir() else ()


@dataclass(frozen=True)
class LoadedData:
    """The dataset to show (None if there never was a valid one) and the current problems."""

    dataset: Dataset | None
    problems: tuple[Problem, ...]
    stale: bool


@st.cache_resource(show_spinner=False)
def _last_good() -> dict[str, Dataset]:
    return {}


@st.cache_resource(show_spinner="Loading the dataset…", max_entries=4)
def _load(folder: str, state: tuple) -> tuple[Dataset | None, tuple[Problem, ...]]:
    try:
        return load_dataset(Path(folder), cache_dir=SNAPSHOT_DIR), ()
    except DataError as error:
        return None, tuple(error.problems)


def get_data() -> LoadedData:
    """The dataset for this run, falling back to the last good one when the folder is broken."""
    folder = data_dir()
    dataset, problems = _load(str(folder), _data_state(folder))
    last_good = _last_good()
    if dataset is not None:
        last_good[str(folder)] = dataset
        return LoadedData(dataset, (), False)
    fallback = last_good.get(str(folder))
    return LoadedData(fallback, problems, fallback is not None)


@st.cache_resource(show_spinner="Preparing the world map…")
def get_world() -> dict[str, Any]:
    """The simplified world boundaries (read-only; shared by every session)."""
    return load_world_geojson(APP_ROOT / ".cache")


@st.cache_resource(show_spinner=False)
def ensure_static_assets() -> bool:
    """Copy Leaflet into ``static/`` once per process, so the map needs no internet."""
    install_static_assets(APP_ROOT / "static")
    return True


@st.cache_data(show_spinner=False, max_entries=2)
def _dataset_zip(folder: str, state: tuple) -> bytes:
    return build_dataset_zip(Path(folder))


def get_dataset_zip() -> bytes:
    """The data folder as a zip with its Frictionless ``datapackage.json``, once per state."""
    folder = data_dir()
    return _dataset_zip(str(folder), _data_state(folder))


@st.cache_resource(show_spinner=False)
def get_projected_world() -> ProjectedWorld:
    """The world in the exported map's projection (read-only; shared by every session)."""
    return build_projected_world(get_world())


@st.cache_data(show_spinner=False, max_entries=64)
def _map_image(
    view_key: tuple, image_format: str, folder: str, state: tuple, today: str, _build
) -> bytes:
    return _build()


def get_map_image(view: ViewState, image_format: str, build: Callable[[], bytes]) -> bytes:
    """The exported map of ``view`` as PNG or SVG bytes, built by ``build`` once per view.

    Cached per view (the search text aside: it is not on the map), format, data folder state
    and day (the citation is dated), so readers of one shared link share one image.
    """
    folder = data_dir()
    view_key = tuple(sorted(view_to_query(replace(view, search="")).items()))
    today = dt.date.today().isoformat()
    return _map_image(view_key, image_format, str(folder), _data_state(folder), today, build)


@st.cache_resource(show_spinner=False, max_entries=4)
def _explanations(folder: str, state: tuple[int, int]) -> dict[str, Explanation]:
    del state  # part of the cache key only: a new ingest changes it
    return load_explanations(Path(folder))


def get_explanations(folder: Path) -> dict[str, Explanation]:
    """The rules and confidence of each extracted event of ``folder`` (its extraction.csv),
    read once per state of the file rather than on every rerun of the Review page."""
    try:
        stat = (Path(folder) / EXTRACTION_FILE).stat()
    except FileNotFoundError:
        return {}
    return _explanations(str(folder), (stat.st_mtime_ns, stat.st_size))
