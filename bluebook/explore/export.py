"""Downloads of exactly the events in a view, for people and their tools.

* CSV (``to_csv``): a plain table, the header on the first line, that ``pandas.read_csv`` and
  Excel open as they are. UTF-8 with a byte-order mark: Excel reads a CSV without one in the
  machine's legacy code page and garbles "López" or "Türkiye"; pandas and most tools skip the
  mark. A cell that would start a spreadsheet formula is neutralised (``neutralise_formula``).
  The citation and the view are in a file of their own (``citation_text``), never in the table.
* JSON (``to_json``): the citation, the count and the events with lists kept as arrays.
* GeoJSON (``to_geojson``): one feature per country with its name, its counts by type and by
  theme and its events as a list of objects.

Besides the ``data/events.csv`` columns, each event has ``country_names`` (beside
``countries``), its ``page`` (the PDF page where its evidence starts, ``bluebook.event_pages``;
empty or null for other sources), and its source's ``source_title`` and ``source_url``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from bluebook.schema import EVENT_COLUMNS, LIST_SEPARATOR

MAX_EXPORT_ROWS = 50_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
NAME_SEPARATOR = "; "
PEOPLE_COLUMNS: tuple[str, ...] = (
    *EVENT_COLUMNS[: EVENT_COLUMNS.index("countries") + 1],
    "country_names",
    *EVENT_COLUMNS[EVENT_COLUMNS.index("countries") + 1 :],
    "page",
    "source_title",
    "source_url",
)
"""The columns of the CSV and JSON downloads, in order."""
GEOJSON_EVENT_FIELDS = ("event_id", "date", "event_type", "title", "evidence", "page", "url")
"""What each event of a GeoJSON feature's ``events`` list holds."""


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


def neutralise_formula(value: str) -> str:
    """``value`` with a ``'`` in front when it begins like a spreadsheet formula, else as is.

    OWASP's rule for CSV injection: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return is prefixed with a single quote, which spreadsheets show as text.
    """
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _source_column(events: pd.DataFrame, sources: pd.DataFrame, column: str) -> list[str]:
    lookup = dict(zip(sources["source_id"], sources[column].fillna(""), strict=True))
    return [str(lookup.get(source, "")) for source in events["source_id"]]


def people_table(
    events: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]
) -> pd.DataFrame:
    """The events as text cells in ``PEOPLE_COLUMNS`` order.

    In: events (list columns as tuples, as ``Dataset.events``), the sources table and ISO3 →
    country name. Lists are joined as in ``data/events.csv``, booleans are ``true``/``false``,
    ``page`` is empty for events of sources not read from a PDF.
    """
    flat = events.loc[:, list(EVENT_COLUMNS)].copy()
    flat["country_names"] = [
        NAME_SEPARATOR.join(names.get(code, code) for code in codes)
        for codes in events["countries"]
    ]
    for column in ("countries", "themes"):
        flat[column] = flat[column].map(LIST_SEPARATOR.join)
    for column in ("japan_involved", "reviewed"):
        flat[column] = flat[column].map({True: "true", False: "false"})
    flat = flat.astype(str)
    flat["page"] = ["" if page is None else str(page) for page in event_pages(events)]
    flat["source_title"] = _source_column(events, sources, "title")
    flat["source_url"] = _source_column(events, sources, "url")
    return flat.loc[:, list(PEOPLE_COLUMNS)].reset_index(drop=True)


def to_csv(events: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str]) -> bytes:
    """A plain CSV table of the events (``PEOPLE_COLUMNS``), UTF-8 with a byte-order mark.

    Every cell that would start a formula is neutralised; nothing precedes the header.
    """
    table = people_table(events, sources, names).map(neutralise_formula)
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\r\n")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def citation_text(citation: str, link: str, sources: pd.DataFrame) -> bytes:
    """The text file that goes with a download: how to cite it, the view's link, the sources."""
    lines = [citation, "", f"Link to this view: {link}", "", "Sources:"]
    for row in sources.itertuples():
        url = f" <{row.url}>" if isinstance(row.url, str) and row.url else ""
        lines.append(f"- {row.title}. {row.attribution}.{url}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def to_json(
    events: pd.DataFrame, sources: pd.DataFrame, names: Mapping[str, str], citation: str
) -> bytes:
    """``{"citation": …, "count": n, "events": [...]}`` with lists kept as JSON arrays."""
    records = people_table(events, sources, names).to_dict(orient="records")
    pages = event_pages(events)
    for record, (_, event), page in zip(records, events.iterrows(), pages, strict=True):
        record["countries"] = list(event["countries"])
        record["country_names"] = [names.get(code, code) for code in event["countries"]]
        record["themes"] = list(event["themes"])
        record["japan_involved"] = bool(event["japan_involved"])
        record["reviewed"] = bool(event["reviewed"])
        record["paragraph"] = int(event["paragraph"])
        record["page"] = page
        record["source_url"] = record["source_url"] or None
    payload = {"citation": citation, "count": len(records), "events": records}
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def _feature_properties(
    iso3: str, name: str, events: list[dict[str, Any]], taxonomy_ids: Mapping[str, list[str]]
) -> dict[str, Any]:
    properties: dict[str, Any] = {"iso3": iso3, "name": name, "event_count": len(events)}
    for prefix, key in (("type", "event_type"), ("theme", "themes")):
        for item in taxonomy_ids[key]:
            properties[f"{prefix}_{item}"] = sum(
                item in event[key] if key == "themes" else event[key] == item for event in events
            )
    properties["events"] = [
        {field: event[field] for field in GEOJSON_EVENT_FIELDS} for event in events
    ]
    return properties


def to_geojson(
    events: pd.DataFrame,
    world: Mapping[str, Any],
    sources: pd.DataFrame,
    taxonomy_ids: Mapping[str, list[str]],
    citation: str,
) -> bytes:
    """One feature per country concerned by the events, largest count first.

    Each feature's properties: ``iso3``, ``name``, ``event_count``, one count per event type
    (``type_<id>``) and per theme (``theme_<id>``) as plain numbers a GIS can style by, and
    ``events``, a list of objects (``GEOJSON_EVENT_FIELDS``; ``url`` is the source's page on
    the Ministry's site). ``taxonomy_ids`` maps ``event_type`` and ``themes`` to their ids.
    """
    urls = _source_column(events, sources, "url")
    by_country: dict[str, list[dict[str, Any]]] = {}
    rows = zip(events.itertuples(index=False), event_pages(events), urls, strict=True)
    for event, page, url in rows:
        record = {
            "event_id": event.event_id,
            "date": event.date,
            "event_type": event.event_type,
            "themes": tuple(event.themes),
            "title": event.title,
            "evidence": event.evidence,
            "page": page,
            "url": url or None,
        }
        for code in event.countries:
            by_country.setdefault(code, []).append(record)
    known = {feature.get("id"): feature for feature in world["features"]}
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": _feature_properties(
                code, known[code]["properties"].get("name") or code, found, taxonomy_ids
            ),
            "geometry": known[code]["geometry"],
        }
        for code, found in sorted(by_country.items(), key=lambda item: -len(item[1]))
        if code in known
    ]
    payload = {"type": "FeatureCollection", "citation": citation, "features": features}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
