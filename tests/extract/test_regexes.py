"""``fast_start`` finds exactly what the plain pattern finds, only sooner."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bluebook.extract.regexes import fast_start, literal_gate, lowered_for_gates, may_match
from bluebook.extract.resources import DEFAULT_DATA_DIR

TAXONOMY = DEFAULT_DATA_DIR / "taxonomy"
SAMPLE = (
    "In May, Prime Minister Kishida held a telephone call with President Mirziyoyev. "
    "On March 3 and 8, 2022, Japan decided to impose sanctions on Belarus; the Japan-"
    "Uzbekistan Foreign Ministers' Meeting was held online. ſanctions and \u212aazakh 5 COP26 "
    "elections were held; Japan sent an election observation mission and provided aid."
)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, dict]]:
    return [(m.start(), m.end(), m.groupdict()) for m in pattern.finditer(text)]


def keyword_patterns() -> list[tuple[str, int]]:
    found = []
    for name in ("event_types", "themes", "modes"):
        frame = pd.read_csv(TAXONOMY / f"keywords_{name}.csv", dtype=str, keep_default_na=False)
        for row in frame.to_dict("records"):
            ignore = row.get("case", "i" if name == "modes" else "s") == "i"
            found.append((row["pattern"], re.IGNORECASE if ignore else 0))
    return found


@pytest.mark.parametrize(
    ("pattern", "flags", "gated"),
    [
        (r"\b(?:sent|dispatched)\b", re.IGNORECASE, True),
        (r"\bvisit(?:ed|s)?\b", 0, True),
        (r"(?:the )?Japan", 0, True),
        (r"\b\d{4}\b", 0, False),
        (r"x*", 0, False),
        (r".+", 0, False),
        (r"[^a]b", 0, False),
    ],
)
def test_only_patterns_with_known_first_characters_are_gated(
    pattern: str, flags: int, gated: bool
) -> None:
    compiled = fast_start(pattern, flags)
    assert compiled.pattern.startswith("(?=[") is gated
    assert spans(compiled, SAMPLE) == spans(re.compile(pattern, flags), SAMPLE)


def test_the_keyword_files_find_the_same_matches() -> None:
    for pattern, flags in keyword_patterns():
        assert spans(fast_start(pattern, flags), SAMPLE) == spans(
            re.compile(pattern, flags), SAMPLE
        ), pattern


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="abcsSkKiIſ\u212a İı-' .,0123", max_size=60),
    words=st.lists(st.sampled_from(["ab", "Sk", "is", "k", "s-", "I'"]), min_size=1, max_size=3),
    ignore_case=st.booleans(),
)
def test_gated_and_plain_patterns_agree_on_any_text(
    text: str, words: list[str], ignore_case: bool
) -> None:
    pattern = r"\b(?:" + "|".join(map(re.escape, words)) + r")s?\b"
    flags = re.IGNORECASE if ignore_case else 0
    assert spans(fast_start(pattern, flags), text) == spans(re.compile(pattern, flags), text)


def texts_of_the_genre() -> list[str]:
    root = DEFAULT_DATA_DIR.parent
    paths = [*sorted((root / "tests" / "fixtures" / "extract").glob("*.txt"))]
    paths.append(root / "data" / "sources" / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt")
    return [part for path in paths for part in path.read_text(encoding="utf-8").split("\n")]


@pytest.mark.parametrize(
    ("pattern", "flags", "gate"),
    [
        (r"\bvisit(?:ed|s)?\b", re.IGNORECASE, ("visi",)),
        (r"\b(?:summit |bilateral )?meetings?\b", re.IGNORECASE, ("bila", "meet", "summ")),
        (r"\bre-?elected\b", 0, ("re-", "reel")),
        (r"\b[Aa]greements?\b", 0, ("Agre", "agre")),
        (r"\b[A-Z][\w-]* Summit\b", 0, None),
        (r"\b\d{4}\b", 0, None),
    ],
)
def test_literal_gates_are_read_off_the_pattern(
    pattern: str, flags: int, gate: tuple[str, ...] | None
) -> None:
    assert literal_gate(pattern, flags) == gate


def test_a_closed_gate_means_no_match_on_texts_of_the_genre() -> None:
    patterns = [(p, f, literal_gate(p, f), re.compile(p, f)) for p, f in keyword_patterns()]
    for text in texts_of_the_genre():
        lowered = lowered_for_gates(text)
        for pattern, flags, gate, compiled in patterns:
            if not may_match(gate, text, lowered, bool(flags & re.IGNORECASE)):
                assert compiled.search(text) is None, (pattern, text)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            [
                "visited",
                "Visit",
                "sent",
                "an",
                "election",
                "observation",
                "mission",
                "the",
                "Summit",
                "meeting",
                "re-elected",
                "Reelected",
                "ſent",
                "Agreement",
                "signed",
                "KAZAKH",
                "\u212aazakh",
                "İstanbul",
                "took",
                "control",
                "’s",
                "of",
            ]
        ),
        max_size=12,
    ),
)
def test_a_closed_gate_means_no_match_on_any_text(words: list[str]) -> None:
    text = " ".join(words)
    lowered = lowered_for_gates(text)
    for pattern, flags in keyword_patterns():
        gate = literal_gate(pattern, flags)
        if not may_match(gate, text, lowered, bool(flags & re.IGNORECASE)):
            assert re.search(pattern, text, flags) is None, pattern
