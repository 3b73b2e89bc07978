"""Whole passages in the genre's three text forms and several regions give the right events."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bluebook.extract import EXPLAIN_COLUMNS, ExtractError, extract_frame
from bluebook.extract.normalize import normalize_text
from bluebook.schema import EVENT_COLUMNS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
PASSAGES = (
    "europe_web",
    "middle_east_pdf",
    "asia_mofa",
    "asia_web",
    "europe_mofa",
)


def event_keys(frame: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    return {
        (row.date, ";".join(sorted(row.countries.split(";"))), row.event_type, row.japan_involved)
        for row in frame.itertuples(index=False)
    }


@pytest.mark.parametrize("name", PASSAGES)
def test_passage_gives_exactly_the_expected_events(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = pd.read_csv(FIXTURES / f"{name}.expected.csv", dtype=str, keep_default_na=False)
    assert event_keys(extract_frame(text, name)) == event_keys(expected)


@pytest.mark.parametrize("name", PASSAGES)
def test_rows_follow_the_events_contract(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    frame = extract_frame(text, name)
    assert list(frame.columns) == [*EVENT_COLUMNS, *EXPLAIN_COLUMNS]
    assert all(frame["rules"].str.contains(r"keywords_event_types\.csv:\d+|caption_event"))
    assert set(frame["reviewed"]) == {"false"}
    assert frame["event_id"].is_unique
    assert all(frame["title"].str.len().between(5, 200))
    assert not frame["countries"].str.contains("JPN").any()
    flat = " ".join(normalize_text(text).split())
    assert all(" ".join(evidence.split()) in flat for evidence in frame["evidence"])


def extract(text: str, year: int = 2022) -> pd.DataFrame:
    return extract_frame(text, "t", year)


def test_a_visit_with_a_meeting_in_it_is_one_event_and_the_caption_gives_its_day() -> None:
    text = (
        "(1) Armenia\n\nPresident Armen Sarkissian, who visited Japan in July, held a summit "
        "meeting with Prime Minister Suga.\nJapan-Armenia summit meeting (July 24, Tokyo)"
    )
    frame = extract(text)
    assert frame[["date", "countries", "event_type", "level"]].values.tolist() == [
        ["2021-07-24", "ARM", "visit", "summit"]
    ]


def test_a_japanese_visit_to_two_countries_is_one_event_per_country() -> None:
    text = (
        "(1) Central Asia\n\nIn August, Parliamentary Vice-Minister for Foreign Affairs "
        "Nakanishi visited Kazakhstan and Uzbekistan, where he met with the foreign ministers."
    )
    assert extract(text)[["countries", "event_type"]].values.tolist() == [
        ["KAZ", "visit"],
        ["UZB", "visit"],
    ]


def test_respectively_gives_one_event_per_party() -> None:
    text = (
        "(1) Central Asia\n\nIn 2021, the five Central Asian countries held foreign ministers' "
        "meetings with the U.S., the EU, and China respectively."
    )
    frame = extract(text)
    assert frame["countries"].tolist() == [
        "KAZ;KGZ;TJK;TKM;UZB;USA",
        "KAZ;KGZ;TJK;TKM;UZB",
        "KAZ;KGZ;TJK;TKM;UZB;CHN",
    ]
    assert set(frame["event_type"]) == {"multilateral"}


def test_a_regions_leaders_at_several_summits_give_one_event_per_summit_and_month() -> None:
    text = (
        "(1) Central Asia\n\nIn 2021, leaders of Central Asian countries attended the CSTO "
        "Summit held in September and the Organization of Turkic States held in November."
    )
    assert extract(text)[["date", "countries"]].values.tolist() == [
        ["2021-09", "KAZ;KGZ;TJK"],
        ["2021-11", "KAZ;KGZ;UZB"],
    ]


def test_a_retold_event_is_not_a_new_one() -> None:
    text = (
        "(1) Uzbekistan\n\nIn May, Prime Minister Suga and President Mirziyoyev held a "
        "telephone call. During the summit telephone call, Prime Minister Suga stated that "
        "Uzbekistan is an important partner."
    )
    assert extract(text)["event_type"].tolist() == ["call"]


def test_standing_facts_and_plans_are_not_events() -> None:
    text = (
        "(1) Overview\n\nJapan continues to strengthen its ties through high-level talks. "
        "There are active foreign minister-level meetings in the region. The two ministers "
        "agreed to proceed with the next Foreign Ministers' Meeting."
    )
    assert extract(text).empty


def test_events_without_japan_are_extracted_with_japan_not_involved() -> None:
    text = (
        "(1) Armenia\n\nElections to the National Assembly were held in June, and Prime "
        "Minister Nikol Pashinyan was re-elected."
    )
    frame = extract(text)
    assert frame[["date", "countries", "event_type", "japan_involved"]].values.tolist() == [
        ["2021-06", "ARM", "election", "false"]
    ]


def test_text_without_a_volume_year_is_refused() -> None:
    with pytest.raises(ExtractError, match="volume year"):
        extract_frame("(1) Iran\n\nIn May, the ministers met.", "t")


def test_a_bilateral_meeting_on_the_sidelines_of_a_summit_is_an_event_of_its_own() -> None:
    text = (
        "(1) ASEAN\n\nIn November, Prime Minister Kishida attended the ASEAN-related Summit "
        "Meetings held in Cambodia and held a bilateral meeting with Prime Minister Hun Sen."
    )
    assert extract(text)[["countries", "event_type"]].values.tolist() == [
        ["KHM", "multilateral"],
        ["KHM", "meeting"],
    ]


def test_the_venue_of_a_bilateral_meeting_is_not_a_participant() -> None:
    text = (
        "(1) China\n\nIn July, the Japan-China Foreign Ministers' Meeting was held in Bali, "
        "Indonesia."
    )
    assert extract(text)[["countries", "event_type"]].values.tolist() == [["CHN", "meeting"]]


def test_one_line_form_keeps_sections_and_the_month_of_the_last_sentence() -> None:
    text = (
        "Diplomatic Bluebook 2019\nChapter 2 Japanfs Foreign Policy by Region Section 5 Europe "
        "1 Overview Japan and Europe share fundamental values. 4 Germany In February, "
        "Chancellor Angela Merkel visited Japan. Foreign Minister Kono had a telephone call "
        "with Foreign Minister Heiko Maas in October."
    )
    frame = extract_frame(text, "t")
    assert frame[["date", "event_type", "section"]].values.tolist() == [
        ["2018-02", "visit", "4 Germany"],
        ["2018-10", "call", "4 Germany"],
    ]
    assert frame["evidence"].iloc[0] == "In February, Chancellor Angela Merkel visited Japan."


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        (
            "In December, Foreign Minister Kono held the fourth Japan-U.K. Foreign and Defence "
            "Ministers' Meeting (“2+2”) in Tokyo.",
            "ministerial",
        ),
        (
            "In October, the Japan-Australia Foreign and Defence Ministerial Consultations "
            "(“2+2”) were held in Tokyo.",
            "ministerial",
        ),
        (
            "In January, the Japan-Mexico Strategic Dialogue was held in Mexico City at the "
            "vice-ministerial level.",
            "vice_ministerial",
        ),
        ("In March, Japan held political consultations with Mexico online.", "working"),
    ],
)
def test_a_consultation_takes_the_level_of_its_participants(sentence: str, level: str) -> None:
    frame = extract(f"(1) Country\n\n{sentence}")
    assert frame[["event_type", "level"]].values.tolist() == [["consultation", level]]


@pytest.mark.parametrize(
    "text",
    [
        "In January, Prime Minister Abe visited the U.K. and held a summit meeting with Prime "
        "Minister Theresa May, where the two leaders issued a joint statement.",
        "In May, Prime Minister Kishida held a summit meeting with President Macron, and the two "
        "leaders adopted a Joint Declaration on the roadmap for cooperation.",
        "In May, Prime Minister Kishida held a summit meeting with President Macron in Tokyo. "
        "At the meeting, the two leaders issued a joint statement on their partnership.",
    ],
)
def test_a_joint_statement_issued_at_a_meeting_is_part_of_the_meeting(text: str) -> None:
    frame = extract(f"(1) Country\n\n{text}", 2019)
    assert len(frame) == 1
    assert frame["event_type"].iloc[0] in {"visit", "meeting"}


def test_a_standalone_joint_statement_is_an_event() -> None:
    frame = extract(
        "(1) India\n\nIn October, Japan and India issued a joint statement on their "
        "cooperation in the Indo-Pacific."
    )
    assert frame[["date", "countries", "event_type"]].values.tolist() == [
        ["2021-10", "IND", "statement"]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "(3) Indonesia\n\nIn January, Foreign Minister Motegi held the Japan-Indonesia "
            "Foreign Ministers' Meeting with Minister for Foreign Affairs Retno Marsudi in "
            "Jakarta.",
            [["2021-01", "IDN", "visit"]],
        ),
        (
            "(2) Saudi Arabia\n\nIn November, Foreign Minister Hayashi held the Japan-Saudi Arabia "
            "Strategic Dialogue with Minister of Foreign Affairs Faisal bin Farhan in Riyadh.",
            [["2021-11", "SAU", "visit"]],
        ),
        (
            "(1) China\n\nOn November 15, Prime Minister Kishida held the Japan-China Summit "
            "Meeting with President Xi Jinping in Bangkok.",
            [["2021-11-15", "CHN", "meeting"]],
        ),
        (
            "(1) Cambodia\n\nIn November, Prime Minister Kishida held a summit meeting with Prime "
            "Minister Hun Sen on the margins of the ASEAN Summit in Phnom Penh.",
            [["2021-11", "KHM", "meeting"]],
        ),
        (
            "(1) Australia\n\nIn October, Foreign Minister Motegi held a Foreign Ministers' "
            "Meeting with Foreign Minister Marise Payne in Tokyo.",
            [["2021-10", "AUS", "meeting"]],
        ),
    ],
)
def test_a_japanese_official_meeting_in_the_partners_country_is_a_visit(
    text: str, expected: list[list[str]]
) -> None:
    assert extract(text)[["date", "countries", "event_type"]].values.tolist() == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan sent an election observation mission led by Special Envoy Sasakawa Yohei.",
        "In November, Japan dispatched election observers to the general election.",
        "Japan dispatched a Japan Disaster Relief (JDR) Medical Team to Myanmar.",
    ],
)
def test_missions_of_election_observers_and_relief_teams_are_aid(sentence: str) -> None:
    frame = extract(f"(4) Myanmar\n\n{sentence}")
    assert frame[["countries", "event_type", "japan_involved"]].values.tolist() == [
        ["MMR", "aid", "true"]
    ]


def test_a_visit_to_a_list_of_countries_ending_in_and_the_visits_each() -> None:
    text = (
        "(3) Pacific Island Countries\n\nIn August, Foreign Minister Kono visited Fiji, Palau "
        "and the Federated States of Micronesia, where he held meetings with the leaders."
    )
    assert extract(text, 2020)[["countries", "event_type"]].values.tolist() == [
        ["FJI", "visit"],
        ["PLW", "visit"],
        ["FSM", "visit"],
    ]


def test_a_visit_to_attend_a_summit_with_a_meeting_in_it_is_one_event() -> None:
    text = (
        "(2) Argentina\n\nOn November 30, Prime Minister Abe visited Argentina to attend the G20 "
        "Buenos Aires Summit and held a summit meeting with President Mauricio Macri, the first "
        "bilateral visit by a Japanese Prime Minister in 59 years."
    )
    assert extract(text, 2019)[["date", "countries", "event_type"]].values.tolist() == [
        ["2018-11-30", "ARG", "visit"]
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Japan will host the Ninth Pacific Islands Leaders Meeting in 2021.",
        "The next Japan-Fiji Summit Meeting is scheduled to be held in Tokyo.",
        "The Pacific Islands Leaders Meeting has been held every three years since 1997 "
        "between Japan and the Pacific Island countries.",
        "The Joint Committee has met annually since 2005.",
    ],
)
def test_plans_and_recurring_formats_are_not_events(sentence: str) -> None:
    assert extract(f"(1) Fiji\n\n{sentence}", 2020).empty


def test_the_venue_of_a_sideline_meeting_in_a_third_country_is_not_the_partner() -> None:
    text = (
        "(5) Peru\n\nIn November, Prime Minister Abe held a meeting with President Martín "
        "Vizcarra during the APEC Economic Leaders' Meeting in Port Moresby, Papua New Guinea."
    )
    assert extract(text, 2019)[["countries", "event_type"]].values.tolist() == [["PER", "meeting"]]


@pytest.mark.parametrize(
    "sentence",
    [
        "In August, a Sovereign Council was formed and Abdalla Hamdok was appointed Prime "
        "Minister.",
        "In August, a new transitional government was formed.",
    ],
)
def test_a_government_formed_or_a_leader_appointed_is_domestic_politics(sentence: str) -> None:
    frame = extract(f"(3) Sudan\n\n{sentence}", 2020)
    assert frame[["date", "countries", "event_type", "japan_involved"]].values.tolist() == [
        ["2019-08", "SDN", "domestic", "false"]
    ]


def test_a_caption_of_an_event_already_dated_to_the_day_adds_nothing() -> None:
    text = (
        "(1) South Africa\n\nOn August 28, Prime Minister Abe held a summit meeting with "
        "President Cyril Ramaphosa in Yokohama.\n"
        "Japan-South Africa Summit Meeting (August 28, Yokohama; Photo: Cabinet Public "
        "Relations Office)"
    )
    assert extract(text, 2020)[["date", "countries", "event_type"]].values.tolist() == [
        ["2019-08-28", "ZAF", "meeting"]
    ]


def test_a_caption_with_no_event_in_the_text_is_a_bilateral_meeting() -> None:
    text = (
        "(1) South Africa\n\nRelations between the two countries are good.\n"
        "Japan-South Africa Summit Meeting (August 28, Yokohama)"
    )
    assert extract(text, 2020)[["date", "countries", "event_type"]].values.tolist() == [
        ["2019-08-28", "ZAF", "meeting"]
    ]


def test_a_year_stated_inside_a_sentence_dates_what_follows_undated_but_not_bare_months() -> None:
    text = (
        "(2) Kazakhstan\n\nIn Kazakhstan, a state of emergency was declared in January 2022 "
        "after protests spread. Peacekeeping forces led by Russian troops were dispatched. "
        "From January to February 2022, the leaders exchanged congratulatory messages. "
        "In March, Japan held political consultations with Kazakhstan."
    )
    frame = extract(text)
    assert frame[["date", "event_type"]].values.tolist() == [
        ["2022-01", "domestic"],
        ["2022", "security"],
        ["2022-01", "message"],
        ["2021-03", "consultation"],
    ]


def test_a_year_opening_a_sentence_moves_the_bare_months_on() -> None:
    text = (
        "(4) Belarus\n\nIn 2022, Belarus began joint military exercises with Russia on "
        "February 10. On March 3 and 8, Japan decided to impose sanctions on Belarus."
    )
    assert extract(text)[["date", "event_type"]].values.tolist() == [
        ["2022-02-10", "security"],
        ["2022-03", "sanction"],
    ]


def test_new_statements_a_few_sentences_on_are_not_taken_for_the_first() -> None:
    text = (
        "(4) Belarus\n\nIn response, Japan, along with the G7 nations, issued a statement by the "
        "G7 foreign ministers condemning the Belarusian regime. Japan also contributed 500,000 "
        "US dollars in emergency grant aid. Japan has issued two foreign press secretary "
        "statements on the situation in Belarus."
    )
    assert extract(text)["event_type"].tolist() == ["statement", "aid", "statement"]


def test_an_anaphoric_mention_with_a_date_of_its_own_is_another_event() -> None:
    text = (
        "(2) Uzbekistan\n\nIn August, Parliamentary Vice-Minister Nakanishi visited Uzbekistan. "
        "President Mirziyoyev stated that he would implement the agreements made during his "
        "visit to Japan in December 2019."
    )
    assert extract(text)[["date", "event_type"]].values.tolist() == [
        ["2021-08", "visit"],
        ["2019-12", "visit"],
    ]


def test_the_same_call_told_in_two_paragraphs_is_one_event() -> None:
    text = (
        "(4) Germany\n\nIn February, Chancellor Angela Merkel visited Japan. Foreign Minister "
        "Kono had a telephone call with Foreign Minister Heiko Maas in October.\n\n"
        "Foreign Minister Kono held a telephone call with Foreign Minister Maas in October, "
        "where the two ministers discussed the situation in Ukraine."
    )
    assert extract(text, 2019)[["date", "event_type", "paragraph"]].values.tolist() == [
        ["2018-02", "visit", "1"],
        ["2018-10", "call", "1"],
    ]


def test_two_calls_with_different_partners_in_one_month_stay_two() -> None:
    text = (
        "(1) Europe\n\nIn October, Foreign Minister Kono had a telephone call with Foreign "
        "Minister Heiko Maas of Germany.\n\nIn October, Foreign Minister Kono had a telephone "
        "call with Foreign Minister Le Drian of France."
    )
    assert extract(text, 2019)["countries"].tolist() == ["DEU", "FRA"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The 12th Mekong-Japan Foreign Ministers' Meeting was held in Bangkok in August.",
            ["2019-08", "KHM;LAO;MMR;THA;VNM", "multilateral", "true"],
        ),
        (
            "In July, the Japan-Pacific Islands Defense Dialogue was held in Tokyo.",
            ["2019-07", "FJI;KIR;MHL;FSM;NRU;PLW;PNG;WSM;SLB;TON;TUV;VUT", "multilateral", "true"],
        ),
        (
            "In Peru, President Vizcarra dissolved Congress in September.",
            ["2019-09", "PER", "domestic", "false"],
        ),
    ],
)
def test_frameworks_and_domestic_events_of_other_regions(
    sentence: str, expected: list[str]
) -> None:
    frame = extract(f"(1) Region\n\n{sentence}", 2020)
    assert frame[["date", "countries", "event_type", "japan_involved"]].values.tolist() == [
        expected
    ]
