"""A PDF of the Bluebook (a chapter or the whole volume), read with pdfplumber (pdfminer.six).

pdfplumber gives every word with its position, font and size. From them this module applies
the genre's layout rules, page by page: running heads and page numbers (short lines in the top
and bottom margins) and text set sideways (chapter tabs) are dropped; a page with a gutter
free of words down its middle is read left column then right column (lines that cross the
gutter, like a section title, keep their place); superscript footnote marks are dropped; lines
are joined into paragraphs (a new one after a wider gap, an indent, or a change of font size),
words hyphenated at a line end are joined; small-print lines that start with a number are
footnotes ("• 5 …") and other small print is a photo caption. The page of every piece of text
is kept for the page map.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from bluebook.readers.base import (
    SourceDocument,
    SourceDocumentError,
    sha256_of,
    with_volume_header,
)
from bluebook.readers.pdf_streams import inflated_size
from bluebook.tables import read_size_limit_mb

MAX_PAGES_VARIABLE = "BLUEBOOK_MAX_PDF_PAGES"
DEFAULT_MAX_PAGES = 1000
MAX_INFLATED_VARIABLE = "BLUEBOOK_MAX_PDF_INFLATED_MB"
DEFAULT_MAX_INFLATED_MB = 500  # a whole volume's text and drawings inflate to far less
MEGABYTE = 1024 * 1024
MARGIN_SHARE = 0.075  # running heads and page numbers sit in the top and bottom 7.5 %
MAX_FURNITURE_WORDS = 14
GUTTER_RANGE = (0.3, 0.7)  # where a column gutter may be, as shares of the page width
MIN_GUTTER_POINTS = 6
_JOIN = "\x01"  # a line-end hyphen whose fate is decided once the whole text is known
_FOOTNOTE_START = re.compile(r"^(?:\*|•\s*)?(\d{1,2})\)?\s+(?=\S)")
_MARK = re.compile(r"^\*?\(?\d{1,2}\)?\*?$")
_SENTENCE_END = re.compile(r"[.!?:][”\"’)]?$")


def check_inflated_size(path: Path, raw: bytes) -> None:
    """Refuse a PDF whose compressed streams inflate past ``BLUEBOOK_MAX_PDF_INFLATED_MB``
    (default 500) before pdfminer inflates them in memory."""
    limit_mb = read_size_limit_mb(MAX_INFLATED_VARIABLE, DEFAULT_MAX_INFLATED_MB)
    if inflated_size(raw, limit_mb * MEGABYTE) > limit_mb * MEGABYTE:
        raise SourceDocumentError(
            f"{path}: its compressed streams inflate to more than {limit_mb} MB (a decompression "
            f"bomb, or a very large volume); split the volume into chapters or raise "
            f"{MAX_INFLATED_VARIABLE}"
        )


def max_pages() -> int:
    """The most pages a PDF may have (``BLUEBOOK_MAX_PDF_PAGES``, default 1000)."""
    return read_size_limit_mb(MAX_PAGES_VARIABLE, DEFAULT_MAX_PAGES)


@dataclass
class Line:
    """A line of text on a page: its words, position and typical character size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int


