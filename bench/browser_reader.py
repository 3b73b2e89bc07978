"""What a new Chromium reader costs the app, straight to the app and through ``make serve``.

Two set-ups run at once on ``data/``: one ``streamlit run`` reached directly, and nginx with
one app process behind it (``deploy.serve.serving(1)``, as ``make serve WORKERS=1``), which
serves the front end's static files itself. Each is warmed with one reader. Then ``RUNS`` times,
alternating, a new browser (a fresh Chromium context: empty cache, no cookies) opens the shared
link until the map is drawn and the script is idle (``bench.first_map``'s in-page clock), and is
closed; the app process's CPU (``/proc/<pid>/stat``) is read before the reader and
``SETTLE_S`` after it closed, so the session's end is counted too.

Figures: ``browser_reader_cpu_ms_direct`` / ``_nginx`` (median app CPU per reader; target:
nginx ≤ 0.5 × direct), ``browser_reader_cpu_ratio``, ``nginx_cpu_ms_per_reader`` (what nginx
itself spent), ``first_map_ms_direct`` / ``_nginx`` (median by the browser's clock; target:
nginx ≤ direct), with the load average before and after.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from dataclasses import dataclass, field

from bench.first_map import _open_in_page_clock
from bench.protocol import read_cpu_seconds

RUNS = 6
SETTLE_S = 1.0


@dataclass
class Readers:
    """App CPU milliseconds and first-map milliseconds of each reader of one set-up."""

    cpu_ms: list[float] = field(default_factory=list)
    first_map_ms: list[float] = field(default_factory=list)
    nginx_cpu_ms: list[float] = field(default_factory=list)


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and its children (nginx: the master and its worker)."""
    import psutil

    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


async def measure_reader(browser, url: str, app_pid: int, nginx_pid: int | None, into: Readers):
    """One new browser on ``url``: its first map and the CPU the app (and nginx) spent."""
    before = read_cpu_seconds(app_pid)
    nginx_before = tree_cpu_seconds(nginx_pid) if nginx_pid else 0.0
    into.first_map_ms.append(await _open_in_page_clock(browser, url))
    await asyncio.sleep(SETTLE_S)
    into.cpu_ms.append((read_cpu_seconds(app_pid) - before) * 1000)
    if nginx_pid:
        into.nginx_cpu_ms.append((tree_cpu_seconds(nginx_pid) - nginx_before) * 1000)


async def compare_readers(direct: tuple[str, int], served, runs: int) -> dict[str, Readers]:
    """``runs`` new readers on each set-up, alternating; after one untimed reader on each."""
    from playwright.async_api import async_playwright

    from bench.concurrency import CHROMIUM, CHROMIUM_ARGS

    setups = {
        "direct": (direct[0], direct[1], None),
        "nginx": (served.url, served.workers[0][1], served.nginx_pid),
    }
    results = {name: Readers() for name in setups}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for url, _pid, _nginx in setups.values():
                await _open_in_page_clock(browser, url)  # loads the dataset into the process
            for _ in range(runs):
                for name, (url, pid, nginx_pid) in setups.items():
                    await measure_reader(browser, url, pid, nginx_pid, results[name])
        finally:
            await browser.close()
    return results


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} ms (min {min(values):.0f}, max {max(values):.0f})"


def main() -> None:
    from bench.synthetic import OUT_DIR
    from deploy.processes import running_app
    from deploy.serve import serving

    log_dir = OUT_DIR / "logs"
    with (
        running_app(None, log_dir / "browser-reader-direct.log") as direct,
        serving(1, log_dir=log_dir / "browser-reader-serve") as served,
    ):
        load = os.getloadavg()[0]
        started = time.perf_counter()
        results = asyncio.run(compare_readers(direct, served, RUNS))
        wall = time.perf_counter() - started
    note = f"median of {RUNS}; load {load:.1f}→{os.getloadavg()[0]:.1f}, {wall:.0f} s"
    direct_cpu = statistics.median(results["direct"].cpu_ms)
    nginx_cpu = statistics.median(results["nginx"].cpu_ms)
    print(f"browser_reader_cpu_ms_direct: {_median(results['direct'].cpu_ms)}; {note}")
    print(f"browser_reader_cpu_ms_nginx: {_median(results['nginx'].cpu_ms)}")
    print(f"browser_reader_cpu_ratio: {nginx_cpu / direct_cpu:.2f} (target ≤ 0.5)")
    print(f"nginx_cpu_ms_per_reader: {_median(results['nginx'].nginx_cpu_ms)}")
    print(f"first_map_ms_direct: {_median(results['direct'].first_map_ms)}")
    print(f"first_map_ms_nginx: {_median(results['nginx'].first_map_ms)}", flush=True)
