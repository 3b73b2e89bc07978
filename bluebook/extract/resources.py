"""Load the data files the extractor reads: gazetteer, keyword lists, and country names.

Everything is read once per data folder and cached (``functools.cache``); nothing is read at
import time (only whether the package carries its own copy of the vocabulary is looked up, to
choose ``DEFAULT_DATA_DIR``: an installed package reads that copy, a checkout its ``data/``;
``pip install .`` takes the copy from the checkout's ``data/`` at build time).

Country names come from ``country_converter``'s own table (its TSV, read directly: building a
``CountryConverter`` is slow and breaks on Namibia's ``NA`` code under pandas 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import country_converter
import pandas as pd

from bluebook.extract.regexes import fast_start, literal_gate, may_match
from bluebook.schema import JAPAN_ISO3

CHECKOUT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
"""The source checkout's ``data/``, whose ``taxonomy/`` and ``gazetteer/`` the extractor reads."""
PACKAGED_DATA_DIR = Path(__file__).resolve().with_name("vocabulary")
"""The same keyword tables and gazetteer as an installed package carries them (``pip install .``
copies ``data/taxonomy/keywords_*.csv`` and ``data/gazetteer/*.csv`` there; a checkout has none)."""
DEFAULT_DATA_DIR = PACKAGED_DATA_DIR if PACKAGED_DATA_DIR.is_dir() else CHECKOUT_DATA_DIR


@dataclass(frozen=True)
class Entry:
    """One name the text may show, and what it stands for."""

    name: str
    kind: str  # country | person | group
    codes: tuple[str, ...]
    expand: bool = True
    group_kind: str = ""  # a group's kind, or an alias's kind (demonym, capital …)
    from_year: int | None = None
    to_year: int | None = None
    role: str = ""


@dataclass(frozen=True)
class Pattern:
    """A compiled keyword pattern and the value it gives (event type, theme or mode)."""

    regex: re.Pattern[str]
    value: str
    priority: int = 0
    gate: tuple[str, ...] | None = None  # see ``regexes.literal_gate``
    ignore_case: bool = False
    rule: str = ""  # "file.csv:LINE", the pattern's line in its file (the header is line 1)

    def may_match(self, text: str, lowered: str | None) -> bool:
        """False only if the pattern cannot match ``text`` (``lowered``: see
        ``regexes.lowered_for_gates``)."""
        return may_match(self.gate, text, lowered, self.ignore_case)


@dataclass(frozen=True)
class Title:
    """A title of an official and the level of the taxonomy it implies."""

    title: str
    level: str
    japanese_only: bool


@dataclass(frozen=True)
class TypeDefaults:
    """Mode, level and theme an event type gets when the text says nothing more."""

    mode: str
    mode_without_japan: str
    level: str
    level_from_titles: bool
    theme: str


@dataclass(frozen=True)
class Resources:
    """Everything the extractor looks up, loaded from one data folder."""

    entries: tuple[Entry, ...]
    country_names: dict[str, str]
    event_patterns: tuple[Pattern, ...]
    theme_patterns: tuple[Pattern, ...]
    mode_patterns: tuple[Pattern, ...]
    titles: tuple[Title, ...]
    type_defaults: dict[str, TypeDefaults]
    named_events: tuple[Pattern, ...]

    @property
    def place_names(self) -> frozenset[str]:
        """Names of countries, capitals and regions (not demonyms, people or organisations)."""
        return _place_names(self.entries)


@cache
def _place_names(entries: tuple[Entry, ...]) -> frozenset[str]:
    return frozenset(
        entry.name
        for entry in entries
        if (entry.kind == "country" and entry.group_kind != "demonym")
        or (entry.kind == "group" and entry.group_kind in {"region", "place"})
    )


def _read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@cache
def read_country_table() -> pd.DataFrame:
    """Return country_converter's table (ISO3, short and official names, classifications)."""
    path = Path(country_converter.__file__).with_name("country_data.tsv")
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    return table[table["obsolete"] == ""]


