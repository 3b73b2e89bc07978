"""Choose an event's date, countries, level, mode, themes and actors from its sentence.

Each attribute is looked for in the narrowest span first (the coordinated phrase, then the
clause, then the sentence), then in the paragraph's topic country and the section heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bluebook.extract.classify import CONTACT_TYPES, STATE_TYPES, Classifier, Trigger
from bluebook.extract.countries import CountryFinder, codes_of, mentions_japan
from bluebook.extract.dates import ResolvedDate, resolve, year_only
from bluebook.extract.members import MEMBERS_KIND
from bluebook.extract.model import Event, Sentence
from bluebook.extract.resources import Resources
from bluebook.extract.sentences import Span

_LEADING = re.compile(
    r"^(?:(?:In|On|From|Since|During|By|At the (?:end|beginning|start) of|Early in|Late in)"
    r"\s+)?(?:the\s+)?(?:early |late |mid-)?$"
)
_WITH_AFTER = re.compile(r"^\s*(?:\w+\s+){0,2}with\b")
_MAIN_VERB = re.compile(
    r"\b(?:was|were|has|have|had|held|met|took|made|won|began|sent|gave|led|paid|[a-z]{3,}ed)\b"
)
_SINGLE_COUNTRY_TYPES = frozenset({"election", "domestic"})
_BILATERAL_WORDS = re.compile(
    r"\b(?:both sides|both countries|the two (?:countries|sides|leaders))\b"
)
_SIDELINE_MARK = re.compile(
    r"\b(?:on the (?:sidelines?|margins?|occasion) of|during|while attending|in conjunction with"
    r"|at the time of|in response to|in reaction to|in the wake of)\b"
    r"|\b(?:in|at) the (?=(?-i:(?:[A-Z\d][\w'’.-]* ){1,6}(?:Summit|Meeting|Conference|Forum)s?\b))",
    re.IGNORECASE,
)
_OWN_CLAUSE_TYPES = frozenset({"multilateral", "statement"})
_PARTY_TYPES = frozenset({"agreement", "multilateral", "consultation", "meeting"})
_VENUE = re.compile(
    r"\b(?:[Ii]n|[Aa]t)\s+(?:the\s+)?(?:(?!(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b)"
    r"[A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2}(?:,\s+|\s+\())?$"
)
_DEFINITE = re.compile(r"\bthe\s+(?:[\w'-]+\s+)?$")
_HOSTED_TYPES = frozenset({"meeting", "consultation"})
_SIDELINES = re.compile(
    r"\b(?:sidelines?|margins?|on the occasion of|while attending|in conjunction with|during)\b"
)
_INDEFINITE = re.compile(
    r"\b(?:a|an|another|two|three|four|five|six|several|multiple|\d+)\s+(?:[\w'-]+\s+){0,3}$"
)
_JOINT = re.compile(r"\b[Jj]oint(?:ly)?\b")
_BILATERAL_TYPES = frozenset({"meeting", "call", "consultation", "parliamentary", "exchange"})
_WRITTEN_TYPES = frozenset({"message", "statement", "sanction", "agreement"})
_ORGANISATION_OFFICIAL = re.compile(
    r"\b(?:Secretary[- ]General|Director[- ]General|High Representative|High Commissioner"
    r"|President of the (?:European (?:Commission|Council)|World Bank|Asian Development Bank"
    r"|(?:UN |United Nations )?General Assembly|International Committee of the Red Cross)"
    r"|Managing Director of the (?:IMF|International Monetary Fund))\b"
)
"""Officials of an organisation: a contact with one names no country by itself (GUIDELINE)."""


@dataclass
class Context:
    """What the extractor knows beyond the sentence: volume, finders, topic countries."""

    volume_year: int
    finder: CountryFinder
    classifier: Classifier
    resources: Resources
    japanese: frozenset[str]
    section_countries: list[str] = field(default_factory=list)
    paragraph_topic: list[str] = field(default_factory=list)
    # the parties last named together (three or more countries) in the paragraph: "the
    # parties", "the meeting" told later without countries are theirs (see choose_countries)
    paragraph_parties: list[str] = field(default_factory=list)
    # groups whose members the text lists ("the Pacific Alliance (composed of …)")
    member_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    undated_year: int | None = None  # the year of a sentence that states none (see Narrative)
    # the genre rule that gave the last ``choose_countries`` its codes ("" for the plain spans)
    country_rule: str = ""
    # also propose what the rules set aside (plans, negations, standing facts) as candidates,
    # tagged "set_aside:<why>" / "not_reported", for the scorer to weigh
    generous: bool = False


def choose_dates(
    sentence: Sentence, clause: Span, subspan: Span, lead: Trigger, context: Context, year: int
) -> tuple[list[ResolvedDate], str]:
    """Return the event's date(s) and where they came from (stated, named or default)."""
    usable = [
        mention
        for mention in (sentence.dates_in(subspan) or sentence.dates_in(clause))
        if lead.event_type in STATE_TYPES or not mention.since
    ]
    leading_years = [m for m in usable if not m.months and _is_leading(sentence, m)]
    if leading_years and any(m.months for m in usable):  # "In 2022, X visited Y in April"
        usable = [m for m in usable if m not in leading_years]
    # "The year 2013 saw … the visits of X to the U.S. in February": the month after the
    # trigger tells its date, the bare year before it the background
    background = [m for m in usable if not m.months and m.end <= lead.start]
    if background and any(m.months and m.start >= lead.end for m in usable):
        usable = [m for m in usable if m not in background]
    # "X, who had been absent since August, was dismissed in October": the relative clause's
    # date is not the main verb's
    relative = [m.span() for m in _RELATIVE.finditer(sentence.text)]
    outside = [m for m in usable if not any(low <= m.start < high for low, high in relative)]
    usable = outside or usable
    if usable:
        nearest = min(usable, key=lambda mention: _distance(mention, lead))
        return resolve(nearest, year), "stated"
    for mention in sentence.dates[:1]:
        if _LEADING.match(sentence.text[: mention.start]) and (
            lead.event_type in STATE_TYPES or not mention.since
        ):
            return resolve(mention, year), "stated"
    for pattern in context.resources.named_events:
        if pattern.regex.search(sentence.text):
            named_year, month = (int(part) for part in pattern.value.split("-")[:2])
            return [ResolvedDate(f"{named_year:04d}-{month:02d}", "month", named_year)], "named"
    return [year_only(context.undated_year or year)], "default"


