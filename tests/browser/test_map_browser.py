"""What only a browser shows: the drawn map, a click on a country, the URL, downloads, requests.

Each test opens a fresh browser context on the app started by ``conftest.py``; the hostile-text
test starts a second app on a copy of ``data/`` with HTML and script payloads in its text.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from bluebook.explore.export import PEOPLE_COLUMNS
from bluebook.validate import validate_data_dir
from tests.browser.conftest import running_app
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser

MAP_IFRAME = 'iframe[title*="streamlit_folium"]'
COUNTRY_PATH = "path.leaflet-interactive"
MIN_COUNTRIES = 200
WAIT_MS = 60_000
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PAYLOADS = ("<img src=x onerror=alert(1)>", "</script>", '"><svg onload=alert(1)>')
INJECTED = ('img[src="x"]', "svg[onload]")

# Runs inside the map's iframe: the <path> of the Leaflet layer whose feature is ``iso3``.
FIND_PATH_JS = """
(iso3) => {
  for (const name of Object.keys(window)) {
    let candidate;
    try { candidate = window[name]; } catch (error) { continue; }
    if (!(candidate instanceof L.Map)) continue;
    let found = null;
    candidate.eachLayer((layer) => {
      const feature = layer.feature;
      if (feature && layer._path
          && (feature.id === iso3 || (feature.properties || {}).iso3 === iso3)) {
        found = layer._path;
      }
    });
    if (found) return found;
  }
  return null;
}
"""
# A point of the iframe's viewport where the country's path is the topmost element.
POINT_IN_JS = f"""
(iso3) => {{
  const path = ({FIND_PATH_JS})(iso3);
  if (!path) return null;
  const box = path.getBoundingClientRect();
  for (let i = 1; i < 24; i++) {{
    for (let j = 1; j < 24; j++) {{
      const x = box.left + box.width * i / 24, y = box.top + box.height * j / 24;
      if (document.elementFromPoint(x, y) === path) return {{x, y}};
    }}
  }}
  return null;
}}
"""
# True once the country's border is strictly wider than every other country's.
OUTLINED_JS = f"""
(iso3) => {{
  const selected = ({FIND_PATH_JS})(iso3);
  if (!selected) return false;
  const width = (path) => parseFloat(path.getAttribute('stroke-width') || '0');
  const others = [...document.querySelectorAll('{COUNTRY_PATH}')].filter((p) => p !== selected);
  return others.length > 0 && others.every((path) => width(path) < width(selected));
}}
"""


STEADY_TRIES = 25
STEADY_PAUSE_MS = 200


def open_map(page, url: str):
    """Go to ``url`` and return the map's frame once it has drawn the countries."""
    page.goto(url)
    return wait_for_map(page)


def wait_for_map(page):
    """The map's frame, once the map on the current page has drawn the countries."""
    iframe = page.locator(MAP_IFRAME)
    iframe.wait_for(timeout=WAIT_MS)
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function(
        f"document.querySelectorAll('{COUNTRY_PATH}').length >= {MIN_COUNTRIES}",
        timeout=WAIT_MS,
    )
    return frame


def country_point(page, frame, iso3: str) -> tuple[float, float]:
    """Page coordinates of a pixel inside the country ``iso3`` on the map, once the map has
    stopped moving (it fits its bounds with an animation on first draw: a point taken during
    it can land on a neighbour by the time of the click)."""
    point, previous = None, None
    for _ in range(STEADY_TRIES):
        point = frame.evaluate(POINT_IN_JS, iso3)
        assert point is not None, f"{iso3} is not drawn on the map"
        if point == previous:
            break
        previous = point
        page.wait_for_timeout(STEADY_PAUSE_MS)
    box = page.locator(MAP_IFRAME).bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def hover_country(page, frame, iso3: str, name: str) -> tuple[float, float]:
    """Hover the country until its own tooltip shows, and return the point hovered.

    The page may still move under a point (the map fitting its bounds, a line drawn above the
    map on a slow first run): a point is used only once the tooltip there names the country
    and the point is still inside it, measured again after hovering."""
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    for _ in range(STEADY_TRIES):
        x, y = country_point(page, frame, iso3)
        page.mouse.move(x, y)
        tooltip.first.wait_for(timeout=WAIT_MS)
        if name in tooltip.first.inner_text() and country_point(page, frame, iso3) == (x, y):
            return x, y
        page.mouse.move(0, 0)
        page.wait_for_timeout(STEADY_PAUSE_MS)
    raise AssertionError(f"the tooltip never named {name} under the pointer")


