"""Shared helpers for the geo tests (imported explicitly; tests/conftest.py belongs to others).

The real world build takes a few seconds, so it runs once per test session.
"""

from __future__ import annotations

import functools
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import box

from bluebook.dataset import load_dataset
from geo import boundaries

ROOT = Path(__file__).resolve().parent.parent

TINY_UNITS = (
    # ADM0_A3, ISO_A3, ISO_A3_EH, NAME, NAME_JA, geometry
    ("AAA", "AAA", "AAA", "Aland West", "西", box(0, 0, 1, 1)),
    ("BBB", "-99", "BBB", "Bland East", "東", box(1, 0, 2, 1)),
    ("KOS", "-99", "-99", "Kosovo", "コソボ", box(0, 1, 2, 2)),
)


@functools.cache
def real_world() -> dict[str, Any]:
    """The world GeoJSON built from the shipped Natural Earth file (built once)."""
    return boundaries.build_world_geojson()


@functools.cache
def shipped_dataset():
    """The shipped ``data/`` folder, loaded once for the tests of a process."""
    return load_dataset(ROOT / "data")


@functools.cache
def shipped_world() -> dict[str, Any]:
    """The world GeoJSON as the app loads it (through the ``.cache`` folder), loaded once."""
    return boundaries.load_world_geojson(ROOT / ".cache")


@functools.cache
def real_units_frame():
    """``boundaries.load_units()`` of the shipped file (read once)."""
    return boundaries.load_units()


def write_tiny_source(folder: Path, units=TINY_UNITS) -> Path:
    """Write a Natural-Earth-like zipped shapefile of a few squares; return the zip path."""
    frame = gpd.GeoDataFrame(
        {
            "ADM0_A3": [unit[0] for unit in units],
            "ISO_A3": [unit[1] for unit in units],
            "ISO_A3_EH": [unit[2] for unit in units],
            "NAME": [unit[3] for unit in units],
            "NAME_JA": [unit[4] for unit in units],
            "CONTINENT": ["Europe"] * len(units),
            "SUBREGION": ["Southern Europe"] * len(units),
        },
        geometry=[unit[5] for unit in units],
        crs="EPSG:4326",
    )
    shapefile_dir = folder / "shp"
    shapefile_dir.mkdir(parents=True, exist_ok=True)
    frame.to_file(shapefile_dir / "tiny.shp", engine="pyogrio", encoding="UTF-8")
    archive = folder / "tiny.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for member in sorted(shapefile_dir.iterdir()):
            if member.suffix != ".cpg":  # like the shipped file: no code page declared
                zipped.write(member, member.name)
    return archive
