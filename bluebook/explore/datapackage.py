"""The whole data folder as a Frictionless Data Package in a zip (the Events page's
**Download the dataset**).

``build_descriptor`` describes every file of the folder in a ``datapackage.json``: each CSV
table as a tabular resource with its fields, their types and descriptions, its primary key and
its foreign keys (the events table is the resource named ``events``); every other file (the
source texts, notes) as a plain file resource. ``build_dataset_zip`` puts the folder's files as
they are beside that descriptor, so the zip is the data exactly as ``validate`` checks it.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS

DESCRIPTOR_NAME = "datapackage.json"
PACKAGE_NAME = "bluebook-atlas"
TRUE_FALSE = {"trueValues": ["true"], "falseValues": ["false"]}
DATE_PATTERN = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
ISO3_PATTERN = "[A-Z]{3}"
ISO3_LIST_PATTERN = r"([A-Z]{3}(;[A-Z]{3})*)?"
LICENSE_NOTE = (
    "Evidence sentences and source texts are quoted from the Diplomatic Bluebook (Ministry of "
    "Foreign Affairs of Japan), with their citation; titles, summaries and the tables' "
    "structure are written for Bluebook Atlas."
)


@dataclass(frozen=True)
class Table:
    """What the package says about one known table: its fields and keys."""

    name: str
    title: str
    fields: tuple[dict[str, Any], ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def _field(name: str, kind: str = "string", description: str = "", **extra: Any) -> dict:
    described = {"name": name, "type": kind}
    if description:
        described["description"] = description
    return {**described, **extra}


def _reference(columns: str, resource: str, target: str) -> dict[str, Any]:
    return {"fields": columns, "reference": {"resource": resource, "fields": target}}


EVENT_FIELDS = {
    "event_id": _field("event_id", description="Unique id: the source id and a number."),
    "date": _field(
        "date",
        description="ISO date with the precision the text gives: 2021, 2021-05 or 2021-05-23.",
        constraints={"required": True, "pattern": DATE_PATTERN},
    ),
    "date_precision": _field(
        "date_precision",
        constraints={"enum": ["year", "month", "day"]},
        description="year, month or day.",
    ),
    "countries": _field(
        "countries",
        description="ISO 3166-1 alpha-3 codes of the countries concerned, ';'-separated "
        "(Japan never listed).",
        constraints={"pattern": ISO3_LIST_PATTERN},
    ),
    "event_type": _field("event_type", description="Id in taxonomy/event_types.csv."),
    "level": _field("level", description="Id in taxonomy/levels.csv."),
    "mode": _field("mode", description="Id in taxonomy/modes.csv."),
    "japan_involved": _field("japan_involved", "boolean", "Whether Japan took part.", **TRUE_FALSE),
    "themes": _field("themes", description="Ids in taxonomy/themes.csv, ';'-separated."),
    "actors_japan": _field("actors_japan", description="Japanese participants, ';'-separated."),
    "actors_partner": _field("actors_partner", description="Other participants, ';'-separated."),
    "title": _field("title", description="A short title written for Bluebook Atlas."),
    "source_id": _field("source_id", description="Id in sources/sources.csv."),
    "section": _field("section", description="The source's heading the evidence is under."),
    "paragraph": _field("paragraph", "integer", "Paragraph number under the section, from 1."),
    "evidence": _field(
        "evidence",
        description="The source sentence(s) stating the event, quoted; passages joined by ' … '.",
    ),
    "reviewed": _field("reviewed", "boolean", "Checked by a person.", **TRUE_FALSE),
}
SOURCE_FIELDS = {name: _field(name) for name in SOURCE_COLUMNS} | {
    "volume_year": _field("volume_year", "integer", "Year of the Bluebook volume."),
    "url": _field("url", description="The source's page on the Ministry's site."),
    "file": _field(
        "file", description="The cleaned text in sources/ the evidence is checked against."
    ),
}
COUNTRY_FIELDS = {name: _field(name) for name in COUNTRY_COLUMNS} | {
    "iso3": _field("iso3", constraints={"pattern": ISO3_PATTERN}),
    "summary": _field("summary", description="A short summary written for Bluebook Atlas."),
}
KNOWN_TABLES: dict[str, Table] = {
    "events.csv": Table(
        "events",
        "Events",
        tuple(EVENT_FIELDS[name] for name in EVENT_COLUMNS),
        ("event_id",),
        (
            _reference("source_id", "sources", "source_id"),
            _reference("event_type", "event_types", "id"),
            _reference("level", "levels", "id"),
            _reference("mode", "modes", "id"),
        ),
    ),
    "sources/sources.csv": Table(
        "sources",
        "Source documents",
        tuple(SOURCE_FIELDS[name] for name in SOURCE_COLUMNS),
        ("source_id",),
    ),
    "countries.csv": Table(
        "countries",
        "Country summaries per source",
        tuple(COUNTRY_FIELDS[name] for name in COUNTRY_COLUMNS),
        ("iso3", "source_id"),
        (_reference("source_id", "sources", "source_id"),),
    ),
    "review_log.csv": Table(
        "review_log",
        "Review actions",
        (
            _field("time", description="ISO 8601 time of the action."),
            _field("reviewer"),
            _field("event_id"),
            _field("action"),
            _field("changes", description="What changed, as JSON."),
        ),
    ),
    "gazetteer/people.csv": Table(
        "people",
        "People named in the text",
        (
            _field("name"),
            _field("iso3", constraints={"pattern": ISO3_PATTERN}),
            _field("role"),
            _field("from_year", "integer"),
            _field("to_year", "integer"),
        ),
    ),
    "gazetteer/groups.csv": Table(
        "groups",
        "Regions, frameworks and organisations",
        (
            _field("name"),
            _field("members"),
            _field("kind"),
            _field("expand", "boolean", **TRUE_FALSE),
        ),
    ),
    "taxonomy/keywords_event_types.csv": Table(
        "keywords_event_types",
        "Extractor cues for event types",
        (
            _field("pattern"),
            _field("event_type"),
            _field("priority", "integer"),
            _field("case"),
            _field("note"),
        ),
    ),
}
for _kind, _title in (
    ("event_types", "Event types, with PLOVER and CAMEO codes"),
    ("levels", "Levels"),
    ("modes", "Modes"),
    ("themes", "Themes"),
):
    KNOWN_TABLES[f"taxonomy/{_kind}.csv"] = Table(_kind, _title, (), ("id",))
PAGE_MAP_FIELDS = (
    _field("line", "integer", "Line of the cleaned text, from 1."),
    _field("column", "integer", "Character of that line where the page begins, from 0."),
    _field("page", "integer", "PDF page."),
)


def resource_name(relative: str) -> str:
    """A Data Package resource name for a file: lower case, ``[a-z0-9._-]`` only."""
    name = re.sub(r"[^a-z0-9._-]+", "-", relative.lower().removesuffix(".csv"))
    return name.strip("-.") or "file"


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        first = handle.readline().strip("\r\n")
    return [name.strip('"') for name in first.split(",")] if first else []


def describe_table(relative: str, path: Path) -> dict[str, Any]:
    """The tabular resource of one CSV file of the folder (known tables with their keys)."""
    known = KNOWN_TABLES.get(relative)
    header = _header(path)
    resource: dict[str, Any] = {
        "name": known.name if known else resource_name(relative),
        "path": relative,
        "type": "table",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    if known:
        resource["title"] = known.title
    fields = {described["name"]: described for described in (known.fields if known else ())}
    if relative.endswith(".pages.csv"):
        fields = {described["name"]: described for described in PAGE_MAP_FIELDS}
    schema: dict[str, Any] = {
        "fields": [fields.get(name, _field(name)) for name in header],
        "missingValues": [""],
    }
    if known and known.primary_key and set(known.primary_key) <= set(header):
        schema["primaryKey"] = list(known.primary_key)
    if known and known.foreign_keys:
        schema["foreignKeys"] = [dict(key) for key in known.foreign_keys]
    resource["schema"] = schema
    return resource


def describe_file(relative: str) -> dict[str, Any]:
    """A non-tabular resource: a source text, a page or a note, as it is."""
    suffix = Path(relative).suffix.lower().lstrip(".")
    mediatype = {"txt": "text/plain", "md": "text/markdown", "html": "text/html"}.get(
        suffix, "application/octet-stream"
    )
    return {
        "name": resource_name(relative),
        "path": relative,
        "type": "file",
        "format": suffix or "bin",
        "mediatype": mediatype,
    }


def data_files(data_dir: Path) -> list[str]:
    """Every file of the folder to package, relative, sorted: no hidden files or folders, no
    links, nothing outside the folder, and no ``datapackage.json`` of its own."""
    root = Path(data_dir).resolve()
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or path.is_symlink():
            continue
        if path.is_file() and relative.as_posix() != DESCRIPTOR_NAME:
            found.append(relative.as_posix())
    return found


def build_descriptor(data_dir: Path, files: Iterable[str] | None = None) -> dict[str, Any]:
    """The ``datapackage.json`` of ``data_dir``: one resource per file, tables described.

    Foreign keys whose target table is not in the folder are left out, so the package stays
    valid for partial folders. Resource names that would repeat get a numeric suffix.
    """
    data_dir = Path(data_dir)
    resources = []
    seen: set[str] = set()
    for relative in data_files(data_dir) if files is None else files:
        if relative.endswith(".csv"):
            resource = describe_table(relative, data_dir / relative)
        else:
            resource = describe_file(relative)
        name, number = resource["name"], 2
        while resource["name"] in seen:
            resource["name"] = f"{name}-{number}"
            number += 1
        seen.add(resource["name"])
        resources.append(resource)
    names = {resource["name"] for resource in resources}
    for resource in resources:
        schema = resource.get("schema", {})
        if "foreignKeys" in schema:
            kept = [key for key in schema["foreignKeys"] if key["reference"]["resource"] in names]
            if kept:
                schema["foreignKeys"] = kept
            else:
                del schema["foreignKeys"]
    return {
        "name": PACKAGE_NAME,
        "title": "Bluebook Atlas: events of Japan's diplomacy from the Diplomatic Bluebook",
        "description": LICENSE_NOTE,
        "resources": resources,
    }


def build_dataset_zip(data_dir: Path) -> bytes:
    """The folder's files as they are, plus ``datapackage.json``, as zip bytes."""
    data_dir = Path(data_dir)
    files = data_files(data_dir)
    descriptor = build_descriptor(data_dir, files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DESCRIPTOR_NAME, json.dumps(descriptor, ensure_ascii=False, indent=1))
        for relative in files:
            archive.write(data_dir / relative, relative)
    return buffer.getvalue()
