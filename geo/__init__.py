"""Maps for Bluebook Atlas: country boundaries, the choropleth and click handling.

Everything here is plain Python (shapely, pyogrio, folium) and never imports streamlit, so it
can be tested and benchmarked without a running app. Modules:

- ``geo.boundaries``: Natural Earth admin-0 units, the simplified world GeoJSON and its cache.
- ``geo.coverage``: gap-free simplification of a polygon coverage into compact GeoJSON.
- ``geo.choropleth``: classes, palette, the offline base map and the per-view choropleth layer.
- ``geo.click``: the ISO3 code of the country clicked on the map.
- ``geo.offline``: Leaflet's script, stylesheet and images copied for Streamlit's static serving.
- ``geo.view_layer``: the choropleth layer of one view: counts, classes, tooltips, colours.
- ``geo.flows``: Japan's ties as lines from Tokyo to each partner, wider for more events.
- ``geo.selection``: successive map returns turned into selection changes (select, clear).
- ``geo.image``: the view's map as a PNG or SVG image (geopandas, matplotlib, pyproj).
- ``geo.files``: small file helpers shared by the geo modules.
"""
