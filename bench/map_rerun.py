"""Map page rerun after a filter change, against the naive way, measured in the same run.

``rerun_ms_median``: script time of the map page (run by AppTest and timed around the page's
own run, so it includes the map component's HTML but not AppTest's polling) for filter
combinations not seen before, with the app's caches warm.
``naive_rerun_ms_median``: the same script when the boundaries are read and simplified on every
run (no cache), which is what a straightforward app does.
"""

from __future__ import annotations

import contextlib
import itertools
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from streamlit.navigation.page import StreamlitPage
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"
FAST_RUNS = 15
NAIVE_RUNS = 3
TYPES = ["call", "visit", "meeting", "multilateral", "election", "security", "sanction", "aid"]
THEMES = ["political_dialogue", "economy", "security", "regional_cooperation", "humanitarian"]


def filter_combinations() -> Iterator[dict[str, object]]:
    """Distinct filter settings, each different from every earlier one."""
    for types, themes, japan in itertools.product(
        itertools.combinations(TYPES, 2), [[], *([theme] for theme in THEMES)], [False, True]
    ):
        yield {"f_types": list(types), "f_themes": themes, "f_japan": japan}


def _apply(app: AppTest, settings: dict[str, object]) -> None:
    app.multiselect(key="f_types").set_value(settings["f_types"])
    app.multiselect(key="f_themes").set_value(settings["f_themes"])
    app.toggle(key="f_japan").set_value(settings["f_japan"])


PAGE_TIMINGS: list[float] = []


@contextlib.contextmanager
def timing_pages() -> Iterator[None]:
    """Record the duration of every page run (``StreamlitPage.run``) in ``PAGE_TIMINGS``."""
    original = StreamlitPage.run

    def timed_run(page: StreamlitPage) -> None:
        started = time.perf_counter()
        try:
            original(page)
        finally:
            PAGE_TIMINGS.append((time.perf_counter() - started) * 1000)

    StreamlitPage.run = timed_run
    try:
        yield
    finally:
        StreamlitPage.run = original


def time_reruns(app: AppTest, runs: int, combinations: Iterator[dict[str, object]]) -> list[float]:
    """Milliseconds of the map page's script after each new filter combination."""
    timings = []
    for settings in itertools.islice(combinations, runs):
        _apply(app, settings)
        PAGE_TIMINGS.clear()
        app.run()
        if app.exception or len(PAGE_TIMINGS) != 1:
            raise RuntimeError(f"the map page failed or reran: {app.exception}")
        timings.append(PAGE_TIMINGS[0])
    return timings


def main() -> None:
    combinations = filter_combinations()
    app = AppTest.from_file(str(APP), default_timeout=300)
    app.run()  # warm the caches: dataset, world boundaries, static files
    with timing_pages():
        fast = time_reruns(app, FAST_RUNS, combinations)

    import ui.cache
    from geo.boundaries import build_world_geojson

    cached_get_world = ui.cache.get_world
    ui.cache.get_world = build_world_geojson  # the naive way: no cache
    try:
        with timing_pages():
            naive = time_reruns(app, NAIVE_RUNS, combinations)
    finally:
        ui.cache.get_world = cached_get_world
    fast_median = statistics.median(fast)
    naive_median = statistics.median(naive)
    print(f"rerun_ms_median: {fast_median:.1f} ms")
    print(f"rerun_ms_p90: {sorted(fast)[int(0.9 * (len(fast) - 1))]:.1f} ms")
    print(f"naive_rerun_ms_median: {naive_median:.1f} ms")
    print(f"rerun_speedup_vs_naive: {naive_median / fast_median:.1f} x")
