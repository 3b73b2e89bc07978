"""What the loaded data covers, said in one line on every page, and the years it narrates.

A Bluebook volume narrates the year before its own (the 2022 volume tells of 2021, and of the
first months of 2022 when it went to press), so the loaded volumes narrate the years from the
first volume's year minus one to the last volume's year. Events dated outside (background: a
2004 treaty recalled in a 2022 volume) stay in the data; the default view leaves them out and
says how many there are (``outside_note``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bluebook.dataset import narrated_years
from bluebook.explore.export import compact_sources, year_ranges

SECTION_NUMBER = re.compile(r"^\s*(?:Section\s+)?(\d+)", re.IGNORECASE)
COUNTS_IN_LABEL = re.compile(r", \d+ volumes| \(\d+ sources\)")


def short_source_title(title: str, volume_year: object, chapter: object, section: object) -> str:
    """'Diplomatic Bluebook 2022, Ch. 2, Section 2' from a source's row (the title itself when
    the chapter is unknown)."""
    head = str(title).split(":")[0]
    parts = head.split(", ")
    volume = next((part for part in parts if str(volume_year) in part), parts[0])
    chapter_text = "" if pd.isna(chapter) else str(chapter).strip()
    if not chapter_text:
        return head
    short = f"{volume}, Ch. {chapter_text}"
    match = SECTION_NUMBER.match("" if pd.isna(section) else str(section))
    return f"{short}, Section {match.group(1)}" if match else short


def short_source_titles(sources: pd.DataFrame) -> dict[str, str]:
    """source_id → ``short_source_title`` for every source."""
    return {
        row.source_id: short_source_title(row.title, row.volume_year, row.chapter, row.section)
        for row in sources.itertuples()
    }


@dataclass(frozen=True)
class Coverage:
    """The loaded data in figures: what the coverage line says."""

    events: int
    sections: int
    volumes: int
    sources_label: str
    countries: int
    narrated: tuple[int, int]
    reviewed_share: float


def measure_coverage(
    events: pd.DataFrame, sources: pd.DataFrame, countries: int, data_years: tuple[int, int]
) -> Coverage:
    """The coverage of the whole loaded data (not of a view).

    In: the events (``reviewed`` boolean), the sources, the number of countries with events
    and the first and last year with events.
    """
    volumes = pd.to_numeric(sources["volume_year"], errors="coerce").dropna().astype(int)
    if len(sources) == 1:
        row = sources.iloc[0]
        label = short_source_title(row["title"], row["volume_year"], row["chapter"], row["section"])
    else:
        named = compact_sources(sources.assign(attribution=sources["title"].str.split(",").str[0]))
        # The line counts sections and volumes itself: 'Diplomatic Bluebook 2021–2022'.
        label = COUNTS_IN_LABEL.sub("", named)
    reviewed = events["reviewed"].to_numpy(dtype=bool)
    return Coverage(
        events=len(events),
        sections=len(sources),
        volumes=int(volumes.nunique()),
        sources_label=label,
        countries=countries,
        narrated=narrated_years(sources, data_years),
        reviewed_share=float(reviewed.mean()) if len(reviewed) else 0.0,
    )


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def coverage_line(coverage: Coverage) -> str:
    """'73 events from 1 section of 1 volume (Diplomatic Bluebook 2022, Ch. 2, Section 2) ·
    20 countries · narrated years 2021–2022 · 95 % reviewed'."""
    first, last = coverage.narrated
    years = str(first) if first == last else f"{first}–{last}"
    reviewed = int(np.floor(coverage.reviewed_share * 100))
    return (
        f"{_plural(coverage.events, 'event')} from {_plural(coverage.sections, 'section')} of "
        f"{_plural(coverage.volumes, 'volume')} ({coverage.sources_label}) · "
        f"{_plural(coverage.countries, 'country').replace('countrys', 'countries')} · "
        f"narrated years {years} · {reviewed} % reviewed"
    )


def outside_counts(years: np.ndarray, shown: tuple[int, int]) -> tuple[int, int]:
    """How many of the events (their years) fall before and after the shown years."""
    return int((years < shown[0]).sum()), int((years > shown[1]).sum())


def outside_note(years: np.ndarray, shown: tuple[int, int]) -> str:
    """'8 earlier events (2004, 2019–2020) are outside these years: widen Years to see them.'

    In: the years of the events that pass every filter but the years, and the years shown.
    Out: the note, or '' when no event lies outside.
    """
    parts = []
    for word, selected in (
        ("earlier", years[years < shown[0]]),
        ("later", years[years > shown[1]]),
    ):
        if len(selected):
            span = year_ranges(sorted(set(selected.tolist())))
            parts.append(f"{_plural(len(selected), word + ' event')} ({span})")
    if not parts:
        return ""
    verb = "is" if len(parts) == 1 and parts[0].startswith("1 ") else "are"
    return f"{' and '.join(parts)} {verb} outside these years: widen **Years** to see them."
