"""Rules for the genre, each on short sentences written for the test (not taken from a volume).

Every case extracts a tiny text of a given volume year and compares the events as
(date, countries, type) keys.
"""

from __future__ import annotations

import pytest

from bluebook.extract import extract_frame


def keys(text: str, volume_year: int = 2020) -> set[tuple[str, str, str]]:
    frame = extract_frame(text, "rules", volume_year)
    return {
        (row.date, ";".join(sorted(row.countries.split(";"))), row.event_type)
        for row in frame.itertuples(index=False)
    }


def event_list(text: str, volume_year: int = 2020) -> list[tuple[str, str, str]]:
    frame = extract_frame(text, "rules", volume_year)
    return sorted(
        (row.date, ";".join(sorted(row.countries.split(";"))), row.event_type)
        for row in frame.itertuples(index=False)
    )


def test_a_sentence_cut_off_at_the_end_of_the_text_gives_no_event() -> None:
    text = (
        "In May, Foreign Minister Motegi visited Peru. "
        "In June, Prime Minister Abe visited Chile and Arg"
    )
    assert keys(text) == {("2019-05", "PER", "visit")}


def test_a_text_ending_with_a_full_sentence_keeps_its_last_event() -> None:
    assert keys("In June, Prime Minister Abe visited Chile.") == {("2019-06", "CHL", "visit")}


def test_a_background_year_does_not_move_the_bare_months_back() -> None:
    text = (
        "In 2017, Kenya announced a new strategy. "
        "In March, President Kenyatta visited Japan and held a summit meeting with Prime "
        "Minister Abe."
    )
    assert ("2019-03", "KEN", "visit") in keys(text)


def test_a_later_year_still_moves_the_bare_months_on() -> None:
    text = "In 2020, Ghana held elections. In March, Foreign Minister Motegi visited Ghana."
    assert ("2020-03", "GHA", "visit") in keys(text)


