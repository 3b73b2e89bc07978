"""Score extracted events against a reviewed (gold) table.

Two events match when they share a country, have the same event type, and their dates agree at
the coarser of the two precisions (``bluebook.matching``, the rule ingest uses too). Events are
paired one to one so that as many as possible match, preferring pairs that also agree on countries
and date. Precision, recall and F1 count matched pairs; field accuracy is measured on matched pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from bluebook.matching import dates_agree, events_match, split_cell

FIELDS: tuple[str, ...] = ("countries", "date", "level", "mode", "themes", "japan_involved")
_SET_FIELDS = frozenset({"countries", "themes"})


@dataclass
class Evaluation:
    """Scores of one comparison; ``pairs`` holds (predicted row, gold row) positions."""

    predicted: int
    gold: int
    pairs: list[tuple[int, int]] = field(default_factory=list)
    field_accuracy: dict[str, float] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.pairs)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """Return the figures as a flat dict (for JSON output)."""
        return {
            "predicted": self.predicted,
            "gold": self.gold,
            "matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            **{f"accuracy_{name}": round(value, 4) for name, value in self.field_accuracy.items()},
        }


def field_agrees(name: str, predicted: str, gold: str) -> bool:
    """Tell whether one field agrees: lists as sets, everything else exactly."""
    if name in _SET_FIELDS:
        return split_cell(predicted) == split_cell(gold)
    return str(predicted).strip() == str(gold).strip()


def pair_events(predicted: pd.DataFrame, gold: pd.DataFrame) -> list[tuple[int, int]]:
    """Pair matching rows one to one: the most pairs, then the best-agreeing pairs."""
    if predicted.empty or gold.empty:
        return []
    weights = np.zeros((len(predicted), len(gold)))
    gold_rows = [row for _, row in gold.iterrows()]
    for i, (_, row) in enumerate(predicted.iterrows()):
        for j, gold_row in enumerate(gold_rows):
            if events_match(row, gold_row):
                quality = sum(field_agrees(name, row[name], gold_row[name]) for name in FIELDS)
                same_place = row.get("paragraph") == gold_row.get("paragraph")
                weights[i, j] = 100 + 2 * quality + int(same_place)
    rows, columns = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, columns, strict=True) if weights[i, j] > 0]


def evaluate_frames(
    predicted: pd.DataFrame, gold: pd.DataFrame, source_id: str | None = None
) -> Evaluation:
    """Compare two events frames; with ``source_id`` only that source's rows count.

    Without it, when every predicted row names a source the gold table knows, gold rows of
    other sources are left out (so a whole dataset can serve as gold for one section).
    """
    if source_id:
        predicted = predicted[predicted["source_id"] == source_id]
        gold = gold[gold["source_id"] == source_id]
    else:
        sources = set(predicted["source_id"])
        if sources and sources <= set(gold["source_id"]):
            gold = gold[gold["source_id"].isin(sources)]
    predicted, gold = predicted.reset_index(drop=True), gold.reset_index(drop=True)
    pairs = pair_events(predicted, gold)
    accuracy = {
        name: (
            sum(field_agrees(name, predicted.at[i, name], gold.at[j, name]) for i, j in pairs)
            / len(pairs)
            if pairs
            else 0.0
        )
        for name in FIELDS
    }
    return Evaluation(len(predicted), len(gold), pairs, accuracy)


def format_report(evaluation: Evaluation) -> str:
    """Return the human-readable report the ``evaluate`` command prints."""
    lines = [
        f"predicted: {evaluation.predicted}",
        f"gold: {evaluation.gold}",
        f"matched: {evaluation.matched}",
        f"precision: {evaluation.precision:.3f}",
        f"recall: {evaluation.recall:.3f}",
        f"f1: {evaluation.f1:.3f}",
        "accuracy on matched events:",
    ]
    lines += [f"  {name}: {value:.3f}" for name, value in evaluation.field_accuracy.items()]
    return "\n".join(lines)


def format_errors(predicted: pd.DataFrame, gold: pd.DataFrame, evaluation: Evaluation) -> str:
    """Return the unmatched rows and the field disagreements, for improving an extractor."""
    shown = ["date", "countries", "event_type", "level", "mode", "japan_involved", "themes"]
    matched_predicted = {i for i, _ in evaluation.pairs}
    matched_gold = {j for _, j in evaluation.pairs}
    lines = ["unmatched predicted:"]
    lines += [
        f"  {row.to_dict()}" for i, row in predicted[shown].iterrows() if i not in matched_predicted
    ]
    lines.append("unmatched gold:")
    lines += [f"  {row.to_dict()}" for j, row in gold[shown].iterrows() if j not in matched_gold]
    lines.append("disagreements on matched events (field: predicted | gold):")
    for i, j in evaluation.pairs:
        wrong = [
            f"{name}: {predicted.at[i, name]} | {gold.at[j, name]}"
            for name in FIELDS
            if not field_agrees(name, predicted.at[i, name], gold.at[j, name])
        ]
        if wrong:
            lines.append(f"  {gold.at[j, 'event_id']}: " + "; ".join(wrong))
    return "\n".join(lines)


# --- Scoring as in the development corpus's SCORING.md -------------------------------------

CONTACT_FAMILY = frozenset(
    {"meeting", "consultation", "multilateral", "parliamentary", "exchange", "visit"}
)
"""The types lenient scoring treats as one (SCORING.md step 2). Not the extractor's
``bluebook.extract.classify.CONTACT_TYPES`` on purpose: the corpus's scoring rules leave "call"
out (a phone call scored as a meeting is an error even leniently), while the extractor groups
calls with the other contacts for merging and attributes. tests/evaluate/test_events.py checks
that the two differ by "call" only."""
GOLD_COLUMNS: tuple[str, ...] = (
    "doc",
    "volume_year",
    "date",
    "countries",
    "type",
    "level",
    "mode",
    "japan",
    "optional",
    "note",
)


@dataclass(frozen=True)
class ScoringTuple:
    """One (event, country) pair of a predicted or gold table (SCORING.md step 1)."""

    row: int
    country: str
    date: str
    event_type: str
    optional: bool = False


@dataclass
class Score:
    """Counts of one scoring (strict or lenient) of one document or of a whole corpus."""

    tp: int = 0
    fp: int = 0
    required: int = 0
    predicted: int = 0
    optional_matched: int = 0
    matches: list[tuple[ScoringTuple, ScoringTuple]] = field(default_factory=list)

    @property
    def fn(self) -> int:
        return self.required - self.tp

    @property
    def precision(self) -> float:
        counted = self.tp + self.fp
        return self.tp / counted if counted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def add(self, other: Score) -> None:
        """Add ``other``'s counts to these (micro-averaging over documents)."""
        self.tp += other.tp
        self.fp += other.fp
        self.required += other.required
        self.predicted += other.predicted
        self.optional_matched += other.optional_matched

    def as_dict(self) -> dict[str, float | int]:
        """Return the counts and figures as a flat dict (for JSON output)."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "required_gold": self.required,
            "predicted": self.predicted,
            "optional_matched": self.optional_matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def explode_tuples(frame: pd.DataFrame) -> list[ScoringTuple]:
    """Return one tuple per country of each row of a scoring frame (see ``scoring_frame``)."""
    tuples = []
    for row, (countries, date, event_type, optional) in enumerate(
        zip(frame["countries"], frame["date"], frame["type"], frame["optional"], strict=True)
    ):
        for country in sorted(split_cell(countries)):
            tuples.append(
                ScoringTuple(row, country, str(date).strip(), str(event_type).strip(), optional)
            )
    return tuples


def scoring_dates_agree(first: str, second: str) -> bool:
    """Dates agree when equal at the coarser precision, capped at the month (SCORING.md)."""
    return dates_agree(first[:7], second[:7])


def types_agree(first: str, second: str, lenient: bool) -> bool:
    """Strict: equal types; lenient: equal, or both in the contact family."""
    return first == second or (lenient and first in CONTACT_FAMILY and second in CONTACT_FAMILY)


def tuples_pair(predicted: ScoringTuple, gold: ScoringTuple, lenient: bool) -> bool:
    """Tell whether a predicted and a gold tuple can pair (SCORING.md step 2)."""
    return (
        predicted.country == gold.country
        and types_agree(predicted.event_type, gold.event_type, lenient)
        and scoring_dates_agree(predicted.date, gold.date)
    )


def match_tuples(predicted: list[ScoringTuple], gold: list[ScoringTuple], lenient: bool) -> Score:
    """Score one document: maximum one-to-one matching, required gold first (SCORING.md 3-4).

    The weights make any matching with more required pairs better than every matching with
    fewer, whatever its optional pairs; among those the one with most optional pairs wins.
    """
    required = sum(not tuple_.optional for tuple_ in gold)
    score = Score(required=required, predicted=len(predicted))
    if predicted and gold:
        heavy = sum(tuple_.optional for tuple_ in gold) + 1
        weights = np.zeros((len(predicted), len(gold)))
        for i, candidate in enumerate(predicted):
            for j, reference in enumerate(gold):
                if tuples_pair(candidate, reference, lenient):
                    weights[i, j] = 1 if reference.optional else heavy
        rows, columns = linear_sum_assignment(weights, maximize=True)
        for i, j in zip(rows, columns, strict=True):
            if weights[i, j] > 0:
                score.matches.append((predicted[i], gold[j]))
    score.tp = sum(not reference.optional for _, reference in score.matches)
    score.optional_matched = len(score.matches) - score.tp
    score.fp = len(predicted) - len(score.matches)
    return score


def score_document(predicted: pd.DataFrame, gold: pd.DataFrame, lenient: bool) -> Score:
    """Score one document's predicted rows against its gold rows (both scoring frames)."""
    return match_tuples(explode_tuples(predicted), explode_tuples(gold), lenient)


def scoring_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``doc, date, countries, type, optional`` from an events table or a gold table.

    An events table (``data/events.csv`` columns) gives ``doc`` = ``source_id``, ``type`` =
    ``event_type`` and no optional rows.
    """
    if "type" in frame.columns and "optional" in frame.columns:
        result = pd.DataFrame(
            {
                "doc": frame.get("doc", ""),
                "date": frame["date"],
                "countries": frame["countries"],
                "type": frame["type"],
                "optional": frame["optional"].astype(str).str.strip().isin({"1", "true"}),
            }
        )
    else:
        result = pd.DataFrame(
            {
                "doc": frame.get("source_id", ""),
                "date": frame["date"],
                "countries": frame["countries"],
                "type": frame["event_type"],
                "optional": False,
            }
        )
    return result.astype({"doc": str, "date": str, "countries": str, "type": str}).reset_index(
        drop=True
    )
