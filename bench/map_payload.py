"""Map payload and render time: ``python -m bench map_payload``.

Prints:

- ``world_build_s``: building the simplified world GeoJSON from Natural Earth (no cache);
- ``world_geojson_kb``: that GeoJSON as compact JSON;
- ``cache_load_ms``: reading it back from the on-disk cache;
- ``map_payload_kb``: the choropleth layer of a typical view as streamlit-folium sends it to the
  browser (geometry plus per-view properties, styles and tooltip);
- ``layer_render_ms_median``: building and rendering that layer, median of several runs;
- ``map_payload_kb_jpn_flows_150`` / ``_200``: the layer with Japan selected, 200 countries
  coloured and the lines from Tokyo to 150 or 200 partners (``geo.flows``).
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium

from bluebook.taxonomy import read_taxonomy
from geo import boundaries, choropleth, flows

ROOT = Path(__file__).resolve().parent.parent

RENDER_RUNS = 9
TYPICAL_COVERED = 120
TYPICAL_SELECTED = "KAZ"
THEMES = ("security", "economy", "energy", "climate", "people-to-people", "development")
SEED = 7
JAPAN_COVERED = 200
JAPAN_PARTNERS = (150, 200)


def typical_view(world: dict[str, Any]) -> dict[str, Any]:
    """A repeatable view: 120 covered countries, skewed counts, three themes each, KAZ selected."""
    generator = random.Random(SEED)
    codes = sorted(feature["id"] for feature in world["features"])
    covered = set(generator.sample(codes, TYPICAL_COVERED)) | {TYPICAL_SELECTED}
    counts = {code: int(generator.paretovariate(1.2)) - 1 for code in sorted(covered)}
    rows = {code: {"top_themes": generator.sample(THEMES, 3)} for code in covered}
    return {"counts": counts, "covered": covered, "rows": rows, "selected": TYPICAL_SELECTED}


def japan_flows_layer(world: dict[str, Any], partners: int) -> folium.FeatureGroup:
    """Japan selected: 200 covered countries, ``partners`` of them with Japan-involved events.

    Counts are skewed and large (up to thousands, as in the 200k synthetic data), tooltips
    carry three theme labels per country and two event type labels per line, as the app does.
    """
    generator = random.Random(SEED)
    codes = sorted(feature["id"] for feature in world["features"] if feature["id"] != "JPN")
    covered = set(generator.sample(codes, JAPAN_COVERED))
    partner_codes = generator.sample(sorted(covered), partners)
    counts = {code: int(generator.paretovariate(1.2) * 20) for code in partner_codes}
    taxonomy, _ = read_taxonomy(ROOT / "data")
    theme_labels = list(taxonomy.themes.values())
    rows = {code: {"top_themes": generator.sample(theme_labels, 3)} for code in counts}
    rows["JPN"] = {"count_label": "12345 events with Japan involved", "fill": choropleth.JAPAN_FILL}
    group = choropleth.build_choropleth_layer(
        world, counts, covered, choropleth.classify(counts), rows, "JPN"
    )
    type_ids = list(taxonomy.event_types)
    ties = {code: (count, generator.sample(type_ids, 2)) for code, count in counts.items()}
    names = {feature["id"]: feature["properties"]["name"] for feature in world["features"]}
    japan_flows = flows.build_flows(ties, names, taxonomy.event_types)
    flows.add_flow_layer(group, japan_flows, flows.load_anchor_points())
    return group


def layer_script(group: folium.FeatureGroup, world_map: folium.Map) -> str:
    """Return the JavaScript of ``group`` as streamlit-folium sends it (``feature_group``).

    Uses streamlit-folium's private helper when available, else the difference between the
    rendered map with and without the layer.
    """
    try:
        from streamlit_folium import _get_feature_group_string
    except ImportError:
        base = world_map.get_root().render()
        group.add_to(world_map)
        return world_map.get_root().render()[len(base) :]
    return _get_feature_group_string(group, world_map)


def _timed(action: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def _seed_cache(cache_dir: Path, world: dict[str, Any]) -> None:
    name = boundaries.world_cache_name(
        boundaries.natural_earth_path(), boundaries.DEFAULT_TOLERANCE, boundaries.DEFAULT_DECIMALS
    )
    (cache_dir / name).write_text(boundaries.dump_compact(world), encoding="utf-8")


def _render_view(world: dict[str, Any], view: dict[str, Any]) -> str:
    classes = choropleth.classify(view["counts"])
    group = choropleth.build_choropleth_layer(
        world, view["counts"], view["covered"], classes, view["rows"], view["selected"]
    )
    return layer_script(group, choropleth.build_base_map())


def main() -> None:
    """Run the scenario and print one ``name: value unit`` line per figure."""
    world, build_seconds = _timed(boundaries.build_world_geojson)
    print(f"world_build_s: {build_seconds:.2f} s", flush=True)
    compact_kb = len(boundaries.dump_compact(world).encode("utf-8")) / 1000
    print(f"world_geojson_kb: {compact_kb:.1f} KB", flush=True)
    with tempfile.TemporaryDirectory() as cache_dir:
        _seed_cache(Path(cache_dir), world)
        _, load_seconds = _timed(lambda: boundaries.load_world_geojson(Path(cache_dir)))
    print(f"cache_load_ms: {load_seconds * 1000:.1f} ms", flush=True)
    view = typical_view(world)
    script = _render_view(world, view)  # warm-up: imports, class computation
    print(f"map_payload_kb: {len(script.encode('utf-8')) / 1000:.1f} KB", flush=True)
    durations = [_timed(lambda: _render_view(world, view))[1] for _ in range(RENDER_RUNS)]
    print(f"layer_render_ms_median: {statistics.median(durations) * 1000:.0f} ms", flush=True)
    for partners in JAPAN_PARTNERS:
        script = layer_script(japan_flows_layer(world, partners), choropleth.build_base_map())
        kilobytes = len(script.encode("utf-8")) / 1000
        print(f"map_payload_kb_jpn_flows_{partners}: {kilobytes:.1f} KB", flush=True)


if __name__ == "__main__":
    main()
