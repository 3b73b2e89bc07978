"""A saved web page of the Ministry ("Web page, HTML only" or "Web page, complete").

lxml (libxml2's HTML parser) reads the page as a browser would, broken markup included. The
section's main content is the page's ``<main>`` (or ``role="main"``, ``id="main"``/``contents``)
with the site's furniture taken out: scripts, styles, forms, navigation, breadcrumbs, headers,
footers, "Back to Top" links and the copyright line. What is left becomes the text form the
extractor parses: one heading, paragraph, footnote ("• 5 …") or photo caption per line.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from bluebook.readers.base import (
    SourceDocument,
    SourceDocumentError,
    sha256_of,
    with_volume_header,
)
from bluebook.words import split_words

MAX_DEPTH = 256  # libxml2's own limit without XML_PARSE_HUGE
_DROPPED_TAGS = frozenset(
    split_words(
        "script style noscript template nav header footer form aside iframe object embed svg "
        "button select input textarea label dialog menu map area audio video canvas"
    )
)
_BLOCK_TAGS = frozenset(
    split_words(
        "p div section article li dd dt h1 h2 h3 h4 h5 h6 figure figcaption caption table tr td th "
        "blockquote ul ol dl pre address center main body"
    )
)
_HEADINGS = frozenset(split_words("h1 h2 h3 h4 h5 h6"))
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:g?navi?(?:gation)?|l?nav|breadcrumbs?|topic-?path|pankuzu|search|"
    r"footer|header|menu|side(?:bar)?|page-?top|back-?to-?top|to-?top|skip|share|sns|social|"
    r"banner|copyright|print|tools?|related|lang(?:uage)?s?)(?:$|[-_\s\d])",
    re.IGNORECASE,
)
_MAIN_IDS = ("main", "contents", "content", "maincontents", "main-contents", "main_contents")
_FOOTNOTE_CONTAINER = re.compile(r"foot-?notes?|(?:^|[-_\s])(?:notes?|fn|annotations?)(?:$|[-_\s])")
_CAPTION_CONTAINER = re.compile(r"caption|photo|figure|image|img|pic", re.IGNORECASE)
_FURNITURE_TEXT = re.compile(
    r"^(?:back to (?:the )?top|page top|return to top|to top|top of page|print|share)\W*$"
    r"|^(?:©|\(c\)|copyright\b)",
    re.IGNORECASE,
)
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https://[!#-;=?-~]{1,300}?)\s*-->")
_HTTPS_URL = re.compile(r"https://[!#-;=?-~]{1,300}")
_BREADCRUMBS = (
    "(//*[contains(@class,'bread') or contains(@id,'bread') or contains(@class,'topicpath')"
    " or contains(@id,'topicpath') or contains(@class,'pankuzu')])[1]//text()"
)
# Each run of spaces is read by one \s* only (two in a row would try every split of it).
_FOOTNOTE_MARK = re.compile(r"^\s*(?:[*(\[]\s*)?\*?(\d{1,2})\s*(?:[)\].]\s*)?$")
_LEADING_MARK = re.compile(r"^(?:[•·▪]\s*|\*)?(?:\(|\[)?(\d{1,2})(?:\)|\]|\.)?\s+(?=\S)")


def read_html(path: Path, raw: bytes) -> SourceDocument:
    """Return the section text of the saved page ``raw``; raise ``SourceDocumentError`` when the
    page cannot be parsed, is nested deeper than ``MAX_DEPTH`` or has no main text."""
    root = parse_html(path, raw)
    title = " ".join(root.xpath("//title//text()"))
    crumbs = " ".join(root.xpath(_BREADCRUMBS))
    main = find_main_content(root)
    drop_furniture(main)
    lines = build_lines(main)
    if not any(len(line.split()) >= 5 for line in lines):
        raise SourceDocumentError(
            f"{path}: no Bluebook text in the page's main content; save the page of a Bluebook "
            "section (https://www.mofa.go.jp/policy/other/bluebook/)"
        )
    text = with_volume_header("\n\n".join(lines) + "\n", f"{title} {crumbs}")
    return SourceDocument(path, "html", text, sha256_of(raw), url=find_page_url(raw, root))


def find_page_url(raw: bytes, root: etree._Element) -> str:
    """Return the https address the saved page names as its own, or "".

    Browsers write ``<!-- saved from url=(0072)https://… -->`` at the top of a saved page; a
    page may also name itself in ``<link rel="canonical">``.
    """
    saved = _SAVED_FROM.search(raw[:4096])
    if saved:
        return saved.group(1).decode("ascii")
    for href in root.xpath("//link[@rel='canonical']/@href")[:1]:
        if _HTTPS_URL.fullmatch(href.strip()):
            return href.strip()
    return ""


def parse_html(path: Path, raw: bytes) -> etree._Element:
    """Parse ``raw`` with libxml2's HTML parser; refuse pages nested past its depth limit."""
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, encoding=_undeclared_utf8(raw)
    )
    try:
        root = etree.fromstring(raw, parser)
    except (etree.ParserError, ValueError) as error:
        raise SourceDocumentError(
            f"{path}: is not a readable HTML page ({error}); save the page again from the browser"
        ) from error
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise SourceDocumentError(
            f"{path}: is nested deeper than {MAX_DEPTH} elements, which no Bluebook page is; "
            "save the section's page again from the browser"
        )
    if root is None:
        raise SourceDocumentError(
            f"{path}: is not a readable HTML page; save the page again from the browser"
        )
    return root


