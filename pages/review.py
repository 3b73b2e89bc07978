"""Review page: signed-in reviewers accept, correct, reject or add events, one at a time.

Thin widgets over ``bluebook.review.queue`` (queue, versions, decisions) and
``bluebook.review.reviewers`` (sign-in). Every text from the data is shown escaped: it was
extracted from outside documents.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from bluebook.dataset import Dataset
from bluebook.event_pages import page_suffix
from bluebook.explore.view import parse_view
from bluebook.extract.explain import order_queue_by_confidence, why_this_event
from bluebook.review import queue as review
from bluebook.review.reviewers import (
    SESSION_COOKIE,
    ReviewersError,
    idle_timeout_seconds,
    load_reviewers,
    reviewers_file,
    session_expired,
)
from bluebook.review.sessions import ReviewState, attempt_sign_in, review_state_file, same_origin
from ui.cache import APP_ROOT, data_dir, get_data, get_explanations
from ui.review_form import (
    add_event_ui,
    decision_buttons_ui,
    edited_fields,
    event_fields_ui,
    form_values,
    paragraph_html,
    pending_action,
    start_next_add,
)
from ui.review_history import (
    pace_ui,
    recent_decisions_ui,
    reopen_asked_ui,
    reopen_ui,
    summaries_ui,
)
from ui.shared import (
    LAST_PAGE,
    LAST_QUERY,
    build_vocabulary,
    country_names,
    data_banner_ui,
    escape_markdown,
    navigation_ui,
    review_enabled,
    review_unavailable,
    run_through_entrypoint,
)

LOGGER = logging.getLogger("bluebook_atlas")
REVIEWER = "_reviewer"
LAST_ACTIVE = "_reviewer_active"
TOKEN = "_reviewer_token"
CURRENT = "review_current"
NEXT = "_review_next"
FLASH = "_review_flash"
CONFLICT = "_review_conflict"
PROBLEMS = "_review_problems"
UNSAVED = "_review_unsaved"
FIELD_NAMES = {
    "actors_japan": "Japan's actors",
    "actors_partner": "partners' actors",
    "event_type": "type",
    "japan_involved": "Japan took part",
    "source_id": "source",
}
WRONG_SIGN_IN = "Wrong reviewer name or password."
ORIGIN_HEADERS = ("Origin", "Host", "X-Forwarded-Proto")
# Session-state keys of the review session, dropped at sign-out.
SESSION_PREFIXES = ("_review", "review_", "rv_", "_rv_", "ad_", "_ad_", "add_")


def review_state() -> ReviewState:
    """Sessions and sign-in throttle, in a file shared by every app process.

    Deliberately not in ``st.cache_resource``: any client can clear Streamlit's caches.
    """
    return ReviewState(review_state_file(APP_ROOT))


def cookie_ui(value: str, keep: bool) -> None:
    """Set (or, ``keep`` false, delete) the session cookie in this browser.

    A script run in the page itself (``st.html`` with JavaScript allowed; it takes no space),
    the only way a Streamlit page can set a cookie. The token is
    URL-safe base64, so it needs no quoting; the cookie lives until the browser closes, and
    the server ends the session itself after the idle timeout.
    """
    lifetime = "" if keep else "; Max-Age=0"
    st.html(
        f'<script>document.cookie = "{SESSION_COOKIE}={value}; Path=/; SameSite=Strict'
        f'{lifetime}";</script>',
        unsafe_allow_javascript=True,
    )


# ---------------------------------------------------------------- signing in and out


def sign_out(message: str | None = None) -> None:
    """End the reviewer session (keeps nothing of it but an optional message)."""
    review_state().close_session(st.session_state.pop(TOKEN, None))
    for key in [key for key in st.session_state if str(key).startswith(SESSION_PREFIXES)]:
        del st.session_state[key]
    st.session_state.pop(REVIEWER, None)
    st.session_state.pop(LAST_ACTIVE, None)
    if message:
        st.session_state[FLASH] = ("info", message)


def signed_in_reviewer(path: Path) -> str | None:
    """The signed-in reviewer, after the idle and still-a-reviewer checks; None if signed out."""
    now = time.monotonic()
    timeout = idle_timeout_seconds()
    try:
        known = load_reviewers(path)
    except ReviewersError:
        known = {}
    if st.session_state.get(REVIEWER) is None:
        resume_session(known, now, timeout)
    name = st.session_state.get(REVIEWER)
    if name is None:
        return None
    if session_expired(st.session_state.get(LAST_ACTIVE, now), now, timeout):
        sign_out(f"You were signed out after {timeout / 60:g} minutes without activity.")
        return None
    if name not in known:
        sign_out("You were signed out: your name is no longer in the reviewers file.")
        return None
    st.session_state[LAST_ACTIVE] = now
    token = st.session_state.get(TOKEN)
    if review_state().resume_session(token, known, time.time(), timeout) is None:
        sign_out(
            "You were signed out: the session was ended, in another tab of this browser or by "
            "a change of your password."
        )
        return None
    return name


def session_cookie() -> str | None:
    """The session cookie this browser sent when it connected, if any.

    Only from the app's own page: a page on another site, or on another port of this host,
    can open a websocket to the app with the reviewer's cookie (cookies ignore ports), so the
    websocket's Origin must be the page's own scheme, host and port.
    """
    headers = st.context.headers
    scheme = "https" if st.get_option("server.sslCertFile") else "http"
    if not same_origin({key: headers.get(key) for key in ORIGIN_HEADERS}, scheme):
        return None
    value = st.context.cookies.get(SESSION_COOKIE)
    return value if isinstance(value, str) and value else None


def resume_session(known: dict[str, str], now: float, timeout: float) -> None:
    """Sign in again the reviewer whose session cookie this browser sent (a reloaded tab)."""
    token = session_cookie()
    name = review_state().resume_session(token, known, time.time(), timeout)
    if name is not None:
        st.session_state[REVIEWER] = name
        st.session_state[TOKEN] = token
        st.session_state[LAST_ACTIVE] = now


def sign_in_ui(path: Path) -> None:
    """The sign-in form; on success, starts the session and reruns."""
    st.caption("Only reviewers can open this page. Ask the maintainers for an account.")
    with st.form("sign_in"):
        name = st.text_input("Reviewer", max_chars=40)
        password = st.text_input("Password", type="password", max_chars=1024)
        submitted = st.form_submit_button("Sign in", type="primary")
    if not submitted:
        return
    try:
        known = load_reviewers(path)
    except ReviewersError as error:
        LOGGER.error("reviewers file: %s", error)
        st.error("Sign-in is unavailable: the reviewers file cannot be read (see the server log).")
        return
    try:
        signed_in = attempt_sign_in(known, name, password, review_state())
        token = review_state().open_session(name, known[name], time.time()) if signed_in else ""
    except ReviewersError as error:
        LOGGER.error("review state: %s", error)
        st.error("Sign-in is unavailable: the review state cannot be saved (see the server log).")
        return
    if signed_in:
        st.session_state[REVIEWER] = name
        st.session_state[LAST_ACTIVE] = time.monotonic()
        st.session_state[TOKEN] = token
        st.rerun()
    st.error(WRONG_SIGN_IN, icon=":material/lock:")


def account_ui(name: str) -> None:
    """Who is signed in (only they see it), and the Sign out button."""
    st.sidebar.markdown(f"Signed in as **{escape_markdown(name)}**")
    if st.sidebar.button("Sign out", icon=":material/logout:"):
        sign_out("You are signed out.")
        st.rerun()
    token = st.session_state.get(TOKEN)
    if token:
        with st.sidebar:
            cookie_ui(token, keep=True)


def flash_ui() -> None:
    """The message of the last action, shown once."""
    flash = st.session_state.pop(FLASH, None)
    if flash:
        kind, text = flash
        (st.success if kind == "success" else st.info)(text)


# ---------------------------------------------------------------- the queue and the source


def queue_filter_ui(events: pd.DataFrame, dataset: Dataset) -> review.QueueFilter:
    """Source, country and type filters of the queue."""
    unreviewed = events[events["reviewed"] != "true"]
    names = country_names()
    titles = dict(zip(dataset.sources["source_id"], dataset.sources["title"], strict=True))
    codes = sorted({code for value in unreviewed["countries"] for code in value.split(";")})
    kinds = dataset.taxonomy.event_types
    left, middle, right = st.columns(3)
    source = left.selectbox(
        "Source",
        sorted(set(unreviewed["source_id"])),
        index=None,
        placeholder="All sources",
        format_func=lambda value: titles.get(value, value),
        key="review_source",
    )
    country = middle.selectbox(
        "Country",
        sorted(codes, key=lambda code: names.get(code, code)),
        index=None,
        placeholder="All countries",
        format_func=lambda code: names.get(code, code),
        key="review_country",
    )
    kind = right.selectbox(
        "Type",
        list(kinds),
        index=None,
        placeholder="All types",
        format_func=lambda value: kinds.get(value, value),
        key="review_type",
    )
    return review.QueueFilter(source, country, kind)


def current_event_ui(queue: pd.DataFrame) -> str:
    """The event to review: chosen in a list of the queue, the first one by default."""
    ids = list(queue["event_id"])
    if st.session_state.get(NEXT) in ids:
        st.session_state[CURRENT] = st.session_state.pop(NEXT)
    if st.session_state.get(CURRENT) not in ids:
        st.session_state[CURRENT] = ids[0]
    labels = {
        row.event_id: f"{row.date} · {row.title[:90]}" for row in queue.itertuples(index=False)
    }
    return st.selectbox("Event", ids, format_func=lambda value: labels[value], key=CURRENT)


def event_page(dataset: Dataset, event_id: str) -> str:
    """', p. 134' for an event from a PDF source (its page in the loaded dataset), else ''."""
    events = dataset.events
    if "page" not in events:
        return ""
    pages = events.loc[events["event_id"] == event_id, "page"]
    return page_suffix(pages.iloc[0]) if len(pages) else ""


def source_ui(row: dict[str, str], folder: Path, dataset: Dataset) -> None:
    """Provenance, the paragraph with the evidence highlighted, neighbours on demand."""
    sources = dataset.sources.set_index("source_id")
    title = str(sources["title"].get(row["source_id"], row["source_id"]))
    st.markdown(
        f"**{escape_markdown(title)}** · {escape_markdown(row['section'])} · "
        f"paragraph {escape_markdown(row['paragraph'])}{event_page(dataset, row['event_id'])} · "
        f"{escape_markdown(row['event_id'])}"
    )
    paragraphs: list[review.Paragraph] = []
    if row["source_id"] in sources.index:
        try:
            paragraphs = review.load_paragraphs(folder, str(sources.loc[row["source_id"], "file"]))
        except OSError:
            paragraphs = []
    position = review.find_paragraph(paragraphs, row)
    if position is None:
        st.warning("The paragraph was not found in the source text; the evidence alone:")
        st.html(paragraph_html(row["evidence"], row["evidence"]))
        return
    show_neighbours = st.toggle("Show the neighbouring paragraphs", key="review_neighbours")
    if show_neighbours and position > 0:
        st.caption("Previous paragraph")
        st.html(paragraph_html(paragraphs[position - 1].text))
    st.html(paragraph_html(paragraphs[position].text, row["evidence"]))
    if show_neighbours and position + 1 < len(paragraphs):
        st.caption("Next paragraph")
        st.html(paragraph_html(paragraphs[position + 1].text))


# ---------------------------------------------------------------- decisions


def conflict_ui(reviewer: str, folder: Path) -> None:
    """Both versions after a refused decision, until the reviewer settles it."""
    conflict = st.session_state.get(CONFLICT)
    if not conflict:
        return
    current, proposed = conflict["current"], conflict["proposed"]
    st.warning(
        f"{conflict['message']} Event {conflict['event_id']}: the two versions are below.",
        icon=":material/sync_problem:",
    )
    if proposed:
        fields = [
            column
            for column in (*review.EDITABLE_COLUMNS, "reviewed")
            if current is None or current[column] != proposed[column]
        ]
        absent = "(rejected: no longer in events.csv)"
        st.dataframe(
            pd.DataFrame(
                {
                    "field": fields,
                    "your version": [proposed[column] for column in fields],
                    "current version": [
                        current[column] if current else absent for column in fields
                    ],
                }
            ),
            hide_index=True,
        )
    left, right = st.columns(2)
    can_override = current and proposed and conflict["action"] == review.SAVE
    if can_override and left.button("Save my version over theirs", key="review_override"):
        values = {column: proposed[column] for column in review.EDITABLE_COLUMNS}
        base = review.row_hash(current)
        decision = review.Decision(review.SAVE, current["event_id"], base, values)
        apply_ui(decision, reviewer, folder, st.session_state.get(CURRENT))
    if right.button("Keep the current version", key="review_dismiss"):
        st.session_state.pop(CONFLICT, None)
        st.rerun()


def problems_ui() -> None:
    problems = st.session_state.pop(PROBLEMS, None)
    if problems:
        lines = "\n".join(f"- {escape_markdown(problem)}" for problem in problems[:10])
        st.error(f"Nothing was saved.\n{lines}")


def handle_outcome(outcome: review.Outcome, action: str, next_id: str | None) -> None:
    """After a decision: on success or conflict, remember what to show and rerun; on invalid
    data, keep the form as it is and show the problems on this run."""
    if outcome.status == "invalid":
        st.session_state[PROBLEMS] = [outcome.message, *outcome.problems]
        return
    if outcome.status == "done":
        st.session_state[FLASH] = ("success", outcome.message)
        st.session_state.pop(CONFLICT, None)
        st.session_state.pop(UNSAVED, None)
        if action == review.ADD:
            start_next_add()
        elif action != "summary":  # a summary saved leaves the event's form as it is
            st.session_state["_rv_for"] = None
            st.session_state[NEXT] = outcome.event_id if action == review.UNDO else next_id
    else:
        st.session_state[CONFLICT] = {
            "event_id": outcome.event_id,
            "action": action,
            "message": outcome.message,
            "current": outcome.current,
            "proposed": outcome.proposed,
        }
    st.rerun()


def apply_ui(decision: review.Decision, reviewer: str, folder: Path, next_id: str | None) -> None:
    """Apply a decision and handle its outcome (see ``handle_outcome``)."""
    run_ui(lambda: review.apply_decision(folder, decision, reviewer), decision.action, next_id)


def run_ui(call, action: str, next_id: str | None) -> None:
    """Run ``call() -> Outcome`` and handle the outcome; a ``ReviewError`` becomes a problem."""
    try:
        outcome = call()
    except review.ReviewError as error:
        st.session_state[PROBLEMS] = [str(error)]
        return
    handle_outcome(outcome, action, next_id)


def pending_decision_ui(
    reviewer: str, folder: Path, events: pd.DataFrame, queue_ids: list[str]
) -> None:
    """Apply the decision submitted from the review form, to the event the form showed.

    The event and its version come from the form's state, not from the queue: if another
    reviewer decided it meanwhile, the version check refuses the decision.
    """
    action, event_id = pending_action(), st.session_state.get("_rv_for")
    if action is None or not event_id:
        return
    values = form_values("rv_")
    found = events[events["event_id"] == event_id]
    stored = found.iloc[0].to_dict() if not found.empty else None
    if action == review.ACCEPT and stored is not None and edited_fields(values, stored):
        # Accept keeps the event as extracted: never drop the reviewer's edits silently.
        st.session_state[UNSAVED] = {"event_id": event_id, "fields": edited_fields(values, stored)}
        return
    decision = review.Decision(
        action,
        event_id,
        str(st.session_state.get("_rv_base", "")),
        values if action == review.SAVE else {},
    )
    apply_ui(decision, reviewer, folder, review.next_event_id(queue_ids, event_id))


def unsaved_edits_ui(reviewer: str, folder: Path, queue_ids: list[str]) -> None:
    """After Accept with edits in the form: save them, or discard them and accept."""
    unsaved = st.session_state.get(UNSAVED)
    if not unsaved or unsaved["event_id"] != st.session_state.get("_rv_for"):
        return
    event_id = unsaved["event_id"]
    fields = ", ".join(
        FIELD_NAMES.get(field, field.replace("_", " ")) for field in unsaved["fields"]
    )
    st.warning(
        f"You changed {fields} and pressed Accept, which keeps the event as extracted. "
        "Nothing was written yet: save your edits, or discard them and accept?",
        icon=":material/edit_note:",
    )
    left, right = st.columns(2)
    base = str(st.session_state.get("_rv_base", ""))
    next_id = review.next_event_id(queue_ids, event_id)
    if left.button("Save my edits", type="primary", key="rv_unsaved_save"):
        decision = review.Decision(review.SAVE, event_id, base, form_values("rv_"))
        apply_ui(decision, reviewer, folder, next_id)
    if right.button("Discard my edits and accept", key="rv_unsaved_discard"):
        apply_ui(review.Decision(review.ACCEPT, event_id, base), reviewer, folder, next_id)


def review_event_ui(row: dict[str, str], folder: Path, dataset: Dataset) -> None:
    """The current event: its source, then the form of its fields and the decisions.

    Enter in a field never submits: only the buttons (or their shortcuts) decide.
    """
    source_ui(row, folder, dataset)
    st.caption(escape_markdown(why_this_event(get_explanations(folder), row["event_id"])))
    with st.form("review_event", enter_to_submit=False):
        event_fields_ui(row, dataset)
        decision_buttons_ui()


def accept_paragraph_ui(
    row: dict[str, str], events: pd.DataFrame, reviewer: str, folder: Path, queue_ids: list[str]
) -> None:
    """**Accept all N in this paragraph**: the paragraph's unreviewed events as they are."""
    same = events[
        (events["reviewed"] != "true")
        & (events["source_id"] == row["source_id"])
        & (events["section"] == row["section"])
        & (events["paragraph"] == row["paragraph"])
    ]
    if len(same) < 2:
        return
    if not st.button(
        f"Accept all {len(same)} in this paragraph",
        icon=":material/done_all:",
        key="rv_accept_paragraph",
        help="You have read the paragraph: accept its unreviewed events as extracted "
        "(one log row each).",
    ):
        return
    stored = same[same["event_id"] == row["event_id"]].iloc[0].to_dict()
    if edited_fields(form_values("rv_"), stored):
        st.session_state[PROBLEMS] = [
            "You have edits in the form: save or discard them before accepting the paragraph."
        ]
        return
    decisions = [
        review.Decision(review.ACCEPT, event["event_id"], review.row_hash(event))
        for event in same.to_dict("records")
    ]
    rest = [event_id for event_id in queue_ids if event_id not in set(same["event_id"])]
    after = [
        event_id for event_id in queue_ids[queue_ids.index(row["event_id"]) :] if event_id in rest
    ]
    run_ui(
        lambda: review.apply_decisions(folder, decisions, reviewer),
        review.ACCEPT,
        (after or rest or [None])[0],
    )


