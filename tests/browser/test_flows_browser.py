"""What only a browser shows of the map image export and Japan's flows.

The image is built on click in a thread of its own (Streamlit's deferred download), so only a
real download proves it arrives; the flow lines are SVG paths in Leaflet's overlay.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.test_map_browser import WAIT_MS, open_map, wait_for_heading

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
