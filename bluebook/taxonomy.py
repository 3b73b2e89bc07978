"""The controlled vocabularies of the dataset (``data/taxonomy/*.csv``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from bluebook.errors import Problem
from bluebook.schema import TAXONOMY_COLUMNS
from bluebook.tables import read_table

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Taxonomy:
    """Ids and labels of event types, levels, modes and themes, in file order."""

    event_types: dict[str, str]
    levels: dict[str, str]
    modes: dict[str, str]
    themes: dict[str, str]
    event_type_table: pd.DataFrame

    def ids(self, kind: str) -> dict[str, str]:
        """Return ``{id: label}`` for one kind: event_types, levels, modes or themes."""
        return getattr(self, kind)


def _check_vocabulary(frame: pd.DataFrame, label: str) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for value, line in zip(frame["id"], frame["source_line"], strict=True):
        if not ID_PATTERN.match(value):
            problems.append(
                Problem(
                    label,
                    line,
                    "id",
                    f"{value!r} is not a valid id",
                    "use lower case letters, digits and underscores",
                )
            )
        elif value in seen:
            problems.append(
                Problem(
                    label,
                    line,
                    "id",
                    f"{value!r} repeats line {seen[value]}",
                    "give every entry its own id",
                )
            )
        else:
            seen[value] = line
    for value, line in zip(frame["label"], frame["source_line"], strict=True):
        if not value.strip():
            problems.append(Problem(label, line, "label", "empty label", "write a short label"))
    return problems


def read_taxonomy(data_dir: Path, label_prefix: str = "") -> tuple[Taxonomy | None, list[Problem]]:
    """Read ``data_dir/taxonomy/*.csv``; return the taxonomy (None if unusable) and its problems."""
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for kind, columns in TAXONOMY_COLUMNS.items():
        label = f"{label_prefix}taxonomy/{kind}.csv"
        table = read_table(Path(data_dir) / "taxonomy" / f"{kind}.csv", columns, label)
        problems += table.problems
        problems += _check_vocabulary(table.frame, label)
        if table.frame.empty and table.ok:
            problems.append(Problem(label, 1, "", "no entries", "list at least one entry"))
        frames[kind] = table.frame
    if problems:
        return None, problems
    vocabularies = {
        kind: dict(zip(frame["id"], frame["label"], strict=True)) for kind, frame in frames.items()
    }
    return Taxonomy(
        event_type_table=frames["event_types"].drop(columns="source_line"), **vocabularies
    ), []
