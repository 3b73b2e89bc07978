"""What the page scripts share: Streamlit helpers for Bluebook Atlas (never a page itself).

The page scripts are in ``pages/`` and are registered by ``app.py`` with ``st.navigation``;
everything they share lives here, so no helper module answers as a URL. Nothing in
``bluebook/`` or ``geo/`` imports this package, and it imports no page. Modules:

- ``ui.shared``: the view from the URL, the sidebar filters, navigation, banners, page set-up.
- ``ui.cache``: the one caching layer: Streamlit caches around the pure loaders of data and maps.
- ``ui.panels``: render functions the pages share (country panel, legend, citations, sources).
- ``ui.charts``: the panel charts as Vega-Lite specs written directly (no Altair at run time).
- ``ui.map_component``: the world map component, its costly strings built once per process.
- ``ui.review_form``: the Review page's forms: an event's fields, the decisions, a missed event.
- ``ui.review_history``: around the decisions: pace, recent decisions with Undo, reopening,
  country summaries.
- ``ui.internals``: every private Streamlit / streamlit-folium name, with its version check.
"""