# ---------------------------------------------------------------- the page


def page_start() -> tuple[Dataset, Path]:
    """Page config, data, banner and the navigation links (carrying the view of the URL)."""
    st.set_page_config(layout="wide")
    loaded = get_data()
    data_banner_ui(loaded)
    dataset = loaded.dataset
    assert dataset is not None
    if st.session_state.get(LAST_PAGE) != "review":
        st.session_state.pop(LAST_QUERY, None)
        st.session_state[LAST_PAGE] = "review"
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    navigation_ui(parse_view(query, build_vocabulary(dataset)).view, st.sidebar.container())
    return dataset, data_dir()


def main() -> None:
    run_through_entrypoint()
    if not review_enabled():
        review_unavailable()
    dataset, folder = page_start()
    path = reviewers_file(APP_ROOT)
    st.title("Review")
    try:
        reviewer = signed_in_reviewer(path)
    except ReviewersError as error:  # the review state file is unusable
        LOGGER.error("review state: %s", error)
        st.error("Sign-in is unavailable: the review state cannot be read (see the server log).")
        return
    flash_ui()
    if reviewer is None:
        if session_cookie():  # a session that ended: forget its cookie
            cookie_ui("", keep=False)
        sign_in_ui(path)
        return
    account_ui(reviewer)
    try:
        events = review.load_events(folder)
    except review.ReviewError as error:
        st.error(escape_markdown(str(error)))
        return
    chosen = queue_filter_ui(events, dataset)
    queue = review.build_queue(events, chosen)
    if st.toggle("Least confident first", key="review_by_confidence"):
        queue = order_queue_by_confidence(queue, get_explanations(folder))  # scorer's order
    queue_ids = list(queue["event_id"])
    pending_decision_ui(reviewer, folder, events, queue_ids)
    reopen_ui_for(reopen_asked_ui(), reviewer, folder)
    total = int((events["reviewed"] != "true").sum())
    st.markdown(f"**{len(queue)}** unreviewed events in the queue ({total} in all).")
    log = review.read_log_changes(folder, last=2000)
    source = chosen.source_id or (queue["source_id"].iloc[0] if len(queue) else None)
    if source:
        pace_ui(events, log, reviewer, source)
    conflict_ui(reviewer, folder)
    problems_ui()
    current_row = None
    if queue.empty:
        st.info("Nothing to review here. Change the filters, or add an event below.")
    else:
        event_id = current_event_ui(queue)
        row = queue[queue["event_id"] == event_id].iloc[0].to_dict()
        unsaved_edits_ui(reviewer, folder, queue_ids)
        review_event_ui(row, folder, dataset)
        accept_paragraph_ui(row, events, reviewer, folder, queue_ids)
        summary_edit_ui(row, reviewer, folder)
        current_row = row
    added = add_event_ui(dataset, folder, current_row)
    if added is not None:
        apply_ui(added, reviewer, folder, st.session_state.get(CURRENT))
        problems_ui()
    line = recent_decisions_ui(log, reviewer)
    if line is not None:
        run_ui(lambda: review.undo_change(folder, line, reviewer), review.UNDO, None)
    reopen_ui_for(reopen_ui(), reviewer, folder)


def reopen_ui_for(event_id: str | None, reviewer: str, folder: Path) -> None:
    """Reopen ``event_id`` (if the reviewer asked) and open it in the form."""
    if event_id is not None:
        run_ui(lambda: review.reopen_event(folder, event_id, reviewer), review.REOPEN, event_id)


def summary_edit_ui(row: dict[str, str], reviewer: str, folder: Path) -> None:
    """The event's country summaries; a saved one is reviewed (logged as ``summary``)."""
    saved = summaries_ui(folder, row)
    if saved is not None:
        code, text = saved
        run_ui(
            lambda: review.save_summary(
                folder, code, row["source_id"], text, reviewer, row["event_id"]
            ),
            "summary",
            row["event_id"],
        )


main()
