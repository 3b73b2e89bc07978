"""Server time per review decision at 100, 10k and 50k events (synthetic folders).

``review_decision_ms_100``, ``review_decision_ms_10k``, ``review_decision_ms_50k``: the median
wall time of ``bluebook.review.queue.apply_decision`` over ``ROUNDS`` rounds of the four kinds
(accept, save, reject, add), on a fresh synthetic folder (``bench/synthetic.py``) in which the
decided events were first marked unreviewed. The medians of each kind are printed too, and
``review_validate_ok_<size>``: whether the full ``validate`` passes after the run.
Target (issue 18): <= 300 ms at 50k.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench.synthetic import generate_data_dir, raise_table_limit
from bluebook.schema import EVENT_COLUMNS

SIZES = {"100": 100, "10k": 10_000, "50k": 50_000}
ROUNDS = 8
KINDS = ("accept", "save", "reject", "add")


def prepare(folder: Path, count: int) -> list[str]:
    """Mark ``count`` events spread over the folder unreviewed; their ids (not timed)."""
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    step = max(1, len(events) // count)
    chosen = events.index[::step][:count]
    events.loc[chosen, "reviewed"] = "false"
    events.loc[:, list(EVENT_COLUMNS)].to_csv(
        folder / "events.csv", index=False, lineterminator="\n"
    )
    return list(events.loc[chosen, "event_id"])


def decision_for(kind: str, event_id: str, folder: Path, turn: int):
    """The decision of ``kind`` on ``event_id`` as the Review page would send it."""
    from bluebook.review.queue import EDITABLE_COLUMNS, Decision, row_hash
    from bluebook.table_text import EventsText

    row = EventsText(folder / "events.csv").locate(event_id).row
    values = {column: row[column] for column in EDITABLE_COLUMNS}
    if kind == "save":
        return Decision("save", event_id, row_hash(row), {**values, "title": f"Edited {turn}"})
    if kind == "add":
        return Decision("add", values={**values, "title": f"Added {turn}"})
    return Decision(kind, event_id, row_hash(row))


def time_decisions(folder: Path) -> dict[str, list[float]]:
    """Milliseconds of each decision, by kind."""
    from bluebook.review.queue import apply_decision

    ids = prepare(folder, ROUNDS * len(KINDS))
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for turn, event_id in enumerate(ids):
        kind = KINDS[turn % len(KINDS)]
        decision = decision_for(kind, event_id, folder, turn)
        started = time.perf_counter()
        outcome = apply_decision(folder, decision, "bench")
        times[kind].append((time.perf_counter() - started) * 1000)
        if outcome.status != "done":
            raise SystemExit(f"{kind} of {event_id} was {outcome.status}: {outcome.problems}")
    return times


def main() -> None:
    raise_table_limit()
    from bluebook.validate import validate_data_dir

    for name, size in SIZES.items():
        with tempfile.TemporaryDirectory(prefix="bench-review-") as temporary:
            folder = Path(temporary) / "data"
            generate_data_dir(folder, size)
            times = time_decisions(folder)
            every = [value for values in times.values() for value in values]
            print(f"review_decision_ms_{name}: {statistics.median(every):.0f} ms", flush=True)
            for kind, values in times.items():
                print(f"review_{kind}_ms_{name}: {statistics.median(values):.0f} ms", flush=True)
            problems = validate_data_dir(folder)
            print(f"review_validate_ok_{name}: {not problems} ({len(problems)} problems)")


if __name__ == "__main__":
    main()
