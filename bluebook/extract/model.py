"""The extracted event and the per-sentence facts the extractor works from."""

from __future__ import annotations

from dataclasses import dataclass, field

from bluebook.extract.classify import Trigger
from bluebook.extract.countries import Mention
from bluebook.extract.dates import DateMention, ResolvedDate
from bluebook.extract.sentences import Span


@dataclass
class Event:
    """One happening, with its provenance; ``date_source`` says how sure the date is.

    ``date_source`` is "stated" (in the clause or the sentence), "named" (a known occasion) or
    "default" (no date in the text: the narrative year). ``evidence`` is the sentence as the
    patterns read it (typographic apostrophes and dashes folded, see ``fold_for_matching``);
    ``printed_evidence``, when set, is the same sentence as the document prints it.
    """

    event_type: str
    countries: list[str]
    date: ResolvedDate
    date_source: str
    japan_involved: bool
    level: str
    mode: str
    themes: list[str]
    actors_japan: list[str]
    actors_partner: list[str]
    section: str
    paragraph: int
    sentence: int
    evidence: str
    anaphoric: bool = False
    people: frozenset[str] = field(default_factory=frozenset)
    clause: int = 0
    trigger_start: int = 0
    trigger: str = ""
    definite: bool = False
    joint: bool = False
    indefinite: bool = False
    section_key: int = 0
    printed_evidence: str = ""
    # why the event exists: its trigger pattern ("keywords_event_types.csv:12") and the named
    # genre rules that produced or shaped it ("visit_splitter", "group:pacific_islands" …)
    rules: list[str] = field(default_factory=list)
    confidence: float | None = None  # the scorer's probability that the event is right


@dataclass(frozen=True)
class Sentence:
    """A sentence and what was found in it.

    ``text`` has typographic apostrophes and dashes folded to ASCII (``fold_for_matching``), so
    every pattern sees one spelling; ``source`` is the same sentence as the document prints it,
    character for character (same length), for the evidence.
    """

    text: str
    mentions: list[Mention]
    dates: list[DateMention]
    triggers: list[Trigger]
    clauses: list[Span]
    source: str = ""

    def mentions_in(self, span: Span) -> list[Mention]:
        return [mention for mention in self.mentions if span[0] <= mention.start < span[1]]

    def dates_in(self, span: Span) -> list[DateMention]:
        return [date for date in self.dates if span[0] <= date.start < span[1]]
