"""The scorer's honest figures: document-level cross-validation beside rules-only and training.

``evaluate --corpus DIR --cv`` prints, as its headline, the scorer under seeded k-fold
cross-validation by document (``bluebook.evaluate.train.cross_validate``), then the rules alone,
then the scorer trained and measured on the same documents (the optimistic figure), and the
same three on a named subset of the documents (``--subset FILE``: one file name a line, such as
the texts added last). scikit-learn is imported only when this runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bluebook.evaluate.corpus import CorpusDocument, CorpusError
from bluebook.evaluate.events import Score


@dataclass
class Figures:
    """Strict and lenient scores under one way of measuring."""

    label: str
    strict: Score
    lenient: Score


def read_subset(path: Path, documents: list[CorpusDocument]) -> list[str]:
    """The document names listed in ``path`` (blank lines and ``#`` comments skipped);
    ``CorpusError`` when one is not in the corpus."""
    if not Path(path).is_file():
        raise CorpusError(f"--subset {path}: file not found")
    names = [
        line.strip()
        for line in Path(path).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    known = {document.doc for document in documents}
    for number, name in enumerate(names, start=1):
        if name not in known:
            raise CorpusError(f"{path}, line {number}: {name} is not a document of the corpus")
    return names


def cross_validated_figures(
    documents: list[CorpusDocument], folds: int, seed: int, subset: list[str]
) -> tuple[list[Figures], list[Figures], list[float]]:
    """(whole-corpus figures, subset figures, the folds' thresholds): cross-validated,
    rules-only and training-set."""
    from bluebook.evaluate.train import (
        cross_validate,
        document_candidates,
        probabilities,
        rules_only,
        score_kept,
        train_model,
    )

    candidates = [document_candidates(document) for document in documents]
    validation = cross_validate(candidates, folds, seed)
    model = train_model(candidates, folds=folds, seed=seed)
    kept = [values >= model.threshold for values in probabilities(model, candidates)]
    whole = [
        Figures(f"scorer, {folds}-fold cross-validation by document", *_pair(validation)),
        Figures("rules only (no scorer)", *rules_only(candidates)),
        Figures("scorer, trained and measured on all documents", *score_kept(candidates, kept)),
    ]
    part = []
    if subset:
        chosen = [i for i, item in enumerate(candidates) if item.doc in set(subset)]
        strict, lenient = Score(), Score()
        for index in chosen:
            fold_strict, fold_lenient = validation.by_document[candidates[index].doc]
            strict.add(fold_strict)
            lenient.add(fold_lenient)
        some = [candidates[i] for i in chosen]
        part = [
            Figures("scorer, cross-validated", strict, lenient),
            Figures("rules only", *rules_only(some)),
            Figures("scorer, training set", *score_kept(some, [kept[i] for i in chosen])),
        ]
    return whole, part, validation.thresholds


def _pair(validation) -> tuple[Score, Score]:
    return validation.strict, validation.lenient


def format_figures(
    whole: list[Figures], part: list[Figures], thresholds: list[float], subset_label: str
) -> str:
    """The report printed by ``evaluate --corpus DIR --cv``."""
    header = f"{'':<50} {'strict P':>8} {'R':>5} {'F1':>5}  {'lenient P':>9} {'R':>5} {'F1':>5}"
    lines = [header]
    for title, rows in (("all documents", whole), (subset_label, part)):
        if not rows:
            continue
        lines.append(f"-- {title}")
        for row in rows:
            lines.append(
                f"{row.label[:50]:<50} {row.strict.precision:>8.3f} {row.strict.recall:>5.3f} "
                f"{row.strict.f1:>5.3f}  {row.lenient.precision:>9.3f} "
                f"{row.lenient.recall:>5.3f} {row.lenient.f1:>5.3f}"
            )
    headline = whole[0].lenient
    lines.append(
        f"headline (cross-validated, lenient): precision {headline.precision:.3f} "
        f"recall {headline.recall:.3f} f1 {headline.f1:.3f}; fold thresholds "
        + ", ".join(f"{value:.2f}" for value in thresholds)
        + f" (mean {np.mean(thresholds):.2f})"
    )
    return "\n".join(lines)
