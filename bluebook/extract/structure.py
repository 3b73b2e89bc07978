"""Split normalised Bluebook text into headed paragraphs, footnotes and photo captions.

Headings of every style the volumes use are recognised ("Chapter 2", "Section 6 …", "2 Countries
in …", "2.Central Asian …", "(1) Overview", "A Japan-Russia Relations"), also when a whole section
arrives on one line. Lines wrapped by a PDF copy are joined back into paragraphs. Footnotes
("• 5 Japan launched …") and photo captions ("… (August 28, Uzbekistan)") become blocks of their
own, numbered after the paragraphs of their section.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection
from dataclasses import dataclass

from bluebook.readers.base import VOLUME_HEADER
from bluebook.words import split_words

MONTHS = split_words(
    "January February March April May June July August September October November December"
)
_MONTH = "|".join(MONTHS)
CAPTION_MARKER = re.compile(
    rf"\((?P<month>{_MONTH}) (?P<day>\d{{1,2}})(?:\s?[-–—~]\s?(?:(?:{_MONTH}) )?\d{{1,2}})?"
    r"(?:, ?(?P<year>\d{4}))?(?:, ?(?P<place>[^;()]{1,60}?))?(?:; ?Photo:[^()]*)?\)"
)
_CHAPTER = re.compile(r"^Chapter (\d{1,2})\b")
_FOOTNOTE = re.compile(r"^(?:[•·▪]\s*|\*)(\d{1,2})\s+(?=\S)")
_HEADING_STYLES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"^Chapter \d{1,2}\b")),
    (1, re.compile(r"^Section \d{1,2}\b")),
    (2, re.compile(r"^\d{1,2}\.\s?[A-Z(“\"]")),
    (2, re.compile(r"^\d{1,2} [A-Z“\"]")),
    (3, re.compile(r"^\(\d{1,2}\) ?[A-Z“\"]")),
    (4, re.compile(r"^[A-H] [A-Z“\"][A-Za-z]")),
    (5, re.compile(r"^\([A-H]\) ?[A-Z“\"]")),
)
_TITLE_LEVEL = 5
_HEADING_MARKER = re.compile(
    r"(?P<strong>(?:Chapter|Section) \d{1,2})(?=\s|$)"
    r"|(?P<paren>\(\d{1,2}\))(?= ?[A-Z“\"])"
    r"|(?P<dotted>\d{1,2})\.(?= ?[A-Z“\"(])"
    r"|(?P<number>\d{1,2})(?= [A-Z“\"])"
    r"|(?P<letter>[A-H])(?= [A-Z][a-z])"
    r"|(?P<subletter>\([A-H]\))(?= [A-Z][a-z])"
)
_INLINE_FOOTNOTE = re.compile(r"(?:[•▪·] ?|\*)\d{1,2} (?=[A-Z“\"])")
_AFTER_SENTENCE_END = re.compile(r"[.!?][”\"’)]? +")
_WORD = re.compile(r"\S+")
_MAX_HEADING_WORDS = 12
_SENTENCE_STARTERS = frozenset(
    split_words(
        """
    The In On At While Since From Regarding With As Under Following During Although After
    Amid Amidst This These There It Its Both Despite Through Meanwhile However Japan
    Japanese Against Given Based For To A An Over Prime President Foreign Most
    """
    )
)
_SINGLE_WORD_HEADINGS = frozenset({"Overview", "Introduction", "Summary", "General"})
_SMALL_WORDS = frozenset(
    {
        "of",
        "and",
        "the",
        "in",
        "for",
        "on",
        "with",
        "to",
        "etc.",
        "&",
        "a",
        "by",
        "at",
        "from",
        "plus",
    }
)
# A chapter's title may hold "that" ("Japan's Foreign Policy that Takes a Panoramic Perspective
# of the World Map"): in the one-line form it runs to the heading that follows it.
_CHAPTER_TITLE_WORDS = _SMALL_WORDS | {"that"}
_SENTENCE_END = re.compile(r"[.!?][”\"’)]?$")
# "… the Japan-U.S.\nForeign Ministers' Meeting …": the line ends, the sentence does not
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|St|Jr|No|Gen)\.)$")


@dataclass(frozen=True)
class Block:
    """A paragraph, footnote or caption with its section heading and 1-based paragraph number."""

    section: str
    paragraph: int
    text: str
    kind: str
    heading_number: int = 0


@dataclass(frozen=True)
class Caption:
    """A photo caption: its words and the month and day in its closing parenthesis."""

    section: str
    paragraph: int
    text: str
    month: int
    day: int
    year: int | None
    place: str


@dataclass(frozen=True)
class Document:
    """The parsed text: body blocks in reading order, captions, and header facts."""

    blocks: list[Block]
    captions: list[Caption]
    volume_year: int | None
    chapter: str | None
    section_title: str | None


def find_volume_year(text: str) -> int | None:
    """Return the year of the "Diplomatic Bluebook YYYY" header, or None."""
    match = VOLUME_HEADER.search(text)
    return int(match.group(1)) if match else None


def parse_document(text: str, place_names: Collection[str] = ()) -> Document:
    """Parse normalised text (see ``normalize_text``) into a ``Document``.

    ``place_names`` (country and region names) help find where an inline heading ends and its
    text begins in the one-line form ("(2) Uzbekistan Shavkat Mirziyoyev was …").
    """
    lines = merge_caption_continuations(text.split("\n"))
    lines = split_inline_structure(lines, frozenset(place_names))
    body_lines, captions = take_captions(lines)
    return _assemble_blocks(body_lines, captions, find_volume_year(text))


def merge_caption_continuations(lines: list[str]) -> list[str]:
    """Glue a line that is only a caption's "(July 24, Tokyo)" to the words above it."""
    merged: list[str] = []
    for line in lines:
        stripped = line.strip()
        marker = CAPTION_MARKER.match(stripped)
        if marker and merged and merged[-1].strip() and not _SENTENCE_END.search(merged[-1]):
            merged[-1] = f"{merged[-1].rstrip()} {stripped}"
        else:
            merged.append(line)
    return merged


