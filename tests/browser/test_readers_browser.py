"""What readers need, in a real browser: the coverage line and the two pale fills on the first
source and on a two-volume folder, downloads that open in pandas, geopandas and frictionless as
they are, the wheel over the map scrolling the page, and an app log free of deprecations."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import frictionless
import geopandas as gpd
import pandas as pd
import pytest

from bluebook.explore.export import PEOPLE_COLUMNS
from geo.choropleth import LEGEND_NO_DATA, LEGEND_NO_EVENTS, NO_DATA, NO_EVENTS
from tests.browser.conftest import SERVER_LOGS, running_app, unwanted_log_lines
from tests.browser.test_map_browser import (
    FIND_PATH_JS,
    MAP_IFRAME,
    WAIT_MS,
    open_map,
    wait_for_heading,
)
from tests.conftest import DATA_DIR, ROOT

pytestmark = pytest.mark.browser

SHOWN_TYPE = "multilateral"
"""The map is opened on this event type: some covered countries have none in the view."""
SECOND_SOURCE = ROOT / "tests" / "fixtures" / "extract" / "africa_web.txt"
FILL_JS = (
    f"(iso3) => {{ const path = ({FIND_PATH_JS})(iso3); "
    "return path && path.getAttribute('fill'); }"
)
ZOOM_JS = """
() => {
  for (const name of Object.keys(window)) {
    let candidate;
    try { candidate = window[name]; } catch (error) { continue; }
    if (candidate instanceof L.Map) return candidate.getZoom();
  }
  return null;
}
"""
# The scroll position of the element that scrolls the page around the map.
SCROLL_JS = f"""
() => {{
  let element = document.querySelector('{MAP_IFRAME}');
  while (element && !(element.scrollHeight > element.clientHeight
         && /(auto|scroll)/.test(getComputedStyle(element).overflowY))) {{
    element = element.parentElement;
  }}
  return element ? element.scrollTop : window.scrollY;
}}
"""


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def expected_line(data: Path) -> str:
    """The coverage line, worked out from the folder's files with plain pandas."""
    events = read_table(data / "events.csv")
    sources = read_table(data / "sources" / "sources.csv")
    volumes = sorted({int(year) for year in sources["volume_year"]})
    codes = {code for cell in events["countries"] for code in cell.split(";") if code}
    reviewed = int(100 * (events["reviewed"] == "true").mean())
    first = max(volumes[0] - 1, int(events["date"].str[:4].astype(int).min()))
    if len(sources) == 1:
        named = "Diplomatic Bluebook 2022, Ch. 2, Section 2"
    else:
        named = "Diplomatic Bluebook " + ", ".join(str(year) for year in volumes)
    section_word = "section" if len(sources) == 1 else "sections"
    volume_word = "volume" if len(volumes) == 1 else "volumes"
    return (
        f"{len(events)} events from {len(sources)} {section_word} of {len(volumes)} "
        f"{volume_word} ({named}) · {len(codes)} countries · narrated years "
        f"{first}–{volumes[-1]} · {reviewed} % reviewed"
    )


def earlier_events(data: Path, event_type: str) -> int:
    """Events of the type dated before the years the volumes narrate."""
    events = read_table(data / "events.csv")
    earlier = events["date"].str[:4].astype(int) < earliest_narrated(data)
    return int((earlier & (events["event_type"] == event_type)).sum())