_UNNAMED_MANY = re.compile(
    r"\b(?:in|across|throughout) (?:many|several|some|various|numerous|a number of|most) "
    r"(?:of the )?(?:countries|nations|states)\b"
    r"|\b(?:regions|countries|areas|places) (?:where|in which)\b"
)
_RELATIVE = re.compile(r", (?:who|which|whose) [^,;]{3,120},")


def _is_leading(sentence: Sentence, mention) -> bool:
    """Whether ``mention`` opens the sentence ("In 2022, …")."""
    return bool(_LEADING.match(sentence.text[: mention.start]))


def _distance(mention, lead: Trigger) -> int:
    if mention.start >= lead.end:
        return mention.start - lead.end
    return max(0, lead.start - mention.end) + 5


def choose_countries(
    sentence: Sentence, clause: Span, subspan: Span, lead: Trigger, context: Context
) -> list[str]:
    """Return the ISO3 codes of the event (Japan left out), narrowest span first.

    ``context.country_rule`` is set to the genre rule that gave them when the event's own spans
    did not ("paragraph_parties", "sentence_countries", "paragraph_topic").
    """
    context.country_rule = ""
    text = sentence.text
    if _UNNAMED_MANY.search(text, clause[0], clause[1]) and not codes_of(sentence.mentions):
        return []  # "elections were held peacefully in many countries": none is named
    if lead.event_type in _SINGLE_COUNTRY_TYPES:
        codes = _single_country(sentence, clause, lead)
    elif lead.event_type in CONTACT_TYPES:
        codes = (
            _participants(sentence.mentions_in(_before_sideline(sentence, subspan, lead)), text)
            or _participants(sentence.mentions_in(subspan), text)
            or _participants(sentence.mentions_in(_shared_name(sentence, clause, subspan)), text)
            or _participants(sentence.mentions_in(clause), text)
        )
        if codes and lead.event_type in _BILATERAL_TYPES:
            codes = _partner_not_venue(sentence, clause, codes, context)
    elif lead.event_type == "agreement":  # "reached an agreement on X in Vienna": not AUT
        codes = _participants(sentence.mentions_in(subspan), sentence.text) or _participants(
            sentence.mentions_in(clause), sentence.text
        )
    else:
        codes = codes_of(sentence.mentions_in(subspan)) or codes_of(sentence.mentions_in(clause))
        if not codes and lead.event_type == "statement":  # "statements on the situation in X"
            codes = codes_of([replace(m, topic_only=False) for m in sentence.mentions_in(clause)])
    if not codes and _with_organisation_official(sentence, clause, lead):
        return []  # "met UN Secretary-General X": an organisation, not the paragraph's country
    if _parties_apply(sentence, clause, lead, context):
        context.country_rule = "paragraph_parties"
        return list(context.paragraph_parties)
    if not codes and lead.event_type in _OWN_CLAUSE_TYPES and _coordinated(sentence, clause):
        return []  # a gathering's participants are named with it, not in another main clause
    if not codes:  # "… visited the Middle East, including Israel, …"
        detail = _before_sideline(sentence, _elaboration(sentence, clause), lead)
        codes = _participants(sentence.mentions_in(detail), text)
    if not codes:
        context.country_rule = "sentence_countries"
        codes = codes_of(sentence.mentions)
        if lead.event_type in CONTACT_TYPES or lead.event_type == "agreement":
            codes = _participants(sentence.mentions, text)  # a venue only if nothing else
        if lead.event_type in _SINGLE_COUNTRY_TYPES:
            codes = codes[:1]
    if not codes:
        context.country_rule = "paragraph_topic" if context.paragraph_topic else "section_heading"
        codes = list(context.paragraph_topic or context.section_countries)
    with_partner = _WITH_AFTER.match(sentence.text[lead.end : lead.end + 30])
    if lead.event_type == "security" and len(codes) == 1 and with_partner:
        partner = sentence_subject(sentence, sentence.clauses[0]) or context.paragraph_topic
        codes = [*[code for code in partner if code not in codes], *codes]
    return codes


