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

import numpy as np
import pandas as pd

from bluebook import tables
from bluebook.errors import Problem
from bluebook.extraction_table import check_extraction_file
from bluebook.readers.page_map import check_original_documents
from bluebook.review_log import LOG_FILE, check_review_log
from bluebook.schema import (
    COUNTRY_COLUMNS,
    EVENT_COLUMNS,
    JAPAN_ISO3,
    LIST_SEPARATOR,
    REVIEW_LOG_COLUMNS,
    SOURCE_COLUMNS,
    SUMMARY_STATUSES,
)
from bluebook.tables import Table, read_table
from bluebook.taxonomy import Taxonomy, read_taxonomy

# ASCII digits and \Z: "\d" accepts other scripts' digits and "$" a trailing line break, which
# used to crash the checks on "2021\n".
DATE_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
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
    paragraphs: frozenset[str] = frozenset()
    """The normalised lines of the text: each is a substring of ``text``, found by hashing."""


COUNTRY_CODES_FILE = Path(__file__).with_name("country_codes.txt")
"""ISO3 codes of the 250 Natural Earth admin-0 units, one a line, as ``geo.boundaries`` codes
them; committed so that the event core does not import ``geo`` (tests/test_architecture.py
checks that the file equals ``geo.boundaries.load_units()["iso3"]``)."""


@cache
def known_country_codes() -> frozenset[str]:
    """The default valid country codes: the ISO3 codes listed in ``COUNTRY_CODES_FILE``."""
    return frozenset(COUNTRY_CODES_FILE.read_text(encoding="utf-8").split())


def _normalise_space(text: str) -> str:
    # Same result as re.sub(r"\s+", " ", text).strip(): str.split() and re's \s both use
    # Python's Unicode whitespace; split/join is several times faster on large texts.
    return " ".join(text.split())


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


def check_sources(
    frame: pd.DataFrame,
    label: str,
    data_dir: Path,
    files: dict[str, SourceFile] | None = None,
) -> list[Problem]:
    """Check ids, years, URLs and that each source file exists in ``data_dir/sources``.

    ``files`` (from ``read_source_files``) saves reading the texts again.
    """
    files = files if files is not None else {}
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
        year = row.volume_year
        if not (year.isascii() and year.isdigit() and EARLIEST_YEAR <= int(year) <= latest):
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
            known = files.get(row.file)
            trouble = known.trouble if known is not None else read_source_text(file)[1]
            if trouble:
                problems.append(Problem(label, line, "file", *trouble))
    return problems


@dataclass(frozen=True)
class SourceFile:
    """A source text as the checks use it: normalised, its lines, or why it is unusable."""

    text: str | None
    paragraphs: frozenset[str]
    trouble: tuple[str, str] | None


def _read_source(path: Path) -> tuple[str | None, tuple[str, str] | None]:
    name = f"sources/{path.name}"
    try:
        size = path.stat().st_size
        if size > tables.MAX_TABLE_BYTES:
            return None, (
                f"{name} is {size / tables.MEGABYTE:.1f} MB; "
                f"the limit is {tables.MAX_TABLE_BYTES / tables.MEGABYTE:g} MB",
                f"split the source, or raise the limit with {tables.MAX_TABLE_MB_VARIABLE}",
            )
        return path.read_bytes().decode("utf-8"), None
    except UnicodeDecodeError as error:
        return None, (
            f"{name} is not UTF-8 (byte 0x{error.object[error.start]:02x})",
            "save the source text as UTF-8",
        )
    except OSError as error:
        return None, (f"{name} cannot be read: {error.strerror or error}", "check its permissions")


def read_source_text(path: Path) -> tuple[str | None, tuple[str, str] | None]:
    """Return the whitespace-normalised text of a source file, or None and (what, fix).

    A file over the table size limit is refused before it is read.
    """
    raw, trouble = _read_source(path)
    return (None, trouble) if raw is None else (_normalise_space(raw), None)


