"""Downloads of exactly the events in a view, as CSV, JSON and GeoJSON, each with a citation."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from bluebook.schema import EVENT_COLUMNS, LIST_SEPARATOR

MAX_EXPORT_ROWS = 50_000


def citation_line(sources: pd.DataFrame, query: Mapping[str, str], today: str) -> str:
    """One line naming the data's origin, the attribution of every source, and the view."""
    attributions = "; ".join(dict.fromkeys(sources["attribution"]))
    view = "&".join(f"{key}={value}" for key, value in query.items()) or "all events"
    return (
        f"Bluebook Atlas, events extracted from: {attributions}. View: {view}. Downloaded {today}."
    )


def _flat(events: pd.DataFrame) -> pd.DataFrame:
    """Events in the ``data/events.csv`` form: list columns joined, booleans as true/false."""
    flat = events.loc[:, list(EVENT_COLUMNS)].copy()
    for column in ("countries", "themes"):
        flat[column] = flat[column].map(LIST_SEPARATOR.join)
    for column in ("japan_involved", "reviewed"):
        flat[column] = flat[column].map({True: "true", False: "false"})
    return flat.astype(str)


def to_csv(events: pd.DataFrame, citation: str) -> bytes:
    """CSV with a first line ``# <citation>``, then the header and one row per event."""
    buffer = io.StringIO()
    buffer.write(f"# {citation}\n")
    _flat(events).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def to_json(events: pd.DataFrame, citation: str) -> bytes:
    """``{"citation": …, "count": n, "events": [...]}`` with lists kept as JSON arrays."""
    records = _flat(events).to_dict(orient="records")
    for record, (_, event) in zip(records, events.iterrows(), strict=True):
        record["countries"] = list(event["countries"])
        record["themes"] = list(event["themes"])
        record["japan_involved"] = bool(event["japan_involved"])
        record["reviewed"] = bool(event["reviewed"])
        record["paragraph"] = int(event["paragraph"])
    payload = {"citation": citation, "count": len(records), "events": records}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def to_geojson(events: pd.DataFrame, world: Mapping[str, Any], citation: str) -> bytes:
    """One feature per country concerned by the events: boundary, event count and event ids."""
    by_country: dict[str, list[str]] = {}
    for event_id, countries in zip(events["event_id"], events["countries"], strict=True):
        for code in countries:
            by_country.setdefault(code, []).append(event_id)
    features = [
        {
            "type": "Feature",
            "id": feature["id"],
            "properties": {
                "iso3": feature["id"],
                "name": feature["properties"].get("name"),
                "events": len(by_country[feature["id"]]),
                "event_ids": by_country[feature["id"]],
            },
            "geometry": feature["geometry"],
        }
        for feature in world["features"]
        if feature.get("id") in by_country
    ]
    payload = {"type": "FeatureCollection", "citation": citation, "features": features}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
