"""The view a user sees, as one frozen dataclass round-tripped through the URL query string.

``parse_view`` turns query parameters (possibly hostile: unknown keys, repeated keys, wrong
types, HTML) into a valid ``ViewState`` plus notices naming what was dropped; it never raises.
``view_to_query`` writes the view back with defaults left out, so a copied URL is short and
opening it shows the same view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bluebook.schema import JAPAN_ISO3

MAX_VALUE_CHARS = 300
MAX_SEARCH_CHARS = 100
MAX_COMPARED = 6
"""The compare page puts at most this many countries side by side."""
METRICS = ("all", "japan")

QUERY_KEYS = {
    "from": "year_from",
    "to": "year_to",
    "theme": "themes",
    "type": "event_types",
    "level": "levels",
    "source": "sources",
    "japan": "japan_only",
    "unreviewed": "hide_unreviewed",
    "country": "country",
    "metric": "metric",
    "q": "search",
    "countries": "countries",
}


@dataclass(frozen=True)
class Vocabulary:
    """The values a view may take, from the loaded dataset."""

    themes: Sequence[str]
    event_types: Sequence[str]
    levels: Sequence[str]
    sources: Sequence[str]
    countries: frozenset[str]
    years: tuple[int, int]


@dataclass(frozen=True)
class ViewState:
    """Filters, selected country and metric. Empty tuples mean "all"; years are inclusive.

    ``countries`` are the countries of the compare page, in the order the user chose them
    (at most ``MAX_COMPARED``, never Japan); empty when nothing is compared.
    """

    year_from: int | None = None
    year_to: int | None = None
    themes: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    japan_only: bool = False
    hide_unreviewed: bool = False
    country: str | None = None
    metric: str = "all"
    search: str = ""
    countries: tuple[str, ...] = ()

    def with_country(self, country: str | None) -> ViewState:
        """Return a copy with ``country`` selected (None clears the selection)."""
        return replace(self, country=country)


@dataclass(frozen=True)
class ParsedView:
    """A parsed view and the notices about parameters that were dropped."""

    view: ViewState
    notices: tuple[str, ...] = field(default_factory=tuple)


def _shown(value: str) -> str:
    """A short, inert rendering of an untrusted value for a notice."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in value)
    return repr(printable[:40] + ("…" if len(printable) > 40 else ""))


def _single(key: str, values: Sequence[str], notices: list[str]) -> str | None:
    if len(values) > 1:
        notices.append(f"{key}: given {len(values)} times; kept the first")
    value = values[0] if values else ""
    if len(value) > MAX_VALUE_CHARS:
        notices.append(f"{key}: value longer than {MAX_VALUE_CHARS} characters; ignored")
        return None
    return value


def _year(key: str, value: str, bounds: tuple[int, int], notices: list[str]) -> int | None:
    text = value.strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        notices.append(f"{key}: {_shown(value)} is not a year; ignored")
        return None
    year = int(text)
    if not bounds[0] <= year <= bounds[1]:
        notices.append(f"{key}: {year} is outside the data ({bounds[0]}–{bounds[1]}); ignored")
        return None
    return year


def _choices(key: str, value: str, allowed: Iterable[str], notices: list[str]) -> tuple[str, ...]:
    allowed = list(allowed)
    kept: list[str] = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        if item in allowed and item not in kept:
            kept.append(item)
        elif item not in allowed:
            notices.append(f"{key}: unknown value {_shown(item)}; ignored")
    return tuple(item for item in allowed if item in kept)


def _compared(key: str, value: str, allowed: frozenset[str], notices: list[str]) -> tuple:
    """Countries to compare, in the given order: repeats dropped, unknown codes and Japan
    named, only the first ``MAX_COMPARED`` kept."""
    kept: list[str] = []
    beyond = 0
    for item in (part.strip() for part in value.split(",")):
        code = item.upper()
        if not item or code in kept:
            continue
        if code == JAPAN_ISO3:
            notices.append(f"{key}: Japan takes part in every event and is not compared; ignored")
        elif code not in allowed:
            notices.append(f"{key}: {_shown(item)} is not a country on the map; ignored")
        elif len(kept) < MAX_COMPARED:
            kept.append(code)
        else:
            beyond += 1
    if beyond:
        notices.append(f"{key}: more than {MAX_COMPARED} countries; kept the first {MAX_COMPARED}")
    return tuple(kept)


