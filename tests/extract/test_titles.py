"""Event titles a reviewer can read: who did what, from the event's actors, countries and a
few cues of its evidence sentence (sentences written for these tests)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bluebook.extract import extract_events
from bluebook.extract.dates import ResolvedDate
from bluebook.extract.model import Event
from bluebook.extract.resources import DEFAULT_DATA_DIR, load_resources
from bluebook.extract.title_facts import find_named, find_occasion, join_names
from bluebook.extract.titles import MAX_TITLE_LENGTH, finish_title, make_title

ROOT = Path(__file__).resolve().parents[2]
NAMES = load_resources(DEFAULT_DATA_DIR).country_names


def event(
    event_type: str,
    countries: str,
    evidence: str,
    *,
    japan: bool = True,
    japanese: tuple[str, ...] = (),
    partners: tuple[str, ...] = (),
    level: str = "other",
    mode: str = "unknown",
    trigger: str = "",
) -> Event:
    return Event(
        event_type=event_type,
        countries=[code for code in countries.split(";") if code],
        date=ResolvedDate("2021-05", "month", 2021),
        date_source="stated",
        japan_involved=japan,
        level=level,
        mode=mode,
        themes=[],
        actors_japan=list(japanese),
        actors_partner=list(partners),
        section="(1) Test",
        paragraph=1,
        sentence=1,
        evidence=evidence,
        trigger=trigger,
    )


CASES = [
    # meetings: both officials named, same role; an occasion; nobody named, Japan absent
    (
        event(
            "meeting",
            "AUS",
            "Mr. Kishida, the Foreign Minister, met Ms. Bishop at the UN General Assembly in"
            " New York.",
            japanese=("Minister for Foreign Affairs Kishida",),
            partners=("Minister for Foreign Affairs Bishop",),
            level="ministerial",
        ),
        "Foreign Ministers Kishida and Bishop meet at the UN General Assembly",
    ),
    (
        event(
            "meeting",
            "RUS",
            "Mr. Abe talked with Mr. Putin on the occasion of the G20 Osaka Summit.",
            japanese=("Prime Minister Abe",),
            partners=("President Putin",),
            level="summit",
        ),
        "Prime Minister Abe and President Putin of Russia meet on the occasion of the G20 Osaka"
        " Summit",
    ),
    (
        event(
            "meeting",
            "ARM;AZE",
            "The two foreign ministers met in Moscow.",
            japan=False,
            level="ministerial",
        ),
        "Ministers of Armenia and Azerbaijan meet",
    ),
    (
        event("meeting", "", "Officials met.", level="working"),
        "Officials of Japan meet",
    ),
    # calls
    (
        event(
            "call",
            "KAZ",
            "The two leaders talked by telephone.",
            japanese=("Prime Minister Suga",),
            partners=("President Kassym-Jomart Tokayev",),
            level="summit",
            mode="telephone",
        ),
        "Prime Minister Suga and President Tokayev of Kazakhstan hold telephone talks",
    ),
    (
        event(
            "call",
            "GEO",
            "Ms. Hayashi's counterpart joined by video.",
            japanese=("Foreign Minister Hayashi",),
            level="ministerial",
            mode="online",
        ),
        "Foreign Minister Hayashi holds a video conference with Georgia",
    ),
    # visits: out of Japan to two countries, into Japan, between two other countries, nobody named
    (
        event(
            "visit",
            "KGZ;UZB",
            "Mr. Yamada travelled to Bishkek and Tashkent.",
            japanese=("Parliamentary Vice-Minister for Foreign Affairs Yamada",),
            level="vice_ministerial",
        ),
        "Parliamentary Vice-Minister Yamada visits Kyrgyzstan and Uzbekistan",
    ),
    (
        event(
            "visit",
            "UZB",
            "Mr. Mirziyoyev visited Japan as a State Guest.",
            partners=("President Shavkat Mirziyoyev",),
            level="summit",
        ),
        "President Mirziyoyev of Uzbekistan visits Japan",
    ),
    (
        event(
            "visit",
            "UZB;AFG",
            "Mr. Kamilov went to Kabul.",
            japan=False,
            partners=("Foreign Minister Abdulaziz Kamilov",),
            level="ministerial",
        ),
        "Foreign Minister Kamilov of Uzbekistan visits Afghanistan",
    ),
    (
        event("visit", "MNG", "A delegation went to Ulaanbaatar.", level="working"),
        "Japanese working-level delegation visits Mongolia",
    ),
    # consultations: named, with a topic
    (
        event(
            "consultation",
            "TKM",
            "The 3rd Japan-Turkmenistan Policy Dialogue took place in Ashgabat.",
            level="working",
        ),
        "Japan and Turkmenistan hold the 3rd Policy Dialogue",
    ),
    (
        event(
            "consultation",
            "UZB",
            "Officials held consultations on labour migration, in Tashkent.",
            level="working",
            mode="online",
        ),
        "Japan and Uzbekistan hold working-level consultations on labour migration online",
    ),
    # multilateral: a named meeting of a framework; many countries named by their region
    (
        event(
            "multilateral",
            "KAZ;KGZ;TJK;TKM;UZB",
            "Under the Central Asia plus Japan Dialogue, the 9th Expert Meeting took place.",
            level="working",
            trigger="Expert Meeting",
        ),
        "9th Expert Meeting of Central Asia plus Japan held",
    ),
    (
        event(
            "multilateral",
            "KAZ;KGZ;TJK;TKM;UZB;IND",
            "The five countries' foreign ministers gathered with India.",
            japan=False,
            level="ministerial",
        ),
        "Ministers of the five Central Asian countries and India meet",
    ),
    # parliamentary
    (
        event(
            "parliamentary",
            "KAZ",
            "The two speakers talked by video link.",
            japanese=("Speaker of the House of Representatives Oshima Tadamori",),
            partners=("Speaker Nurlan Nigmatulin",),
            level="parliamentary",
            mode="online",
        ),
        "Speakers Oshima and Nigmatulin meet online",
    ),
    (
        event(
            "parliamentary",
            "USA",
            "Mr. Abe was the first Japanese leader to address a joint session of Congress.",
            japanese=("Prime Minister Abe",),
        ),
        "Prime Minister Abe addresses the parliament of the United States",
    ),
    (
        event("parliamentary", "GEO", "Members of both parliaments met.", level="parliamentary"),
        "Parliamentarians of Japan and Georgia meet",
    ),
    # messages
    (
        event(
            "message",
            "KAZ;KGZ",
            "Mr. Kishida exchanged congratulatory letters with both presidents for the 30th"
            " anniversary of relations.",
            japanese=("Prime Minister Kishida",),
            level="summit",
            mode="written",
        ),
        "Prime Minister Kishida exchanges congratulatory messages with Kazakhstan and Kyrgyzstan"
        " on the 30th anniversary",
    ),
    (
        event("message", "TUR", "Condolences were sent after the earthquake.", level="summit"),
        "Japan sends messages of condolence to Türkiye",
    ),
    # agreements: in force with Japan, reached by three others, signed concerning one country
    (
        event(
            "agreement",
            "GEO",
            "The Japan-Georgia Investment Agreement entered into force in July.",
            trigger="Agreement",
        ),
        "The Investment Agreement between Japan and Georgia enters into force",
    ),
    (
        event(
            "agreement",
            "RUS;AZE;ARM",
            "The three leaders reached a ceasefire agreement in November.",
            japan=False,
        ),
        "Russia, Azerbaijan and Armenia reach a ceasefire agreement",
    ),
    (
        event("agreement", "SDN", "A peace agreement was signed in Khartoum.", japan=False),
        "Peace agreement signed, concerning Sudan",
    ),
    # aid
    (
        event("aid", "BLR", "Japan extended USD 1 million in emergency grant aid via IOM."),
        "Japan provides emergency grant aid to Belarus",
    ),
    (
        event("aid", "AFG", "Donors sent humanitarian assistance.", japan=False),
        "Humanitarian assistance provided to Afghanistan",
    ),
    # sanctions
    (
        event("sanction", "BLR", "Japan decided to freeze the assets of several individuals."),
        "Japan imposes asset freezes on Belarus",
    ),
    (
        event("sanction", "BLR", "The EU imposed new sanctions.", japan=False),
        "Sanctions imposed on Belarus",
    ),
    # statements
    (
        event(
            "statement",
            "BLR",
            "Mr. Hayashi strongly condemned the detention of journalists.",
            japanese=("Foreign Minister Hayashi",),
        ),
        "Foreign Minister Hayashi issues a statement of condemnation on Belarus",
    ),
    (
        event("statement", "MMR", "Japan urged the release of those detained."),
        "Japan issues an appeal on Myanmar",
    ),
    (
        event("statement", "PRK", "A statement was issued.", japan=False),
        "Statement on North Korea",
    ),
    # exchange programmes
    (
        event("exchange", "GEO", "Under the Kakehashi Project, 50 students came to Tokyo."),
        "Exchange programme between Japan and Georgia (Kakehashi Project)",
    ),
    # elections: a winner re-elected; no winner; several countries
    (
        event(
            "election",
            "UZB",
            "Mr. Mirziyoyev was re-elected in the presidential election in October.",
            japan=False,
            partners=("President Shavkat Mirziyoyev",),
        ),
        "President Mirziyoyev of Uzbekistan is re-elected in the presidential election",
    ),
    (
        event("election", "KGZ", "Parliamentary elections were re-held.", japan=False),
        "Parliamentary elections in Kyrgyzstan",
    ),
    (
        event("election", "SEN;GHA", "Votes took place in both countries.", japan=False),
        "Elections in Senegal and Ghana",
    ),
    # domestic: a death, a state of emergency, "died down" is not a death, a coup
    (
        event(
            "domestic",
            "UZB",
            "Mr. Karimov died in September.",
            japan=False,
            partners=("President Karimov",),
        ),
        "President Karimov of Uzbekistan dies",
    ),
    (
        event("domestic", "KAZ", "A state of emergency was declared in January.", japan=False),
        "State of emergency declared in Kazakhstan",
    ),
    (
        event(
            "domestic",
            "BLR",
            "The protests died down over the winter.",
            japan=False,
            trigger="protests",
        ),
        "Protests in Belarus",
    ),
    (
        event("domestic", "MMR", "The military staged a coup in February.", japan=False),
        "Military takeover in Myanmar",
    ),
    (
        event(
            "domestic",
            "AUS",
            "The policy stayed after Mr. Albanese replaced Mr. Morrison in May.",
            japan=False,
            partners=("Prime Minister Anthony Albanese", "Prime Minister Scott Morrison"),
        ),
        "Prime Minister Albanese of Australia takes over from Prime Minister Morrison",
    ),
    (
        event(
            "domestic",
            "CHN",
            "In October, the 20th National Congress of the Communist Party of China was held.",
            japan=False,
        ),
        "20th National Congress of the Communist Party of China held",
    ),
    # security
    (
        event("security", "YEM", "The parties agreed on a truce in April.", japan=False),
        "Ceasefire in Yemen",
    ),
    (
        event("security", "AFG", "Aid slowed after the Taliban's takeover of Kabul.", japan=False),
        "The Taliban takes control of Afghanistan",
    ),
    (
        event("security", "AFG", "In August the Taliban took control of Kabul.", japan=False),
        "The Taliban takes control of Afghanistan",
    ),
    (
        event("security", "ARM;AZE", "Armed clashes broke out on the border.", japan=False),
        "Armed conflict between Armenia and Azerbaijan",
    ),
    (
        event(
            "security",
            "BLR;RUS",
            "Joint military exercises began in February.",
            japan=False,
            trigger="military exercises",
        ),
        "Military exercises involving Belarus and Russia",
    ),
]


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c[1][:50] for c in CASES])
def test_title_says_who_did_what(case: Event, expected: str) -> None:
    assert make_title(case, NAMES) == expected


def test_every_event_type_of_the_taxonomy_has_a_title_case() -> None:
    with open(DEFAULT_DATA_DIR / "taxonomy" / "event_types.csv", encoding="utf-8") as handle:
        types = {row["id"] for row in csv.DictReader(handle)}
    assert types <= {case.event_type for case, _ in CASES}


@pytest.mark.parametrize(("case", "expected"), CASES, ids=[c[1][:50] for c in CASES])
def test_titles_are_our_own_words_and_never_japan_dash_country(case: Event, expected: str) -> None:
    title = make_title(case, NAMES)
    assert "Japan–" not in title and "Japan-" not in title
    assert case.evidence.rstrip(".") not in title
    assert 5 <= len(title) <= MAX_TITLE_LENGTH


def test_a_type_outside_the_taxonomy_still_gets_a_plain_title() -> None:
    assert (
        make_title(event("rally", "GEO", "A rally."), NAMES) == "Rally involving Japan and Georgia"
    )


def test_an_official_of_a_country_the_event_does_not_concern_is_left_out() -> None:
    case = event(
        "visit",
        "TKM;AFG",
        "Mr. Meredov went to Kabul after Mr. Kamilov.",
        japan=False,
        partners=("Foreign Minister Abdulaziz Kamilov", "Foreign Minister Rashid Meredov"),
    )
    assert make_title(case, NAMES) == "Foreign Minister Meredov of Turkmenistan visits Afghanistan"


def test_a_framework_named_in_the_sentence_names_its_members() -> None:
    case = event(
        "agreement",
        "IRN;GBR;FRA;DEU;USA;CHN;RUS",
        "Iran and the EU3+3 reached an agreement on the Joint Comprehensive Plan of Action.",
        japan=False,
    )
    assert make_title(case, NAMES) == (
        "Iran and the EU3+3 reach agreement on the Joint Comprehensive Plan of Action"
    )


def test_many_countries_without_a_region_are_counted() -> None:
    case = event("election", "FRA;DEU;ITA;ESP;PRT;GRC", "Six elections.", japan=False)
    assert make_title(case, NAMES) == "Elections in France, Germany, Italy and 3 other countries"


def test_a_long_title_is_cut_on_a_word_within_the_limit() -> None:
    long_name = " ".join(["Extraordinary"] * 40) + " Summit"
    case = event("multilateral", "FRA;DEU", f"Leaders attended the {long_name}.", japan=False)
    title = make_title(case, NAMES)
    assert len(title) <= MAX_TITLE_LENGTH and title.endswith("…")
    assert finish_title("x " * 150).endswith("x…")


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (
            "They met on the margins of the G7 Summit in Cornwall.",
            " on the margins of the G7 Summit",
        ),
        ("He attended TICAD7 and met the Prime Minister.", " at TICAD7"),
        ("They met at the request of the host.", ""),
        ("They met in Tokyo.", ""),
    ],
)
def test_occasion_of_a_meeting(evidence: str, expected: str) -> None:
    assert find_occasion(evidence) == expected


def test_named_things_prefer_the_trigger_and_skip_lone_generic_words() -> None:
    text = "The Japan-Georgia Investment Agreement and the Tax Convention came into effect."
    nouns = "Agreement|Convention"
    assert find_named(text, nouns) == "Japan-Georgia Investment Agreement"
    assert find_named(text, nouns, prefer="Convention") == "Tax Convention"
    assert find_named("Under the “Plus” Dialogue, talks went on.", "Dialogue") == ""


def test_names_are_joined_in_plain_english() -> None:
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names(["A", "B", "C", "D", "E"]) == "A, B, C and 2 other countries"


def test_every_event_of_the_development_corpus_gets_a_plain_title() -> None:
    """On real Bluebook openings (tests/fixtures/bluebook-dev): a title for every extracted
    event, within the limit, never "Japan–X" and never the evidence sentence itself."""
    root = ROOT / "tests" / "fixtures" / "bluebook-dev"
    with open(root / "documents.csv", encoding="utf-8") as handle:
        documents = list(csv.DictReader(handle))
    titles = []
    for document in documents:
        text = (root / "texts" / document["doc"]).read_text(encoding="utf-8")
        for found in extract_events(text, int(document["volume_year"])):
            title = make_title(found, NAMES)
            assert 5 <= len(title) <= MAX_TITLE_LENGTH, title
            assert "Japan–" not in title and found.evidence not in title, title
            titles.append(title)
    assert len(titles) >= 50
    assert not any(title.endswith((" visit", " meeting")) for title in titles)
