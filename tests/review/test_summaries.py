"""Draft country summaries: a template over the events, in our words, marked draft."""

from __future__ import annotations

import pytest

from bluebook.review.summaries import SHOWN_EVENTS, count_words, draft_row, draft_summary_text

LABELS = {"meeting": "Meeting", "call": "Telephone call"}


def event(number: int, kind: str = "meeting") -> dict[str, str]:
    return {
        "event_type": kind,
        "date": f"2019-0{number % 9 + 1}",
        "title": f"Ministers meet, number {number}.",
        "evidence": f"The source's own sentence number {number}.",
    }


@pytest.mark.parametrize(
    ("count", "expected"), [(1, "one event"), (4, "four events"), (25, "25 events")]
)
def test_counts_in_words(count, expected):
    assert count_words(count, "event") == expected


def test_a_draft_lists_titles_dates_and_types_but_never_the_evidence():
    rows = [event(1), event(2, "call")]
    text = draft_summary_text("Mexico", 2020, rows, LABELS)
    assert text.startswith("The 2020 volume records two events with Mexico: ")
    assert "Ministers meet, number 1 (meeting, 2019-02)" in text
    assert "(telephone call, 2019-03)" in text
    assert "The source's own sentence" not in text


def test_a_long_list_is_cut_with_the_count_of_the_rest():
    text = draft_summary_text("Iran", 2016, [event(n) for n in range(SHOWN_EVENTS + 3)], LABELS)
    assert text.count("Ministers meet") == SHOWN_EVENTS
    assert text.endswith("and three more events.")


def test_the_row_is_marked_draft():
    assert draft_row("MEX", "bb2020-x", "Mexico", "Mexico", "text")["status"] == "draft"
