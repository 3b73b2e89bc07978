"""Synthetic data folders for the scale benchmarks: 10k, 200k and 1M events, deterministic.

``python -m bench.synthetic [--events N] [--out DIR] [--seed S]`` writes one folder; as a bench
scenario (``python -m bench synthetic``) it makes sure the three standard folders exist under
``bench/out/`` and prints their sizes.

A folder has the layout and contract of ``data/``, so ``python -m bluebook validate`` accepts it:

- ``sources/sources.csv``: one source per volume year 2004–2023, each with a text file;
- ``events.csv``: events over about 200 countries with a Zipf-like skew (a few large partners,
  a long tail), 1–5 countries per event (co-countries mostly from the same subregion), every
  event type, level, mode and theme of the taxonomy with plausible correlations (calls are by
  telephone or online, elections are national, aid carries humanitarian themes, health peaks in
  2020–2022), real Japanese prime and foreign ministers per year, and evidence of 150–600
  characters;
- the source texts are built from the evidence passages (one paragraph each, under a heading
  per subregion), so the evidence-in-source check runs on them as on real data;
- ``countries.csv``: a summary per (country, source) that has events;
- ``taxonomy/``: copied from ``data/taxonomy``.

Events of the larger sizes do not fit the 40 MB table limit: the benchmarks raise it with
``BLUEBOOK_MAX_TABLE_MB`` (see ``SIZE_LIMIT_MB``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from bluebook.schema import COUNTRY_COLUMNS, EVENT_COLUMNS, SOURCE_COLUMNS
from bluebook.tables import write_csv_atomic, write_text_atomic
from bluebook.taxonomy import read_taxonomy

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
SIZES = {"10k": 10_000, "200k": 200_000, "1m": 1_000_000}
SEED = 20260505
GENERATOR_VERSION = 2
"""Bump when the output changes, so that folders made by an older generator are rebuilt."""
MANIFEST = "synthetic.json"
SIZE_LIMIT_MB = 2_000
"""``BLUEBOOK_MAX_TABLE_MB`` for reading these folders (1M events make a ~600 MB events.csv)."""
FIRST_VOLUME, LAST_VOLUME = 2004, 2023
COUNTRY_COUNT = 200
EVIDENCE_MIN, EVIDENCE_MAX = 150, 600

TOP_PARTNERS = (
    "USA",
    "CHN",
    "KOR",
    "RUS",
    "IND",
    "AUS",
    "PRK",
    "GBR",
    "FRA",
    "DEU",
    "VNM",
    "IDN",
    "PHL",
    "THA",
    "UKR",
    "CAN",
    "ITA",
    "MYS",
    "SGP",
    "BRA",
    "MNG",
    "TUR",
    "SAU",
    "IRN",
    "UZB",
    "MMR",
    "KHM",
    "NZL",
    "EGY",
    "ISR",
)
"""The most frequent partners first; the others follow in a seeded random order."""
NOT_PARTNERS = re.compile(
    r"Antarc|Ashmore|Bir Tawil|Brazilian I|Clipperton|Coral Sea|Dhekelia|Akrotiri|Heard I|"
    r"Indian Ocean Ter|Minor Outlying|Spratly|Scarborough|S\. Geo|Guantanamo|Baikonur|Siachen|"
    r"Serranilla|Bajo Nuevo|Buffer"
)
"""Natural Earth units that are not plausible partners (bases, reefs, uninhabited islands)."""

PRIME_MINISTERS = (
    (2003, "Koizumi"),
    (2006, "Abe"),
    (2007, "Fukuda"),
    (2008, "Aso"),
    (2009, "Hatoyama"),
    (2010, "Kan"),
    (2011, "Noda"),
    (2012, "Abe"),
    (2020, "Suga"),
    (2021, "Kishida"),
)
FOREIGN_MINISTERS = (
    (2003, "Kawaguchi"),
    (2004, "Machimura"),
    (2005, "Aso"),
    (2007, "Komura"),
    (2008, "Nakasone"),
    (2009, "Okada"),
    (2010, "Maehara"),
    (2011, "Matsumoto"),
    (2012, "Kishida"),
    (2017, "Kono"),
    (2019, "Motegi"),
    (2021, "Hayashi"),
    (2023, "Kamikawa"),
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Event type: (share, {level: weight}, {mode: weight}, P(japan involved), {theme: weight}).
TYPE_PROFILES: dict[str, tuple[float, dict, dict, float, dict]] = {
    "meeting": (
        0.18,
        {"summit": 25, "ministerial": 35, "vice_ministerial": 15, "working": 20, "other": 5},
        {"in_person": 85, "online": 15},
        0.99,
        {"political_dialogue": 5, "economy": 3, "security": 2, "regional_cooperation": 1},
    ),
    "call": (
        0.10,
        {"summit": 45, "ministerial": 45, "vice_ministerial": 10},
        {"telephone": 70, "online": 30},
        0.99,
        {"political_dialogue": 5, "security": 2, "health": 1, "economy": 1},
    ),
    "visit": (
        0.12,
        {"summit": 20, "ministerial": 40, "vice_ministerial": 25, "working": 10, "other": 5},
        {"in_person": 100},
        0.97,
        {"political_dialogue": 4, "economy": 3, "culture_sports": 1, "energy_environment": 1},
    ),
    "consultation": (
        0.06,
        {"working": 80, "vice_ministerial": 20},
        {"in_person": 50, "online": 40, "unknown": 10},
        0.98,
        {"political_dialogue": 3, "economy": 3, "security": 2, "energy_environment": 1},
    ),
    "multilateral": (
        0.12,
        {"summit": 30, "ministerial": 40, "working": 30},
        {"in_person": 60, "online": 30, "unknown": 10},
        0.80,
        {"regional_cooperation": 6, "economy": 2, "security": 2, "energy_environment": 1},
    ),
    "parliamentary": (
        0.03,
        {"parliamentary": 100},
        {"in_person": 70, "online": 20, "telephone": 10},
        0.95,
        {"political_dialogue": 4, "culture_sports": 1},
    ),
    "message": (
        0.04,
        {"summit": 60, "ministerial": 40},
        {"written": 100},
        0.98,
        {"political_dialogue": 5, "humanitarian": 1},
    ),
    "agreement": (
        0.05,
        {"government": 70, "ministerial": 30},
        {"written": 60, "in_person": 40},
        0.99,
        {"economy": 5, "energy_environment": 2, "human_resources": 1, "security": 1},
    ),
    "aid": (
        0.06,
        {"government": 100},
        {"unknown": 60, "written": 40},
        0.99,
        {"humanitarian": 5, "health": 2, "human_resources": 2, "economy": 1},
    ),
    "sanction": (
        0.02,
        {"government": 100},
        {"written": 100},
        0.60,
        {"security": 4, "human_rights_democracy": 2},
    ),
    "statement": (
        0.06,
        {"government": 60, "ministerial": 40},
        {"written": 100},
        0.50,
        {"security": 3, "human_rights_democracy": 3, "political_dialogue": 1},
    ),
    "exchange": (
        0.04,
        {"other": 60, "working": 40},
        {"in_person": 80, "online": 20},
        0.97,
        {"culture_sports": 4, "human_resources": 3, "economy": 1},
    ),
    "election": (
        0.04,
        {"national": 100},
        {"unknown": 100},
        0.05,
        {"human_rights_democracy": 5, "political_dialogue": 1},
    ),
    "domestic": (
        0.04,
        {"national": 100},
        {"unknown": 100},
        0.10,
        {"human_rights_democracy": 3, "security": 2, "humanitarian": 1},
    ),
    "security": (
        0.04,
        {"national": 70, "government": 30},
        {"unknown": 80, "in_person": 20},
        0.10,
        {"security": 6, "humanitarian": 2},
    ),
}
COUNTRY_COUNT_SHARES = (0.55, 0.20, 0.10, 0.08, 0.07)
"""Share of events with 1, 2, 3, 4 and 5 countries."""

LEAD_SENTENCES = {
    "meeting": "{when}, {japan} held a meeting with {partner} of {country}{also}.",
    "call": "{when}, {japan} held a telephone talk with {partner} of {country}{also}.",
    "visit": "{when}, {japan} visited {country}{also} and met {partner}.",
    "consultation": "{when}, the Japan-{country} policy consultations were held{also}.",
    "multilateral": "{when}, {japan} attended a meeting with {country}{also}.",
    "parliamentary": "{when}, the Speaker of the House of Representatives met {partner} of "
    "{country}{also}.",
    "message": "{when}, {japan} exchanged messages with {partner} of {country}{also}.",
    "agreement": "{when}, Japan and {country}{also} signed an agreement.",
    "aid": "{when}, the Government of Japan decided to extend assistance to {country}{also}.",
    "sanction": "{when}, Japan imposed measures concerning {country}{also}.",
    "statement": "{when}, Japan issued a statement concerning {country}{also}.",
    "exchange": "{when}, an exchange programme brought participants from {country}{also} to Japan.",
    "election": "{when}, an election was held in {country}{also}.",
    "domestic": "{when}, a change in the domestic political situation took place in "
    "{country}{also}.",
    "security": "{when}, the security situation deteriorated in {country}{also}.",
}
THEME_SENTENCES = {
    "political_dialogue": (
        "The two sides confirmed that they would further develop bilateral relations and "
        "continue high-level exchanges.",
        "They exchanged views on the regional situation and agreed to keep in close contact.",
    ),
    "economy": (
        "They agreed to promote trade and investment, including the improvement of the "
        "business environment for Japanese companies.",
        "Both sides welcomed progress on infrastructure and connectivity projects.",
    ),
    "energy_environment": (
        "The two sides discussed cooperation on clean energy and decarbonisation.",
        "They confirmed cooperation toward the goals of the Paris Agreement.",
    ),
    "security": (
        "They shared serious concerns about the security situation and agreed to cooperate "
        "on counter-terrorism and border management.",
        "The two sides confirmed that any unilateral change of the status quo by force is "
        "unacceptable.",
    ),
    "humanitarian": (
        "The assistance covers food, shelter and medical supplies for refugees and displaced "
        "people.",
        "Japan expressed its intention to continue humanitarian assistance in coordination "
        "with international organisations.",
    ),
    "health": (
        "They agreed to cooperate in the fight against COVID-19, including the provision of "
        "vaccines and medical equipment.",
        "Both sides confirmed cooperation on universal health coverage.",
    ),
    "human_rights_democracy": (
        "Japan called for respect for the rule of law, democracy and human rights.",
        "Japan expressed its expectation that the process would be conducted in a free and "
        "fair manner.",
    ),
    "regional_cooperation": (
        "The participants discussed regional cooperation and confirmed that they would hold "
        "the next meeting the following year.",
        "They adopted a joint statement on regional connectivity and cooperation.",
    ),
    "human_resources": (
        "Japan will accept trainees and provide scholarships for young administrators.",
        "The two sides agreed to expand human resources development and education exchanges.",
    ),
    "culture_sports": (
        "The participants deepened mutual understanding through cultural and sports exchange.",
        "They welcomed the growth of people-to-people exchanges, including tourism.",
    ),
}
FILLER_SENTENCES = (
    "Japan will continue to work closely with the international community on this matter.",
    "The two sides also confirmed the importance of maintaining and strengthening a free and "
    "open international order based on the rule of law.",
    "Japan intends to further strengthen cooperation in a wide range of fields.",
    "This was the first such occasion in several years.",
    "Both sides shared the view that dialogue at all levels should be continued.",
)
TITLE_TEMPLATES = {
    "meeting": "Japan and {country} hold a {level} meeting",
    "call": "Japan and {country} talk by telephone at {level} level",
    "visit": "Japanese {level} visit to {country}",
    "consultation": "Japan and {country} hold policy consultations",
    "multilateral": "Multilateral {level} meeting with {country}",
    "parliamentary": "Parliamentary exchange between Japan and {country}",
    "message": "Japan and {country} exchange messages",
    "agreement": "Japan and {country} sign an agreement",
    "aid": "Japan extends assistance to {country}",
    "sanction": "Japan imposes measures concerning {country}",
    "statement": "Japan issues a statement on {country}",
    "exchange": "Exchange programme with {country}",
    "election": "Election in {country}",
    "domestic": "Domestic political change in {country}",
    "security": "Security situation in {country}",
}


@dataclass(frozen=True)
class Countries:
    """The partner countries in rank order, with names, subregions and Zipf weights."""

    codes: np.ndarray
    names: np.ndarray
    subregions: np.ndarray
    weights: np.ndarray


def choose_countries(rng: np.random.Generator, count: int = COUNTRY_COUNT) -> Countries:
    """The ``count`` partner countries (Japan excluded), most frequent first."""
    from geo.boundaries import load_units

    units = load_units().set_index("iso3")
    plausible = units.index[~units["name"].str.contains(NOT_PARTNERS)]
    others = sorted(set(plausible) - set(TOP_PARTNERS) - {"JPN"})
    ranked = [code for code in TOP_PARTNERS if code in units.index]
    ranked += list(rng.permutation(others))[: count - len(ranked)]
    ranks = np.arange(1, len(ranked) + 1)
    weights = 1.0 / (ranks + 1.5) ** 1.1
    return Countries(
        codes=np.array(ranked, dtype=object),
        names=units.loc[ranked, "name"].to_numpy(dtype=object),
        subregions=units.loc[ranked, "subregion"].fillna("Other").to_numpy(dtype=object),
        weights=weights / weights.sum(),
    )


def _pick(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    keys = list(weights)
    shares = np.array([weights[key] for key in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=size, p=shares / shares.sum())]


def _profiles(taxonomy) -> dict[str, tuple[float, dict, dict, float, dict]]:
    """TYPE_PROFILES restricted to the taxonomy's ids, with a uniform profile for new types."""
    levels, modes, themes = list(taxonomy.levels), list(taxonomy.modes), list(taxonomy.themes)
    profiles = {}
    for event_type in taxonomy.event_types:
        share, level_w, mode_w, japan, theme_w = TYPE_PROFILES.get(
            event_type, (0.02, {}, {}, 0.9, {})
        )
        level_w = {key: value for key, value in level_w.items() if key in levels} or {
            key: 1 for key in levels
        }
        mode_w = {key: value for key, value in mode_w.items() if key in modes} or {
            key: 1 for key in modes
        }
        theme_w = {key: value for key, value in theme_w.items() if key in themes} or {
            key: 1 for key in themes
        }
        profiles[event_type] = (share, level_w, mode_w, japan, theme_w)
    return profiles


