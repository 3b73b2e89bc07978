"""Split paragraphs into sentences, and sentences into clauses that each tell one happening.

Spans are ``(start, end)`` character offsets so that dates, countries and triggers found on the
whole sentence can be assigned to the clause they sit in.
"""

from __future__ import annotations

import re

from bluebook.words import split_words

Span = tuple[int, int]

_BOUNDARY = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[“\"(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    split_words(
        """
    u.s u.k u.n mr ms mrs dr no st e.g i.e vs jan feb mar apr jun jul aug sep sept oct nov
    dec gen lt col prof h.e inc co ltd approx op fig art para nos p.m a.m jr sr
    """
    )
)
_CLAUSE_BREAK = re.compile(
    r"; |, (?=(?:and|but|while|whereas|including|where|after which|during which|which|who|"
    r"as well as|and also|although|though)\b)|(?<=\w) (?=(?:following|in which|during which)\b)"
)
_CLAUSE_OPENING = re.compile(
    r"(?:(?:in|on|at|from|during|since|by|then|later|subsequently) (?:\w+ )?(?:\d|[A-Z][a-z]+ \d|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)"
    r"|(?:he|she|they|it|the two|both) [a-z]+)"
)
_OPENING_SUBORDINATE = re.compile(
    r"^(?:While|Although|Though|Whereas|In light of|Amid|Amidst|Despite|Given|Since|After|"
    r"Following|Prior to|Before)\b"
    # At least four spaces before the first comma, read once: each space is preceded by a run
    # of other characters, so the engine never tries the ways to split a run (no backtracking
    # that grows with the sentence).
    r"(?:[^,\s]*\s){4}[^,]*, (?=[a-zA-Z])"
)
_COORDINATION = re.compile(
    r" (?:and|as well as) (?=(?:a|an|the|two|three)\b)"
    r"| and (?=(?:[A-Z][\w'’-]* ){1,4}(?:Summit|Meeting|Dialogue|Conference)s?\b)"
    r"|, (?:and |there (?:was|were) )?(?=the (?:[A-Z\d][\w.'’-]*[ -]){1,6}"
    r"(?:Summit|Meeting|Dialogue|Conference|Consultations?|Talks|Forum|Agreement|Convention)s?\b)"
)


def split_sentences(text: str) -> list[Span]:
    """Return the spans of the sentences of ``text`` (abbreviations such as "U.S." kept)."""
    spans: list[Span] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start()]
        last_word = re.split(r"[\s(-]", before)[-1].rstrip('.!?”"’)').lower()
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def split_clauses(sentence: str) -> list[Span]:
    """Return clause spans of ``sentence``: cut at ";" and before ", and", ", while", ", who" …

    A sentence that opens with a subordinate clause ("While …, the situation …") is also cut
    at the comma that closes it.
    """
    spans: list[Span] = []
    start = 0
    opening = _OPENING_SUBORDINATE.match(sentence)
    if opening:
        spans.append((0, opening.end() - 2))
        start = opening.end()
    for match in _CLAUSE_BREAK.finditer(sentence, start):
        if _ends_list_item(sentence, start, match):
            continue
        if match.start() - start > 3:
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, len(sentence)))
    return spans


def _ends_list_item(sentence: str, start: int, match: re.Match[str]) -> bool:
    """ ", and India" closes a list ("the U.S., China, and India"), not a clause."""
    if not sentence.startswith(", and ", match.start()):
        return False
    if _CLAUSE_OPENING.match(sentence, match.start() + 6):
        return False  # ", and in October, he visited …" opens a clause
    item_start = sentence.rfind(",", start, match.start()) + 1 or start
    return len(sentence[item_start : match.start()].split()) <= 4 and item_start > start


def coordination_points(sentence: str, span: Span) -> list[int]:
    """Offsets inside ``span`` where a coordinated noun phrase starts ("… and a summit meeting")."""
    return [match.end() for match in _COORDINATION.finditer(sentence, span[0], span[1])]


def span_of(position: int, spans: list[Span]) -> Span:
    """Return the span that contains ``position`` (the last one if none does)."""
    for span in spans:
        if span[0] <= position < span[1]:
            return span
    return spans[-1]
