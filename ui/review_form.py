"""Widgets of the Review page's forms: an event's fields, the decisions, adding a missed event.

The fields' values live in session state under a prefix (``rv_`` for the event under review,
``ad_`` for a new one) and are loaded from the row once per event, so a reviewer's edits
survive reruns and a refused save.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from bluebook.dataset import Dataset
from bluebook.review import queue as review
from bluebook.schema import JAPAN_ISO3, LIST_SEPARATOR
from bluebook.validate import EVIDENCE_JOINER, parse_date, split_list
from ui.shared import country_names

SHORTCUTS = {review.ACCEPT: "Alt+A", review.SAVE: "Alt+S", review.REJECT: "Alt+X"}
ADD_SHORTCUT = "Alt+N"


def paragraph_html(text: str, evidence: str = "") -> str:
    """A source paragraph as inert HTML, the evidence in ``<mark>``."""
    body = review.highlight_evidence(text, evidence) if evidence else html.escape(text)
    return f'<div style="line-height:1.6">{body}</div>'


def _load_form_state(row: dict[str, str], prefix: str, identity: str) -> None:
    """Put the row's values in the form's session state, once per ``identity``."""
    marker = f"_{prefix}for"
    if st.session_state.get(marker) == identity and f"{prefix}title" in st.session_state:
        return
    state = st.session_state
    for column in ("title", "date", "actors_japan", "actors_partner", "section", "evidence"):
        state[f"{prefix}{column}"] = row[column]
    for column in ("event_type", "level", "mode", "source_id"):
        state[f"{prefix}{column}"] = row[column] or None
    state[f"{prefix}countries"] = split_list(row["countries"])
    state[f"{prefix}themes"] = split_list(row["themes"])
    state[f"{prefix}japan_involved"] = row["japan_involved"] == "true"
    paragraph = row["paragraph"]
    state[f"{prefix}paragraph"] = int(paragraph) if paragraph.isdigit() and int(paragraph) else 1
    if "event_id" in row:
        state[f"_{prefix}base"] = review.row_hash(row)
    state[marker] = identity


def _labelled(choices: dict[str, str]) -> Callable[[str], str]:
    return lambda value: choices.get(value, value)


def _precision(date: str) -> str:
    parsed = parse_date(date.strip())
    return parsed[1] if parsed else ""


def event_fields_ui(
    row: dict[str, str], dataset: Dataset, prefix: str = "rv_", identity: str | None = None
) -> dict[str, str]:
    """Every editable field of an event (inside a form); returns them as table strings.

    The taxonomy is offered as choices and countries as names; ``date_precision`` follows the
    date. With ``prefix="ad_"`` the provenance fields are left to the caller.
    """
    _load_form_state(row, prefix, identity or row["event_id"])
    taxonomy, names = dataset.taxonomy, country_names()
    codes = sorted(set(names) - {JAPAN_ISO3} | set(st.session_state[f"{prefix}countries"]))
    st.text_input("Title", max_chars=200, key=f"{prefix}title")
    left, right = st.columns([1, 3])
    left.text_input("Date", key=f"{prefix}date", help="YYYY, YYYY-MM or YYYY-MM-DD")
    right.multiselect(
        "Countries (Japan is never listed)",
        sorted(codes, key=lambda code: names.get(code, code)),
        format_func=_labelled(names),
        key=f"{prefix}countries",
    )
    for place, column, label, kind in zip(
        st.columns(3),
        ("event_type", "level", "mode"),
        ("Type", "Level", "Mode"),
        ("event_types", "levels", "modes"),
        strict=True,
    ):
        choices = taxonomy.ids(kind)
        place.selectbox(
            label, list(choices), format_func=_labelled(choices), key=f"{prefix}{column}"
        )
    st.multiselect(
        "Themes",
        list(taxonomy.themes),
        format_func=_labelled(taxonomy.themes),
        key=f"{prefix}themes",
    )
    st.toggle("Japan took part", key=f"{prefix}japan_involved")
    left, right = st.columns(2)
    left.text_input("Japan's actors (separated by ;)", key=f"{prefix}actors_japan")
    right.text_input("Partners' actors (separated by ;)", key=f"{prefix}actors_partner")
    if prefix == "ad_":
        return form_values(prefix)
    st.text_area(
        f"Evidence (quoted from the source; separate passages joined by '{EVIDENCE_JOINER}')",
        key=f"{prefix}evidence",
    )
    sources = dict(zip(dataset.sources["source_id"], dataset.sources["title"], strict=True))
    left, middle, right = st.columns([2, 2, 1])
    left.selectbox(
        "Source", list(sources), format_func=_labelled(sources), key=f"{prefix}source_id"
    )
    middle.text_input("Section", key=f"{prefix}section")
    right.number_input("Paragraph", min_value=1, step=1, key=f"{prefix}paragraph")
    return form_values(prefix)


def form_values(prefix: str = "rv_") -> dict[str, str]:
    """The form's fields as ``events.csv`` strings, read from session state.

    Readable before the widgets are drawn: a submitted form's values are in session state when
    the run starts. ``date_precision`` follows the date.
    """
    state = st.session_state
    date = str(state.get(f"{prefix}date") or "").strip()
    values = {
        "title": str(state.get(f"{prefix}title") or ""),
        "date": date,
        "date_precision": _precision(date),
        "countries": LIST_SEPARATOR.join(state.get(f"{prefix}countries") or []),
        "japan_involved": "true" if state.get(f"{prefix}japan_involved") else "false",
        "themes": LIST_SEPARATOR.join(state.get(f"{prefix}themes") or []),
        "actors_japan": str(state.get(f"{prefix}actors_japan") or ""),
        "actors_partner": str(state.get(f"{prefix}actors_partner") or ""),
    }
    for column in ("event_type", "level", "mode"):
        values[column] = str(state.get(f"{prefix}{column}") or "")
    if prefix != "ad_":
        values["evidence"] = str(state.get(f"{prefix}evidence") or "")
        values["source_id"] = str(state.get(f"{prefix}source_id") or "")
        values["section"] = str(state.get(f"{prefix}section") or "")
        values["paragraph"] = str(state.get(f"{prefix}paragraph") or "")
    return values


def edited_fields(values: dict[str, str], stored: dict[str, str]) -> list[str]:
    """The fields whose value in the form differs from the stored row (``date_precision``
    follows the date, so it is not a field of its own)."""
    return [
        column
        for column in review.EDITABLE_COLUMNS
        if column != "date_precision" and str(values.get(column, "")) != str(stored[column])
    ]


def pending_action() -> str | None:
    """The decision button pressed in the review form on this run, or None.

    Read from session state before the form is drawn, so the decision applies to the event the
    form was showing even if the queue has changed since.
    """
    return next((action for action in SHORTCUTS if st.session_state.get(f"rv_{action}")), None)


BUTTON_HELP = {
    review.ACCEPT: "Mark the event reviewed as it was extracted; if you changed a field, you "
    "are asked whether to save or discard the change.",
    review.SAVE: "Write your edits and mark the event reviewed.",
    review.REJECT: "Remove the event from events.csv; the review log keeps all of it.",
}


def decision_buttons_ui() -> None:
    """Accept, Save and Reject, with keyboard shortcuts (see ``pending_action``)."""
    for place, action in zip(st.columns(3), SHORTCUTS, strict=True):
        place.form_submit_button(
            action.capitalize(),
            key=f"rv_{action}",
            type="primary" if action == review.ACCEPT else "secondary",
            shortcut=SHORTCUTS[action],
            help=BUTTON_HELP[action],
        )


def _template(source_id: str, paragraph: review.Paragraph, dataset: Dataset) -> dict[str, str]:
    """The starting values of a new event in ``paragraph``."""
    taxonomy = dataset.taxonomy
    return {
        "title": "",
        "date": "",
        "countries": "",
        "event_type": next(iter(taxonomy.event_types)),
        "level": next(iter(taxonomy.levels)),
        "mode": "unknown" if "unknown" in taxonomy.modes else next(iter(taxonomy.modes)),
        "japan_involved": "true",
        "themes": "",
        "actors_japan": "",
        "actors_partner": "",
        "source_id": source_id,
        "section": paragraph.section,
        "paragraph": str(paragraph.number),
        "evidence": "",
    }


ADD_OPEN = "add_open"


def _ticked_sentences(sentences: list[str], key: str) -> list[str]:
    """A checkbox per sentence of the paragraph; the ticked ones, in paragraph order."""
    st.markdown("**Tick the sentence(s) that state the missed event:**")
    return [
        sentence
        for number, sentence in enumerate(sentences)
        if st.checkbox(sentence, key=f"{key}_{number}")
    ]


def _prefill(reading: dict[str, str], prefix: str = "ad_") -> None:
    """Put the extractor's reading in the add form's state (before its widgets are drawn)."""
    state = st.session_state
    for column in ("title", "date", "actors_japan", "actors_partner"):
        state[f"{prefix}{column}"] = reading.get(column, "")
    for column in ("event_type", "level", "mode"):
        if reading.get(column):
            state[f"{prefix}{column}"] = reading[column]
    state[f"{prefix}countries"] = split_list(reading.get("countries", ""))
    state[f"{prefix}themes"] = split_list(reading.get("themes", ""))
    state[f"{prefix}japan_involved"] = reading.get("japan_involved") == "true"


def extract_ui(dataset: Dataset, folder: Path, source_id: str, paragraph, chosen: list[str]):
    """**Extract from these**: pre-fill the form with the extractor's reading of the ticks."""
    if not st.button(
        "Extract from these",
        icon=":material/auto_fix_high:",
        disabled=not chosen,
        help="Fill the form below with the extractor's best reading of the ticked sentences",
    ):
        return
    years = dataset.sources.set_index("source_id")["volume_year"]
    year = int(years[source_id]) if str(years.get(source_id, "")).isdigit() else 0
    sentences = review.split_sentences(paragraph.text)
    before = sentences[: sentences.index(chosen[0])] if chosen[0] in sentences else []
    found = review.extract_from_sentences(chosen, before, paragraph.section, year or 2000, folder)
    if found is None:
        st.info("The extractor finds no event in these sentences: fill the form yourself.")
        return
    reading, from_context = found
    _prefill(reading)
    if from_context:
        st.info(
            "The extractor finds no event in these sentences alone: the form has what the "
            "paragraph around them says (countries, date, actors). Write the title."
        )