def draw_countries(rng: np.random.Generator, countries: Countries, size: int) -> list[tuple]:
    """1–5 distinct countries per event: a primary by weight, others mostly from its region."""
    total = len(countries.codes)
    how_many = rng.choice(len(COUNTRY_COUNT_SHARES), size=size, p=COUNTRY_COUNT_SHARES) + 1
    picks = rng.choice(total, size=(size, 5), p=countries.weights)
    by_region: dict[str, np.ndarray] = {}
    for position, region in enumerate(countries.subregions):
        by_region.setdefault(region, []).append(position)
    region_members = {region: np.array(members) for region, members in by_region.items()}
    region_of = np.array([countries.subregions[index] for index in range(total)], dtype=object)
    same_region = rng.random((size, 5)) < 0.7
    for column in range(1, 5):
        rows = np.flatnonzero(same_region[:, column])
        regions = region_of[picks[rows, 0]]
        for region, members in region_members.items():
            chosen = rows[regions == region]
            picks[chosen, column] = members[rng.integers(0, len(members), size=len(chosen))]
    result = []
    codes = countries.codes
    for row, count in zip(picks, how_many, strict=True):
        unique = list(dict.fromkeys(row.tolist()))[:count]
        result.append(tuple(codes[unique]))
    return result


def _lookup_by_year(table: tuple[tuple[int, str], ...], years: np.ndarray) -> np.ndarray:
    starts = np.array([start for start, _ in table])
    names = np.array([name for _, name in table], dtype=object)
    return names[np.clip(np.searchsorted(starts, years, side="right") - 1, 0, None)]


