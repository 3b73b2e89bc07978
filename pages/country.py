"""Country profile page: pick any country and see everything about it under the filters."""

from __future__ import annotations

import streamlit as st

from bluebook.explore import query
from bluebook.schema import JAPAN_ISO3
from ui.panels import country_panel_ui
from ui.shared import country_names, coverage_ui, page_setup, select_country

dataset, view = page_setup("country")
st.title("Country profile")
coverage_ui(dataset, view)
names = country_names()
covered = sorted(
    query.covered_countries(dataset) | {JAPAN_ISO3}, key=lambda code: names.get(code, code)
)
others = sorted(set(names) - set(covered), key=lambda code: names.get(code, code))
options = [None, *covered, *others]
choice = st.selectbox(
    "Country (those in the dataset first)",
    options,
    index=options.index(view.country) if view.country in options else 0,
    format_func=lambda code: (
        "Choose a country…" if code is None else f"{names.get(code, code)} ({code})"
    ),
)
if choice != view.country:
    select_country(choice)
    st.rerun()
if view.country:
    country_panel_ui(dataset, view, view.country, key="profile")
else:
    st.info("Choose a country above, or click one on the Map page.")
