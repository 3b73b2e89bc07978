"""Bluebook Atlas: an interactive, offline atlas of Japan's diplomacy.

Run with ``make run`` (or ``streamlit run app.py``). This file only sets up the page and the
navigation; each page script lives in ``pages/``, what the pages share in ``ui/``, and the
computations in ``bluebook/`` and ``geo/``.
"""

import logging
from pathlib import Path

import streamlit as st

from ui.shared import (
    PAGES,
    REVIEW_PAGE,
    mark_entrypoint_run,
    review_enabled,
    stop_on_unchecked_internals,
)

LOGGER = logging.getLogger("bluebook_atlas")

# A local icon: Streamlit fetches Material favicons from a font CDN, which offline users lack.
st.set_page_config(
    page_title="Bluebook Atlas",
    page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
    layout="wide",
)
# First, before any private Streamlit or streamlit-folium name is used (ui/internals.py): with
# other versions than those checked, the app stops here, with the versions in the log.
stop_on_unchecked_internals()

pages = [
    st.Page(path, title=title, icon=icon, url_path=key, default=(key == "map"))
    for key, (path, title, icon) in PAGES.items()
]
# Without a reviewers file the Review page is hidden and only sends /review to the map.
path, title, icon = REVIEW_PAGE
visibility = "visible" if review_enabled() else "hidden"
pages.append(st.Page(path, title=title, icon=icon, url_path="review", visibility=visibility))
navigation = st.navigation(pages, position="hidden")
st.sidebar.title("Bluebook Atlas")
st.sidebar.caption("Japan's diplomacy, from the Diplomatic Bluebook")
mark_entrypoint_run()
try:
    navigation.run()
except Exception:  # st.stop and st.rerun are BaseException and pass through
    LOGGER.exception("page failed")
    st.error(
        "Sorry, this page failed to draw. The error has been logged; reloading the page or "
        "changing the filters may help. Please report it with the link to this view.",
        icon=":material/error:",
    )