def _with_organisation_official(sentence: Sentence, clause: Span, lead: Trigger) -> bool:
    """Whether ``lead`` is a contact whose clause names an organisation's official."""
    if lead.event_type not in CONTACT_TYPES:
        return False
    return bool(_ORGANISATION_OFFICIAL.search(sentence.text, clause[0], clause[1]))


def _shared_name(sentence: Sentence, clause: Span, subspan: Span) -> Span:
    """ "the Japan-China-ROK Trilateral Summit and Foreign Ministers' Meeting": the second
    gathering shares the first one's name."""
    before = sentence.text[max(clause[0], subspan[0] - 120) : subspan[0]]
    if re.search(r"(?:Summit|Meeting|Dialogue|Conference)s? and $", before):
        return (max(clause[0], subspan[0] - 120), subspan[0])
    return (0, 0)


def _elaboration(sentence: Sentence, clause: Span) -> Span:
    """The clause right after ``clause`` when it only details it (", including Israel")."""
    index = sentence.clauses.index(clause) if clause in sentence.clauses else -1
    if 0 <= index < len(sentence.clauses) - 1:
        following = sentence.clauses[index + 1]
        if re.match(r"[\s,]*(?:including|such as|notably|namely)\b", sentence.text[following[0] :]):
            return following
    return (0, 0)


def _before_sideline(sentence: Sentence, span: Span, lead: Trigger) -> Span:
    """The part of ``span`` before the gathering a meeting was held at ("… between Prime
    Minister Abe and President Joko during the ASEAN-related Summit Meetings (Singapore)")."""
    marker = _SIDELINE_MARK.search(sentence.text, max(lead.end, span[0]), span[1])
    return (span[0], marker.start()) if marker else span


def _in_name(text: str, mention, lead: Trigger) -> bool:
    """Whether ``mention`` is part of the trigger's own name ("the G7 Ise-Shima Summit",
    "the ASEAN-Japan Summit"), not of another phrase of the clause."""
    if not lead.start - 60 <= mention.start <= lead.end:
        return False
    between = text[mention.end : lead.start] if mention.end <= lead.start else ""
    return all(word[0].isupper() or word[0].isdigit() for word in re.findall(r"[^\s\-–]+", between))


