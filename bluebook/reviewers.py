"""Reviewers: who may sign in to the Review page, with argon2 password hashes.

The reviewers live in a TOML file outside ``data/`` (never committed): by default
``.streamlit/reviewers.toml``, or the path in ``BLUEBOOK_REVIEWERS_FILE``. It holds one table::

    [reviewers]
    alice = "$argon2id$v=19$m=65536,t=3,p=4$..."

No file means no Review page. ``SignInThrottle`` slows down repeated wrong sign-ins per name;
``session_expired`` ends idle sessions; ``ReviewSessions`` lets a sign-in survive a reload of
the tab. Nothing here imports Streamlit.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
import tomllib
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tomli_w
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bluebook.tables import write_text_atomic

REVIEWERS_FILE_VARIABLE = "BLUEBOOK_REVIEWERS_FILE"
DEFAULT_REVIEWERS_FILE = Path(".streamlit") / "reviewers.toml"
IDLE_MINUTES_VARIABLE = "BLUEBOOK_REVIEW_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}\Z")
MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024
FILE_PERMISSIONS = 0o600
HEADER = (
    "# Bluebook Atlas reviewers: name = argon2 hash of the password.\n"
    "# Managed with `python -m bluebook reviewers add|remove|list`; keep this file private.\n"
)
_HASHER = PasswordHasher()


class ReviewersError(Exception):
    """The reviewers file or a command argument is unusable; the message says how to fix it."""


def reviewers_file(default_root: Path) -> Path:
    """The reviewers file: ``BLUEBOOK_REVIEWERS_FILE``, else ``.streamlit/reviewers.toml`` there."""
    configured = os.environ.get(REVIEWERS_FILE_VARIABLE, "").strip()
    return Path(configured) if configured else Path(default_root) / DEFAULT_REVIEWERS_FILE


def idle_timeout_seconds() -> float:
    """Idle time after which a reviewer is signed out (``BLUEBOOK_REVIEW_IDLE_MINUTES``).

    An unset or invalid value means the default, 30 minutes.
    """
    value = os.environ.get(IDLE_MINUTES_VARIABLE, "").strip()
    minutes = int(value) if value.isascii() and value.isdigit() and int(value) > 0 else 0
    return 60.0 * (minutes or DEFAULT_IDLE_MINUTES)


def check_name(name: str) -> str:
    """Return ``name`` if it is a valid reviewer name; raise ``ReviewersError`` otherwise."""
    if not NAME_PATTERN.match(name):
        raise ReviewersError(
            f"reviewer name {name[:40]!r} is not valid: use 1–40 letters, digits, '.', '_' or "
            "'-', starting with a letter or digit"
        )
    return name


def check_password(password: str) -> str:
    """Return ``password`` if it is acceptable; raise ``ReviewersError`` otherwise."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise ReviewersError(f"the password must have at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise ReviewersError(f"the password must have at most {MAX_PASSWORD_CHARS} characters")
    return password


def load_reviewers(path: Path) -> dict[str, str]:
    """Read the reviewers file: name → argon2 hash. A missing file means no reviewers.

    Raises ``ReviewersError`` naming the file when it is not valid TOML or not of the expected
    form.
    """
    path = Path(path)
    if not path.exists():
        return {}
    try:
        content = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ReviewersError(
            f"{path}: cannot be read ({error}); fix it or recreate it with "
            "python -m bluebook reviewers add NAME"
        ) from error
    table = content.get("reviewers", {})
    if not isinstance(table, dict):
        raise ReviewersError(f"{path}: 'reviewers' must be a table of name = \"hash\" lines")
    reviewers: dict[str, str] = {}
    for name, value in table.items():
        if not NAME_PATTERN.match(name) or not isinstance(value, str):
            raise ReviewersError(
                f"{path}: entry {name[:40]!r} is not a valid reviewer; remove it or recreate it "
                "with python -m bluebook reviewers add NAME"
            )
        reviewers[name] = value
    return reviewers


def save_reviewers(path: Path, reviewers: dict[str, str]) -> None:
    """Write the reviewers file atomically, readable by its owner only when newly created."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_PERMISSIONS))
    text = HEADER + tomli_w.dumps({"reviewers": dict(sorted(reviewers.items()))})
    write_text_atomic(text, path)


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted; argon2-cffi's default parameters)."""
    return _HASHER.hash(password)


def add_reviewer(path: Path, name: str, password: str) -> bool:
    """Add ``name`` with ``password`` (or change its password); True if the name is new."""
    check_name(name)
    check_password(password)
    reviewers = load_reviewers(path)
    new = name not in reviewers
    reviewers[name] = hash_password(password)
    save_reviewers(path, reviewers)
    return new


def remove_reviewer(path: Path, name: str) -> None:
    """Remove ``name``; raises ``ReviewersError`` if there is no such reviewer."""
    reviewers = load_reviewers(path)
    if name not in reviewers:
        raise ReviewersError(
            f"{path}: no reviewer {name[:40]!r}; see python -m bluebook reviewers list"
        )
    del reviewers[name]
    save_reviewers(path, reviewers)