@dataclass
class _Numbering:
    """The last bare number heading seen ("2 United Kingdom"): the next one should follow it."""

    last: int = 0


def split_inline_structure(
    lines: list[str], place_names: frozenset[str] = frozenset()
) -> list[str]:
    """Break lines before headings and footnotes set inside them (a section on one line).

    A heading counts only at the start of a line that does not continue a sentence, or right
    after a sentence end, and it must be followed by the start of a sentence (or another
    heading): "… values. 2 United Kingdom In January, …" splits, "In 2021, 5 countries …" and
    "… in May. 3 Japanese nationals were …" do not.
    """
    result: list[str] = []
    numbering = _Numbering()
    opens = True  # the next line may start with a heading
    for index, line in enumerate(lines):
        stripped = line.strip()
        level = heading_level(stripped)
        if level is not None or not stripped:
            number = re.match(r"(\d{1,2})[ .]", stripped)
            if level == 2 and number:
                numbering.last = int(number.group(1))
            result.append(line)
            opens = True
            continue
        following = lines[index + 1].lstrip() if index + 1 < len(lines) else ""
        # "… in February. A Memorandum\nof Cooperation …": a wrapped line, not a heading
        wraps_on = following[:1].islower()
        first = not any(
            piece.strip() and not VOLUME_HEADER.fullmatch(piece.strip()) for piece in result
        )
        title_end = _opening_title_end(stripped) if first else 0
        if title_end:  # "Message from the Minister for Foreign Affairs It is important …"
            result.append(stripped[:title_end])
            stripped = stripped[title_end:].lstrip()
        result += _split_line(stripped, opens, numbering, place_names, wraps_on)
        opens = bool(VOLUME_HEADER.fullmatch(stripped) or _SENTENCE_END.search(stripped))
    return result


_ONE_LINE_TEXT = 300  # characters: a whole section on one line, as the Ministry's .txt files