def _coordinated(sentence: Sentence, clause: Span) -> bool:
    """Whether ``clause`` is coordinated with another main clause ("X happened in November,
    and in December Y"), not followed by a relative one (", where the five countries …")."""
    text = sentence.text
    starts = [text[start:end].lstrip(" ,;") for start, end in sentence.clauses]
    index = sentence.clauses.index(clause) if clause in sentence.clauses else 0
    following = starts[index + 1 : index + 2]
    return bool(
        re.match(r"(?:and|but)\b", starts[index])
        or (following and re.match(r"(?:and|but)\b", following[0]))
    )


def _parties_apply(sentence: Sentence, clause: Span, lead: Trigger, context: Context) -> bool:
    """ "In December, the first meeting after the extension was held in Geneva", "the parties
    reached an agreement": a gathering or agreement that names no participant (at most its
    venue) and no official is the paragraph's last-named parties' (three or more)."""
    if lead.event_type not in _PARTY_TYPES or not context.paragraph_parties:
        return False
    text = sentence.text
    named = [m for m in sentence.mentions if not m.topic_only and not m.is_japan]
    if any(not is_venue(text, m) for m in named) or mentions_japan(sentence.mentions):
        return False
    if _BILATERAL_WORDS.search(text):
        return False
    return not context.classifier.actors_of(text, context.japanese)


def _single_country(sentence: Sentence, clause: Span, lead: Trigger) -> list[str]:
    """The one country a domestic event or an election happens in: the nearest named before
    the trigger in its clause, else the sentence's subject (the first named before the
    trigger: "The Rouhani administration, which took office …"), else the first named after
    the trigger in the clause, then in the sentence."""
    named = [
        m
        for m in sentence.mentions
        if m.entry.kind != "group" and not m.topic_only and not m.is_japan
    ]
    inside = [m for m in named if lead.start <= m.start < lead.end]  # "session of the NPC"
    in_clause = inside + [m for m in named if clause[0] <= m.start < lead.start][::-1]
    subject = [m for m in named if m.start < lead.start]
    after_in_clause = [m for m in named if lead.end <= m.start < clause[1]]
    after = [m for m in named if m.start >= lead.end]
    # "… a seizure of power also occurred in Niger": the place told right after the happening
    located = [
        m for m in after_in_clause if _PLACE_AFTER.fullmatch(sentence.text, lead.end, m.start)
    ]
    for mention in located[:1] + in_clause + subject + after_in_clause + after:
        return list(mention.entry.codes[:1])
    return []


_PLACE_AFTER = re.compile(
    r"(?: (?:also|again|then|later|occurred|took place|was held|were held|broke out|happened))*"
    r" in (?:the )?"
)


def _only_adjectives(mentions: list) -> bool:
    """ "Forces led by Russian troops were dispatched": no country is named as the place."""
    named = [m for m in mentions if m.entry.kind == "country" and not m.topic_only]
    return bool(named) and all(m.entry.group_kind == "demonym" for m in named)


def _participants(mentions: list, text: str) -> list[str]:
    """Countries taking part; a venue ("held in Bangkok") counts only if nothing else does."""
    venues = [m for m in mentions if is_venue(text, m)]
    return codes_of([m for m in mentions if m not in venues]) or codes_of(mentions)


def _partner_not_venue(
    sentence: Sentence, clause: Span, codes: list[str], context: Context
) -> list[str]:
    """A bilateral meeting named only by its venue ("… with President X during the APEC
    meeting in Port Moresby, Papua New Guinea") is with the country the section is about."""
    text = sentence.text
    named = [
        m
        for m in sentence.mentions_in(clause)
        if not m.topic_only and not m.is_japan and set(m.entry.codes) & set(codes)
    ]
    if not named or not all(is_venue(text, m) for m in named):
        return codes
    topic = [c for c in context.section_countries or context.paragraph_topic if c not in codes]
    return topic[:1] or codes


def is_venue(text: str, mention) -> bool:
    return bool(_VENUE.search(text[max(0, mention.start - 40) : mention.start]))


def sentence_subject(sentence: Sentence, clause: Span) -> list[str]:
    """Return the country that is the subject of ``clause`` (the last named before its verb)."""
    text = sentence.text
    verb = _MAIN_VERB.search(text, clause[0], clause[1])
    limit = verb.start() if verb else clause[1]
    named = [
        m
        for m in sentence.mentions_in((clause[0], limit))
        if m.entry.kind != "group" and not m.topic_only and not m.is_japan
    ]
    return list(named[-1].entry.codes) if named else []


