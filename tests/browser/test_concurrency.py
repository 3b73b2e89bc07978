"""Several readers open a shared link at the same moment: none of them meets an error.

The CI-sized form of ``bench/concurrency.py``: three Playwright contexts in one Chromium
against one app on ``data/``, each loading the link, changing a filter and clicking a country.
"""

from __future__ import annotations

import pytest

from bench.concurrency import measure

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSIONS = 3


def test_concurrent_readers_load_filter_and_click_without_errors(chromium_path, tmp_path):
    figures = measure(None, (SESSIONS,), tmp_path, {})[SESSIONS]
    assert figures["errors"] == 0, figures["first_errors"]
    assert figures["sessions"] == SESSIONS
    assert figures["complete"] == SESSIONS, "every session loads, filters and clicks"
