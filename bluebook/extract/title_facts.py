"""What an event title is built from: its officials, its countries in words, and short phrases
of the evidence sentence (the occasion of a meeting, the name of a meeting or an agreement).

Used by ``bluebook.extract.titles``; nothing here writes a whole title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bluebook.extract.model import Event
from bluebook.extract.resources import Entry, load_resources
from bluebook.schema import JAPAN_ISO3

# Long official titles shortened for a headline; the full title stays in the actor columns.
SHORT_ROLES = {
    "Minister for Foreign Affairs": "Foreign Minister",
    "Minister of Foreign Affairs": "Foreign Minister",
    "Federal Minister for Foreign Affairs": "Foreign Minister",
    "Minister for Europe and Foreign Affairs": "Foreign Minister",
    "Parliamentary Vice-Minister for Foreign Affairs": "Parliamentary Vice-Minister",
    "State Minister for Foreign Affairs": "State Minister",
    "Vice-Minister for Foreign Affairs": "Vice-Minister",
    "First Deputy Minister of Foreign Affairs": "First Deputy Foreign Minister",
    "Deputy Minister of Foreign Affairs": "Deputy Foreign Minister",
    "Deputy Prime Minister and Minister of Finance": "Deputy Prime Minister",
    "Deputy Prime-Minister": "Deputy Prime Minister",
    "Prime-Minister": "Prime Minister",
    "Deputy Chairman of the Cabinet of Ministers": "Deputy Chairman of the Cabinet",
    "Minister of Defense": "Defense Minister",
    "Speaker of the House of Representatives": "Speaker",
    "Speaker of the House of Councillors": "Speaker",
    "President of the House of Councillors": "Speaker",
}
_GROUP_ROLES = {"Leaders", "Leaders'", "leaders", "Heads of State", "heads of state", "Summit"}
_ARTICLE_NAMES = frozenset({"Netherlands", "Philippines", "Bahamas", "Maldives", "Gambia"})

_CAPITALISED = r"[A-Z0-9][\w'’.+&-]*"
CONNECTOR = r"(?:of|the|and|on|for|in|plus|de|to)"
PROPER_PHRASE = rf"{_CAPITALISED}(?: (?:{CONNECTOR} )*{_CAPITALISED})*"
GATHERING = (
    r"Summit|Meeting|Conference|Assembly|Forum|Session|Dialogue|Games|Ceremony|Congress|"
    r"Council|Expo|Exposition|Olympics|Paralympics|COP\d+|TICAD\s?\d*|APEC|G7|G20"
)
_OCCASION_PATTERNS = (
    re.compile(
        r"\bon the (?P<word>occasion|margins?|sidelines?|fringes?) of (?P<name>(?:the )?"
        rf"{PROPER_PHRASE})"
    ),
    re.compile(rf"\b(?P<word>at|attended|attending) (?P<name>(?:the )?{PROPER_PHRASE})"),
)
_OPENERS = (
    "The|A|An|In|Under|At|On|With|After|Since|During|From|For|By|As|This|These|Its|Their|"
    "While|Following|Through|Between|Among|When|Also|Then"
)
_LEADING_OPENERS = re.compile(rf"^(?:(?:{_OPENERS}) )+")
_TRAILING_PLACE = re.compile(r" in [A-Z0-9].*$")
# Bounded: an unbounded run would be read again from each of its words (quadratic time).
_TRAILING_CONNECTORS = re.compile(rf"(?: {CONNECTOR}){{1,6}}$")
_CANDIDATE = re.compile(rf"(?:the )?(?:\d+(?:st|nd|rd|th) )?{PROPER_PHRASE}")


@dataclass(frozen=True)
class Person:
    """An official (or a body) named as an actor: a short role, a name and a country code."""

    role: str
    name: str
    code: str

    @property
    def label(self) -> str:
        return f"{self.role} {self.name}".strip()


@dataclass(frozen=True)
class Facts:
    """What a title is built from. ``parts`` name the partner countries (a region's name may
    stand for several of them); ``japanese`` and ``partners`` are the officials."""

    event: Event
    codes: tuple[str, ...]
    parts: tuple[str, ...]
    japanese: tuple[Person, ...]
    partners: tuple[Person, ...]
    country_names: dict[str, str]

    @property
    def evidence(self) -> str:
        return self.event.evidence

    @property
    def japan(self) -> bool:
        return self.event.japan_involved

    def countries(self) -> str:
        """The partner countries in running text ("Kazakhstan and Uzbekistan")."""
        if not self.parts:
            return "other countries" if self.japan else "unnamed countries"
        return join_names(list(self.parts))

    def sides(self) -> str:
        """Japan and the partners when Japan took part, else the partners ("Japan and Georgia")."""
        if not self.japan:
            return self.countries()
        return join_names(["Japan", *self.parts], limit=5) if self.parts else "Japan"

    def name_of(self, code: str) -> str:
        return display_name(self.country_names.get(code, code))

    def with_country(self, person: Person) -> str:
        """ "President Karimov of Uzbekistan" (the country only when it is known)."""
        if not person.code or person.code == JAPAN_ISO3 or not person.role:
            return person.label
        return f"{person.label} of {self.name_of(person.code)}"


def build_facts(event: Event, country_names: dict[str, str], data_dir: Path) -> Facts:
    """Parse the event's actors and name its countries."""
    roles = _roles(data_dir)
    people = _people(data_dir)
    year = event.date.year
    codes = tuple(code for code in event.countries if code != JAPAN_ISO3)
    japanese = tuple(
        person
        for label in event.actors_japan
        if (person := parse_actor(label, roles, people, year, JAPAN_ISO3)).name
        and not person.name.startswith(("Government", "Japan"))
    )
    fallback = codes[0] if len(codes) == 1 else ""
    partners = [parse_actor(label, roles, people, year, fallback) for label in event.actors_partner]
    # An official of a country the event does not concern is a bystander of the sentence.
    partners = [p for p in partners if p.name and (not p.code or p.code in codes)]
    japanese += tuple(p for p in partners if p.code == JAPAN_ISO3)
    partners = [p for p in partners if p.code != JAPAN_ISO3]
    parts = country_parts(codes, country_names, _naming_groups(data_dir), event.evidence)
    return Facts(event, codes, parts, japanese, tuple(partners), country_names)


