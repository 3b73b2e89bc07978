"""Summaries by volume (bluebook.explore.volumes) and compact citations of many sources
(bluebook.explore.export): what a panel and the Events page show when the atlas holds many
volumes."""

from __future__ import annotations

import pandas as pd
import pytest

from bluebook.explore import export
from bluebook.explore.volumes import summaries_by_volume, volume_label

SOURCES = pd.DataFrame(
    {
        "source_id": ["bb2021-a", "bb2023-a", "bb2022-a", "bb2023-b"],
        "title": [
            "Diplomatic Bluebook 2021, Chapter 2, Section 1: Asia",
            "Diplomatic Bluebook 2023, Chapter 2, Section 1: Asia",
            "Diplomatic Bluebook 2022, Chapter 2, Section 1: Asia",
            "Diplomatic Bluebook 2023, Chapter 3, Section 2: Economy",
        ],
        "volume_year": ["2021", "2023", "2022", "2023"],
        "attribution": [
            "Diplomatic Bluebook 2021, Ministry of Foreign Affairs of Japan",
            "Diplomatic Bluebook 2023, Ministry of Foreign Affairs of Japan",
            "Diplomatic Bluebook 2022, Ministry of Foreign Affairs of Japan",
            "Diplomatic Bluebook 2023, Ministry of Foreign Affairs of Japan",
        ],
    }
)
COUNTRIES = pd.DataFrame(
    {
        "iso3": ["CHN", "CHN", "CHN", "KOR", "CHN"],
        "source_id": ["bb2021-a", "bb2022-a", "bb2023-b", "bb2023-a", "bb2023-a"],
        "summary": ["china 2021", "china 2022", "china 2023 economy", "korea", "china 2023 asia"],
    }
)


def test_summaries_come_newest_volume_first_grouped_by_volume():
    volumes = summaries_by_volume(COUNTRIES, SOURCES, "CHN")
    assert [volume.volume_year for volume in volumes] == [2023, 2022, 2021]
    assert [volume.label for volume in volumes] == [
        "Diplomatic Bluebook 2023",
        "Diplomatic Bluebook 2022",
        "Diplomatic Bluebook 2021",
    ]
    # two sources of the 2023 volume, in the order of sources.csv
    assert [summary for _, summary in volumes[0].summaries] == [
        "china 2023 asia",
        "china 2023 economy",
    ]
    assert volumes[0].summaries[0][0] == SOURCES["title"][1]


def test_summaries_limited_to_the_sources_of_the_view():
    volumes = summaries_by_volume(COUNTRIES, SOURCES, "CHN", ["bb2021-a", "bb2022-a"])
    assert [(volume.volume_year, volume.summaries[0][1]) for volume in volumes] == [
        (2022, "china 2022"),
        (2021, "china 2021"),
    ]
    assert summaries_by_volume(COUNTRIES, SOURCES, "CHN", []) == []
    assert summaries_by_volume(COUNTRIES, SOURCES, "FRA") == []


def test_years_compare_as_numbers_not_text():
    sources = SOURCES.assign(volume_year=["999", "2023", "1000", "2023"])
    years = [volume.volume_year for volume in summaries_by_volume(COUNTRIES, sources, "CHN")]
    assert years == [2023, 1000, 999]


@pytest.mark.parametrize(
    ("title", "year", "label"),
    [
        (
            "Diplomatic Bluebook 2022, Chapter 2, Section 2: Countries",
            2022,
            "Diplomatic Bluebook 2022",
        ),
        (
            "Diplomatic Bluebook 2004 (synthetic), Chapter 2",
            2004,
            "Diplomatic Bluebook 2004 (synthetic)",
        ),
        ("White Paper on Development Cooperation", 2019, "Volume 2019"),
    ],
)
def test_volume_label(title, year, label):
    assert volume_label(title, year) == label


@pytest.mark.parametrize(
    ("years", "text"),
    [
        ([2004], "2004"),
        ([2023, 2004, 2005, 2006], "2004–2006, 2023"),
        (list(range(2004, 2024)), "2004–2023"),
        ([2010, 2010, 2011], "2010–2011"),
    ],
)
def test_year_ranges(years, text):
    assert export.year_ranges(years) == text


def synthetic_sources(years: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "volume_year": [str(year) for year in years],
            "attribution": [f"Synthetic data modelled on Diplomatic Bluebook {y}" for y in years],
        }
    )


@pytest.mark.parametrize(
    ("sources", "text"),
    [
        (
            synthetic_sources(list(range(2004, 2024))),
            "Synthetic data modelled on Diplomatic Bluebook 2004–2023, 20 volumes",
        ),
        (
            SOURCES,
            "Diplomatic Bluebook 2021–2023, Ministry of Foreign Affairs of Japan, 3 volumes "
            "(4 sources)",
        ),
        (SOURCES.iloc[[1]], "Diplomatic Bluebook 2023, Ministry of Foreign Affairs of Japan"),
        (
            pd.concat(
                [
                    synthetic_sources([2004, 2010]),
                    pd.DataFrame({"volume_year": ["2019"], "attribution": ["Our own notes"]}),
                ]
            ),
            "Synthetic data modelled on Diplomatic Bluebook 2004, 2010, 2 volumes; Our own notes",
        ),
    ],
    ids=["twenty volumes", "sections of volumes", "one source", "mixed"],
)
def test_compact_sources(sources, text):
    assert export.compact_sources(sources) == text


def test_citation_line_is_compact_on_screen_and_complete_for_downloads():
    sources = synthetic_sources(list(range(2004, 2024)))
    query = {"country": "CHN"}
    short = export.citation_line(sources, query, "2026-11-29", compact=True)
    full = export.citation_line(sources, query, "2026-11-29")
    assert short == (
        "Bluebook Atlas, events extracted from: Synthetic data modelled on Diplomatic Bluebook "
        "2004–2023, 20 volumes. View: country=CHN. Downloaded 2026-11-29."
    )
    for attribution in sources["attribution"]:
        assert attribution in full
    assert full.count("Synthetic data modelled on") == 20
    assert "\n" not in full
