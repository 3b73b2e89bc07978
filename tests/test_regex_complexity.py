"""No regular expression of the extractor or the readers can hang on its input.

Every compiled pattern is collected: module-level patterns (also inside tuples, lists and dicts)
of every module of ``bluebook.extract`` and ``bluebook.readers``, the literal patterns passed to
``re.search``/``re.match``/… inside their functions (read from the source), and the patterns
built from the data tables (keyword tables, gazetteer, titles). Each runs (``finditer``, to the
end; or ``match`` once for a pattern only ever used with ``match``/``fullmatch``) on
adversarial inputs of growing length: runs of words, spaces, punctuation, digits and the
pattern's own literals, with and without a closing character. Its time must grow at most about
linearly: from ``n`` to ``4 n`` characters the CPU time may grow by up to ``MAX_RATIO`` (linear
gives 4, quadratic 16, exponential far more), judged only once the time is well above the
timer's noise. A run that takes longer than ``RUN_LIMIT_SECONDS`` fails at once. This is a test
of the complexity class, not a timing target: the margins are wide so that a loaded machine
does not make it flaky (CPU time, best of three).

A 248-byte sentence used to hang ``_OPENING_SUBORDINATE`` (nested lazy repeats,
``(?:[^,]*?\\s){4,}?``); ``test_checker_catches_superlinear_patterns`` shows this check fails it.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import re
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import bluebook.extract
import bluebook.readers
from bluebook.extract.classify import classifier
from bluebook.extract.countries import country_finder
from bluebook.extract.resources import DEFAULT_DATA_DIR, load_resources

try:
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

PACKAGES = (bluebook.extract, bluebook.readers)
SIZES = (16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384)
MAX_RATIO = 11.0  # allowed growth of the time from n to 4 n characters (linear: 4)
NOISE_FLOOR_SECONDS = 0.002  # below this at 4 n, a ratio says nothing
ENOUGH_SECONDS = 0.03  # once a run takes this long, larger inputs add nothing
RUN_LIMIT_SECONDS = 3.0
CONFIRM_RUNS = 9  # best of this many when a ratio first looks superlinear
_ANCHORED = frozenset({"match", "fullmatch"})
_RE_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
)


@dataclasses.dataclass(frozen=True)
class Found:
    """A pattern and where it was found."""

    where: str
    pattern: re.Pattern
    anchored: bool = False  # only ever used with ``match``/``fullmatch`` (measured so)


def _walk(value: object, where: str, depth: int = 0) -> Iterator[Found]:
    """Yield the compiled patterns inside ``value`` (containers, dataclasses, bluebook
    objects), a few levels deep."""
    if isinstance(value, re.Pattern):
        yield Found(where, value)
        return
    if depth > 4:
        return
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list | tuple | set | frozenset):
        items = enumerate(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = ((field.name, getattr(value, field.name)) for field in dataclasses.fields(value))
    elif type(value).__module__.startswith("bluebook.") and hasattr(value, "__dict__"):
        items = vars(value).items()
    else:
        return
    for key, item in items:
        yield from _walk(
            item, f"{where}.{key}" if isinstance(key, str) else f"{where}[{key}]", depth + 1
        )


def _modules() -> list:
    modules = []
    for package in PACKAGES:
        modules.append(package)
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            modules.append(importlib.import_module(info.name))
    return modules


def _inline_patterns(module) -> Iterator[Found]:
    """Patterns given as literals to ``re.<function>(…)`` in the module's source."""
    tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.func.attr in _RE_FUNCTIONS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str | bytes)
        ):
            continue
        flags = 0
        for argument in [*node.args[1:], *(keyword.value for keyword in node.keywords)]:
            if isinstance(argument, ast.Attribute) and argument.attr in ("IGNORECASE", "I"):
                flags |= re.IGNORECASE
        where = f"{module.__name__}:{node.lineno}"
        anchored = node.func.attr in _ANCHORED
        yield Found(where, re.compile(node.args[0].value, flags), anchored)


def _package_sources() -> str:
    return "\n".join(
        Path(inspect.getfile(module)).read_text(encoding="utf-8") for module in _modules()
    )


