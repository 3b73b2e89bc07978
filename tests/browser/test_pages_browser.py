"""Every page opened straight from a link on a server that has served nothing else yet: the
page runs through ``app.py`` (sidebar title, the app's name in the browser tab).

Streamlit treats an app with a ``pages/`` folder as a folder of pages until ``st.navigation``
has run once in the process: a first visitor arriving on ``/events`` got ``pages/events.py``
run on its own, without ``app.py``, and so did every visitor after them until someone opened
``/`` (see ``ui.shared.run_through_entrypoint``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import running_app
from tests.browser.test_map_browser import WAIT_MS

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'
# "/" last: opening it runs app.py, which made the other pages right before the fix.
PAGES = ["/review", "/events", "/country?country=KAZ", "/compare?countries=KAZ,UZB", "/about", "/"]


@pytest.fixture(scope="module")
def fresh_app_url(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app server of this module's own, so that its first request is a page's link."""
    with running_app(tmp_path_factory.mktemp("fresh-app-logs")) as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_a_page_opened_first_from_a_link_runs_through_the_app(
    page, fresh_app_url: str, path: str
) -> None:
    page.goto(fresh_app_url + path)
    page.locator(f"{SIDEBAR} a", has_text="About").wait_for(timeout=WAIT_MS)
    sidebar = page.locator(SIDEBAR)
    sidebar.get_by_text("Japan's diplomacy, from the Diplomatic Bluebook").wait_for(timeout=WAIT_MS)
    assert sidebar.inner_text().startswith("Bluebook Atlas\n")
    assert page.title() == "Bluebook Atlas"
