"""Extraction: Diplomatic Bluebook text in, rows with the ``data/events.csv`` columns out.

The stages, each in its own module: ``normalize`` (copy artefacts), ``structure`` (headings,
paragraphs, footnotes, captions), ``sentences`` (sentences and clauses), ``dates``,
``countries`` and ``classify`` (what the text names), ``events`` and ``attributes`` (one event
per happening told), ``merge`` (repeated mentions, captions) and ``titles``; ``regexes`` makes
the keyword patterns fast (a look-ahead on their first characters, a literal gate per paragraph).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd

from bluebook.extract.attributes import Context
from bluebook.extract.classify import classifier
from bluebook.extract.countries import codes_of, country_finder
from bluebook.extract.events import extract_block, is_set_aside
from bluebook.extract.members import find_member_lists
from bluebook.extract.merge import apply_captions, merge_events
from bluebook.extract.model import Event
from bluebook.extract.normalize import normalize_text
from bluebook.extract.resources import DEFAULT_DATA_DIR, load_resources
from bluebook.extract.scorer import ScorerModel, load_model, row_features
from bluebook.extract.sentences import split_sentences
from bluebook.extract.structure import Block, find_volume_year, parse_document
from bluebook.extract.titles import make_title
from bluebook.schema import EVENT_COLUMNS, JAPAN_ISO3, LIST_SEPARATOR

_SENTENCE_CLOSERS = frozenset('.!?”"’)')
EXPLAIN_COLUMNS: tuple[str, ...] = ("rules", "confidence")
"""Columns ``extract_frame`` adds after the ``events.csv`` ones (not part of that schema)."""
SAVED = "saved"  # ``scorer=SAVED``: the model saved beside the scorer module, if any
RULES_ONLY = "rules-only"  # the model version written when no scorer was applied
_CLAUSE_JOINT = re.compile(r"(?:, (?:and|but|while|whereas)|;) (?=[A-Z])")


class ExtractError(ValueError):
    """The text cannot be extracted as given (e.g. its volume year is unknown)."""


def build_context(volume_year: int, data_dir: Path = DEFAULT_DATA_DIR) -> Context:
    """Return the lookup context for one volume (finders are cached per data folder)."""
    resources = load_resources(Path(data_dir))
    japanese = frozenset(
        part
        for entry in resources.entries
        if entry.kind == "person" and entry.codes == (JAPAN_ISO3,)
        for part in entry.name.split()
    )
    return Context(
        volume_year=volume_year,
        finder=country_finder(Path(data_dir)),
        classifier=classifier(Path(data_dir)),
        resources=resources,
        japanese=japanese,
    )


def extract_events(
    text: str,
    volume_year: int | None = None,
    data_dir: Path = DEFAULT_DATA_DIR,
    scorer: ScorerModel | str | None = SAVED,
) -> list[Event]:
    """Return the events told in Bluebook ``text``, each with its rules and confidence.

    The rules' candidates are scored by ``scorer`` (``SAVED``: the saved model; None: keep
    every candidate, unscored) and those under its threshold dropped. ``volume_year`` defaults
    to the "Diplomatic Bluebook YYYY" header of the text; raises ``ExtractError`` when neither
    gives it.
    """
    model = load_model() if scorer == SAVED else scorer
    if not isinstance(model, ScorerModel):
        return extract_candidates(text, volume_year, data_dir)
    events = extract_candidates(text, volume_year, data_dir, model.generous)
    for event in events:
        event.confidence = model.probability(row_features(event_row(event, ""), event.rules))
    return [event for event in events if event.confidence >= model.threshold]


def extract_candidates(
    text: str,
    volume_year: int | None = None,
    data_dir: Path = DEFAULT_DATA_DIR,
    generous: bool = False,
) -> list[Event]:
    """Return every candidate event the rules find in ``text`` (unscored; see
    ``extract_events``). ``generous`` adds, after them, the candidates the rules set aside
    (``set_aside:…``, ``not_reported``) that repeat none of them."""
    volume_year = volume_year or find_volume_year(text)
    if volume_year is None:
        raise ExtractError(
            "the volume year is unknown: the text has no 'Diplomatic Bluebook YYYY' header"
        )
    context = build_context(volume_year, data_dir)
    context.generous = generous
    clean = normalize_text(text)
    document = parse_document(clean, context.resources.place_names)
    # On the paragraphs, whose wrapped lines are joined: a PDF copy breaks "hereafter referred
    # to\nas “PA”" anywhere.
    paragraphs = "\n\n".join(block.text for block in document.blocks)
    context.member_lists = find_member_lists(paragraphs, context.finder, volume_year)
    events: list[Event] = []
    headings: dict[str, list[str]] = {}
    for block in drop_cut_sentence(document.blocks):
        if block.section not in headings:
            headings[block.section] = codes_of(context.finder.find(block.section, volume_year))
        context.section_countries = headings[block.section]
        events += extract_block(block, context)
    extra = [event for event in events if is_set_aside(event)]
    events = merge_events([event for event in events if not is_set_aside(event)])
    events = apply_captions(events, document.captions, context, volume_year - 1)
    return events + [event for event in merge_events(extra) if not _repeats_any(event, events)]


def _repeats_any(candidate: Event, events: list[Event]) -> bool:
    """Whether a set-aside candidate tells what a kept event already tells."""
    return any(
        event.event_type == candidate.event_type
        and set(event.countries) & set(candidate.countries)
        and (
            event.date.date[:7].startswith(candidate.date.date[:7])
            or candidate.date.date[:7].startswith(event.date.date[:7])
        )
        for event in events
    )


def drop_cut_sentence(blocks: list[Block]) -> list[Block]:
    """Drop the unfinished sentence a text is cut off in ("… visits by Prime Minister Abe to
    Poland, the United Kingdom and Irelan"): an incomplete statement tells no event. Its
    complete main clauses ("X happened in May, and Y also ex") stay."""
    if not blocks or blocks[-1].kind != "paragraph":
        return blocks
    last = blocks[-1]
    text = last.text.rstrip()
    if not text or text[-1] in _SENTENCE_CLOSERS:
        return blocks
    start = split_sentences(text)[-1][0]
    joints = list(_CLAUSE_JOINT.finditer(text, start))
    # "… during the Summit telephone call in October, and Foreign Minister X also ex"
    kept = text[: joints[-1].start()] + "." if joints else text[:start].rstrip()
    return blocks[:-1] + ([replace(last, text=kept)] if kept else [])


def event_row(event: Event, title: str, source_id: str = "", number: int = 0) -> dict:
    """``event`` as a row of ``data/events.csv`` (all str) plus ``rules`` and ``confidence``."""
    return {
        "event_id": f"{source_id}-x{number:03d}",
        "date": event.date.date,
        "date_precision": event.date.precision,
        "countries": LIST_SEPARATOR.join(event.countries),
        "event_type": event.event_type,
        "level": event.level,
        "mode": event.mode,
        "japan_involved": "true" if event.japan_involved else "false",
        "themes": LIST_SEPARATOR.join(event.themes),
        "actors_japan": LIST_SEPARATOR.join(event.actors_japan),
        "actors_partner": LIST_SEPARATOR.join(event.actors_partner),
        "title": title,
        "source_id": source_id,
        "section": event.section,
        "paragraph": str(event.paragraph),
        "evidence": event.printed_evidence or event.evidence,
        "reviewed": "false",
        "rules": LIST_SEPARATOR.join(event.rules),
        "confidence": "" if event.confidence is None else f"{event.confidence:.3f}",
    }


def events_to_frame(
    events: list[Event], source_id: str, data_dir: Path = DEFAULT_DATA_DIR
) -> pd.DataFrame:
    """Return ``events`` as a frame with the ``data/events.csv`` columns, then ``rules`` and
    ``confidence`` (``EXPLAIN_COLUMNS``); all str."""
    names = load_resources(Path(data_dir)).country_names
    rows = [
        event_row(event, make_title(event, names), source_id, number)
        for number, event in enumerate(events, start=1)
    ]
    return pd.DataFrame(rows, columns=[*EVENT_COLUMNS, *EXPLAIN_COLUMNS], dtype=str)


def extract_frame(
    text: str,
    source_id: str,
    volume_year: int | None = None,
    data_dir: Path = DEFAULT_DATA_DIR,
    scorer: ScorerModel | str | None = SAVED,
) -> pd.DataFrame:
    """Extract ``text`` straight to an events frame (see ``extract_events``)."""
    events = extract_events(text, volume_year, data_dir, scorer)
    return events_to_frame(events, source_id, data_dir)


def default_source_id(path: Path, volume_year: int | None) -> str:
    """Derive a source id such as ``bb2022-europe`` from a file name."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", Path(path).stem).strip("-").lower()
    stem = re.sub(r"^(?:bluebook|diplomatic-bluebook|bb)-?(?:\d{4}-)?", "", stem) or "source"
    prefix = f"bb{volume_year}-" if volume_year else "bb-"
    return (prefix + stem)[:80]


__all__ = [
    "EXPLAIN_COLUMNS",
    "RULES_ONLY",
    "SAVED",
    "ExtractError",
    "default_source_id",
    "event_row",
    "events_to_frame",
    "extract_candidates",
    "extract_events",
    "extract_frame",
]
