"""Why each extracted event exists, in words: for ``extract --explain`` and the Review page.

The rules and confidence of ingested events live in the side table ``data/extraction.csv``
(``bluebook.extraction_table``, kept outside this package so that ``validate`` can check it
without loading the extractor); this module says them in words and orders a review queue by
them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from bluebook.extraction_table import (
    EXTRACTION_COLUMNS,
    EXTRACTION_FILE,
    Explanation,
    appended_extraction_text,
    check_extraction_file,
    check_extraction_table,
    extraction_rows,
    extraction_writes,
    format_confidence,
    load_explanations,
    parse_confidence,
    split_rules,
)


def describe_rule(rule: str) -> str:
    """A rule id in words for a reader ("keywords_event_types.csv:12" → "trigger pattern,
    keywords_event_types.csv line 12")."""
    match = re.fullmatch(r"([a-z_]+\.csv):([0-9]+)", rule)
    if match:
        return f"trigger pattern, {match.group(1)} line {match.group(2)}"
    name, _, detail = rule.partition(":")
    words = RULE_NAMES.get(name, name.replace("_", " "))
    return f"{words} ({detail.replace('_', ' ')})" if detail else words


def format_explanation(explanation: Explanation | None) -> str:
    """One line for the Review page or ``extract --explain``: the rules in words and the
    confidence; "" when the event was not extracted."""
    if explanation is None:
        return ""
    rules = "; ".join(describe_rule(rule) for rule in explanation.rules)
    confidence = format_confidence(explanation.confidence)
    return f"{rules} — confidence {confidence}" if confidence else rules


RULE_NAMES = {
    "visit_splitter": "a trip to several countries, one event per country",
    "gapped_visit": "more destinations of the same trip in a verbless clause",
    "respectively": "'respectively' spreads the event over the parties named",
    "plural_contacts": "'meetings with A and B', one event per partner",
    "continues_subject": "the previous clause's subject acts",
    "organisation_summits": "a region's leaders at several organisations' summits",
    "paragraph_parties": "the parties named earlier in the paragraph",
    "sentence_countries": "countries named elsewhere in the sentence",
    "paragraph_topic": "the paragraph's topic country",
    "section_heading": "the country of the section heading",
    "group": "a group expanded to its members",
    "member_list": "a group expanded to the members the text lists for it",
    "listed_countries": "countries listed for a plural happening, one event each",
    "own_dates": "each country with its own date in parentheses",
    "date_default": "no date in the text: the narrative year",
    "date_named": "the date of a known occasion",
    "several_dates": "one event per date told",
    "caption_dating": "dated by a photo caption",
    "caption_event": "told by a photo caption",
    "caption_meeting": "a caption with no trigger, read as a meeting",
}


def sort_by_confidence(event_ids: list[str], explanations: Mapping[str, Explanation]) -> list[str]:
    """``event_ids`` ordered least confident first (events with no confidence last, in their
    order): the events most likely wrong come to a reviewer first."""

    def key(item: tuple[int, str]) -> tuple[int, float, int]:
        position, event_id = item
        explanation = explanations.get(event_id)
        if explanation is None or explanation.confidence is None:
            return (1, 0.0, position)
        return (0, explanation.confidence, position)

    return [event_id for _, event_id in sorted(enumerate(event_ids), key=key)]


def why_this_event(explanations: Mapping[str, Explanation], event_id: str) -> str:
    """The "why this event" line of the Review page from ``explanations`` (as
    ``load_explanations`` reads them): the event's rules in words and its confidence, or a note
    that it was not extracted (added or annotated by a person)."""
    line = format_explanation(explanations.get(event_id))
    return f"Why this event: {line}" if line else "Why this event: not extracted (no rules)"


def order_queue_by_confidence(
    queue: pd.DataFrame, explanations: Mapping[str, Explanation]
) -> pd.DataFrame:
    """The review queue (a frame with ``event_id``) least confident first, unscored last."""
    ids = sort_by_confidence(list(queue["event_id"]), explanations)
    return queue.set_index("event_id", drop=False).loc[ids].reset_index(drop=True)


__all__ = [
    "EXTRACTION_COLUMNS",
    "EXTRACTION_FILE",
    "RULE_NAMES",
    "Explanation",
    "appended_extraction_text",
    "check_extraction_file",
    "check_extraction_table",
    "describe_rule",
    "extraction_rows",
    "extraction_writes",
    "format_confidence",
    "format_explanation",
    "load_explanations",
    "order_queue_by_confidence",
    "parse_confidence",
    "sort_by_confidence",
    "split_rules",
    "why_this_event",
]
