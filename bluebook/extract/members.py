"""Member lists a text gives for a group, and the abbreviations it defines for it.

"The Pacific Alliance (composed of Chile, Colombia, Mexico, and Peru; hereafter referred to as
“PA”)" or "MERCOSUR is a customs union composed of Argentina, Brazil, Paraguay, and Uruguay":
for the rest of that text the group (and "PA") stands for those countries, as the annotation
guideline asks (a group's countries are the ones the text names). Organisations the text lists
no members for keep giving no country (see ``data/gazetteer/README.md``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bluebook.extract.countries import CountryFinder, Mention
from bluebook.extract.resources import Entry

_NAME = r"(?P<name>[A-Z][\w&'’-]*(?: (?:of|the|for|and|[A-Z][\w&'’-]*)){0,6})"
_COMPOSED = r"(?:composed of|consisting of|comprising|made up of|whose members are)"
_DEFINITION = re.compile(
    rf"\b{_NAME} (?:\((?:{_COMPOSED} )?|is an? [^.;()]{{0,80}}?{_COMPOSED} )"
    r"(?P<list>[^;.()]{3,200})(?P<rest>[^.()]{0,80}\))?"
)
_ABBREVIATION = re.compile(
    r"(?:hereafter referred to as|hereinafter|or) [“\"']?(?P<abbr>[A-Z]{2,8})\b"
)
MEMBERS_KIND = "members"


def find_member_lists(text: str, finder: CountryFinder, year: int) -> dict[str, tuple[str, ...]]:
    """Return {group name or abbreviation: member codes} for the groups ``text`` lists."""
    groups: dict[str, tuple[str, ...]] = {}
    for match in _DEFINITION.finditer(text):
        members = [
            m
            for m in finder.find(match.group("list"), year)
            if m.entry.kind == "country" and not m.is_japan
        ]
        codes = tuple(dict.fromkeys(code for m in members for code in m.entry.codes))
        if len(codes) < 2 or not _only_a_list(match.group("list"), members):
            continue
        name = re.split(r" and (?:the )?", re.sub(r"^The ", "", match.group("name")))[-1]
        groups[name] = codes
        abbreviation = _ABBREVIATION.search(match.group("rest") or "")
        if abbreviation:
            groups[abbreviation.group("abbr")] = codes
    return groups


def _only_a_list(text: str, members: list[Mention]) -> bool:
    """The parenthesis or clause is a list of countries, not a sentence naming some."""
    rest = text
    for mention in sorted(members, key=lambda m: -m.start):
        rest = rest[: mention.start] + rest[mention.end :]
    return not re.sub(r"\b(?:and|the|of|Republic|Kingdom)\b|[,\s]", "", rest)


def apply_member_lists(
    text: str, mentions: list[Mention], groups: dict[str, tuple[str, ...]]
) -> list[Mention]:
    """Give the listed groups' mentions in ``text`` their members (adding abbreviations)."""
    if not groups:
        return mentions
    result = []
    for mention in mentions:
        codes = groups.get(mention.text)
        if codes and mention.entry.kind == "group":
            mention = replace(mention, entry=_members_entry(mention.text, codes))
        result.append(mention)
    taken = [(m.start, m.end) for m in result]
    for name, codes in groups.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            entry = _members_entry(name, codes)
            result.append(Mention(match.start(), match.end(), name, entry, False))
    return sorted(result, key=lambda m: m.start)


def _members_entry(name: str, codes: tuple[str, ...]) -> Entry:
    return Entry(name, "group", codes, expand=True, group_kind=MEMBERS_KIND)
