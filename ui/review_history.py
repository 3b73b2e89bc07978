"""Widgets of the Review page around the decisions: pace, recent decisions with Undo, reopening
an event by id, and the country summaries of the event's source (drafts labelled, editable).

Each returns what the reviewer asked for; ``pages/review.py`` applies it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from bluebook.review import queue as review
from bluebook.review.pace import build_pace, describe_pace
from bluebook.validate import split_list
from ui.shared import country_names, escape_markdown

RECENT = 8
SIGNED_IN = "_reviewer"
"""Session-state key of the signed-in reviewer's name (``REVIEWER`` in ``pages/review.py``)."""
REOPEN_PARAMETER = "reopen"
REOPEN_ASKED = "_review_reopen_asked"
SHOWN_ACTIONS = (review.ACCEPT, review.SAVE, review.REJECT, review.ADD, review.REOPEN)


def pace_ui(events: pd.DataFrame, log: list[review.LoggedChange], reviewer: str, source: str):
    """Reviewed / total for the source, the reviewer's median seconds today and time left."""
    pace = build_pace(events, log, reviewer, source, dt.datetime.now(dt.UTC).date())
    st.caption(f"Pace on {escape_markdown(source)}: {escape_markdown(describe_pace(pace))}")


def recent_decisions_ui(log: list[review.LoggedChange], reviewer: str) -> int | None:
    """The reviewer's latest decisions, each with Undo; the log line to undo, if clicked."""
    mine = [
        change for change in log if change.reviewer == reviewer and change.action in SHOWN_ACTIONS
    ][-RECENT:]
    undone = {change.line for change in log if change.action == review.UNDO}
    with st.expander(f"Your recent decisions ({len(mine)})", icon=":material/history:"):
        if not mine:
            st.caption("None yet.")
        for change in reversed(mine):
            left, right = st.columns([5, 1])
            title = (change.state(1) or change.state(0) or {}).get("title", "")
            left.markdown(
                f"`{change.time[11:19]}` **{change.action}** {escape_markdown(change.event_id)}"
                + (f" · {escape_markdown(title[:70])}" if title else "")
            )
            if change.line not in undone and right.button(
                "Undo", key=f"rv_undo_{change.line}", help="Put the event back as it was before"
            ):
                return change.line
    return None


def reopen_asked_ui() -> str | None:
    """The event a reviewer asked to reopen from another page (``?reopen=``), once confirmed."""
    if REOPEN_PARAMETER in st.query_params:  # kept in the session: the link is read once
        st.session_state[REOPEN_ASKED] = st.query_params[REOPEN_PARAMETER]
        del st.query_params[REOPEN_PARAMETER]
    asked = st.session_state.get(REOPEN_ASKED)
    if not asked:
        return None
    st.info(f"Reopen {escape_markdown(asked)} for review? It goes back into the queue.")
    left, right = st.columns(2)
    if left.button("Reopen it", key="rv_reopen_link", type="primary"):
        del st.session_state[REOPEN_ASKED]
        return asked
    if right.button("Cancel", key="rv_reopen_cancel"):
        del st.session_state[REOPEN_ASKED]
        st.rerun()
    return None


def reopen_ui() -> str | None:
    """Reopen any reviewed event into the queue by its id; the id, when asked."""
    with (
        st.expander("Reopen a reviewed event", icon=":material/undo:"),
        st.form("reopen", border=False),
    ):
        event_id = st.text_input("Event id", key="rv_reopen_id", max_chars=80)
        if st.form_submit_button("Reopen") and event_id.strip():
            return event_id.strip()
    return None


def reopen_link_ui() -> None:
    """For a signed-in reviewer on another page: open the Review page to reopen an event."""
    if not st.session_state.get(SIGNED_IN):
        return
    with st.expander("Reopen an event for review", icon=":material/undo:"):
        event_id = st.text_input("Event id", key="events_reopen_id", max_chars=80)
        if st.button("Reopen it on the Review page", key="events_reopen") and event_id.strip():
            st.switch_page("pages/review.py", query_params={REOPEN_PARAMETER: event_id.strip()})


def summaries_ui(folder: Path, row: dict[str, str]) -> tuple[str, str] | None:
    """The summaries of the event's countries for its source: who wrote each (a draft is
    labelled as generated from the events) and a box to write or correct it.

    Returns (country code, text) when the reviewer saves one.
    """
    codes = split_list(row["countries"])
    try:
        summaries = review.load_summaries(folder)
    except review.ReviewError as error:
        st.error(escape_markdown(str(error)))
        return None
    mine = summaries[summaries["source_id"] == row["source_id"]].set_index("iso3")
    names = country_names()
    drafts = sum(1 for code in codes if code in mine.index and mine.loc[code, "status"] == "draft")
    label = f"Country summaries for this source ({len(codes)}, {drafts} drafts)"
    with st.expander(label, icon=":material/description:"):
        st.caption(
            "A country with no summary gets a draft when you decide: generated from this "
            "source's events for it, shown on the map labelled as a draft until a reviewer "
            "writes or checks it here."
        )
        for code in codes:
            name = names.get(code, code)
            if code in mine.index:
                current = mine.loc[code]
                status = (
                    "draft generated from the events"
                    if current["status"] == "draft"
                    else ("written by a reviewer")
                )
                text = str(current["summary"])
            else:
                status, text = "none yet (a draft comes with the decision)", ""
            # The key follows the stored text, so a redrafted summary replaces the box's text.
            version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]
            key = f"rv_summary_{row['source_id']}_{code}_{version}"
            st.session_state.setdefault(key, text)
            st.markdown(f"**{escape_markdown(name)}** — {status}")
            written = st.text_area(f"Summary of {name}", key=key, label_visibility="collapsed")
            if st.button(f"Save the summary of {name}", key=f"{key}_save"):
                return code, written
    return None
