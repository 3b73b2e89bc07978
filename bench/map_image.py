"""The exported map image (geo/image.py) on the first source's data: ``python -m bench map_image``.

Prints:

- ``map_image_cold_ms``: the first PNG in a fresh process, from the click's point of view:
  importing matplotlib, geopandas and pyproj, projecting the world and rendering (the world
  GeoJSON and the dataset are already loaded, as they are in the app);
- ``map_image_png_ms_median`` / ``map_image_svg_ms_median``: one new view's image once the
  projected world is cached (what each further click on a new view costs), median over views;
- ``map_image_png_kb`` / ``map_image_svg_kb``: the file sizes of the first view.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = (
    {},
    {"country": "KAZ"},
    {"themes": ("security",)},
    {"year_from": 2021, "event_types": ("call", "visit")},
    {"metric": "japan"},
    {"japan_only": True, "country": "UZB"},
    {"levels": ("ministerial",)},
    {"country": "JPN"},
)
RUNS = 3

COLD_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from bluebook.dataset import load_dataset
from bluebook.explore.view import ViewState
from geo.boundaries import load_units, load_world_geojson
from geo.view_layer import build_view_layer
dataset = load_dataset(Path({root!r}) / "data")
world = load_world_geojson(Path({root!r}) / ".cache")
units = load_units()
names = dict(zip(units["iso3"], units["name"]))
layer = build_view_layer(dataset, ViewState(), world)
start = time.perf_counter()
from geo import image
projected = image.build_projected_world(world)
spec = image.build_map_image(
    dataset, ViewState(), layer, projected.countries.index, names, "2026-11-29"
)
data = image.render_map_image(spec, projected, "png")
print((time.perf_counter() - start) * 1000)
"""


def _cold_ms() -> float:
    finished = subprocess.run(
        [sys.executable, "-c", COLD_SCRIPT.format(root=str(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(finished.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run the scenario and print one ``name: value unit`` line per figure."""
    from bluebook.dataset import load_dataset
    from bluebook.explore.view import ViewState
    from geo import image
    from geo.boundaries import load_units, load_world_geojson
    from geo.view_layer import build_view_layer

    print(f"map_image_cold_ms: {_cold_ms():.0f} ms", flush=True)
    dataset = load_dataset(ROOT / "data")
    world = load_world_geojson(ROOT / ".cache")
    units = load_units()
    names = dict(zip(units["iso3"], units["name"], strict=True))
    projected = image.build_projected_world(world)
    durations: dict[str, list[float]] = {name: [] for name in image.FORMATS}
    sizes: dict[str, int] = {}
    for image_format in image.FORMATS:
        for _ in range(RUNS):
            for params in VIEWS:
                view = ViewState(**params)
                start = time.perf_counter()
                layer = build_view_layer(dataset, view, world)
                spec = image.build_map_image(
                    dataset, view, layer, projected.countries.index, names, "2026-11-29"
                )
                data = image.render_map_image(spec, projected, image_format)
                durations[image_format].append(time.perf_counter() - start)
                sizes.setdefault(image_format, len(data))
    for image_format, values in durations.items():
        median = statistics.median(values) * 1000
        print(f"map_image_{image_format}_ms_median: {median:.0f} ms", flush=True)
    for image_format, size in sizes.items():
        print(f"map_image_{image_format}_kb: {size / 1000:.1f} KB", flush=True)


if __name__ == "__main__":
    main()
