"""The world map component, its costly parts built once and shared by every session.

``streamlit_folium.st_folium`` turns the folium map and the view's feature group into
JavaScript on every run: Jinja templates compiled, the world's boundaries encoded as JSON. That
was most of a map run's CPU, and readers of a shared link all ask for the same strings. Here the
base map's strings are built once per process (``base_map_parts``) and each view's layer once per
distinct view (``rendered_view_layer``, shared by every session through ``st.cache_resource``,
which also makes concurrent sessions asking for the same new view wait for one build). The
component then gets the same arguments ``st_folium`` would give it
(``tests/ui/test_map_component.py`` compares them), with one difference: the ``default`` value is
the one the front end computes before any click (``last_object_clicked_count`` 0, not None).
The front end sends its first value only when it differs from the default, and each value it
sends reruns the page: with the same value, opening a link runs the page once, not twice.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import folium
import streamlit as st
from jinja2.utils import htmlsafe_json_dumps

from bluebook.dataset import Dataset
from bluebook.explore.view import ViewState
from geo.choropleth import build_base_map, fit_bounds_script
from geo.flows import load_anchor_points
from geo.view_layer import ViewLayer, build_view_layer
from ui import internals

LAYER_CACHE_ENTRIES = 64
"""Distinct views kept per process (the layer script alone is about 0.4 MB)."""
FIRST_MAP_VALUE = {
    "last_clicked": None,
    "last_object_clicked_count": 0,
    "last_active_drawing": None,
}
"""What streamlit-folium's front end returns before any click, key order included."""


@dataclass(frozen=True)
class BaseMapParts:
    """What streamlit-folium sends for the base map: the same on every run of a process."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


@dataclass(frozen=True)
class RenderedLayer:
    """A view's layer and the JavaScript that adds it to the map (``feature_group``)."""

    view_layer: ViewLayer
    script: str


