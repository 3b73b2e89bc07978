"""Turn the sentences of one paragraph into events.

Each clause (see ``sentences.split_clauses``) with a trigger gives one event per family of
triggers (a visit with a meeting in it is one event); coordinated noun phrases ("the Investment
Agreement and the Tax Convention") give one each. "…, respectively" distributes over the named
countries; a region's leaders attending several organisations' summits give one event per
organisation and month, limited to the region's members of each organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bluebook.extract.attributes import (
    Context,
    choose_countries,
    choose_dates,
    describe_event,
    is_venue,
    sentence_subject,
)
from bluebook.extract.classify import CONTACT_TYPES, STATE_TYPES, Trigger
from bluebook.extract.countries import codes_of, organisations, region_members
from bluebook.extract.dates import find_dates, resolve
from bluebook.extract.interleave import is_interleaved
from bluebook.extract.members import MEMBERS_KIND, apply_member_lists
from bluebook.extract.model import Event, Sentence
from bluebook.extract.normalize import fold_for_matching
from bluebook.extract.sentences import Span, coordination_points, split_clauses, split_sentences
from bluebook.extract.structure import Block
from bluebook.schema import JAPAN_ISO3

_LEADING_DATE = re.compile(
    r"^(?:In|On|From|During|By|At the (?:end|beginning|start) of|Early in|Late in)"
    r"\s+(?:the\s+)?$"
)
_PAST = re.compile(
    r"\b(?:was|were|had|has|have|held|met|took|made|won|began|sent|gave|led|saw|spoke|came|"
    r"became|sought|fought|broke|left|rose|fell|grew|paid|[a-z]{3,}ed)\b"
)

_PLURAL_CONTACTS = re.compile(
    r"\b(?:meetings|(?:telephone |phone |video )?calls|talks with)\b", re.IGNORECASE
)
_DEATH = re.compile(r"died|passed away|was assassinated", re.IGNORECASE)
# "…, and visited …", "…, and in October, he visited …": the previous clause's subject acts
_CONTINUES_SUBJECT = re.compile(
    r"(?:and |but )?(?:(?:in|on) [\w ]{3,20}, )?(?:(?:he|she) )?[a-z]+ed\b"
)
_PARTIES_REACH = 3  # sentences after which "the parties" no longer refers to those named
_ACT_FAMILIES = frozenset({"contact", "measure", "message", "aid"})
_SPLIT_ON_COORDINATION = frozenset({"contact", "agreement", "message"})
_PRESENT = re.compile(
    r"\b(?:there (?:are|is)|is|are|continues?|remains?|will|plans?|aims?|hopes?|seeks?)\b"
)
_HABITUAL = re.compile(
    r"\b(?:every (?:\w+ )?(?:years?|months?|weeks?)|annual|annually|each year|biennially|regularly|"
    r"periodically|often|frequently|repeatedly|on a regular basis|on many occasions)\b"
)
_PERFECT = re.compile(r"\b(?:has|have) (?:(?:been|also|since|regularly) )*(?:[a-z]+ed|met|held)\b")
_FINITE_PAST = re.compile(r"\b(?:was|were|had|has|have|held|met|took|made|won|began|visited)\b")


@dataclass
class Narrative:
    """The years the paragraph's undated sentences and bare months belong to.

    A bare month ("In March") belongs to the year before the volume's unless a sentence that
    opens with a year ("In 2022, …", "On February 24, 2022, …") moved the story on. A sentence
    with no date at all belongs to the last year stated ("… declared in January 2022.
    Kazakhstan requested assistance …" is 2022). Kept apart, the two do not drift through a
    whole section told on one line, where paragraphs are no longer marked.
    """

    year: int  # for bare months
    undated_year: int  # for sentences with no date

    def lead(self, year: int) -> None:
        self.year = self.undated_year = year

    def follow(self, events: list[Event], volume_year: int) -> None:
        for event in events:
            if event.date_source == "stated" and event.date.year >= volume_year - 1:
                self.undated_year = event.date.year


def extract_block(block: Block, context: Context) -> list[Event]:
    """Return the events told in ``block`` (a paragraph or footnote)."""
    narrative = Narrative(context.volume_year - 1, context.volume_year - 1)
    sentences = read_sentences(block.text, context, narrative.year)
    context.paragraph_topic = _paragraph_topic(sentences)
    context.paragraph_parties, parties_named = [], 0
    events: list[Event] = []
    for index, sentence in enumerate(sentences):
        leading = _leading_year(sentence)
        if leading is not None and leading >= context.volume_year - 1:
            narrative.lead(leading)
        context.undated_year = narrative.undated_year
        # a background year ("In 2015, …") holds for the bare months of its own sentence
        found = (
            []
            if is_interleaved(sentence.text)
            else sentence_events(sentence, context, leading or narrative.year)
        )
        for event in found:
            event.section, event.paragraph, event.sentence = block.section, block.paragraph, index
            event.section_key = block.heading_number
        narrative.follow([e for e in found if not is_set_aside(e)], context.volume_year)
        events += found
        parties = codes_of(
            [
                m
                for m in sentence.mentions
                if m.entry.kind != "person" and not is_venue(sentence.text, m)
            ]
        )
        if len(parties) >= 3:
            context.paragraph_parties, parties_named = parties, index
        elif context.paragraph_parties and index - parties_named >= _PARTIES_REACH:
            context.paragraph_parties = []
    return events


def read_sentence(text: str, context: Context, year: int) -> Sentence:
    """Find the mentions, dates, triggers and clauses of one sentence."""
    return read_sentences(text, context, year, [(0, len(text))])[0]


def read_sentences(
    text: str, context: Context, year: int, spans: list[Span] | None = None
) -> list[Sentence]:
    """Split ``text`` into sentences and find their mentions, dates, triggers and clauses.

    The patterns run once over the whole paragraph (far faster than per sentence); what they
    find is then handed to the sentence it falls in, with offsets relative to that sentence.
    """
    source, text = text, fold_for_matching(text)
    spans = spans if spans is not None else split_sentences(text)
    mentions = apply_member_lists(text, context.finder.find(text, year), context.member_lists)
    masks = [
        (m.start, m.end)
        for m in mentions
        if m.entry.kind == "group" and m.entry.group_kind == "organisation"
    ]
    dates = find_dates(text)
    starts = [start for start, _ in spans]
    triggers = context.classifier.find_triggers(text, masks, starts, context.generous)
    return [
        Sentence(
            text[start:end],
            _shift(mentions, start, end),
            _shift(dates, start, end),
            _shift(triggers, start, end),
            split_clauses(text[start:end]),
            source[start:end],
        )
        for start, end in spans
    ]


def _shift(items: list, start: int, end: int) -> list:
    return [
        replace(item, start=item.start - start, end=item.end - start)
        for item in items
        if start <= item.start < end
    ]


def _paragraph_topic(sentences: list[Sentence]) -> list[str]:
    for sentence in sentences:
        codes = codes_of([m for m in sentence.mentions if m.entry.kind == "country"])
        if codes:
            return codes[:1]
    return []


def _leading_year(sentence: Sentence) -> int | None:
    for mention in sentence.dates[:1]:
        if mention.explicit_year and _LEADING_DATE.match(sentence.text[: mention.start]):
            return mention.year
    return None


SET_ASIDE = ("set_aside:", "not_reported")
"""Rule prefixes of the candidates the rules alone would not keep (see ``Context.generous``)."""


def is_set_aside(event: Event) -> bool:
    """Whether ``event`` is a candidate the rules alone set aside."""
    return any(rule.startswith(SET_ASIDE) for rule in event.rules)


def sentence_events(sentence: Sentence, context: Context, year: int) -> list[Event]:
    """Return the events of one sentence; ``year`` is the narrative year for bare months.

    With ``context.generous``, the triggers the rules set aside give candidates too, each on
    its own (so they never change the events of the others).
    """
    aside = [trigger for trigger in sentence.triggers if trigger.set_aside]
    if aside:
        sentence = replace(sentence, triggers=[t for t in sentence.triggers if not t.set_aside])
    events = _kept_events(sentence, context, year)
    for trigger in aside:
        clause = next((c for c in sentence.clauses if c[0] <= trigger.start < c[1]), None)
        if clause is not None:
            found = _group_events(sentence, clause, clause, trigger, context, year, None)
            events += tag_events(found, f"set_aside:{trigger.set_aside}")
    return events


def _kept_events(sentence: Sentence, context: Context, year: int) -> list[Event]:
    # a region's members, not an organisation's listed ones ("the BRICS (Brazil, …)")
    region = region_members([m for m in sentence.mentions if m.entry.group_kind != MEMBERS_KIND])
    gatherings = [t for t in sentence.triggers if t.event_type in {"multilateral", "meeting"}]
    if region and gatherings and organisations(sentence.mentions):
        lead = replace(gatherings[0], event_type="multilateral")
        found = _organisation_events(sentence, sentence.clauses[0], lead, context, year, region)
        if found:
            return found
    events: list[Event] = []
    previous_clause: Span | None = None
    last_visit: Trigger | None = None
    for clause in sentence.clauses:
        triggers = _clause_triggers(sentence, clause)
        if not triggers and last_visit is not None and _gapped(sentence, clause):
            # "… visited Indonesia in April, and the United Kingdom and Italy in May."
            gapped = _group_events(sentence, clause, clause, last_visit, context, year, None)
            events += tag_events(gapped, "gapped_visit")
        last_visit = None
        for subspan, group in _trigger_groups(sentence, clause, triggers):
            lead = _lead_trigger(group)
            if not _is_reported(sentence, clause, lead, group):
                if context.generous:
                    found = _group_events(sentence, clause, subspan, lead, context, year, None)
                    events += tag_events(found, "not_reported")
                continue
            events += _group_events(sentence, clause, subspan, lead, context, year, previous_clause)
            last_visit = lead if lead.event_type == "visit" else None
        previous_clause = clause
    return events


def _gapped(sentence: Sentence, clause: Span) -> bool:
    """ ", and the United Kingdom and Italy in May": a clause that only names more
    destinations and their date, its verb left out."""
    text = sentence.text[clause[0] : clause[1]]
    named = [
        m for m in sentence.mentions_in(clause) if m.entry.kind == "country" and not m.is_japan
    ]
    return (
        bool(re.match(r"[\s,]*and (?:the )?[A-Z]", text))
        and bool(named and sentence.dates_in(clause))
        and len(text.split()) <= 14
    )


def _clause_triggers(sentence: Sentence, clause: Span) -> list[Trigger]:
    """Triggers of the clause; what follows an act ("condemned the invasion") is its topic."""
    triggers = [t for t in sentence.triggers if clause[0] <= t.start < clause[1]]
    acts = [t for t in triggers if t.family in _ACT_FAMILIES and not t.anaphoric]
    if not acts:
        return triggers
    first = acts[0]
    points = coordination_points(sentence.text, clause)
    return [
        t
        for t in triggers
        if t.start <= first.start
        or t.family == first.family
        or _DEATH.fullmatch(t.text)
        or any(first.end <= point <= t.start for point in points)  # "… Meeting and the agreement"
    ]


def _trigger_groups(
    sentence: Sentence, clause: Span, triggers: list[Trigger]
) -> list[tuple[Span, list[Trigger]]]:
    """Group a clause's triggers: one group per family, split at coordinated noun phrases."""
    points = coordination_points(sentence.text, clause)
    groups: list[tuple[Span, list[Trigger]]] = []
    by_family: dict[str, list[Trigger]] = {}
    for trigger in triggers:
        by_family.setdefault(trigger.family, []).append(trigger)
    for family, family_triggers in by_family.items():
        current = [family_triggers[0]]
        for trigger in family_triggers[1:]:
            # "… attended the Summit and held a meeting with X" is two events; "visited X to
            # attend the Summit and held a meeting with Y" is one visit.
            sideline = (
                trigger.event_type in {"meeting", "call"}
                and _has_partner(sentence.text, trigger)
                and any(
                    earlier.event_type == "multilateral" and earlier.priority > 40
                    for earlier in current
                )
                and not any(earlier.event_type == "visit" for earlier in current)
            )
            if sideline:
                points = sorted([*points, _sideline_point(sentence.text, clause, trigger)])
            if sideline or (
                family in _SPLIT_ON_COORDINATION
                and any(current[-1].end <= point <= trigger.start for point in points)
            ):
                groups.append((current, trigger.start))
                current = [trigger]
            else:
                current.append(trigger)
        groups.append((current, None))
    return [(_group_span(clause, points, group, triggers), group) for group, _ in groups]


def _has_partner(text: str, trigger: Trigger) -> bool:
    """ "… held a meeting with X", "met X": a bilateral contact, not "other meetings"."""
    return trigger.text.lower() == "met" or bool(
        re.match(r"\s+(?:[\w'’-]+\s+){0,3}(?:with|between)\b", text[trigger.end : trigger.end + 40])
    )


def _sideline_point(text: str, clause: Span, trigger: Trigger) -> int:
    """Where "… attended the Summit and held a meeting with X" turns to the bilateral meeting."""
    joint = text.rfind(" and ", clause[0], trigger.start)
    return joint + 1 if joint >= 0 else trigger.start


def _group_span(
    clause: Span, points: list[int], group: list[Trigger], triggers: list[Trigger]
) -> Span:
    """The part of the clause that tells ``group``: up to the coordinated phrase of another
    trigger ("… visited X and the Y, and a summit meeting …"); a coordination with no trigger
    after it ("visited Fiji, Palau and the Federated States of Micronesia") is a list."""
    others = [trigger for trigger in triggers if trigger not in group]
    start = max(
        [clause[0], *[p for p in points if p <= group[0].start and any(t.end <= p for t in others)]]
    )
    end = min(
        [clause[1], *[p for p in points if p > group[-1].end and any(t.start >= p for t in others)]]
    )
    return start, end


def _lead_trigger(group: list[Trigger]) -> Trigger:
    direct = [trigger for trigger in group if not trigger.anaphoric] or group
    return max(direct, key=lambda trigger: (trigger.priority, -trigger.start))


def _is_reported(sentence: Sentence, clause: Span, lead: Trigger, group: list[Trigger]) -> bool:
    """A clause without a date of its own must be told in the past, not as a standing fact.

    A format held "every three years" or "annually", or one that "has met since 2005", is a
    standing fact too, unless the clause dates one occurrence ("in May").
    """
    dates = sentence.dates_in(clause)
    if lead.event_type not in STATE_TYPES:
        dates = [date for date in dates if not date.since]
    text = sentence.text
    clause_text = text[clause[0] : clause[1]]
    left = text.rfind(",", clause[0], lead.start) + 1 or clause[0]
    right = text.find(",", lead.end, clause[1])
    phrase = text[left : right if right >= 0 else clause[1]]  # the trigger's own phrase
    if _HABITUAL.search(phrase) and not any(left <= d.start < left + len(phrase) for d in dates):
        return False  # "decided to hold the meetings on a regular basis"
    if dates:
        return True
    if _HABITUAL.search(phrase) or (sentence.dates_in(clause) and _PERFECT.search(clause_text)):
        return False
    if _PRESENT.search(clause_text) and not _FINITE_PAST.search(clause_text):
        return False
    return bool(_PAST.search(clause_text) or _PAST.search(text))


def _group_events(
    sentence: Sentence,
    clause: Span,
    subspan: Span,
    lead: Trigger,
    context: Context,
    year: int,
    previous_clause: Span | None,
) -> list[Event]:
    dates, date_source = choose_dates(sentence, clause, subspan, lead, context, year)
    text = sentence.text
    rules = ["several_dates"] if len(dates) > 1 else []
    if "respectively" in text[clause[0] : clause[1]]:
        context.country_rule = ""
        country_sets = _respectively(sentence, clause)
        rules.append("respectively")
    else:
        countries = choose_countries(sentence, clause, subspan, lead, context)
        if previous_clause and _CONTINUES_SUBJECT.match(text[clause[0] :].lstrip()):
            subject = sentence_subject(sentence, previous_clause)
            countries = subject + [code for code in countries if code not in subject]
            rules.append("continues_subject")
        country_sets = _split_visits(sentence, subspan, lead, countries, context)
        listed = _listed_countries(sentence, subspan, lead)
        if listed:  # "presidential elections were held in A, B, C and D"
            country_sets = [[code] for code in listed]
            rules.append("listed_countries")
        elif len(country_sets) == 1 and _own_dates(sentence, subspan, countries):
            country_sets = [[code] for code in countries]  # "… in B (August) and C (May)"
            rules.append("own_dates")
        split = lead.event_type == "visit" or rules[-1:] in (["listed_countries"], ["own_dates"])
        if len(country_sets) > 1 and split:
            found = _visits_with_own_dates(
                sentence, clause, subspan, lead, country_sets, dates, date_source, context, year
            )
            splitter = ["visit_splitter"] if lead.event_type == "visit" else []
            return tag_events(found, *splitter, *rules)
        named = codes_of([m for m in sentence.mentions_in(clause) if m.entry.kind != "group"])
        if _PLURAL_CONTACTS.search(lead.text) and len(countries) > 1 and len(named) > 1:
            country_sets = [[code] for code in countries]  # "meetings with the FMs of A and B"
            rules.append("plural_contacts")
    events = []
    for countries in country_sets:
        if not countries:
            continue
        for date in dates:
            event = describe_event(
                sentence, subspan, clause, lead, countries, date, date_source, context
            )
            if event is not None:
                events.append(event)
    return tag_events(events, *rules)


def tag_events(events: list[Event], *rules: str) -> list[Event]:
    """Add the named genre ``rules`` to each event's rules (in place) and return ``events``."""
    for event in events:
        event.rules.extend(rule for rule in rules if rule not in event.rules)
    return events


def _visits_with_own_dates(
    sentence: Sentence,
    clause: Span,
    subspan: Span,
    lead: Trigger,
    country_sets: list[list[str]],
    dates: list,
    date_source: str,
    context: Context,
    year: int,
) -> list[Event]:
    """ "visited Egypt (January), Brazil (March) and India (July)": each its own month."""
    events = []
    for countries in country_sets:
        own = _date_after_country(sentence, subspan, countries[0])
        for date in resolve(own, year) if own else dates:
            event = describe_event(
                sentence, subspan, clause, lead, countries, date, date_source, context
            )
            if event is not None:
                events.append(event)
    return events


# "(?<=\s)" rather than "\s+" after "\s*": two adjacent whitespace runs backtrack quadratically.
_LIST_JOINT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|(?<=\s)(?:and|or)\s+)(?:the\s+)?")
_LISTING_TYPES = frozenset({"election", "domestic"})


