"""``python -m bench [NAME ...]``: run the benchmark scenarios and print their figures.

Every scenario is a module of this package with a ``main()`` that prints one
``name: value unit`` line per figure. With names, only those scenarios run; without, every
scenario but ``concurrency`` (Chromium sessions by the dozen: minutes of both cores, and on one
machine it measures the browsers more than the app; ``protocol`` measures the app's readers).
"""

from __future__ import annotations

import importlib
import sys

SCENARIOS: tuple[str, ...] = (
    "map_payload",
    "map_image",
    "map_rerun",
    "extract_speed",
    "document_reading",
    "synthetic",
    "scale",
    "review",
    "protocol",
    "first_map",
    "browser_reader",
    "sign_in_guesses",
    "concurrency",
)
ON_REQUEST: tuple[str, ...] = ("concurrency",)


def main(argv: list[str]) -> int:
    wanted = argv or [name for name in SCENARIOS if name not in ON_REQUEST]
    unknown = [name for name in wanted if name not in SCENARIOS]
    if unknown:
        print(
            f"unknown scenario(s): {', '.join(unknown)}; known: {', '.join(SCENARIOS)}",
            file=sys.stderr,
        )
        return 2
    for name in wanted:
        print(f"# {name}", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


sys.exit(main(sys.argv[1:]))
