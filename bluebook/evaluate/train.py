"""Train the scorer from an annotated corpus and reviewers' decisions, and measure it honestly.

Candidates are the rules' events, unscored (``extract_frame(..., scorer=None)``). A candidate is
labelled positive when one of its country tuples pairs with a gold tuple (required or optional)
in the maximum one-to-one matching of SCORING.md (lenient). Reviewers' decisions in
``review_log.csv`` add labels: accept and save positive, reject negative, weighted by
``review_weight``; events a reviewer added are missed positives, counted for recall, not trained
on (the rules never proposed them, so they have no rules to learn from).

The model is scikit-learn's ``LogisticRegression`` (L2, lbfgs; deterministic): with a few
hundred labelled candidates a linear model over readable features is what the data supports,
its coefficients say which rule or cue raises or lowers the confidence, and they are saved as
JSON (no pickle). The threshold maximises F1 over out-of-fold probabilities. Figures are
measured under document-level k-fold cross-validation (``GroupKFold``: no document in both
training and test), the threshold of each fold chosen by an inner cross-validation on its
training documents only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from bluebook.evaluate.corpus import CorpusDocument
from bluebook.evaluate.events import (
    Score,
    ScoringTuple,
    explode_tuples,
    match_tuples,
    scoring_frame,
)
from bluebook.extract import events_to_frame, extract_candidates
from bluebook.extract.events import SET_ASIDE
from bluebook.extract.explain import load_explanations, split_rules
from bluebook.extract.scorer import ScorerModel, row_features
from bluebook.review_log import LOG_FILE
from bluebook.schema import EVENT_COLUMNS, REVIEW_LOG_COLUMNS
from bluebook.tables import LINE_COLUMN, read_table

SEED = 17
FOLDS = 5
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 20))
REGULARISATION = 1.0  # scikit-learn's C: smaller is stronger
GENEROUS = False  # train on the candidates the rules set aside too (see ``Context.generous``)


@dataclass
class DocumentCandidates:
    """One corpus document's candidates: their rows, features and labels, and its gold."""

    doc: str
    frame: pd.DataFrame
    features: list[dict[str, float]]
    labels: np.ndarray
    gold: pd.DataFrame
    predicted_tuples: list[ScoringTuple] = field(default_factory=list)
    gold_tuples: list[ScoringTuple] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.predicted_tuples = explode_tuples(scoring_frame(self.frame))
        self.gold_tuples = explode_tuples(scoring_frame(self.gold))


@dataclass
class ReviewLabels:
    """Labels from reviewers' decisions, reported apart from the corpus's."""

    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    accepted: int = 0
    rejected: int = 0
    added: int = 0
    unexplained: int = 0  # decided events the extractor did not propose (no rules on record)

    def as_dict(self) -> dict[str, int]:
        return {
            "accepted_or_saved": self.accepted,
            "rejected": self.rejected,
            "added_missed_positives": self.added,
            "decisions_without_rules": self.unexplained,
        }


def label_candidates(frame: pd.DataFrame, gold: pd.DataFrame) -> np.ndarray:
    """1 for each candidate row with a tuple matched to gold (lenient, SCORING.md), else 0."""
    predicted = explode_tuples(scoring_frame(frame))
    score = match_tuples(predicted, explode_tuples(scoring_frame(gold)), lenient=True)
    matched = {candidate.row for candidate, _ in score.matches}
    return np.array([int(row in matched) for row in range(len(frame))], dtype=int)


def document_candidates(document: CorpusDocument, generous: bool = GENEROUS) -> DocumentCandidates:
    """Extract one document's candidates (unscored; ``generous``: with those the rules set
    aside) and label them."""
    text = document.path.read_text(encoding="utf-8")
    events = extract_candidates(text, document.volume_year, generous=generous)
    frame = events_to_frame(events, "corpus")
    features = [
        row_features(row, split_rules(row["rules"])) for row in frame.to_dict(orient="records")
    ]
    return DocumentCandidates(
        document.doc, frame, features, label_candidates(frame, document.gold), document.gold
    )


