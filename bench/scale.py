"""Scale figures on the synthetic data folders (``bench/synthetic.py``).

- ``aggregate_ms_200k``, ``aggregate_ms_1m``: ``query.filter_mask`` + ``count_by_country`` +
  ``top_themes_by_country`` for a view not seen before (median over ``VIEWS`` seeded random
  views; the p90 is printed too). Nothing is cached between views.
- ``load_ms_200k``: ``load_dataset`` from the validated snapshot in a fresh Python process
  (median of ``LOAD_RUNS``; imports not counted, ``load_process_ms_200k`` counts them).
  ``validate_snapshot_s_200k``: the first start after the CSV changed (validation, then the
  snapshot is written), also in a fresh process.
- ``app_rss_mb_200k``: peak resident memory of ``streamlit run`` serving the 200k folder while
  one browser opens the shared link, changes a filter, clicks a country, opens the Events page
  (also with a search) and the Country page (``PAGE_ROUNDS`` times).
- ``rerun_ms_median_200k``: the map page rerun through ``AppTest`` after a new filter
  combination, caches warm (wall time of ``AppTest.run``, a few ms of which are AppTest's own).
"""

from __future__ import annotations

import asyncio
import gc
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWS = 40
LOAD_RUNS = 3
RERUNS = 20
PAGE_ROUNDS = 2
SEED = 5
LOAD_SCRIPT = """
import sys, time
from pathlib import Path
from bluebook.dataset import load_dataset
started = time.perf_counter()
dataset = load_dataset(Path(sys.argv[1]), cache_dir=Path(sys.argv[2]))
print((time.perf_counter() - started) * 1000, len(dataset.events))
"""


def random_views(dataset, count: int, seed: int = SEED) -> list:
    """``count`` distinct random views over the dataset's vocabularies."""
    from bluebook.explore.view import ViewState

    rng = random.Random(seed)
    taxonomy = dataset.taxonomy
    first, last = dataset.years
    sources = list(dataset.sources["source_id"])
    views: list[ViewState] = []
    while len(views) < count:
        view = ViewState(
            year_from=rng.choice([None, rng.randint(first, last)]),
            themes=tuple(rng.sample(list(taxonomy.themes), rng.choice([0, 0, 1, 2]))),
            event_types=tuple(rng.sample(list(taxonomy.event_types), rng.choice([0, 1, 2, 3]))),
            levels=tuple(rng.sample(list(taxonomy.levels), rng.choice([0, 0, 1, 2]))),
            sources=tuple(rng.sample(sources, rng.choice([0, 0, 0, 1]))),
            japan_only=rng.random() < 0.3,
            hide_unreviewed=rng.random() < 0.2,
        )
        if view not in views:
            views.append(view)
    return views


def time_aggregate(dataset, views: list) -> list[float]:
    """Milliseconds of filter + count per country + top themes, one view after another."""
    from bluebook.explore import query

    timings = []
    for view in views:
        started = time.perf_counter()
        mask = query.filter_mask(dataset, view)
        query.count_by_country(dataset, mask)
        query.top_themes_by_country(dataset, mask)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_aggregate(name: str) -> tuple[float, float, float]:
    """(median ms, p90 ms, dataset load s) for the standard folder ``name``."""
    from bench.synthetic import ensure_data_dir
    from bluebook.dataset import load_dataset
    from ui.cache import SNAPSHOT_DIR

    started = time.perf_counter()
    dataset = load_dataset(ensure_data_dir(name), cache_dir=SNAPSHOT_DIR)
    loaded_s = time.perf_counter() - started
    views = random_views(dataset, VIEWS)
    time_aggregate(dataset, views[:3])  # first touches of the arrays
    timings = time_aggregate(dataset, views)
    del dataset
    gc.collect()
    return statistics.median(timings), sorted(timings)[int(0.9 * (len(timings) - 1))], loaded_s


