"""The tables a review decision touches, read once under the lock, changed in memory, checked
(only what changes, with every check ``validate`` makes on it) and written as one change.

See ``bluebook.review.decisions`` for the decisions themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from bluebook import transaction
from bluebook.errors import Problem
from bluebook.review.summaries import DRAFT, REVIEWED, draft_row, draft_summary_text
from bluebook.review_log import (
    LOG_FILE,
    append_log_text,
    build_log_row,
    changed_fields,
)
from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from bluebook.table_text import CountriesText, EventsText, StoreError
from bluebook.tables import LINE_COLUMN, read_table
from bluebook.taxonomy import read_taxonomy
from bluebook.validate import (
    EVENT_CHECKS,
    EVENT_ID_PATTERN,
    EventContext,
    SourceFile,
    SourceInfo,
    check_countries,
    known_country_codes,
    read_countries_table,
    read_source_file,
    split_list,
)

PENDING_FILE = ".review_pending"
"""Left by an earlier version while a decision was being written; finished from the log."""
SUMMARY = "summary"


class ReviewError(Exception):
    """The data folder cannot be reviewed as it is (a table is unreadable); says how to fix it."""


# ---------------------------------------------------------------- the folder in memory


def _taxonomy_version(data_dir: Path) -> tuple:
    folder = Path(data_dir) / "taxonomy"
    return tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(folder.glob("*.csv"))
    )


@lru_cache(maxsize=4)
def _taxonomy(data_dir: Path, version: tuple):
    return read_taxonomy(data_dir)


@lru_cache(maxsize=8)
def _source_file(path: str, size: int, mtime_ns: int) -> SourceFile:
    return read_source_file(Path(path))


class Workspace:
    """The tables a decision touches, read once under the lock, changed in memory, then
    written in the safe order by ``commit``."""

    def __init__(self, data_dir: Path, now: dt.datetime) -> None:
        self.data_dir = Path(data_dir)
        self.now = now
        try:
            self.events = EventsText(self.data_dir / "events.csv")
        except (OSError, StoreError) as error:
            raise ReviewError(f"events.csv cannot be reviewed: {error}") from error
        self._countries: CountriesText | None = None
        log = self.data_dir / LOG_FILE
        self.log_text = log.read_text(encoding="utf-8") if log.exists() else ""
        self.log_rows: list[dict[str, str]] = []
        self._context: EventContext | None = None
        self._sources: pd.DataFrame | None = None

    # -------------------------------------------------- countries.csv

    @property
    def countries(self) -> CountriesText:
        if self._countries is None:
            self._countries = _read_countries(self.data_dir / "countries.csv")
        return self._countries

    def summary_of(self, iso3: str, source_id: str) -> dict[str, str] | None:
        found = self.countries.locate(iso3, source_id)
        return found.row if found else None

    def put_summary(self, row: Mapping[str, str]) -> None:
        self.countries.put(row, key_columns=2)

    # -------------------------------------------------- what the checks need

    @property
    def sources(self) -> pd.DataFrame:
        if self._sources is None:
            table = read_table(self.data_dir / "sources" / "sources.csv", SOURCE_COLUMNS)
            self._sources = table.frame
        return self._sources

    def context(self) -> EventContext:
        """Taxonomy, the registered sources (texts read when a row needs them), codes."""
        if self._context is None:
            taxonomy, problems = _taxonomy(self.data_dir, _taxonomy_version(self.data_dir))
            if taxonomy is None:
                raise ReviewError(
                    "; ".join(str(problem) for problem in problems[:3])
                    + " — fix the taxonomy first (python -m bluebook validate)"
                )
            self._context = EventContext(taxonomy, {}, known_country_codes())
        return self._context

    def with_sources(self, source_ids: Iterable[str]) -> EventContext:
        """The context with the texts of ``source_ids`` read (each once per version)."""
        context = self.context()
        for source_id in source_ids:
            if source_id in context.sources:
                continue
            for row in self.sources[self.sources["source_id"] == source_id].itertuples():
                year = row.volume_year
                if not (year.isascii() and year.isdigit()):
                    continue
                path = self.data_dir / "sources" / row.file
                if not row.file or "/" in row.file or not path.is_file():
                    context.sources[source_id] = SourceInfo(int(year), None)
                    continue
                state = path.stat()
                text = _source_file(str(path), state.st_size, state.st_mtime_ns)
                context.sources[source_id] = SourceInfo(int(year), text.text, text.paragraphs)
                break
        return context

    def volume_year(self, source_id: str) -> str:
        years = self.sources.loc[self.sources["source_id"] == source_id, "volume_year"]
        return str(years.iloc[0]) if len(years) else "?"

    # -------------------------------------------------- the log and the writes

    def log(self, event_id: str, action: str, changes: dict, reviewer: str) -> None:
        self.log_rows.append(build_log_row(self.now, reviewer, event_id, action, changes))

    def commit(self) -> None:
        """Write the log, then ``countries.csv``, then ``events.csv``, as one change through
        ``bluebook.transaction``: all of them or none, even if the process is killed."""
        writes: dict[Path, str | bytes] = {}
        log_text = self.log_text
        if self.log_rows:
            log_text = append_log_text(self.data_dir / LOG_FILE, self.log_rows, self.log_text)
            writes[self.data_dir / LOG_FILE] = log_text
        if self._countries is not None and self._countries.changed:
            writes[self.data_dir / "countries.csv"] = self._countries.data
        if self.events.changed:
            writes[self.data_dir / "events.csv"] = self.events.data
        transaction.commit(self.data_dir, writes)
        self.log_text, self.log_rows = log_text, []
        if self._countries is not None:
            self._countries.changed = False
        self.events.changed = False
        (self.data_dir / PENDING_FILE).unlink(missing_ok=True)


def _read_countries(path: Path) -> CountriesText:
    """``countries.csv`` as text; a file without the ``status`` column is converted (every
    summary reviewed) and written with the next decision."""
    try:
        return CountriesText(path)
    except OSError as error:
        raise ReviewError(f"countries.csv cannot be read: {error}") from error
    except StoreError as error:
        table = read_countries_table(path)
        if table.problems:
            raise ReviewError(f"countries.csv cannot be reviewed: {error}") from error
        text = table.frame.loc[:, list(COUNTRY_COLUMNS)].to_csv(index=False, lineterminator="\n")
        converted = CountriesText(path, text.encode("utf-8"))
        converted.changed = True
        return converted


# ---------------------------------------------------------------- checks of what changes


def check_event_row(workspace: Workspace, row: Mapping[str, str], line: int) -> list[str]:
    """Every ``validate`` check of one event row (its id's uniqueness is the caller's)."""
    context = workspace.with_sources([row["source_id"]])
    label = f"{workspace.data_dir}/events.csv"
    record = SimpleNamespace(**{column: str(row[column]) for column in EVENT_COLUMNS})
    problems = []
    if not EVENT_ID_PATTERN.match(record.event_id):
        problems.append(
            Problem(
                label,
                line,
                "event_id",
                f"{record.event_id!r} is not valid",
                "use letters, digits, '.', '_' or '-' (at most 80)",
            )
        )
    for check in EVENT_CHECKS:
        problems += [Problem(label, line, *finding) for finding in check(record, context)]
    return [str(problem) for problem in problems]


def check_summaries(workspace: Workspace, rows: list[Mapping[str, str]]) -> list[str]:
    """``validate``'s checks of the summaries of ``rows``' countries and sources: each row's
    code, source, status and text, and one for each country of a reviewed event."""
    if not rows:
        return []
    keys = dict.fromkeys(
        (code, row["source_id"]) for row in rows for code in split_list(row["countries"])
    )
    found = [workspace.countries.locate(*key) for key in keys]
    relevant = pd.DataFrame(
        [{**located.row, LINE_COLUMN: located.line} for located in found if located],
        columns=[*COUNTRY_COLUMNS, LINE_COLUMN],
    )
    events = pd.DataFrame([{**row, LINE_COLUMN: 0} for row in rows])
    context = workspace.with_sources({row["source_id"] for row in rows})
    label = f"{workspace.data_dir}/countries.csv"
    return [str(problem) for problem in check_countries(relevant, label, events, context)]


# ---------------------------------------------------------------- drafts


def refresh_summaries(
    workspace: Workspace,
    rows: list[Mapping[str, str] | None],
    reviewer: str,
    event_id: str,
    written: Mapping[str, tuple[str, str, str]] | None = None,
) -> None:
    """Draft the missing summaries of the reviewed rows' countries; redraft existing drafts.

    ``rows`` are the event before and after the change (None where absent); ``written`` holds
    summaries the reviewer wrote for missing countries (kept as reviewed).
    """
    written = written or {}
    after = rows[-1]
    pairs = dict.fromkeys(
        (code, row["source_id"]) for row in rows if row for code in split_list(row["countries"])
    )
    labels = workspace.context().taxonomy.event_types
    for code, source_id in pairs:
        old = workspace.summary_of(code, source_id)
        needed = (
            after is not None
            and after["reviewed"] == "true"
            and after["source_id"] == source_id
            and code in split_list(after["countries"])
        )
        if old is None and not needed:
            continue
        if old is not None and old["status"] != DRAFT:
            continue
        if old is None and code in written:
            name, names_in_text, text = written[code]
            new = {**draft_row(code, source_id, name.strip(), names_in_text.strip(), text.strip())}
            new["status"] = REVIEWED
        else:
            name = old["name"] if old else country_name(workspace, code)
            names_in_text = old["names_in_text"] if old else name
            events = workspace.events.rows_of(source_id, code)
            text = draft_summary_text(name, workspace.volume_year(source_id), events, labels)
            new = draft_row(code, source_id, name, names_in_text, text)
        if old != new:
            workspace.put_summary(new)
            workspace.log(event_id, SUMMARY, changed_fields(old, new, COUNTRY_COLUMNS), reviewer)


@lru_cache(maxsize=1)
def _gazetteer_names() -> dict[str, str]:
    from bluebook.extract.resources import DEFAULT_DATA_DIR, load_resources

    try:
        return dict(load_resources(DEFAULT_DATA_DIR).country_names)
    except Exception:  # a gazetteer problem leaves the code as the name
        return {}


def country_name(workspace: Workspace, code: str) -> str:
    return workspace.countries.name_of(code) or _gazetteer_names().get(code, code)