@cache
def _dummy_hash() -> str:
    """Verified when the name is unknown: a wrong name costs as much time as a wrong password."""
    return _HASHER.hash("not the password of anyone")


def verify_sign_in(reviewers: dict[str, str], name: str, password: str) -> bool:
    """True when ``name`` is a reviewer and ``password`` is theirs.

    An unknown name costs the same argon2 verification as a known one, so the time taken does
    not tell which names exist.
    """
    stored = reviewers.get(name)
    try:
        _HASHER.verify(stored or _dummy_hash(), password[:MAX_PASSWORD_CHARS])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return stored is not None


def session_expired(last_active: float, now: float, timeout_seconds: float) -> bool:
    """True when a session idle since ``last_active`` has passed ``timeout_seconds``."""
    return now - last_active > timeout_seconds


SESSION_COOKIE = "bluebook_review"
"""The browser cookie holding a review session's token (no Max-Age: it ends with the browser)."""
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}\Z")


class ReviewSessions:
    """Signed-in reviewers by random token, so that reloading the tab keeps a reviewer signed in.

    A Streamlit session ends with its tab's connection; the token, kept in a browser cookie,
    lets the next connection of that browser resume. A token is 32 random bytes, resolves only
    in the process that issued it (a restart signs everyone out), and lapses after the idle
    timeout like the session itself; signing out closes it. At most ``max_sessions`` are kept
    (the least recently used go first). Thread-safe.
    """

    def __init__(self, max_sessions: int = 1_000) -> None:
        self.max_sessions = max_sessions
        self._sessions: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def open(self, name: str, now: float) -> str:
        """Start a session for ``name``; return its token."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[token] = (name, now)
            while len(self._sessions) > self.max_sessions:
                self._sessions.popitem(last=False)
        return token

    def resume(self, token: object, now: float, timeout_seconds: float) -> str | None:
        """The reviewer of ``token`` if it is open and not idle too long (then refreshed)."""
        if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
            return None
        with self._lock:
            found = self._sessions.pop(token, None)
            if found is None or session_expired(found[1], now, timeout_seconds):
                return None
            self._sessions[token] = (found[0], now)
            return found[0]

    def close(self, token: object) -> None:
        """End the session of ``token`` (nothing if there is none)."""
        with self._lock:
            if isinstance(token, str):
                self._sessions.pop(token, None)


@dataclass
class _Failures:
    count: int
    last: float
    locked_until: float


class SignInThrottle:
    """Per-name delays after wrong sign-ins, shared by every session of a process.

    After the n-th consecutive failure for a name, the answer waits ``base * 2**(n-1)`` seconds,
    at most ``cap``; another attempt for that name before the delay has passed waits for the
    rest of it first. Failures are forgotten after ``forget_after`` seconds without one or on a
    successful sign-in. At most ``max_names`` names are remembered (the oldest go first), so
    made-up names cannot fill the memory. Thread-safe.
    """

    def __init__(
        self,
        base: float = 0.5,
        cap: float = 8.0,
        forget_after: float = 900.0,
        max_names: int = 10_000,
    ) -> None:
        self.base, self.cap, self.forget_after, self.max_names = base, cap, forget_after, max_names
        self._failures: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _key(name: str) -> str:
        return name.strip().casefold()[:64]

    def wait_before(self, name: str, now: float) -> float:
        """Seconds to wait before checking an attempt for ``name`` (0 when not throttled)."""
        with self._lock:
            failures = self._failures.get(self._key(name))
            if failures is None or now - failures.last > self.forget_after:
                return 0.0
            return min(max(0.0, failures.locked_until - now), self.cap)

    def record_failure(self, name: str, now: float) -> float:
        """Count a failed attempt; return the delay to apply before answering it."""
        key = self._key(name)
        with self._lock:
            failures = self._failures.pop(key, None)
            if failures is None or now - failures.last > self.forget_after:
                failures = _Failures(0, now, now)
            failures.count += 1
            delay = self.delay_after(failures.count)
            failures.last, failures.locked_until = now, now + delay
            self._failures[key] = failures
            while len(self._failures) > self.max_names:
                self._failures.popitem(last=False)
            return delay

    def record_success(self, name: str) -> None:
        """Forget the failures of ``name``."""
        with self._lock:
            self._failures.pop(self._key(name), None)

    def delay_after(self, count: int) -> float:
        """The delay after ``count`` consecutive failures."""
        return min(self.base * 2 ** max(0, min(count, 32) - 1), self.cap)


def attempt_sign_in(
    reviewers: dict[str, str],
    name: str,
    password: str,
    throttle: SignInThrottle,
    sleep=time.sleep,
    clock=time.monotonic,
) -> bool:
    """Check a sign-in through ``throttle``: wait out an earlier delay, verify, delay a failure.

    The total wait of one call is at most twice the throttle's cap.
    """
    wait = throttle.wait_before(name, clock())
    if wait > 0:
        sleep(wait)
    if verify_sign_in(reviewers, name, password):
        throttle.record_success(name)
        return True
    sleep(throttle.record_failure(name, clock()))
    return False
