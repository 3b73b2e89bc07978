"""Extraction speed on a whole synthetic volume (~1.5 MB): ``extract_kb_per_s`` and seconds.

The volume is built by concatenating the first source and the test passages, each repeated in
the three text forms (web text, PDF copy with wrapped lines and page headers, MOFA plain text
with g…h quotes) and with the countries and months rotated so that no two copies are equal.
"""

from __future__ import annotations

import itertools
import re
import textwrap
import time
from pathlib import Path

from bluebook.extract import extract_frame

ROOT = Path(__file__).resolve().parent.parent
SEEDS = (
    ROOT / "data" / "sources" / "bluebook_2022_ch2_central_asia_caucasus_belarus.txt",
    ROOT / "tests" / "fixtures" / "extract" / "europe_web.txt",
    ROOT / "tests" / "fixtures" / "extract" / "middle_east_pdf.txt",
    ROOT / "tests" / "fixtures" / "extract" / "asia_mofa.txt",
)
TARGET_BYTES = 1_500_000
SWAPS = (
    ("Uzbekistan", "Kazakhstan", "Georgia", "Armenia", "Belarus", "Iran", "Mongolia", "France"),
    ("May", "June", "October", "March", "September", "July", "November", "April"),
)


def as_pdf_copy(text: str, page: int) -> str:
    """Wrap paragraphs at 90 columns, split a word with a hyphen, add a page header."""
    lines = []
    for paragraph in text.split("\n"):
        wrapped = textwrap.wrap(paragraph, 90) or [""]
        lines += wrapped
    lines.insert(len(lines) // 2, f"Section 2 {page}")
    return re.sub(r"\bcooperation\b", "coop- eration", "\n".join(lines), count=2)


def as_mofa_plain_text(text: str) -> str:
    """Turn quotes and apostrophes into the Ministry's plain-text g…h and f."""
    return text.replace("“", "g").replace("”", "h").replace("'s ", "fs ").replace("’s ", "fs ")


def vary(text: str, round_number: int) -> str:
    """Rotate country names and months so that each copy differs."""
    for names in SWAPS:
        shift = round_number % len(names)
        mapping = dict(zip(names, names[shift:] + names[:shift], strict=True))
        pattern = re.compile(r"\b(" + "|".join(names) + r")\b")
        text = pattern.sub(lambda match, table=mapping: table[match.group(1)], text)
    return text


def build_volume(target_bytes: int = TARGET_BYTES) -> str:
    """Return a synthetic volume of about ``target_bytes`` bytes."""
    seeds = [path.read_text(encoding="utf-8") for path in SEEDS]
    forms = (lambda text, _: text, as_pdf_copy, lambda text, _: as_mofa_plain_text(text))
    parts = ["Diplomatic Bluebook 2022\n\nChapter 2\n"]
    size = 0
    for round_number in itertools.count():
        for seed, form in itertools.product(seeds, forms):
            body = re.sub(r"^Diplomatic Bluebook \d{4}\n", "", seed)
            part = form(vary(body, round_number), 100 + round_number)
            parts.append(part)
            size += len(part.encode("utf-8"))
            if size >= target_bytes:
                return "\n\n".join(parts)
    raise AssertionError("unreachable")


def main() -> None:
    """Print ``extract_kb_per_s`` and ``extract_volume_s`` for one synthetic volume."""
    volume = build_volume()
    size_kb = len(volume.encode("utf-8")) / 1024
    extract_frame(SEEDS[0].read_text(encoding="utf-8"), "warm-up")
    start = time.perf_counter()
    frame = extract_frame(volume, "bench", 2022)
    seconds = time.perf_counter() - start
    print(f"extract_volume_kb: {size_kb:.0f} KB")
    print(f"extract_events: {len(frame)} events")
    print(f"extract_kb_per_s: {size_kb / seconds:.0f} KB/s")
    print(f"extract_volume_s: {seconds:.2f} s")


if __name__ == "__main__":
    main()