def click_country(page, frame, iso3: str, name: str) -> None:
    """Click inside the country ``iso3`` (called ``name`` in its tooltip)."""
    page.mouse.click(*hover_country(page, frame, iso3, name))


def heading(page, name: str):
    return page.get_by_role("heading", name=name, exact=True)


def wait_for_heading(page, name: str) -> None:
    heading(page, name).first.wait_for(timeout=WAIT_MS)


def requests_leaving_the_machine(requested: list[str]) -> list[str]:
    """The URLs of ``requested`` that are neither local nor data/blob URLs."""
    return [
        url
        for url in requested
        if urlsplit(url).scheme not in ("data", "blob")
        and urlsplit(url).hostname not in LOCAL_HOSTS
    ]


def download_events_csv(page, url: str) -> Path:
    """Open the Events page at ``url``, click "Download CSV" and return the file's path."""
    page.goto(url)
    wait_for_heading(page, "Events")
    button = page.get_by_role("button", name="Download CSV")
    button.wait_for(timeout=WAIT_MS)
    with page.expect_download(timeout=WAIT_MS) as download_info:
        button.click()
    return Path(download_info.value.path())


def events_from_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_map_draws_the_country_polygons(page, app_url: str) -> None:
    open_map(page, app_url)
    paths = page.frame_locator(MAP_IFRAME).locator(COUNTRY_PATH)
    assert paths.count() >= MIN_COUNTRIES


def test_click_on_uzbekistan_opens_its_panel_and_writes_the_url(page, app_url: str) -> None:
    frame = open_map(page, app_url)
    wait_for_heading(page, "Overview")
    assert "country=" not in page.url
    click_country(page, frame, "UZB", "Uzbekistan")
    wait_for_heading(page, "Uzbekistan")
    page.wait_for_url(re.compile(r"[?&]country=UZB(&|$)"), timeout=WAIT_MS)
    assert heading(page, "Overview").count() == 0


def test_reloading_the_link_restores_the_view(page, app_url: str) -> None:
    link = f"{app_url}/?country=UZB&type=call"
    for reload in (False, True):
        if reload:
            page.reload()
            frame = open_map(page, page.url)
        else:
            frame = open_map(page, link)
        wait_for_heading(page, "Uzbekistan")
        frame.wait_for_function(OUTLINED_JS, arg="UZB", timeout=WAIT_MS)
        assert "country=UZB" in page.url and "type=call" in page.url


def test_events_download_holds_exactly_the_filtered_events(page, app_url: str) -> None:
    path = download_events_csv(page, f"{app_url}/events?type=call&country=KAZ")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfevent_id,")  # a plain table, with a BOM
    downloaded = events_from_csv(path)
    events = events_from_csv(DATA_DIR / "events.csv")
    is_kaz = events["countries"].str.split(";").map(lambda codes: "KAZ" in codes)
    # The default years are those the volume narrates: 2021–2022 for the 2022 volume.
    narrated = events["date"].str.slice(0, 4).astype(int) >= 2021
    expected = events[(events["event_type"] == "call") & is_kaz & narrated]
    assert len(expected) > 0
    # The events.csv columns with the country names beside the codes, then the PDF page of
    # the evidence (none for a text source) and the source's title and link.
    assert list(downloaded.columns) == list(PEOPLE_COLUMNS)
    assert (downloaded["page"] == "").all()
    assert downloaded["country_names"].str.contains("Kazakhstan").all()
    pd.testing.assert_frame_equal(
        downloaded[list(events.columns)].sort_values("event_id").reset_index(drop=True),
        expected.sort_values("event_id").reset_index(drop=True),
    )


