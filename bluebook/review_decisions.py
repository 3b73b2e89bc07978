"""Review decisions applied in time independent of the data's size, and never losing an event.

A decision (accept, save, reject, add, undo, reopen) runs under an exclusive lock on the data
folder. It carries the hash of the row it started from (``row_hash``); if the row changed in the
meantime the decision is refused with both versions and nothing is written.

**What is checked.** Only what the decision changes, with every check ``validate`` makes on
those rows: the new or edited event row (dates, codes, taxonomy, flags, its source, its evidence
against the source text, a fresh id), the ``countries.csv`` rows it adds or changes (and that
each country of a reviewed event has a summary), and the new log rows. The rest of the folder
was valid before and is not touched: the event row is spliced into the text of ``events.csv``
(``bluebook.review_store``), so nothing is parsed or written per row of the table.

**Summaries never gate a decision.** A reviewed event whose country has no summary for its
source gets a draft (``bluebook.summaries``); a draft is redrafted whenever a decision changes
that country's events in that source.

**Order of the writes.** The log first (it holds every field of a rejected or added event and
each changed field's before and after), then ``countries.csv``, then ``events.csv``, each
atomically. A process killed at any point leaves every event in ``events.csv`` or restorable
from the log; the next decision finishes the last one first (``recover_unfinished``), so the log
and the tables agree again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from bluebook.errors import Problem
from bluebook.review_log import (
    LOG_FILE,
    append_log_text,
    build_log_row,
    changed_fields,
    format_time,
)
from bluebook.review_store import CountriesText, EventsText, Located, StoreError, parse_row
from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS, REVIEW_LOG_COLUMNS, SOURCE_COLUMNS
from bluebook.summaries import DRAFT, REVIEWED, draft_row, draft_summary_text
from bluebook.tables import (
    LINE_COLUMN,
    data_folder_lock,
    read_table,
    write_bytes_atomic,
    write_text_atomic,
)
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

ACCEPT, SAVE, REJECT, ADD = "accept", "save", "reject", "add"
UNDO, REOPEN, SUMMARY = "undo", "reopen", "summary"
EDITABLE_COLUMNS = tuple(
    column for column in EVENT_COLUMNS if column not in ("event_id", "reviewed")
)
ADDED_ID_INFIX = "-r"
PENDING_FILE = ".review_pending"
DONE_WORDS = {
    ACCEPT: "Accepted",
    SAVE: "Saved",
    REJECT: "Rejected",
    ADD: "Added",
    UNDO: "Undid the decision on",
    REOPEN: "Reopened",
}


class ReviewError(Exception):
    """The data folder cannot be reviewed as it is (a table is unreadable); says how to fix it."""


def row_hash(row: Mapping[str, str]) -> str:
    """The version of an event row: a hash of its values in ``EVENT_COLUMNS`` order."""
    digest = hashlib.sha256()
    for column in EVENT_COLUMNS:
        digest.update(str(row[column]).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:20]


@dataclass(frozen=True)
class Decision:
    """What a reviewer decided about one event.

    ``base_hash`` is ``row_hash`` of the row as the reviewer opened it (unused by ``add``);
    ``values`` holds the edited fields (``save``) or the new event's fields (``add``);
    ``summaries`` maps a country code to (name, names in the text, summary) written by the
    reviewer for a country with no summary for the source (others get a draft).
    """

    action: str
    event_id: str = ""
    base_hash: str = ""
    values: Mapping[str, str] = field(default_factory=dict)
    summaries: Mapping[str, tuple[str, str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The result of a decision.

    ``status`` is ``done``, ``conflict`` (the row changed since it was opened: ``current`` is
    the row now, None if it is gone, and ``proposed`` the reviewer's version) or ``invalid``
    (``problems`` say why the result would not validate). Only ``done`` wrote anything.
    """

    status: str
    event_id: str
    message: str
    problems: tuple[str, ...] = ()
    current: dict[str, str] | None = None
    proposed: dict[str, str] | None = None


