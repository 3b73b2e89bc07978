"""What every page shares: the view from the URL, the sidebar filters, navigation, banners."""

from __future__ import annotations

import logging
import re
from dataclasses import replace

import streamlit as st

from bluebook.dataset import Dataset
from bluebook.explore import coverage, query
from bluebook.explore.view import (
    ParsedView,
    ViewState,
    Vocabulary,
    parse_view,
    view_to_query,
    year_range,
)
from bluebook.review.reviewers import reviewers_file
from bluebook.schema import JAPAN_ISO3
from geo.boundaries import load_units
from ui import internals
from ui.cache import LoadedData

PAGES = {
    "map": ("pages/map.py", "Map", ":material/public:"),
    "country": ("pages/country.py", "Country profile", ":material/flag:"),
    "events": ("pages/events.py", "Events", ":material/table_rows:"),
    "compare": ("pages/compare.py", "Compare", ":material/compare_arrows:"),
    "about": ("pages/about.py", "About", ":material/info:"),
}
REVIEW_PAGE = ("pages/review.py", "Review", ":material/rate_review:")
"""Registered, and linked, only when a reviewers file exists (see ``visible_pages``)."""
APP_NOTICE = "_app_notice"
WIDGETS = (
    "f_years",
    "f_themes",
    "f_types",
    "f_levels",
    "f_sources",
    "f_japan",
    "f_hide",
    "f_metric",
)
LAST_QUERY = "_last_query"
NOTICES = "_notices"
LAST_PAGE = "_last_page"
SELECTED = "_country"
SEARCH = "_search"
ENTRYPOINT_CHECKED = "_entrypoint_checked"
THROUGH_APP = "_through_app"
COMPARED = "_compared"
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
LOGGER = logging.getLogger("bluebook_atlas")
UNCHECKED_INTERNALS = (
    "Bluebook Atlas cannot run on this server: its Streamlit or streamlit-folium is not the "
    "version the app was checked against. The server's log names the versions and the fix."
)


def review_enabled() -> bool:
    """True when a reviewers file exists: only then is there a Review page."""
    from ui.cache import APP_ROOT

    return reviewers_file(APP_ROOT).is_file()


def visible_pages() -> dict[str, tuple[str, str, str]]:
    """The pages to link to: every page, and Review when it is enabled."""
    return {**PAGES, "review": REVIEW_PAGE} if review_enabled() else dict(PAGES)


def review_unavailable() -> None:
    """Without a reviewers file, ``/review`` opens the map with a notice instead."""
    st.session_state[APP_NOTICE] = (
        "There is no Review page on this server (no reviewers are set up), so the map is shown."
    )
    st.switch_page(PAGES["map"][0])


