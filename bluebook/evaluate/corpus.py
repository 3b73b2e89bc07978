"""Extract a folder of annotated Bluebook texts and score it as its ``SCORING.md`` says.

A corpus folder is laid out like ``tests/fixtures/bluebook-dev``: ``texts/*.txt``,
``documents.csv`` (``doc, volume_year, form, …``: one row per text) and ``gold.csv`` (the
reference events, ``doc, volume_year, date, countries, type, level, mode, japan, optional,
note``). Every text is extracted with its volume year and scored strict and lenient; documents
with no gold rows still count their false positives. Figures are micro-averaged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from bluebook.evaluate.events import GOLD_COLUMNS, Score, score_document, scoring_frame
from bluebook.extract import extract_frame

DOCUMENT_COLUMNS: tuple[str, ...] = ("doc", "volume_year", "form")


class CorpusError(ValueError):
    """The corpus folder or gold file cannot be used as given (the message says why)."""


@dataclass(frozen=True)
class CorpusDocument:
    """One annotated text: its name, volume year, form, path and gold rows."""

    doc: str
    volume_year: int
    form: str
    path: Path
    gold: pd.DataFrame


@dataclass
class DocumentResult:
    """The predicted rows of one document and their strict and lenient scores."""

    document: CorpusDocument
    predicted: pd.DataFrame
    strict: Score
    lenient: Score


@dataclass
class CorpusResult:
    """Per-document results and the micro-averaged totals."""

    documents: list[DocumentResult] = field(default_factory=list)
    strict: Score = field(default_factory=Score)
    lenient: Score = field(default_factory=Score)

    def add(self, result: DocumentResult) -> None:
        self.documents.append(result)
        self.strict.add(result.strict)
        self.lenient.add(result.lenient)

    def as_dict(self) -> dict:
        """Return the totals and per-document figures as plain data (for JSON output)."""
        return {
            "strict": self.strict.as_dict(),
            "lenient": self.lenient.as_dict(),
            "documents": [
                {
                    "doc": result.document.doc,
                    "volume_year": result.document.volume_year,
                    "form": result.document.form,
                    "strict": result.strict.as_dict(),
                    "lenient": result.lenient.as_dict(),
                }
                for result in self.documents
            ],
        }


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise CorpusError(f"{path}: file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as error:
        raise CorpusError(f"{path}: not a readable CSV file ({error})") from None
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise CorpusError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame


def read_gold(path: Path) -> pd.DataFrame:
    """Read a gold file (``GOLD_COLUMNS``); ``CorpusError`` names the file and the fault."""
    frame = _read_csv(path, GOLD_COLUMNS)
    for number, (date, event_type) in enumerate(
        zip(frame["date"], frame["type"], strict=True), start=2
    ):
        if not date.strip() or not event_type.strip():
            raise CorpusError(f"{path}, line {number}: date and type are required")
    return frame


def _volume_year(value: str, where: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CorpusError(f"{where}: volume_year {value!r} is not a year") from None


def load_corpus(folder: Path, gold_name: str = "gold.csv") -> list[CorpusDocument]:
    """Return the documents of a corpus folder with their gold rows (see module doc)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"--corpus {folder}: folder not found")
    documents = _read_csv(folder / "documents.csv", DOCUMENT_COLUMNS)
    gold = read_gold(folder / gold_name)
    unknown = sorted(set(gold["doc"]) - set(documents["doc"]))
    if unknown:
        raise CorpusError(f"{folder / gold_name}: doc {unknown[0]} is not in documents.csv")
    corpus = []
    for number, row in enumerate(documents.itertuples(index=False), start=2):
        path = folder / "texts" / row.doc
        if not path.is_file():
            raise CorpusError(f"{folder / 'documents.csv'}, line {number}: {path} not found")
        year = _volume_year(row.volume_year, f"{folder / 'documents.csv'}, line {number}")
        rows = gold[gold["doc"] == row.doc].reset_index(drop=True)
        corpus.append(CorpusDocument(row.doc, year, row.form, path, rows))
    return corpus


def text_document(path: Path, gold_path: Path, volume_year: int | None = None) -> CorpusDocument:
    """Return one text with the gold rows of the same file name (all rows if one doc only)."""
    path, gold = Path(path), read_gold(Path(gold_path))
    if not path.is_file():
        raise CorpusError(f"--text {path}: file not found")
    docs = set(gold["doc"])
    rows = gold if len(docs) == 1 else gold[gold["doc"] == path.name]
    if rows.empty and docs:
        raise CorpusError(f"{gold_path}: no gold rows for {path.name}")
    if volume_year is None:
        years = set(rows["volume_year"])
        if len(years) != 1:
            raise CorpusError(f"{gold_path}: give --volume-year (the rows name {len(years)} years)")
        volume_year = _volume_year(years.pop(), str(gold_path))
    return CorpusDocument(path.name, volume_year, "", path, rows.reset_index(drop=True))