class Refused(Exception):
    """A decision that cannot be applied; carries its ``Outcome``."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome


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
        """Write the log, then ``countries.csv``, then ``events.csv`` (see the module doc).

        ``PENDING_FILE`` exists while the writes are under way: if the process is killed, the
        next decision finds it and finishes the writes from the log."""
        pending = self.data_dir / PENDING_FILE
        write_text_atomic(format_time(self.now) + "\n", pending)
        if self.log_rows:
            text = append_log_text(self.data_dir / LOG_FILE, self.log_rows, self.log_text)
            write_text_atomic(text, self.data_dir / LOG_FILE)
            self.log_text, self.log_rows = text, []
        if self._countries is not None and self._countries.changed:
            write_bytes_atomic(self._countries.data, self.data_dir / "countries.csv")
            self._countries.changed = False
        if self.events.changed:
            write_bytes_atomic(self.events.data, self.data_dir / "events.csv")
            self.events.changed = False
        pending.unlink()


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
            name = old["name"] if old else _country_name(workspace, code)
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


def _country_name(workspace: Workspace, code: str) -> str:
    return workspace.countries.name_of(code) or _gazetteer_names().get(code, code)


# ---------------------------------------------------------------- changing one event


def _new_event_id(source_id: str, events: EventsText) -> str:
    number = 1
    while events.has_key(f"{source_id}{ADDED_ID_INFIX}{number:03d}"):
        number += 1
    return f"{source_id}{ADDED_ID_INFIX}{number:03d}"


def change_event(
    workspace: Workspace,
    event_id: str,
    after: dict[str, str] | None,
    action: str,
    reviewer: str,
    written: Mapping[str, tuple[str, str, str]] | None = None,
    found: Located | None = None,
    new: bool = False,
) -> dict[str, str] | None:
    """Replace the row of ``event_id`` with ``after`` (None: remove it; a new id: add it),
    checked, logged and with its summaries; returns the row before. Raises ``Refused``.

    ``found`` is the row's place if the caller has just located it (saves a search)."""
    if found is None and not new:
        found = workspace.events.locate(event_id)
    before = found.row if found else None
    if after is not None:
        line = found.line if found else workspace.events.line_count() + 1
        problems = check_event_row(workspace, after, line)
        if problems:
            raise Refused(
                Outcome(
                    "invalid",
                    event_id,
                    "Nothing was saved: the result would not pass validation.",
                    problems=tuple(problems),
                    proposed=after,
                )
            )
    if found is None and after is not None:
        workspace.events.append(after)
    elif found is not None:
        workspace.events.replace(found, after)
    workspace.log(event_id, action, changed_fields(before, after), reviewer)
    refresh_summaries(workspace, [before, after], reviewer, event_id, written)
    problems = check_summaries(workspace, [row for row in (after,) if row])
    if problems:
        raise Refused(
            Outcome(
                "invalid",
                event_id,
                "Nothing was saved: the result would not pass validation.",
                problems=tuple(problems),
                proposed=after,
            )
        )
    return before


def _proposed_row(decision: Decision, current: dict[str, str] | None) -> dict[str, str]:
    row = dict(current) if current else {column: "" for column in EVENT_COLUMNS}
    if decision.action in (SAVE, ADD):
        row.update({column: str(decision.values[column]) for column in EDITABLE_COLUMNS})
    if decision.action != REJECT:
        row["reviewed"] = "true"
    return row


def _opened_row(workspace: Workspace, decision: Decision) -> Located:
    """The row the decision is about, as the reviewer opened it; raises ``Refused``."""
    found = workspace.events.locate(decision.event_id)
    if found is None:
        raise Refused(
            Outcome(
                "conflict",
                decision.event_id,
                "This event is no longer in events.csv: another reviewer rejected it.",
                proposed=_proposed_row(decision, None) if decision.action == SAVE else None,
            )
        )
    if row_hash(found.row) != decision.base_hash:
        raise Refused(
            Outcome(
                "conflict",
                decision.event_id,
                "Another reviewer changed this event after you opened it; nothing was saved.",
                current=found.row,
                proposed=_proposed_row(decision, found.row),
            )
        )
    return found


def decide(workspace: Workspace, decision: Decision, reviewer: str) -> str:
    """Apply one accept/save/reject/add to ``workspace`` in memory; its event id."""
    found = None
    if decision.action == ADD:
        event_id = _new_event_id(str(decision.values["source_id"]), workspace.events)
    else:
        event_id = decision.event_id
        found = _opened_row(workspace, decision)
    row = None if decision.action == REJECT else _proposed_row(decision, found and found.row)
    if row is not None:
        row["event_id"] = event_id
    change_event(
        workspace,
        event_id,
        row,
        decision.action,
        reviewer,
        decision.summaries,
        found=found,
        new=decision.action == ADD,
    )
    return event_id


