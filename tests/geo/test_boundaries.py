"""Country units and the simplified world map: what the map shows and what the validator checks."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import Polygon, shape

from geo import boundaries
from tests.geo_fixtures import TINY_UNITS, real_units_frame, real_world, write_tiny_source

MAX_PAYLOAD_BYTES = 500_000


@pytest.fixture(scope="module")
def world():
    return real_world()


@pytest.fixture(scope="module")
def units():
    return real_units_frame()


@pytest.fixture(scope="module")
def shapes(world):
    return {feature["id"]: shape(feature["geometry"]) for feature in world["features"]}


def test_natural_earth_zip_is_shipped_with_the_pip_package():
    path = boundaries.natural_earth_path()
    assert path.is_file()
    assert path.name == "ne_10m_admin_0_countries_deu.zip"


def test_units_table_has_every_unit_once_with_the_documented_columns(units):
    assert list(units.columns) == ["iso3", "name", "name_ja", "continent", "subregion"]
    assert len(units) == 250
    assert units["iso3"].is_unique
    assert not units.isna().any().any()
    assert units["iso3"].str.fullmatch(r"[A-Z]{3}").all()


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("FRA", "France"),
        ("NOR", "Norway"),
        ("XKX", "Kosovo"),
        ("PSE", "Palestine"),
        ("SSD", "S. Sudan"),
        ("ESH", "W. Sahara"),
        ("ALA", "Åland"),
        ("BRA", "Brazil"),
        ("AUS", "Australia"),
        ("TUV", "Tuvalu"),
        ("JPN", "Japan"),
    ],
)
def test_units_use_real_iso_codes_where_natural_earth_has_them(units, iso3, name):
    assert units.set_index("iso3").loc[iso3, "name"] == name


@pytest.mark.parametrize("natural_earth_only", ["-99", "FR1", "PSX", "SDS", "SAH", "ALD", "KOS"])
def test_units_do_not_use_placeholder_or_natural_earth_codes_that_have_iso_ones(
    units, natural_earth_only
):
    assert natural_earth_only not in set(units["iso3"])


@pytest.mark.parametrize(
    ("iso3", "name_ja"), [("JPN", "日本"), ("FRA", "フランス"), ("PGA", "南沙諸島")]
)
def test_japanese_names_are_decoded_and_corrected(units, iso3, name_ja):
    assert units.set_index("iso3").loc[iso3, "name_ja"] == name_ja


def test_resolve_iso3_refuses_duplicate_codes():
    with pytest.raises(ValueError, match="not unique"):
        boundaries.resolve_iso3(["AAA", "AAB"], ["XXX", "XXX"], ["XXX", "XXX"])


def test_world_has_one_feature_per_unit_keyed_by_iso3(world, units):
    ids = [feature["id"] for feature in world["features"]]
    assert sorted(ids) == sorted(units["iso3"])
    for feature in world["features"]:
        assert feature["properties"]["iso3"] == feature["id"]
        assert set(feature["properties"]) == {"iso3", "name", "name_ja"}


@pytest.mark.parametrize("iso3", ["FRA", "NOR", "XKX", "TUV", "NRU", "MDV", "VAT", "MCO", "SGP"])
def test_every_unit_keeps_an_area_on_the_map_even_tiny_ones(shapes, iso3):
    geometry = shapes[iso3]
    assert geometry.is_valid
    assert geometry.area > 0


def test_no_unit_vanished_in_simplification(shapes):
    assert [code for code, geometry in shapes.items() if geometry.area <= 0] == []


def test_small_units_are_drawn_after_the_countries_around_them(world):
    order = {feature["id"]: index for index, feature in enumerate(world["features"])}
    assert order["VAT"] > order["ITA"]
    assert order["LSO"] > order["ZAF"]


def test_compact_world_geojson_fits_the_payload_budget(world):
    ascii_payload = json.dumps(world, separators=(",", ":"))
    assert len(ascii_payload.encode("utf-8")) <= MAX_PAYLOAD_BYTES
    assert len(boundaries.dump_compact(world).encode("utf-8")) <= MAX_PAYLOAD_BYTES


@pytest.mark.parametrize(
    "group",
    [
        ("UZB", "KAZ", "KGZ", "TJK", "TKM"),
        ("FRA", "DEU", "CHE", "ITA", "AUT", "BEL", "LUX", "NLD"),
        ("ZAF", "LSO", "SWZ"),
    ],
)
def test_neighbours_neither_overlap_nor_leave_gaps(shapes, group):
    geometries = [shapes[code] for code in group]
    union = shapely.union_all(geometries)
    assert union.area == pytest.approx(sum(geometry.area for geometry in geometries), rel=1e-4)
    others = shapely.union_all([geometry for code, geometry in shapes.items() if code not in group])
    holes = [Polygon(ring) for polygon in shapely.get_parts(union) for ring in polygon.interiors]
    uncovered = [hole for hole in holes if hole.difference(others).area > 1e-6]
    assert uncovered == []  # a hole is an enclave (San Marino, Lesotho), never a sliver gap


@pytest.mark.parametrize(
    ("first", "second"), [("UZB", "KAZ"), ("KAZ", "KGZ"), ("UZB", "KGZ"), ("FRA", "DEU")]
)
def test_neighbours_share_their_border(shapes, first, second):
    shared = shapes[first].intersection(shapes[second])
    assert shared.length > 0.5
    assert shared.area == pytest.approx(0, abs=1e-3)


@pytest.mark.parametrize(("tolerance", "decimals"), [(-1, 2), (0.25, -1), (0.25, 2.5), (0.25, 99)])
def test_build_refuses_bad_parameters(tolerance, decimals):
    with pytest.raises(ValueError):
        boundaries.build_world_geojson(tolerance=tolerance, decimals=decimals)


def test_tiny_source_keeps_every_unit_and_resolves_codes(tmp_path):
    source = write_tiny_source(tmp_path)
    world = boundaries.build_world_geojson(source)
    assert sorted(feature["id"] for feature in world["features"]) == ["AAA", "BBB", "XKX"]
    assert list(boundaries.load_units(source)["name_ja"]) == ["西", "東", "コソボ"]


class BuildCounter:
    """Wraps build_world_geojson and counts the builds."""

    def __init__(self):
        self.calls = 0
        self._build = boundaries.build_world_geojson

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self._build(*args, **kwargs)


@pytest.fixture
def counter(monkeypatch):
    counting = BuildCounter()
    monkeypatch.setattr(boundaries, "build_world_geojson", counting)
    return counting


@pytest.fixture
def tiny_source(tmp_path):
    return write_tiny_source(tmp_path / "source")


def _cache_files(cache_dir):
    return sorted(cache_dir.glob(f"{boundaries.CACHE_PREFIX}*.geojson"))


def test_cache_is_built_once_then_reused(tmp_path, tiny_source, counter):
    cache_dir = tmp_path / ".cache"
    first = boundaries.load_world_geojson(cache_dir, path=tiny_source)
    second = boundaries.load_world_geojson(cache_dir, path=tiny_source)
    assert counter.calls == 1
    assert first == second
    assert len(_cache_files(cache_dir)) == 1
    assert list(cache_dir.glob(".*")) == []  # no temporary file left behind


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "{not json",
        "[]",
        '{"type": "FeatureCollection", "features": []}',
        '{"type": "Feature"}',
        "\udcff",
    ],
)
def test_corrupt_cache_is_rebuilt_not_raised(tmp_path, tiny_source, counter, damage):
    cache_dir = tmp_path / ".cache"
    expected = boundaries.load_world_geojson(cache_dir, path=tiny_source)
    (cache_file,) = _cache_files(cache_dir)
    cache_file.write_bytes(damage.encode("utf-8", "surrogateescape"))
    assert boundaries.load_world_geojson(cache_dir, path=tiny_source) == expected
    assert counter.calls == 2
    assert json.loads(cache_file.read_text(encoding="utf-8")) == expected


def test_missing_cache_is_rebuilt(tmp_path, tiny_source, counter):
    cache_dir = tmp_path / ".cache"
    boundaries.load_world_geojson(cache_dir, path=tiny_source)
    for cache_file in _cache_files(cache_dir):
        cache_file.unlink()
    boundaries.load_world_geojson(cache_dir, path=tiny_source)
    assert counter.calls == 2
    assert len(_cache_files(cache_dir)) == 1


def test_changed_parameters_use_another_cache_file(tmp_path, tiny_source, counter):
    cache_dir = tmp_path / ".cache"
    boundaries.load_world_geojson(cache_dir, path=tiny_source)
    boundaries.load_world_geojson(cache_dir, path=tiny_source, decimals=3)
    assert counter.calls == 2
    assert len(_cache_files(cache_dir)) == 2


def test_changed_source_rebuilds(tmp_path, tiny_source, counter):
    cache_dir = tmp_path / ".cache"
    boundaries.load_world_geojson(cache_dir, path=tiny_source)
    renamed = [(*unit[:3], f"{unit[3]} (renamed)", *unit[4:]) for unit in TINY_UNITS]
    replacement = write_tiny_source(tmp_path / "replacement", renamed)
    tiny_source.write_bytes(replacement.read_bytes())
    world = boundaries.load_world_geojson(cache_dir, path=tiny_source)
    assert counter.calls == 2
    assert all(f["properties"]["name"].endswith("(renamed)") for f in world["features"])


def test_cache_file_is_compact_json(tmp_path, tiny_source):
    cache_dir = tmp_path / ".cache"
    world = boundaries.load_world_geojson(cache_dir, path=tiny_source)
    (cache_file,) = _cache_files(cache_dir)
    assert cache_file.read_text(encoding="utf-8") == boundaries.dump_compact(world)
