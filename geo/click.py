"""The country a user clicked on the map, from what streamlit-folium sends back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CLICKED_FEATURE_KEY = "last_active_drawing"


def selected_country_from_click(returned: Mapping[str, Any] | None, known: set[str]) -> str | None:
    """Return the ISO3 code of the clicked country, or None.

    In: the value returned by ``st_folium`` (its ``last_active_drawing`` is the clicked feature
    as GeoJSON, with ``properties.iso3`` and ``id``) and the set of codes the app knows. Out:
    the code, upper-cased, if it is in ``known``; None when nothing was clicked or the value is
    missing, malformed or names an unknown code. Never raises, whatever the input.
    """
    if not isinstance(returned, Mapping):
        return None
    feature = _safe_get(returned, CLICKED_FEATURE_KEY)
    if not isinstance(feature, Mapping):
        return None
    properties = _safe_get(feature, "properties")
    candidates = [_safe_get(properties, "iso3") if isinstance(properties, Mapping) else None]
    candidates.append(_safe_get(feature, "id"))
    for candidate in candidates:
        code = _normalised_code(candidate)
        if code is not None and code in known:
            return code
    return None


def _safe_get(mapping: Mapping[str, Any], key: str) -> Any:
    try:
        return mapping.get(key)
    except Exception:  # a hostile Mapping must not break the page
        return None


def _normalised_code(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    code = value.strip().upper()
    return code if len(code) == 3 and code.isascii() and code.isalpha() else None