@dataclass
class Paragraph:
    """A paragraph being built: its kind and its (page, text) pieces."""

    kind: str
    pieces: list[tuple[int, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(piece for _, piece in self.pieces)

    def add(self, line: Line) -> None:
        text = self.text
        if not text:
            self.pieces.append((line.page, line.text))
            return
        if re.search(r"[A-Za-z]-$", text) and line.text[:1].islower():
            joint = _JOIN
            self.pieces[-1] = (self.pieces[-1][0], self.pieces[-1][1][:-1])
        elif text.endswith(("-", "–", "/")):
            joint = ""
        else:
            joint = " "
        if self.pieces[-1][0] == line.page:
            self.pieces[-1] = (line.page, self.pieces[-1][1] + joint + line.text)
        else:
            self.pieces[-1] = (self.pieces[-1][0], self.pieces[-1][1] + joint)
            self.pieces.append((line.page, line.text))


def read_pdf(path: Path, raw: bytes, progress=None) -> SourceDocument:
    """Return the text of the PDF ``raw`` in the extractor's form, with its pages.

    Raises ``SourceDocumentError`` for an encrypted or damaged PDF, one over the page limit or
    whose streams inflate past their limit, and one with no text layer (a scan).
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    check_inflated_size(path, raw)
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect) or "password" in str(cause).lower():
            raise SourceDocumentError(
                f"{path}: is an encrypted PDF that needs a password; save an unprotected copy "
                "(or download the Ministry's PDF again)"
            ) from error
        raise _damaged(path, cause) from error
    except Exception as error:  # pdfminer raises many kinds of errors on damaged files
        raise _damaged(path, error) from error
    with pdf:
        try:
            count = len(pdf.pages)
        except Exception as error:
            raise _damaged(path, error) from error
        if count > max_pages():
            raise SourceDocumentError(
                f"{path}: has {count} pages, over the limit of {max_pages()}; split the volume "
                f"into chapters or raise {MAX_PAGES_VARIABLE}"
            )
        if count == 0:
            raise _damaged(path, ValueError("no pages"))
        paragraphs, furniture, chars = [], [], 0
        for number, page in enumerate(pdf.pages, start=1):
            try:
                lines, dropped, page_chars = read_page_lines(page, number)
            except SourceDocumentError:
                raise
            except Exception as error:
                raise _damaged(path, error, f"page {number}") from error
            finally:
                page.close()
            chars += page_chars
            furniture += dropped
            paragraphs = build_paragraphs(lines, paragraphs)
            if progress is not None:
                progress(number, count)
    if chars == 0:
        raise SourceDocumentError(
            f"{path}: no text layer; run OCR first (e.g. ocrmypdf), or use the Ministry's web "
            "page of the section"
        )
    text, pieces = assemble_text(paragraphs)
    text = with_volume_header(text, " ".join(furniture))
    return SourceDocument(path, "pdf", text, sha256_of(raw), tuple(pieces), count)


def _damaged(path: Path, error: object, where: str = "") -> SourceDocumentError:
    detail = " ".join(str(error).split())[:80] or type(error).__name__
    place = f" at {where}" if where else ""
    return SourceDocumentError(
        f"{path}: is a damaged PDF ({detail}{place}); download it again or save it anew"
    )


def read_page_lines(page, number: int) -> tuple[list[Line], list[str], int]:
    """Return the page's lines in reading order, the furniture lines dropped, and its count of
    characters (0 for a page that is only an image)."""
    words = page.extract_words(
        keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"]
    )
    count = sum(len(word["text"]) for word in words)
    words = [word for word in words if word["upright"]]  # side tabs set sideways: furniture
    if not words:
        return [], [], count
    body_size = Counter(round(word["size"], 1) for word in words).most_common(1)[0][0]
    words = drop_superscripts(words, body_size)
    height = float(page.height)
    margin = [
        w
        for w in words
        if w["bottom"] < height * MARGIN_SHARE or w["top"] > height * (1 - MARGIN_SHARE)
    ]
    furniture = [line.text for line in group_lines(margin, number, float(page.width))]
    if any(len(text.split()) > MAX_FURNITURE_WORDS for text in furniture):
        margin, furniture = [], []  # body text reaches into the margin: keep it all
    body = [word for word in words if not any(word is other for other in margin)]
    return group_lines(body, number, float(page.width)), furniture, count


def drop_superscripts(words: list[dict], body_size: float) -> list[dict]:
    """Drop footnote marks set small and raised right after a word ("Dialogue⁵"); the word
    before takes the mark's place, so "Dialogue⁵," reads "Dialogue,"."""
    by_end: dict[int, list[dict]] = {}
    for word in words:
        if word["size"] >= body_size * 0.9:
            by_end.setdefault(round(word["x1"]), []).append(word)
    kept = []
    for word in words:
        if word["size"] <= body_size * 0.85 and _MARK.match(word["text"]):
            before = [
                other
                for x in range(round(word["x0"]) - 2, round(word["x0"]) + 2)
                for other in by_end.get(x, [])
                if word["bottom"] < other["bottom"] - 0.5
                and word["top"] > other["top"] - other["size"] * 0.6
            ]
            if before:
                before[0]["x1"] = word["x1"]
                continue
        kept.append(word)
    return kept


def group_lines(words: list[dict], page: int, width: float) -> list[Line]:
    """Group words into lines in reading order: words on one baseline form a line, split at
    the column gutter when the page has one (see ``find_gutter`` and ``order_columns``)."""
    gutter = find_gutter(words, width)
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda word: word["bottom"]):
        if rows and abs(rows[-1][0]["bottom"] - word["bottom"]) <= max(2.0, word["size"] * 0.3):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[tuple[str, Line]] = []
    for row in rows:
        if gutter is None or any(word["x0"] < gutter < word["x1"] for word in row):
            lines.append(("span", _line_of(row, page)))
            continue
        for side, part in (("left", [w for w in row if w["x1"] <= gutter]), ("right", None)):
            part = part if part is not None else [w for w in row if w["x0"] >= gutter]
            if part:
                lines.append((side, _line_of(part, page)))
    return order_columns(lines)


def _line_of(row: list[dict], page: int) -> Line:
    row = sorted(row, key=lambda word: word["x0"])
    text = row[0]["text"]
    for previous, word in pairwise(row):
        touching = word["x0"] - previous["x1"] < word["size"] * 0.1
        text += ("" if touching else " ") + word["text"]
    return Line(
        text,
        min(word["x0"] for word in row),
        max(word["x1"] for word in row),
        min(word["top"] for word in row),
        max(word["bottom"] for word in row),
        round(statistics.median(word["size"] for word in row), 1),
        all("bold" in word["fontname"].lower() for word in row),
        page,
    )


def find_gutter(words: list[dict], width: float) -> float | None:
    """Return the x of a column gutter: the widest band of the middle of the page that (almost)
    no word crosses, with words on both sides; None for a one-column page. Lines set across
    both columns (a section title) may cross it."""
    low, high = (int(width * share) for share in GUTTER_RANGE)
    if len(words) < 20:
        return None
    crossing = [0] * (high - low)
    for word in words:
        for x in range(max(low, int(word["x0"])), min(high, int(word["x1"]) + 1)):
            crossing[x - low] += 1
    allowed = max(2, len(words) // 50)
    best, run_start, best_run = None, None, 0
    for offset, count in enumerate([*crossing, len(words) + 1]):
        if count <= allowed:
            run_start = offset if run_start is None else run_start
            continue
        if run_start is not None and offset - run_start > best_run:
            best_run, best = offset - run_start, low + (run_start + offset) / 2
        run_start = None
    if best is None or best_run < MIN_GUTTER_POINTS:
        return None
    left = sum(word["x1"] < best for word in words)
    right = sum(word["x0"] > best for word in words)
    return best if min(left, right) >= len(words) * 0.15 else None


def order_columns(lines: list[tuple[str, Line]]) -> list[Line]:
    """Put lines (top to bottom, marked left/right/span) in reading order: between two lines
    that span the page, the left column is read before the right one."""
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for side, line in lines:
        if side == "span":
            ordered += left + right + [line]
            left, right = [], []
        else:
            (left if side == "left" else right).append(line)
    return ordered + left + right


def _kind_of(line: Line, body_size: float) -> str:
    if line.size < body_size - 0.8:
        return "small"  # a footnote ("5 …", "*5 …") or a photo caption
    if line.size > body_size + 0.5 or line.bold:
        return "heading"
    return "body"


def build_paragraphs(lines: list[Line], paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Add one page's lines (in reading order) to ``paragraphs``: a paragraph left open at the
    end of a column or page goes on when the next body line does not start a new one."""
    if not lines:
        return paragraphs
    body_size = Counter(round(line.size, 1) for line in lines).most_common(1)[0][0]
    pitches = [
        later.top - earlier.top
        for earlier, later in pairwise(lines)
        if 0 < later.top - earlier.top < body_size * 3
        and _kind_of(earlier, body_size) == _kind_of(later, body_size) == "body"
    ]
    pitch = statistics.median(pitches) if pitches else body_size * 1.25
    previous: Line | None = None
    for line in lines:
        kind = _kind_of(line, body_size)
        current = paragraphs[-1] if paragraphs else None
        interrupted = _interrupted_paragraph(paragraphs) if kind == "body" else None
        if interrupted is not None and current is not None and current.kind == "small":
            interrupted.add(line)  # goes on after a footnote or photo set in its way
        else:
            if current is None or _starts_paragraph(line, kind, previous, current, pitch):
                paragraphs.append(Paragraph(kind))
            paragraphs[-1].add(line)
        previous = line
    return paragraphs


def _interrupted_paragraph(paragraphs: list[Paragraph]) -> Paragraph | None:
    """The last body paragraph, if it stopped mid-sentence and only small print (footnotes at
    the foot of a column, a photo's caption) came after it."""
    for paragraph in reversed(paragraphs):
        if paragraph.kind == "body":
            return None if _SENTENCE_END.search(paragraph.text) else paragraph
        if paragraph.kind != "small":
            return None
    return None


def _starts_paragraph(
    line: Line, kind: str, previous: Line | None, current: Paragraph, pitch: float
) -> bool:
    if kind != current.kind:
        return True
    if kind == "small" and _FOOTNOTE_START.match(line.text):
        return True
    if previous is None or line.top < previous.top or abs(line.x0 - previous.x0) > pitch * 8:
        # a new column or page: the paragraph goes on unless it had ended
        return bool(_SENTENCE_END.search(current.text))
    if kind != "body":
        return line.top - previous.top > line.size * 1.45
    if line.top - previous.top > pitch * 1.45:
        return True
    return line.x0 > previous.x0 + 6 and bool(_SENTENCE_END.search(previous.text))


def assemble_text(paragraphs: list[Paragraph]) -> tuple[str, list[tuple[int, str]]]:
    """Return the text (one paragraph a line, footnotes as "• 5 …") and its (page, piece) list."""
    joined = "\n".join(paragraph.text for paragraph in paragraphs)
    keep_hyphen = _hyphenated_words(joined)
    lines: list[str] = []
    pieces: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        parts = [(page, _resolve_joins(text, keep_hyphen)) for page, text in paragraph.pieces]
        if paragraph.kind == "small" and _FOOTNOTE_START.match(parts[0][1]):
            page, first = parts[0]
            parts[0] = (page, _FOOTNOTE_START.sub(r"• \1 ", first, count=1))
        text = " ".join("".join(part for _, part in parts).split())
        if not text:
            continue
        lines.append(text)
        pieces += [(page, part) for page, part in parts if part.strip()]
    return "\n\n".join(lines) + "\n", pieces


def _hyphenated_words(text: str) -> frozenset[str]:
    """Words the document spells with a hyphen elsewhere ("high-level"): a line-end hyphen
    between their halves is kept."""
    return frozenset(match.lower() for match in re.findall(r"(?<![A-Za-z])[A-Za-z]+-[a-z]+", text))


def _resolve_joins(text: str, keep_hyphen: frozenset[str]) -> str:
    def resolve(match: re.Match[str]) -> str:
        hyphenated = f"{match.group(1)}-{match.group(2)}"
        return hyphenated if hyphenated.lower() in keep_hyphen else match.group(1) + match.group(2)

    text = re.sub(rf"([A-Za-z]+){_JOIN}([a-z]+)", resolve, text)
    return text.replace(_JOIN, "")
