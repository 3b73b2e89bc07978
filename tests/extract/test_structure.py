"""Headings of every style, footnotes, captions, PDF line wrapping and one-line sections."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bluebook.extract.normalize import normalize_text
from bluebook.extract.structure import find_volume_year, heading_level, parse_document


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("Chapter 2", 0),
        ("Section 6 Russia and Belarus", 1),
        ("2.Central Asian Countries", 2),
        ("2 Countries in Central Asia and Caucasus, etc.", 2),
        ("1 Overview", 2),
        ("(1) Overview", 3),
        ("A Japan-Russia Relations", 4),
        ("Japan's Foreign Policy by Region", 5),
        ("In May, the two leaders held a telephone call.", None),
        ("A new government was formed in January after the election.", None),
    ],
)
def test_heading_styles_are_recognised(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_paragraphs_are_numbered_within_the_innermost_heading() -> None:
    text = "Section 6 Europe\n\n(1) Overview\n\nFirst.\n\nSecond.\n\n(2) France\n\nThird."
    blocks = parse_document(text).blocks
    assert [(b.section, b.paragraph, b.text) for b in blocks] == [
        ("(1) Overview", 1, "First."),
        ("(1) Overview", 2, "Second."),
        ("(2) France", 1, "Third."),
    ]


def test_footnote_is_a_block_of_its_own_after_the_paragraphs() -> None:
    text = (
        "(2) Central Asia\n\nJapan held talks in May.\n\n  • 5 Japan launched the Dialogue in 2004."
    )
    blocks = parse_document(text).blocks
    assert blocks[-1].kind == "footnote"
    assert blocks[-1].text == "Japan launched the Dialogue in 2004."
    assert blocks[-1].paragraph == 2


def test_captions_are_taken_out_deduplicated_and_dated() -> None:
    text = (
        "(1) Uzbekistan\n\nThe minister visited Uzbekistan in August.\n"
        "Courtesy call on the President (August 28, Uzbekistan)Courtesy call on the President"
        " (August 28, Uzbekistan)\n"
        "Japan-Armenia summit meeting (July 24, Tokyo; Photo: Cabinet Public Relations Office)"
        "Japan-Armenia summit meeting\n(July 24, Tokyo; Photo: Cabinet Public Relations Office)"
    )
    document = parse_document(text)
    assert [b.text for b in document.blocks] == ["The minister visited Uzbekistan in August."]
    assert [(c.text, c.month, c.day, c.place) for c in document.captions] == [
        ("Courtesy call on the President", 8, 28, "Uzbekistan"),
        ("Japan-Armenia summit meeting", 7, 24, "Tokyo"),
    ]


def test_caption_glued_to_the_last_sentence_is_separated() -> None:
    document = parse_document(
        "(1) Iran\n\nJapan imposed measures.Japan-Iran meeting (May 3, Tehran)"
    )
    assert document.blocks[0].text == "Japan imposed measures."
    assert document.captions[0].text == "Japan-Iran meeting"


def test_lines_wrapped_by_a_pdf_copy_are_joined_into_paragraphs() -> None:
    wrapped = (
        "(1) Iran\n"
        "In August, the new President of Iran took office after the election held in June\n"
        "of that year, and Japan sent a special envoy to the inauguration ceremony held in\n"
        "Tehran.\n"
        "In September, the two leaders held a telephone call on the nuclear issue and on\n"
        "the situation in Afghanistan, and they agreed to continue close communication.\n"
    )
    blocks = parse_document(wrapped).blocks
    assert len(blocks) == 2
    assert blocks[0].text.startswith("In August") and blocks[0].text.endswith("Tehran.")


def test_a_capitalised_word_left_at_a_wrapped_line_end_is_not_a_lettered_heading() -> None:
    text = (
        "(1) Iran\n"
        "The Investment Agreement was signed in February. A Memorandum\n"
        "of Cooperation with Iran was also signed.\n"
    )
    blocks = parse_document(normalize_text(text)).blocks
    assert [(block.section, block.text) for block in blocks] == [
        (
            "(1) Iran",
            "The Investment Agreement was signed in February. A Memorandum of Cooperation "
            "with Iran was also signed.",
        )
    ]


def test_a_wrapped_line_ending_in_an_abbreviation_goes_on_into_capitalised_words() -> None:
    text = (
        "(1) United States\n"
        "In 2016, close communication was maintained between Japanese and U.S.\n"
        "dignitaries: in addition to the visit to Hiroshima by President Obama\n"
        "and the visit to Hawaii by Prime Minister Abe, there was the\n"
        "Japan-U.S. Summit Meeting in the G7 Ise-Shima Summit, the Japan-U.S.\n"
        "Foreign Ministers' Meeting in the G7 Hiroshima Foreign Ministers'\n"
        "Meeting, etc. Through these opportunities, Japan and the U.S. strongly\n"
        "expressed their position.\n"
    )
    blocks = parse_document(normalize_text(text)).blocks
    assert [block.section for block in blocks] == ["(1) United States"]
    assert "the Japan-U.S. Foreign Ministers' Meeting in the G7 Hiroshima" in blocks[0].text


def test_a_section_on_one_line_is_split_at_its_inline_headings() -> None:
    line = (
        "(1) Republic of Korea Japan-ROK relations remain difficult. In May, the two leaders "
        "held a telephone call and exchanged views on regional affairs and cooperation. "
        "(2) Mongolia In October, the Foreign Minister visited Mongolia and held a meeting "
        "with his counterpart on the strategic partnership between the two countries."
    )
    blocks = parse_document(normalize_text(line)).blocks
    assert [b.section for b in blocks] == ["(1) Republic of Korea", "(2) Mongolia"]
    assert blocks[1].text.startswith("In October")


@pytest.mark.parametrize(
    ("text", "year"),
    [("Diplomatic Bluebook 2022\n\nChapter 2", 2022), ("Chapter 2\nSection 1", None)],
)
def test_volume_year_comes_from_the_header(text: str, year: int | None) -> None:
    assert find_volume_year(text) == year


ONE_LINE_EUROPE = (
    "Chapter 2 Japan's Foreign Policy by Region Section 5 Europe 1 Overview Japan and Europe "
    "share fundamental values. 2 United Kingdom In January, Prime Minister Abe visited the U.K. "
    "and held a summit meeting with Prime Minister Theresa May. 3 France On June 26, President "
    "Macron visited Japan. 4 Germany In February, Chancellor Angela Merkel visited Japan. "
    "Foreign Minister Kono had a telephone call with Foreign Minister Heiko Maas in October."
)


def test_inline_numbered_headings_of_the_one_line_form_are_split_off() -> None:
    blocks = parse_document(ONE_LINE_EUROPE).blocks
    assert [b.section for b in blocks] == [
        "1 Overview",
        "2 United Kingdom",
        "3 France",
        "4 Germany",
    ]
    assert [b.text.split(",")[0] for b in blocks[1:]] == ["In January", "On June 26", "In February"]
    assert blocks[-1].text.endswith("Heiko Maas in October.")


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        (
            "Chapter 2 Europe 4 Germany In February, Chancellor Merkel visited Japan.",
            ["4 Germany"],
        ),
        (
            "Section 1 Asia and Oceania 6 Oceania (1) Australia Japan and Australia share values. "
            "(2) New Zealand Prime Minister Ardern visited Japan in September.",
            ["(1) Australia", "(2) New Zealand"],
        ),
        (
            "(1) Overview Relations are good. (2) Uzbekistan Shavkat Mirziyoyev was re-elected "
            "in October. (3) Viet Nam Viet Nam held elections in May.",
            ["(1) Overview", "(2) Uzbekistan", "(3) Viet Nam"],
        ),
        (
            "2 Relations with European Countries (1) The United Kingdom In January, the leaders "
            "met. 3 Russia On February 24, Russia began its aggression against Ukraine.",
            ["(1) The United Kingdom", "3 Russia"],
        ),
        (
            "A Japan-Russia Relations In May, the leaders met. B Economic Cooperation "
            "Japan-Russia trade grew. (2) Economic Relations Trade between Japan and Russia grew.",
            ["A Japan-Russia Relations", "B Economic Cooperation", "(2) Economic Relations"],
        ),
        (
            "2.Central Asian Countries The region matters. 3.Caucasus Countries Georgia held "
            "elections. (1) Republic of Korea Japan-ROK relations remain severe.",
            ["2.Central Asian Countries", "3.Caucasus Countries", "(1) Republic of Korea"],
        ),
    ],
)
def test_chained_inline_headings_give_the_innermost_section(text: str, sections: list[str]) -> None:
    places = {"Uzbekistan", "Viet Nam", "Iran", "Caucasus", "Georgia", "Korea", "Republic of Korea"}
    blocks = parse_document(text, place_names=places).blocks
    assert [b.section for b in blocks] == sections
    assert not any(b.text[:1].isdigit() or b.text.startswith("(") for b in blocks)


@pytest.mark.parametrize(
    "text",
    [
        "(1) Iran In 2021, 5 countries joined the talks. The 3 leaders met in May. In June, "
        "the leaders met again. 3 Japanese nationals were released in July. 12 Central Asian "
        "and Caucasus experts visited Japan.",
        "(1) Iran The ministers met in May 2021. 2 million doses were delivered. 10 Japanese "
        "Self-Defense Force officers took part.",
    ],
)
def test_ordinary_numbers_after_a_sentence_end_are_not_headings(text: str) -> None:
    blocks = parse_document(text).blocks
    assert [b.section for b in blocks] == ["(1) Iran"]
    assert len(blocks) == 1


def test_footnotes_and_captions_of_the_one_line_form() -> None:
    line = (
        "(2) Central Asian Countries In August, the minister visited Uzbekistan and met "
        "President Mirziyoyev. Japan will continue the Dialogue. • 5 Japan launched the "
        "Dialogue in 2004. Courtesy call on President Mirziyoyev (August 28, Uzbekistan) "
        "Japan-Kazakhstan summit meeting (May 3, Tokyo; Photo: Cabinet Public Relations Office)"
    )
    document = parse_document(line)
    assert [(b.section, b.kind, b.text) for b in document.blocks] == [
        (
            "(2) Central Asian Countries",
            "paragraph",
            "In August, the minister visited Uzbekistan and met President Mirziyoyev. "
            "Japan will continue the Dialogue.",
        ),
        ("(2) Central Asian Countries", "footnote", "Japan launched the Dialogue in 2004."),
    ]
    assert [(c.text, c.month, c.day, c.place) for c in document.captions] == [
        ("Courtesy call on President Mirziyoyev", 8, 28, "Uzbekistan"),
        ("Japan-Kazakhstan summit meeting", 5, 3, "Tokyo"),
    ]


def test_a_wrapped_line_of_capitalised_words_inside_a_sentence_is_not_a_heading() -> None:
    wrapped = (
        "(2) Central Asian Countries\n"
        "In August, Parliamentary Vice-Minister Nakanishi visited Kazakhstan, where he met with\n"
        "Shakhrat Nuryshev, First Deputy Minister of Foreign Affairs of the Republic of\n"
        "Kazakhstan, and exchanged views on the situation in Afghanistan.\n"
    )
    blocks = parse_document(wrapped).blocks
    assert [b.section for b in blocks] == ["(2) Central Asian Countries"]
    assert "Republic of Kazakhstan, and exchanged" in blocks[0].text


@pytest.mark.parametrize("line", ["Minister of Foreign Affairs of the Republic of", "Nuryshev,"])
def test_a_title_ending_in_a_small_word_or_comma_is_not_a_heading(line: str) -> None:
    assert heading_level(line) is None


def test_captions_wrapped_over_several_pdf_lines_are_whole() -> None:
    text = (
        "(4) Republic of Belarus\n"
        "On March 3 and 8, Japan decided to impose sanctions on Belarus, including export\n"
        "control measures.\n"
        "Courtesy call by Parliamentary Vice-Minister for Foreign Affairs Nakanishi Satoshi to\n"
        "Sardor Umurzakov, Deputy Prime-Minister and Minister of Investments and Foreign Trade\n"
        "of the Republic of Uzbekistan (August 28, Uzbekistan)Courtesy call by Parliamentary\n"
        "Vice-Minister for Foreign Affairs Nakanishi Satoshi to Sardor Umurzakov, Deputy\n"
        "Prime-Minister and Minister of Investments and Foreign Trade of the Republic of\n"
        "Uzbekistan (August 28, Uzbekistan)\n"
        "Japan-Armenia summit meeting (July 24, Tokyo; Photo: Cabinet Public Relations\n"
        "Office)Japan-Armenia summit meeting\n"
        "(July 24, Tokyo; Photo: Cabinet Public Relations Office)\n"
    )
    document = parse_document(text)
    assert [(b.section, b.text[:10]) for b in document.blocks] == [
        ("(4) Republic of Belarus", "On March 3")
    ]
    assert [(c.text[:16], c.text[-10:], c.month, c.day) for c in document.captions] == [
        ("Courtesy call by", "Uzbekistan", 8, 28),
        ("Japan-Armenia su", "it meeting", 7, 24),
    ]


def test_text_after_a_caption_on_the_same_line_is_kept() -> None:
    line = (
        "(1) Kazakhstan In May, the leaders held a summit meeting. Japan-Kazakhstan summit "
        "meeting (May 3, Tokyo) In June, the two ministers held a telephone call."
    )
    document = parse_document(line)
    assert [b.text for b in document.blocks] == [
        "In May, the leaders held a summit meeting.",
        "In June, the two ministers held a telephone call.",
    ]
    assert [c.text for c in document.captions] == ["Japan-Kazakhstan summit meeting"]


@pytest.mark.parametrize("marker", ["• 5", "•5", "*5"])
def test_an_inline_footnote_of_the_one_line_form_is_a_block_of_its_own(marker: str) -> None:
    line = (
        "(2) Central Asia In May, the leaders met. Japan will continue the Dialogue. "
        f"{marker} Japan launched the Dialogue in 2004. (3) Caucasus In June, the ministers met."
    )
    blocks = parse_document(line).blocks
    assert [(b.section, b.kind, b.text) for b in blocks] == [
        (
            "(2) Central Asia",
            "paragraph",
            "In May, the leaders met. Japan will continue the Dialogue.",
        ),
        ("(2) Central Asia", "footnote", "Japan launched the Dialogue in 2004."),
        ("(3) Caucasus", "paragraph", "In June, the ministers met."),
    ]


DEVELOPMENT_TEXTS = Path(__file__).parents[1] / "fixtures" / "bluebook-dev" / "texts"


@pytest.mark.parametrize(
    ("doc", "section_title", "first_section", "paragraph_start"),
    [
        # The Ministry's plain-text files: the whole section on one line. The chapter's title
        # runs to the next heading (it used to stop at "Chapter 2 Japan's", the rest of the
        # title and the headings under it merged into paragraph 1).
        (
            "2009_message_from_minister",
            None,
            "Message from the Minister for Foreign Affairs",
            "It is important to",
        ),
        (
            "2016_north_america_overview",
            "Section 2 North America Overview 〈United States〉",
            "Section 2 North America Overview 〈United States〉",
            "Japan and the United",
        ),
        (
            "2019_latin_america_countries_mexico",
            "3 LAC Countries (See 2 (3) Above for Caribbean Countries)",
            "(1) Mexico",
            "Mexico plays an important",
        ),
        (
            "2019_southeast_asia_indonesia",
            "4 Southeast Asia",
            "(1) Indonesia",
            "Regarding domestic politics, incumbent",
        ),
        ("2022_china", "2 China / Mongolia, etc.", "(A) Domestic Affairs", "The fourth session of"),
        ("2023_africa_overview", "Section 8 Africa", "1 Overview", "Africa, with a population"),
        (
            "2023_latin_america_caribbean_overview",
            "Section 4 Latin America and the Caribbean",
            "(1) Situations in Latin America and the Caribbean",
            "Most of the countries",
        ),
        (
            "2024_north_america_overview",
            "Section 3 North America",
            "1 Overview",
            "Currently, the international community",
        ),
        (
            "2015_north_korea",
            "1.Korean Peninsula",
            "(1) North Korea (including the abductions issue)",
            "Under its policy of",
        ),
        ("2017_china", "2.China / Mongolia, etc.", "(A) Economy", "The Chinese economy has"),
        ("2021_southern_africa", "3 Southern Africa", "(1) Angola", "In March, President João"),
        ("2024_africa_overview", "Section 8 Africa", "1 Overview", "Africa, with a population"),
        ("2024_china", "2 China / Mongolia, etc.", "(A) Domestic Affairs", "In March, the first"),
        ("2024_south_asia_india", "5 South Asia", "(1) India", "India is now the"),
        ("2024_west_africa", "5 West Africa", "(1) Ghana", "The Akufo-Addo administration, which"),
    ],
)
def test_the_ministrys_plain_text_files_get_their_headings(
    doc: str, section_title: str | None, first_section: str, paragraph_start: str
) -> None:
    from bluebook.extract.resources import DEFAULT_DATA_DIR, load_resources

    text = (DEVELOPMENT_TEXTS / f"bluebook_{doc}_txt.txt").read_text(encoding="utf-8")
    document = parse_document(normalize_text(text), load_resources(DEFAULT_DATA_DIR).place_names)
    first = document.blocks[0]
    assert (document.section_title, first.section) == (section_title, first_section)
    assert " ".join(first.text.split()[:4]) == paragraph_start
    assert not any(re.fullmatch(r"Chapter \d+ \S+", block.section) for block in document.blocks)


@pytest.mark.parametrize(
    ("doc", "sections"),
    [
        # a heading right after a photo caption ("… (October 5, Tokyo) (2) Central America …"),
        # with a long bracketed list in it
        (
            "2019_latin_america_countries_mexico",
            [
                "(1) Mexico",
                "(2) Central America (El Salvador, Guatemala, Costa Rica, Dominican Republic, "
                "Nicaragua, Panama, Belize, and Honduras)",
            ],
        ),
        ("2024_west_africa", ["(1) Ghana", "(2) Cabo Verde", "(3) The Gambia"]),
        (
            "2021_southern_africa",
            ["(1) Angola", "(2) Eswatini", "(3) Zambia", "(4) Namibia", "(5) Botswana"],
        ),
    ],
)
def test_every_heading_of_a_plain_text_file_opens_its_own_paragraphs(
    doc: str, sections: list[str]
) -> None:
    from bluebook.extract.resources import DEFAULT_DATA_DIR, load_resources

    text = (DEVELOPMENT_TEXTS / f"bluebook_{doc}_txt.txt").read_text(encoding="utf-8")
    document = parse_document(normalize_text(text), load_resources(DEFAULT_DATA_DIR).place_names)
    assert list(dict.fromkeys(block.section for block in document.blocks)) == sections
    assert not any(re.match(r"\(\d{1,2}\) [A-Z]", block.text) for block in document.blocks)


def test_a_numbered_looking_line_inside_an_unfinished_phrase_is_prose() -> None:
    from bluebook.extract.structure import parse_document

    text = (
        "(1) Relief\n\nThe storm damaged many houses, leaving more than 300 families and\n"
        "40 schools without power until the repairs ended in May.\n"
    )
    [block] = parse_document(text).blocks
    assert block.section == "(1) Relief"
    assert block.text.endswith(
        "300 families and 40 schools without power until the repairs ended in May."
    )
