"""One event per happening: fold repeated mentions together and date events from captions.

- A meeting or call told in the same sentence as a visit to that country is part of the visit.
- A mention with no date of its own ("During the summit telephone call", "As a result, X was
  re-elected") folds into an earlier event of the same type, country and year.
- A photo caption ("Courtesy call by … (August 28, Uzbekistan)") gives its day to the event it
  shows; a caption that matches no event becomes an event of its own.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import replace

from bluebook.extract.attributes import Context
from bluebook.extract.classify import CONTACT_TYPES
from bluebook.extract.countries import codes_of, mentions_japan
from bluebook.extract.dates import ResolvedDate
from bluebook.extract.model import Event
from bluebook.extract.sentences import coordination_points
from bluebook.extract.structure import Caption

_NEAR_SENTENCES = 3
_ABSORBED_BY_VISIT = frozenset({"meeting", "call", "consultation", "parliamentary", "exchange"})


def merge_events(events: list[Event]) -> list[Event]:
    """Return ``events`` with repeated mentions of one happening folded together."""
    merged: list[Event] = []
    for _, section in itertools.groupby(events, key=lambda event: event.section_key):
        section_events = list(section)
        by_sentence: dict[tuple[int, int], list[Event]] = defaultdict(list)
        for event in section_events:
            by_sentence[(event.paragraph, event.sentence)].append(event)
        kept: list[Event] = []
        for event in section_events:
            siblings = by_sentence[(event.paragraph, event.sentence)]
            if (
                _absorbed_by_visit(event, siblings)
                or _issued_at_a_meeting(event, siblings, kept)
                or _restates_sentence(event, siblings)
                or _repeats(event, kept)
                or _told_again(event, kept)
                or _retells(event, kept)
            ):
                continue
            kept.append(event)
        merged += kept
    return _unique(merged)


def _same_place(event: Event, other: Event) -> bool:
    return event.section_key == other.section_key and event.paragraph == other.paragraph


def _near(event: Event, other: Event) -> bool:
    """Told in the same paragraph a few sentences apart: in text that lost its paragraph
    breaks (the Ministry's one-line sections) a "paragraph" is a whole section."""
    return _same_place(event, other) and 0 <= event.sentence - other.sentence <= _NEAR_SENTENCES


def _absorbed_by_visit(event: Event, events: list[Event]) -> bool:
    generic_gathering = event.event_type == "multilateral" and event.trigger.islower()
    if event.event_type not in _ABSORBED_BY_VISIT and not generic_gathering:
        return False
    return any(
        other.event_type == "visit"
        and _same_place(event, other)
        and other.sentence == event.sentence
        and set(event.countries) & set(other.countries)
        and _compatible(event.date, other.date)
        and not _listed_apart(event, other)
        for other in events
    )


def _listed_apart(event: Event, other: Event) -> bool:
    """ "… the visit to Hawaii by Prime Minister Abe, there was the Japan-U.S. Summit Meeting in
    …": a coordinated phrase between the two triggers tells another happening."""
    if event.clause != other.clause:
        return False  # "… visited Fiji and Palau, where he held meetings …"
    low, high = sorted((event.trigger_start, other.trigger_start))
    return any(low < point <= high for point in coordination_points(event.evidence, (low, high)))


def _issued_at_a_meeting(event: Event, siblings: list[Event], kept: list[Event]) -> bool:
    """A statement made at a meeting told in the same sentence is part of the meeting; so is
    an undated joint statement told after a meeting in the same paragraph ("The two leaders
    issued a joint statement")."""
    if event.event_type != "statement":
        return False
    for other in siblings:
        if (
            other.event_type in CONTACT_TYPES
            and set(event.countries) <= set(other.countries)
            and _compatible(event.date, other.date)
        ):
            return True
    if not event.joint or event.date_source == "stated":
        return False
    return any(
        other.event_type in CONTACT_TYPES
        and _same_place(event, other)
        and other.sentence < event.sentence
        and set(event.countries) & set(other.countries)
        and other.date.year == event.date.year
        for other in kept
    )


def _restates_sentence(event: Event, events: list[Event]) -> bool:
    """Another clause of the sentence tells the same event: dated there, or dated the same."""
    for other in events:
        if (
            other is event
            or other.event_type != event.event_type
            or not _same_place(event, other)
            or other.sentence != event.sentence
            or other.clause == event.clause
        ):
            continue
        if (
            event.date_source == "default"
            and other.date_source != "default"
            and other.date.year == event.date.year
            and set(event.countries) & set(other.countries)
            and not _named_apart(event, other)
        ):
            return True
        if (
            other.clause < event.clause
            and other.date == event.date
            and set(other.countries) == set(event.countries)
        ):
            return True
    return False


def _named_apart(event: Event, other: Event) -> bool:
    """Two agreements named differently ("the new Guidelines …, and the signing of the
    Agreement on …") are two agreements."""
    return event.event_type == "agreement" and event.trigger.lower() != other.trigger.lower()


def _retells(event: Event, kept: list[Event]) -> bool:
    """ "The detention of journalists" names again a happening told earlier in the section."""
    if not event.definite or (event.date_source == "stated" and event.date.precision != "year"):
        return False
    stem = event.trigger.split()[-1][:4].lower()
    return any(
        other.event_type == event.event_type
        and (event.date_source != "stated" or other.date.year == event.date.year)
        and other.section_key == event.section_key
        and (other.paragraph, other.sentence) != (event.paragraph, event.sentence)
        and set(event.countries) <= set(other.countries)
        and f" {stem}" in f" {other.evidence.lower()}"
        for other in kept
    )


def _repeats(event: Event, kept: list[Event]) -> bool:
    """A mention with no date of its own, or an anaphoric one ("both visits"), names again an
    event told shortly before; "two statements" or "a meeting" introduce new ones."""
    if not event.anaphoric and (event.date_source == "stated" or event.indefinite):
        return False
    for other in kept:
        if other.event_type != event.event_type:
            continue
        own_date = event.date_source == "stated" and not _compatible(event.date, other.date)
        if event.anaphoric and _near(event, other) and not own_date:
            return True  # "In both visits, …"; not "during his visit to Japan in December 2019"
        same_sentence = _same_place(event, other) and other.sentence == event.sentence
        if same_sentence and other.clause == event.clause:
            continue
        if other.japan_involved != event.japan_involved and not same_sentence:
            continue
        if other.date.year != event.date.year and event.date_source == "default":
            continue
        if event.date_source == "stated" and not _compatible(event.date, other.date):
            continue
        near = _near(event, other) or (
            event.event_type == "security" and event.section_key == other.section_key
        )
        if event.event_type == "domestic" and not event.anaphoric:
            near = near and other.sentence == event.sentence
        if near and set(event.countries) <= set(other.countries):
            if same_sentence and _named_apart(event, other):
                continue
            return True
    return False


def _told_again(event: Event, kept: list[Event]) -> bool:
    """The same call or meeting told again later in the section: same type, countries and
    month (or day), and a partner official named in both."""
    if event.event_type not in CONTACT_TYPES or event.date.precision == "year":
        return False
    return any(
        other.event_type == event.event_type
        and other.section_key == event.section_key
        and other.paragraph != event.paragraph
        and set(other.countries) == set(event.countries)
        and other.date.date == event.date.date
        and _partners(other) & _partners(event)
        for other in kept
    )


def _partners(event: Event) -> set[str]:
    """Surnames of the partner officials named ("Foreign Minister Heiko Maas" → "Maas")."""
    return {label.rsplit(" ", 1)[-1] for label in event.actors_partner}


def _compatible(first: ResolvedDate, second: ResolvedDate) -> bool:
    length = min(len(first.date), len(second.date))
    return first.date[:length] == second.date[:length]


def _unique(events: list[Event]) -> list[Event]:
    seen: set[tuple] = set()
    unique = []
    for event in events:
        # one sentence telling the same type, countries and date twice is one event
        key = (
            event.event_type,
            tuple(event.countries),
            event.date.date,
            event.evidence,
            event.trigger_start,
        )
        if key not in seen:
            seen.add(key)
            unique.append(event)
    return unique


def apply_captions(
    events: list[Event], captions: list[Caption], context: Context, year: int
) -> list[Event]:
    """Give each caption's day to the event it shows, or add the caption as an event."""
    events = list(events)
    by_date: dict[str, list[int]] = defaultdict(list)
    for index, event in enumerate(events):
        if event.event_type in CONTACT_TYPES and event.date.precision != "day":
            by_date[event.date.date].append(index)
    for caption in captions:
        caption_year = caption.year or year
        mentions = context.finder.find(caption.text, caption_year)
        # the place is where the photo was taken: a participant only if the words name none
        countries = codes_of(mentions) or codes_of(context.finder.find(caption.place))
        month = f"{caption_year:04d}-{caption.month:02d}"
        day = ResolvedDate(f"{month}-{caption.day:02d}", "day", caption_year)
        if _already_dated(events, countries, day):
            continue
        people = {m.entry.name for m in mentions if m.entry.kind == "person"}
        candidates = by_date.get(month, []) + by_date.get(month[:4], [])
        in_japan = codes_of(context.finder.find(caption.place)) == [] and bool(
            [m for m in context.finder.find(caption.place) if m.is_japan]
        )
        if in_japan:  # a photo taken in Japan does not show a Japanese official's trip abroad
            candidates = [i for i in candidates if not _japanese_trip(events[i])]
        match = _caption_match(events, candidates, countries, month, people)
        if match is not None:
            rules = [*events[match].rules, "caption_dating"]
            events[match] = replace(events[match], date=day, date_source="stated", rules=rules)
        elif countries:
            events.append(_caption_event(caption, countries, day, mentions, context))
    return events


def _already_dated(events: list[Event], countries: list[str], day: ResolvedDate) -> bool:
    """The text already tells the captioned event with its day ("On August 28, …")."""
    return any(
        event.event_type in CONTACT_TYPES
        and event.date.date == day.date
        and set(countries) & set(event.countries)
        for event in events
    )


def _japanese_trip(event: Event) -> bool:
    """A visit told as a trip to another country ("Kono's two visits to Mexico"), not to Japan."""
    if event.event_type != "visit":
        return False
    after = event.evidence[event.trigger_start : event.trigger_start + 40]
    return not re.match(r"\w+\s+(?:to\s+)?(?:Japan|Tokyo)\b", after)


def _caption_match(
    events: list[Event], candidates: list[int], countries: list[str], month: str, people: set[str]
) -> int | None:
    best, best_score = None, 0
    for index in candidates:
        event = events[index]
        if event.event_type not in CONTACT_TYPES or not set(countries) & set(event.countries):
            continue
        if event.date.precision == "day" or not month.startswith(event.date.date):
            continue
        score = 1 + (event.date.date == month) + 2 * len(people & event.people)
        if score > best_score:
            best, best_score = index, score
    return best


def _caption_event(
    caption: Caption, countries: list[str], day: ResolvedDate, mentions, context: Context
) -> Event:
    triggers = context.classifier.find_triggers(caption.text)
    event_type = triggers[0].event_type if triggers else "meeting"
    if event_type not in CONTACT_TYPES or (event_type == "multilateral" and len(countries) < 2):
        event_type = "meeting"  # "Japan-South Africa Summit Meeting": two countries
    japan = mentions_japan(mentions)
    actors = context.classifier.actors_of(caption.text, context.japanese)
    level = context.classifier.level_of(caption.text) or "other"
    return Event(
        event_type=event_type,
        countries=countries,
        date=day,
        date_source="stated",
        japan_involved=japan,
        level=level,
        mode=context.classifier.mode_of(caption.text) or "in_person",
        themes=["political_dialogue"],
        actors_japan=[actor.label for actor in actors if actor.japanese],
        actors_partner=[actor.label for actor in actors if not actor.japanese],
        section=caption.section,
        paragraph=caption.paragraph,
        sentence=0,
        evidence=caption.text,
        rules=[triggers[0].rule if triggers else "caption_meeting", "caption_event"],
    )