# ---------------------------------------------------------------- entry points


def run_locked(data_dir: Path, now: dt.datetime | None, work) -> Outcome:
    """Run ``work(workspace) -> Outcome`` under the folder lock, after finishing an
    interrupted decision; commit if it is done. Raises ``ReviewError``."""
    data_dir = Path(data_dir)
    now = now or dt.datetime.now(dt.UTC)
    with data_folder_lock(data_dir):
        workspace = Workspace(data_dir, now)
        try:
            if (data_dir / PENDING_FILE).exists():
                recover_unfinished(workspace)
            outcome = work(workspace)
        except Refused as refused:
            return refused.outcome
        except StoreError as error:
            raise ReviewError(str(error)) from error
        if outcome.status == "done":
            workspace.commit()
        return outcome


def apply_decision(
    data_dir: Path, decision: Decision, reviewer: str, now: dt.datetime | None = None
) -> Outcome:
    """Apply ``decision`` by ``reviewer`` to ``data_dir``, all or nothing (see the module doc).

    Raises ``ReviewError`` if a table cannot be read at all; every other refusal is an
    ``Outcome``.
    """

    def work(workspace: Workspace) -> Outcome:
        event_id = decide(workspace, decision, reviewer)
        return Outcome("done", event_id, f"{DONE_WORDS[decision.action]} {event_id}.")

    return run_locked(data_dir, now, work)


def apply_decisions(
    data_dir: Path, decisions: list[Decision], reviewer: str, now: dt.datetime | None = None
) -> Outcome:
    """Apply several decisions at once, all or none (one log row each): "Accept all"."""

    def work(workspace: Workspace) -> Outcome:
        ids = [decide(workspace, decision, reviewer) for decision in decisions]
        return Outcome("done", ids[-1] if ids else "", f"Accepted {len(ids)} events.")

    return run_locked(data_dir, now, work)


def reopen_event(
    data_dir: Path, event_id: str, reviewer: str, now: dt.datetime | None = None
) -> Outcome:
    """Put a reviewed event back in the queue (``reviewed`` false), logged as ``reopen``."""

    def work(workspace: Workspace) -> Outcome:
        found = workspace.events.locate(event_id.strip())
        if found is None:
            raise Refused(Outcome("invalid", event_id, f"No event {event_id!r} in events.csv."))
        if found.row["reviewed"] != "true":
            raise Refused(Outcome("invalid", event_id, f"{event_id} is already in the queue."))
        change_event(
            workspace, found.row["event_id"], {**found.row, "reviewed": "false"}, REOPEN, reviewer
        )
        return Outcome("done", found.row["event_id"], f"Reopened {found.row['event_id']}.")

    return run_locked(data_dir, now, work)


# ---------------------------------------------------------------- undo and recovery


@dataclass(frozen=True)
class LoggedChange:
    """A row of the log as a change of one event: the fields before and after it."""

    line: int
    time: str
    reviewer: str
    event_id: str
    action: str
    changes: dict[str, list[str | None]]

    def state(self, side: int) -> dict[str, str] | None:
        """The changed fields before (``side`` 0) or after (1); None if the row was absent."""
        values = {name: change[side] for name, change in self.changes.items()}
        if values and all(value is None for value in values.values()):
            return None
        return values  # type: ignore[return-value]


def read_log_changes(
    data_dir: Path, last: int | None = None, text: str | None = None
) -> list[LoggedChange]:
    """The log's rows as ``LoggedChange`` (the ``last`` ones only); ``text``: the log's text,
    if already read. Every row is one line: the changes are JSON, whose strings escape breaks."""
    path = Path(data_dir) / LOG_FILE
    if text is None:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    first = 1 if last is None else max(1, len(lines) - last)
    found = []
    for number in range(first, len(lines)):
        row = parse_row(lines[number], REVIEW_LOG_COLUMNS)
        if row is None:
            continue
        try:
            changes = json.loads(row["changes"])
        except json.JSONDecodeError:
            continue
        found.append(
            LoggedChange(
                number + 1, row["time"], row["reviewer"], row["event_id"], row["action"], changes
            )
        )
    return found


def _matches(row: Mapping[str, str] | None, state: Mapping[str, str | None] | None) -> bool:
    if state is None:
        return row is None
    return row is not None and all(row.get(name) == value for name, value in state.items())