def _run_load(data_dir: Path, cache_dir: Path, env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    output = subprocess.run(
        [sys.executable, "-c", LOAD_SCRIPT, str(data_dir), str(cache_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(output.split()[0]), (time.perf_counter() - started) * 1000


def measure_load(data_dir: Path) -> dict[str, float]:
    """Cold loads in fresh processes: from the snapshot, and the first one after a change."""
    import os

    from ui.cache import SNAPSHOT_DIR

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    _run_load(data_dir, SNAPSHOT_DIR, env)  # make sure the snapshot exists
    runs = [_run_load(data_dir, SNAPSHOT_DIR, env) for _ in range(LOAD_RUNS)]
    with tempfile.TemporaryDirectory() as empty_cache:
        first_ms, _ = _run_load(data_dir, Path(empty_cache), env)
    return {
        "load_ms": statistics.median(run[0] for run in runs),
        "load_process_ms": statistics.median(run[1] for run in runs),
        "validate_snapshot_s": first_ms / 1000,
    }


async def _browse(url: str, iso3: str) -> list[str]:
    """What one reader does across the pages; returns the errors met."""
    from playwright.async_api import async_playwright

    from bench.concurrency import CHROMIUM, CHROMIUM_ARGS, IDLE, run_session

    errors = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for _ in range(PAGE_ROUNDS):
                result = await run_session(browser, url, iso3)
                errors += [result.error] if result.error else []
                context = await browser.new_context()
                page = await context.new_page()
                for path in (
                    f"/events?from=2010&country={iso3}",
                    "/events?q=Kishida",
                    "/events",
                    f"/country?country={iso3}",
                ):
                    await page.goto(url + path)
                    await page.get_by_role("heading").first.wait_for(timeout=90_000)
                    await page.locator(IDLE).wait_for(state="attached", timeout=90_000)
                await context.close()
        finally:
            await browser.close()
    return errors


def measure_app_rss(data_dir: Path, extra_env: dict[str, str]) -> tuple[float, list[str]]:
    """Peak RSS (MB) of the app process while a browser goes through the pages."""
    from bench.concurrency import ProcessSampler, partner_countries, running_app
    from bench.synthetic import OUT_DIR

    iso3 = partner_countries(data_dir)[0]
    log = OUT_DIR / "logs" / "scale-app.log"
    with running_app(data_dir, log, extra_env) as (url, pid), ProcessSampler(pid) as memory:
        errors = asyncio.run(_browse(url, iso3))
    return memory.peak_bytes / 2**20, errors


def measure_rerun(data_dir: Path) -> list[float]:
    """Wall milliseconds of the map page's AppTest run after each new filter combination."""
    import os

    from streamlit.testing.v1 import AppTest

    from bench.map_rerun import _apply, filter_combinations

    previous = os.environ.get("BLUEBOOK_DATA_DIR")
    os.environ["BLUEBOOK_DATA_DIR"] = str(data_dir)
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        app.run()  # loads the dataset from its snapshot, the boundaries, the static files
        timings = []
        combinations = filter_combinations()
        for _ in range(RERUNS):
            _apply(app, next(combinations))
            started = time.perf_counter()
            app.run()
            timings.append((time.perf_counter() - started) * 1000)
            if app.exception:
                raise RuntimeError(f"the map page failed: {app.exception}")
        return timings
    finally:
        if previous is None:
            os.environ.pop("BLUEBOOK_DATA_DIR", None)
        else:
            os.environ["BLUEBOOK_DATA_DIR"] = previous


def _load_average() -> str:
    import os

    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    from bench.synthetic import ensure_data_dir, raise_table_limit

    extra_env = raise_table_limit()
    print(f"# load average at start: {_load_average()}", flush=True)
    data_200k = ensure_data_dir("200k")
    for name in ("200k", "1m"):
        median, p90, loaded_s = measure_aggregate(name)
        print(f"aggregate_ms_{name}: {median:.1f} ms", flush=True)
        print(f"aggregate_ms_p90_{name}: {p90:.1f} ms", flush=True)
        print(f"# {name} loaded in {loaded_s:.1f} s", flush=True)
    loads = measure_load(data_200k)
    print(f"load_ms_200k: {loads['load_ms']:.0f} ms", flush=True)
    print(f"load_process_ms_200k: {loads['load_process_ms']:.0f} ms", flush=True)
    print(f"validate_snapshot_s_200k: {loads['validate_snapshot_s']:.1f} s", flush=True)
    rss_mb, errors = measure_app_rss(data_200k, extra_env)
    print(f"app_rss_mb_200k: {rss_mb:.0f} MB", flush=True)
    for error in errors:
        print(f"# browser error: {error}", flush=True)
    reruns = measure_rerun(data_200k)
    print(f"rerun_ms_median_200k: {statistics.median(reruns):.0f} ms", flush=True)
    print(f"rerun_ms_p90_200k: {sorted(reruns)[int(0.9 * (len(reruns) - 1))]:.0f} ms", flush=True)
    print(f"# load average at end: {_load_average()}", flush=True)
