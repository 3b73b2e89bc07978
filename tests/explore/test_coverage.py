"""The coverage line, the years the loaded volumes narrate and the events outside them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bluebook.explore import coverage, query
from bluebook.explore.view import ViewState, year_range
from tests.geo_fixtures import shipped_dataset


def sources(*years: int, chapter: str = "2") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": [f"bb{year}-{index}" for index, year in enumerate(years)],
            "title": [
                f"Diplomatic Bluebook {year}, Chapter {chapter}, Section 1: X" for year in years
            ],
            "volume_year": [str(year) for year in years],
            "chapter": [chapter] * len(years),
            "section": ["1 Asia"] * len(years),
            "url": [""] * len(years),
        }
    )


@pytest.mark.parametrize(
    ("volumes", "data_years", "expected"),
    [
        ((2022,), (2004, 2022), (2021, 2022)),
        ((2021, 2022), (2004, 2022), (2020, 2022)),
        ((2022,), (2021, 2021), (2021, 2021)),  # nothing dated 2022: within the data's years
        ((2022,), (2010, 2012), (2010, 2012)),  # the spans do not meet: the data's years
        ((), (2019, 2020), (2019, 2020)),
    ],
)
def test_narrated_years(volumes, data_years, expected) -> None:
    assert coverage.narrated_years(sources(*volumes), data_years) == expected


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (ViewState(), (2021, 2022)),
        (ViewState(year_from=2004), (2004, 2022)),
        (ViewState(year_to=2020), (2020, 2020)),  # an explicit bound never empties the range
        (ViewState(year_from=2019, year_to=2020), (2019, 2020)),
        (ViewState(year_to=2021), (2021, 2021)),
    ],
)
def test_year_range(view, expected) -> None:
    assert year_range(view, (2021, 2022)) == expected


def test_the_first_source_line() -> None:
    dataset = shipped_dataset()
    countries = len(query.covered_countries(dataset) - {"JPN"})
    measured = coverage.measure_coverage(dataset.events, dataset.sources, countries, dataset.years)
    reviewed = int(100 * dataset.events["reviewed"].mean())
    assert coverage.coverage_line(measured) == (
        f"{len(dataset.events)} events from 1 section of 1 volume (Diplomatic Bluebook 2022, "
        f"Ch. 2, Section 2) · {countries} countries · narrated years 2021–2022 · "
        f"{reviewed} % reviewed"
    )


def test_two_volumes_are_named_together() -> None:
    events = pd.DataFrame({"reviewed": [True, False, True, True]})
    measured = coverage.measure_coverage(events, sources(2021, 2022, 2022), 3, (2019, 2022))
    assert coverage.coverage_line(measured) == (
        "4 events from 3 sections of 2 volumes (Diplomatic Bluebook 2021–2022) · 3 countries · "
        "narrated years 2020–2022 · 75 % reviewed"
    )


@pytest.mark.parametrize(
    ("years", "note"),
    [
        ([2004, 2019, 2020, 2020, 2021], "4 earlier events (2004, 2019–2020) are outside"),
        ([2020, 2021, 2022], "1 earlier event (2020) is outside"),
        ([2020, 2021, 2023, 2023], "1 earlier event (2020) and 2 later events (2023) are"),
        ([2021, 2022], ""),
    ],
)
def test_outside_note(years, note) -> None:
    text = coverage.outside_note(np.array(years), (2021, 2022))
    assert text.startswith(note) if note else text == ""


def test_the_default_view_leaves_out_the_background_events() -> None:
    dataset = shipped_dataset()
    years = dataset.events["year"].to_numpy()
    default = query.filter_mask(dataset, ViewState())
    every = query.filter_mask(dataset, ViewState(year_from=int(years.min())))
    assert default.sum() == ((years >= 2021) & (years <= 2022)).sum()
    assert every.all() and (every & ~default).sum() == (years < 2021).sum() > 0


@pytest.mark.parametrize(
    ("title", "year", "chapter", "section", "short"),
    [
        (
            "Diplomatic Bluebook 2022, Chapter 2, Section 2: Countries in Central Asia",
            2022,
            "2",
            "2 Countries in Central Asia",
            "Diplomatic Bluebook 2022, Ch. 2, Section 2",
        ),
        ("Diplomatic Bluebook 2019", 2019, "", "", "Diplomatic Bluebook 2019"),
        (
            "Diplomatic Bluebook 2020, Chapter 2: Section 8 Africa",
            2020,
            "2",
            "Section 8 Africa",
            "Diplomatic Bluebook 2020, Ch. 2, Section 8",
        ),
        (
            "Diplomatic Bluebook 2019, Chapter 3",
            2019,
            "3",
            "Overview",
            "Diplomatic Bluebook 2019, Ch. 3",
        ),
    ],
)
def test_short_source_title(title, year, chapter, section, short) -> None:
    assert coverage.short_source_title(title, year, chapter, section) == short