def _opening_title_end(line: str) -> int:
    """End of a plain title that opens a text on one line ("Message from the Minister for
    Foreign Affairs It is …"): capitalised words up to the first one that starts a sentence.
    0 when the line does not start so."""
    if len(line) < _ONE_LINE_TEXT or heading_level(line[:120]) not in (None, _TITLE_LEVEL):
        return 0
    tokens = [(m.end(), m.group()) for m in _WORD.finditer(line)][: _MAX_HEADING_WORDS + 1]
    if not tokens or re.sub(r"['’]s$", "", tokens[0][1]) in _SENTENCE_STARTERS:
        return 0
    for index in range(1, len(tokens)):
        word, previous = tokens[index][1], tokens[index - 1][1]
        if not (word[:1].isupper() or word in _SMALL_WORDS):
            return 0
        starts = re.sub(r"['’]s$", "", word) in _SENTENCE_STARTERS
        if index >= 2 and previous not in _SMALL_WORDS and starts:
            return tokens[index - 1][0]
    return 0


def _split_line(
    line: str,
    at_start: bool,
    numbering: _Numbering,
    place_names: frozenset[str],
    wraps_on: bool = False,
) -> list[str]:
    pieces: list[str] = []
    body_start = 0
    candidates = ([0] if at_start else []) + [m.end() for m in _AFTER_SENTENCE_END.finditer(line)]
    # "… Foreign Minister Kono (October 5, Tokyo) (2) Central America …": after a caption
    candidates = sorted(
        {
            *candidates,
            *(
                m.end() + 1
                for m in CAPTION_MARKER.finditer(line)
                if line[m.end() : m.end() + 1] == " "
            ),
        }
    )
    for position in candidates:
        if position < body_start or position >= len(line):
            continue
        if position > 0 and _INLINE_FOOTNOTE.match(line, position):
            pieces.append(line[body_start:position])
            body_start = position
            continue
        spans = _heading_chain(line, position, numbering, place_names, wraps_on)
        if not spans:
            continue
        pieces.append(line[body_start:position])
        pieces += [line[start:end] for start, end in spans]
        body_start = spans[-1][1]
    pieces.append(line[body_start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _heading_chain(
    line: str,
    position: int,
    numbering: _Numbering,
    place_names: frozenset[str],
    wraps_on: bool = False,
) -> list[tuple[int, int]]:
    """Spans of the headings that start at ``position`` ("Section 5 Europe 1 Overview …")."""
    spans: list[tuple[int, int]] = []
    while position < len(line):
        end = _heading_end(line, position, numbering, place_names, wraps_on)
        if end is None:
            break
        spans.append((position, end))
        position = end + (len(line[end:]) - len(line[end:].lstrip()))
    return spans


_OPENERS = "(〈"
_CLOSERS = ")〉"
_MAX_ASIDE_WORDS = 16


def _group_asides(line: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Make one token of each short aside in brackets ("(including the abductions issue)",
    "〈United States〉"), so that a heading can run through it; a heading marker stays alone."""
    grouped: list[tuple[int, int, str]] = []
    index = 0
    while index < len(tokens):
        start, end, word = tokens[index]
        close = None
        if word[:1] in _OPENERS and not _nested_marker(line, start):
            depth = 0
            for ahead in range(index, min(len(tokens), index + _MAX_ASIDE_WORDS)):
                text = tokens[ahead][2]
                depth += sum(text.count(c) for c in _OPENERS) - sum(text.count(c) for c in _CLOSERS)
                if depth <= 0:
                    close = ahead if depth == 0 and text[-1:] in _CLOSERS else None
                    break
        if close is None:
            grouped.append((start, end, word))
            index += 1
            continue
        grouped.append((start, tokens[close][1], line[start : tokens[close][1]]))
        index = close + 1
    return grouped


def _is_aside(word: str) -> bool:
    return len(word) > 2 and word[0] in _OPENERS and word[-1] in _CLOSERS


def _nested_marker(line: str, start: int) -> bool:
    marker = _HEADING_MARKER.match(line, start)
    return bool(marker) and marker.lastgroup != "letter"


def _heading_end(
    line: str,
    position: int,
    numbering: _Numbering,
    place_names: frozenset[str],
    wraps_on: bool = False,
) -> int | None:
    """End offset of the heading that starts at ``position``, or None if there is none.

    ``wraps_on``: the next line goes on with the sentence, so the line's end closes nothing.
    """
    marker = _HEADING_MARKER.match(line, position)
    if marker is None:
        return None
    kind = marker.lastgroup or ""
    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(line, marker.end())]
    tokens = _group_asides(line, tokens[: 4 * _MAX_HEADING_WORDS])[: _MAX_HEADING_WORDS + 2]
    words: list[str] = []
    nested = False
    title_words = _CHAPTER_TITLE_WORDS if marker.group().startswith("Chapter") else _SMALL_WORDS
    for start, _, word in tokens:
        if _nested_marker(line, start):
            nested = True
            break
        if not (word[:1].isupper() or word in title_words or word[:1] in '“"' or _is_aside(word)):
            break
        words.append(word)
    ends_line = (
        not nested
        and not wraps_on
        and len(words) == len(tokens)
        and tokens[-1][1] == len(line.rstrip())
        and words[-1] not in _SMALL_WORDS  # "… A Memorandum of Cooperation with\nIran …"
    )
    cut, sure = _heading_cut(words, nested or ends_line, place_names)
    if cut > _MAX_HEADING_WORDS or (cut and words[cut - 1][-1] in ",;:"):
        return None
    if kind == "strong":
        pass
    elif cut == 0:
        return None
    elif kind in {"number", "dotted"}:
        number = int(marker.group(kind))
        if not (sure or number == numbering.last + 1) or number > 30:
            return None
        numbering.last = number
    elif kind == "letter" and not sure:
        return None
    return tokens[cut - 1][1] if cut else marker.end()


def _heading_cut(words: list[str], closed: bool, place_names: frozenset[str]) -> tuple[int, bool]:
    """How many of ``words`` (a run of capitalised words) belong to the heading, and whether
    that is sure; the rest starts the text. ``closed``: another heading or the line end
    follows the run."""
    if closed:
        return len(words), True
    if words and words[0] in _SINGLE_WORD_HEADINGS:
        return 1, True
    for index in range(1, min(len(words), 9)):
        if words[index - 1] not in _SMALL_WORDS and _starts_sentence(words[index], words[0]):
            return index, True
    prefix = next(  # the heading's own place name: "(1) Republic of Korea …"
        (k for k in range(min(len(words) - 1, 6), 0, -1) if " ".join(words[:k]) in place_names),
        0,
    )
    for index in range(max(prefix, 1), min(len(words), 9)):  # "3.Caucasus Countries Georgia"
        if words[index - 1] not in _SMALL_WORDS and _place_at(words, index, place_names):
            return index, True
    if prefix:  # "(2) Uzbekistan Shavkat Mirziyoyev was …"
        return prefix, True
    cut = len(words) - 1
    while cut > 0 and words[cut - 1] in _SMALL_WORDS:
        cut -= 1
    return max(cut, 0), False


def _starts_sentence(word: str, first: str) -> bool:
    """ "In", "The", "Prime", "Japan's", "Japan-ROK" or the heading's own first word again."""
    base = re.sub(r"['’]s$", "", word)
    return base in _SENTENCE_STARTERS or base == first or word.startswith("Japan-")


def _place_at(words: list[str], index: int, place_names: frozenset[str]) -> bool:
    return any(
        re.sub(r"['’]s$", "", " ".join(words[index : index + size])) in place_names
        for size in range(1, min(4, len(words) - index) + 1)
    )


def heading_level(line: str, allow_long: bool = False) -> int | None:
    """Return the heading level of ``line`` (0 chapter … 5 plain title), or None for prose."""
    stripped = line.strip()
    if not stripped or (len(stripped) > 120 and not allow_long):
        return None
    ends_like_prose = _SENTENCE_END.search(stripped) and not stripped.endswith("etc.")
    for level, pattern in _HEADING_STYLES:
        if pattern.match(stripped):
            return None if ends_like_prose and not allow_long else level
    words = stripped.split()
    if ends_like_prose or len(words) > 12 or not stripped[0].isupper():
        return None
    if words[-1] in _SMALL_WORDS - {"etc."} or stripped.endswith((",", ";", ":")):
        return None  # "… of the Republic of", "Nuryshev,": a wrapped line, not a title
    capitalised = sum(1 for word in words if word[:1].isupper() or word in _SMALL_WORDS)
    return _TITLE_LEVEL if capitalised == len(words) else None


def take_captions(lines: list[str]) -> tuple[list[str], list[tuple[int, str, re.Match[str]]]]:
    """Remove photo captions from ``lines``; return the rest and (line index, text, marker).

    A caption wrapped over several lines of a PDF copy is taken whole: its marker may be split
    ("(July 24, Tokyo; Photo: …" / "Office)") and its words may begin lines above the marker,
    after the last sentence end. Text after the last caption of a line stays in the body.
    """
    body: list[str] = []
    found: list[tuple[int, str, re.Match[str]]] = []
    for line in _join_split_markers(lines):
        markers = list(CAPTION_MARKER.finditer(line))
        if not markers:
            body.append(line)
            continue
        first_start = _caption_start(line, 0, markers[0].start())
        lead_in = _caption_lead_in(body) if first_start == 0 else []
        previous_end = first_start
        for number, marker in enumerate(markers):
            start = _caption_start(line, previous_end, marker.start())
            words = " ".join([*(lead_in if number == 0 else []), line[start : marker.start()]])
            if words.strip():
                found.append((len(body), " ".join(words.split()), marker))
            previous_end = marker.end()
        body.append(line[:first_start].rstrip())
        tail = line[markers[-1].end() :].strip()
        if tail:
            body.append(tail)
    return body, found


_MAX_CAPTION_LINES = 4
_OPEN_MARKER = re.compile(rf"\((?:{_MONTH}) \d{{1,2}}[^()]*$")


def _join_split_markers(lines: list[str]) -> list[str]:
    """Join "… (July 24, Tokyo; Photo: Cabinet Public Relations" with the "Office)" below."""
    joined: list[str] = []
    for line in lines:
        if joined and _OPEN_MARKER.search(joined[-1]) and ")" in line:
            joined[-1] = f"{joined[-1].rstrip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def _caption_lead_in(body: list[str]) -> list[str]:
    """Take from the end of ``body`` the lines a caption began on (after a sentence end)."""
    taken: list[str] = []
    index = len(body)
    while index > 0 and len(taken) < _MAX_CAPTION_LINES:
        previous = body[index - 1].strip()
        if not previous or _SENTENCE_END.search(previous):
            break
        if heading_level(previous) not in (None, _TITLE_LEVEL):
            break
        taken.insert(0, previous)
        index -= 1
    else:
        if index > 0 and body[index - 1].strip() and not _SENTENCE_END.search(body[index - 1]):
            return []  # no sentence end within reach: these lines are prose, not a caption
    del body[index:]
    return taken


def _caption_start(line: str, lower: int, marker_start: int) -> int:
    segment = line[lower:marker_start]
    ends = list(re.finditer(r"(?<=[a-z0-9])[.!?][”\")]?(?=\s*[A-Z“]|$)", segment))
    if ends and ends[-1].end() < len(segment.rstrip()):
        return lower + ends[-1].end()
    return lower if ends or lower else 0


def _assemble_blocks(
    lines: list[str], captions: list[tuple[int, str, re.Match[str]]], volume_year: int | None
) -> Document:
    state = _BlockBuilder(wrap_width=_typical_line_length(lines))
    caption_lines = {index for index, _, _ in captions}
    for index, line in enumerate(lines):
        state.add_line(line)
        if index in caption_lines:
            state.flush()
            state.add_captions([c for c in captions if c[0] == index])
    state.flush()
    return Document(state.blocks, state.captions, volume_year, state.chapter, state.section_title)


def _typical_line_length(lines: list[str]) -> float:
    lengths = [len(line) for line in lines if len(line.strip()) > 40]
    if not lengths:
        return 0.0
    return statistics.quantiles(lengths, n=10)[7] if len(lengths) > 2 else max(lengths)


class _BlockBuilder:
    """Accumulates lines into blocks while tracking the heading in force."""

    def __init__(self, wrap_width: float) -> None:
        self.wrap_width = wrap_width
        self.headings: dict[int, str] = {}
        self.blocks: list[Block] = []
        self.captions: list[Caption] = []
        self.pending: list[str] = []
        self.pending_kind = "paragraph"
        self.counter = 0
        self.chapter: str | None = None
        self.section_title: str | None = None
        self.heading_number = 0

    @property
    def section(self) -> str:
        return self.headings[max(self.headings)] if self.headings else ""

    def add_line(self, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            self.flush()
            return
        if VOLUME_HEADER.fullmatch(stripped):
            return
        level = heading_level(stripped)
        if level is not None and not self.pending_continues(stripped, level):
            self.flush()
            self.set_heading(level, stripped)
            return
        footnote = _FOOTNOTE.match(stripped)
        if footnote:
            self.flush()
            self.pending_kind = "footnote"
            stripped = stripped[footnote.end() :]
        elif self.pending and self.ends_paragraph(self.pending[-1]):
            self.flush()
        self.pending.append(stripped)

    def pending_continues(self, line: str, level: int) -> bool:
        """A wrapped prose line can look like a title; it continues an open sentence (a plain
        title never comes in the middle of one)."""
        if level == _TITLE_LEVEL and self.is_full_width(line):
            return True  # a title is short; a line running to the margin is wrapped prose
        if not self.pending:
            return False
        previous = self.pending[-1]
        if _SENTENCE_END.search(previous) and not _ABBREVIATION_END.search(previous):
            return False
        if previous.endswith((",", ";")) or previous.split()[-1] in _SMALL_WORDS - {"etc."}:
            return True  # "… 2,100 Palestinians and / 70 Israelis …": no heading mid-phrase
        return line[0].islower() or level == _TITLE_LEVEL

    def is_full_width(self, line: str) -> bool:
        """The line runs to the margin of a wrapped text (a PDF copy)."""
        return 0 < self.wrap_width <= 250 and len(line) >= 0.85 * self.wrap_width

    def ends_paragraph(self, previous: str) -> bool:
        if self.wrap_width == 0 or self.wrap_width > 250:
            return True
        return bool(_SENTENCE_END.search(previous)) and len(previous) < 0.85 * self.wrap_width

    def set_heading(self, level: int, text: str) -> None:
        for deeper in [key for key in self.headings if key >= level]:
            del self.headings[deeper]
        self.headings[level] = text
        self.counter = 0
        self.heading_number += 1
        chapter = _CHAPTER.match(text)
        if chapter:
            self.chapter = chapter.group(1)
        elif level in (1, 2) and self.section_title is None:
            self.section_title = text

    def flush(self) -> None:
        if not self.pending:
            return
        self.counter += 1
        text = " ".join(self.pending)
        self.blocks.append(
            Block(self.section, self.counter, text, self.pending_kind, self.heading_number)
        )
        self.pending = []
        self.pending_kind = "paragraph"

    def add_captions(self, captions: list[tuple[int, str, re.Match[str]]]) -> None:
        for _, words, marker in captions:
            if any(c.text == words and c.section == self.section for c in self.captions):
                continue
            self.counter += 1
            year = marker.group("year")
            self.captions.append(
                Caption(
                    self.section,
                    self.counter,
                    words,
                    MONTHS.index(marker.group("month")) + 1,
                    int(marker.group("day")),
                    int(year) if year else None,
                    (marker.group("place") or "").strip(),
                )
            )