def draw_dates(rng: np.random.Generator, volumes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Dates at year, month or day precision: the year before the volume, or its first months."""
    size = len(volumes)
    own_year = rng.random(size) < 0.1
    years = np.where(own_year, volumes, volumes - 1)
    months = np.where(own_year, rng.integers(1, 4, size), rng.integers(1, 13, size))
    days = rng.integers(1, 29, size)
    precision = rng.choice(3, size=size, p=(0.1, 0.5, 0.4))
    dates = np.empty(size, dtype=object)
    precisions = np.array(["year", "month", "day"], dtype=object)[precision]
    for index in range(size):
        if precision[index] == 0:
            dates[index] = f"{years[index]}"
        elif precision[index] == 1:
            dates[index] = f"{years[index]}-{months[index]:02d}"
        else:
            dates[index] = f"{years[index]}-{months[index]:02d}-{days[index]:02d}"
    return dates, precisions


def _when(date: str) -> str:
    parts = date.split("-")
    if len(parts) == 1:
        return f"In {parts[0]}"
    month = MONTHS[int(parts[1]) - 1]
    return f"In {month} {parts[0]}" if len(parts) == 2 else f"On {int(parts[2])} {month} {parts[0]}"


def build_evidence(
    rng: np.random.Generator,
    events: pd.DataFrame,
    names: dict[str, str],
) -> tuple[list[str], list[str]]:
    """Evidence of 150–600 characters per event, and its Japanese and partner actors."""
    size = len(events)
    targets = np.clip(rng.lognormal(np.log(290), 0.4, size), EVIDENCE_MIN, EVIDENCE_MAX)
    filler_order = rng.integers(0, 1_000_000, size)
    prime = _lookup_by_year(PRIME_MINISTERS, events["year"].to_numpy())
    foreign = _lookup_by_year(FOREIGN_MINISTERS, events["year"].to_numpy())
    evidence, actors_japan = [], []
    for index, row in enumerate(events.itertuples(index=False)):
        first = names[row.countries[0]]
        others = [names[code] for code in row.countries[1:]]
        also = f" and {', '.join(others)}" if others else ""
        if row.level == "summit":
            japan = f"Prime Minister {prime[index]}"
        elif row.level == "ministerial":
            japan = f"Foreign Minister {foreign[index]}"
        elif row.level == "vice_ministerial":
            japan = "State Minister for Foreign Affairs"
        else:
            japan = "the Government of Japan"
        partner = {"summit": "the President", "ministerial": "the Foreign Minister"}.get(
            row.level, "senior officials"
        )
        text = LEAD_SENTENCES.get(row.event_type, "{when}, Japan and {country}{also} met.").format(
            when=_when(row.date), japan=japan, partner=partner, country=first, also=also
        )
        pool = [THEME_SENTENCES.get(theme, FILLER_SENTENCES[:1]) for theme in row.themes]
        pool = [sentence for group in pool for sentence in group] + list(FILLER_SENTENCES)
        start = filler_order[index]
        for step in range(len(pool)):
            candidate = pool[(start + step) % len(pool)]
            if len(text) + 1 + len(candidate) > EVIDENCE_MAX:
                continue
            if len(text) >= targets[index] and len(text) >= EVIDENCE_MIN:
                break
            text = f"{text} {candidate}"
        evidence.append(text)
        actors_japan.append(japan if japan != "the Government of Japan" else "")
    return evidence, actors_japan


def build_events(
    rng: np.random.Generator, size: int, taxonomy, countries: Countries
) -> pd.DataFrame:
    """The events table as strings, in the ``data/events.csv`` column order."""
    profiles = _profiles(taxonomy)
    types = list(profiles)
    shares = np.array([profiles[event_type][0] for event_type in types])
    volume_years = np.arange(FIRST_VOLUME, LAST_VOLUME + 1)
    volume_weights = np.linspace(1.0, 2.0, len(volume_years))
    volumes = rng.choice(volume_years, size=size, p=volume_weights / volume_weights.sum())
    type_codes = rng.choice(len(types), size, p=shares / shares.sum())
    event_types = np.array(types, dtype=object)[type_codes]
    levels = np.empty(size, dtype=object)
    modes = np.empty(size, dtype=object)
    japan = np.empty(size, dtype=bool)
    themes = np.empty(size, dtype=object)
    dates, precisions = draw_dates(rng, volumes)
    years = np.array([int(date[:4]) for date in dates])
    theme_ids = list(taxonomy.themes)
    extra_theme_count = rng.choice(3, size=size, p=(0.6, 0.3, 0.1))
    for event_type in types:
        rows = np.flatnonzero(event_types == event_type)
        _, level_w, mode_w, japan_share, theme_w = profiles[event_type]
        levels[rows] = _pick(rng, level_w, len(rows))
        modes[rows] = _pick(rng, mode_w, len(rows))
        japan[rows] = rng.random(len(rows)) < japan_share
        primary = _pick(rng, theme_w, len(rows))
        extra = rng.integers(0, len(theme_ids), size=(len(rows), 2))
        for row, main, more, count in zip(
            rows, primary, extra, extra_theme_count[rows], strict=True
        ):
            chosen = [main, *(theme_ids[index] for index in more[:count])]
            if 2020 <= years[row] <= 2022 and "health" in theme_ids and row % 5 == 0:
                chosen.append("health")
            themes[row] = tuple(dict.fromkeys(chosen))
    event_countries = draw_countries(rng, countries, size)
    order = np.lexsort((dates.astype(str), volumes))
    frame = pd.DataFrame(
        {
            "volume": volumes[order],
            "date": dates[order],
            "date_precision": precisions[order],
            "countries": [event_countries[index] for index in order],
            "event_type": event_types[order],
            "level": levels[order],
            "mode": modes[order],
            "japan_involved": japan[order],
            "themes": themes[order],
            "year": years[order],
        }
    )
    return frame


def attach_text(
    rng: np.random.Generator, frame: pd.DataFrame, countries: Countries
) -> pd.DataFrame:
    """Add ids, titles, actors, sections, paragraphs, evidence and review flags."""
    names = dict(zip(countries.codes, countries.names, strict=True))
    regions = dict(zip(countries.codes, countries.subregions, strict=True))
    evidence, actors_japan = build_evidence(rng, frame, names)
    first_country = frame["countries"].map(lambda codes: codes[0])
    frame = frame.assign(
        evidence=evidence,
        actors_japan=actors_japan,
        section=first_country.map(regions),
        source_id=frame["volume"].map(lambda year: f"syn-bb{year}"),
    )
    frame["event_id"] = [
        f"syn-bb{volume}-{index:07d}"
        for index, volume in zip(range(len(frame)), frame["volume"], strict=True)
    ]
    frame["paragraph"] = frame.groupby(["source_id", "section"]).cumcount() + 1
    frame["actors_partner"] = np.where(
        frame["level"].isin(["summit", "ministerial"]),
        first_country.map(lambda code: f"Leadership of {names[code]}"),
        "",
    )
    frame["title"] = [
        TITLE_TEMPLATES.get(event_type, "Event with {country}").format(
            country=names[codes[0]] + (" and others" if len(codes) > 1 else ""),
            level=level.replace("_", "-"),
        )
        for event_type, level, codes in zip(
            frame["event_type"], frame["level"], frame["countries"], strict=True
        )
    ]
    frame["reviewed"] = rng.random(len(frame)) < 0.9
    return frame


def to_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The events in the CSV form: lists joined with ';', booleans as true/false."""
    flat = frame.copy()
    for column in ("countries", "themes"):
        flat[column] = flat[column].map(";".join)
    for column in ("japan_involved", "reviewed"):
        flat[column] = np.where(flat[column], "true", "false")
    flat["paragraph"] = flat["paragraph"].astype(str)
    return flat.loc[:, list(EVENT_COLUMNS)]


def write_sources(target: Path, frame: pd.DataFrame) -> None:
    """One source per volume: its text holds every evidence passage, one paragraph each."""
    sources_dir = target / "sources"
    sources_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for volume in range(FIRST_VOLUME, LAST_VOLUME + 1):
        source_id = f"syn-bb{volume}"
        file = f"synthetic_bluebook_{volume}.txt"
        chosen = frame[frame["source_id"] == source_id]
        parts = [f"Diplomatic Bluebook {volume} (synthetic)", "Chapter 2"]
        for number, (section, group) in enumerate(chosen.groupby("section", sort=True), 1):
            parts.append(f"({number}) {section}")
            parts.extend(group.sort_values("paragraph")["evidence"])
        write_text_atomic("\n\n".join(parts) + "\n", sources_dir / file)
        rows.append(
            {
                "source_id": source_id,
                "title": f"Diplomatic Bluebook {volume} (synthetic), Chapter 2",
                "volume_year": str(volume),
                "chapter": "2",
                "section": "Japan's Foreign Policy by Region",
                "url": "",
                "attribution": f"Synthetic data modelled on Diplomatic Bluebook {volume}",
                "file": file,
            }
        )
    table = pd.DataFrame(rows).reindex(columns=list(SOURCE_COLUMNS), fill_value="")
    write_csv_atomic(table, sources_dir / "sources.csv", SOURCE_COLUMNS)


def build_country_summaries(frame: pd.DataFrame, countries: Countries, taxonomy) -> pd.DataFrame:
    """A short summary for every (country, source) pair that has events."""
    names = dict(zip(countries.codes, countries.names, strict=True))
    pairs = frame[["countries", "source_id", "event_type", "volume"]].explode("countries")
    grouped = pairs.groupby(["countries", "source_id"], sort=True)
    totals = grouped.size()
    top_types = grouped["event_type"].agg(lambda types: types.value_counts().index[0])
    rows = []
    for (code, source_id), total in totals.items():
        label = taxonomy.event_types.get(top_types[code, source_id], "contacts").lower()
        year = int(source_id.removeprefix("syn-bb")) - 1
        rows.append(
            {
                "iso3": code,
                "source_id": source_id,
                "name": names[code],
                "names_in_text": names[code],
                "summary": (
                    f"In {year}, Japan and {names[code]} kept up regular contact: this volume "
                    f"records {total} events concerning {names[code]}, most often of the kind "
                    f"'{label}'. Both governments stressed continued dialogue and practical "
                    f"cooperation."
                ),
                "status": "reviewed",
            }
        )
    return pd.DataFrame(rows, columns=list(COUNTRY_COLUMNS))


def generate_data_dir(target: Path, size: int, seed: int = SEED) -> dict[str, object]:
    """Write a complete synthetic data folder with ``size`` events to ``target``.

    In: an empty or absent folder (an existing one is replaced), the number of events and the
    seed (same seed, same files). Out: the manifest also written to ``target/synthetic.json``.
    """
    started = time.perf_counter()
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "taxonomy", target / "taxonomy")
    taxonomy, problems = read_taxonomy(target)
    if taxonomy is None:
        raise ValueError(f"the taxonomy in data/taxonomy is invalid: {problems[0]}")
    rng = np.random.default_rng(seed)
    countries = choose_countries(rng)
    frame = attach_text(rng, build_events(rng, size, taxonomy, countries), countries)
    write_sources(target, frame)
    write_csv_atomic(to_csv_frame(frame), target / "events.csv", EVENT_COLUMNS)
    summaries = build_country_summaries(frame, countries, taxonomy)
    write_csv_atomic(summaries, target / "countries.csv", COUNTRY_COLUMNS)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "events": size,
        "countries": int(frame["countries"].explode().nunique()),
        "events_csv_mb": round((target / "events.csv").stat().st_size / 1e6, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def raise_table_limit() -> dict[str, str]:
    """Let this process (and the processes it starts) read the large synthetic tables.

    Sets ``BLUEBOOK_MAX_TABLE_MB`` to ``SIZE_LIMIT_MB`` and applies it to ``bluebook.tables``,
    which read it on import. Returns the variable, to pass to subprocesses explicitly.
    """
    from bluebook import tables

    os.environ[tables.MAX_TABLE_MB_VARIABLE] = str(SIZE_LIMIT_MB)
    tables.MAX_TABLE_BYTES = SIZE_LIMIT_MB * tables.MEGABYTE
    return {tables.MAX_TABLE_MB_VARIABLE: str(SIZE_LIMIT_MB)}


def data_dir_for(name: str) -> Path:
    """The folder of a standard size (``10k``, ``200k``, ``1m``) under ``bench/out``."""
    return OUT_DIR / f"synthetic-{name}"


def ensure_data_dir(name: str, seed: int = SEED) -> Path:
    """The folder of a standard size, generated first if missing or made by another generator."""
    target = data_dir_for(name)
    manifest_path = target / MANIFEST
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("generator_version") == GENERATOR_VERSION
            and manifest.get("seed") == seed
            and manifest.get("events") == SIZES[name]
        ):
            return target
    generate_data_dir(target, SIZES[name], seed)
    return target


def main() -> None:
    for name in SIZES:
        target = ensure_data_dir(name)
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        print(f"synthetic_events_{name}: {manifest['events']} events", flush=True)
        print(f"synthetic_countries_{name}: {manifest['countries']} countries", flush=True)
        print(f"synthetic_events_csv_mb_{name}: {manifest['events_csv_mb']} MB", flush=True)
        print(f"synthetic_generate_s_{name}: {manifest['seconds']} s", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=OUT_DIR / "synthetic-custom")
    parser.add_argument("--seed", type=int, default=SEED)
    arguments = parser.parse_args()
    print(json.dumps(generate_data_dir(arguments.out, arguments.events, arguments.seed)))
    sys.exit(0)