def review_labels(data_dir: Path) -> ReviewLabels:
    """Labels from ``data_dir/review_log.csv``: the last decision on each extracted event."""
    labels = ReviewLabels()
    log_path = Path(data_dir) / LOG_FILE
    if not log_path.is_file():
        return labels
    log = read_table(log_path, REVIEW_LOG_COLUMNS).frame
    events = read_table(Path(data_dir) / "events.csv", EVENT_COLUMNS).frame
    current = {row["event_id"]: row for row in events.drop(columns=LINE_COLUMN).to_dict("records")}
    explanations = load_explanations(data_dir)
    last: dict[str, tuple[str, str]] = {}
    for row in log.itertuples(index=False):
        if row.action == "add":
            labels.added += 1
        elif row.action in {"accept", "save", "reject"}:
            last[row.event_id] = (row.action, row.changes)
    for event_id, (action, changes) in last.items():
        explanation = explanations.get(event_id)
        fields = current.get(event_id) if action != "reject" else _before(changes)
        if explanation is None or fields is None:
            labels.unexplained += 1
            continue
        positive = action != "reject"
        labels.features.append(row_features(fields, explanation.rules))
        labels.labels.append(int(positive))
        labels.accepted += positive
        labels.rejected += not positive
    return labels


def _before(changes: str) -> dict[str, str] | None:
    """The fields of a rejected event as the log keeps them (``[before, after]`` pairs)."""
    try:
        pairs = json.loads(changes)
        return {name: (pair[0] or "") for name, pair in pairs.items()}
    except (ValueError, TypeError, AttributeError, IndexError, KeyError):
        return None


def fit_model(
    features: list[dict[str, float]],
    labels: np.ndarray,
    weights: np.ndarray | None = None,
    threshold: float = 0.5,
) -> ScorerModel:
    """Fit the logistic regression; return its coefficients by feature name."""
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(features)
    if len(set(labels.tolist())) < 2:  # one class only: a constant model
        rate = float(labels.mean()) if len(labels) else 0.5
        intercept = float(np.log(max(rate, 1e-3) / max(1 - rate, 1e-3)))
        return ScorerModel({}, intercept, threshold, {})
    model = LogisticRegression(C=REGULARISATION, max_iter=2000, random_state=SEED)
    model.fit(matrix, labels, sample_weight=weights)
    names = vectorizer.get_feature_names_out()
    coefficients = {
        str(name): float(value) for name, value in zip(names, model.coef_[0], strict=True)
    }
    return ScorerModel(coefficients, float(model.intercept_[0]), threshold, {})


def probabilities(model: ScorerModel, documents: list[DocumentCandidates]) -> list[np.ndarray]:
    """The model's probability for every candidate of each document."""
    return [
        np.array([model.probability(features) for features in document.features])
        for document in documents
    ]


def score_kept(documents: list[DocumentCandidates], kept: list[np.ndarray]) -> tuple[Score, Score]:
    """Strict and lenient scores (SCORING.md, micro-averaged) of the kept candidates."""
    strict, lenient = Score(), Score()
    for document, keep in zip(documents, kept, strict=True):
        ours = [item for item in document.predicted_tuples if keep[item.row]]
        strict.add(match_tuples(ours, document.gold_tuples, lenient=False))
        lenient.add(match_tuples(ours, document.gold_tuples, lenient=True))
    return strict, lenient


def best_threshold(documents: list[DocumentCandidates], scores: list[np.ndarray]) -> float:
    """The threshold of ``THRESHOLDS`` with the highest lenient F1 (the lowest among ties)."""
    best, best_f1 = THRESHOLDS[0], -1.0
    for threshold in THRESHOLDS:
        _, lenient = score_kept(documents, [values >= threshold for values in scores])
        if lenient.f1 > best_f1 + 1e-12:
            best, best_f1 = threshold, lenient.f1
    return best


def _fit_documents(
    documents: list[DocumentCandidates], review: ReviewLabels | None, review_weight: float
) -> ScorerModel:
    features = [item for document in documents for item in document.features]
    labels = [int(label) for document in documents for label in document.labels]
    weights = [1.0] * len(labels)
    if review is not None:
        features += review.features
        labels += review.labels
        weights += [review_weight] * len(review.labels)
    return fit_model(features, np.array(labels, dtype=int), np.array(weights))


