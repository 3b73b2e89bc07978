"""Names, formal names, demonyms, leaders and groups become ISO3 codes; Japan never does."""

from __future__ import annotations

import pytest

from bluebook.extract.countries import codes_of, country_finder


def codes(sentence: str, year: int = 2021) -> list[str]:
    return codes_of(country_finder().find(sentence, year))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("In the Kyrgyz Republic, a new government was formed.", ["KGZ"]),
        ("Speaker of the Kazakh Parliament's Lower House", ["KAZ"]),
        ("the Uzbek side and the Republic of Uzbekistan", ["UZB"]),
        ("a call between Prime Minister Suga and President Mirziyoyev", ["UZB"]),
        ("Foreign Minister Jeyhun Bayramov", ["AZE"]),
        ("the first President Nursultan Nazarbayev", ["KAZ"]),
        ("Japan, the Japanese government and Tokyo", []),
        ("the Republic of Korea (ROK) and the U.S.", ["KOR", "USA"]),
        ("the Russian-led troops", ["RUS"]),
        ("to the Palestinians and Ukrainians", ["PSE", "UKR"]),
        ("Foreign Minister Abdulaziz Kamilov visited Kabul", ["UZB", "AFG"]),
        ("the Japan-Georgia Investment Agreement", ["GEO"]),
        ("Türkiye and Côte d'Ivoire", ["TUR", "CIV"]),
        ("a meeting with President Vizcarra in Tokyo", ["PER"]),
        ("Prime Minister Marape and President Whipps", ["PNG", "PLW"]),
        ("Foreign Minister Motegi visited Suva and Port Moresby", ["FJI", "PNG"]),
        ("Chancellor Merkel and President Tshisekedi", ["DEU", "COD"]),
        ("the Federated States of Micronesia and the Marshallese delegation", ["FSM", "MHL"]),
        ("Prime Minister Theresa May met Prime Minister Abe in May", ["GBR"]),
    ],
)
def test_names_demonyms_and_people_resolve(sentence: str, expected: list[str]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("the five Central Asian countries and Japan", ["KAZ", "KGZ", "TJK", "TKM", "UZB"]),
        ("the “Central Asia plus Japan” Dialogue", ["KAZ", "KGZ", "TJK", "TKM", "UZB"]),
        ("the three Baltic states", ["EST", "LVA", "LTU"]),
        ("the Caucasus countries", ["ARM", "AZE", "GEO"]),
        ("Central Asian countries, particularly Uzbekistan and Tajikistan", ["UZB", "TJK"]),
    ],
)
def test_regions_expand_unless_members_are_named(sentence: str, expected: list[str]) -> None:
    assert codes(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "the G7 foreign ministers issued a statement",
        "the EU and NATO",
        "the OSCE Minsk Group Co-Chairs",
        "the Shanghai Cooperation Organization",
        "500,000 US dollars through the IOM",
    ],
)
def test_organisations_and_currencies_give_no_country(sentence: str) -> None:
    assert codes(sentence) == []


def test_a_country_named_as_a_topic_is_not_a_participant() -> None:
    assert codes("he exchanged views on the situation in Afghanistan with Uzbekistan") == ["UZB"]
    assert codes("along the Ukrainian border, Belarus and Russia") == ["BLR", "RUS"]