def undo_change(
    data_dir: Path, line: int, reviewer: str, now: dt.datetime | None = None
) -> Outcome:
    """Undo the decision logged on ``line`` of the log, if the event is still as it left it:
    every field back as it was (a rejected event comes back, an added one goes), logged as
    ``undo``. Raises ``ReviewError``."""

    def work(workspace: Workspace) -> Outcome:
        changes = read_log_changes(data_dir, text=workspace.log_text)
        logged = next((change for change in changes if change.line == line), None)
        if logged is None or logged.action in (SUMMARY, UNDO):
            raise Refused(Outcome("invalid", "", "That decision is not in the log."))
        found = workspace.events.locate(logged.event_id)
        current = found.row if found else None
        later = any(
            change.line > logged.line
            and change.event_id == logged.event_id
            and change.action != SUMMARY
            for change in changes
        )
        if later or not _matches(current, logged.state(1)):
            raise Refused(
                Outcome(
                    "conflict",
                    logged.event_id,
                    "The event changed after that decision; nothing was undone.",
                    current=current,
                )
            )
        before = logged.state(0)
        restored = None if before is None else {**(current or {}), **before}
        change_event(workspace, logged.event_id, restored, UNDO, reviewer)  # type: ignore[arg-type]
        return Outcome("done", logged.event_id, f"Undid the {logged.action} of {logged.event_id}.")

    return run_locked(data_dir, now, work)


def recover_unfinished(workspace: Workspace) -> bool:
    """Finish the last write if a process was killed in it: the log has rows the tables lack.

    The last write's rows are the trailing rows with its time and reviewer; each is applied
    where the table still shows its "before" state. Returns whether anything was written.
    Call with the folder lock held.
    """
    changes = read_log_changes(workspace.data_dir, last=200, text=workspace.log_text)
    if not changes:
        return False
    last = (changes[-1].time, changes[-1].reviewer)
    run: list[LoggedChange] = []
    for change in reversed(changes):
        if (change.time, change.reviewer) != last:
            break
        run.insert(0, change)
    for change in run:
        before, after = change.state(0), change.state(1)
        if change.action == SUMMARY:
            key = (after or before or {}).get("iso3"), (after or before or {}).get("source_id")
            current = workspace.summary_of(str(key[0]), str(key[1]))
            if not _matches(current, after) and _matches(current, before) and after:
                workspace.put_summary({"status": REVIEWED, **(current or {}), **after})
            continue
        found = workspace.events.locate(change.event_id)
        current = found.row if found else None
        if _matches(current, after) or not _matches(current, before):
            continue
        if after is None:
            workspace.events.replace(found, None)  # type: ignore[arg-type]
        elif found is None:
            workspace.events.append(after)  # type: ignore[arg-type]
        else:
            workspace.events.replace(found, {**current, **after})  # type: ignore[dict-item]
    changed = workspace.events.changed or (
        workspace._countries is not None and workspace._countries.changed
    )
    workspace.commit()  # also removes PENDING_FILE
    return changed


def save_summary(
    data_dir: Path,
    iso3: str,
    source_id: str,
    text: str,
    reviewer: str,
    event_id: str,
    now: dt.datetime | None = None,
) -> Outcome:
    """Write a reviewer's summary of ``iso3`` for ``source_id`` (status ``reviewed``), logged
    as ``summary`` under ``event_id`` (the event the reviewer had open)."""

    def work(workspace: Workspace) -> Outcome:
        old = workspace.summary_of(iso3, source_id)
        name = old["name"] if old else _country_name(workspace, iso3)
        new = {
            "iso3": iso3,
            "source_id": source_id,
            "name": name,
            "names_in_text": old["names_in_text"] if old else name,
            "summary": " ".join(text.split()),
            "status": REVIEWED,
        }
        frame = pd.DataFrame([{**new, LINE_COLUMN: 0}])
        context = workspace.with_sources([source_id])
        label = f"{workspace.data_dir}/countries.csv"
        no_events = pd.DataFrame(columns=[*EVENT_COLUMNS, LINE_COLUMN])
        problems = [str(p) for p in check_countries(frame, label, no_events, context)]
        if problems:
            raise Refused(
                Outcome("invalid", event_id, "The summary was not saved.", tuple(problems))
            )
        if old != new:
            workspace.put_summary(new)
            workspace.log(event_id, SUMMARY, changed_fields(old, new, COUNTRY_COLUMNS), reviewer)
        return Outcome("done", event_id, f"Saved the summary of {name}.")

    return run_locked(data_dir, now, work)
