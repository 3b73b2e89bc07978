"""``python -m bluebook train``: rebuild the scorer from the corpus and the review log."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluebook.evaluate.corpus import CorpusError, load_corpus
from bluebook.extract.scorer import MODEL_PATH
from bluebook.tables import write_text_atomic

DEFAULT_CORPUS = Path("tests/fixtures/bluebook-dev")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train",
        help="rebuild the extractor's scorer from the annotated corpus and review decisions",
        description="Label the rules' candidates of every corpus text against its gold "
        "(SCORING.md, lenient), add reviewers' decisions from DATA/review_log.csv (accept and "
        "save positive, reject negative, weighted), fit a logistic regression, choose the "
        "threshold maximising F1 by document-level cross-validation, and save the model as "
        "JSON. Deterministic: the same inputs give the same file. Exit 0, or 2 on bad input.",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, metavar="DIR")
    parser.add_argument("--data-dir", type=Path, default=Path("data"), metavar="DATA")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="the model file to write")
    parser.add_argument(
        "--review-weight",
        type=float,
        default=2.0,
        help="weight of a reviewer's decision against one corpus label (default 2)",
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=17)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bluebook.evaluate.train import document_candidates, review_labels, train_model

    if args.review_weight < 0:
        print(f"--review-weight {args.review_weight}: give 0 or more", file=sys.stderr)
        return 2
    try:
        documents = load_corpus(args.corpus)
    except CorpusError as error:
        print(str(error), file=sys.stderr)
        return 2
    if not 2 <= args.folds <= len(documents):
        print(f"--folds {args.folds}: give 2 to {len(documents)} (the documents)", file=sys.stderr)
        return 2
    candidates = [document_candidates(document) for document in documents]
    review = review_labels(args.data_dir)
    model = train_model(candidates, review, args.review_weight, args.folds, args.seed)
    write_text_atomic(model.as_json(), args.out)
    corpus = model.report["corpus"]
    print(
        f"corpus: {corpus['documents']} documents, {corpus['candidates']} candidates, "
        f"{corpus['positive']} matching gold"
    )
    print(
        f"review log: {review.accepted} accepted or saved (positive), {review.rejected} "
        f"rejected (negative), weight {args.review_weight:g}; {review.added} added by "
        f"reviewers (missed by the extractor: recall to gain); {review.unexplained} decisions "
        "on events with no rules on record (not used)"
    )
    if review.labels:
        agreed = sum(
            (model.probability(features) >= model.threshold) == bool(label)
            for features, label in zip(review.features, review.labels, strict=True)
        )
        print(f"review decisions the model agrees with: {agreed} of {len(review.labels)}")
    print(f"threshold {model.threshold:.2f} (F1-maximising, out-of-fold); saved {args.out}")
    print(f"model version {model.version}")
    return 0