def escape_markdown(text: str) -> str:
    """Make untrusted text inert in Streamlit markdown (no links, images, HTML or formatting)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


@st.cache_data(show_spinner=False)
def country_names() -> dict[str, str]:
    """ISO3 → English name for every Natural Earth unit."""
    units = load_units()
    return dict(zip(units["iso3"], units["name"], strict=True))


def build_vocabulary(dataset: Dataset) -> Vocabulary:
    taxonomy = dataset.taxonomy
    return Vocabulary(
        themes=list(taxonomy.themes),
        event_types=list(taxonomy.event_types),
        levels=list(taxonomy.levels),
        sources=list(dataset.sources["source_id"]),
        countries=frozenset(country_names()) | {JAPAN_ISO3},
        years=dataset.years,
    )


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _push_view_to_widgets(view: ViewState, narrated: tuple[int, int]) -> None:
    st.session_state["f_years"] = year_range(view, narrated)
    st.session_state["f_themes"] = list(view.themes)
    st.session_state["f_types"] = list(view.event_types)
    st.session_state["f_levels"] = list(view.levels)
    st.session_state["f_sources"] = list(view.sources)
    st.session_state["f_japan"] = view.japan_only
    st.session_state["f_hide"] = view.hide_unreviewed
    st.session_state["f_metric"] = view.metric
    st.session_state[SELECTED] = view.country
    st.session_state[SEARCH] = view.search
    st.session_state[COMPARED] = view.countries


def _label(labels: dict[str, str]):
    return lambda value: labels.get(value, value)


def filters_ui(dataset: Dataset, vocabulary: Vocabulary) -> ViewState:
    """Draw the sidebar filters and return the view they describe (with country and search).

    The years slider spans every year with events and starts on the years the loaded volumes
    narrate (``Dataset.narrated_years``); those are left out of the view (and the link).
    """
    taxonomy = dataset.taxonomy
    first, last = vocabulary.years
    narrated = dataset.narrated_years
    sidebar = st.sidebar
    sidebar.header("Filters")
    if first < last:
        years = sidebar.slider(
            "Years",
            first,
            last,
            key="f_years",
            help=f"Starts on the years the loaded volumes narrate ({narrated[0]}–{narrated[1]}); "
            "widen it for the background events dated earlier or later.",
        )
    else:
        years = (first, last)
        sidebar.caption(f"Years: {first}")
    source_titles = dict(zip(dataset.sources["source_id"], dataset.sources["title"], strict=True))
    chosen = {
        key: tuple(
            sidebar.multiselect(
                label, options, key=key, format_func=_label(labels), placeholder=placeholder
            )
        )
        for key, label, options, labels, placeholder in (
            ("f_themes", "Themes", vocabulary.themes, taxonomy.themes, "All themes"),
            ("f_types", "Event types", vocabulary.event_types, taxonomy.event_types, "All types"),
            ("f_levels", "Levels", vocabulary.levels, taxonomy.levels, "All levels"),
            ("f_sources", "Sources", vocabulary.sources, source_titles, "All sources"),
        )
    }
    japan_only = sidebar.toggle("Japan involved only", key="f_japan")
    hide = sidebar.toggle(
        "Hide unreviewed events",
        key="f_hide",
        help="Events added by the extractor and not yet checked by a person.",
    )
    metric = sidebar.radio(
        "Map colours",
        ("all", "japan"),
        key="f_metric",
        horizontal=True,
        format_func={"all": "All events", "japan": "Japan-involved"}.get,
    )
    return ViewState(
        year_from=years[0] if years[0] != narrated[0] else None,
        year_to=years[1] if years[1] != narrated[1] else None,
        themes=chosen["f_themes"],
        event_types=chosen["f_types"],
        levels=chosen["f_levels"],
        sources=chosen["f_sources"],
        japan_only=japan_only,
        hide_unreviewed=hide,
        country=st.session_state.get(SELECTED),
        metric=metric,
        search=st.session_state.get(SEARCH, ""),
        countries=tuple(st.session_state.get(COMPARED, ())),
    )


def publish_view(view: ViewState) -> None:
    """Write ``view`` to the URL (only when it changed) and remember what was written."""
    query = view_to_query(view)
    if query != {key: st.query_params[key] for key in st.query_params}:
        st.query_params.from_dict(query)
    st.session_state[LAST_QUERY] = query


def select_country(iso3: str | None) -> None:
    """Change the selected country (used by map clicks, the country picker and 'clear')."""
    st.session_state[SELECTED] = iso3


def set_search(text: str) -> None:
    st.session_state[SEARCH] = text


def set_compared(countries: tuple[str, ...]) -> None:
    """Change the countries of the compare page."""
    st.session_state[COMPARED] = tuple(countries)


def current_view(dataset: Dataset) -> tuple[ViewState, ParsedView]:
    """Read the view: the URL wins when it changed since we last wrote it, else the widgets."""
    vocabulary = build_vocabulary(dataset)
    parsed = parse_view(_query_params(), vocabulary)
    if st.session_state.get(LAST_QUERY) != view_to_query(parsed.view):
        _push_view_to_widgets(parsed.view, dataset.narrated_years)
    view = filters_ui(dataset, vocabulary)
    return view, parsed


def navigation_ui(view: ViewState, place) -> None:
    """Links to every page that carry the whole view in their query string."""
    query = view_to_query(view)
    for path, label, icon in visible_pages().values():
        place.page_link(path, label=label, icon=icon, query_params=query)


def view_link(view: ViewState, page_url_path: str) -> str:
    """The link of the current view on this page (the page's own address and the view)."""
    query = view_to_query(view)
    suffix = "&".join(f"{key}={value}" for key, value in query.items())
    base = st.context.url.split("?")[0] if st.context.url else f"/{page_url_path}"
    return f"{base}?{suffix}" if suffix else base


def share_link_ui(view: ViewState, page_url_path: str) -> None:
    """Show the shareable link of the current view, with a copy button."""
    link = view_link(view, page_url_path)
    st.sidebar.caption("Link to this view (copy button at its right):")
    st.sidebar.code(link, language=None, wrap_lines=True)


def remember_notices(parsed: ParsedView, view: ViewState) -> tuple[str, ...]:
    """The notices to show: those of the link just opened, kept until the user changes the view.

    The map's first value reruns the page right after the URL was cleaned; without this the
    notice would vanish before anyone could read it.
    """
    if parsed.notices:
        st.session_state[NOTICES] = parsed.notices
    elif st.session_state.get(LAST_QUERY) not in (None, view_to_query(view)):
        st.session_state.pop(NOTICES, None)
    return st.session_state.get(NOTICES, ())


def notices_ui(notices: tuple[str, ...], place) -> None:
    """Tell the user which URL parameters were dropped."""
    if notices:
        shown = "\n".join(f"- {escape_markdown(notice)}" for notice in notices[:10])
        place.warning(
            f"Some parts of the link were not understood and were ignored:\n{shown}",
            icon=":material/link_off:",
        )


def data_banner_ui(loaded: LoadedData) -> None:
    """A banner naming the broken files; stops the page if there is nothing to show."""
    if not loaded.problems:
        return
    files = sorted({problem.file for problem in loaded.problems})
    lines = "\n".join(f"- {escape_markdown(str(problem))}" for problem in loaded.problems[:8])
    more = len(loaded.problems) - 8
    extra = f"\n- … and {more} more" if more > 0 else ""
    body = (
        f"The data in {', '.join(escape_markdown(name) for name in files)} is invalid "
        f"({len(loaded.problems)} problem(s)). Run `python -m bluebook validate` for the full list."
    )
    if loaded.stale:
        body += " Showing the last valid version of the data."
    st.error(f"{body}\n\n{lines}{extra}", icon=":material/error:")
    if loaded.dataset is None:
        st.stop()


def stop_on_unchecked_internals() -> None:
    """Stop the app when the installed Streamlit or streamlit-folium is not the version whose
    private names ``ui/internals.py`` was checked against: the versions and the fix in the log
    (at error level, on every run), a plain message on the page, and nothing else drawn."""
    try:
        internals.check_internal_versions()
    except internals.InternalsVersionError as error:
        LOGGER.error("%s", error)
        st.error(UNCHECKED_INTERNALS, icon=":material/error:")
        st.stop()


def mark_entrypoint_run() -> None:
    """Called by ``app.py`` before it runs the page: this run went through it."""
    st.session_state[THROUGH_APP] = True


def run_through_entrypoint() -> None:
    """Rerun through ``app.py`` when Streamlit ran this page script on its own.

    Streamlit takes an app with a ``pages/`` folder for a folder of pages (its first multipage
    style) until ``st.navigation`` has run once in the process: on a fresh server, a first
    visitor arriving on ``/events`` got ``pages/events.py`` run alone — no ``app.py``, so no
    sidebar title, tab title, favicon or error wrapper — and so did everyone after them until
    someone opened ``/``. The flag cleared here is the one ``st.navigation`` itself clears; the
    rerun keeps the page (its hash comes from the URL path, the same in both styles). Only a
    session's first run reruns: AppTest sets the flag again before every run, where a rerun
    would drop the clicks of that run. A run without ``app.py`` checks the versions of the
    private names itself, as ``app.py`` does, before it uses one.
    """
    through_app = st.session_state.pop(THROUGH_APP, False)
    first_run = not st.session_state.get(ENTRYPOINT_CHECKED)
    st.session_state[ENTRYPOINT_CHECKED] = True
    if not through_app:
        stop_on_unchecked_internals()
        internals.forget_pages_directory()
        if first_run:
            st.rerun()


def page_setup(page_key: str) -> tuple[Dataset, ViewState]:
    """Common start of every page: data, banner, view from the URL, sidebar."""
    from ui.cache import get_data

    run_through_entrypoint()
    st.set_page_config(layout="wide")
    loaded = get_data()
    data_banner_ui(loaded)
    dataset = loaded.dataset
    assert dataset is not None
    navigation = st.sidebar.container()
    # Always present, so the elements after it keep their place (and the map is not remounted)
    # whether or not there is a notice.
    notice_area = st.container()
    if st.session_state.get(LAST_PAGE) != page_key:
        # Streamlit drops widget state on a page change: refill the filters from the URL.
        st.session_state.pop(LAST_QUERY, None)
        st.session_state[LAST_PAGE] = page_key
    view, parsed = current_view(dataset)
    if st.session_state.get(LAST_QUERY) not in (None, view_to_query(view)):
        st.session_state.pop(APP_NOTICE, None)
    if st.session_state.get(APP_NOTICE):
        notice_area.info(st.session_state[APP_NOTICE], icon=":material/info:")
    notices_ui(remember_notices(parsed, view), notice_area)
    navigation_ui(view, navigation)
    publish_view(view)
    share_link_ui(view, page_key)
    return dataset, view


def safe_link(url: object) -> str | None:
    """An http(s) URL fit for a Markdown link (brackets and spaces percent-encoded), or None."""
    text = str(url).strip() if isinstance(url, str) else ""
    if not text.startswith(("https://", "http://")):
        return None
    return text.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def sources_popover_ui(sources, place) -> None:
    """Every loaded source with its link to the Ministry's page, one click away."""
    with place.popover("Sources", icon=":material/menu_book:"):
        for row in sources.itertuples():
            link = safe_link(row.url)
            title = escape_markdown(row.title)
            st.markdown(f"- [{title}]({link})" if link else f"- {title}")


def coverage_ui(dataset: Dataset, view: ViewState) -> None:
    """The coverage line under a page's title, the sources one click away, and how many
    events of the view lie outside its default years (an always-present container, so the
    elements after it keep their place)."""
    measured = coverage.measure_coverage(
        dataset.events,
        dataset.sources,
        len(query.covered_countries(dataset) - {JAPAN_ISO3}),
        dataset.years,
    )
    line, sources = st.columns([5, 1], vertical_alignment="center")
    line.caption(escape_markdown(coverage.coverage_line(measured)))
    sources_popover_ui(dataset.sources, sources)
    note_area = st.container()
    if view.year_from is not None and view.year_to is not None:
        return
    first, last = dataset.years
    every_year = replace(view, year_from=first, year_to=last)
    years = dataset.events["year"].to_numpy()[query.filter_mask(dataset, every_year)]
    shown = year_range(view, dataset.narrated_years)
    open_shown = (
        shown[0] if view.year_from is None else first,
        shown[1] if view.year_to is None else last,
    )
    note = coverage.outside_note(years, open_shown)
    if note:
        note_area.caption(note)
