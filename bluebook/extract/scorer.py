"""The scorer: how likely an extracted candidate is an event an annotator would record.

Each candidate is described by features read from its row and its rules (``row_features``): the
rules that fired (trigger pattern and genre rules), its type, date precision, number of
countries, whether Japan took part and officials are named, the section's kind, and cues of its
sentence (habitual, intention, negation, policy). The model is a logistic regression whose
coefficients are kept as JSON (``scorer.json`` beside this module, rebuilt by ``make train``,
see ``bluebook.evaluate.train``): loading it runs no code, and the score is a dot product, so
extraction needs no scikit-learn at run time.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("scorer.json")

_HABITUAL = re.compile(
    r"\b(?:every (?:\w+ )?(?:years?|months?)|annual(?:ly)?|each year|regular(?:ly)?|"
    r"periodic(?:ally)?|often|frequently|repeatedly|routinely)\b",
    re.IGNORECASE,
)
_INTENTION = re.compile(
    r"\b(?:will|would|plans? to|planned|aims? to|intends? to|to be held|scheduled|upcoming|"
    r"next|hopes? to|seeks? to|expected to)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|no|never|failed to|unable to|without|cancell?ed|postponed)\b", re.IGNORECASE
)
_POLICY = re.compile(
    r"\b(?:Japan (?:will|has been|continues|is)|should|must|important|need(?:s)? to|"
    r"continue(?:s|d)? to|actively|promot(?:e|es|ing)|strengthen(?:ing)?|contribut(?:e|es|ing)|"
    r"support(?:s|ing)?|committed)\b",
    re.IGNORECASE,
)
_PRESENT = re.compile(r"\b(?:is|are|has been|have been|remains?|continues?)\b")
_SECTION_KINDS = (
    ("economy", re.compile(r"econom|trade|investment|energy|resources|food", re.IGNORECASE)),
    (
        "global",
        re.compile(
            r"global|climate|environment|human rights|health|disarmament|non-prolif|"
            r"United Nations|development cooperation|ODA|science",
            re.IGNORECASE,
        ),
    ),
    ("consular", re.compile(r"nationals|consular|safety|travel|migra|Japanese abroad", re.I)),
    ("security", re.compile(r"security|defen[cs]e|terroris|peace", re.IGNORECASE)),
)


def section_kind(section: str) -> str:
    """The kind of a section heading: economy, global, consular, security or regional."""
    for kind, pattern in _SECTION_KINDS:
        if pattern.search(section):
            return kind
    return "regional"


def row_features(row: Mapping[str, str], rules: Iterable[str]) -> dict[str, float]:
    """The features of one candidate, from its events-table fields and its rule ids."""
    rules = list(rules)
    evidence = str(row.get("evidence", ""))
    countries = [code for code in str(row.get("countries", "")).split(";") if code]
    features: dict[str, float] = {f"rule={rule}": 1.0 for rule in rules}
    features[f"type={row.get('event_type', '')}"] = 1.0
    features[f"precision={row.get('date_precision', '')}"] = 1.0
    features[f"level={row.get('level', '')}"] = 1.0
    features[f"section={section_kind(str(row.get('section', '')))}"] = 1.0
    features["countries"] = min(len(countries), 12) / 12
    features["one_country"] = float(len(countries) == 1)
    features["japan"] = float(str(row.get("japan_involved", "")) == "true")
    features["officials"] = float(bool(row.get("actors_japan") or row.get("actors_partner")))
    groups = [rule for rule in rules if rule.startswith("group:")]
    features["group_expanded"] = min(len(countries), 12) / 12 if groups else 0.0
    features["habitual"] = float(bool(_HABITUAL.search(evidence)))
    features["intention"] = float(bool(_INTENTION.search(evidence)))
    features["negation"] = float(bool(_NEGATION.search(evidence)))
    features["policy"] = float(bool(_POLICY.search(evidence)))
    features["present"] = float(bool(_PRESENT.search(evidence)))
    features["long_sentence"] = min(len(evidence.split()), 80) / 80
    return features


@dataclass(frozen=True)
class ScorerModel:
    """Logistic-regression coefficients by feature name, the intercept and the threshold."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    report: dict

    @property
    def generous(self) -> bool:
        """Whether the model was trained on (and so scores) the set-aside candidates too."""
        return bool(self.report.get("generous_candidates", False))

    @property
    def version(self) -> str:
        """``scorer-`` and the first 10 hex digits of the hash of the coefficients as saved
        (rounded as ``as_json`` writes them), so a model just trained and the same model read
        back from its file have one version."""
        weights = sorted((name, round(value, 6)) for name, value in self.weights.items())
        payload = json.dumps([weights, round(self.intercept, 6), round(self.threshold, 4)])
        return "scorer-" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:10]

    def probability(self, features: Mapping[str, float]) -> float:
        """The model's probability that the candidate is an event."""
        total = self.intercept + sum(
            self.weights.get(name, 0.0) * value for name, value in features.items()
        )
        return 1 / (1 + math.exp(-max(-50.0, min(50.0, total))))

    def as_json(self) -> str:
        """The model as stable JSON (sorted keys, rounded numbers): same data, same bytes."""
        document = {
            "kind": "logistic_regression",
            "intercept": round(self.intercept, 6),
            "threshold": round(self.threshold, 4),
            "weights": {name: round(value, 6) for name, value in sorted(self.weights.items())},
            "report": self.report,
        }
        return json.dumps(document, indent=1, sort_keys=True) + "\n"


class ScorerError(ValueError):
    """The model file cannot be used (the message names it and says how to rebuild it)."""


def parse_model(text: str, label: str) -> ScorerModel:
    """Read a model from its JSON; ``ScorerError`` when it is not one."""
    try:
        document = json.loads(text)
        weights = {str(name): float(value) for name, value in document["weights"].items()}
        model = ScorerModel(
            weights,
            float(document["intercept"]),
            float(document["threshold"]),
            dict(document.get("report", {})),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        message = f"{label}: not a scorer model ({error}); rebuild it: make train"
        raise ScorerError(message) from None
    if not 0 <= model.threshold <= 1:
        raise ScorerError(f"{label}: threshold {model.threshold} is not in 0–1; make train")
    return model


@cache
def load_model(path: Path = MODEL_PATH) -> ScorerModel | None:
    """The saved model, or None when there is none yet (candidates are then kept unscored)."""
    path = Path(path)
    if not path.is_file():
        return None
    return parse_model(path.read_text(encoding="utf-8"), str(path))


def scorer_version(path: Path = MODEL_PATH) -> str:
    """The saved model's version, or ``rules-only`` when there is none."""
    model = load_model(path)
    return model.version if model is not None else "rules-only"


def describe_scorer(path: Path = MODEL_PATH) -> str:
    """ "scorer scorer-0123456789, threshold 0.40", or "rules only, no scorer saved"."""
    model = load_model(path)
    if model is None:
        return "rules only, no scorer saved"
    return f"scorer {model.version}, threshold {model.threshold:.2f}"
