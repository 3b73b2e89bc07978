"""Sentences that alternate between two texts: two PDF columns read across, line by line.

A page read across its two columns gives "sentences" whose stretches of a few words come from
two different texts ("Under his North Korea has continued in 2018 with … stance, President
Trump frequent high level visits, including Vice is implementing his policies"). Their events
are garbled (countries of one text, dates of the other), so such a sentence gives none. The
sign looked for is a joint where one text's words stop mid-phrase and the other's begin: a word
that opens a sentence or a dated phrase ("The", "However", "In May") capitalised after a
lower-case word with no punctuation between, or an empty pair of parentheses left by a
footnote mark. Normal prose in the genre has neither.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_OPENER = (
    r"(?:The|This|These|Under|Although|However|Moreover|Furthermore|Meanwhile|While|Since|With|"
    r"As|At|In|On|For|To)"
)
# what stands before a joint: a lower-case word, or a capitalised name that follows one ("…
# visited Kenya The two leaders"); a heading run into its paragraph ("(A) Domestic Affairs The
# fourth session") follows a bracket instead
_BEFORE = r"(?:\b[a-z]{2,},?|(?:\b[a-z]{2,}|,)(?: [A-Z][\w'’.-]*){1,3})"
_CANDIDATE = re.compile(
    rf" (?P<opener>{_OPENER})\b(?= [a-z])| (?P<dated>(?:In|On|From|Since) {_MONTH})\b"
    r"|(?P<empty>\(\s*\))"
)
_BEFORE_OPENER = re.compile(rf"{_BEFORE}$")
_BEFORE_DATED = re.compile(r"\b[a-z]{3,}$")
_MIN_WORDS = 12
_HEADING_WORDS = 5  # a heading run into its paragraph: "(A) Domestic affairs In October, …"
_LOOK_BACK = 60


def is_interleaved(sentence: str) -> bool:
    """Whether ``sentence`` alternates between two texts (see module)."""
    if len(sentence.split()) < _MIN_WORDS:
        return False
    for candidate in _CANDIDATE.finditer(sentence):
        if len(sentence[: candidate.end()].split()) <= _HEADING_WORDS:
            continue
        before = sentence[max(0, candidate.start() - _LOOK_BACK) : candidate.start()]
        if (
            candidate.group("empty")
            or (candidate.group("opener") and _BEFORE_OPENER.search(before))
            or (candidate.group("dated") and _BEFORE_DATED.search(before))
        ):
            return True
    return False
