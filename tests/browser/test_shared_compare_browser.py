"""The Compare page in a real browser: a shared link restores the comparison (also after a
reload), its Altair charts draw with no request leaving the machine, and "Compare with…" in a
country panel opens it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.test_map_browser import (
    WAIT_MS,
    requests_leaving_the_machine,
    wait_for_heading,
)

pytestmark = pytest.mark.browser

CHART = '[data-testid="stVegaLiteChart"]'
DRAWN_CHART = f"{CHART} canvas, {CHART} svg.marks"
CHART_COUNT = 4  # events per year, type mix, theme mix, Japan involved
TAG = "[data-tag] span[title]"
COUNTRIES_LABEL = "Countries to compare (2 to 6)"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def chosen_countries(page) -> list[str]:
    """The labels of the countries chosen in the compare multiselect, in order."""
    widget = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name=COUNTRIES_LABEL)
    )
    return [text.strip() for text in widget.locator(TAG).all_inner_texts()]


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.evaluate("location.href")).query)


def wait_for_comparison(page) -> None:
    wait_for_heading(page, "Compare countries")
    page.wait_for_function(
        f"document.querySelectorAll('{DRAWN_CHART}').length >= {CHART_COUNT}", timeout=WAIT_MS
    )
    page.locator(IDLE).wait_for(timeout=WAIT_MS)


def test_shared_compare_link_restores_the_view_offline(page, app_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    link = f"{app_url}/compare?countries=KAZ,UZB,GEO&type=call,multilateral&japan=only"
    for reload in (False, True):
        if reload:
            page.reload()
        else:
            page.goto(link)
        wait_for_comparison(page)
        assert chosen_countries(page) == [
            "Kazakhstan (KAZ)",
            "Uzbekistan (UZB)",
            "Georgia (GEO)",
        ]
        for heading in ("Mix of event types", "Mix of themes", "Most frequent counterparts"):
            wait_for_heading(page, heading)
        query = query_of(page)
        assert query["countries"] == ["KAZ,UZB,GEO"]
        assert query["type"] == ["call,multilateral"] and query["japan"] == ["only"]
        # the sidebar filters were restored from the link too
        assert page.get_by_role("switch", name="Japan involved only").is_checked()

    assert requests_leaving_the_machine(requested) == []


def test_compare_with_opens_the_page_with_the_country(page, app_url: str) -> None:
    page.goto(f"{app_url}/country?country=KAZ")
    wait_for_heading(page, "Kazakhstan")
    page.get_by_role("button", name=re.compile("Compare with")).click()
    page.get_by_role("button", name="Open the comparison").click()
    wait_for_heading(page, "Compare countries")
    page.wait_for_function(
        "() => new URLSearchParams(window.location.search).get('countries') === 'KAZ'",
        timeout=WAIT_MS,
    )
    assert urlsplit(page.evaluate("location.href")).path.endswith("/compare")
    assert chosen_countries(page) == ["Kazakhstan (KAZ)"]
    page.get_by_text("Choose at least 2 countries").wait_for(timeout=WAIT_MS)


def test_choosing_countries_writes_the_link(page, app_url: str) -> None:
    page.goto(f"{app_url}/compare?countries=KAZ,UZB")
    wait_for_comparison(page)
    box = page.get_by_role("combobox", name=COUNTRIES_LABEL)
    box.click()
    box.fill("Georgia")
    page.get_by_role("option", name="Georgia (GEO)").click()
    page.wait_for_function(
        "() => new URLSearchParams(window.location.search).get('countries') === 'KAZ,UZB,GEO'",
        timeout=WAIT_MS,
    )
    page.get_by_role("button", name="Remove Uzbekistan (UZB)").click()
    page.wait_for_function(
        "() => new URLSearchParams(window.location.search).get('countries') === 'KAZ,GEO'",
        timeout=WAIT_MS,
    )
    page.locator(IDLE).wait_for(timeout=WAIT_MS)
    assert chosen_countries(page) == ["Kazakhstan (KAZ)", "Georgia (GEO)"]