def describe_event(
    sentence: Sentence,
    span: Span,
    clause: Span,
    lead: Trigger,
    countries: list[str],
    date: ResolvedDate,
    date_source: str,
    context: Context,
    keep_type: bool = False,
) -> Event | None:
    """Build the ``Event`` of ``lead`` with every attribute chosen from its spans.

    Returns None when the spans show no event after all (a "Council" of one country).
    """
    text = sentence.text
    span_text, clause_text = text[span[0] : span[1]], text[clause[0] : clause[1]]
    clause_mentions = sentence.mentions_in(clause)
    classifier = context.classifier
    actors = (
        classifier.actors_of(span_text, context.japanese)
        or classifier.actors_of(clause_text, context.japanese)
        or classifier.actors_of(text, context.japanese)
    )
    japan = _japan_involved(sentence, clause, lead, actors)
    event_type = lead.event_type
    defaults = context.resources.type_defaults[event_type]
    level = defaults.level
    if defaults.level_from_titles:
        level = next(
            (found for found in map(classifier.level_of, (span_text, clause_text, text)) if found),
            defaults.level,
        )
    own = [m for m in clause_mentions if _in_name(text, m, lead)]
    framework = any(
        m.entry.kind == "group" and m.entry.group_kind in {"organisation", "framework"} for m in own
    )
    if not keep_type and not (event_type == "multilateral" and framework):
        event_type = _refine_type(event_type, lead, countries, japan, level)
    if not event_type:
        return None
    if event_type in _HOSTED_TYPES and _held_abroad_by_japan(
        sentence, clause, lead, countries, context
    ):
        event_type = "visit"
    if event_type in _BILATERAL_TYPES and len(countries) == 1:
        japan = True
    if (
        event_type == "security"
        and context.paragraph_topic
        and _only_adjectives(sentence.mentions_in(clause))
    ):
        countries = countries + [c for c in context.paragraph_topic if c not in countries]
    defaults = context.resources.type_defaults[event_type]
    mode = _mode(classifier, event_type, span_text, clause_text, text, defaults, japan)
    themes = list(dict.fromkeys([defaults.theme, *classifier.themes_of(text)]))
    people = {m.entry.name for m in sentence.mentions_in(clause) if m.entry.kind == "person"}
    rules = _rules_of(lead, sentence, clause, countries, date_source, context)
    if _group_in_policy(rules, date_source, clause_text):
        return None  # a group expands only in a concrete happening, not in a policy statement
    return Event(
        event_type=event_type,
        countries=countries,
        date=date,
        date_source=date_source,
        japan_involved=japan,
        level=level if event_type != "parliamentary" else "parliamentary",
        mode=mode,
        themes=themes,
        actors_japan=[actor.label for actor in actors if actor.japanese],
        actors_partner=[actor.label for actor in actors if not actor.japanese],
        section="",
        paragraph=0,
        sentence=0,
        evidence=text.strip(),
        printed_evidence=sentence.source.strip(),
        anaphoric=lead.anaphoric,
        people=frozenset(people | {actor.label.rsplit(" ", 1)[-1] for actor in actors}),
        clause=sentence.clauses.index(clause) if clause in sentence.clauses else 0,
        trigger_start=lead.start,
        trigger=lead.text,
        definite=bool(_DEFINITE.search(text[max(0, lead.start - 30) : lead.start])),
        joint=bool(_JOINT.search(text[max(0, lead.start - 12) : lead.end])),
        indefinite=bool(_INDEFINITE.search(text[max(0, lead.start - 40) : lead.start])),
        rules=rules,
    )


_POLICY = re.compile(
    r"\b(?:will|would|continues?|continued to|has|have|is|are|attaches|aims?|seeks?|remains?|"
    r"should|must|intends?|plans?|committed)\b"
)


def _group_in_policy(rules: list[str], date_source: str, clause_text: str) -> bool:
    """A group expanded in an undated clause told as policy or a standing effort ("Japan will
    support / has been supporting the Pacific Island countries"), not as something done."""
    return (
        date_source == "default"
        and any(rule.startswith("group:") for rule in rules)
        and bool(_POLICY.search(clause_text))
    )