def _listed_countries(sentence: Sentence, span: Span, lead: Trigger) -> list[str]:
    """ "Presidential elections were held in A, B, C and D": a plural trigger of a type told of
    one country at a time, followed by a plain list of two or more countries, gives one event
    per country listed (the longest list after the trigger)."""
    if lead.event_type not in _LISTING_TYPES or not re.search(r"s\b", lead.text.lower()[-2:]):
        return []
    after = [
        m
        for m in sentence.mentions_in(span)
        if m.start >= lead.end and m.entry.kind == "country" and not m.is_japan
    ]
    best: list = []
    run: list = []
    for mention in after:
        if run and _LIST_JOINT.fullmatch(sentence.text[run[-1].end : mention.start]):
            run.append(mention)
        else:
            run = [mention]
        if len(run) > len(best):
            best = list(run)
    return codes_of(best) if len(best) >= 2 else []


def _own_dates(sentence: Sentence, span: Span, countries: list[str]) -> bool:
    """ "… signed in Yemen (April) and Ethiopia (November)": each country has its own date."""
    return len(countries) >= 2 and all(
        _date_after_country(sentence, span, code) is not None for code in countries
    )


def _date_after_country(sentence: Sentence, span: Span, code: str):
    for mention in sentence.mentions_in(span):
        if code in mention.entry.codes:
            for date in sentence.dates:
                if 0 <= date.start - mention.end <= 2 and not date.since:  # "Egypt (January)"
                    return date
    return None


