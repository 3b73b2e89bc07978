"""Clean Bluebook text as it really comes: web pages, PDF copies and the Ministry's plain text.

``normalize_text`` undoes what copying did to the text without touching its wording: MOFA
plain-text quotes (“…” saved as g…h, ’ as f), PDF hyphenation ("occa- sional") and page headers
("Section 5 134"), footnote markers glued to words ("Dialogue5", "Russia1", "(*4)",
"BRICS(1)"). Line structure is kept: ``bluebook.extract.structure`` reads it.
"""

from __future__ import annotations

import re
import unicodedata

from bluebook.words import split_words

# Words that end in "h" in ordinary English; a closing MOFA quote "h" is never one of them.
_ENGLISH_H_WORDS = frozenset(
    split_words(
        """
    with which each both such much health wealth growth research approach reach teach launch
    lunch search speech march match watch touch through though although high enough south
    north month truth youth depth length strength width fourth fifth sixth seventh eighth
    ninth tenth eleventh twelfth hundredth thousandth birth breadth earth path bath faith
    death oath breath cloth push fresh flash finish establish publish accomplish english
    irish spanish turkish polish danish swedish finnish british jewish kazakh riyadh minsk
    bangladesh marrakesh tech beach church branch bench coach crash rush wish fish dispatch
    catch stretch which sixtieth seventieth fiftieth fortieth thirtieth twentieth
    """
    )
)
# Words that end in "fs" in ordinary English; elsewhere MOFA's "fs" is "'s".
_ENGLISH_FS_WORDS = frozenset(
    split_words(
        """
    chiefs beliefs briefs reliefs proofs roofs motifs chefs gulfs reefs serfs surfs waifs
    kerchiefs mischiefs spoofs hoofs coifs
    """
    )
)
_MOFA_OPEN = re.compile(r"(?<![A-Za-z0-9])g(?=[A-Z0-9“])")
_MOFA_MARKERS = re.compile(
    r"(?<![A-Za-z])g[A-Z][^\n]{0,200}?[a-z.,)]h(?![A-Za-z])|[a-z]fs\b|[a-z]sf(?=\s)"
)
# A match starts only where a run of these characters starts: tried from inside a run, the
# pattern would read the rest of the run again at every position.
_WORD_END_H = re.compile(r"(?<![A-Za-z0-9.,)!?%'’])([A-Za-z0-9.,)!?%'’]+)h(?=$|[\s,.;:)\]!?])")
_FS_POSSESSIVE = re.compile(r"\b([A-Za-z][A-Za-z-]*[A-Za-z])fs\b")
_PLURAL_POSSESSIVE = re.compile(r"(?<=[a-z]s)f(?=\s)")
_CONTRACTION = re.compile(r"\b(don|doesn|didn|isn|aren|wasn|weren|won|can|couldn|shouldn)ft\b")

_SOFT_HYPHEN = "\u00ad"
_LINE_HYPHEN = re.compile(r"([a-z])-\n[ \t]*([a-z])")
_SPACED_HYPHEN = re.compile(r"\b([A-Za-z]*[a-z])- ([a-z]+)\b")
_SPACED_COMPOUND = re.compile(r"\b([A-Za-z]*[a-z])- ([A-Z][a-z])")
_KEEP_HYPHEN_BEFORE = frozenset({"and", "or", "to", "nor", "as", "than", "but"})

_PAGE_HEADER_LINE = re.compile(
    r"^[ \t]*(?:(?:Diplomatic Bluebook \d{4}|Section \d+|Chapter \d+)(?:[ \t]+[^\n\d]{0,80}?)?"
    r"[ \t]+\d{1,3}|\d{1,3}[ \t]+(?:Diplomatic Bluebook \d{4}|Section \d+|Chapter \d+)"
    r"(?:[ \t]+[^\n\d]{0,80})?|\d{1,3})[ \t]*(?:\n|$)",
    re.MULTILINE,
)
_PAGE_HEADER_INLINE = re.compile(r"(?<=[a-z,;]) (?:Section|Chapter) \d{1,2} \d{2,3} (?=[a-z])")

_STAR_FOOTNOTE = re.compile(r"\s?\(\*\d{1,2}\)")
_GLUED_PAREN_FOOTNOTE = re.compile(r"(?<=[A-Za-z])\(\d{1,2}\)")
_GLUED_DIGIT_FOOTNOTE = re.compile(r"(?<=[a-z”’'\"])(\d{1,2})(?=[\s,.;:)”\"’]|$)")


_MATCHING_FOLD = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2010": "-", "\u2011": "-"}
)