def _country_entries() -> tuple[list[Entry], dict[str, str]]:
    entries: list[Entry] = []
    names: dict[str, str] = {}
    for row in read_country_table().itertuples(index=False):
        names[row.ISO3] = row.name_short
        for name in {row.name_short, row.name_official}:
            if name and not re.search(r"[,()]", name):
                entries.append(Entry(name, "country", (row.ISO3,)))
    return entries, names


def _group_members(value: str) -> tuple[str, ...]:
    if value.startswith("cc:"):
        table = read_country_table()
        column = value[3:]
        return tuple(table.loc[table[column] != "", "ISO3"])
    return tuple(code for code in value.split(";") if code)


def _year(value: str) -> int | None:
    return int(value) if value.strip() else None


def _gazetteer_entries(folder: Path) -> list[Entry]:
    entries = [
        Entry(row.alias, "country", (row.iso3,), group_kind=row.kind)
        for row in _read_csv(folder / "country_aliases.csv").itertuples(index=False)
    ]
    entries += [
        Entry(
            row.name,
            "person",
            (row.iso3,),
            from_year=_year(row.from_year),
            to_year=_year(row.to_year),
            role=row.role,
        )
        for row in _read_csv(folder / "people.csv").itertuples(index=False)
    ]
    entries += [
        Entry(row.name, "group", _group_members(row.members), row.expand == "true", row.kind)
        for row in _read_csv(folder / "groups.csv").itertuples(index=False)
    ]
    return entries


def _patterns(path: Path, value_column: str, flags: int = 0) -> tuple[Pattern, ...]:
    frame = _read_csv(path)
    priorities = frame["priority"] if "priority" in frame else ["0"] * len(frame)
    cases = frame["case"] if "case" in frame else ["s"] * len(frame)
    patterns = []
    for line, (pattern, value, priority, case) in enumerate(
        zip(frame["pattern"], frame[value_column], priorities, cases, strict=True), start=2
    ):
        pattern_flags = flags | (re.IGNORECASE if case == "i" else 0)
        gate = literal_gate(pattern, pattern_flags)
        compiled = fast_start(pattern, pattern_flags)
        ignore_case = bool(pattern_flags & re.IGNORECASE)
        rule = f"{path.name}:{line}"
        patterns.append(Pattern(compiled, value, int(priority), gate, ignore_case, rule))
    return tuple(patterns)


def _type_defaults(path: Path) -> dict[str, TypeDefaults]:
    return {
        row.event_type: TypeDefaults(
            row.mode, row.mode_without_japan, row.level, row.level_source == "titles", row.theme
        )
        for row in _read_csv(path).itertuples(index=False)
    }


@cache
def load_resources(data_dir: Path = DEFAULT_DATA_DIR) -> Resources:
    """Read the gazetteer and keyword files of ``data_dir``; ``OSError`` if one is missing."""
    data_dir = Path(data_dir)
    countries, names = _country_entries()
    taxonomy = data_dir / "taxonomy"
    titles = tuple(
        Title(row.title, row.level, row.side == JAPAN_ISO3)
        for row in _read_csv(data_dir / "gazetteer" / "titles.csv").itertuples(index=False)
    )
    named = _read_csv(data_dir / "gazetteer" / "named_events.csv")
    return Resources(
        entries=tuple(countries + _gazetteer_entries(data_dir / "gazetteer")),
        country_names=names,
        event_patterns=_patterns(taxonomy / "keywords_event_types.csv", "event_type"),
        theme_patterns=_patterns(taxonomy / "keywords_themes.csv", "theme"),
        mode_patterns=_patterns(taxonomy / "keywords_modes.csv", "mode", re.IGNORECASE),
        titles=titles,
        type_defaults=_type_defaults(taxonomy / "keywords_type_defaults.csv"),
        named_events=tuple(
            Pattern(re.compile(re.escape(pattern)), date)
            for pattern, date in zip(named["pattern"], named["date"], strict=True)
        ),
    )