def _respectively(sentence: Sentence, clause: Span) -> list[list[str]]:
    """ "A and B visited Kabul, respectively": one event per named party, sharing the rest."""
    mentions = [m for m in sentence.mentions_in(clause) if not m.topic_only]
    region = region_members(mentions)
    items: list[tuple[str, ...]] = []
    for mention in mentions:
        entry = mention.entry
        if entry.kind == "group":
            item = (f"org:{entry.name}",) if entry.group_kind == "organisation" else None
        else:
            item = tuple(code for code in entry.codes if code != JAPAN_ISO3 and code not in region)
        if item and item not in items:
            items.append(item)
    if region:
        shared, spread = sorted(region), items
    elif len(items) > 1:
        shared, spread = list(items[-1]), items[:-1]
    else:
        return [codes_of(mentions)]
    return [[*shared, *[c for c in item if not c.startswith("org:")]] for item in spread]


def _split_visits(
    sentence: Sentence, subspan: Span, lead: Trigger, countries: list[str], context: Context
) -> list[list[str]]:
    """A Japanese official's visit to several countries is one event per country visited."""
    if lead.event_type != "visit" or len(countries) < 2:
        return [countries]
    mentions = sentence.mentions_in(subspan)
    if any(m.entry.kind == "group" and m.entry.expand for m in mentions):
        return [countries]
    visitors = context.classifier.actors_of(
        sentence.text[subspan[0] : lead.start], context.japanese
    )
    japan_visits = any(m.is_japan and m.start < lead.start for m in mentions)
    if (visitors and all(actor.japanese for actor in visitors)) or (not visitors and japan_visits):
        return [[code] for code in countries]
    return [countries]


def _organisation_events(
    sentence: Sentence,
    clause: Span,
    lead: Trigger,
    context: Context,
    year: int,
    region: set[str],
) -> list[Event]:
    """A region's leaders at several organisations' summits: one event per summit and month."""
    events = []
    seen: set[tuple[str, ...]] = set()
    rest: Span = (clause[0], len(sentence.text))
    for org in organisations(sentence.mentions_in(rest)):
        if org.entry.codes in seen:
            continue
        seen.add(org.entry.codes)
        countries = [code for code in org.entry.codes if code in region]
        following = [d for d in sentence.dates if d.start > org.end and not d.since]
        if not countries or not following:
            continue
        for date in resolve(following[0], year):
            span = (org.start, following[0].end)
            event = describe_event(
                sentence, span, rest, lead, sorted(countries), date, "stated", context, True
            )
            if event is not None:
                events.append(event)
    return tag_events(events, "organisation_summits")


__all__ = [
    "CONTACT_TYPES",
    "SET_ASIDE",
    "STATE_TYPES",
    "extract_block",
    "is_set_aside",
    "sentence_events",
    "tag_events",
]