def read_source_file(path: Path) -> SourceFile:
    """Read a source file once: normalised text, normalised non-empty lines, or the trouble.

    Each normalised line is a substring of the normalised text (line breaks are whitespace),
    so a passage equal to one of them is found without searching the text.
    """
    raw, trouble = _read_source(path)
    if raw is None:
        return SourceFile(None, frozenset(), trouble)
    lines = frozenset(_normalise_space(line) for line in raw.splitlines()) - {""}
    return SourceFile(_normalise_space(raw), lines, None)


def read_source_files(frame: pd.DataFrame, data_dir: Path) -> dict[str, SourceFile]:
    """Read every plain file name listed in ``frame["file"]`` that exists in ``sources/``."""
    files: dict[str, SourceFile] = {}
    for name in dict.fromkeys(frame["file"]):
        path = Path(data_dir) / "sources" / name
        if name and "/" not in name and "\\" not in name and path.is_file():
            files[name] = read_source_file(path)
    return files


def read_source_texts(
    frame: pd.DataFrame, data_dir: Path, files: dict[str, SourceFile] | None = None
) -> dict[str, SourceInfo]:
    """Map each valid source id to its volume year and normalised text (None if unreadable)."""
    files = files if files is not None else {}
    infos: dict[str, SourceInfo] = {}
    for row in frame.itertuples(index=False):
        if not (row.volume_year.isascii() and row.volume_year.isdigit()):
            continue
        path = Path(data_dir) / "sources" / row.file
        source = files.get(row.file)
        if source is None:
            source = read_source_file(path) if row.file and path.is_file() else None
        if source is None:
            infos[row.source_id] = SourceInfo(int(row.volume_year), None)
        else:
            infos[row.source_id] = SourceInfo(int(row.volume_year), source.text, source.paragraphs)
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
    if not (row.paragraph.isascii() and row.paragraph.isdigit() and int(row.paragraph) >= 1):
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


# The fast pre-pass accepts only rows in a strict, common form (plain ASCII codes, exact date
# widths, evidence equal to a line of the source); anything else goes through the row checks
# above, which give the messages. So the pre-pass never changes a result, only the time.
FAST_DATE = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?"
FAST_CODES = r"[A-Z]{3}(?:;[A-Z]{3})*"
FAST_IDS = r"[a-z][a-z0-9_]*(?:;[a-z][a-z0-9_]*)*"
FAST_PARAGRAPH = r"0*[1-9][0-9]*"


def _not_blank(column: pd.Series) -> np.ndarray:
    """True where ``value.strip()`` would be non-empty (``isspace`` uses the same whitespace)."""
    return (column.str.len().gt(0) & ~column.str.isspace()).to_numpy(dtype=bool)


def _all_items_in(column: pd.Series, pattern: str, allowed: set[str]) -> np.ndarray:
    """True where the ``;``-list matches ``pattern`` and every item is allowed, none twice."""
    column = column.reset_index(drop=True)
    ok = np.array(column.str.fullmatch(pattern), dtype=bool)
    items = column[ok].str.split(LIST_SEPARATOR).explode()
    bad = ~items.isin(allowed) | items.to_frame().reset_index().duplicated().to_numpy()
    ok[np.flatnonzero(ok)] &= ~pd.Series(bad, index=items.index).groupby(level=0).any().to_numpy()
    return ok


def _dates_clean(frame: pd.DataFrame, context: EventContext) -> np.ndarray:
    dates = frame["date"]
    ok = np.array(dates.str.fullmatch(FAST_DATE), dtype=bool)
    lengths = dates.str.len()
    ok &= (frame["date_precision"] == lengths.map(PRECISION_BY_LENGTH)).to_numpy()
    padded = dates.where(ok, "2000").str.cat(lengths.map({4: "-01-01", 7: "-01"}).fillna(""))
    parsed = pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")
    ok &= parsed.notna().to_numpy()
    volume_years = {key: info.volume_year for key, info in context.sources.items()}
    latest = frame["source_id"].map(volume_years).fillna(dt.date.today().year).to_numpy()
    years = parsed.dt.year.fillna(0).to_numpy()
    return ok & (years >= EARLIEST_YEAR) & (years <= latest)


