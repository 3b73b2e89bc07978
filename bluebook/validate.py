"""Checks of every table in a data folder, with messages that say where and how to fix.

``validate_data_dir`` is what ``python -m bluebook validate`` and the app's loader run. Each check
returns a list of ``Problem``; nothing here raises on bad data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from bluebook import tables
from bluebook.errors import Problem
from bluebook.schema import (
    COUNTRY_COLUMNS,
    EVENT_COLUMNS,
    JAPAN_ISO3,
    LIST_SEPARATOR,
    SOURCE_COLUMNS,
)
from bluebook.tables import read_table
from bluebook.taxonomy import Taxonomy, read_taxonomy

DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EVENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
SOURCE_ID_PATTERN = EVENT_ID_PATTERN
EVIDENCE_JOINER = " … "
EARLIEST_YEAR = 1945
BOOLEAN_VALUES = ("true", "false")
PRECISION_BY_LENGTH = {4: "year", 7: "month", 10: "day"}


@dataclass(frozen=True)
class SourceInfo:
    """What the event checks need to know about a registered source."""

    volume_year: int
    text: str | None


@cache
def known_country_codes() -> frozenset[str]:
    """ISO3 codes of every Natural Earth admin-0 unit (from the pip-installed boundaries)."""
    from geo.boundaries import load_units

    return frozenset(load_units()["iso3"])


def _normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def parse_date(value: str) -> tuple[dt.date, str] | None:
    """Return (first day covered, precision) of an ISO date at any precision, or None."""
    match = DATE_PATTERN.match(value)
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        first = dt.date(year, month or 1, day or 1)
    except ValueError:
        return None
    return first, PRECISION_BY_LENGTH[len(value)]


def split_list(value: str) -> list[str]:
    """Split a ``;``-separated cell into stripped, non-empty items."""
    return [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]


# ---------------------------------------------------------------- sources


def check_sources(frame: pd.DataFrame, label: str, data_dir: Path) -> list[Problem]:
    """Check ids, years, URLs and that each source file exists in ``data_dir/sources``."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    latest = dt.date.today().year + 1
    for row in frame.itertuples(index=False):
        line = row.source_line
        if not SOURCE_ID_PATTERN.match(row.source_id):
            problems.append(
                Problem(
                    label,
                    line,
                    "source_id",
                    f"{row.source_id!r} is not a valid id",
                    "use letters, digits, '.', '_' or '-' (at most 80)",
                )
            )
        elif row.source_id in seen:
            problems.append(
                Problem(
                    label,
                    line,
                    "source_id",
                    f"{row.source_id!r} repeats line {seen[row.source_id]}",
                    "register each source once",
                )
            )
        else:
            seen[row.source_id] = line
        if not (row.volume_year.isdigit() and EARLIEST_YEAR <= int(row.volume_year) <= latest):
            problems.append(
                Problem(
                    label,
                    line,
                    "volume_year",
                    f"{row.volume_year!r} is not a year",
                    f"write the volume's year, {EARLIEST_YEAR}–{latest}",
                )
            )
        if not row.title.strip():
            problems.append(Problem(label, line, "title", "empty title", "give the source's title"))
        if row.url and not row.url.startswith("https://"):
            problems.append(
                Problem(
                    label,
                    line,
                    "url",
                    f"{row.url!r} is not an https URL",
                    "give the official page's https address or leave it empty",
                )
            )
        if not row.attribution.strip():
            problems.append(
                Problem(
                    label,
                    line,
                    "attribution",
                    "empty attribution",
                    "write e.g. 'Diplomatic Bluebook 2022, Ministry of Foreign Affairs of Japan'",
                )
            )
        file = Path(data_dir) / "sources" / row.file
        if not row.file or "/" in row.file or "\\" in row.file or not file.is_file():
            problems.append(
                Problem(
                    label,
                    line,
                    "file",
                    f"no source file {row.file!r} in sources/",
                    "put the source text in data/sources/ and name it here",
                )
            )
        else:
            _, trouble = read_source_text(file)
            if trouble:
                problems.append(Problem(label, line, "file", *trouble))
    return problems


def read_source_text(path: Path) -> tuple[str | None, tuple[str, str] | None]:
    """Return the whitespace-normalised text of a source file, or None and (what, fix).

    A file over the table size limit is refused before it is read.
    """
    name = f"sources/{path.name}"
    try:
        size = path.stat().st_size
        if size > tables.MAX_TABLE_BYTES:
            return None, (
                f"{name} is {size / tables.MEGABYTE:.1f} MB; "
                f"the limit is {tables.MAX_TABLE_BYTES / tables.MEGABYTE:g} MB",
                f"split the source, or raise the limit with {tables.MAX_TABLE_MB_VARIABLE}",
            )
        return _normalise_space(path.read_bytes().decode("utf-8")), None
    except UnicodeDecodeError as error:
        return None, (
            f"{name} is not UTF-8 (byte 0x{error.object[error.start]:02x})",
            "save the source text as UTF-8",
        )
    except OSError as error:
        return None, (f"{name} cannot be read: {error.strerror or error}", "check its permissions")