def out_of_fold(
    documents: list[DocumentCandidates],
    folds: int = FOLDS,
    seed: int = SEED,
    review: ReviewLabels | None = None,
    review_weight: float = 1.0,
) -> list[np.ndarray]:
    """Each document's probabilities from a model trained without it (document-level folds)."""
    result: list[np.ndarray] = [np.zeros(0)] * len(documents)
    for train, test in _splits(len(documents), folds, seed):
        model = _fit_documents([documents[i] for i in train], review, review_weight)
        held_out = probabilities(model, [documents[i] for i in test])
        for index, values in zip(test, held_out, strict=True):
            result[index] = values
    return result


def _splits(count: int, folds: int, seed: int) -> list[tuple[list[int], list[int]]]:
    indices = np.arange(count)
    splitter = GroupKFold(n_splits=min(folds, count), shuffle=True, random_state=seed)
    return [
        (train.tolist(), test.tolist()) for train, test in splitter.split(indices, groups=indices)
    ]


@dataclass
class CrossValidation:
    """Strict and lenient scores of the scorer under document-level cross-validation, per
    document too (to report subsets such as the texts added last)."""

    strict: Score
    lenient: Score
    by_document: dict[str, tuple[Score, Score]]
    thresholds: list[float]


def cross_validate(
    documents: list[DocumentCandidates], folds: int = FOLDS, seed: int = SEED
) -> CrossValidation:
    """Train on k-1 folds of documents, choose the threshold by an inner cross-validation on
    those documents, score the held-out fold; micro-average over every document."""
    strict, lenient, by_document, thresholds = Score(), Score(), {}, []
    for train, test in _splits(len(documents), folds, seed):
        training = [documents[i] for i in train]
        threshold = best_threshold(training, out_of_fold(training, folds, seed))
        model = _fit_documents(training, None, 1.0)
        thresholds.append(threshold)
        for index in test:
            document = documents[index]
            values = probabilities(model, [document])[0]
            fold_strict, fold_lenient = score_kept([document], [values >= threshold])
            by_document[document.doc] = (fold_strict, fold_lenient)
            strict.add(fold_strict)
            lenient.add(fold_lenient)
    return CrossValidation(strict, lenient, by_document, thresholds)


def rules_only(documents: list[DocumentCandidates]) -> tuple[Score, Score]:
    """Strict and lenient scores of the candidates the rules alone keep."""
    return score_kept(documents, [kept_by_rules(document.frame) for document in documents])


def kept_by_rules(frame: pd.DataFrame) -> np.ndarray:
    """Which rows of a candidate frame the rules alone keep (not set aside)."""
    return np.array(
        [not any(rule.startswith(SET_ASIDE) for rule in split_rules(v)) for v in frame["rules"]],
        dtype=bool,
    )


def train_model(
    documents: list[DocumentCandidates],
    review: ReviewLabels | None = None,
    review_weight: float = 2.0,
    folds: int = FOLDS,
    seed: int = SEED,
) -> ScorerModel:
    """The model trained on every document (and the review labels), its threshold chosen on
    out-of-fold probabilities; its ``report`` says what it was trained on."""
    oof = out_of_fold(documents, folds, seed, review, review_weight)
    threshold = best_threshold(documents, oof)
    model = _fit_documents(documents, review, review_weight)
    candidates = sum(len(document.labels) for document in documents)
    positives = sum(int(document.labels.sum()) for document in documents)
    report = {
        "corpus": {"documents": len(documents), "candidates": candidates, "positive": positives},
        "review": (review or ReviewLabels()).as_dict(),
        "review_weight": review_weight,
        "folds": folds,
        "seed": seed,
        "regularisation_C": REGULARISATION,
        "generous_candidates": any(
            not kept_by_rules(document.frame).all() for document in documents
        ),
    }
    return ScorerModel(model.weights, model.intercept, threshold, report)
