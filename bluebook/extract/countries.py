"""Find countries, people and groups named in a sentence, and turn them into ISO3 codes.

One regular expression holds every name of the gazetteer and of ``country_converter`` (longest
first, whole words, case-sensitive); it is compiled once per data folder. A name inside a
masking phrase ("the situation in Afghanistan", "views on Ukraine") names a topic, not a
participant, and is flagged so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bluebook.extract.normalize import fold_for_matching
from bluebook.extract.regexes import fast_start
from bluebook.extract.resources import DEFAULT_DATA_DIR, Entry, load_resources
from bluebook.schema import JAPAN_ISO3

_TOPIC_BEFORE = re.compile(
    r"(?:situations? (?:in|on|of|regarding|concerning|surrounding|with)|views on|issues? (?:of|on|"
    r"regarding|concerning|related to)|crisis (?:in|on)|related to|the future of|"
    r"over|concerning|towards?|along|near)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# "… discussed bilateral issues and key topics, including North Korea, Iraq and Iran": the
# countries after what was discussed are topics, unless a partner follows ("… with X").
_TOPIC_WORDS = re.compile(
    r"\b(?:discuss(?:ed|es|ing|ions?)?|exchanged? (?:views|opinions)|topics)\b"
)
_TOPIC_END = re.compile(r"\. |;|\bwith\b|\band (?:also )?(?:held|met|visited|signed)\b")


@dataclass(frozen=True)
class Mention:
    """A name found in a sentence and the entry it resolved to."""

    start: int
    end: int
    text: str
    entry: Entry
    topic_only: bool

    @property
    def is_japan(self) -> bool:
        return self.entry.kind != "group" and self.entry.codes == (JAPAN_ISO3,)


class CountryFinder:
    """Matches every known name in one pass; build it with ``country_finder``."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.by_name: dict[str, list[Entry]] = {}
        for entry in entries:
            self.by_name.setdefault(entry.name, []).append(entry)
        alternation = trie_pattern(list(self.by_name))
        self.pattern = fast_start(rf"(?<![\w.])(?:the )?({alternation})s?(?![\w])")

    def find(self, sentence: str, year: int | None = None) -> list[Mention]:
        """Return the mentions of ``sentence``; people resolve only within their years."""
        mentions = []
        sentence = fold_for_matching(sentence)
        for match in self.pattern.finditer(sentence):
            name = match.group(1)
            entry = self._pick(self.by_name[name], year)
            if entry is None:
                continue
            before = sentence[max(0, match.start(1) - 40) : match.start(1)]
            wider = sentence[max(0, match.start(1) - 160) : match.start(1)]
            topic = _is_topic(before, entry, wider)
            mentions.append(Mention(match.start(1), match.end(1), name, entry, topic))
        return mentions

    @staticmethod
    def _pick(entries: list[Entry], year: int | None) -> Entry | None:
        """Prefer the entry in office in ``year``; a person keeps their country out of office."""
        if len(entries) == 1 or year is None:
            return entries[0]
        for entry in entries:
            low = (entry.from_year or 0) - 1
            high = (entry.to_year or 9999) + 1
            if entry.kind != "person" or low <= year <= high:
                return entry
        return entries[0]


def _is_topic(before: str, entry: Entry, wider: str = "") -> bool:
    if entry.kind != "country":
        return False
    return bool(_TOPIC_BEFORE.search(before) or _after_discussion(wider))


def _after_discussion(text: str) -> bool:
    """Whether ``text`` (what precedes a name) ends in what was discussed."""
    last = None
    for last in _TOPIC_WORDS.finditer(text):  # noqa: B007 - the last one counts
        pass
    return last is not None and not _TOPIC_END.search(text, last.end())


def trie_pattern(words: list[str]) -> str:
    """Return a regular expression matching any of ``words``, longest first, as a trie.

    One alternation of hundreds of names is slow in ``re``; sharing prefixes makes it fast.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}
    return _trie_node_pattern(trie)


def _trie_node_pattern(node: dict) -> str:
    branches = [re.escape(key) + _trie_node_pattern(child) for key, child in node.items() if key]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@cache
def country_finder(data_dir: Path = DEFAULT_DATA_DIR) -> CountryFinder:
    """Return the cached finder built from the data folder's gazetteer."""
    return CountryFinder(load_resources(data_dir).entries)


def codes_of(mentions: list[Mention], expand_groups: bool = True) -> list[str]:
    """Return the ISO3 codes (Japan left out) the mentions stand for, in order, once each.

    A group expands to its members only when none of its members is named among ``mentions``;
    organisations never expand (see ``data/gazetteer/README.md``).
    """
    named = {
        code
        for mention in mentions
        if mention.entry.kind != "group" and not mention.topic_only
        for code in mention.entry.codes
    }
    codes: list[str] = []
    for mention in mentions:
        entry = mention.entry
        if mention.topic_only:
            continue
        if entry.kind == "group":
            listed = entry.group_kind == "members"  # the text listed them: always its members
            if not (expand_groups and entry.expand) or (named & set(entry.codes) and not listed):
                continue
            new = entry.codes
        else:
            new = entry.codes
        codes += [code for code in new if code != JAPAN_ISO3 and code not in codes]
    return codes


def region_members(mentions: list[Mention]) -> set[str]:
    """Return the members of the expanding groups (regions) among ``mentions``."""
    return {
        code
        for mention in mentions
        if mention.entry.kind == "group" and mention.entry.expand
        for code in mention.entry.codes
    }


def organisations(mentions: list[Mention]) -> list[Mention]:
    """Return the organisation mentions that list their members."""
    return [
        mention
        for mention in mentions
        if mention.entry.kind == "group"
        and mention.entry.group_kind == "organisation"
        and mention.entry.codes
    ]


def mentions_japan(mentions: list[Mention]) -> bool:
    """Tell whether Japan, a Japanese or a Japan-framework is among ``mentions``."""
    return any(
        mention.is_japan or mention.text.startswith("Japan") or "Japan" in mention.entry.name
        for mention in mentions
    )
