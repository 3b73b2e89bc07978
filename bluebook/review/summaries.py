"""Draft country summaries: generated from a source's events, marked ``draft`` until reviewed.

A reviewed event's countries need a summary for its source (``validate`` checks it). Instead of
making the reviewer write one before deciding, a decision drafts it: a template over the
titles, dates and types of the source's events for the country ("The 2019 volume records four
events with Mexico: …"), in our words (titles are ours, never quoted text). The row's
``status`` is ``draft``; the panel says so; a reviewer who edits it makes it ``reviewed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

DRAFT, REVIEWED = "draft", "reviewed"
SHOWN_EVENTS = 5
NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def count_words(count: int, noun: str) -> str:
    """'one event', 'four events', '25 events'."""
    number = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    return f"{number} {noun}{'' if count == 1 else 's'}"


def _item(row: Mapping[str, str], type_labels: Mapping[str, str]) -> str:
    kind = type_labels.get(row["event_type"], row["event_type"].replace("_", " ")).lower()
    title = " ".join(str(row["title"]).split()).rstrip(".")
    return f"{title} ({kind}, {row['date']})"


def draft_summary_text(
    name: str,
    volume_year: int | str,
    rows: Sequence[Mapping[str, str]],
    type_labels: Mapping[str, str],
) -> str:
    """The draft summary of country ``name`` from the ``rows`` of one source's events.

    Events are listed by date, at most ``SHOWN_EVENTS`` of them, then how many more.
    """
    ordered = sorted(rows, key=lambda row: (str(row["date"]), str(row["title"])))
    shown = [_item(row, type_labels) for row in ordered[:SHOWN_EVENTS]]
    rest = len(ordered) - len(shown)
    listing = "; ".join(shown)
    if rest:
        listing += f"; and {count_words(rest, 'more event')}"
    volume = f"The {volume_year} volume"
    if not ordered:
        return f"{volume} records no events with {name} in this text."
    return f"{volume} records {count_words(len(ordered), 'event')} with {name}: {listing}."


def draft_row(
    iso3: str,
    source_id: str,
    name: str,
    names_in_text: str,
    summary: str,
) -> dict[str, str]:
    """A ``countries.csv`` row holding a draft."""
    return {
        "iso3": iso3,
        "source_id": source_id,
        "name": name,
        "names_in_text": names_in_text,
        "summary": summary,
        "status": DRAFT,
    }