def _only_anchored(name: str, sources: str) -> bool:
    """Tell whether the module-level pattern ``name`` is only used as ``name.match(…)`` or
    ``name.fullmatch(…)``: from one start, not searched through the text."""
    uses = set(re.findall(rf"\b{re.escape(name)}\.(\w+)\(", sources))
    return bool(uses) and uses <= _ANCHORED


def collect_patterns() -> list[Found]:
    """Every pattern of the extractor and the readers, once each."""
    found: list[Found] = []
    for module in _modules():
        found += _walk(
            {name: value for name, value in vars(module).items() if not name.startswith("__")},
            module.__name__,
        )
        found += _inline_patterns(module)
    found += _walk(load_resources(DEFAULT_DATA_DIR), "resources")
    found += _walk(classifier(DEFAULT_DATA_DIR), "classifier")
    found += _walk(country_finder(DEFAULT_DATA_DIR), "country_finder")
    sources = _package_sources()
    found = [
        dataclasses.replace(item, anchored=True)
        if item.where.count(".") >= 2
        and ":" not in item.where
        and _only_anchored(item.where.rsplit(".", 1)[1], sources)
        else item
        for item in found
    ]
    unique: dict[tuple, Found] = {}
    for item in found:
        unique.setdefault((item.pattern.pattern, item.pattern.flags), item)
    return list(unique.values())


def pattern_literals(pattern: re.Pattern, limit: int = 40) -> list[str]:
    """The literal strings a pattern is made of (runs of plain characters), up to ``limit``."""
    source = pattern.pattern
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    try:
        parsed = _sre_parse.parse(source, pattern.flags & ~re.UNICODE & ~re.ASCII)
    except Exception:
        return []
    found: list[str] = []

    def visit(items) -> None:
        run = ""
        for op, value in items:
            if op is _sre.LITERAL:
                run += chr(value)
                continue
            if run:
                found.append(run)
            run = ""
            if op is _sre.SUBPATTERN:
                visit(value[-1])
            elif op is _sre.BRANCH:
                for branch in value[1]:
                    visit(branch)
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) or op is getattr(
                _sre, "POSSESSIVE_REPEAT", None
            ):
                visit(value[2])
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                visit(value[1])
        if run:
            found.append(run)

    visit(parsed)
    return list(dict.fromkeys(literal for literal in found if literal.strip()))[:limit]


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def adversarial_inputs(pattern: re.Pattern) -> dict[str, Callable[[int], str]]:
    """Input makers, each giving a text of about ``size`` characters."""
    literals = pattern_literals(pattern) or ["x"]
    joined = " ".join(literals) + " "
    bare = "".join(literals)
    first = literals[0]
    return {
        "capitalised words": lambda size: _repeat("Japan ", size),
        "lower-case words": lambda size: _repeat("the meeting ", size),
        "words then a full stop": lambda size: _repeat("Japan ", size - 1) + ".",
        "one long word": lambda size: "a" * size,
        "spaces": lambda size: " " * size,
        "spaces and newlines": lambda size: _repeat(" \n", size),
        "punctuation": lambda size: _repeat(",.;:()-“”'\"!?", size),
        "commas and words": lambda size: _repeat("Japan, ", size),
        "digits": lambda size: _repeat("2019 1 ", size),
        "its literals, spaced": lambda size: _repeat(joined, size),
        "its literals, glued": lambda size: _repeat(bare, size),
        "its first literal, then words": lambda size: first + " " + _repeat("Japan ", size),
        "its first literal repeated": lambda size: _repeat(first + " ", size),
    }


class _RunTooLong(Exception):
    pass


def _on_alarm(signum, frame) -> None:
    raise _RunTooLong


