"""The extractor's figures as ``make eval`` measures them, kept in one generated JSON file.

``python -m bluebook evaluate … --figures-out docs/figures.json`` writes the figures it prints
into that file (entries of other runs are kept), so the About page reads them and a test checks
the README and ``docs/extraction.md`` against them instead of numbers copied by hand.
``python -m bluebook.evaluate.figures FILE`` prints the file's figures one line each.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Protocol

from bluebook.tables import write_text_atomic

FIGURES_FILE = Path(__file__).resolve().parents[2] / "docs" / "figures.json"

# Measured once, on 2026-12-06, before any rule was changed while looking at these 44 texts:
# the only figure on text the extractor had not seen. It cannot be measured again, so it is
# recorded here and written into every figures file as such.
RECORDED = {
    "added_first_look": {
        "label": "first look at the 44 texts added on 2026-12-06, before any rule change",
        "documents": 44,
        "recorded": "2026-12-06",
        "strict": {"precision": 0.702, "recall": 0.549, "f1": 0.616},
        "lenient": {"precision": 0.748, "recall": 0.579, "f1": 0.653},
    }
}


class Scored(Protocol):
    """What an entry needs of a score (``bluebook.evaluate.events.Score``)."""

    tp: int
    fp: int

    @property
    def fn(self) -> int: ...
    @property
    def precision(self) -> float: ...
    @property
    def recall(self) -> float: ...
    @property
    def f1(self) -> float: ...


def score_figures(score: Scored) -> dict[str, float | int]:
    """Precision, recall and F1 rounded to the three places printed, with the counts."""
    return {
        "precision": round(score.precision, 3),
        "recall": round(score.recall, 3),
        "f1": round(score.f1, 3),
        "tp": score.tp,
        "fp": score.fp,
        "fn": score.fn,
    }


def build_entry(label: str, documents: int, strict: Scored, lenient: Scored) -> dict:
    """One entry of the figures file: what was measured, on how many documents, and how."""
    return {
        "label": label,
        "documents": documents,
        "strict": score_figures(strict),
        "lenient": score_figures(lenient),
    }


def read_figures(path: Path = FIGURES_FILE) -> dict[str, dict]:
    """Every entry of the figures file, measured and recorded, by name ({} when missing)."""
    if not Path(path).is_file():
        return {}
    content = json.loads(Path(path).read_text(encoding="utf-8"))
    return {**content.get("measured", {}), **content.get("recorded", {})}


def update_figures(path: Path, entries: dict[str, dict]) -> None:
    """Write ``entries`` into the figures file at ``path``, keeping its other measured entries."""
    measured: dict[str, dict] = {}
    if Path(path).is_file():
        measured = json.loads(Path(path).read_text(encoding="utf-8")).get("measured", {})
    content = {
        "generated_by": "make eval (python -m bluebook evaluate … --figures-out FILE)",
        "measured": dict(sorted({**measured, **entries}.items())),
        "recorded": RECORDED,
    }
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(json.dumps(content, indent=2, ensure_ascii=False) + "\n", Path(path))


def format_triple(entry: dict, scoring: str) -> str:
    """``"0.902 / 0.824 / 0.861"``: precision, recall and F1 of one scoring as printed."""
    figures = entry[scoring]
    return " / ".join(f"{figures[key]:.3f}" for key in ("precision", "recall", "f1"))


def describe_accuracy(entry: dict | None) -> str:
    """``"precision 0.90 and recall 0.82"`` (lenient, two places) for readers of the app."""
    if entry is None:
        return "figures not measured yet (`make eval` writes them)"
    lenient = entry["lenient"]
    return f"precision {lenient['precision']:.2f} and recall {lenient['recall']:.2f}"


def describe_documents(entry: dict | None) -> str:
    """The number of documents an entry was measured on, in words for a sentence."""
    return "the" if entry is None else str(entry["documents"])


def format_summary(entries: dict[str, dict]) -> str:
    """One line per entry: name, documents, strict and lenient P / R / F1."""
    return "\n".join(
        f"{name}: {entry['documents']} documents, strict P/R/F1 {format_triple(entry, 'strict')}, "
        f"lenient {format_triple(entry, 'lenient')}"
        + (f" (recorded {entry['recorded']})" if "recorded" in entry else "")
        for name, entry in entries.items()
    )


if __name__ == "__main__":
    print(format_summary(read_figures(Path(sys.argv[1]) if len(sys.argv) > 1 else FIGURES_FILE)))
