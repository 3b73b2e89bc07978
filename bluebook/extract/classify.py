"""Event type triggers, level, mode, themes and actors, from the keyword files of the taxonomy.

The patterns live in ``data/taxonomy/keywords_*.csv`` and ``data/gazetteer/titles.csv``; this
module only applies them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from bluebook.extract.normalize import fold_for_matching
from bluebook.extract.regexes import lowered_for_gates
from bluebook.extract.resources import DEFAULT_DATA_DIR, Resources, load_resources
from bluebook.words import split_words

CONTACT_TYPES = frozenset(
    {"visit", "meeting", "call", "consultation", "multilateral", "parliamentary", "exchange"}
)
STATE_TYPES = frozenset({"election", "domestic", "security"})
_FAMILY = {
    **dict.fromkeys(CONTACT_TYPES, "contact"),
    "statement": "measure",
    "sanction": "measure",
}
_SIDELINE = re.compile(
    r"(?:on the (?:sidelines|margins|occasion) of|during|at|while attending|in conjunction with)"
    r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:next|upcoming|forthcoming|future|planned|plans? to|will|would|to be held|scheduled|"
    r"postponed|postponement of|delayed|cancell?ed|cancell?ation of)"
    r"\b[^.;]{0,20}$"
)
_NEGATED = re.compile(
    r"\b(?:failed to|did not|could not|was not|were not|unable to|without)\b[^.;]{0,20}$"
)
_FUTURE_AFTER = re.compile(r"[^.;]{0,60}?\b(?:to be held|will be held|is scheduled)\b")
# "in violation of the Joint Statement of …", "based on the Agreement": a document cited
_REFERENCE = re.compile(
    r"\b(?:in violation of|in breach of|in accordance with|pursuant to|based on|in line with|"
    r"since|ever since)"
    r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "As Russia's aggression against Ukraine has continued for two years": no dated occurrence
_ONGOING = re.compile(
    r"(?: (?:against|of|in|on) (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)?"
    r" (?:has continued|have continued|continues|continue|is continuing|are continuing|"
    r"remains|remain)\b"
)
# "East Asia Summit (EAS) member states": the organisation, not one of its meetings
_MEMBERSHIP = re.compile(
    r"(?: \([A-Z]{2,6}\))? (?:member|participating) (?:states|countries|economies)\b"
)
_ANAPHORA = re.compile(
    r"\b(?:[Tt]his|[Tt]hese|[Bb]oth|[Ss]uch|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|the same|the said)"
    r"\s+(?:[\w'-]+\s+)?$"
)
_OPENING_ANAPHORA = re.compile(
    r"^(?:At|During|In|On|After|Through|Following|Prior to) the\s+(?:[\w'-]+\s+){0,2}$"
)
_NOT_PERSONAL_TITLES = frozenset(
    {"Summit", "Ministerial", "Senior Officials", "Expert", "Foreign Ministers", "Leaders"}
    | {"Leaders'", "Heads of State", "Ministers'", "Vice-Ministerial"}
    | {"Foreign and Defence Ministers", "Foreign and Defense Ministers"}
)
_NAME_TOKEN = r"(?:(?:bin|al|de|von|van|der|da|el)[ -])?[A-Z][\w'’-]+"


@dataclass(frozen=True)
class Trigger:
    """A phrase that announces an event of ``event_type``."""

    start: int
    end: int
    event_type: str
    priority: int
    text: str
    anaphoric: bool
    rule: str = ""  # the pattern that found it, "keywords_event_types.csv:LINE"
    # why the rules set it aside ("future", "negated", "reference", "ongoing", "membership");
    # "" for a trigger the rules keep. Set-aside triggers are found only when asked for
    # (``find_triggers(generous=True)``): the scorer weighs them as candidates.
    set_aside: str = ""

    @property
    def family(self) -> str:
        return _FAMILY.get(self.event_type, self.event_type)


@dataclass(frozen=True)
class Actor:
    """An official named in the text as "Title Name", and whether they are Japanese."""

    start: int
    label: str
    japanese: bool
    level: str


class Classifier:
    """Applies the keyword files of one data folder; build it with ``classifier``."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        titles = sorted(resources.titles, key=lambda title: len(title.title), reverse=True)
        self.titles = {title.title: title for title in titles}
        alternation = "|".join(re.escape(title.title) for title in titles)
        self.title_pattern = re.compile(rf"(?<![\w-])({alternation})(?![\w-])")
        personal = "|".join(
            re.escape(title.title)
            for title in titles
            if title.title[0].isupper() and title.title not in _NOT_PERSONAL_TITLES
        )
        self.actor_pattern = re.compile(
            rf"(?<![\w-])(?P<title>{personal}) "
            rf"(?P<name>{_NAME_TOKEN}(?: (?:[A-Z]\. )?{_NAME_TOKEN}){{0,3}})"  # "George W. Bush"
        )
        self.appositive_pattern = re.compile(
            rf"(?P<name>{_NAME_TOKEN}(?: {_NAME_TOKEN}){{1,2}}), (?P<title>{personal})\b"
        )

    def find_triggers(
        self,
        text: str,
        masks: list[tuple[int, int]] = (),
        sentence_starts: list[int] = (0,),
        generous: bool = False,
    ) -> list[Trigger]:
        """Return non-overlapping triggers, stronger ones first claimed, in reading order.

        A trigger overlapping a masked span (an organisation's name, such as "Collective
        Security Treaty Organization") does not count. ``sentence_starts`` bound the context
        looked at before a trigger. ``generous`` also returns the triggers set aside as
        planned, negated, cited, ongoing or a membership, with ``set_aside`` saying why.
        """
        aside: list[Trigger] = []
        candidates = []
        text = fold_for_matching(text)
        lowered = lowered_for_gates(text)
        for pattern in self.resources.event_patterns:
            if not pattern.may_match(text, lowered):
                continue
            for match in pattern.regex.finditer(text):
                start, end = match.span("t") if "t" in pattern.regex.groupindex else match.span()
                priority = pattern.priority
                before = text[max(_sentence_start(sentence_starts, start), start - 60) : start]
                if pattern.value == "multilateral" and _SIDELINE.search(before):
                    priority = 30
                candidates.append((priority, end - start, start, end, pattern.value, pattern.rule))
        chosen: list[Trigger] = []
        planned: list[tuple[int, int]] = []  # future triggers still claim their words
        for priority, _, start, end, event_type, rule in sorted(candidates, reverse=True):
            if any(start < other.end and other.start < end for other in chosen):
                continue
            if any(start < high and low < end for low, high in planned):
                continue
            masked = any(start < high and low < end for low, high in masks)
            if masked and _FAMILY.get(event_type) != "contact":
                continue
            opening = _sentence_start(sentence_starts, start)
            before = text[max(opening, start - 30) : start]
            after = text[end : end + 60]
            reason = _set_aside(text, start, opening, before, after)
            if reason:
                planned.append((start, end))  # a plan, a document cited, a state that goes on
                if generous:
                    found = text[start:end]
                    aside.append(
                        Trigger(start, end, event_type, priority, found, False, rule, reason)
                    )
                continue
            anaphoric = bool(
                _ANAPHORA.search(before[-25:]) or _OPENING_ANAPHORA.match(text[opening:start])
            )
            for low, high in _split_named_pair(text, start, end, event_type):
                chosen.append(
                    Trigger(low, high, event_type, priority, text[low:high], anaphoric, rule)
                )
        return sorted(chosen + aside, key=lambda trigger: trigger.start)

    @lru_cache(maxsize=8192)  # noqa: B019 - one classifier per data folder, kept for good
    def level_of(self, text: str) -> str | None:
        """Return the level implied by the first title in ``text``, or None."""
        match = self.title_pattern.search(fold_for_matching(text))
        return self.titles[match.group(1)].level if match else None

    @lru_cache(maxsize=8192)  # noqa: B019 - one classifier per data folder, kept for good
    def mode_of(self, text: str) -> str | None:
        """Return the mode the first matching cue of ``keywords_modes.csv`` gives, or None."""
        text = fold_for_matching(text)
        for pattern in self.resources.mode_patterns:
            if pattern.regex.search(text):
                return pattern.value
        return None

    @lru_cache(maxsize=8192)  # noqa: B019 - one classifier per data folder, kept for good
    def themes_of(self, text: str) -> tuple[str, ...]:
        """Return the theme ids whose keywords occur in ``text``, first occurring first."""
        found = []
        text = fold_for_matching(text)
        for pattern in self.resources.theme_patterns:
            match = pattern.regex.search(text)
            if match:
                found.append((match.start(), pattern.value))
        return tuple(theme for _, theme in sorted(found))

    @lru_cache(maxsize=8192)  # noqa: B019 - one classifier per data folder, kept for good
    def actors_of(self, text: str, japanese_names: frozenset[str]) -> tuple[Actor, ...]:
        """Return the officials named in ``text`` as "Title Name", in reading order."""
        actors: dict[str, Actor] = {}
        text = fold_for_matching(text)
        for match in self.actor_pattern.finditer(text):
            self._add_actor(actors, match, japanese_names)
        for match in self.appositive_pattern.finditer(text):
            self._add_actor(actors, match, japanese_names)
        return tuple(sorted(actors.values(), key=lambda actor: actor.start))

    def _add_actor(
        self, actors: dict[str, Actor], match: re.Match[str], japanese_names: frozenset[str]
    ) -> None:
        name = _trim_name(match.group("name"))
        if not name or name in actors:
            return
        title = self.titles[match.group("title")]
        japanese = title.japanese_only or any(part in japanese_names for part in name.split())
        label = f"{match.group('title')} {name}"
        actors[name] = Actor(match.start(), label, japanese, title.level)