def _run_seconds(pattern: re.Pattern, text: str | bytes, anchored: bool, repeats: int = 3) -> float:
    """CPU seconds of matching ``pattern`` at the start of ``text`` (``anchored``) or of
    consuming every match in it, best of ``repeats``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        if anchored:
            pattern.match(text)
        else:
            for _match in pattern.finditer(text):
                pass
        best = min(best, time.process_time() - start)
        if best > ENOUGH_SECONDS:
            break
    return best


def _input_text(pattern: re.Pattern, make: Callable[[int], str], size: int) -> str | bytes:
    """``make(size)``, as bytes for a bytes pattern."""
    text = make(size)
    return text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text


def superlinear_growth(pattern: re.Pattern, anchored: bool = False) -> str | None:
    """Say how ``pattern``'s time grows faster than linearly on one of the inputs; None if not."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        for name, make in adversarial_inputs(pattern).items():
            times: dict[int, float] = {}
            for size in SIZES:
                text = _input_text(pattern, make, size)
                signal.setitimer(signal.ITIMER_REAL, RUN_LIMIT_SECONDS)
                try:
                    times[size] = _run_seconds(pattern, text, anchored)
                except _RunTooLong:
                    return f"{name}: over {RUN_LIMIT_SECONDS} s at {size} characters"
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                smaller = times.get(size // 4)
                if smaller is not None and times[size] >= NOISE_FLOOR_SECONDS:
                    ratio = times[size] / max(smaller, NOISE_FLOOR_SECONDS / MAX_RATIO)
                    if ratio > MAX_RATIO:
                        # One slow or fast run near the noise floor (a GC pause, the other
                        # core busy) can make a linear pattern look superlinear: measure both
                        # sizes again, more times, and judge on that (same bound).
                        smaller_text = _input_text(pattern, make, size // 4)
                        smaller = _run_seconds(pattern, smaller_text, anchored, CONFIRM_RUNS)
                        times[size] = _run_seconds(pattern, text, anchored, CONFIRM_RUNS)
                        ratio = times[size] / max(smaller, NOISE_FLOOR_SECONDS / MAX_RATIO)
                    if ratio > MAX_RATIO and times[size] >= NOISE_FLOOR_SECONDS:
                        return (
                            f"{name}: {smaller * 1000:.2f} ms at {size // 4} characters, "
                            f"{times[size] * 1000:.2f} ms at {size} (x{ratio:.0f} for x4)"
                        )
                if times[size] > ENOUGH_SECONDS and smaller is not None:
                    break
    finally:
        signal.signal(signal.SIGALRM, previous)
    return None


PATTERNS = collect_patterns()


def test_every_kind_of_pattern_is_collected() -> None:
    """The collection reaches module patterns, inline literals and data-built patterns."""
    places = {found.where.split(".")[0].split(":")[0] for found in PATTERNS}
    wheres = {found.where for found in PATTERNS}
    assert "bluebook.extract.sentences._OPENING_SUBORDINATE" in wheres
    assert any(":" in where and where.startswith("bluebook.extract.") for where in wheres)
    assert any(where.startswith("bluebook.readers.") for where in wheres)
    assert {"resources", "classifier", "country_finder"} <= places
    assert len(PATTERNS) > 200


@pytest.mark.slow
@pytest.mark.parametrize("found", PATTERNS, ids=[found.where for found in PATTERNS])
def test_pattern_time_grows_at_most_linearly(found: Found) -> None:
    problem = superlinear_growth(found.pattern, found.anchored)
    assert problem is None, f"{found.where} ({found.pattern.pattern[:120]!r}) — {problem}"


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [
        # the pattern that hung the extractor (exponential)
        (r"^(?:While|Since|After)\b(?:[^,]*?\s){4,}?[^,]*?, (?=[a-zA-Z])", True),
        # quadratic when searched: every start position reads the rest of the run
        (r"(?:\w+ )+X", False),
        (r"[A-Za-z]+-[a-z]+", False),
        # quadratic from one start: two \s* in a row try every split of a run of spaces
        (r"^\s*(?:\*|\(|\[)?\s*\*?(\d{1,2})\s*(?:\)|\]|\.)?\s*$", True),
    ],
)
def test_checker_catches_superlinear_patterns(pattern: str, anchored: bool) -> None:
    assert superlinear_growth(re.compile(pattern), anchored) is not None


def test_checker_passes_a_linear_pattern() -> None:
    assert superlinear_growth(re.compile(r"\bJapan\b")) is None


def test_opening_subordinate_clause_still_cut() -> None:
    """The rewritten pattern cuts where the old one did (the first comma, four spaces before)."""
    from bluebook.extract.sentences import split_clauses

    sentence = "While the two leaders met in Tokyo in May, the situation worsened."
    assert split_clauses(sentence)[0] == (0, sentence.index(","))
    short = "While in Tokyo, he met the Prime Minister."
    assert split_clauses(short)[0][0] == 0 and split_clauses(short)[0][1] != short.index(",")