def _flag(key: str, value: str, true_word: str, notices: list[str]) -> bool:
    if value in (true_word, "1", "true"):
        return True
    if value in ("", "0", "false", "all"):
        return False
    notices.append(f"{key}: {_shown(value)} is not '{true_word}'; ignored")
    return False


def _normalise_params(params: Mapping[str, str | Sequence[str]]) -> dict[str, list[str]]:
    normalised: dict[str, list[str]] = {}
    for key, value in params.items():
        values = [value] if isinstance(value, str) else [str(item) for item in value]
        normalised[str(key)] = values
    return normalised


def _parse_field(key: str, value: str, vocabulary: Vocabulary, notices: list[str]) -> dict:
    name = QUERY_KEYS[key]
    if name in ("year_from", "year_to"):
        return {name: _year(key, value, vocabulary.years, notices)}
    if name in ("themes", "event_types", "levels", "sources"):
        return {name: _choices(key, value, getattr(vocabulary, name), notices)}
    if name == "japan_only":
        return {name: _flag(key, value, "only", notices)}
    if name == "hide_unreviewed":
        return {name: _flag(key, value, "hide", notices)}
    if name == "country":
        code = value.strip().upper()
        if code in vocabulary.countries:
            return {name: code}
        notices.append(f"country: {_shown(value)} is not a country on the map; ignored")
        return {}
    if name == "countries":
        return {name: _compared(key, value, vocabulary.countries, notices)}
    if name == "metric":
        if value in METRICS:
            return {name: value}
        notices.append(f"metric: {_shown(value)} is not one of {', '.join(METRICS)}; ignored")
        return {}
    if len(value) > MAX_SEARCH_CHARS:
        notices.append(f"q: longer than {MAX_SEARCH_CHARS} characters; cut")
    return {name: value[:MAX_SEARCH_CHARS]}


def parse_view(params: Mapping[str, str | Sequence[str]], vocabulary: Vocabulary) -> ParsedView:
    """Parse query parameters into a valid view; every dropped parameter gets a notice."""
    notices: list[str] = []
    fields: dict = {}
    for key, values in _normalise_params(params).items():
        if key not in QUERY_KEYS:
            notices.append(f"unknown parameter {_shown(key)}; ignored")
            continue
        value = _single(key, values, notices)
        if value is not None:
            fields.update(_parse_field(key, value, vocabulary, notices))
    view = ViewState(**{name: value for name, value in fields.items() if value is not None})
    if view.year_from and view.year_to and view.year_from > view.year_to:
        notices.append(f"from {view.year_from} is after to {view.year_to}; swapped")
        view = replace(view, year_from=view.year_to, year_to=view.year_from)
    return ParsedView(view, tuple(notices))


def year_range(view: ViewState, default: tuple[int, int]) -> tuple[int, int]:
    """The first and last year the view shows: its own bounds, else ``default`` (the years the
    loaded volumes narrate), widened so that one explicit bound never empties the range."""
    first = view.year_from
    if first is None:
        first = default[0] if view.year_to is None else min(default[0], view.year_to)
    last = view.year_to if view.year_to is not None else max(default[1], first)
    return first, last


def view_to_query(view: ViewState) -> dict[str, str]:
    """The query parameters of ``view``, leaving out every value that is the default."""
    default = ViewState()
    query: dict[str, str] = {}
    for key, name in QUERY_KEYS.items():
        value = getattr(view, name)
        if value == getattr(default, name):
            continue
        if isinstance(value, tuple):
            query[key] = ",".join(value)
        elif isinstance(value, bool):
            query[key] = {"japan_only": "only", "hide_unreviewed": "hide"}[name]
        else:
            query[key] = str(value)
    return query
