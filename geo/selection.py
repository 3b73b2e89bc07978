"""Turning successive map returns into selection changes (select, clear, or nothing).

streamlit-folium keeps returning the last clicked feature on every rerun, so a click must be
recognised by what changed since the previous run, not by what is there. A click on a country
raises ``last_object_clicked_count``; a click on the sea moves ``last_clicked`` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from geo.click import selected_country_from_click

RETURNED_OBJECTS = ("last_active_drawing", "last_object_clicked_count", "last_clicked")


@dataclass(frozen=True)
class ClickMemory:
    """What the map returned on the previous run."""

    object_count: Any = None
    last_clicked: Any = None


@dataclass(frozen=True)
class SelectionChange:
    """``action`` is ``select`` (with ``iso3``), ``clear`` or ``none``."""

    action: str
    iso3: str | None = None


def _get(returned: Mapping[str, Any] | None, key: str) -> Any:
    if not isinstance(returned, Mapping):
        return None
    try:
        value = returned.get(key)
    except Exception:  # a hostile Mapping must not break the page
        return None
    return value if isinstance(value, (int, float, str, dict, list, type(None))) else None


def memory_of(returned: Mapping[str, Any] | None) -> ClickMemory:
    """The part of a map return that tells one click from the next."""
    return ClickMemory(_get(returned, "last_object_clicked_count"), _get(returned, "last_clicked"))


def resolve_click(
    returned: Mapping[str, Any] | None, previous: ClickMemory | None, known: set[str]
) -> SelectionChange:
    """Decide what a map return means, given the previous run's memory.

    Without a previous memory (first run, or the map was just mounted) nothing changes: the
    URL, not the component's leftover value, decides the selection.
    """
    if previous is None:
        return SelectionChange("none")
    current = memory_of(returned)
    if current.object_count not in (None, 0) and current.object_count != previous.object_count:
        iso3 = selected_country_from_click(returned, known)
        return SelectionChange("select", iso3) if iso3 else SelectionChange("none")
    if current.last_clicked is not None and current.last_clicked != previous.last_clicked:
        return SelectionChange("clear")
    return SelectionChange("none")