@pytest.fixture(scope="module")
def two_volumes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ plus a section of the 2020 volume, ingested as a user would."""
    data = tmp_path_factory.mktemp("two-volumes") / "data"
    shutil.copytree(DATA_DIR, data)
    command = [sys.executable, "-m", "bluebook", "ingest", str(SECOND_SOURCE), "--data-dir", data]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return data


@pytest.fixture(scope="module")
def two_volumes_url(two_volumes: Path, chromium_path, tmp_path_factory) -> Iterator[str]:
    with running_app(tmp_path_factory.mktemp("two-volume-logs"), two_volumes) as url:
        yield url


def assert_coverage_and_greys(page, url: str, data: Path) -> None:
    """The coverage line, the note on earlier events, the legend's two labels, and on the map
    Brazil (in no source) grey while a covered country with no event of the type is pale."""
    frame = open_map(page, f"{url}/?type={SHOWN_TYPE}")
    page.get_by_text(expected_line(data), exact=True).wait_for(timeout=WAIT_MS)
    earlier = earlier_events(data, SHOWN_TYPE)
    assert earlier > 0
    word = "event" if earlier == 1 else "events"
    page.get_by_text(f"{earlier} earlier {word} (").first.wait_for(timeout=WAIT_MS)
    for label in (LEGEND_NO_EVENTS, LEGEND_NO_DATA):
        assert page.get_by_text(label, exact=True).is_visible()
    events = read_table(data / "events.csv")
    narrated = events[events["date"].str[:4].astype(int) >= earliest_narrated(data)]
    covered = {code for cell in events["countries"] for code in cell.split(";") if code}
    with_events = {
        code
        for cell in narrated.loc[narrated["event_type"] == SHOWN_TYPE, "countries"]
        for code in cell.split(";")
    }
    quiet = sorted(covered - with_events)
    assert quiet and with_events
    assert frame.evaluate(FILL_JS, "BRA") == NO_DATA.fill
    for code in quiet:
        assert frame.evaluate(FILL_JS, code) == NO_EVENTS.fill, code
    for code in with_events:
        assert frame.evaluate(FILL_JS, code) not in (NO_DATA.fill, NO_EVENTS.fill), code


def earliest_narrated(data: Path) -> int:
    sources = read_table(data / "sources" / "sources.csv")
    return min(int(year) for year in sources["volume_year"]) - 1


def test_coverage_line_and_the_two_greys_on_the_first_source(page, app_url: str) -> None:
    assert_coverage_and_greys(page, app_url, DATA_DIR)


def test_coverage_line_and_the_two_greys_on_two_volumes(
    page, two_volumes_url: str, two_volumes: Path
) -> None:
    line = expected_line(two_volumes)
    assert line.startswith("81 events from 2 sections of 2 volumes (Diplomatic Bluebook 2020, ")
    assert_coverage_and_greys(page, two_volumes_url, two_volumes)
    # Kenya is in the 2020 volume only: covered here, grey on the first source.
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame.evaluate(FILL_JS, "KEN") != NO_DATA.fill


def download(page, label: str) -> Path:
    button = page.get_by_role("button", name=label, exact=True)
    button.wait_for(timeout=WAIT_MS)
    with page.expect_download(timeout=WAIT_MS) as download_info:
        button.click()
    return Path(download_info.value.path())


def test_downloads_open_in_pandas_geopandas_and_frictionless(
    page, app_url: str, tmp_path: Path
) -> None:
    page.goto(f"{app_url}/events?type=call")
    wait_for_heading(page, "Events")
    events = read_table(DATA_DIR / "events.csv")
    calls = events[(events["event_type"] == "call") & (events["date"].str[:4] >= "2021")]

    # The table's own toolbar offers no CSV of its own (it would skip the formula guard).
    page.locator('[data-testid="stDataFrame"]').first.hover()
    page.get_by_role("button", name="Search").first.wait_for(timeout=WAIT_MS)
    assert page.get_by_role("button", name="Download as CSV").count() == 0

    table = pd.read_csv(download(page, "Download CSV"))  # as it is: no skiprows, no encoding
    assert list(table.columns) == list(PEOPLE_COLUMNS)
    assert sorted(table["event_id"]) == sorted(calls["event_id"])
    assert table["source_url"].str.startswith("https://www.mofa.go.jp/").all()

    geojson = tmp_path / "events.geojson"
    shutil.copy(download(page, "Download GeoJSON"), geojson)
    frame = gpd.read_file(geojson)
    codes = {code for cell in calls["countries"] for code in cell.split(";")}
    assert set(frame["iso3"]) == codes
    assert {"name", "event_count", "type_call", "events"} <= set(frame.columns)
    assert frame["type_call"].sum() == frame["event_count"].sum()
    first = frame.iloc[0]["events"]  # a list of objects (text with older GDALs)
    first = json.loads(first) if isinstance(first, str) else first
    assert {"event_id", "title", "evidence", "url"} <= set(first[0])

    citation = download(page, "Download citation").read_text(encoding="utf-8")
    assert citation.startswith("Bluebook Atlas, events extracted from:")
    assert "Link to this view: " in citation and "type=call" in citation

    with zipfile.ZipFile(io.BytesIO(download(page, "Download the dataset").read_bytes())) as zip_:
        zip_.extractall(tmp_path / "package")
    report = frictionless.validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]
    names = {task.name for task in report.tasks}
    assert {"events", "sources", "countries"} <= names


def test_the_wheel_over_the_map_scrolls_the_page(page, app_url: str) -> None:
    frame = open_map(page, f"{app_url}/?country=KAZ")
    wait_for_heading(page, "Kazakhstan")
    # The first view was fitted to the countries with events (20 here, so not the world).
    assert frame.evaluate("window.__bluebookFitted === true")
    box = page.locator(MAP_IFRAME).bounding_box()
    zoom = frame.evaluate(ZOOM_JS)
    before = page.evaluate(SCROLL_JS)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 400)
    page.wait_for_function(f"({SCROLL_JS})() > {before}", timeout=WAIT_MS)
    assert frame.evaluate(ZOOM_JS) == zoom
    assert frame.locator(".bluebook-wheel-hint").evaluate("hint => hint.style.opacity") == "1"
    # Ctrl + wheel zooms the map, not the page.
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    scrolled = page.evaluate(SCROLL_JS)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    frame.wait_for_function(f"({ZOOM_JS})() > {zoom}", timeout=WAIT_MS)
    assert page.evaluate(SCROLL_JS) == scrolled


def test_no_deprecation_or_start_up_warning_in_the_log(browser, tmp_path: Path) -> None:
    """Every page opened on an app of its own; its log names no deprecated call."""
    context = browser.new_context()
    tab = context.new_page()
    with running_app(tmp_path) as url:
        for path, title in (
            ("/", "Bluebook Atlas"),
            ("/events", "Events"),
            ("/compare?countries=KAZ,UZB", "Compare countries"),
            ("/country?country=KAZ", "Country profile"),
            ("/about", "About Bluebook Atlas"),
        ):
            tab.goto(f"{url}{path}")
            wait_for_heading(tab, title)
    context.close()
    log = SERVER_LOGS[-1]
    assert log.read_text(errors="replace").strip(), "the app wrote no log"
    assert unwanted_log_lines(log) == []
