"""Concurrent readers: N browser sessions on one ``streamlit run``, all at the same moment.

Each session is its own Playwright context in one headless Chromium (``/usr/bin/chromium``)
and does what a reader of a shared link does:

1. ``load``: opens the shared link (``SHARED_LINK``) and waits until the map has drawn the
   countries and the script has finished;
2. ``filter``: toggles "Japan involved only" in the sidebar and waits for the new run
   (``japan=only`` in the URL, script finished);
3. ``click``: dispatches a click on a country's path inside the map's iframe and waits for the
   country's panel (``country=…`` in the URL, script finished).

A session counts as an error if a step fails or times out, or if the page shows an exception
or an error box. The app runs on 127.0.0.1 on a free port and is stopped at the end; the count
of sessions and the total time are bounded (``MAX_SESSIONS``, ``TOTAL_TIMEOUT_S``).

Figures, for N = 10 and 25 (on the 200k synthetic folder): ``sessions_N``, ``errors_N``,
``p95_interaction_ms_N`` (over every step of every session), ``median_interaction_ms_N``,
the app's peak memory ``app_rss_mb_peak_N``, and the CPU seconds per session of the app
(``app_cpu_s_per_session_N``) and of Chromium (``browser_cpu_s_per_session_N``): the browsers
run on the same machine as the app, so on a small machine they weigh on the latencies.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from deploy.processes import running_app

ROOT = Path(__file__).resolve().parent.parent
Result = TypeVar("Result")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
]
SESSION_COUNTS = (10, 25)
STEPS = ("load", "filter", "click")
MAX_SESSIONS = 50
SHARED_LINK = "/?from=2021&type=call,visit"
STEP_TIMEOUT_MS = 180_000
TOTAL_TIMEOUT_S = 600
VIEWPORT = {"width": 1400, "height": 1000}
MAP_IFRAME = 'iframe[title*="streamlit_folium"]'
MIN_COUNTRY_PATHS = 200
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PAGE_ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

# Runs inside the map's iframe: click the <path> of the Leaflet layer whose feature is iso3.
CLICK_COUNTRY_JS = """
(iso3) => {
  for (const name of Object.keys(window)) {
    let map;
    try { map = window[name]; } catch (error) { continue; }
    if (!(window.L && map instanceof L.Map)) continue;
    let path = null;
    map.eachLayer((layer) => {
      const feature = layer.feature;
      const code = feature && (feature.id || (feature.properties || {}).iso3);
      if (layer._path && code === iso3) path = layer._path;
    });
    if (!path) continue;
    const box = path.getBoundingClientRect();
    const options = {bubbles: true, cancelable: true, view: window,
                     clientX: box.left + box.width / 2, clientY: box.top + box.height / 2};
    path.dispatchEvent(new MouseEvent('click', options));
    return true;
  }
  return false;
}
"""


@dataclass
class SessionResult:
    """Milliseconds per step of one session, and the first error if any."""

    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None


class ProcessSampler:
    """Samples, in a background thread, the app's resident memory (peak) and the CPU seconds
    used by the app and by the browser (this process's other descendants) while it runs."""

    def __init__(self, server_pid: int, interval_s: float = 0.1) -> None:
        import psutil

        self._server = psutil.Process(server_pid)
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._first: dict[int, float] = {}
        self._last: dict[int, tuple[str, float]] = {}
        self.peak_bytes = 0

    def _tree(self, root) -> list:
        import psutil

        try:
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    def _sample(self) -> None:
        import psutil

        server = {process.pid for process in self._tree(self._server)}
        rss = 0
        for process in self._tree(psutil.Process()):
            try:
                times = process.cpu_times()
                if process.pid in server:
                    rss += process.memory_info().rss
            except psutil.Error:
                continue
            kind = "app" if process.pid in server else "browser"
            self._last[process.pid] = (kind, times.user + times.system)
        self.peak_bytes = max(self.peak_bytes, rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self._interval_s)

    def cpu_seconds(self, kind: str) -> float:
        """CPU seconds used since the start by the ``app`` or the ``browser`` processes."""
        return sum(
            total - self._first.get(pid, 0.0)
            for pid, (which, total) in self._last.items()
            if which == kind and pid != os.getpid()
        )

    def __enter__(self) -> ProcessSampler:
        self._sample()
        self._first = {pid: total for pid, (_, total) in self._last.items()}
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


# Evaluated in the top page. Playwright's locator waits poll with a back-off that reaches 500 ms
# after a quarter of a second, which added up to half a second to a timed step; a function
# polled on every animation frame sees the map in the frame where it is drawn.
MAP_DRAWN_JS = f"""() => {{
  const iframe = document.querySelector('{MAP_IFRAME}');
  const inner = iframe && iframe.offsetHeight > 0 && iframe.contentDocument;
  return Boolean(inner)
    && inner.querySelectorAll('path.leaflet-interactive').length >= {MIN_COUNTRY_PATHS};
}}"""
IDLE_JS = f"() => document.querySelector('{IDLE}') !== null"


async def _wait_idle(page) -> None:
    await page.wait_for_function(IDLE_JS, polling="raf", timeout=STEP_TIMEOUT_MS)


async def _wait_for_map(page):
    """Wait until the map's iframe shows the countries; return the iframe's frame."""
    await page.wait_for_function(MAP_DRAWN_JS, polling="raf", timeout=STEP_TIMEOUT_MS)
    return await (await page.locator(MAP_IFRAME).element_handle()).content_frame()


async def _check_page(page, step: str) -> None:
    if await page.locator(PAGE_ERRORS).count():
        text = (await page.locator(PAGE_ERRORS).first.inner_text())[:200]
        raise RuntimeError(f"{step}: the page shows an error: {text}")


async def run_session(browser, url: str, iso3: str) -> SessionResult:
    """One reader: load the shared link, change a filter, click a country; time each step."""
    result = SessionResult()
    context = await browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = await context.new_page()
    step = "load"
    try:
        started = time.perf_counter()
        await page.goto(url + SHARED_LINK)
        await _wait_for_map(page)
        await _wait_idle(page)
        result.timings[step] = (time.perf_counter() - started) * 1000
        await _check_page(page, step)

        step = "filter"
        started = time.perf_counter()
        await page.locator('[data-testid="stSidebar"]').get_by_text("Japan involved only").click()
        await page.wait_for_url("**japan=only**", timeout=STEP_TIMEOUT_MS)
        await _wait_idle(page)
        result.timings[step] = (time.perf_counter() - started) * 1000
        await _check_page(page, step)

        step = "click"
        frame = await _wait_for_map(page)
        started = time.perf_counter()
        if not await frame.evaluate(CLICK_COUNTRY_JS, iso3):
            raise RuntimeError(f"click: no path for {iso3} on the map")
        await page.wait_for_url(f"**country={iso3}**", timeout=STEP_TIMEOUT_MS)
        await _wait_idle(page)
        result.timings[step] = (time.perf_counter() - started) * 1000
        await _check_page(page, step)
    except Exception as error:  # any failure of a step is this session's error
        result.error = f"{step}: {type(error).__name__}: {str(error).splitlines()[0][:200]}"
    finally:
        await context.close()
    return result


async def run_sessions(url: str, count: int, countries: list[str]) -> list[SessionResult]:
    """``count`` sessions started together in one Chromium; bounded by ``TOTAL_TIMEOUT_S``."""
    from playwright.async_api import async_playwright

    if not 1 <= count <= MAX_SESSIONS:
        raise ValueError(f"between 1 and {MAX_SESSIONS} sessions, not {count}")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            tasks = [
                asyncio.create_task(run_session(browser, url, countries[number % len(countries)]))
                for number in range(count)
            ]
            done, pending = await asyncio.wait(tasks, timeout=TOTAL_TIMEOUT_S)
            for task in pending:
                task.cancel()
            results = [task.result() for task in tasks if task in done]
            results += [SessionResult(error="timed out") for _ in pending]
            return results
        finally:
            await browser.close()


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of ``values``; NaN when there are none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(results: list[SessionResult]) -> dict[str, float]:
    """sessions, complete (all steps done), errors, p95 and median of every finished step."""
    timings = [value for result in results for value in result.timings.values()]
    return {
        "sessions": len(results),
        "complete": sum(len(result.timings) == len(STEPS) for result in results),
        "errors": sum(result.error is not None for result in results),
        "p95_interaction_ms": percentile(timings, 0.95),
        "median_interaction_ms": statistics.median(timings) if timings else float("nan"),
    }


def partner_countries(data_dir: Path | None, limit: int = 25) -> list[str]:
    """The countries with most events in the shared link's view with Japan involved."""
    from bluebook.dataset import load_dataset
    from bluebook.explore import query
    from bluebook.explore.view import ViewState
    from ui.cache import SNAPSHOT_DIR

    dataset = load_dataset(data_dir or ROOT / "data", cache_dir=SNAPSHOT_DIR)
    view = ViewState(year_from=2021, event_types=("call", "visit"), japan_only=True)
    counts = query.count_by_country(dataset, query.filter_mask(dataset, view))
    return [str(code) for code in counts.index[:limit]] or ["UZB"]


def run_in_fresh_loop(make_coroutine: Callable[[], Coroutine[Any, Any, Result]]) -> Result:
    """Run ``make_coroutine()`` to completion in a new event loop on a worker thread.

    ``asyncio.run`` refuses to start in a thread that already runs a loop, as pytest's thread
    does once a sync Playwright has started; a worker thread has none, so the caller's thread
    may or may not run a loop. Returns the coroutine's result; re-raises its exception.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-loop") as executor:
        return executor.submit(lambda: asyncio.run(make_coroutine())).result()


def measure(
    data_dir: Path | None, counts: tuple[int, ...], log_dir: Path, extra_env: dict[str, str]
) -> dict[int, dict[str, float]]:
    """Run the scenario for each session count against one app; return the figures per count."""
    countries = partner_countries(data_dir)
    figures: dict[int, dict[str, float]] = {}
    with running_app(data_dir, log_dir / "concurrency-app.log", extra_env) as (url, pid):
        # load the dataset once, untimed
        warm = run_in_fresh_loop(partial(run_sessions, url, 1, countries))
        if warm[0].error:
            raise RuntimeError(f"the warm-up session failed: {warm[0].error}")
        for count in counts:
            with ProcessSampler(pid) as sampler:
                results = run_in_fresh_loop(partial(run_sessions, url, count, countries))
            figures[count] = summarise(results) | {
                "app_rss_mb_peak": sampler.peak_bytes / 2**20,
                "app_cpu_s_per_session": sampler.cpu_seconds("app") / count,
                "browser_cpu_s_per_session": sampler.cpu_seconds("browser") / count,
            }
            errors = [result.error for result in results if result.error]
            figures[count]["first_errors"] = errors[:3]
    return figures


def main() -> None:
    from bench.synthetic import OUT_DIR, ensure_data_dir, raise_table_limit

    extra_env = raise_table_limit()
    data_dir = ensure_data_dir("200k")
    figures = measure(data_dir, SESSION_COUNTS, OUT_DIR / "logs", extra_env)
    for count, values in figures.items():
        print(f"sessions_{count}: {values['sessions']}")
        print(f"errors_{count}: {values['errors']}")
        print(f"p95_interaction_ms_{count}: {values['p95_interaction_ms']:.0f} ms")
        print(f"median_interaction_ms_{count}: {values['median_interaction_ms']:.0f} ms")
        print(f"app_rss_mb_peak_{count}: {values['app_rss_mb_peak']:.0f} MB")
        print(f"app_cpu_s_per_session_{count}: {values['app_cpu_s_per_session']:.2f} s")
        print(f"browser_cpu_s_per_session_{count}: {values['browser_cpu_s_per_session']:.2f} s")
        for error in values["first_errors"]:
            print(f"# error ({count} sessions): {error}")
        sys.stdout.flush()