def _undeclared_utf8(raw: bytes) -> str | None:
    """ "utf-8" for a page that declares no charset but is valid UTF-8 (libxml2 would read it as
    Latin-1 and garble every curly quote); otherwise None, the page's own declaration."""
    if re.search(rb"charset\s*=", raw[:4096], re.IGNORECASE):
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _names(element: etree._Element) -> str:
    return f"{element.get('id') or ''} {element.get('class') or ''} {element.get('role') or ''}"


def find_main_content(root: etree._Element) -> etree._Element:
    """Return the page's main content element (``<main>``, role="main", #main …) or ``<body>``."""
    for query in ("//main", "//*[@role='main']"):
        found = root.xpath(query)
        if found:
            return found[0]
    for name in _MAIN_IDS:
        found = root.xpath(f"//*[@id='{name}']")
        if found:
            return found[0]
    body = root.find("body")
    return body if body is not None else root


def drop_furniture(main: etree._Element) -> None:
    """Remove the site's furniture from ``main`` in place (see module doc); tails are kept."""
    doomed = [element for element in main.iter() if element is not main and _is_furniture(element)]
    for element in doomed:
        if element.getparent() is not None:
            _remove_keeping_tail(element)


def _is_furniture(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return True
    names = _names(element)
    if element.tag == "header" or re.search(r"header", names, re.IGNORECASE):
        # an article's own header holds its title: keep it
        return not any(child.tag in _HEADINGS for child in element.iter())
    if element.tag in _DROPPED_TAGS or _FURNITURE.search(names):
        return True
    if element.tag not in ("a", "p", "div", "li", "small", "span"):
        return False
    first = next((text for text in element.itertext() if text.strip()), "")
    if not _FURNITURE_TEXT.search(first.strip()):
        return False  # cheap: most elements stop here without reading their whole text
    return bool(_FURNITURE_TEXT.search(" ".join("".join(element.itertext()).split())))


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def build_lines(main: etree._Element) -> list[str]:
    """Return the blocks of ``main`` in document order, one line each (see module doc)."""
    lines: list[str] = []
    pieces: list[str] = []
    kinds: list[str] = []  # the context of the block being built: heading/footnote/caption/body

    def close_block() -> None:
        line = " ".join("".join(pieces).split())
        pieces.clear()
        if line:
            lines.append(_shape_line(line, kinds[-1] if kinds else "body"))

    for event, element in etree.iterwalk(main, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCK_TAGS:
                close_block()
                kinds.append(_block_kind(element, kinds[-1] if kinds else "body"))
            if tag == "sup" and _FOOTNOTE_MARK.match("".join(element.itertext())):
                mark = _FOOTNOTE_MARK.match("".join(element.itertext())).group(1)
                starts_block = not "".join(pieces).strip()
                pieces.append(f"\x00{mark} " if starts_block else "")
                element.text = None
                for child in element:
                    child.text = child.tail = None
            elif tag == "br":
                pieces.append(" ")
            elif element.text:
                pieces.append(element.text)
        else:
            if tag in _BLOCK_TAGS:
                close_block()
                kinds.pop()
            if element.tail and element is not main:
                pieces.append(element.tail)
    close_block()
    return lines


def _block_kind(element: etree._Element, outer: str) -> str:
    if element.tag in _HEADINGS:
        return "heading"
    if element.tag in ("figcaption", "caption"):
        return "caption"
    names = _names(element)
    if _FOOTNOTE_CONTAINER.search(names.lower()):
        return "footnote"
    if _CAPTION_CONTAINER.search(names):
        return "caption"
    return outer


def _shape_line(line: str, kind: str) -> str:
    """A footnote becomes "• 5 …" (the form the extractor knows); a leading mark elsewhere
    (a ``<sup>`` opening a paragraph) also marks a footnote."""
    if line.startswith("\x00"):
        return "• " + line[1:].lstrip()
    line = line.replace("\x00", "")
    if kind == "footnote":
        mark = _LEADING_MARK.match(line)
        if mark:
            return f"• {mark.group(1)} {line[mark.end() :]}"
    return line
