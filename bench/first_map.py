"""``first_map_ms``: one Chromium reader, from opening a shared link to the drawn map.

The app serves ``data/`` on a free port; one untimed reader loads the dataset first. Then, in a
fresh browser context each time (no cache, no cookies), the reader opens ``SHARED_LINK`` and the
clock stops when the map's iframe holds at least ``MIN_COUNTRY_PATHS`` country paths and the
script has finished. The figure is the median of ``RUNS`` readers, with the 1-minute load
average before and after.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time

from bench.concurrency import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    _check_page,
    _wait_for_map,
    _wait_idle,
    running_app,
)

SHARED_LINK = "/?from=2021&country=CHN"
RUNS = 5


async def time_first_maps(url: str, runs: int) -> list[float]:
    """Milliseconds from ``goto`` to the drawn map, for ``runs`` fresh contexts (one warm-up)."""
    from playwright.async_api import async_playwright

    timings = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            for number in range(runs + 1):
                context = await browser.new_context(viewport=VIEWPORT)
                page = await context.new_page()
                started = time.perf_counter()
                await page.goto(url + SHARED_LINK)
                await _wait_for_map(page)
                await _wait_idle(page)
                elapsed = (time.perf_counter() - started) * 1000
                await _check_page(page, "first map")
                await context.close()
                if number:  # the first one loads the dataset into the app
                    timings.append(elapsed)
        finally:
            await browser.close()
    return timings


def main() -> None:
    from bench.synthetic import OUT_DIR

    with running_app(None, OUT_DIR / "logs" / "first-map.log") as (url, _pid):
        load = os.getloadavg()[0]
        timings = asyncio.run(time_first_maps(url, RUNS))
    after = os.getloadavg()[0]
    print(
        f"first_map_ms: {statistics.median(timings):.0f} ms (median of {RUNS}, "
        f"min {min(timings):.0f}, max {max(timings):.0f}; load {load:.1f}→{after:.1f})",
        flush=True,
    )