def _evidence_found(frame: pd.DataFrame, context: EventContext) -> np.ndarray:
    """True where the source is known and each evidence passage is a line of its text."""
    found = np.zeros(len(frame), dtype=bool)
    evidence = frame["evidence"]
    for source_id, rows in frame.groupby("source_id", sort=False).indices.items():
        source = context.sources.get(source_id)
        if source is None:
            continue
        if source.text is None:
            found[rows] = True  # nothing to check against; the row checks agree
            continue
        found[rows] = evidence.iloc[rows].isin(source.paragraphs).to_numpy()
        for row in rows[~found[rows]]:
            passages = evidence.iloc[row].split(EVIDENCE_JOINER)
            found[row] = all(_normalise_space(part) in source.paragraphs for part in passages)
    return found & _not_blank(evidence)


def clean_event_rows(frame: pd.DataFrame, context: EventContext) -> np.ndarray:
    """True for rows that certainly pass every event check except the id checks.

    Vectorised over the frame; a False only means "check this row one by one".
    """
    if frame.empty:
        return np.zeros(0, dtype=bool)
    taxonomy = context.taxonomy
    ok = _dates_clean(frame, context)
    ok &= _all_items_in(frame["countries"], FAST_CODES, set(context.country_codes) - {JAPAN_ISO3})
    ok &= _all_items_in(frame["themes"], FAST_IDS, set(taxonomy.themes))
    for column, kind in (("event_type", "event_types"), ("level", "levels"), ("mode", "modes")):
        ok &= frame[column].isin(set(taxonomy.ids(kind))).to_numpy()
    for column in ("japan_involved", "reviewed"):
        ok &= frame[column].isin(BOOLEAN_VALUES).to_numpy()
    ok &= _not_blank(frame["title"]) & frame["title"].str.len().le(200).to_numpy()
    ok &= _not_blank(frame["section"])
    ok &= frame["paragraph"].str.fullmatch(FAST_PARAGRAPH).to_numpy(dtype=bool)
    return ok & _evidence_found(frame, context)


def check_events(frame: pd.DataFrame, label: str, context: EventContext) -> list[Problem]:
    """Check every event row: ids, dates, codes, taxonomy values, flags and provenance."""
    problems: list[Problem] = []
    ids = frame["event_id"]
    valid_id = ids.str.match(EVENT_ID_PATTERN.pattern).to_numpy(dtype=bool)
    repeated = ids.duplicated(keep="first").to_numpy() & valid_id
    first = valid_id & ~repeated
    first_line = dict(zip(ids[first], frame["source_line"][first], strict=True))
    suspect = ~(clean_event_rows(frame, context) & valid_id & ~repeated)
    for row in frame[suspect].itertuples(index=False):
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
        elif first_line[row.event_id] != row.source_line:
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "event_id",
                    f"{row.event_id!r} repeats line {first_line[row.event_id]}",
                    "give every event its own id",
                )
            )
        for check in EVENT_CHECKS:
            problems += [
                Problem(label, row.source_line, *finding) for finding in check(row, context)
            ]
    return problems


# ---------------------------------------------------------------- countries


LEGACY_COUNTRY_COLUMNS = COUNTRY_COLUMNS[:-1]


def read_countries_table(path: Path, label: str | None = None) -> Table:
    """Read ``countries.csv``; a file from before the ``status`` column reads as all reviewed.

    Those summaries were all written by people: drafts did not exist yet.
    """
    table = read_table(path, COUNTRY_COLUMNS, label)
    if table.problems and table.problems[0].line == 1:
        legacy = read_table(path, LEGACY_COUNTRY_COLUMNS, label)
        if not legacy.problems or legacy.problems[0].line != 1:
            legacy.frame.insert(len(LEGACY_COUNTRY_COLUMNS), "status", "reviewed")
            return legacy
    return table


