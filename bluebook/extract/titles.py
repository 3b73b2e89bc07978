"""Write a one-line, plain-English title for an extracted event.

A title says who did what, from what the event carries (officials, countries, type, level,
mode) and a few cues of its evidence sentence: the direction of a visit, the occasion of a
meeting, the kind of election, a death or a state of emergency. Examples: "Parliamentary
Vice-Minister Nakanishi visits Kazakhstan", "President Karimov of Uzbekistan dies", "Foreign
Ministers Kishida and Bishop meet at the UN General Assembly". Only short phrases (names of
meetings, agreements, occasions) come from the sentence, never the sentence itself.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from bluebook.extract.model import Event
from bluebook.extract.resources import DEFAULT_DATA_DIR, load_resources
from bluebook.extract.title_facts import (
    GATHERING,
    Facts,
    build_facts,
    find_named,
    find_occasion,
    join_names,
    strip_japan_prefix,
)
from bluebook.extract.title_happenings import HAPPENING_BUILDERS

MAX_TITLE_LENGTH = 200

# Who takes part when no official is named, and the matching adjective, by level.
_LEVEL_PEOPLE = {
    "summit": "leaders",
    "ministerial": "ministers",
    "vice_ministerial": "vice-ministers",
    "working": "officials",
    "parliamentary": "parliamentarians",
}
_LEVEL_ADJECTIVES = {
    "summit": "summit-level",
    "ministerial": "ministerial",
    "vice_ministerial": "vice-ministerial",
    "working": "working-level",
    "parliamentary": "parliamentary",
}
_INBOUND_VISIT = re.compile(
    r"\b(?:visit(?:ed|s|ing)?|(?:came|come|comes|travel(?:l?ed)?) to|trip to) Japan\b|"
    r"\bvisit to Japan\b|\bin Japan\b"
)
_MUTUAL_VISITS = re.compile(r"\b(?:mutual|reciprocal) visits\b|\bexchange(?:d|s)? visits\b")
_CONSULTATION_NAMES = r"Consultations?|Dialogue|Talks|2\+2|Committee|Commission"
_CONSULTATION_TOPIC = re.compile(
    r"\b(?:consultations?|dialogue) on (?:the )?([a-z][a-z -]{3,50}?)\s*[,.;(]"
)


def make_title(
    event: Event, country_names: dict[str, str], data_dir: Path = DEFAULT_DATA_DIR
) -> str:
    """Return a title of at most 200 characters such as "Prime Minister Suga and President
    Tokayev of Kazakhstan hold telephone talks"; works on sparse events (no actors, no
    countries) and never raises on what the extractor gives."""
    facts = build_facts(event, country_names, Path(data_dir))
    builder = {**_CONTACT_BUILDERS, **HAPPENING_BUILDERS}.get(event.event_type, title_other)
    return finish_title(builder(facts))


def finish_title(title: str) -> str:
    """Capitalise, tidy spaces and keep to ``MAX_TITLE_LENGTH`` characters (cut on a word)."""
    title = re.sub(r"\s+", " ", title).strip()
    if len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title[:1].upper() + title[1:]


def level_adjective(facts: Facts) -> str:
    return _LEVEL_ADJECTIVES.get(facts.event.level, "official")


def one_side(facts: Facts) -> str:
    """Japan's officials ("Prime Minister Kishida and Foreign Minister Hayashi")."""
    return join_names([person.label for person in facts.japanese[:2]])


def pair(facts: Facts) -> str:
    """Both sides of a contact: their officials when named, else "leaders of Japan and X"."""
    japanese, partners = facts.japanese[:1], facts.partners[:2]
    if japanese and len(partners) == 1 and japanese[0].role == partners[0].role:
        role = japanese[0].role
        if role and " of " not in role and " for " not in role:
            return f"{_plural(role)} {japanese[0].name} and {partners[0].name}"
    people = [person.label for person in japanese] + [facts.with_country(p) for p in partners]
    if facts.japan and not japanese and partners:
        people = [f"Japanese {_LEVEL_PEOPLE.get(facts.event.level, 'officials')}", *people]
    if people:
        return join_names(people)
    return f"{_LEVEL_PEOPLE.get(facts.event.level, 'officials')} of {facts.sides()}"


def _plural(role: str) -> str:
    head, _, last = role.rpartition(" ")
    last = last[:-1] + "ies" if last.endswith("y") else last + "s"
    return f"{head} {last}".strip()


def _online(facts: Facts) -> str:
    return " online" if facts.event.mode == "online" else ""


def title_meeting(facts: Facts) -> str:
    occasion = find_occasion(facts.evidence)
    if facts.japanese and not facts.partners:
        return f"{one_side(facts)} holds a meeting with {facts.countries()}{occasion}"
    return f"{pair(facts)} meet{occasion}"


def title_call(facts: Facts) -> str:
    talks = {"telephone": "telephone talks", "online": "a video conference"}
    what = talks.get(facts.event.mode, "a call")
    if facts.japanese and not facts.partners:
        return f"{one_side(facts)} holds {what} with {facts.countries()}"
    return f"{pair(facts)} hold {what}"


def title_parliamentary(facts: Facts) -> str:
    occasion = find_occasion(facts.evidence)
    if facts.japanese and not facts.partners:
        if re.search(r"\baddress(?:ed|es)?\b", facts.evidence):
            return f"{one_side(facts)} addresses the parliament of {facts.countries()}"
        return f"{one_side(facts)} meets parliamentarians of {facts.countries()}{occasion}"
    if facts.japanese or facts.partners:
        return f"{pair(facts)} meet{_online(facts)}{occasion}"
    return f"parliamentarians of {facts.sides()} meet{_online(facts)}{occasion}"