def fold_for_matching(text: str) -> str:
    """Return ``text`` with typographic apostrophes and dashes as the ASCII ones, same length.

    Web pages write "Japan’s" and "Japan–U.S.", plain text "Japan's" and "Japan-U.S."; the
    gazetteer and the keyword files are written the plain way. Matching runs on the folded text
    and, the offsets being the same, the evidence keeps the source's own characters.
    """
    return text.translate(_MATCHING_FOLD)


def normalize_text(text: str) -> str:
    """Return ``text`` cleaned of copy artefacts; line breaks are kept (see module doc)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace(_SOFT_HYPHEN, "").replace("\u00a0", " ").replace("\t", " ")
    if looks_like_mofa_plain_text(text):
        text = restore_mofa_punctuation(text)
    text = remove_page_headers(text)
    text = join_hyphenated_words(text)
    text = remove_footnote_markers(text)
    return re.sub(r"[ ]{2,}", " ", text)


def looks_like_mofa_plain_text(text: str) -> bool:
    """Tell whether ``text`` carries the Ministry's plain-text quotes (g…h, "Japanfs")."""
    hits = len(_MOFA_MARKERS.findall(text))
    return hits >= 1 and ("Japanfs" in text or hits >= 2 or "“" not in text)


def restore_mofa_punctuation(text: str) -> str:
    """Turn MOFA plain-text g…h back into “…” and ``f`` back into an apostrophe."""
    text = _CONTRACTION.sub(lambda match: f"{match.group(1)}'t", text)
    text = _FS_POSSESSIVE.sub(_restore_possessive, text)
    text = _PLURAL_POSSESSIVE.sub("'", text)
    return _restore_quotes(text)


def _restore_possessive(match: re.Match[str]) -> str:
    word = match.group(0)
    if word.lower() in _ENGLISH_FS_WORDS or word.endswith("ffs"):
        return word
    return f"{match.group(1)}'s"


def _restore_quotes(text: str) -> str:
    pieces: list[str] = []
    position = 0
    for opening in _MOFA_OPEN.finditer(text):
        if opening.start() < position:
            continue
        closing = _find_closing_h(text, opening.end())
        if closing is None:
            continue
        pieces += [text[position : opening.start()], "“", text[opening.end() : closing], "”"]
        position = closing + 1
    pieces.append(text[position:])
    return "".join(pieces)


def _find_closing_h(text: str, start: int) -> int | None:
    limit = min(len(text), start + 300)
    next_open = _MOFA_OPEN.search(text, start, limit)
    end = next_open.start() if next_open else limit
    for match in _WORD_END_H.finditer(text[start:end]):
        word = match.group(1)
        if word[-1].isalpha() and (word + "h").lower() in _ENGLISH_H_WORDS:
            continue
        return start + match.end() - 1
    return None


def remove_page_headers(text: str) -> str:
    """Drop running headers and page numbers that PDF copying leaves between lines."""
    text = _PAGE_HEADER_LINE.sub(_page_header_gap, text)
    return _PAGE_HEADER_INLINE.sub(" ", text)


def _page_header_gap(match: re.Match[str]) -> str:
    """Inside a sentence the header goes with its line break (the sentence goes on); after a
    sentence end it leaves an empty line, as before."""
    before = match.string[max(0, match.start() - 3) : match.start()].rstrip("\n ")
    ends_sentence = not before or before[-1] in '.!?”")'
    return "\n" if ends_sentence and match.group(0).endswith("\n") else ""


def join_hyphenated_words(text: str) -> str:
    """Join words split at a line end ("occa-\\nsional", "occa- sional"); keep "short- and"."""
    text = _LINE_HYPHEN.sub(r"\1\2", text)
    text = _SPACED_COMPOUND.sub(r"\1-\2", text)
    return _SPACED_HYPHEN.sub(_join_spaced_hyphen, text)


def _join_spaced_hyphen(match: re.Match[str]) -> str:
    if match.group(2) in _KEEP_HYPHEN_BEFORE:
        return match.group(0)
    return match.group(1) + match.group(2)


def remove_footnote_markers(text: str) -> str:
    """Remove footnote markers: "(*4)", "BRICS(1)", and digits glued to a word ("Dialogue5").

    Digits glued to an upper-case letter ("G7", "COP26", "P5") are names and stay.
    """
    text = _STAR_FOOTNOTE.sub("", text)
    text = _GLUED_PAREN_FOOTNOTE.sub("", text)
    return _GLUED_DIGIT_FOOTNOTE.sub("", text)
