"""Word lists written as one string in the code, split into their words."""

from __future__ import annotations


def split_words(text: str) -> list[str]:
    """Return the whitespace-separated words of ``text``, in order.

    Long word lists (stop words, abbreviations, tag names) read better as one string than as a
    list literal; this helper splits them (ruff's SIM905 would rewrite a bare ``"...".split()``).
    """
    return text.split()
