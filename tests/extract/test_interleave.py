"""Two PDF columns read across: a sentence alternating between two texts gives no events."""

from __future__ import annotations

import pytest

from bluebook.extract import extract_frame
from bluebook.extract.interleave import is_interleaved

LEFT = (
    "In May, Prime Minister Kishida visited Kenya and held a summit meeting with President "
    "Ruto on trade and investment in East Africa."
)
RIGHT = (
    "The two leaders agreed to strengthen cooperation on energy, health and food security, "
    "and confirmed that they would meet again in Tokyo."
)


def interleave(first: str, second: str, words: int) -> str:
    """The two texts alternating every ``words`` words, as a two-column page read across."""
    left, right = first.split(), second.split()
    chunks = []
    for start in range(0, max(len(left), len(right)), words):
        chunks += left[start : start + words] + right[start : start + words]
    return " ".join(chunks)


def test_each_text_alone_gives_its_event() -> None:
    assert len(extract_frame(LEFT, "t", 2024, scorer=None)) >= 1
    assert not is_interleaved(LEFT) and not is_interleaved(RIGHT)


@pytest.mark.parametrize("words", [5, 6, 7, 8])
def test_the_two_texts_interleaved_give_no_events(words: int) -> None:
    text = interleave(LEFT, RIGHT, words)
    assert is_interleaved(text)
    assert extract_frame(text, "t", 2024, scorer=None).empty


@pytest.mark.parametrize(
    "sentence",
    [
        "In May, the leaders met in Nairobi, and in June, the ministers met in Tokyo.",
        "The Prime Minister said that The Hague summit was important for the region as a whole.",
        "Japan and Kenya signed an agreement on trade (the first of its kind) in Nairobi today.",
        "In the Summit Meeting, the two leaders confirmed On-site cooperation across the region.",
    ],
)
def test_ordinary_sentences_are_not_taken_for_interleaved_columns(sentence: str) -> None:
    assert not is_interleaved(sentence)


def test_an_empty_pair_of_parentheses_left_by_a_mark_is_a_sign() -> None:
    assert is_interleaved("The two leaders are closely () working on the issue and Japan agreed")


def test_a_heading_run_into_its_paragraph_is_not_a_joint() -> None:
    sentence = "(A) Domestic affairs In October, the party congress was held in Beijing as planned."
    assert not is_interleaved(sentence)
