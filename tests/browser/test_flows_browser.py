"""What only a browser shows of the map image export and Japan's flows.

The image is built on click in a thread of its own (Streamlit's deferred download), so only a
real download proves it arrives; the flow lines are SVG paths in Leaflet's overlay.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PIL import Image

from bluebook.dataset import load_dataset
from bluebook.explore import query
from bluebook.explore.view import ViewState
from geo.boundaries import load_units
from geo.flows import LINE_CLASS
from tests.browser.test_map_browser import MAP_IFRAME, WAIT_MS, open_map, wait_for_heading
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("image_format", ["PNG", "SVG"])
def test_map_downloads_as_an_image_of_the_view(page, app_url: str, image_format: str) -> None:
    open_map(page, f"{app_url}/?theme=security&country=KAZ")
    wait_for_heading(page, "Kazakhstan")
    button = page.get_by_role("button", name=f"Download map ({image_format})")
    button.wait_for(timeout=WAIT_MS)
    with page.expect_download(timeout=WAIT_MS) as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename == f"bluebook-map.{image_format.lower()}"
    data = Path(download.path()).read_bytes()
    if image_format == "PNG":
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.format == "PNG"
            assert "themes: Peace and security" in picture.info["Title"]
            assert picture.info["Title"].endswith("Kazakhstan outlined")
    else:
        root = ElementTree.fromstring(data)
        text = " ".join(" ".join(node.itertext()) for node in root.iter())
        assert "themes: Peace and security" in text
        assert "country=KAZ" in text


FLOW_PATH = f"path.{LINE_CLASS}"
# Runs inside the map's iframe: a point in the iframe's viewport on the middle of the line to
# ``iso3`` (the line's feature id is ``to-ISO3``).
LINE_MIDDLE_JS = """
(featureId) => {
  for (const name of Object.keys(window)) {
    let candidate;
    try { candidate = window[name]; } catch (error) { continue; }
    if (!(candidate instanceof L.Map)) continue;
    let found = null;
    candidate.eachLayer((layer) => {
      if (layer.feature && layer.feature.id === featureId && layer._path) found = layer._path;
    });
    if (!found) continue;
    const middle = found.getPointAtLength(found.getTotalLength() / 2);
    const matrix = found.getScreenCTM();
    return {x: matrix.a * middle.x + matrix.e, y: matrix.d * middle.y + matrix.f};
  }
  return null;
}
"""


def japan_partners() -> dict[str, int]:
    dataset = load_dataset(DATA_DIR)
    return query.partners_of_japan(dataset, query.filter_mask(dataset, ViewState())).to_dict()


def test_japan_selected_draws_a_line_to_each_partner_with_a_legend(page, app_url: str) -> None:
    partners = japan_partners()
    assert len(partners) >= 5
    frame = open_map(page, f"{app_url}/?country=JPN")
    wait_for_heading(page, "Japan")
    frame.wait_for_function(
        f"document.querySelectorAll('{FLOW_PATH}').length === {len(partners)}", timeout=WAIT_MS
    )
    page.get_by_text(f"Lines from Tokyo to {len(partners)} partners").wait_for(timeout=WAIT_MS)
    page.get_by_text("Japan-involved events:").first.wait_for(timeout=WAIT_MS)

    widths = frame.evaluate(
        f"[...document.querySelectorAll('{FLOW_PATH}')]"
        ".map((path) => parseFloat(path.getAttribute('stroke-width')))"
    )
    assert len(set(widths)) > 1  # width classes, not one width for all

    top = max(partners, key=partners.get)
    point = frame.evaluate(LINE_MIDDLE_JS, f"to-{top}")
    assert point is not None
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.frame_locator(MAP_IFRAME).locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=WAIT_MS)
    # Lines overlap near Tokyo: the tooltip is the topmost line's, whichever partner that is.
    found = re.search(r"Japan and\s+(.+)\nJapan-involved events\s+(\d+)", tooltip.inner_text())
    assert found, tooltip.inner_text()
    units = load_units()
    code = dict(zip(units["name"], units["iso3"], strict=True))[found.group(1).strip()]
    assert int(found.group(2)) == partners[code]


def test_lines_go_when_another_country_is_selected(page, app_url: str) -> None:
    frame = open_map(page, f"{app_url}/?country=JPN")
    frame.wait_for_function(f"document.querySelectorAll('{FLOW_PATH}').length > 0", timeout=WAIT_MS)
    page.get_by_role("button", name="Clear selection").click()
    wait_for_heading(page, "Overview")
    frame.wait_for_function(
        f"document.querySelectorAll('{FLOW_PATH}').length === 0", timeout=WAIT_MS
    )
    assert page.get_by_text("Lines from Tokyo").count() == 0