def read_source_texts(frame: pd.DataFrame, data_dir: Path) -> dict[str, SourceInfo]:
    """Map each valid source id to its volume year and normalised text (None if unreadable)."""
    infos: dict[str, SourceInfo] = {}
    for row in frame.itertuples(index=False):
        if not row.volume_year.isdigit():
            continue
        path = Path(data_dir) / "sources" / row.file
        text = read_source_text(path)[0] if row.file and path.is_file() else None
        infos[row.source_id] = SourceInfo(int(row.volume_year), text)
    return infos


# ---------------------------------------------------------------- events

Finding = tuple[str, str, str]  # column, what is wrong, how to fix


@dataclass(frozen=True)
class EventContext:
    """What an event row is checked against."""

    taxonomy: Taxonomy
    sources: dict[str, SourceInfo]
    country_codes: frozenset[str]


def _check_date(row, context: EventContext) -> Iterable[Finding]:
    parsed = parse_date(row.date)
    if parsed is None:
        yield (
            "date",
            f"{row.date!r} is not a date",
            "write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day",
        )
        return
    first, precision = parsed
    if row.date_precision != precision:
        yield (
            "date_precision",
            f"{row.date_precision!r} does not match date {row.date!r}",
            f"write {precision!r}",
        )
    source = context.sources.get(row.source_id)
    latest = source.volume_year if source else dt.date.today().year
    if not EARLIEST_YEAR <= first.year <= latest:
        yield (
            "date",
            f"{row.date!r} is outside {EARLIEST_YEAR}–{latest}",
            "a volume reports its own year and earlier years; check the year",
        )


def _check_countries(row, context: EventContext) -> Iterable[Finding]:
    codes = split_list(row.countries)
    if not codes:
        yield ("countries", "no country", "list the ISO3 codes of the countries concerned")
    for code in codes:
        if code == JAPAN_ISO3:
            yield ("countries", "JPN is listed", "leave Japan out; japan_involved says it")
        elif code.upper() != code and code.upper() in context.country_codes:
            yield ("countries", f"{code!r} is not upper case", f"write {code.upper()!r}")
        elif code not in context.country_codes:
            yield (
                "countries",
                f"{code!r} is not a known ISO3 code",
                "use an ISO 3166-1 alpha-3 code present in Natural Earth, e.g. UZB",
            )
    if len(set(codes)) != len(codes):
        yield ("countries", "a country is listed twice", "list each country once")


def _check_vocabularies(row, context: EventContext) -> Iterable[Finding]:
    for column, kind in (("event_type", "event_types"), ("level", "levels"), ("mode", "modes")):
        allowed = context.taxonomy.ids(kind)
        value = getattr(row, column)
        if value not in allowed:
            yield (
                column,
                f"{value!r} is not in taxonomy/{kind}.csv",
                f"use one of: {', '.join(allowed)}",
            )
    themes = split_list(row.themes)
    if not themes:
        yield ("themes", "no theme", "give at least one theme id")
    for theme in themes:
        if theme not in context.taxonomy.themes:
            yield (
                "themes",
                f"{theme!r} is not in taxonomy/themes.csv",
                f"use one of: {', '.join(context.taxonomy.themes)}",
            )


def _check_flags_and_text(row, context: EventContext) -> Iterable[Finding]:
    for column in ("japan_involved", "reviewed"):
        if getattr(row, column) not in BOOLEAN_VALUES:
            yield (column, f"{getattr(row, column)!r} is not a boolean", "write true or false")
    if not row.title.strip():
        yield ("title", "empty title", "write a one-line title in plain words")
    elif len(row.title) > 200:
        yield ("title", f"title has {len(row.title)} characters", "keep it under 200")
    if not row.section.strip():
        yield ("section", "empty section", "give the section heading the event comes from")
    if not (row.paragraph.isdigit() and int(row.paragraph) >= 1):
        yield (
            "paragraph",
            f"{row.paragraph!r} is not a paragraph number",
            "give the 1-based paragraph number within the section",
        )


