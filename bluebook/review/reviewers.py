"""Reviewers: who may sign in to the Review page, with argon2 password hashes.

The reviewers live in a TOML file outside ``data/`` (never committed): by default
``.streamlit/reviewers.toml``, or the path in ``BLUEBOOK_REVIEWERS_FILE``. It holds one table::

    [reviewers]
    alice = "$argon2id$v=19$m=65536,t=3,p=4$..."

No file means no Review page. ``session_expired`` ends idle sessions; the sessions that survive
a reload of the tab and the throttle of wrong sign-ins are in ``bluebook.review.sessions``.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import os
import re
import tomllib
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
