"""Review decisions applied in time independent of the data's size, and never losing an event.

A decision (accept, save, reject, add, undo, reopen) runs under an exclusive lock on the data
folder. It carries the hash of the row it started from (``row_hash``); if the row changed in the
meantime the decision is refused with both versions and nothing is written.

**What is checked.** Only what the decision changes, with every check ``validate`` makes on
those rows: the new or edited event row (dates, codes, taxonomy, flags, its source, its evidence
against the source text, a fresh id), the ``countries.csv`` rows it adds or changes (and that
each country of a reviewed event has a summary), and the new log rows. The rest of the folder
was valid before and is not touched: the event row is spliced into the text of ``events.csv``
(``bluebook.table_text``), so nothing is parsed or written per row of the table.

**Summaries never gate a decision.** A reviewed event whose country has no summary for its
source gets a draft (``bluebook.review.summaries``); a draft is redrafted whenever a decision
changes that country's events in that source.

**Writes.** The log (it holds every field of a rejected or added event and each changed
field's before and after), ``countries.csv`` and ``events.csv`` are written as one change
through ``bluebook.transaction``: a process killed at any point leaves the decision wholly
applied or wholly absent once the next writer has run, so the log and the tables agree. A folder
that an earlier version left with ``.review_pending`` is finished from the log
(``recover_unfinished``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bluebook import transaction
from bluebook.review.summaries import REVIEWED
from bluebook.review.workspace import (
    PENDING_FILE,
    SUMMARY,
    ReviewError,
    Workspace,
    check_event_row,
    check_summaries,
    country_name,
    refresh_summaries,
)
from bluebook.review_log import LoggedChange, changed_fields, read_log_changes
from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS
from bluebook.table_text import EventsText, Located, StoreError
from bluebook.tables import LINE_COLUMN, data_folder_lock
from bluebook.validate import check_countries

ACCEPT, SAVE, REJECT, ADD = "accept", "save", "reject", "add"
UNDO, REOPEN = "undo", "reopen"
EDITABLE_COLUMNS = tuple(
    column for column in EVENT_COLUMNS if column not in ("event_id", "reviewed")
)
ADDED_ID_INFIX = "-r"
DONE_WORDS = {
    ACCEPT: "Accepted",
    SAVE: "Saved",
    REJECT: "Rejected",
    ADD: "Added",
    UNDO: "Undid the decision on",
    REOPEN: "Reopened",
}


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
        _refuse_invalid(event_id, check_event_row(workspace, after, line), after)
    if found is None and after is not None:
        workspace.events.append(after)
    elif found is not None:
        workspace.events.replace(found, after)
    workspace.log(event_id, action, changed_fields(before, after), reviewer)
    refresh_summaries(workspace, [before, after], reviewer, event_id, written)
    _refuse_invalid(event_id, check_summaries(workspace, [row for row in (after,) if row]), after)
    return before


def _refuse_invalid(event_id: str, problems: list[str], proposed: dict[str, str] | None) -> None:
    """Raise ``Refused`` naming ``problems`` when there are any: nothing is written."""
    if problems:
        raise Refused(
            Outcome(
                "invalid",
                event_id,
                "Nothing was saved: the result would not pass validation.",
                problems=tuple(problems),
                proposed=proposed,
            )
        )


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
        transaction.recover(data_dir)
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
    workspace.commit()  # also removes PENDING_FILE (left by an earlier version)
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
        name = old["name"] if old else country_name(workspace, iso3)
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
