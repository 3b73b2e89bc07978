"""Downloads of exactly the events in a view, as CSV, JSON and GeoJSON, each with a citation.

Besides the ``data/events.csv`` columns, each event has its ``page``: the PDF page where its
evidence starts (``bluebook.event_pages``), empty (CSV) or null (JSON) for other sources.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from bluebook.schema import EVENT_COLUMNS, LIST_SEPARATOR

MAX_EXPORT_ROWS = 50_000


def _split_at_year(text: str, year: str) -> tuple[str, str] | None:
    """``text`` around the first occurrence of ``year``: (before, after); None if absent."""
    position = text.find(year)
    if not year or position < 0:
        return None
    return text[:position], text[position + len(year) :]


def year_ranges(years: list[int]) -> str:
    """'2004–2006, 2010' for years 2004, 2005, 2006 and 2010 (any order, repeats ignored)."""
    ranges: list[list[int]] = []
    for year in sorted(set(years)):
        if ranges and year == ranges[-1][1] + 1:
            ranges[-1][1] = year
        else:
            ranges.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def compact_sources(sources: pd.DataFrame) -> str:
    """The sources' attributions in a few words: 'Diplomatic Bluebook 2004–2023, 20 volumes'.

    Attributions that differ only in their volume year are merged into one with the years as
    ranges, the number of volumes and, when there are more sources than volumes, of sources;
    the others are listed as they are, separated by '; '.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for attribution, year in zip(sources["attribution"], sources["volume_year"], strict=True):
        parts = _split_at_year(str(attribution), str(year))
        if parts is None or not str(year).isdigit():
            groups.setdefault((str(attribution), ""), [])
            continue
        groups.setdefault(parts, []).append(int(year))
    named = []
    for (before, after), years in groups.items():
        if not years:
            named.append(before)
            continue
        volumes = len(set(years))
        text = f"{before}{year_ranges(years)}{after}"
        if volumes > 1:
            text += f", {volumes} volumes"
        if len(years) > volumes:
            text += f" ({len(years)} sources)"
        named.append(text)
    return "; ".join(named)


def citation_line(
    sources: pd.DataFrame, query: Mapping[str, str], today: str, compact: bool = False
) -> str:
    """One line naming the data's origin, its sources, and the view.

    The sources are every attribution in full (for downloads), or with ``compact`` the short
    form of ``compact_sources`` (for the screen, where the full list is one click away).
    """
    if compact:
        origin = compact_sources(sources)
    else:
        origin = "; ".join(dict.fromkeys(sources["attribution"]))
    view = "&".join(f"{key}={value}" for key, value in query.items()) or "all events"
    return f"Bluebook Atlas, events extracted from: {origin}. View: {view}. Downloaded {today}."


def event_pages(events: pd.DataFrame) -> list[int | None]:
    """Each event's PDF page, None for events of sources not read from a PDF."""
    if "page" not in events:
        return [None] * len(events)
    return [None if pd.isna(page) else int(page) for page in events["page"]]


def _flat(events: pd.DataFrame) -> pd.DataFrame:
    """Events in the ``data/events.csv`` form (list columns joined, booleans as true/false),
    then ``page`` (empty for events of sources not read from a PDF)."""
    flat = events.loc[:, list(EVENT_COLUMNS)].copy()
    for column in ("countries", "themes"):
        flat[column] = flat[column].map(LIST_SEPARATOR.join)
    for column in ("japan_involved", "reviewed"):
        flat[column] = flat[column].map({True: "true", False: "false"})
    flat = flat.astype(str)
    flat["page"] = ["" if page is None else str(page) for page in event_pages(events)]
    return flat


def to_csv(events: pd.DataFrame, citation: str) -> bytes:
    """CSV with a first line ``# <citation>``, then the header and one row per event."""
    buffer = io.StringIO()
    buffer.write(f"# {citation}\n")
    _flat(events).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def to_json(events: pd.DataFrame, citation: str) -> bytes:
    """``{"citation": …, "count": n, "events": [...]}`` with lists kept as JSON arrays."""
    records = _flat(events).to_dict(orient="records")
    pages = event_pages(events)
    for record, (_, event), page in zip(records, events.iterrows(), pages, strict=True):
        record["countries"] = list(event["countries"])
        record["themes"] = list(event["themes"])
        record["japan_involved"] = bool(event["japan_involved"])
        record["reviewed"] = bool(event["reviewed"])
        record["paragraph"] = int(event["paragraph"])
        record["page"] = page
    payload = {"citation": citation, "count": len(records), "events": records}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def to_geojson(events: pd.DataFrame, world: Mapping[str, Any], citation: str) -> bytes:
    """One feature per country concerned by the events: boundary, event count, event ids and,
    in the same order, the events' PDF pages (``event_pages``, null for other sources)."""
    by_country: dict[str, list[str]] = {}
    pages_by_country: dict[str, list[int | None]] = {}
    rows = zip(events["event_id"], events["countries"], event_pages(events), strict=True)
    for event_id, countries, page in rows:
        for code in countries:
            by_country.setdefault(code, []).append(event_id)
            pages_by_country.setdefault(code, []).append(page)
    features = [
        {
            "type": "Feature",
            "id": feature["id"],
            "properties": {
                "iso3": feature["id"],
                "name": feature["properties"].get("name"),
                "events": len(by_country[feature["id"]]),
                "event_ids": by_country[feature["id"]],
                "event_pages": pages_by_country[feature["id"]],
            },
            "geometry": feature["geometry"],
        }
        for feature in world["features"]
        if feature.get("id") in by_country
    ]
    payload = {"type": "FeatureCollection", "citation": citation, "features": features}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
