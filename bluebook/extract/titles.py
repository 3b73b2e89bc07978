"""Write a one-line, plain-English title for an extracted event."""

from __future__ import annotations

from bluebook.extract.model import Event

_TEMPLATES = {
    "meeting": "{who} meeting",
    "call": "{who} telephone or video call",
    "visit": "{who} visit",
    "consultation": "Japan–{countries} consultations",
    "multilateral": "Multilateral meeting of {countries}",
    "parliamentary": "Parliamentary exchange with {countries}",
    "message": "{who} messages",
    "agreement": "Agreement with {countries}",
    "aid": "Assistance to {countries}",
    "sanction": "Measures against {countries}",
    "statement": "Statement on {countries}",
    "exchange": "Exchange programme with {countries}",
    "election": "Election in {countries}",
    "domestic": "Domestic political events in {countries}",
    "security": "Security events involving {countries}",
}


def make_title(event: Event, country_names: dict[str, str]) -> str:
    """Return a short title such as "Japan–Uzbekistan telephone or video call"."""
    names = [country_names.get(code, code) for code in event.countries]
    countries = _join(names[:4]) + (" and others" if len(names) > 4 else "")
    prefix = "Japan–" if event.japan_involved else ""
    who = f"{prefix}{countries}"
    actor = (event.actors_japan or event.actors_partner or [""])[0]
    if not actor:
        actor = "Japanese" if event.japan_involved else countries
    template = _TEMPLATES.get(event.event_type, "{who} " + event.event_type)
    title = template.format(who=who, actor=actor, countries=countries)
    if event.event_type in {"consultation"} and not event.japan_involved:
        title = f"Consultations of {countries}"
    return title[:1].upper() + title[1:197]


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