def test_no_request_leaves_the_machine(page, app_url: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("websocket", lambda socket: requested.append(socket.url))

    frame = open_map(page, app_url)
    click_country(page, frame, "UZB", "Uzbekistan")
    wait_for_heading(page, "Uzbekistan")
    for link, url_path, title in (
        ("Events", "/events", "Events"),
        ("Country profile", "/country", "Country profile"),
        ("About", "/about", "About Bluebook Atlas"),
    ):
        page.get_by_role("link", name=link, exact=True).click()
        page.wait_for_url(re.compile(rf"{url_path}\?country=UZB"), timeout=WAIT_MS)
        wait_for_heading(page, title)
    page.get_by_role("link", name="Map", exact=True).click()
    page.wait_for_url(re.compile(r"/\?country=UZB"), timeout=WAIT_MS)
    wait_for_map(page)
    wait_for_heading(page, "Uzbekistan")

    assert any(url.endswith("/app/static/leaflet.js") for url in requested)
    assert requests_leaving_the_machine(requested) == []


def rewrite_table(path: Path, edit: Callable[[pd.DataFrame], None]) -> None:
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(table)
    table.to_csv(path, index=False, lineterminator="\n")


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid copy of ``data/`` with the payloads in an event, a summary and a theme label.

    The event is a UZB telephone call (its evidence must stay the source's sentence, so the
    payloads go into its title and partner actors); the theme is one of UZB's top themes, so
    the map tooltip shows it.
    """
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DATA_DIR, data)
    payload = " ".join(PAYLOADS)

    def event(table: pd.DataFrame) -> None:
        row = table["event_id"] == "bb2022-ch2-cac-013"
        assert row.sum() == 1
        table.loc[row, "title"] = f"Hostile title {payload}"
        table.loc[row, "actors_partner"] = payload

    def summary(table: pd.DataFrame) -> None:
        row = table["iso3"] == "UZB"
        assert row.sum() == 1
        table.loc[row, "summary"] = f"Hostile summary {payload}"

    def theme(table: pd.DataFrame) -> None:
        row = table["id"] == "political_dialogue"
        table.loc[row, "label"] = f"Hostile theme {PAYLOADS[0]}"

    rewrite_table(data / "events.csv", event)
    rewrite_table(data / "countries.csv", summary)
    rewrite_table(data / "taxonomy" / "themes.csv", theme)
    assert validate_data_dir(data) == []
    return data


@pytest.fixture(scope="module")
def hostile_url(hostile_data: Path, chromium_path, tmp_path_factory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("hostile-logs"), hostile_data) as url:
        yield url


def assert_nothing_injected(page) -> None:
    for frame in page.frames:
        for selector in INJECTED:
            assert frame.locator(selector).count() == 0, f"{selector} in {frame.url}"


def test_hostile_text_stays_text(page, hostile_url: str) -> None:
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    frame = open_map(page, f"{hostile_url}/?country=UZB")
    wait_for_heading(page, "Uzbekistan")
    page.get_by_text(f"Hostile summary {' '.join(PAYLOADS)}").wait_for(timeout=WAIT_MS)
    page.get_by_text(f"Hostile title {' '.join(PAYLOADS)}").first.wait_for(timeout=WAIT_MS)

    hover_country(page, frame, "UZB", "Uzbekistan")
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    assert f"Hostile theme {PAYLOADS[0]}" in tooltip.inner_text()
    assert_nothing_injected(page)

    page.get_by_role("link", name="Events", exact=True).click()
    page.wait_for_url(re.compile(r"/events\?country=UZB"), timeout=WAIT_MS)
    wait_for_heading(page, "Events")
    page.get_by_role("button", name="Download CSV").wait_for(timeout=WAIT_MS)
    assert_nothing_injected(page)
    assert dialogs == []


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("from=abc&country=XXX", ["from", "country"]),
        ("theme=%3Cscript%3Ealert(1)%3C/script%3E&type=call", ["theme"]),
        (
            "q=%22%3E%3Csvg%20onload=alert(1)%3E&bogus=%3Cimg%20src=x%20onerror=alert(1)%3E",
            ["bogus"],
        ),
    ],
)
def test_bad_link_parameters_give_a_notice_and_a_clean_url(page, app_url, query, named) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_map(page, f"{app_url}/?{query}")
    notice = page.get_by_text("Some parts of the link were not understood")
    notice.first.wait_for(timeout=WAIT_MS)
    text = page.locator('[data-testid="stAlert"]').first.inner_text()
    for key in named:
        assert key in text
    for key in named:
        page.wait_for_function(
            f"() => !new URLSearchParams(window.location.search).has('{key}')", timeout=WAIT_MS
        )
    assert_nothing_injected(page)
    assert dialogs == []