def _links(world_map: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    css: list[str] = []
    js: list[str] = []
    stack: list[Any] = [world_map]
    while stack:  # depth-first, children in order, as streamlit-folium walks them
        element = stack.pop(0)
        if isinstance(element, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(element, "default_css", []))
            js.extend(src for _, src in getattr(element, "default_js", []))
        stack[0:0] = list(getattr(element, "_children", {}).values())
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def build_base_map_parts(world_map: folium.Map) -> BaseMapParts:
    """Render a base map the way ``st_folium`` does (the map is rendered, hence changed)."""
    world_map.get_root().render()
    world_map.render()
    html = internals.map_html(world_map)
    header = internals.map_header(world_map)
    script = internals.map_script(world_map)
    css_links, js_links = _links(world_map)
    return BaseMapParts(
        script=script,
        header=header,
        html=html,
        map_id=internals.map_id(world_map),
        css_links=css_links,
        js_links=js_links,
    )


def build_feature_group_script(feature_groups: Iterable[folium.FeatureGroup]) -> str:
    """The JavaScript ``st_folium`` makes of ``feature_group_to_add`` (on a throwaway map).

    folium encodes a GeoJson layer's data twice per render and then compiles the rendered
    script, boundaries included, as a Jinja template. The boundaries are the same in every
    view, so each geometry is rendered as a short token and replaced afterwards by its JSON,
    encoded once per process exactly as Jinja's ``tojson`` encodes it: the same script in
    about a tenth of the time.
    """
    groups = list(feature_groups)
    scratch = build_base_map()
    with _geometries_as_tokens(groups) as tokens:
        script = "".join(
            internals.feature_group_script(group, scratch, index)
            for index, group in enumerate(groups)
        )
    filled, count = GEOMETRY_TOKEN.subn(lambda match: tokens[match.group()], script)
    if count != len(tokens):
        raise RuntimeError(f"{len(tokens)} geometries set aside, {count} put back")
    return filled


GEOMETRY_TOKEN = re.compile(r'\{"type": "@@geometry-[0-9]+@@"\}')
_GEOMETRY_JSON: dict[int, tuple[Any, str]] = {}
_GEOMETRY_JSON_ENTRIES = 4096


def _geometry_json(geometry: Any) -> str:
    """``geometry`` as Jinja's ``tojson`` writes it, remembered while the object lives here."""
    known = _GEOMETRY_JSON.get(id(geometry))
    if known is not None and known[0] is geometry:
        return known[1]
    text = str(htmlsafe_json_dumps(geometry, dumps=json.dumps, sort_keys=True))
    if len(_GEOMETRY_JSON) >= _GEOMETRY_JSON_ENTRIES:
        _GEOMETRY_JSON.clear()
    _GEOMETRY_JSON[id(geometry)] = (geometry, text)
    return text


def _geojson_layers(element: Any) -> Iterator[folium.GeoJson]:
    if isinstance(element, folium.GeoJson) and isinstance(element.data, dict):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _geojson_layers(child)


@contextmanager
def _geometries_as_tokens(groups: list[folium.FeatureGroup]) -> Iterator[dict[str, str]]:
    """While rendering, give each GeoJson layer a copy of its data with tokens for geometries.

    Yields token text -> geometry JSON. The layers get their own data back afterwards; the
    features themselves are never changed (they may be shared with the world boundaries).
    """
    tokens: dict[str, str] = {}
    originals: list[tuple[folium.GeoJson, dict]] = []
    try:
        for group in groups:
            for layer in _geojson_layers(group):
                data = layer.data
                features = []
                for feature in data.get("features", []):
                    geometry = feature.get("geometry")
                    if isinstance(geometry, dict) and geometry.get("type") != "GeometryCollection":
                        token = {"type": f"@@geometry-{len(tokens)}@@"}
                        tokens[json.dumps(token)] = _geometry_json(geometry)
                        feature = {**feature, "geometry": token}
                    features.append(feature)
                originals.append((layer, data))
                layer.data = {**data, "features": features}
        yield tokens
    finally:
        for layer, data in originals:
            layer.data = data


@st.cache_resource(show_spinner=False)
def base_map_parts(static_url_prefix: str, tiles_url: str | None) -> BaseMapParts:
    """The base map's strings, once per process and base map settings."""
    return build_base_map_parts(
        build_base_map(static_url_prefix=static_url_prefix, tiles_url=tiles_url)
    )


_TOKENS: dict[int, tuple[weakref.ref, str]] = {}
_TOKENS_LOCK = threading.Lock()
_COUNTER = itertools.count()


def dataset_token(dataset: Dataset) -> str:
    """A name for this dataset object, never given to another one (even at the same address)."""
    with _TOKENS_LOCK:
        known = _TOKENS.get(id(dataset))
        if known is not None and known[0]() is dataset:
            return known[1]
        token = f"dataset-{next(_COUNTER)}"
        _TOKENS[id(dataset)] = (weakref.ref(dataset), token)
        for key, (reference, _) in list(_TOKENS.items()):
            if reference() is None:
                del _TOKENS[key]
        return token


@st.cache_resource(show_spinner=False, max_entries=LAYER_CACHE_ENTRIES)
def _rendered_view_layer(
    token: str, view: str, _dataset: Dataset, _view: ViewState, _world: Mapping[str, Any]
) -> RenderedLayer:
    view_layer = build_view_layer(_dataset, _view, _world)
    script = build_feature_group_script([view_layer.layer])
    fit = fit_bounds_script(load_anchor_points(), list(view_layer.counts.index))
    return RenderedLayer(view_layer, script + fit)


def rendered_view_layer(
    dataset: Dataset, view: ViewState, world: Mapping[str, Any]
) -> RenderedLayer:
    """The view's layer and its script, built once per dataset and view for all sessions.

    The key is the whole view (``repr`` of the frozen ``ViewState``), so anything the layer
    draws from the view is part of it.
    """
    return _rendered_view_layer(dataset_token(dataset), repr(view), dataset, view, world)


def folium_map_ui(
    base: BaseMapParts,
    layer_script: str,
    *,
    key: str,
    returned_objects: list[str],
    height: int,
    on_change: Callable[[], None] | None = None,
) -> Any:
    """Draw the map component (full container width); return its value, like ``st_folium``."""
    defaults = {name: value for name, value in FIRST_MAP_VALUE.items() if name in returned_objects}
    hash_key = internals.component_key(base.script, key)

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(hash_key, {})
        if on_change is not None:
            on_change()

    return internals.call_map_component(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=returned_objects,
        default=defaults,
        zoom=None,
        center=None,
        feature_group=layer_script,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(base.css_links),
        js_links=list(base.js_links),
        on_change=_on_change,
        wrap_longitude=False,
    )
