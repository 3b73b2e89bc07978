"""events.csv as bytes: rows found by id outside quoted fields, spliced without parsing all."""

from __future__ import annotations

import pandas as pd
import pytest

from bluebook.schema import EVENT_COLUMNS
from bluebook.table_text import EventsText, StoreError, format_row, parse_row


def row(event_id: str, **values: str) -> dict[str, str]:
    base = {column: f"{column} value" for column in EVENT_COLUMNS}
    return {**base, "event_id": event_id, **values}


def table(*rows: dict[str, str]) -> bytes:
    frame = pd.DataFrame(list(rows), columns=list(EVENT_COLUMNS))
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def test_a_row_is_found_and_read_back_as_written(tmp_path):
    tricky = row("ev-2", evidence='A "quoted", multi-line\nevidence\nev-3,not a row', title="x,y")
    data = table(row("ev-1"), tricky, row("ev-3"))
    events = EventsText(tmp_path / "events.csv", data)
    found = events.locate("ev-2")
    assert found.row == tricky and found.line == 3
    assert events.locate("ev-3").row == row("ev-3")  # not the look-alike inside the quotes
    assert events.locate("ev-3").line == 6
    assert events.locate("ev") is None


@pytest.mark.parametrize("new", [None, row("ev-2", title="Edited, with a comma")])
def test_replacing_or_removing_a_row_equals_rewriting_the_table(tmp_path, new):
    rows = [row("ev-1"), row("ev-2", evidence="two\nlines"), row("ev-3")]
    events = EventsText(tmp_path / "events.csv", table(*rows))
    events.replace(events.locate("ev-2"), new)
    expected = [rows[0], *([new] if new else []), rows[2]]
    assert bytes(events.data) == table(*expected)
    events.append(row("ev-4"))
    assert bytes(events.data) == table(*expected, row("ev-4"))


def test_a_repeated_id_or_a_wrong_header_is_refused(tmp_path):
    with pytest.raises(StoreError, match="repeats line 2"):
        EventsText(tmp_path / "events.csv", table(row("ev-1"), row("ev-1"))).locate("ev-1")
    with pytest.raises(StoreError, match="header"):
        EventsText(tmp_path / "events.csv", b"event_id,date\nx,2020\n")


def test_rows_of_a_source_and_country(tmp_path):
    rows = [
        row("a", source_id="s1", countries="IRN;USA"),
        row("b", source_id="s2", countries="IRN"),
        row("c", source_id="s1", countries="CHN"),
        row("d", source_id="s1", countries="IRN"),
    ]
    events = EventsText(tmp_path / "events.csv", table(*rows))
    assert [found["event_id"] for found in events.rows_of("s1", "IRN")] == ["a", "d"]


def test_format_and_parse_are_inverse():
    values = row("ev-9", evidence='say "hi", then\nleave')
    assert parse_row(format_row(values)) == values
    assert parse_row("only,three,fields\n") is None
