"""A country's summaries when the atlas holds many volumes: grouped by volume, newest first.

``summaries_by_volume`` orders the summaries of ``countries.csv`` by the volume year of their
source (a volume can contribute several sources, e.g. chapters); ``volume_label`` names a
volume from a source title. The panel shows the newest volume's summaries and folds the rest.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class VolumeSummaries:
    """The summaries of one country from one volume: (source title, summary) pairs.

    ``drafts`` holds, for each summary, whether it is a draft generated from the events
    (``status`` ``draft`` in ``countries.csv``) rather than written by a person.
    """

    volume_year: int
    label: str
    summaries: tuple[tuple[str, str], ...]
    drafts: tuple[bool, ...] = ()

    def is_draft(self, position: int) -> bool:
        """Whether the summary at ``position`` is a generated draft."""
        return position < len(self.drafts) and self.drafts[position]


def volume_label(title: str, volume_year: int) -> str:
    """The volume's name from a source title: the comma-separated part naming the year.

    'Diplomatic Bluebook 2022, Chapter 2, Section 2: …' → 'Diplomatic Bluebook 2022'; a title
    without the year gives 'Volume 2022'.
    """
    for part in str(title).split(", "):
        if str(volume_year) in part:
            return part.strip()
    return f"Volume {volume_year}"


def summaries_by_volume(
    countries: pd.DataFrame,
    sources: pd.DataFrame,
    iso3: str,
    source_ids: Collection[str] | None = None,
) -> list[VolumeSummaries]:
    """The summaries of ``iso3`` grouped by volume, newest volume first.

    ``countries`` and ``sources`` are the tables of ``countries.csv`` and ``sources.csv``;
    ``source_ids`` limits the summaries to those sources (None: every source). Within a
    volume, summaries keep the order of ``sources.csv``. Sources missing from ``sources`` are
    left out (validation does not let that happen).
    """
    rows = countries[countries["iso3"] == iso3]
    if source_ids is not None:
        rows = rows[rows["source_id"].isin(list(source_ids))]
    known = sources.assign(
        _order=range(len(sources)), _year=pd.to_numeric(sources["volume_year"], errors="coerce")
    ).dropna(subset=["_year"])
    joined = rows.merge(
        known[["source_id", "title", "_order", "_year"]], on="source_id", how="inner"
    ).sort_values(["_year", "_order"], ascending=[False, True], kind="stable")
    volumes: list[VolumeSummaries] = []
    for year, group in joined.groupby("_year", sort=False):
        first_title = str(group["title"].iloc[0])
        volumes.append(
            VolumeSummaries(
                volume_year=int(year),
                label=volume_label(first_title, int(year)),
                summaries=tuple(
                    (str(title), str(summary))
                    for title, summary in zip(group["title"], group["summary"], strict=True)
                ),
                drafts=tuple(
                    bool(draft)
                    for draft in (
                        group["status"].eq("draft") if "status" in group else [False] * len(group)
                    )
                ),
            )
        )
    return volumes
