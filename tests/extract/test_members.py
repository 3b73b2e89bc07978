"""Groups whose members a text lists stand for those members in the rest of the text."""

from __future__ import annotations

from bluebook.extract import build_context, extract_frame
from bluebook.extract.members import find_member_lists


def member_lists(text: str) -> dict[str, tuple[str, ...]]:
    return find_member_lists(text, build_context(2020).finder, 2020)


def test_a_list_in_brackets_and_its_abbreviation() -> None:
    text = (
        "The Andean Community (composed of Bolivia, Colombia, Ecuador, and Peru; hereafter "
        "referred to as “CAN”) is a customs union."
    )
    assert member_lists(text) == {
        "Andean Community": ("BOL", "COL", "ECU", "PER"),
        "CAN": ("BOL", "COL", "ECU", "PER"),
    }


def test_a_list_after_is_a_union_composed_of() -> None:
    text = "MERCOSUR is a customs union composed of Argentina, Brazil, Paraguay, and Uruguay."
    assert member_lists(text) == {"MERCOSUR": ("ARG", "BRA", "PRY", "URY")}


def test_a_bracket_that_is_not_a_list_defines_nothing() -> None:
    text = "The Summit (held in Colombia after talks with Peru on trade) was a success."
    assert member_lists(text) == {}


def test_later_mentions_of_the_group_give_its_members() -> None:
    text = (
        "The Andean Community (composed of Bolivia, Colombia, Ecuador, and Peru; hereafter "
        "referred to as “CAN”) is a customs union. At a meeting of the CAN held in Lima in "
        "November, Foreign Minister Hayashi participated in a video message."
    )
    frame = extract_frame(text, "members", 2023)
    assert [(row.date, row.countries, row.event_type, row.mode) for row in frame.itertuples()] == [
        ("2022-11", "BOL;COL;ECU;PER", "multilateral", "online")
    ]


def test_an_organisation_with_no_listed_members_still_gives_no_country() -> None:
    frame = extract_frame("In June, the EU summit was held online.", "members", 2023)
    assert frame.empty
