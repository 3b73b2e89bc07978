"""Date expressions resolve against the volume: a bare month is the year before the volume's."""

from __future__ import annotations

import pytest

from bluebook.extract import extract_frame
from bluebook.extract.dates import find_dates, resolve


def resolved(sentence: str, narrative_year: int = 2021) -> list[tuple[str, str]]:
    return [
        (date.date, date.precision)
        for mention in find_dates(sentence)
        for date in resolve(mention, narrative_year)
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In May, the two leaders met.", [("2021-05", "month")]),
        ("in May 2021, the two leaders met", [("2021-05", "month")]),
        ("From January to February 2022, they exchanged messages", [("2022-01", "month")]),
        ("from August to September, officials met", [("2021-08", "month")]),
        ("On May 23, 2021, an aircraft was forced to land", [("2021-05-23", "day")]),
        ("on March 3 and 8, Japan imposed sanctions", [("2021-03", "month")]),
        ("in the fall of 2020", [("2020", "year")]),
        ("his visit to Japan in December 2019", [("2019-12", "month")]),
        ("held in May and October", [("2021-05", "month"), ("2021-10", "month")]),
        ("the Olympic Games Tokyo 2020 opened", []),
        ("the 2030 Agenda for Sustainable Development", []),
        ("a January video conference meeting", [("2021-01", "month")]),
    ],
)
def test_date_expressions(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert resolved(sentence) == expected


def test_since_is_flagged() -> None:
    assert [m.since for m in find_dates("the situation since August and in May")] == [True, False]


def events_of(text: str) -> list[tuple[str, str]]:
    frame = extract_frame(text, "t", 2022)
    return list(zip(frame["date"], frame["event_type"], strict=True))


def test_unstated_month_stays_unstated_at_year_precision() -> None:
    assert events_of("(1) Belarus\n\nJapan also took measures against Belarus.") == [
        ("2021", "sanction")
    ]


def test_a_paragraph_that_moves_to_the_volume_year_carries_bare_months_with_it() -> None:
    text = (
        "(1) Belarus\n\nIn 2022, Belarus began joint military exercises with Russia on "
        "February 10. Japan has strongly condemned Belarus."
    )
    assert events_of(text) == [("2022-02-10", "security"), ("2022", "statement")]


def test_background_years_do_not_move_the_narrative() -> None:
    text = (
        "(1) Kyrgyz Republic\n\nIn November, the Kyrgyz Republic re-held the parliamentary "
        "elections that were invalidated following the political upheaval in 2020. In May, "
        "President Japarov held a telephone call with Prime Minister Suga."
    )
    assert events_of(text) == [("2021-11", "election"), ("2020", "domestic"), ("2021-05", "call")]


def test_since_dates_date_situations_but_not_acts() -> None:
    text = (
        "(1) Afghanistan\n\nJapan provided emergency humanitarian assistance to Tajikistan "
        "due to the deteriorating situation in Afghanistan since August."
    )
    assert events_of(text) == [("2021", "aid")]
