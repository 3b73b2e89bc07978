"""Find date expressions in a sentence and resolve them against the volume's narrative year.

A Bluebook volume narrates the previous calendar year: a bare month ("In May") belongs to the
year before the volume's unless the paragraph has moved on to another year ("In 2022, …",
"in January 2022"). Several days of one month ("on March 3 and 8") give the month; several
months ("in May and October") give one date each. Unstated months stay unstated (year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bluebook.extract.regexes import fast_start
from bluebook.extract.structure import MONTHS

_M = "(?:" + "|".join(MONTHS) + ")"
_YEAR = r"(?:19[4-9]\d|20\d\d)"
_PART = r"(?:(?:early|mid|late|the (?:beginning|middle|end) of)[ -])?"  # "from late April"
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:Tokyo|Expo|EXPO|Vision|Agenda|Games|Beijing|Paris|Osaka|Kansai|Horizon|Strategy|COP|FY)"
    r"\s?$"
)
_NOT_A_YEAR_AFTER = re.compile(r"^(?:\s?(?:Agenda|Olympic|Paralympic|Games|Expo|World Cup)|-\d)")
_MAY_HOLD_A_DATE = re.compile(rf"{_M}|\d{{4}}|spring|summer|fall|autumn|winter")
_SINCE = re.compile(
    r"\b(?:[Ss]ince|[Uu]ntil|[Cc]ontinuing (?:on )?from) (?:the )?(?:early |late |mid-)?$"
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "range",
        fast_start(
            rf"\b[Ff]rom {_PART}(?P<m1>{_M})(?: (?P<d1>\d{{1,2}})(?!\d))?(?:,? (?P<y1>{_YEAR}))? "
            rf"(?:to|until|through) {_PART}(?P<m2>{_M})(?: \d{{1,2}}(?!\d))?"
            rf"(?:,? (?P<y2>{_YEAR}))?"
        ),
    ),
    (
        "days",
        fast_start(
            rf"\b(?P<m1>{_M}) \d{{1,2}}(?:, \d{{1,2}})*,? and \d{{1,2}}\b(?:,? (?P<y1>{_YEAR}))?"
        ),
    ),
    (
        "day",
        fast_start(
            rf"\b(?P<m1>{_M}) (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s?[-–]\s?\d{{1,2}})?"
            rf"(?!\d)(?:,? (?P<y1>{_YEAR}))?"
        ),
    ),
    ("day", fast_start(rf"\b(?P<d1>\d{{1,2}}) (?P<m1>{_M})(?: (?P<y1>{_YEAR}))?")),
    ("months", fast_start(rf"\b(?P<m1>{_M})(?:, {_M})*,? and {_M}(?:,? (?P<y1>{_YEAR}))?")),
    ("month", fast_start(rf"\b(?P<m1>{_M})(?:,? (?P<y1>{_YEAR}))?\b")),
    (
        "season",
        fast_start(
            r"\b(?:the )?(?:early |late |mid-)?(?:spring|summer|fall|autumn|winter)"
            rf"(?: of (?P<y1>{_YEAR}))?\b"
        ),
    ),
    ("year", fast_start(rf"\b(?P<y1>{_YEAR})\b")),
)


@dataclass(frozen=True)
class DateMention:
    """A date expression: its span, what it states, and whether it follows "since"."""

    start: int
    end: int
    kind: str
    months: tuple[int, ...]
    day: int | None
    year: int | None
    since: bool

    @property
    def explicit_year(self) -> bool:
        return self.year is not None


@dataclass(frozen=True)
class ResolvedDate:
    """An ISO date at year, month or day precision."""

    date: str
    precision: str
    year: int


def find_dates(sentence: str) -> list[DateMention]:
    """Return the non-overlapping date expressions of ``sentence`` in reading order."""
    if not _MAY_HOLD_A_DATE.search(sentence):
        return []
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _mention(kind, match, sentence)
            if mention is not None:
                taken.append((match.start(), match.end()))
                mentions.append(mention)
    return sorted(mentions, key=lambda mention: mention.start)


def _mention(kind: str, match: re.Match[str], sentence: str) -> DateMention | None:
    groups = match.groupdict()
    year = int(groups["y1"]) if groups.get("y1") else None
    if kind == "range" and year is None and groups.get("y2"):
        year = int(groups["y2"])
    if kind == "year" and not _is_event_year(sentence, match):
        return None
    months: tuple[int, ...] = ()
    if kind == "months":
        months = tuple(MONTHS.index(name) + 1 for name in re.findall(_M, match.group(0)))
    elif groups.get("m1"):
        months = (MONTHS.index(groups["m1"]) + 1,)
    day = int(groups["d1"]) if groups.get("d1") and kind == "day" else None
    since = bool(_SINCE.search(sentence[max(0, match.start() - 20) : match.start()]))
    return DateMention(match.start(), match.end(), kind, months, day, year, since)


def _is_event_year(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[max(0, match.start() - 12) : match.start()]
    after = sentence[match.end() : match.end() + 14]
    return not (_NOT_A_YEAR_BEFORE.search(before) or _NOT_A_YEAR_AFTER.match(after))


def resolve(mention: DateMention, narrative_year: int) -> list[ResolvedDate]:
    """Return the ISO date(s) ``mention`` stands for; one per month of "in May and October"."""
    year = mention.year if mention.year is not None else narrative_year
    if not mention.months:
        return [ResolvedDate(f"{year:04d}", "year", year)]
    if mention.day is not None:
        return [ResolvedDate(f"{year:04d}-{mention.months[0]:02d}-{mention.day:02d}", "day", year)]
    return [ResolvedDate(f"{year:04d}-{month:02d}", "month", year) for month in mention.months]


def year_only(year: int) -> ResolvedDate:
    """Return the year-precision date of ``year``."""
    return ResolvedDate(f"{year:04d}", "year", year)
