"""Any query string gives a valid view, with a notice for every parameter that was dropped.

Property tests (hypothesis) over arbitrary, often hostile, query parameters through
``parse_view``; round trips of valid views through ``view_to_query``; and a few plain examples.
Notices are plain text: the pages escape them when they render (see ``ui/shared.py``), so
here they must be one printable line, short, and never echo a long input whole.
"""

from __future__ import annotations

from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluebook.explore.view import (
    MAX_COMPARED,
    MAX_SEARCH_CHARS,
    MAX_VALUE_CHARS,
    METRICS,
    QUERY_KEYS,
    ParsedView,
    ViewState,
    Vocabulary,
    parse_view,
    view_to_query,
)
from bluebook.schema import SOURCE_COLUMNS
from bluebook.tables import read_table
from bluebook.taxonomy import read_taxonomy
from tests.conftest import DATA_DIR

SHOWN_CHARS = 40  # how much of an untrusted value a notice may quote
MAX_NOTICE_CHARS = 200
LIST_FIELDS = ("themes", "event_types", "levels", "sources")
TRUE_WORDS = {"japan_only": "only", "hide_unreviewed": "hide"}


def build_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped data, with a fixed set of countries on the map."""
    taxonomy, problems = read_taxonomy(DATA_DIR)
    assert taxonomy is not None, problems
    sources = read_table(DATA_DIR / "sources" / "sources.csv", SOURCE_COLUMNS).frame
    return Vocabulary(
        themes=list(taxonomy.themes),
        event_types=list(taxonomy.event_types),
        levels=list(taxonomy.levels),
        sources=list(sources["source_id"]),
        countries=frozenset({"UZB", "KAZ", "KGZ", "TJK", "TKM", "ARM", "AZE", "GEO", "BLR"}),
        years=(2020, 2022),
    )


VOCABULARY = build_vocabulary()

# ---------------------------------------------------------------- strategies

HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "<img src=x onerror=alert(1)>",
    "</script>",
    "javascript:alert(1)",
    "![x](https://evil.example/pixel.png)",
    "[click](https://evil.example)",
    "%3Cscript%3E",
    "\x00",
    "\n\r\t",
    "\u202etxt.exe",
    "\ufeff",
    "🇯🇵",
    "２０２１",
    "٢٠٢١",
    "2021.0",
    "+2021",
    " 2021 ",
    "1e3",
    "NaN",
    "-1",
    "99999",
    "0",
    "",
    " , ,",
    "UZB;KAZ",
    "uzb",
    "JPN",
]


def _joined_items(items) -> st.SearchStrategy[str]:
    """Comma-separated picks from ``items`` and a stray unknown one, with stray spaces."""
    pick = st.sampled_from([*items, "bogus", "", " "])
    return st.lists(pick, max_size=4).map(lambda chosen: ",".join(chosen))


def _year_text() -> st.SearchStrategy[str]:
    low, high = VOCABULARY.years
    return st.integers(low - 2, high + 2).map(str) | st.sampled_from(["2021 ", "0", "12021"])


def _country_text() -> st.SearchStrategy[str]:
    codes = sorted(VOCABULARY.countries)
    spellings = st.sampled_from([str, str.lower, lambda code: f" {code.title()} "])
    return st.builds(lambda code, spell: spell(code), st.sampled_from(codes), spellings)


def _countries_text() -> st.SearchStrategy[str]:
    """Comma-separated codes in any spelling, with repeats, Japan and unknown codes."""
    item = _country_text() | st.sampled_from(["JPN", "jpn", "XXX", "", " "])
    return st.lists(item, max_size=MAX_COMPARED + 3).map(",".join)


NEAR_VALID = {
    "from": _year_text(),
    "to": _year_text(),
    "theme": _joined_items(VOCABULARY.themes),
    "type": _joined_items(VOCABULARY.event_types),
    "level": _joined_items(VOCABULARY.levels),
    "source": _joined_items(VOCABULARY.sources),
    "japan": st.sampled_from(["only", "1", "true", "0", "false", "all", "", "yes", "Only"]),
    "unreviewed": st.sampled_from(["hide", "1", "true", "0", "false", "all", "", "show"]),
    "country": _country_text() | st.sampled_from(["JPN", "XXX", "UZB,KAZ"]),
    "metric": st.sampled_from([*METRICS, "All", "count", ""]),
    "q": st.text(max_size=MAX_SEARCH_CHARS + 20),
    "countries": _countries_text(),
}
ANY_VALUE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(HOSTILE),
    st.integers(min_value=-10, max_value=10_000).map(str),
    # Long values, built by repetition so that generating them stays cheap.
    st.builds(
        lambda unit, times: unit * times,
        st.sampled_from(["a", "<b>", "é,", "x "]),
        st.sampled_from([41, 101, 301, 10_000]),
    ),
)
KEYS = st.one_of(  # known keys listed twice: about half of the keys drawn are real ones
    st.sampled_from(list(QUERY_KEYS)),
    st.sampled_from(list(QUERY_KEYS)),
    st.sampled_from(["year", "From", "country[]", "<script>", "", "q "]),
    st.text(max_size=12),
)


@st.composite
def query_params(draw) -> dict[str, str | list[str]]:
    """Query parameters as Streamlit hands them over: a value, or a list for repeated keys."""
    params: dict[str, str | list[str]] = {}
    for key in draw(st.lists(KEYS, max_size=6, unique=True)):
        value = NEAR_VALID.get(key, ANY_VALUE) | ANY_VALUE
        params[key] = draw(value | st.lists(value, max_size=3))
    return params


PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# ---------------------------------------------------------------- what a valid result is


def assert_valid_view(view: ViewState) -> None:
    low, high = VOCABULARY.years
    for year in (view.year_from, view.year_to):
        assert year is None or (type(year) is int and low <= year <= high)
    if view.year_from is not None and view.year_to is not None:
        assert view.year_from <= view.year_to
    for name in LIST_FIELDS:
        chosen, allowed = getattr(view, name), list(getattr(VOCABULARY, name))
        assert isinstance(chosen, tuple)
        assert list(chosen) == [item for item in allowed if item in chosen], name
    assert view.country is None or view.country in VOCABULARY.countries
    assert view.metric in METRICS
    assert type(view.japan_only) is bool and type(view.hide_unreviewed) is bool
    assert isinstance(view.search, str) and len(view.search) <= MAX_SEARCH_CHARS
    assert isinstance(view.countries, tuple) and len(view.countries) <= MAX_COMPARED
    assert len(set(view.countries)) == len(view.countries)
    assert set(view.countries) <= VOCABULARY.countries - {"JPN"}


def assert_plain_notices(parsed: ParsedView, params: dict) -> None:
    for notice in parsed.notices:
        assert isinstance(notice, str)
        assert notice.isprintable(), f"control character in {notice!r}"
        assert len(notice) <= MAX_NOTICE_CHARS
    untrusted = [str(key) for key in params] + [
        str(value) for raw in params.values() for value in ([raw] if isinstance(raw, str) else raw)
    ]
    for text in untrusted:
        if len(text) > SHOWN_CHARS + 1:
            assert not any(text in notice for notice in parsed.notices), "long input echoed"


def first_value(raw) -> str:
    if isinstance(raw, str):
        return raw
    return str(raw[0]) if raw else ""


def is_dropped(key: str, value: str) -> bool:
    """Whether some part of ``value`` for known ``key`` cannot become part of the view."""
    if len(value) > MAX_VALUE_CHARS:
        return True
    name = QUERY_KEYS[key]
    if name in ("year_from", "year_to"):
        text = value.strip()
        low, high = VOCABULARY.years
        return not (
            text.isascii() and text.isdigit() and len(text) == 4 and low <= int(text) <= high
        )
    if name in LIST_FIELDS:
        allowed = getattr(VOCABULARY, name)
        return any(item.strip() and item.strip() not in allowed for item in value.split(","))
    if name in TRUE_WORDS:
        return value not in (TRUE_WORDS[name], "1", "true", "", "0", "false", "all")
    if name == "country":
        return value.strip().upper() not in VOCABULARY.countries
    if name == "metric":
        return value not in METRICS
    if name == "countries":
        codes = [item.strip().upper() for item in value.split(",") if item.strip()]
        valid = VOCABULARY.countries - {"JPN"}
        return any(code not in valid for code in codes) or len(set(codes)) > MAX_COMPARED
    return len(value) > MAX_SEARCH_CHARS  # search: the tail is cut


def assert_value_used(key: str, value: str, view: ViewState) -> None:
    """A value that is not dropped shows in the view."""
    name = QUERY_KEYS[key]
    if name in ("year_from", "year_to"):
        assert int(value) in (view.year_from, view.year_to)  # from/to may have been swapped
    elif name in LIST_FIELDS:
        wanted = {item.strip() for item in value.split(",") if item.strip()}
        assert set(getattr(view, name)) == wanted
    elif name in TRUE_WORDS:
        assert getattr(view, name) is (value in (TRUE_WORDS[name], "1", "true"))
    elif name == "country":
        assert view.country == value.strip().upper()
    elif name == "countries":
        codes = [item.strip().upper() for item in value.split(",") if item.strip()]
        assert view.countries == tuple(dict.fromkeys(codes))
    else:
        assert getattr(view, name) == value


# ---------------------------------------------------------------- properties


@PROPERTY_SETTINGS
@given(params=query_params())
def test_any_query_gives_a_valid_view_and_plain_notices(params):
    parsed = parse_view(params, VOCABULARY)
    assert isinstance(parsed, ParsedView)
    assert_valid_view(parsed.view)
    assert_plain_notices(parsed, params)
    again = parse_view(view_to_query(parsed.view), VOCABULARY)
    assert again == ParsedView(parsed.view, ())


@PROPERTY_SETTINGS
@given(params=query_params())
def test_every_dropped_parameter_is_named_and_nothing_else(params):
    parsed = parse_view(params, VOCABULARY)
    for key, raw in params.items():
        if key not in QUERY_KEYS:
            continue
        value = first_value(raw)
        named = any(notice.startswith(f"{key}:") for notice in parsed.notices)
        repeated = not isinstance(raw, str) and len(raw) > 1
        dropped = is_dropped(key, value)
        assert named == (dropped or repeated), (key, value, parsed.notices)
        if not dropped:
            assert_value_used(key, value, parsed.view)
    unknown = [key for key in params if key not in QUERY_KEYS]
    about_unknown = [notice for notice in parsed.notices if notice.startswith("unknown parameter")]
    assert len(about_unknown) == len(unknown)


@PROPERTY_SETTINGS
@given(first=_year_text(), second=_year_text())
def test_any_two_years_give_an_ordered_range_inside_the_data(first, second):
    view = parse_view({"from": first, "to": second}, VOCABULARY).view
    assert_valid_view(view)
    kept = {int(text) for text in (first, second) if not is_dropped("from", text)}
    assert {view.year_from, view.year_to} - {None} == kept


@PROPERTY_SETTINGS
@given(spelling=_country_text())
def test_any_spelling_of_a_country_code_selects_it(spelling):
    assert parse_view({"country": spelling}, VOCABULARY) == ParsedView(
        ViewState(country=spelling.strip().upper()), ()
    )


def _ordered_subset(items):
    items = list(items)
    return st.lists(st.sampled_from(items), unique=True, max_size=len(items)).map(
        lambda chosen: tuple(item for item in items if item in chosen)
    )


@st.composite
def valid_views(draw) -> ViewState:
    low, high = VOCABULARY.years
    codes = sorted(VOCABULARY.countries - {"JPN"})
    years = draw(st.lists(st.none() | st.integers(low, high), min_size=2, max_size=2))
    if None not in years:
        years.sort()
    return ViewState(
        year_from=years[0],
        year_to=years[1],
        themes=draw(_ordered_subset(VOCABULARY.themes)),
        event_types=draw(_ordered_subset(VOCABULARY.event_types)),
        levels=draw(_ordered_subset(VOCABULARY.levels)),
        sources=draw(_ordered_subset(VOCABULARY.sources)),
        japan_only=draw(st.booleans()),
        hide_unreviewed=draw(st.booleans()),
        country=draw(st.none() | st.sampled_from(sorted(VOCABULARY.countries))),
        metric=draw(st.sampled_from(METRICS)),
        search=draw(st.text(max_size=MAX_SEARCH_CHARS) | st.sampled_from(HOSTILE)),
        countries=tuple(draw(st.lists(st.sampled_from(codes), unique=True, max_size=MAX_COMPARED))),
    )


@settings(PROPERTY_SETTINGS, max_examples=100)
@given(view=valid_views())
def test_valid_view_round_trips_through_the_query_string(view):
    query = view_to_query(view)
    assert all(isinstance(value, str) for value in query.values())
    assert set(query) <= set(QUERY_KEYS)
    assert parse_view(query, VOCABULARY) == ParsedView(view, ())


def test_round_trip_covers_every_field():
    assert {field.name for field in fields(ViewState)} == set(QUERY_KEYS.values())


# ---------------------------------------------------------------- plain examples


@pytest.mark.parametrize(
    ("params", "expected_view", "expected_notice"),
    [
        ({"year": "abc"}, ViewState(), "unknown parameter 'year'; ignored"),
        ({"from": "abc"}, ViewState(), "from: 'abc' is not a year; ignored"),
        ({"to": "２０２１"}, ViewState(), "to: '２０２１' is not a year; ignored"),
        ({"from": "1999"}, ViewState(), "from: 1999 is outside the data (2020–2022); ignored"),
        ({"country": "XXX"}, ViewState(), "country: 'XXX' is not a country on the map; ignored"),
        ({"country": "JPN"}, ViewState(), "country: 'JPN' is not a country on the map"),
        ({"theme": "<script>"}, ViewState(), "theme: unknown value '<script>'; ignored"),
        (
            {"type": '"><svg onload=alert(1)>'},
            ViewState(),
            "type: unknown value '\"><svg onload=alert(1)>'; ignored",
        ),
        (
            {"from": "2022", "to": "2021"},
            ViewState(year_from=2021, year_to=2022),
            "from 2022 is after to 2021; swapped",
        ),
        (
            {"theme": ["economy", "health"]},
            ViewState(themes=("economy",)),
            "theme: given 2 times; kept the first",
        ),
        (
            {"theme": "health,bogus,economy,health"},
            ViewState(themes=("economy", "health")),
            "theme: unknown value 'bogus'; ignored",
        ),
        ({"q": "x" * 10_000}, ViewState(), "q: value longer than 300 characters; ignored"),
        ({"q": "y" * 150}, ViewState(search="y" * 100), "q: longer than 100 characters; cut"),
        ({"japan": "yes"}, ViewState(), "japan: 'yes' is not 'only'; ignored"),
        ({"metric": "<b>all</b>"}, ViewState(), "metric: '<b>all</b>' is not one of all, japan"),
        (
            {"country": "<script>alert(1)</script>" * 4},
            ViewState(),
            "country: '<script>alert(1)</script><script>alert(1…' is not",
        ),
        ({"country": "\x00\n\u202e"}, ViewState(), "country: '???' is not a country"),
        (
            {"countries": "KAZ,XXX,uzb"},
            ViewState(countries=("KAZ", "UZB")),
            "countries: 'XXX' is not a country on the map; ignored",
        ),
        (
            {"countries": "KAZ,JPN"},
            ViewState(countries=("KAZ",)),
            "countries: Japan takes part in every event and is not compared; ignored",
        ),
        (
            {"countries": "UZB,KAZ,KGZ,TJK,TKM,ARM,AZE,GEO"},
            ViewState(countries=("UZB", "KAZ", "KGZ", "TJK", "TKM", "ARM")),
            "countries: more than 6 countries; kept the first 6",
        ),
        (
            {"countries": "<script>alert(1)</script>"},
            ViewState(),
            "countries: '<script>alert(1)</script>' is not a country on the map",
        ),
    ],
    ids=lambda value: repr(value)[:40] if isinstance(value, dict) else "",
)
def test_example_query(params, expected_view, expected_notice):
    parsed = parse_view(params, VOCABULARY)
    assert parsed.view == expected_view
    assert any(expected_notice in notice for notice in parsed.notices), parsed.notices


@pytest.mark.parametrize(
    ("params", "expected_view"),
    [
        ({"country": " uzb "}, ViewState(country="UZB")),
        ({"from": " 2021 ", "to": "2021"}, ViewState(year_from=2021, year_to=2021)),
        ({"japan": "1", "unreviewed": "true"}, ViewState(japan_only=True, hide_unreviewed=True)),
        ({"q": "<script>alert(1)</script>"}, ViewState(search="<script>alert(1)</script>")),
        ({"theme": ""}, ViewState()),
        ({"theme": []}, ViewState()),
        ({"countries": "geo, kaz ,GEO,,UZB"}, ViewState(countries=("GEO", "KAZ", "UZB"))),
        ({"countries": "KAZ"}, ViewState(countries=("KAZ",))),
    ],
)
def test_example_query_accepted_without_notice(params, expected_view):
    assert parse_view(params, VOCABULARY) == ParsedView(expected_view, ())