def add_event_ui(
    dataset: Dataset, folder: Path, current: dict[str, str] | None = None
) -> review.Decision | None:
    """Add an event the extractor missed, from a paragraph of a source; the decision, if any.

    The source and paragraph start as those of ``current`` (the event under review), when
    given. The section stays open after an add, on the same paragraph, for the next one.
    """
    default_source = current["source_id"] if current else None
    if st.session_state.pop("_ad_keep_open", False):
        st.session_state[ADD_OPEN] = True
    with st.expander(
        "Add an event the extractor missed", icon=":material/add:", key=ADD_OPEN, on_change="rerun"
    ):
        sources = dataset.sources.set_index("source_id")
        titles = sources["title"].to_dict()
        if st.session_state.get("add_source") is None and default_source in titles:
            st.session_state["add_source"] = default_source
        source_id = st.selectbox(
            "Source", list(titles), format_func=_labelled(titles), key="add_source"
        )
        if source_id is None:
            return None
        paragraphs = review.load_paragraphs(folder, str(sources.loc[source_id, "file"]))
        if not paragraphs:
            st.info("This source has no paragraphs.")
            return None
        if (
            "add_paragraph" not in st.session_state
            and current
            and current["source_id"] == source_id
        ):
            st.session_state["add_paragraph"] = review.find_paragraph(paragraphs, current) or 0
        position = st.selectbox(
            "Paragraph",
            range(len(paragraphs)),
            format_func=lambda at: (
                f"{paragraphs[at].section} ¶{paragraphs[at].number}: {paragraphs[at].text[:80]}"
            ),
            key="add_paragraph",
        )
        paragraph = paragraphs[position]
        sentences = review.split_sentences(paragraph.text)
        generation = st.session_state.get("_ad_generation", 0)
        chosen = _ticked_sentences(sentences, f"ad_sentence_{source_id}_{position}_{generation}")
        identity = f"{source_id}:{position}:{generation}"
        if st.session_state.get("_ad_for") != identity:
            _load_form_state(_template(source_id, paragraph, dataset), "ad_", identity)
        extract_ui(dataset, folder, source_id, paragraph, chosen)
        with st.form("add_event", enter_to_submit=False):
            values = event_fields_ui(
                _template(source_id, paragraph, dataset), dataset, "ad_", identity
            )
            values.update(
                source_id=source_id,
                section=paragraph.section,
                paragraph=str(paragraph.number),
                evidence=EVIDENCE_JOINER.join(chosen),
            )
            submitted = st.form_submit_button("Add event", shortcut=ADD_SHORTCUT)
        if not submitted:
            return None
        if not values["evidence"]:
            st.error("Tick the sentence(s) that state the event.")
            return None
        return review.Decision(review.ADD, values=values)
    return None


def start_next_add() -> None:
    """After an add: keep the section open on the same paragraph, with fresh ticks and form."""
    st.session_state["_ad_keep_open"] = True  # applied before the expander is drawn
    st.session_state["_ad_generation"] = st.session_state.get("_ad_generation", 0) + 1