def test_a_range_from_late_april_starts_in_april() -> None:
    text = "From late April to early May, Foreign Minister Kishida visited Mexico."
    assert keys(text) == {("2019-04", "MEX", "visit")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Bolsonaro administration, which took office in January 2019, negotiated with "
            "the U.S. and Canada.",
            ("2019-01", "BRA", "domestic"),
        ),
        (
            "Politics in Peru became unstable after the border dispute with Ecuador, and "
            "elections to the Congress were held in June.",
            ("2019-06", "PER", "election"),
        ),
    ],
)
def test_a_domestic_event_concerns_one_country_the_subject(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert [key for key in keys(text) if key[2] == expected[2]] == [expected]


def test_annual_mutual_visits_are_a_standing_fact_not_an_event() -> None:
    text = "With the leaders' annual mutual visits as the basis, the two countries cooperate."
    assert keys(text) == set()


def test_countries_that_were_discussed_are_topics_not_participants() -> None:
    text = (
        "On June 29, Prime Minister Abe and President Obama held a summit meeting in which they "
        "discussed bilateral issues and key topics, including North Korea, Iraq and Iran."
    )
    assert keys(text) == {("2019-06-29", "USA", "meeting")}


def test_a_partner_after_what_was_discussed_still_takes_part() -> None:
    text = (
        "In May, Foreign Minister Motegi held a meeting and discussed regional issues with the "
        "Foreign Minister of Chile."
    )
    assert keys(text) == {("2019-05", "CHL", "meeting")}


def test_a_cut_sentence_keeps_its_complete_main_clause() -> None:
    text = (
        "In October, Prime Minister Abe held a telephone call with President Moon Jae-in of the "
        "ROK, and Foreign Minister Motegi also ex"
    )
    assert keys(text) == {("2019-10", "KOR", "call")}


def test_a_cut_list_item_is_not_a_clause() -> None:
    text = "Europe faces challenges, including the debt issue in Greece, and other p"
    assert keys(text) == set()


def test_a_gathering_that_names_no_party_is_the_paragraphs_last_named_parties() -> None:
    text = (
        "In March, negotiations between Chile, Peru and Bolivia started. "
        "In May, the parties reached an agreement in Geneva."
    )
    assert ("2019-05", "BOL;CHL;PER", "agreement") in keys(text)


def test_an_official_named_keeps_a_meeting_bilateral_despite_earlier_parties() -> None:
    text = (
        "In March, negotiations between Chile, Peru and Bolivia started. "
        "In May, Foreign Minister Motegi held a meeting in Santiago."
    )
    assert ("2019-05", "CHL", "visit") in keys(text) or ("2019-05", "CHL", "meeting") in keys(text)


def test_the_eu3_plus_3_gives_its_six_members() -> None:
    text = "In February, negotiations between Iran and the EU3+3 commenced."
    assert keys(text) == {("2019-02", "CHN;DEU;FRA;GBR;IRN;RUS;USA", "multilateral")}


def test_two_parties_negotiating_hold_a_consultation() -> None:
    text = "In January, negotiations were held between the governments of Sudan and Chad."
    assert keys(text) == {("2019-01", "SDN;TCD", "consultation")}


def test_an_agreement_venue_is_not_a_party() -> None:
    text = "In July, Iran and the U.S. reached an agreement in Vienna."
    assert keys(text) == {("2019-07", "IRN;USA", "agreement")}


def test_a_treaty_organisation_is_not_an_agreement() -> None:
    text = "In 2019, Japan strengthened cooperation with the North Atlantic Treaty Organization."
    assert keys(text) == set()


def test_meetings_with_several_ministers_are_one_meeting_each_and_a_trip_is_its_own() -> None:
    text = (
        "In September, Foreign Minister Nakasone visited New York to attend the UN General "
        "Assembly, as well as holding meetings with the Foreign Ministers of Brazil and Chile."
    )
    assert keys(text) == {
        ("2019-09", "USA", "visit"),
        ("2019-09", "BRA", "meeting"),
        ("2019-09", "CHL", "meeting"),
    }


def test_a_gathering_takes_no_participants_from_a_coordinated_clause() -> None:
    text = (
        "Japan made a proposal at the Summit on Trade in November, and in December the "
        "Japan-China-ROK Trilateral Summit Meeting was held."
    )
    assert keys(text) == {("2019-12", "CHN;KOR", "multilateral")}


def test_a_gathering_takes_participants_from_its_relative_clause() -> None:
    text = (
        "In June, the 3rd Senior Officials Meeting was held online, where the five Central "
        "Asian countries and Japan discussed cooperation."
    )
    assert keys(text) == {("2019-06", "KAZ;KGZ;TJK;TKM;UZB", "multilateral")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In March, President Karimov of Uzbekistan died.", ("2019-03", "UZB", "domestic")),
        ("In June, President Magufuli of Tanzania passed away.", ("2019-06", "TZA", "domestic")),
        (
            "There were two military takeovers in Mali in 2019.",
            ("2019", "MLI", "domestic"),
        ),
        (
            "Prime Minister Alan Kay replaced Prime Minister John Dee of Fiji in May 2019.",
            ("2019-05", "FJI", "domestic"),
        ),
        (
            "In September, Prime Minister Ngute chaired a national dialogue in Cameroon.",
            ("2019-09", "CMR", "domestic"),
        ),
        (
            "In August, the President of Gabon established a new ruling coalition.",
            ("2019-08", "GAB", "domestic"),
        ),
        (
            "From March 5 to 11, the third session of the 13th National People's Congress was "
            "held.",
            ("2019-03-05", "CHN", "domestic"),
        ),
    ],
)
def test_domestic_events_of_the_genre(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in keys(text)


def test_a_death_is_not_a_visit() -> None:
    text = "In March, former President Nazarbayev of Kazakhstan, who visited Japan often, died."
    assert keys(text) == {("2019-03", "KAZ", "domestic")}


def test_non_state_actors_resolve_to_their_country() -> None:
    text = "In April, the Government of Yemen and the Houthis agreed on a temporary truce."
    assert keys(text) == {("2019-04", "YEM", "security")}


def test_a_ceasefire_agreement_is_an_agreement_not_a_truce() -> None:
    text = "In November, the ceasefire agreement was signed by Armenia and Azerbaijan."
    assert keys(text) == {("2019-11", "ARM;AZE", "agreement")}


def test_a_bilateral_political_dialogue_is_not_domestic() -> None:
    text = "In May, Japan and Peru held a high-level political dialogue in Lima."
    assert "domestic" not in {event_type for *_, event_type in keys(text)}


def test_support_provided_is_aid() -> None:
    text = "In 2019, Japan provided support for the elections in Ghana and Senegal."
    assert {("2019", "GHA", "aid"), ("2019", "SEN", "aid")} <= {
        (date, country, event_type)
        for date, countries, event_type in keys(text)
        for country in countries.split(";")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In April, Prime Minister Abe gave a speech at a joint meeting of the U.S. Congress.",
            ("2019-04", "USA", "parliamentary"),
        ),
        (  # the parliament named in full, far from "speech"
            "Results accumulated, including the speech given by Prime Minister Shinzo Abe in a "
            "joint meeting of the United States Congress in April.",
            ("2019-04", "USA", "parliamentary"),
        ),
        (
            "In August, Prime Minister Abe addressed a joint session of the Indian Parliament.",
            ("2019-08", "IND", "parliamentary"),
        ),
    ],
)
def test_a_leader_addressing_a_foreign_parliament_is_parliamentary(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in keys(text)


def test_a_speech_at_a_party_congress_is_not_an_address_to_a_parliament() -> None:
    text = (
        "In October, General Secretary Xi Jinping delivered a speech at the National Party "
        "Congress, which was held in Beijing."
    )
    assert keys(text) == {("2019-10", "CHN", "domestic")}


def test_joining_an_organisation_is_an_agreement() -> None:
    text = "In January, Singapore signed on as an Associate State of the Pacific Alliance."
    assert ("2019-01", "SGP", "agreement") in keys(text)


def test_a_co_chaired_conference_is_multilateral() -> None:
    text = "In August, Prime Minister Abe co-chaired the conference with President Sisi of Egypt."
    assert keys(text) == {("2019-08", "EGY", "multilateral")}


def test_a_commemorative_symposium_is_an_exchange() -> None:
    text = "In April, a commemorative symposium for Japan-Chile relations was held in Tokyo."
    assert keys(text) == {("2019-04", "CHL", "exchange")}


def test_a_meeting_on_the_occasion_of_a_summit_is_the_bilateral_meeting_only() -> None:
    text = (
        "On the occasion of the G20 Summit in June, Prime Minister Abe held a summit meeting "
        "with President Macron of France."
    )
    assert keys(text) == {("2019-06", "FRA", "meeting")}


def test_summit_meetings_with_several_leaders_at_a_hyphenated_gathering() -> None:
    text = (
        "On the occasion of the ASEAN-related Summit Meetings in November, Prime Minister Abe "
        "held summit meetings with Viet Nam and Thailand."
    )
    assert keys(text) == {("2019-11", "VNM", "meeting"), ("2019-11", "THA", "meeting")}


def test_the_gatherings_venue_is_not_a_party_to_a_meeting_held_during_it() -> None:
    text = (
        "In November, the Summit Meeting between Prime Minister Abe and President Joko was held "
        "during the ASEAN-related Summit Meetings (Singapore)."
    )
    assert keys(text) == {("2019-11", "IDN", "meeting")}


def test_a_named_bilateral_meeting_inside_a_framework_summit_stays_bilateral() -> None:
    text = (
        "In 2019, there was the Japan-U.S. Summit Meeting in the G7 Biarritz Summit, the "
        "Japan-U.S. Foreign Ministers' Meeting in the G20 Foreign Ministers' Meeting, etc."
    )
    assert event_list(text) == [("2019", "USA", "meeting"), ("2019", "USA", "meeting")]


def test_a_ceremony_attended_abroad_is_a_visit() -> None:
    text = "In January, Foreign Minister Motegi attended the inauguration ceremony in Brasilia."
    assert keys(text) == {("2019-01", "BRA", "visit")}


def test_a_second_trip_after_and_in_october_he_visited_is_its_own_event() -> None:
    text = (
        "In February, President Macron paid a visit to Kyiv, Ukraine, and in October, he "
        "visited the Middle East, including Egypt, in response to the attacks by Hamas."
    )
    assert {("2019-02", "FRA;UKR", "visit"), ("2019-10", "EGY;FRA", "visit")} <= keys(text)
    assert not [key for key in keys(text) if key[2] == "visit" and "PSE" in key[1]]


def test_a_trip_told_with_months_after_an_opening_year_takes_the_months() -> None:
    text = (
        "In 2019, Prime Minister Abe visited Indonesia and Viet Nam in April, and the United "
        "Kingdom and Italy in May."
    )
    assert set(event_list(text)) == {
        ("2019-04", "IDN", "visit"),
        ("2019-04", "VNM", "visit"),
        ("2019-05", "GBR;ITA", "visit"),
    }


def test_each_destination_takes_the_month_in_brackets_after_it() -> None:
    text = "Foreign Minister Motegi visited Egypt (January), Brazil (March) and India (July)."
    assert keys(text) == {
        ("2019-01", "EGY", "visit"),
        ("2019-03", "BRA", "visit"),
        ("2019-07", "IND", "visit"),
    }


def test_the_quad_gives_its_members() -> None:
    text = "In March, the Quad Leaders' Video Conference was held."
    assert keys(text) == {("2019-03", "AUS;IND;USA", "multilateral")}


def test_a_document_cited_is_not_an_event() -> None:
    text = (
        "In 2019, North Korea continued its missile development in violation of the Joint "
        "Statement of the Six-Party Talks."
    )
    assert "statement" not in {event_type for *_, event_type in keys(text)}


def test_an_agreement_cited_does_not_hide_the_summit_after_it() -> None:
    text = "Based on the agreement reached at the summit, Japan and Peru held talks in May."
    assert ("2019-05", "PER", "meeting") in keys(text)


def test_a_state_that_goes_on_has_no_dated_occurrence() -> None:
    text = "As Russia's aggression against Ukraine has continued, Japan strengthened cooperation."
    assert keys(text) == set()


def test_a_gathering_to_be_held_later_is_not_an_event() -> None:
    text = "In 2019, Japan prepared for the G20 Osaka Summit to be held in 2020 with Argentina."
    assert keys(text) == set()


def test_the_ministers_message_heading_is_not_a_message() -> None:
    text = "Message from the Minister for Foreign Affairs It is important to record China's path."
    assert keys(text) == set()


def test_a_summit_and_a_ministers_meeting_named_together_are_two_gatherings() -> None:
    text = (
        "In 2019, Japan held the Japan-China-ROK Trilateral Summit and Foreign Ministers' "
        "Meeting and the agreement reached between the Foreign Ministers of Japan and the ROK."
    )
    assert event_list(text) == [
        ("2019", "CHN;KOR", "multilateral"),
        ("2019", "CHN;KOR", "multilateral"),
        ("2019", "KOR", "agreement"),
    ]


def test_a_memorandum_signed_long_after_its_name_is_an_agreement() -> None:
    text = (
        "In February, a Memorandum of Cooperation with Peru concerning the Establishment of a "
        "Finance Facility, equivalent to as much as 10 billion US dollars, was also signed."
    )
    assert keys(text) == {("2019-02", "PER", "agreement")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2016, North Korea conducted two nuclear tests and launched more than 20 "
            "ballistic missiles.",
            ("2016", "PRK", "security"),
        ),
        (
            "In 2014, Japan dispatched Self-Defense Forces to South Sudan for UN PKO.",
            ("2014", "SSD", "security"),
        ),
        (
            "In 2015, terrorist attacks occurred in Paris in January and November.",
            ("2015-01", "FRA", "security"),
        ),
    ],
)
def test_security_events_of_the_genre(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in keys(text, 2017)


def test_a_session_takes_the_country_named_in_its_own_name() -> None:
    text = (
        "The second session of the 13th National People's Congress held in March made the "
        "decision to change the election system in Hong Kong."
    )
    assert keys(text) == {("2019-03", "CHN", "domestic")}


def test_typographic_apostrophes_match_and_stay_in_the_evidence() -> None:
    text = (
        "The second session of the 13th National People\u2019s Congress held in March made the "
        "decision to change the election system in Hong Kong."
    )
    assert keys(text) == {("2019-03", "CHN", "domestic")}
    assert "People\u2019s Congress" in extract_frame(text, "rules", 2020)["evidence"].iloc[0]


def test_en_dashes_read_as_hyphens_and_stay_in_the_evidence() -> None:
    text = (
        "In April, Prime Minister Abe held the Japan\u2013U.S. Summit Meeting with President "
        "Trump in Washington, D.C."
    )
    assert keys(text) == keys(text.replace("\u2013", "-"))
    assert "Japan\u2013U.S. Summit" in extract_frame(text, "rules", 2020)["evidence"].iloc[0]


def test_a_month_after_the_trigger_dates_it_rather_than_a_background_year() -> None:
    text = (
        "The year 2013 saw frequent exchanges of top-level officials between the two "
        "countries, starting with the visits of Prime Minister Shinzo Abe and Minister for "
        "Foreign Affairs Fumio Kishida to the United States in February and the visits of "
        "Secretary of State John Kerry and Secretary of Defense Chuck Hagel to Tokyo in October."
    )
    assert ("2013-02", "USA", "visit") in keys(text, 2014)


def test_an_emergency_declared_by_the_who_for_a_named_country_is_a_statement() -> None:
    text = (
        "In July, the World Health Organization (WHO) declared the Ebola virus disease outbreak "
        "in the Democratic Republic of the Congo a Public Health Emergency of International "
        "Concern (PHEIC)."
    )
    assert keys(text) == {("2019-07", "COD", "statement")}
    # no country named: an organisation's act alone is not an event (GUIDELINE)
    assert not keys("In March, the WHO declared the outbreak of COVID-19 a pandemic.")


def test_a_city_with_its_country_in_brackets_is_a_venue() -> None:
    text = (
        "In Doha (Qatar) in January, negotiations were held between the Government of Chad "
        "and armed groups, and a peace agreement was signed on February 6."
    )
    assert ("2019-02-06", "TCD", "agreement") in keys(text)
    assert not [key for key in keys(text) if key[2] == "agreement" and "QAT" in key[1]]


def test_statements_on_the_situation_in_a_country_concern_it() -> None:
    text = (
        "In June, joint statements on the human rights situation in Myanmar were read out at "
        "the UN Human Rights Council, and Japan participated in both."
    )
    assert ("2019-06", "MMR", "statement") in keys(text)


def test_japans_own_statement_takes_no_country_from_another_clause() -> None:
    text = (
        "In April, the Emperor visited Palau, and in August, the Prime Minister's statement "
        "was issued on the 70th anniversary of the end of the war."
    )
    assert keys(text) == {("2019-04", "PLW", "visit")}


def test_two_agreements_named_differently_in_one_sentence_are_two() -> None:
    text = (
        "Results included the new Guidelines for Japan-U.S. Defense Cooperation announced in "
        "April, and the signing of the Agreement on Environmental Stewardship with the U.S."
    )
    assert event_list(text) == [("2019", "USA", "agreement"), ("2019-04", "USA", "agreement")]


def test_negotiations_between_a_government_and_rebels_are_a_consultation() -> None:
    text = "In January, negotiations were held between the Government of Chad and armed groups."
    assert keys(text) == {("2019-01", "TCD", "consultation")}


def test_an_abbreviation_with_dots_does_not_end_the_agreement_phrase() -> None:
    text = "The new Guidelines for Japan-U.S. Defense Cooperation were announced in April."
    assert keys(text) == {("2019-04", "USA", "agreement")}


def test_an_agreement_signed_during_the_visit_is_its_own_event() -> None:
    text = (
        "In November, Prime Minister Abe visited Australia. During the visit, Prime Minister "
        "Abe and Prime Minister Morrison signed the Reciprocal Access Agreement."
    )
    assert keys(text) == {("2019-11", "AUS", "visit"), ("2019", "AUS", "agreement")}


def test_an_inauguration_is_domestic_and_since_an_inauguration_is_background() -> None:
    assert keys("In January, the inauguration of President Biden took place.") == {
        ("2019-01", "USA", "domestic")
    }
    text = "Since the inauguration of the Rouhani administration, Japan has pursued dialogue."
    assert keys(text) == set()


def test_postponed_elections_are_not_held() -> None:
    text = "In 2019, the transitional government of Mali postponed the presidential elections."
    assert "election" not in {event_type for *_, event_type in keys(text)}


def test_an_opening_since_phrase_is_its_own_clause() -> None:
    text = (
        "Since the annexation of Crimea by Russia in 2014, Japan has imposed sanctions on Russia."
    )
    assert keys(text, 2020) == {("2019", "RUS", "sanction")}


def test_a_framework_summit_attended_abroad_is_multilateral_with_its_host() -> None:
    text = "In November, Prime Minister Abe attended the APEC Economic Leaders' Meeting in Lima."
    assert keys(text) == {("2019-11", "PER", "multilateral")}


def test_a_foreign_minister_appointed_is_domestic() -> None:
    text = "In March, Mr. Jaishankar was appointed Minister of External Affairs of India."
    assert keys(text) == {("2019-03", "IND", "domestic")}


def test_an_organisations_member_states_are_not_a_meeting() -> None:
    text = (
        "In 2019, 3.3 billion people lived in East Asia Summit (EAS) member states excluding "
        "the U.S. and Russia."
    )
    assert keys(text) == set()


def test_meetings_decided_to_be_held_on_a_regular_basis_are_no_event() -> None:
    text = "In 2019, the leaders of Chile and Peru decided to hold the meetings on a regular basis."
    assert keys(text) == set()


def test_an_agreement_the_parties_failed_to_reach_is_no_event() -> None:
    text = "In May, Chile and Peru failed to come to an agreement on the border."
    assert keys(text) == set()


def test_an_announced_extension_of_a_deadline_is_an_agreement() -> None:
    text = (
        "In March, negotiations between Chile, Peru and Bolivia started. It was announced on "
        "July 19 that the deadline of the negotiations will be extended to November."
    )
    assert ("2019-07-19", "BOL;CHL;PER", "agreement") in keys(text)


def test_a_photo_taken_in_tokyo_does_not_date_a_trip_abroad() -> None:
    text = (
        "(1) Peru\n\nIn 2019, Foreign Minister Kono's two visits to Peru strengthened ties.\n"
        "Courtesy call from Foreign Minister Popolizio of Peru on Foreign Minister Kono "
        "(October 5, Tokyo)"
    )
    assert keys(text) == {("2019", "PER", "visit"), ("2019-10-05", "PER", "meeting")}


@pytest.mark.parametrize(
    "official",
    [
        "NATO Secretary General Stoltenberg",
        "UN Secretary-General Guterres",
        "IAEA Director General Grossi",
        "President of the European Commission von der Leyen",
    ],
)
def test_a_meeting_with_an_organisation_official_takes_no_country_of_the_paragraph(
    official: str,
) -> None:
    text = (
        "In April, Prime Minister Abe visited Germany. "
        f"In May, Foreign Minister Motegi held a meeting with {official}, "
        "and they discussed cooperation."
    )
    assert keys(text) == {("2019-04", "DEU", "visit")}


def test_a_meeting_with_an_organisation_official_abroad_keeps_its_venue() -> None:
    text = (
        "In May, Foreign Minister Motegi met with NATO Secretary General Stoltenberg in Brussels."
    )
    assert keys(text) == {("2019-05", "BEL", "visit")}


def test_a_middle_initial_stays_in_the_official_s_name() -> None:
    frame = extract_frame(
        "In October, President George W. Bush visited Japan and held a summit meeting with "
        "Prime Minister Koizumi.",
        "rules",
        2007,
    )
    assert list(frame["actors_partner"]) == ["President George W. Bush"]
    assert frame["title"].iloc[0].startswith("President Bush of the United States visits Japan")