@cache
def _roles(data_dir: Path) -> tuple[str, ...]:
    titles = load_resources(data_dir).titles
    return tuple(sorted((title.title for title in titles), key=len, reverse=True))


@cache
def _people(data_dir: Path) -> dict[str, tuple[Entry, ...]]:
    people: dict[str, list[Entry]] = {}
    for entry in load_resources(data_dir).entries:
        if entry.kind == "person":
            people.setdefault(entry.name, []).append(entry)
    return {name: tuple(entries) for name, entries in people.items()}


def parse_actor(
    label: str,
    roles: tuple[str, ...],
    people: dict[str, tuple[Entry, ...]],
    year: int,
    default_code: str,
) -> Person:
    """Split "Minister of Foreign Affairs Jeyhun Bayramov" into a short role ("Foreign
    Minister"), the name the gazetteer knows ("Bayramov", else the name as written) and the
    person's country (from ``people.csv``, else ``default_code``)."""
    label = label.strip()
    role = next((r for r in roles if label.startswith(r + " ")), "")
    name = label[len(role) :].strip() if role else label
    if role in _GROUP_ROLES:
        role, name = "", label
    words = name.split()
    spans = [(i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)]
    spans.sort(key=lambda span: span[0] - span[1])  # the longest first
    known = [" ".join(words[i:j]) for i, j in spans]
    found = next((part for part in known if part in people), "")
    code = default_code
    if found:
        entries = people[found]
        in_office = [e for e in entries if (e.from_year or 0) <= year <= (e.to_year or 9999)]
        code = (in_office or list(entries))[0].codes[0]
    return Person(SHORT_ROLES.get(role, role), (found or name) if role else name, code)


def country_parts(
    codes: tuple[str, ...],
    country_names: dict[str, str],
    groups: tuple[Entry, ...] = (),
    evidence: str = "",
) -> tuple[str, ...]:
    """Names for ``codes``; five or more countries that include a whole region or framework
    are named by it ("the five Central Asian countries", "the EU3+3") and the rest one by
    one."""
    names = {code: display_name(country_names.get(code, code)) for code in codes}
    if len(codes) > 4:
        group = _largest_group(frozenset(codes), groups, evidence)
        if group is not None and len(set(codes) - set(group.codes)) <= 2:
            parts: list[str] = []
            for code in codes:
                part = "the " + group.name if code in group.codes else names[code]
                if part not in parts:
                    parts.append(part)
            return tuple(parts)
    return tuple(names[code] for code in codes)