Extractor = Callable[[str, int], pd.DataFrame]


def extract_with_defaults(text: str, volume_year: int) -> pd.DataFrame:
    """Extract ``text`` of the ``volume_year`` volume with the project's data folder."""
    return extract_frame(text, "corpus", volume_year)


def extract_rules_only(text: str, volume_year: int) -> pd.DataFrame:
    """Extract ``text`` with the rules alone: every candidate, no scorer."""
    return extract_frame(text, "corpus", volume_year, scorer=None)


def evaluate_documents(
    documents: list[CorpusDocument], extract: Extractor = extract_with_defaults
) -> CorpusResult:
    """Extract and score every document (strict and lenient), micro-averaging the totals."""
    result = CorpusResult()
    for document in documents:
        text = document.path.read_text(encoding="utf-8")
        predicted = extract(text, document.volume_year)
        ours, gold = scoring_frame(predicted), scoring_frame(document.gold)
        result.add(
            DocumentResult(
                document,
                predicted,
                score_document(ours, gold, lenient=False),
                score_document(ours, gold, lenient=True),
            )
        )
    return result


def _table_row(label: str, strict: Score, lenient: Score) -> str:
    """One row of the corpus table: the 57-character label, tuple counts, strict and lenient."""
    return (
        f"{label} {strict.required:>4} {strict.predicted:>4}  "
        + _figures(strict, 8)
        + "  "
        + _figures(lenient, 9)
    )


def format_corpus_table(result: CorpusResult) -> str:
    """Return the per-document table and the micro-averaged totals, as printed."""
    header = (
        f"{'document':<52} {'form':<4} {'gold':>4} {'pred':>4}  "
        f"{'strict P':>8} {'R':>5} {'F1':>5}  {'lenient P':>9} {'R':>5} {'F1':>5}"
    )
    lines = [header, "-" * len(header)]
    for item in result.documents:
        label = f"{item.document.doc[:52]:<52} {item.document.form[:4]:<4}"
        lines.append(_table_row(label, item.strict, item.lenient))
    lines.append("-" * len(header))
    label = f"micro-average ({len(result.documents)} documents)"
    lines.append(_table_row(f"{label:<57}", result.strict, result.lenient))
    lines.append("gold: required gold tuples (one per country); pred: predicted tuples")
    for name, score in (("strict", result.strict), ("lenient", result.lenient)):
        lines.append(
            f"{name}: precision {score.precision:.3f} recall {score.recall:.3f} "
            f"f1 {score.f1:.3f} (tp {score.tp}, fp {score.fp}, fn {score.fn}, "
            f"optional matched {score.optional_matched})"
        )
    return "\n".join(lines)


def _figures(score: Score, width: int) -> str:
    return f"{score.precision:>{width}.3f} {score.recall:>5.3f} {score.f1:>5.3f}"


def format_corpus_errors(result: CorpusResult, lenient: bool = False) -> str:
    """Return, per document, the unmatched predicted tuples (with their evidence) and the
    unmatched required gold tuples (with their note): what to study to improve the extractor."""
    lines = []
    for item in result.documents:
        score = item.lenient if lenient else item.strict
        ours = scoring_frame(item.predicted)
        matched_predicted = {(p.row, p.country) for p, _ in score.matches}
        matched_gold = {(g.row, g.country) for _, g in score.matches}
        wrong = [
            (row, country)
            for row, countries in enumerate(ours["countries"])
            for country in sorted(set(countries.split(";")) - {""})
            if (row, country) not in matched_predicted
        ]
        gold = item.document.gold
        missed = [
            (row, country)
            for row, (countries, optional) in enumerate(
                zip(gold["countries"], gold["optional"], strict=True)
            )
            if optional.strip() not in {"1", "true"}
            for country in sorted(set(countries.split(";")) - {""})
            if (row, country) not in matched_gold
        ]
        if not wrong and not missed:
            continue
        lines.append(f"== {item.document.doc} ({item.document.form}, {item.document.volume_year})")
        for row, country in wrong:
            event = item.predicted.iloc[row]
            lines.append(
                f"  FP {country} {event['event_type']} {event['date']}: {event['evidence'][:300]}"
            )
        for row, country in missed:
            event = gold.iloc[row]
            lines.append(f"  FN {country} {event['type']} {event['date']}: {event['note']}")
    return "\n".join(lines)