def _check_provenance(row, context: EventContext) -> Iterable[Finding]:
    source = context.sources.get(row.source_id)
    if source is None:
        yield (
            "source_id",
            f"{row.source_id!r} is not in sources/sources.csv",
            "register the source first (python -m bluebook ingest does it)",
        )
        return
    if not row.evidence.strip():
        yield ("evidence", "empty evidence", "quote the sentence(s) of the source that state it")
        return
    if source.text is None:
        return
    for passage in row.evidence.split(EVIDENCE_JOINER):
        if _normalise_space(passage) not in source.text:
            shown = passage if len(passage) < 60 else passage[:57] + "..."
            yield (
                "evidence",
                f"passage not found in the source text: {shown!r}",
                f"quote the source exactly; join separate passages with {EVIDENCE_JOINER!r}",
            )


EVENT_CHECKS: tuple[Callable[..., Iterable[Finding]], ...] = (
    _check_date,
    _check_countries,
    _check_vocabularies,
    _check_flags_and_text,
    _check_provenance,
)


def check_events(frame: pd.DataFrame, label: str, context: EventContext) -> list[Problem]:
    """Check every event row: ids, dates, codes, taxonomy values, flags and provenance."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in frame.itertuples(index=False):
        if not EVENT_ID_PATTERN.match(row.event_id):
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "event_id",
                    f"{row.event_id!r} is not valid",
                    "use letters, digits, '.', '_' or '-' (at most 80)",
                )
            )
        elif row.event_id in seen:
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "event_id",
                    f"{row.event_id!r} repeats line {seen[row.event_id]}",
                    "give every event its own id",
                )
            )
        else:
            seen[row.event_id] = row.source_line
        for check in EVENT_CHECKS:
            problems += [
                Problem(label, row.source_line, *finding) for finding in check(row, context)
            ]
    return problems


# ---------------------------------------------------------------- countries


def check_countries(
    frame: pd.DataFrame, label: str, events: pd.DataFrame, context: EventContext
) -> list[Problem]:
    """Check country summaries: codes, sources, one row per (country, source), and coverage.

    Every country of a reviewed event needs a summary row for that event's source.
    """
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for row in frame.itertuples(index=False):
        key = (row.iso3, row.source_id)
        if row.iso3 not in context.country_codes:
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "iso3",
                    f"{row.iso3!r} is not a known code",
                    "use an upper-case ISO3 code present in Natural Earth",
                )
            )
        if row.source_id not in context.sources:
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "source_id",
                    f"{row.source_id!r} is not in sources/sources.csv",
                    "register the source or correct the id",
                )
            )
        if key in seen:
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "iso3",
                    f"{row.iso3} for {row.source_id} repeats line {seen[key]}",
                    "keep one summary per country and source",
                )
            )
        seen.setdefault(key, row.source_line)
        if not row.summary.strip() or not row.name.strip():
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "summary",
                    "empty name or summary",
                    "write the country's name and a 2–4 sentence summary",
                )
            )
    reviewed = events[events["reviewed"] == "true"]
    needed: dict[tuple[str, str], int] = {}  # (country, source) -> first events.csv line
    for countries, source_id, event_line in zip(
        reviewed["countries"], reviewed["source_id"], reviewed["source_line"], strict=True
    ):
        for code in split_list(countries):
            needed.setdefault((code, source_id), event_line)
    for code, source_id in sorted(set(needed) - set(seen)):
        if code in context.country_codes and source_id in context.sources:
            problems.append(
                Problem(
                    label,
                    0,
                    "iso3",
                    f"no summary of {code} for {source_id} "
                    f"(needed by the reviewed event on events.csv line {needed[code, source_id]})",
                    "add a row for it: reviewed events of this country exist",
                )
            )
    return problems


# ---------------------------------------------------------------- the whole folder


def validate_data_dir(data_dir: Path, country_codes: frozenset[str] | None = None) -> list[Problem]:
    """Check every table in ``data_dir``; return all problems (empty when the data is clean)."""
    data_dir = Path(data_dir)
    prefix = f"{data_dir}/"
    if not data_dir.is_dir():
        return [Problem(str(data_dir), 0, "", "not a folder", "give the path of the data folder")]
    taxonomy, problems = read_taxonomy(data_dir, prefix)
    sources = read_table(
        data_dir / "sources" / "sources.csv", SOURCE_COLUMNS, f"{prefix}sources/sources.csv"
    )
    problems += sources.problems + check_sources(sources.frame, sources.label, data_dir)
    events = read_table(data_dir / "events.csv", EVENT_COLUMNS, f"{prefix}events.csv")
    countries = read_table(data_dir / "countries.csv", COUNTRY_COLUMNS, f"{prefix}countries.csv")
    problems += events.problems + countries.problems
    if taxonomy is None:
        return problems
    context = EventContext(
        taxonomy=taxonomy,
        sources=read_source_texts(sources.frame, data_dir),
        country_codes=country_codes if country_codes is not None else known_country_codes(),
    )
    problems += check_events(events.frame, events.label, context)
    problems += check_countries(countries.frame, countries.label, events.frame, context)
    return problems