def _needed_summaries(events: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(country, source) of every reviewed event → the first events.csv line that needs it."""
    reviewed = events.loc[events["reviewed"] == "true", ["countries", "source_id", "source_line"]]
    pairs = reviewed.assign(countries=reviewed["countries"].str.split(LIST_SEPARATOR)).explode(
        "countries"
    )
    pairs["countries"] = pairs["countries"].str.strip()  # as split_list does
    pairs = pairs[pairs["countries"].str.len().gt(0)].drop_duplicates(["countries", "source_id"])
    return dict(
        zip(
            zip(pairs["countries"], pairs["source_id"], strict=True),
            pairs["source_line"],
            strict=True,
        )
    )


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
        if row.status not in SUMMARY_STATUSES:
            problems.append(
                Problem(
                    label,
                    row.source_line,
                    "status",
                    f"{row.status[:40]!r} is not a summary status",
                    "write reviewed (a person wrote or checked it) or draft (generated)",
                )
            )
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
    needed = _needed_summaries(events)
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


@dataclass(frozen=True)
class FolderCheck:
    """The result of checking a data folder: every problem, and the tables as read."""

    problems: list[Problem]
    taxonomy: Taxonomy | None
    events: Table | None
    countries: Table | None
    sources: Table | None


def check_data_dir(data_dir: Path, country_codes: frozenset[str] | None = None) -> FolderCheck:
    """Read and check every table in ``data_dir``; the loader builds its frames from the result.

    Never raises on bad data: ``problems`` is empty when the data is clean.
    """
    data_dir = Path(data_dir)
    prefix = f"{data_dir}/"
    if not data_dir.is_dir():
        problem = Problem(str(data_dir), 0, "", "not a folder", "give the path of the data folder")
        return FolderCheck([problem], None, None, None, None)
    taxonomy, problems = read_taxonomy(data_dir, prefix)
    sources = read_table(
        data_dir / "sources" / "sources.csv", SOURCE_COLUMNS, f"{prefix}sources/sources.csv"
    )
    files = read_source_files(sources.frame, data_dir)
    problems += sources.problems + check_sources(sources.frame, sources.label, data_dir, files)
    problems += check_original_documents(sources.frame, sources.label, data_dir)
    events = read_table(data_dir / "events.csv", EVENT_COLUMNS, f"{prefix}events.csv")
    countries = read_countries_table(data_dir / "countries.csv", f"{prefix}countries.csv")
    problems += events.problems + countries.problems
    if taxonomy is not None:
        context = EventContext(
            taxonomy=taxonomy,
            sources=read_source_texts(sources.frame, data_dir, files),
            country_codes=country_codes if country_codes is not None else known_country_codes(),
        )
        del files  # the texts can be large; the context keeps what the checks need
        problems += check_events(events.frame, events.label, context)
        problems += check_countries(countries.frame, countries.label, events.frame, context)
    problems += check_review_log_file(data_dir, prefix)
    problems += check_extraction_file(data_dir, prefix)
    return FolderCheck(problems, taxonomy, events, countries, sources)


def check_review_log_file(data_dir: Path, prefix: str = "") -> list[Problem]:
    """Check ``review_log.csv`` if the folder has one (a folder never reviewed has none)."""
    return tables.check_optional_table(
        data_dir, LOG_FILE, REVIEW_LOG_COLUMNS, check_review_log, prefix
    )


def validate_data_dir(data_dir: Path, country_codes: frozenset[str] | None = None) -> list[Problem]:
    """Check every table in ``data_dir``; return all problems (empty when the data is clean)."""
    return check_data_dir(data_dir, country_codes).problems