def title_visit(facts: Facts) -> str:
    occasion = find_occasion(facts.evidence)
    if _MUTUAL_VISITS.search(facts.evidence):
        if facts.japan or len(facts.codes) > 1:
            return f"{facts.sides()} exchange visits"
        return f"mutual visits with {facts.countries()}"
    if facts.japan:
        return _visit_with_japan(facts, occasion)
    visitor = next((p for p in facts.partners if p.code), None)
    if visitor is not None:
        places = [facts.name_of(code) for code in facts.codes if code != visitor.code]
        target = join_names(places) or facts.countries()
        return f"{facts.with_country(visitor)} visits {target}{occasion}"
    if len(facts.codes) == 1:
        return f"visit involving {facts.countries()}{occasion}"
    return f"visit between {facts.countries()}{occasion}"


def _visit_with_japan(facts: Facts, occasion: str) -> str:
    inbound = bool(_INBOUND_VISIT.search(facts.evidence))
    if inbound or (facts.partners and not facts.japanese):
        visitor = facts.with_country(facts.partners[0]) if facts.partners else ""
        visitor = visitor or f"{level_adjective(facts)} delegation from {facts.countries()}"
        host = f" and meets {facts.japanese[0].label}" if facts.japanese else ""
        return f"{visitor} visits Japan{occasion}{host}"
    visitor = one_side(facts) or f"Japanese {level_adjective(facts)} delegation"
    verb = "visit" if len(facts.japanese) > 1 else "visits"
    host = f" and meets {facts.partners[0].label}" if len(facts.partners) == 1 else ""
    return f"{visitor} {verb} {facts.countries()}{occasion}{host}"


def title_consultation(facts: Facts) -> str:
    name = find_named(facts.evidence, _CONSULTATION_NAMES, prefer=facts.event.trigger)
    if name:
        return f"{facts.sides()} hold the {strip_japan_prefix(name)}{_online(facts)}"
    topic = _CONSULTATION_TOPIC.search(facts.evidence)
    about = f" on {topic.group(1)}" if topic else ""
    kind = level_adjective(facts) if facts.event.level in _LEVEL_ADJECTIVES else "political"
    return f"{facts.sides()} hold {kind} consultations{about}{_online(facts)}"


def title_multilateral(facts: Facts) -> str:
    meeting = find_named(facts.evidence, GATHERING + r"|Meetings", prefer=facts.event.trigger)
    framework = next(
        (
            name
            for name in _framework_names()
            if name in facts.evidence and name not in meeting and name in facts.event.trigger
        ),
        "",
    ) or next((name for name in _framework_names() if name in facts.evidence), "")
    if meeting and framework and framework not in meeting:
        return f"{meeting.removeprefix('the ')} of {framework} held{_online(facts)}"
    who = one_side(facts) or facts.sides()
    take = "takes" if _singular(facts, who) else "take"
    if meeting:
        return f"{who} {take} part in {_with_the(meeting)}{_online(facts)}"
    if framework:
        meet = "meets" if _singular(facts, who) else "meet"
        within = "" if framework in who else f" in the {framework} framework"
        return f"{who} {meet}{within}{_online(facts)}"
    occasion = find_occasion(facts.evidence)
    people = _LEVEL_PEOPLE.get(facts.event.level, "officials")
    return f"{people} of {facts.sides()} meet{_online(facts)}{occasion}"


def _singular(facts: Facts, who: str) -> bool:
    """Whether ``who`` (one side's officials, or the countries) takes a singular verb."""
    if facts.japanese:
        return len(facts.japanese) == 1
    return " and " not in who and not who.endswith("countries")


def _with_the(name: str) -> str:
    if name.startswith(("the ", "The ")) or re.match(r"[A-Z0-9+]+\b", name):
        return name
    return "the " + name


@cache
def _framework_names() -> list[str]:
    entries = load_resources(DEFAULT_DATA_DIR).entries
    names = {e.name for e in entries if e.kind == "group" and e.group_kind == "framework"}
    return sorted(names, key=len, reverse=True)


def title_message(facts: Facts) -> str:
    evidence = facts.evidence.lower()
    kind = "messages"
    if "condolence" in evidence or "sympathy" in evidence:
        kind = "messages of condolence"
    elif "congratulat" in evidence:
        kind = "congratulatory messages"
    anniversary = re.search(r"\b(\d+(?:st|nd|rd|th) anniversary)\b", facts.evidence)
    occasion = f" on the {anniversary.group(1)}" if anniversary else ""
    if facts.japan:
        sender = one_side(facts) or "Japan"
        many = len(facts.japanese) > 1
        if "exchang" in evidence:
            verb = "exchange" if many else "exchanges"
            return f"{sender} {verb} {kind} with {facts.countries()}{occasion}"
        verb = "send" if many else "sends"
        return f"{sender} {verb} {kind} to {facts.countries()}{occasion}"
    if facts.partners:
        return f"{facts.with_country(facts.partners[0])} sends {kind}{occasion}"
    return f"{kind} from {facts.countries()}{occasion}"


def title_other(facts: Facts) -> str:
    kind = facts.event.event_type.replace("_", " ") or "event"
    return f"{kind} involving {facts.sides()}"


_CONTACT_BUILDERS = {
    "meeting": title_meeting,
    "call": title_call,
    "visit": title_visit,
    "consultation": title_consultation,
    "multilateral": title_multilateral,
    "parliamentary": title_parliamentary,
    "message": title_message,
}