_NOT_NAMES = frozenset(
    split_words(
        """
    The In On At Of For And Japan Japanese Republic Kingdom State States Federation Affairs
    Foreign Minister Ministers President Prime Deputy House Senate Council Parliament
    Cabinet Government Ministry Office Lower Upper Investments Trade Finance
    """
    )
)


def _trim_name(name: str) -> str:
    words = []
    for word in name.split():
        if word.endswith(("'s", "’s")):  # "Foreign Minister Kono's two visits": Kono
            if word[:-2] not in _NOT_NAMES:
                words.append(word[:-2])
            break
        if word in _NOT_NAMES:
            break
        words.append(word)
    return " ".join(words)


_NAMED_PAIR = re.compile(
    r"(?P<noun>(?:Summit|Meeting|Dialogue|Conference)s?) and (?=(?:[A-Z][\w'’-]* )+"
    r"(?:Summit|Meeting|Dialogue|Conference)s?$)"
)


def _split_named_pair(text: str, start: int, end: int, event_type: str) -> list[tuple[int, int]]:
    """ "Trilateral Summit and Foreign Ministers' Meeting" names two gatherings."""
    pair = _NAMED_PAIR.search(text, start, end) if event_type == "multilateral" else None
    if pair is None:
        return [(start, end)]
    return [(start, pair.end("noun")), (pair.end(), end)]


def _set_aside(text: str, start: int, opening: int, before: str, after: str) -> str:
    """Why a trigger tells no event that happened ("" when it does)."""
    if _FUTURE.search(before) or _FUTURE_AFTER.match(after):
        return "future"
    if _NEGATED.search(before):
        return "negated"
    if _REFERENCE.search(text[max(opening, start - 60) : start]):
        return "reference"
    if _ONGOING.match(after):
        return "ongoing"
    if _MEMBERSHIP.match(after):
        return "membership"
    return ""


def _sentence_start(starts, position: int) -> int:
    index = bisect.bisect_right(starts, position) - 1
    return starts[index] if index >= 0 else 0


@cache
def classifier(data_dir: Path = DEFAULT_DATA_DIR) -> Classifier:
    """Return the cached classifier of the data folder."""
    return Classifier(load_resources(data_dir))