def _largest_group(codes: frozenset[str], groups: tuple[Entry, ...], evidence: str) -> Entry | None:
    """The largest region ("… countries") or framework (named in ``evidence``) inside
    ``codes``; a region wins a tie."""
    found = [
        entry
        for entry in groups
        if codes.issuperset(entry.codes)
        and (entry.group_kind == "region" or entry.name in evidence)
    ]
    return max(
        found, key=lambda entry: (len(entry.codes), entry.group_kind == "region"), default=None
    )


@cache
def _naming_groups(data_dir: Path) -> tuple[Entry, ...]:
    """Groups that can name several countries in a title: regions called "… countries" or
    "… states", and frameworks of countries (not agreements, not those with Japan)."""
    return tuple(
        entry
        for entry in load_resources(data_dir).entries
        if entry.kind == "group"
        and len(entry.codes) >= 3
        and (
            (entry.group_kind == "region" and entry.name.endswith(("countries", "states")))
            or entry.group_kind == "framework"
        )
        and not re.search(r"Japan|Plan of Action|JCPOA|Agreement|Treaty", entry.name)
    )


def display_name(name: str) -> str:
    """A country name for running text: "the United States", "Micronesia"."""
    name = name.split(",")[0].strip()
    if name.startswith("United ") or name.endswith((" Republic", " Islands")):
        return "the " + name
    return "the " + name if name in _ARTICLE_NAMES else name


def join_names(names: list[str], limit: int = 4) -> str:
    """ "A", "A and B", "A, B and C"; more than ``limit`` names become "A, B, C and N other
    countries"."""
    if len(names) > limit:
        shown = limit - 1
        return ", ".join(names[:shown]) + f" and {len(names) - shown} other countries"
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def find_occasion(evidence: str) -> str:
    """Return " at the UN General Assembly", " on the margins of the G20 Summit" or ""."""
    for pattern in _OCCASION_PATTERNS:
        for match in pattern.finditer(evidence):
            name = trim_phrase(match.group("name"))
            if not re.search(rf"(?:{GATHERING})\b", name.removeprefix("the ")):
                continue
            word = match.group("word")
            if word in {"at", "attended", "attending"}:
                return f" at {name}"
            return f" on the {word} of {name}"
    return ""


def trim_phrase(phrase: str) -> str:
    """Cut a sentence-opening word off the start of a proper name, and a place, date or
    dangling connector off its end."""
    phrase = _LEADING_OPENERS.sub("", phrase)
    if phrase[:4].lower() == "the ":
        phrase = "the " + phrase[4:]
    phrase = _TRAILING_PLACE.sub("", phrase)  # "… Conference in Jakarta in April 2015"
    phrase = _TRAILING_CONNECTORS.sub("", phrase)
    return phrase.rstrip(".,;:")


def find_named(evidence: str, nouns: str, prefer: str = "") -> str:
    """Return a proper name of ``evidence`` ending in one of ``nouns`` ("the 6th Expert
    Meeting", "Tax Convention"): the one containing ``prefer`` if any, else the first; "" if
    none. A lone generic word ("Dialogue", "Summit") is not a name."""
    found = []
    for match in _CANDIDATE.finditer(evidence):
        for phrase in re.split(r" and the ", match.group(0)):
            phrase = trim_phrase(phrase)
            bare = re.sub(r"^(?:the )?(?:\d+(?:st|nd|rd|th) )?", "", phrase)
            single = " " not in bare and not re.search(r"\d|^[A-Z]{2,}", bare)
            if not single and _ending_in(nouns).search(phrase):
                found.append(phrase)
    preferred = [phrase for phrase in found if prefer and prefer in phrase]
    return (preferred or found or [""])[0]


@cache
def _ending_in(nouns: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{nouns})(?: \([A-Z0-9+]+\))?$")


def strip_japan_prefix(name: str) -> str:
    """ "the Japan-Georgia Investment Agreement" → "Investment Agreement"; an ordinal stays."""
    name = re.sub(r"^(?:the )?(\d+(?:st|nd|rd|th) )?(?:[\w.-]*Japan[\w.-]*) ", r"\1", name)
    return name.removeprefix("the ")
