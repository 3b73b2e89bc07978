"""Precision per rule over a scored corpus: which pattern or genre rule produces false events.

Every predicted tuple (one per country of an event, as SCORING.md counts) is credited to each
rule its event carries (``rules`` column of ``extract_frame``): a tuple matched to a required
gold tuple is a true positive of each of its rules, one matched to nothing a false positive,
one matched to optional gold neither. Lenient scoring by default.
"""

from __future__ import annotations

from dataclasses import dataclass

from bluebook.evaluate.corpus import CorpusResult
from bluebook.evaluate.events import explode_tuples, scoring_frame
from bluebook.extract.explain import split_rules


@dataclass
class RuleFigures:
    """The predicted tuples one rule took part in and how they scored."""

    rule: str
    tuples: int = 0
    tp: int = 0
    optional: int = 0

    @property
    def fp(self) -> int:
        return self.tuples - self.tp - self.optional

    @property
    def precision(self) -> float:
        counted = self.tp + self.fp
        return self.tp / counted if counted else 0.0


def rule_figures(result: CorpusResult, lenient: bool = True) -> list[RuleFigures]:
    """The figures of every rule over the corpus, most tuples first (then by rule id)."""
    figures: dict[str, RuleFigures] = {}
    for item in result.documents:
        if "rules" not in item.predicted.columns:
            continue
        score = item.lenient if lenient else item.strict
        credit = {(p.row, p.country): g.optional for p, g in score.matches}
        rules = [split_rules(value) for value in item.predicted["rules"]]
        for predicted in explode_tuples(scoring_frame(item.predicted)):
            optional = credit.get((predicted.row, predicted.country))
            for rule in rules[predicted.row]:
                entry = figures.setdefault(rule, RuleFigures(rule))
                entry.tuples += 1
                entry.tp += optional is False
                entry.optional += optional is True
    return sorted(figures.values(), key=lambda entry: (-entry.tuples, entry.rule))


def format_rule_table(figures: list[RuleFigures]) -> str:
    """The per-rule table as printed by ``evaluate --corpus DIR --by-rule``."""
    header = f"{'rule':<40} {'tuples':>6} {'tp':>4} {'fp':>4} {'opt':>4} {'precision':>9}"
    lines = [header, "-" * len(header)]
    for entry in figures:
        lines.append(
            f"{entry.rule[:40]:<40} {entry.tuples:>6} {entry.tp:>4} {entry.fp:>4} "
            f"{entry.optional:>4} {entry.precision:>9.3f}"
        )
    lines.append("tuples: predicted tuples carrying the rule; opt: matched to optional gold")
    return "\n".join(lines)
