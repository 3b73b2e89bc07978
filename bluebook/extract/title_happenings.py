"""Titles of events that are not contacts between officials: agreements, aid, sanctions,
statements, exchange programmes, elections, domestic and security events.

What happened is read from the event's trigger first, then from its evidence sentence
("died", "state of emergency", "ceasefire"); the first cue found names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bluebook.extract.title_facts import (
    PROPER_PHRASE,
    Facts,
    find_named,
    strip_japan_prefix,
    trim_phrase,
)

_AGREEMENT_NOUNS = (
    r"Agreement|Treaty|Convention|Memorandum(?: of \w+)?|Plan of Action|Accord|Arrangement|"
    r"Protocol|Declaration|Partnership|Exchange of Notes"
)
_AGREEMENT_KIND = re.compile(
    r"\b(peace|trade|free trade|ceasefire|cease-fire|investment|tax|security|nuclear|border|"
    r"economic partnership|loan|grant) (agreement|accord|treaty|deal)\b",
    re.IGNORECASE,
)
_IN_FORCE = re.compile(
    r"\b(?:entered|enter|enters|came|come|comes) into (?:force|effect)|\btook effect\b"
)
_AID_KINDS = re.compile(
    r"\b((?:emergency )?(?:humanitarian|grant|food|medical|technical|economic|financial|"
    r"relief|development|disaster relief|loan) (?:aid|assistance|support|goods|cooperation))\b"
    r"|\b(ODA loans?|emergency relief goods|grant aid)\b",
    re.IGNORECASE,
)
_ELECTION_KIND = re.compile(
    r"\b(presidential|parliamentary|general|legislative|local|municipal|regional|snap|early|"
    r"House of Councillors|House of Representatives|upper house|lower house|National Assembly)"
    r"(?: and \w+)? elections?\b|\belections? (?:to|for) the (National Assembly|parliament|"
    r"Parliament|Senate|House of \w+)\b",
    re.IGNORECASE,
)
_LEADER = (
    r"(?:the )?(?:former |first |late )?(?:President|Prime Minister|King|Queen|Emperor|leader)"
)
_ORDINAL = r"(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_SESSION = re.compile(
    rf"\b({_ORDINAL} (?:[A-Za-z][\w'’-]* ){{0,3}}?(?:Congress|[Ss]ession|Plenum)"
    rf"(?: of (?:the )?{PROPER_PHRASE})?)"
)
_SEIZURE = re.compile(
    # At most ten words: an unbounded run of capitalised words would be read again from each
    # of its words (quadratic time on a long one).
    r"(?:the )?(?P<who>[A-Z][\w-]+(?: [A-Z][\w-]+){0,9})(?:'s (?:control|takeover)| (?:took|seized|"
    r"takes|seizes|has taken|gained) (?:control|power))\b"
)

# (cue, title template); {leader} needs a named official, {between} names the countries.
_DOMESTIC_CUES = (
    (rf"\b(?:died|dies|passed away)\b(?! down)|\bdeath of {_LEADER}", "{leader} dies"),
    (r"\bresign(?:ed|s|ation)?\b", "{leader} resigns"),
    (r"\breplac(?:ed|es|ing)\b|\bsucceed(?:ed|s)\b", "{leader} takes over from {other}"),
    (
        r"\bmilitary takeovers?\b|\bcoups?\b|\b(?:seized|took) power\b",
        "military takeover in {countries}",
    ),
    (r"\bstate of emergency\b", "state of emergency declared in {countries}"),
    (r"\b(?:upheaval|turmoil|political crisis)\b", "political upheaval in {countries}"),
    (
        r"\b(?:inaugurat\w*|took office|takes office|sworn in|assumed office)\b",
        "{leader} takes office",
    ),
    (r"\b(?:congress|plenary session|plenum|session of the)\b", "{session}"),
    (r"\breferendum\b", "referendum in {countries}"),
    (r"\bconstitution(?:al)?\b", "constitutional change in {countries}"),
    (r"\b(?:protests?|demonstrations?|rall(?:y|ies)|riots?|unrest)\b", "protests in {countries}"),
    (r"\bhuman rights\b", "human rights situation in {countries}"),
    (r"\b(?:detain\w*|detention|arrest\w*)\b", "detentions in {countries}"),
    (r"\bnational dialogue\b|\bdialogue between\b", "national dialogue in {countries}"),
    (r"\bcoalition\b", "new ruling coalition in {countries}"),
    (r"\bappoint\w*\b", "appointments in {countries}"),
    (r"\b(?:new|formed) (?:government|cabinet)\b|\bcabinet\b", "new government in {countries}"),
)
_SECURITY_CUES = (
    (r"\b(?:ceasefire|cease-fire|truce|armistice)\b", "ceasefire {involving}"),
    (r"\bexercises?\b|\bdrills?\b", "military exercises {involving}"),
    (r"\b(?:invaded|invasion|aggression)\b", "military aggression {involving}"),
    (
        r"(?:'s|\btook|\bseized|\btakes|\btaken) (?:control|power)\b|\btakeover\b",
        "{actor} takes control of {countries}",
    ),
    (
        r"\b(?:clash\w*|fighting|hostilities|conflict|war|gunfire|gunfights?|shelling)\b",
        "armed conflict {between}",
    ),
    (r"\bmissiles?\b|\bnuclear tests?\b", "missile or nuclear launch {involving}"),
    (r"\b(?:terror\w*|attacks?|bomb\w*|explosions?)\b", "attack {involving}"),
    (
        r"\b(?:deploy\w*|dispatch\w*|troops|peacekeep\w*|forces)\b",
        "deployment of forces {involving}",
    ),
    (r"\b(?:migrants?|refugees?|border|cross\w*)\b", "border crisis {involving}"),
)
_NO_LEADER = {
    "{leader} dies": "death of a leader of {countries}",
    "{leader} resigns": "resignation in the government of {countries}",
    "{leader} takes office": "new leadership takes office in {countries}",
    "{leader} takes over from {other}": "change of leader in {countries}",
}


def title_agreement(facts: Facts) -> str:
    evidence = facts.evidence
    name = strip_japan_prefix(find_named(evidence, _AGREEMENT_NOUNS, prefer=facts.event.trigger))
    kind = _AGREEMENT_KIND.search(evidence)
    what = f"the {name}" if name else f"{'a' if kind else 'an'} {_agreement_kind(kind)}"
    parties = facts.sides()
    if _IN_FORCE.search(evidence):
        between = " between " if facts.japan or len(facts.codes) > 1 else " concerning "
        return f"{what}{between}{parties} enters into force"
    verb = "sign" if re.search(r"\bsign(?:ed|s|ing)?\b", evidence) else "reach"
    if facts.japan or len(facts.codes) > 1:
        if verb == "reach" and name:
            return f"{parties} reach agreement on {what}"
        return f"{parties} {verb} {what}"
    done = "signed" if verb == "sign" else "reached"
    on = f" on {what}" if name else ""
    return f"{_agreement_kind(kind)} {done}{on}, concerning {parties}"


def _agreement_kind(kind: re.Match[str] | None) -> str:
    if kind is None:
        return "agreement"
    return f"{kind.group(1).lower()} {kind.group(2).lower()}"


def title_aid(facts: Facts) -> str:
    kind = _AID_KINDS.search(facts.evidence)
    what = (kind.group(1) or kind.group(2)).lower() if kind else "assistance"
    if facts.japan:
        return f"Japan provides {what} to {facts.countries()}"
    return f"{what} provided to {facts.countries()}"


def title_sanction(facts: Facts) -> str:
    evidence = facts.evidence.lower()
    what = "sanctions"
    if "export control" in evidence:
        what = "sanctions and export controls" if "sanction" in evidence else "export controls"
    elif "freez" in evidence:
        what = "asset freezes"
    if facts.japan:
        return f"Japan imposes {what} on {facts.countries()}"
    return f"{what} imposed on {facts.countries()}"


def title_statement(facts: Facts) -> str:
    evidence = facts.evidence.lower()
    speaker = facts.japanese[0].label if facts.japanese else ("Japan" if facts.japan else "")
    speaker = speaker or (facts.with_country(facts.partners[0]) if facts.partners else "")
    if "condemn" in evidence:
        what = "a statement of condemnation"
    elif re.search(r"\burg(?:e|ed|es|ing)\b|\bcall(?:ed|s)? (?:on|for|upon)\b", evidence):
        what = "an appeal"
    else:
        what = "a statement"
    if not speaker:
        return f"{what.split(' ', 1)[1]} on {facts.countries()}"
    return f"{speaker} issues {what} on {facts.countries()}"


def title_exchange(facts: Facts) -> str:
    programme = find_named(facts.evidence, r"Programme|Program|Project|Initiative|Year|Festival")
    name = f" ({programme.removeprefix('the ')})" if programme else ""
    if facts.partners and facts.japan:
        who = facts.with_country(facts.partners[0])
        return f"{who} takes part in an exchange programme with Japan{name}"
    if facts.japan:
        return f"exchange programme between {facts.sides()}{name}"
    return f"exchange programme involving {facts.countries()}{name}"


def title_election(facts: Facts) -> str:
    kind = _ELECTION_KIND.search(facts.evidence)
    label = (kind.group(1) or kind.group(2)) if kind else ""
    label = label if label[:1].isupper() else label.lower()
    if kind and kind.group(2):
        election = f"election to the {label}"
    else:
        many = (kind and kind.group(0).endswith("s")) or len(facts.codes) > 1
        election = f"{label} {'elections' if many else 'election'}".strip()
    winner = next((p for p in facts.partners if p.role), None)
    if winner and re.search(r"\bre-?elected\b", facts.evidence):
        return f"{facts.with_country(winner)} is re-elected in the {election}"
    if winner and re.search(r"\b(?:was|is|were) elected\b|\bwon\b|\bwins\b", facts.evidence):
        return f"{winner.label} wins the {election} in {facts.countries()}"
    if election.startswith("election to"):
        return f"{facts.countries()} holds an {election}"
    return f"{election} in {facts.countries()}"


def _title_from_cues(facts: Facts, cues: tuple[tuple[str, str], ...], fallback: str) -> str:
    template = _first_cue(facts.event.trigger, cues) or _first_cue(facts.evidence, cues)
    template = template or fallback
    leaders = [p for p in facts.partners if p.role]
    if ("{leader}" in template and not leaders) or ("{other}" in template and len(leaders) < 2):
        template = _NO_LEADER[template]
    actor = ""
    if "{actor}" in template:
        seizure = _SEIZURE.search(facts.evidence)
        actor = "the " + seizure.group("who") if seizure else ""
        template = template if actor else "change of control in {countries}"
    session = ""
    if template == "{session}":
        found = _SESSION.search(facts.evidence)
        session = trim_phrase(found.group(1)) if found else ""
        template = "{session} held" if session else "party or parliament session in {countries}"
    names = facts.countries()
    single = len(facts.codes) == 1
    return template.format(
        leader=facts.with_country(leaders[0]) if leaders else "",
        other=leaders[1].label if len(leaders) > 1 else "",
        actor=actor,
        session=session,
        countries=names,
        between=f"in {names}" if single else f"between {names}",
        involving=f"in {names}" if single else f"involving {names}",
    )


def _first_cue(text: str, cues: tuple[tuple[str, str], ...]) -> str:
    for cue, template in cues:
        if text and re.search(cue, text, re.IGNORECASE):
            return template
    return ""


def title_domestic(facts: Facts) -> str:
    return _title_from_cues(facts, _DOMESTIC_CUES, "political developments in {countries}")


def title_security(facts: Facts) -> str:
    return _title_from_cues(facts, _SECURITY_CUES, "security developments {involving}")


HAPPENING_BUILDERS: dict[str, Callable[[Facts], str]] = {
    "agreement": title_agreement,
    "aid": title_aid,
    "sanction": title_sanction,
    "statement": title_statement,
    "exchange": title_exchange,
    "election": title_election,
    "domestic": title_domestic,
    "security": title_security,
}
