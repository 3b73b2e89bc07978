"""Recall in general forms of the genre, each on short sentences written for these tests."""

from __future__ import annotations

import pandas as pd
import pytest

from bluebook.extract import extract_frame


def events(text: str, year: int = 2024) -> set[tuple[str, str, str]]:
    frame = extract_frame(text, "forms", year, scorer=None)
    return {(row.date, row.countries, row.event_type) for row in frame.itertuples(index=False)}


def rules(text: str, year: int = 2024) -> list[str]:
    frame: pd.DataFrame = extract_frame(text, "forms", year, scorer=None)
    return [rule for value in frame["rules"] for rule in value.split(";")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2022, presidential elections were held in Colombia, Costa Rica and Brazil.",
            {("2022", "COL", "election"), ("2022", "CRI", "election"), ("2022", "BRA", "election")},
        ),
        (
            "General elections took place in Fiji and Tonga in November.",
            {("2023-11", "FJI", "election"), ("2023-11", "TON", "election")},
        ),
        (
            "Coups took place in Mali, Guinea and Burkina Faso in 2021.",
            {("2021", "MLI", "domestic"), ("2021", "GIN", "domestic"), ("2021", "BFA", "domestic")},
        ),
    ],
)
def test_listed_countries_of_a_plural_happening_are_one_event_each(text, expected) -> None:
    assert events(text) == expected
    assert "listed_countries" in rules(text)


def test_one_election_with_foreign_observers_stays_one_event() -> None:
    text = "In June, a presidential election was held in Peru, with observers from Spain and Italy."
    assert events(text) == {("2023-06", "PER", "election")}


def test_coordinated_clauses_keep_their_own_countries_and_dates() -> None:
    text = (
        "In 2023, elections were held in Kenya, while ceasefires were signed in Yemen (April) "
        "and Ethiopia (November)."
    )
    assert events(text) == {
        ("2023", "KEN", "election"),
        ("2023-04", "YEM", "security"),
        ("2023-11", "ETH", "security"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In April, Foreign Minister Qin Gang of China was dismissed.", ("2023-04", "CHN")),
        (
            "In July, Mr. Wang was removed from his post as Defense Minister of China.",
            ("2023-07", "CHN"),
        ),
        ("In March, Mr. Pak was reappointed as Premier of North Korea.", ("2023-03", "PRK")),
        ("In July, the military seized power in Niger.", ("2023-07", "NER")),
        (
            "The seizure of power by the military in Gabon in August drew concern.",
            ("2023-08", "GAB"),
        ),
        ("In May, Mr. Tinubu assumed office as President of Nigeria.", ("2023-05", "NGA")),
    ],
)
def test_personnel_changes_and_coups_are_domestic_events(text, expected) -> None:
    assert events(text) == {(*expected, "domestic")}


@pytest.mark.parametrize(
    "text",
    [
        "The removal of tariffs on Chilean wine was discussed.",
        "Mr. Wang has been Premier of China since 2013.",
    ],
)
def test_standing_facts_and_other_removals_are_not_personnel_changes(text) -> None:
    assert not any(event_type == "domestic" for _, _, event_type in events(text))


@pytest.mark.parametrize(
    ("text", "countries", "rule"),
    [
        (
            "The BRICS (Brazil, Russia, India, China and South Africa) summit was held in "
            "Johannesburg in August.",
            "BRA;RUS;IND;CHN;ZAF",
            "member_list:brics",
        ),
        (
            "In June, a summit of the Pacific Alliance (Chile, Colombia, Mexico and Peru) was "
            "held in Cali.",
            "CHL;COL;MEX;PER",
            "member_list:pacific_alliance",
        ),
    ],
)
def test_a_framework_summit_with_members_in_parentheses_is_theirs(text, countries, rule) -> None:
    [(_, found, event_type)] = events(text)
    assert (found, event_type) == (countries, "multilateral")
    assert rule in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Japan will continue to support the Pacific Island countries through ODA.",
        "Japan has been strengthening its cooperation with the Mekong countries on connectivity.",
        "Japan attaches importance to the Mekong countries and has provided support to them.",
        "Japan is committed to working with the Central Asian countries on regional cooperation.",
    ],
)
def test_a_group_in_a_policy_sentence_expands_into_no_events(text) -> None:
    assert events(text) == set()


def test_a_group_in_a_concrete_happening_still_expands() -> None:
    found = events("In July, Foreign Minister Hayashi visited the Mekong countries.")
    assert found == {("2023-07", "KHM;LAO;MMR;THA;VNM", "visit")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In East Africa, following Chad and Sudan, a military seizure of power also "
            "occurred in Gabon in August.",
            {("2023-08", "GAB", "domestic")},
        ),
        (
            "In Yemen, fighting between the government and the rebels broke out again in March.",
            {("2023-03", "YEM", "security")},
        ),
        (
            "(1) Peru\n\nThe Interior Minister, who had been criticised since January, was "
            "dismissed from his post in June.",
            {("2023-06", "PER", "domestic")},
        ),
    ],
)
def test_the_place_and_date_of_a_happening_are_its_own(text, expected) -> None:
    assert events(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In March, Australia released its new Defence Strategy.",
            {("2023-03", "AUS", "statement")},
        ),
        (
            "In June, the first Arctic Strategy of the Norwegian government was published.",
            {("2023-06", "NOR", "statement")},
        ),
        (
            "In May, Japan announced a new assistance package for Haiti.",
            {("2023-05", "HTI", "aid")},
        ),
    ],
)
def test_strategies_made_public_and_aid_packages_announced(text, expected) -> None:
    assert events(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "(1) Chile\n\nIn 2022, elections were held peacefully in many countries of the region.",
        "(1) Chile\n\nProtests took place in several countries in March.",
    ],
)
def test_a_happening_in_many_unnamed_countries_is_no_ones(text) -> None:
    assert events(text) == set()


def test_a_named_country_among_many_still_counts() -> None:
    text = "In March, elections were held in many countries, including Chile."
    assert ("2023-03", "CHL", "election") in events(text)


def test_an_organisation_with_listed_members_is_not_a_region_at_other_summits() -> None:
    text = (
        "Bolivia was admitted to the MERCOSUR (Argentina, Brazil, Paraguay and Uruguay) at the "
        "MERCOSUR Summit in July, and the G20 Summit was held in Rome in October."
    )
    found = events(text)
    assert ("2023-07", "BOL;ARG;BRA;PRY;URY", "multilateral") in found
    assert not any(date == "2023-10" and "BRA" in countries for date, countries, _ in found)


def test_a_general_statement_about_regions_where_coups_happen_is_no_ones() -> None:
    text = (
        "(1) Russia\n\nThere are regions where stability is threatened by terrorism and the "
        "armed seizure of power."
    )
    assert events(text) == set()
