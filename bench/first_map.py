"""``first_map_ms``: one Chromium reader, from opening a shared link to the drawn map.

The app serves ``data/`` on a free port; one untimed reader loads the dataset first. Then, in a
fresh browser context each time (no cache, no cookies), the reader opens ``SHARED_LINK``. The
clock is the browser's own: from the start of the navigation to the first animation frame in
which the map's iframe holds at least ``MIN_COUNTRY_PATHS`` country paths and the script has
finished (a check that runs on every frame, installed before the page loads). The figure is the
median of ``RUNS`` readers, with the 1-minute load average before and after.

For comparison the same run times ``RUNS`` more readers the way this bench did before: the
Python clock around Playwright locator waits (first the iframe, then its paths, then the idle
script). Those waits poll with a back-off that reaches 500 ms after a quarter of a second, so
they see the map up to half a second after it was drawn (``first_map_ms_locator_polled``).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time

from bench.concurrency import (
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    MAP_DRAWN_JS,
    MAP_IFRAME,
    MIN_COUNTRY_PATHS,
    STEP_TIMEOUT_MS,
    VIEWPORT,
    _check_page,
    running_app,
)

SHARED_LINK = "/?from=2021&country=CHN"
RUNS = 5

# Installed in every frame before its scripts run; only the top page keeps time.
FIRST_MAP_CLOCK_JS = f"""
if (window === window.top) {{
  const mapDrawn = {MAP_DRAWN_JS};
  const check = () => {{
    if (mapDrawn() && document.querySelector('{IDLE}') !== null) {{
      window.__firstMapMs = performance.now();
      return;
    }}
    requestAnimationFrame(check);
  }};
  requestAnimationFrame(check);
}}
"""


async def _open_in_page_clock(browser, url: str) -> float:
    """Milliseconds by the page's clock from navigation start to the drawn map, script idle."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        await context.add_init_script(FIRST_MAP_CLOCK_JS)
        page = await context.new_page()
        await page.goto(url + SHARED_LINK)
        await page.wait_for_function("() => window.__firstMapMs", timeout=STEP_TIMEOUT_MS)
        await _check_page(page, "first map")
        return await page.evaluate("() => window.__firstMapMs")
    finally:
        await context.close()


async def _open_locator_polled(browser, url: str) -> float:
    """Milliseconds by the Python clock, the map seen through Playwright locator waits."""
    context = await browser.new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        started = time.perf_counter()
        await page.goto(url + SHARED_LINK)
        iframe = page.locator(MAP_IFRAME)
        await iframe.wait_for(timeout=STEP_TIMEOUT_MS)
        frame = await (await iframe.element_handle()).content_frame()
        await frame.wait_for_function(
            f"document.querySelectorAll('path.leaflet-interactive').length >= {MIN_COUNTRY_PATHS}",
            timeout=STEP_TIMEOUT_MS,
        )
        await page.locator(IDLE).wait_for(state="attached", timeout=STEP_TIMEOUT_MS)
        elapsed = (time.perf_counter() - started) * 1000
        await _check_page(page, "first map")
        return elapsed
    finally:
        await context.close()


async def time_first_maps(url: str, runs: int) -> tuple[list[float], list[float]]:
    """In-page and locator-polled timings of ``runs`` fresh readers each, after one warm-up."""
    from playwright.async_api import async_playwright

    in_page, polled = [], []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            await _open_in_page_clock(browser, url)  # loads the dataset into the app
            for _ in range(runs):  # alternated, so both see the same machine
                in_page.append(await _open_in_page_clock(browser, url))
                polled.append(await _open_locator_polled(browser, url))
        finally:
            await browser.close()
    return in_page, polled


def _figure(name: str, timings: list[float], detail: str) -> str:
    return (
        f"{name}: {statistics.median(timings):.0f} ms (median of {len(timings)}, "
        f"min {min(timings):.0f}, max {max(timings):.0f}; {detail})"
    )


def main() -> None:
    from bench.synthetic import OUT_DIR

    with running_app(None, OUT_DIR / "logs" / "first-map.log") as (url, _pid):
        load = os.getloadavg()[0]
        in_page, polled = asyncio.run(time_first_maps(url, RUNS))
    after = os.getloadavg()[0]
    print(
        _figure("first_map_ms", in_page, f"browser clock; load {load:.1f}→{after:.1f}"), flush=True
    )
    print(
        _figure("first_map_ms_locator_polled", polled, "old method, see bench/first_map.py"),
        flush=True,
    )
