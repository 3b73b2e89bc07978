"""Gap-free simplification of a polygon coverage (country boundaries) into compact GeoJSON.

Plain ``simplify()`` moves the shared border of two neighbours differently on each side, which
opens slivers and overlaps. Here the polygons are first made a clean coverage (valid polygons,
no overlaps, identical shared edges) and then simplified as a coverage, so that neighbours keep
sharing their borders exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping

POLYGONAL_TYPES = ("Polygon", "MultiPolygon")
FINER_DECIMALS = 4
"""How many extra decimals a unit that vanishes at the requested rounding may use."""


def keep_polygonal_parts(geometries: Sequence[Any]) -> np.ndarray:
    """Make every geometry valid and keep only its polygon parts.

    In: shapely geometries. Out: an array of (Multi)Polygons of the same length; a geometry
    without any area becomes an empty Polygon. ``make_valid`` can turn a self-touching ring into
    a GeometryCollection with stray lines, and the coverage functions refuse anything but
    polygons.
    """
    valid = shapely.make_valid(np.asarray(geometries, dtype=object))
    return np.array([_polygonal_part(geometry) for geometry in valid], dtype=object)


def _polygonal_part(geometry: shapely.Geometry) -> shapely.Geometry:
    if geometry.geom_type in POLYGONAL_TYPES:
        return geometry
    parts = [part for part in shapely.get_parts(geometry) if part.geom_type in POLYGONAL_TYPES]
    if not parts:
        return shapely.Polygon()
    return shapely.union_all(parts)


def simplify_coverage(geometries: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Clean a polygon coverage, then simplify it without gaps between neighbours.

    In: polygonal geometries (see ``keep_polygonal_parts``) and a tolerance in coordinate units
    (roughly the square root of the largest triangle area removed). Out: ``(cleaned,
    simplified)``, two arrays of the same length as the input. Raises ``shapely.GEOSException``
    if the input holds non-polygonal geometries.
    """
    cleaned = shapely.coverage_clean(geometries)
    if tolerance <= 0:
        return cleaned, cleaned
    return cleaned, shapely.coverage_simplify(cleaned, tolerance)


def drop_isolated_islets(
    geometries: np.ndarray, min_part_area: float, small_unit_area: float
) -> np.ndarray:
    """Remove tiny islands of large units; they cost bytes and are invisible at world zoom.

    In: simplified geometries; ``min_part_area``, the area under which a part counts as an
    islet; ``small_unit_area``, the unit area under which every part is kept (island states
    such as Tuvalu are made of islets only). Out: an array of the same length. A part is dropped
    only if it touches no other unit (so no gap opens) and is not the unit's largest part.
    """
    parts, owners = shapely.get_parts(geometries, return_index=True)
    part_areas = shapely.area(parts)
    unit_areas = shapely.area(geometries)
    largest = np.zeros(len(geometries))
    np.maximum.at(largest, owners, part_areas)
    candidate = (
        (part_areas < min_part_area)
        & (unit_areas[owners] >= small_unit_area)
        & (part_areas < largest[owners])
    )
    candidate &= ~_touches_other_unit(parts, owners, geometries, candidate)
    kept = [[] for _ in range(len(geometries))]
    for part, owner, drop in zip(parts, owners, candidate, strict=True):
        if not drop:
            kept[owner].append(part)
    joined = [
        _join_parts(unit_parts, original)
        for unit_parts, original in zip(kept, geometries, strict=True)
    ]
    return np.array(joined, dtype=object)


def _touches_other_unit(
    parts: np.ndarray, owners: np.ndarray, geometries: np.ndarray, mask: np.ndarray
) -> np.ndarray:
    touching = np.zeros(len(parts), dtype=bool)
    indices = np.flatnonzero(mask)
    if indices.size == 0:
        return touching
    tree = shapely.STRtree(geometries)
    query_index, unit_index = tree.query(parts[indices], predicate="intersects")
    foreign = unit_index != owners[indices[query_index]]
    touching[indices[query_index[foreign]]] = True
    return touching


def _join_parts(parts: list[shapely.Geometry], original: shapely.Geometry) -> shapely.Geometry:
    if not parts:
        return original
    if len(parts) == 1:
        return parts[0]
    return shapely.multipolygons(parts)


def round_geometries(
    simplified: np.ndarray, cleaned: np.ndarray, decimals: int
) -> list[tuple[shapely.Geometry, int]]:
    """Snap every geometry to a grid of ``10**-decimals``, keeping units that would vanish.

    In: simplified geometries, the cleaned (unsimplified) geometries of the same units, the
    number of decimals. Out: one ``(geometry, decimals_used)`` pair per unit. Snapping keeps the
    result valid and shared borders shared; parts that collapse are removed. A unit that would
    vanish entirely (the Vatican, a reef) is snapped to a finer grid instead, first its
    simplified then its cleaned geometry, and kept unrounded as a last resort, so every unit
    stays present on the map.
    """
    snapped = shapely.set_precision(simplified, 10.0**-decimals)
    return [
        _rounded_or_fallback(geometry, simple, clean, decimals)
        for geometry, simple, clean in zip(snapped, simplified, cleaned, strict=True)
    ]


def _rounded_or_fallback(
    snapped: shapely.Geometry,
    simplified: shapely.Geometry,
    cleaned: shapely.Geometry,
    decimals: int,
) -> tuple[shapely.Geometry, int]:
    if _has_area(snapped):
        return snapped, decimals
    for source in (simplified, cleaned):
        for finer in range(decimals + 1, decimals + FINER_DECIMALS + 1):
            candidate = shapely.set_precision(source, 10.0**-finer)
            if _has_area(candidate):
                return candidate, finer
    return cleaned, 15


def _has_area(geometry: shapely.Geometry) -> bool:
    return not geometry.is_empty and geometry.area > 0


def geometry_to_geojson(geometry: shapely.Geometry, decimals: int) -> dict[str, Any]:
    """Convert a (Multi)Polygon to a GeoJSON geometry dict with rounded, short coordinates.

    In: a shapely geometry and the decimals to keep. Out: ``{"type": ..., "coordinates":
    ...}`` with nested lists; whole numbers are written as ints to save bytes.
    """
    geojson = mapping(geometry)
    return {
        "type": geojson["type"],
        "coordinates": _round_nested(geojson["coordinates"], decimals),
    }


def _round_nested(value: Any, decimals: int) -> Any:
    if isinstance(value, float | int):
        rounded = round(float(value), decimals)
        return int(rounded) if rounded.is_integer() else rounded
    return [_round_nested(item, decimals) for item in value]
