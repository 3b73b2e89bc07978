"""Integrity of the gazetteer (``data/gazetteer/*.csv``): codes, years, collisions, coverage."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bluebook.extract.countries import codes_of, country_finder
from bluebook.extract.resources import DEFAULT_DATA_DIR, read_country_table
from bluebook.extract.title_facts import _people, parse_actor

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER = ROOT / "data" / "gazetteer"
VALID_CODES = frozenset((ROOT / "bluebook" / "country_codes.txt").read_text().split())

# Japan's Prime Ministers and Ministers for Foreign Affairs of 2004–2025, as (name in the
# text, first year, last year) of each term; written from the record of cabinets, not from a
# document of the corpus.
JAPANESE_PRIME_MINISTERS = (
    ("Koizumi", 2001, 2006),
    ("Abe", 2006, 2007),
    ("Fukuda", 2007, 2008),
    ("Aso", 2008, 2009),
    ("Hatoyama", 2009, 2010),
    ("Kan", 2010, 2011),
    ("Noda", 2011, 2012),
    ("Abe", 2012, 2020),
    ("Suga", 2020, 2021),
    ("Kishida", 2021, 2024),
    ("Ishiba", 2024, 2025),
    ("Takaichi", 2025, None),
)
JAPANESE_FOREIGN_MINISTERS = (
    ("Kawaguchi", 2002, 2004),
    ("Machimura", 2004, 2005),
    ("Aso", 2005, 2007),
    ("Machimura", 2007, 2007),
    ("Komura", 2007, 2008),
    ("Nakasone", 2008, 2009),
    ("Okada", 2009, 2010),
    ("Maehara", 2010, 2011),
    ("Matsumoto", 2011, 2011),
    ("Gemba", 2011, 2012),
    ("Kishida", 2012, 2017),
    ("Kono", 2017, 2019),
    ("Motegi", 2019, 2021),
    ("Hayashi", 2021, 2023),
    ("Kamikawa", 2023, 2024),
    ("Iwaya", 2024, 2025),
    ("Motegi", 2025, None),
)


def _rows(name: str) -> list[dict[str, str]]:
    with (GAZETTEER / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _year(value: str) -> int | None:
    return int(value) if value.strip() else None


def _span(row: dict[str, str]) -> tuple[int, int]:
    return (_year(row["from_year"]) or 0, _year(row["to_year"]) or 9999)


def test_every_code_is_a_valid_iso3_code() -> None:
    bad = [(r["name"], r["iso3"]) for r in _rows("people.csv") if r["iso3"] not in VALID_CODES]
    bad += [(r["alias"], r["iso3"]) for r in _rows("country_aliases.csv")]
    bad = [pair for pair in bad if pair[1] not in VALID_CODES]
    for row in _rows("groups.csv"):
        if not row["members"].startswith("cc:"):
            bad += [(row["name"], c) for c in row["members"].split(";") if c not in VALID_CODES]
    assert [pair for pair in bad if pair[1]] == [], "unknown ISO3 codes"
    assert all(r["iso3"] for r in _rows("people.csv") + _rows("country_aliases.csv"))


def test_years_are_ordered_and_plausible() -> None:
    for row in _rows("people.csv"):
        low, high = _year(row["from_year"]), _year(row["to_year"])
        assert low is None or 1900 <= low <= 2026, row
        assert high is None or 1900 <= high <= 2026, row
        assert low is None or high is None or low <= high, row


def test_no_row_is_repeated() -> None:
    for name in ("people.csv", "country_aliases.csv"):
        rows = [tuple(row.values()) for row in _rows(name)]
        assert len(rows) == len(set(rows)), name
    names = [row["name"] for row in _rows("groups.csv")]
    assert len(names) == len(set(names))
    aliases = [row["alias"] for row in _rows("country_aliases.csv")]
    assert len(aliases) == len(set(aliases)), "an alias must name one country"


def test_no_name_resolves_to_two_countries_in_the_same_years() -> None:
    people = _rows("people.csv")
    clashes = [
        (a["name"], a["iso3"], b["iso3"])
        for i, a in enumerate(people)
        for b in people[i + 1 :]
        if a["name"] == b["name"]
        and a["iso3"] != b["iso3"]
        and _span(a)[0] <= _span(b)[1]
        and _span(b)[0] <= _span(a)[1]
    ]
    assert clashes == []


def test_no_person_shares_a_name_with_a_place_or_group() -> None:
    places = {row["alias"] for row in _rows("country_aliases.csv")}
    places |= {row["name"] for row in _rows("groups.csv")}
    table = read_country_table()
    places |= set(table["name_short"]) | set(table["name_official"])
    assert sorted({row["name"] for row in _rows("people.csv")} & places) == []


@pytest.mark.parametrize(
    ("role", "terms"),
    [
        ("Prime Minister", JAPANESE_PRIME_MINISTERS),
        ("Minister for Foreign Affairs", JAPANESE_FOREIGN_MINISTERS),
    ],
)
def test_every_japanese_prime_and_foreign_minister_is_listed(role: str, terms: tuple) -> None:
    rows = [r for r in _rows("people.csv") if r["iso3"] == "JPN" and r["role"] == role]
    missing = [
        (name, start, end)
        for name, start, end in terms
        if not any(
            (r["name"] == name or r["name"].startswith(name + " "))
            and _year(r["from_year"]) == start
            and _year(r["to_year"]) == end
            for r in rows
        )
    ]
    assert missing == []


def test_a_former_prime_minister_resolves_to_japan_in_his_years() -> None:
    mentions = country_finder().find("Prime Minister Koizumi visited the Republic of Korea.", 2005)
    assert [(m.text, m.entry.codes) for m in mentions] == [
        ("Koizumi", ("JPN",)),
        ("Republic of Korea", ("KOR",)),
    ]
    label = "Prime Minister Junichiro Koizumi"
    unknown = parse_actor(label, ("Prime Minister",), {}, 2005, "USA")
    assert unknown.code == "USA"  # without the gazetteer the partner's code is the fallback
    known = parse_actor(label, ("Prime Minister",), _people(DEFAULT_DATA_DIR), 2005, "USA")
    assert (known.name, known.code) == ("Koizumi", "JPN")


@pytest.mark.parametrize(
    ("text", "year", "codes"),
    [
        ("Prime Minister Koizumi met President Roh Moo-hyun.", 2005, ["KOR"]),
        ("Prime Minister Fukuda met President Hu Jintao.", 2008, ["CHN"]),
        ("Foreign Minister Matsumoto spoke with Foreign Minister Rudd.", 2011, ["AUS"]),
        ("Prime Minister Najib Mikati received the delegation.", 2022, ["LBN"]),
        ("King Abdullah II received the Minister.", 2020, ["JOR"]),
        ("the Six-Party Talks", 2007, ["CHN", "KOR", "PRK", "RUS", "USA"]),
        ("the Latin American and Caribbean countries", 2023, []),
        ("the Organization of American States", 2020, []),
        ("peace and stability across the Taiwan Strait", 2022, []),
        ("a Bissau-Guinean and an Ivorian delegation", 2019, ["GNB", "CIV"]),
        # a name that holds another country's name
        ("Prime Minister Lu\u00eds Montenegro of Portugal", 2025, ["PRT"]),
        ("President Ricardo Lagos", 2005, ["CHL"]),
        ("Chinese Taipei", 2019, ["TWN"]),
        ("Inner Mongolia", 2019, ["CHN"]),
        ("Northern Ireland", 2019, ["GBR"]),
        # the Ministry's texts often use a typographic apostrophe
        ("the Democratic People\u2019s Republic of Korea", 2018, ["PRK"]),
        ("the People\u2019s Republic of China", 2018, ["CHN"]),
        ("C\u00f4te d\u2019Ivoire", 2018, ["CIV"]),
    ],
)
def test_names_resolve_to_the_expected_countries(text: str, year: int, codes: list[str]) -> None:
    assert codes_of(country_finder().find(text, year)) == codes
