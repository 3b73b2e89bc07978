"""Column contracts of the dataset tables in ``data/``.

Each table is a CSV file with exactly these columns, in this order. Multi-valued cells are
``;``-separated.
"""

from __future__ import annotations

EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "date",
    "date_precision",
    "countries",
    "event_type",
    "level",
    "mode",
    "japan_involved",
    "themes",
    "actors_japan",
    "actors_partner",
    "title",
    "source_id",
    "section",
    "paragraph",
    "evidence",
    "reviewed",
)

COUNTRY_COLUMNS: tuple[str, ...] = (
    "iso3",
    "source_id",
    "name",
    "names_in_text",
    "summary",
    "status",
)
"""``status`` is ``reviewed`` (written or checked by a person) or ``draft`` (generated from the
source's events by ``bluebook.review.summaries``, shown labelled as such until a reviewer edits it).
A ``countries.csv`` written before the column existed is read with every summary reviewed."""

SUMMARY_STATUSES: tuple[str, ...] = ("reviewed", "draft")

SOURCE_COLUMNS: tuple[str, ...] = (
    "source_id",
    "title",
    "volume_year",
    "chapter",
    "section",
    "url",
    "attribution",
    "file",
    "original_file",
    "original_format",
    "original_sha256",
)
"""``file`` is the cleaned text in ``data/sources/`` that evidence is checked against;
``original_*`` name the document it was read from (text, html or pdf) and its SHA-256, empty
when unknown. A source read from a PDF also has ``sources/<file stem>.pages.csv`` (the page of
each stretch of its text; see ``bluebook.readers.page_map``)."""

REVIEW_LOG_COLUMNS: tuple[str, ...] = (
    "time",
    "reviewer",
    "event_id",
    "action",
    "changes",
)
"""``data/review_log.csv``: one row per review action (see ``bluebook.review_log``)."""

TAXONOMY_COLUMNS: dict[str, tuple[str, ...]] = {
    "event_types": (
        "id",
        "label",
        "description",
        "plover_event",
        "plover_mode",
        "cameo_code",
        "cameo_label",
    ),
    "levels": ("id", "label", "description"),
    "modes": ("id", "label", "description"),
    "themes": ("id", "label", "description"),
}

DATE_PRECISIONS: tuple[str, ...] = ("year", "month", "day")
LIST_SEPARATOR = ";"
JAPAN_ISO3 = "JPN"