def _rules_of(
    lead: Trigger,
    sentence: Sentence,
    clause: Span,
    countries: list[str],
    date_source: str,
    context: Context,
) -> list[str]:
    """The trigger's pattern and the genre rules that chose the event's countries and date."""
    rules = [lead.rule or f"trigger:{lead.event_type}"]
    if context.country_rule:
        rules.append(context.country_rule)
    groups_from = sentence.mentions if context.country_rule else sentence.mentions_in(clause)
    rules += expanded_groups(groups_from, countries)
    if date_source != "stated":
        rules.append(f"date_{date_source}")  # "date_named" (a known occasion), "date_default"
    return rules


def expanded_groups(mentions: list, countries: list[str]) -> list[str]:
    """ "group:pacific_islands" for each group of ``mentions`` that expanded to two or more of
    ``countries`` (its members, not named themselves)."""
    named = {code for m in mentions if m.entry.kind != "group" for code in m.entry.codes}
    rules = []
    for mention in mentions:
        entry = mention.entry
        if entry.kind != "group" or not entry.expand:
            continue
        slug = re.sub(r"[^a-z0-9]+", "_", entry.name.lower()).strip("_")
        if entry.group_kind == MEMBERS_KIND and len(set(entry.codes) & set(countries)) >= 2:
            rules.append(f"member_list:{slug}")  # the members the text lists for the group
        elif len((set(entry.codes) & set(countries)) - named) >= 2:
            rules.append(f"group:{slug}")
    return list(dict.fromkeys(rules))


def _held_abroad_by_japan(
    sentence: Sentence, clause: Span, lead: Trigger, countries: list[str], context: Context
) -> bool:
    """ "Foreign Minister Motegi held the … Meeting with … in Jakarta": a Japanese official who
    holds a bilateral meeting in the partner's country has travelled there: a visit. Not when
    the meeting is on the sidelines of a gathering held there."""
    text = sentence.text
    if _SIDELINES.search(text) or any(
        trigger.event_type == "multilateral" and trigger.start != lead.start
        for trigger in sentence.triggers
    ):
        return False
    before = context.classifier.actors_of(text[clause[0] : lead.start], context.japanese)
    if not any(actor.japanese for actor in before):
        return False
    return any(
        mention.start >= lead.end
        and not mention.is_japan
        and set(mention.entry.codes) & set(countries)
        and is_venue(text, mention)
        for mention in sentence.mentions_in(clause)
        if mention.entry.kind == "country"
    )


def _japan_involved(sentence: Sentence, clause: Span, lead: Trigger, actors: list) -> bool:
    if lead.event_type in _SINGLE_COUNTRY_TYPES:
        return False
    if mentions_japan(sentence.mentions_in(clause)) or any(actor.japanese for actor in actors):
        return True
    if lead.event_type in CONTACT_TYPES or lead.event_type == "message":
        return mentions_japan(sentence.mentions)
    return False


def _refine_type(event_type: str, lead: Trigger, countries: list, japan: bool, level: str) -> str:
    participants = len(countries) + int(japan)
    if event_type == "multilateral" and lead.text.lower().startswith("co-chair"):
        return event_type  # a conference co-chaired with one named country is still one
    if event_type in {"meeting", "call", "consultation"} and participants >= 3:
        return "multilateral"
    if event_type == "multilateral" and participants <= 1:
        # "negotiations were held between the Government of X and armed groups"
        return "consultation" if countries and re.match(r"[Nn]egotiation", lead.text) else ""
    if event_type == "multilateral" and participants <= 2:
        return (
            "consultation"
            if re.search(r"Dialogue|Consultation|Council|[Nn]egotiation", lead.text)
            else "meeting"
        )
    if event_type in CONTACT_TYPES and level == "parliamentary":
        return "parliamentary"
    return event_type


def _mode(classifier, event_type, span_text, clause_text, text, defaults, japan) -> str:
    for candidate in (span_text, clause_text, text if event_type == "multilateral" else ""):
        mode = classifier.mode_of(candidate) if candidate else None
        if mode == "written" and event_type not in _WRITTEN_TYPES:
            mode = None
        if mode is not None and event_type in STATE_TYPES and mode != "in_person":
            mode = None
        if mode is not None:
            return mode
    return defaults.mode if japan else defaults.mode_without_japan
