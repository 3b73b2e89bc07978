"""Review sessions and sign-in throttling, shared by every app process through one SQLite file.

Nothing here lives in the app's memory or in Streamlit's caches, so nothing a client sends
(``clear_cache`` empties every cache) can sign reviewers out or reset a delay, and every
process behind ``make serve`` sees the same sessions and the same failures. The file is
``.streamlit/review-state.sqlite3`` by default (git-ignored, readable by its owner only), or
the path in ``BLUEBOOK_REVIEW_STATE_FILE``.

- **Sessions**: a random 32-byte token (kept in the browser's cookie) → reviewer. The file
  holds only the token's SHA-256, the name, a fingerprint of the reviewer's password hash and
  the last activity (wall clock). A token resolves while the session is not idle too long and
  the reviewer's password hash is still the one they signed in with: changing the password or
  removing the reviewer (``python -m bluebook reviewers ...``) ends every session of theirs.
- **Throttle**: per reviewer name (case and surrounding spaces ignored), across every session
  and process. Each attempt claims the next free slot of that name, so attempts made in
  parallel queue one behind the other exactly as attempts made one after another: after the
  n-th attempt the next one may start ``base * 2**(n-1)`` seconds later, at most ``cap``. An
  attempt whose slot is more than ``max_queue`` seconds away is refused without checking the
  password. A successful sign-in, or ``forget_after`` seconds without an attempt, clears the
  name.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bluebook.review.reviewers import ReviewersError, verify_sign_in

STATE_FILE_VARIABLE = "BLUEBOOK_REVIEW_STATE_FILE"
DEFAULT_STATE_FILE = Path(".streamlit") / "review-state.sqlite3"
FILE_PERMISSIONS = 0o600
BUSY_TIMEOUT_S = 30.0
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}\Z")
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    credential TEXT NOT NULL,
    last_active REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_activity ON sessions (last_active);
CREATE TABLE IF NOT EXISTS attempts (
    name_key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last REAL NOT NULL,
    next_allowed REAL NOT NULL
);
"""


class ReviewStateError(ReviewersError):
    """The review state file cannot be used; the message names it and the fix."""


def review_state_file(default_root: Path) -> Path:
    """The state file: ``BLUEBOOK_REVIEW_STATE_FILE``, else ``.streamlit/review-state.sqlite3``."""
    configured = os.environ.get(STATE_FILE_VARIABLE, "").strip()
    return Path(configured) if configured else Path(default_root) / DEFAULT_STATE_FILE


def credential_of(password_hash: str | None) -> str | None:
    """A fingerprint of a reviewer's stored password hash (None for no reviewer)."""
    if password_hash is None:
        return None
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


def throttle_key(name: str) -> str:
    """The name as the throttle counts it: case and surrounding spaces ignored."""
    return name.strip().casefold()[:64]


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt's slot: when it may be checked, and the delay after it if it fails."""

    start: float
    delay: float


class ReviewState:
    """The sessions and the throttle in the SQLite file at ``path`` (created when first used).

    Every method is one short transaction, safe from any thread or process. Raises
    ``ReviewStateError`` when the file cannot be created, opened or written.
    """

    def __init__(
        self,
        path: Path,
        *,
        base: float = 0.5,
        cap: float = 8.0,
        forget_after: float = 900.0,
        max_queue: float = 16.0,
        max_names: int = 10_000,
        max_sessions: int = 1_000,
    ) -> None:
        self.path = Path(path)
        self.base, self.cap, self.forget_after, self.max_queue = base, cap, forget_after, max_queue
        self.max_names, self.max_sessions = max_names, max_sessions

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            if not self.path.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, FILE_PERMISSIONS))
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise ReviewStateError(
                f"{self.path}: the review state file cannot be opened ({error}); make its folder "
                f"writable or set {STATE_FILE_VARIABLE} to another path"
            ) from error
        try:
            connection.executescript(SCHEMA)
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise ReviewStateError(
                f"{self.path}: the review state file cannot be used ({error}); delete it (every "
                "reviewer is then signed out) or fix its permissions"
            ) from error
        finally:
            connection.close()

    # ------------------------------------------------------------ throttle

    def delay_after(self, count: int) -> float:
        """The delay after ``count`` consecutive attempts that failed."""
        return min(self.base * 2 ** max(0, min(count, 32) - 1), self.cap)

    def claim_attempt(self, name: str, now: float) -> Attempt | None:
        """Claim the next slot for an attempt on ``name`` (None: the queue is too long)."""
        key = throttle_key(name)
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT count, last, next_allowed FROM attempts WHERE name_key = ?", (key,)
            ).fetchone()
            count, start = 0, now
            if row is not None and now - row[1] <= self.forget_after:
                count, start = row[0], max(now, row[2])
            if start - now > self.max_queue:
                return None
            count += 1
            delay = self.delay_after(count)
            connection.execute(
                "INSERT OR REPLACE INTO attempts VALUES (?, ?, ?, ?)",
                (key, count, start, start + delay),
            )
            connection.execute(
                "DELETE FROM attempts WHERE name_key IN (SELECT name_key FROM attempts "
                "ORDER BY last DESC LIMIT -1 OFFSET ?)",
                (self.max_names,),
            )
        return Attempt(start, delay)

    def record_success(self, name: str) -> None:
        """Forget the attempts on ``name``."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM attempts WHERE name_key = ?", (throttle_key(name),))

    def attempts(self, name: str, now: float) -> int:
        """How many attempts on ``name`` count towards its delay now."""
        with self._transaction() as connection:
            row = connection.execute(
                "SELECT count, last FROM attempts WHERE name_key = ?", (throttle_key(name),)
            ).fetchone()
        return 0 if row is None or now - row[1] > self.forget_after else int(row[0])

    # ------------------------------------------------------------ sessions

    def open_session(self, name: str, password_hash: str, now: float) -> str:
        """Start a session for ``name`` (whose stored hash is ``password_hash``); its token."""
        token = secrets.token_urlsafe(32)
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?)",
                (_token_hash(token), name, credential_of(password_hash), now),
            )
            connection.execute(
                "DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM sessions "
                "ORDER BY last_active DESC LIMIT -1 OFFSET ?)",
                (self.max_sessions,),
            )
        return token

    def resume_session(
        self, token: object, reviewers: Mapping[str, str], now: float, timeout_seconds: float
    ) -> str | None:
        """The reviewer of ``token``, refreshed; None when unknown, idle or no longer valid.

        ``reviewers`` (name → stored hash) is the reviewers file as it is now: a session whose
        reviewer was removed or has another password since is ended.
        """
        if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
            return None
        hashed = _token_hash(token)
        with self._transaction() as connection:
            connection.execute(
                "DELETE FROM sessions WHERE last_active < ?", (now - timeout_seconds,)
            )
            row = connection.execute(
                "SELECT name, credential FROM sessions WHERE token_hash = ?", (hashed,)
            ).fetchone()
            if row is None:
                return None
            name, credential = row
            if credential_of(reviewers.get(name)) != credential:
                connection.execute("DELETE FROM sessions WHERE token_hash = ?", (hashed,))
                return None
            connection.execute(
                "UPDATE sessions SET last_active = ? WHERE token_hash = ?", (now, hashed)
            )
        return name

    def close_session(self, token: object) -> None:
        """End the session of ``token`` (nothing if there is none)."""
        if isinstance(token, str) and TOKEN_PATTERN.match(token):
            with self._transaction() as connection:
                connection.execute(
                    "DELETE FROM sessions WHERE token_hash = ?", (_token_hash(token),)
                )


def attempt_sign_in(
    reviewers: Mapping[str, str],
    name: str,
    password: str,
    state: ReviewState,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.time,
) -> bool:
    """Check a sign-in through the throttle: wait for its slot, verify, delay a failure.

    False without checking the password when the name's queue is longer than
    ``state.max_queue``. The total wait is at most ``state.max_queue + state.cap``.
    """
    attempt = state.claim_attempt(name, clock())
    if attempt is None:
        return False
    wait = attempt.start - clock()
    if wait > 0:
        sleep(wait)
    if verify_sign_in(dict(reviewers), name, password):
        state.record_success(name)
        return True
    rest = attempt.start + attempt.delay - clock()
    if rest > 0:
        sleep(rest)
    return False


def same_origin(headers: Mapping[str, str | None], default_scheme: str = "http") -> bool:
    """True when the websocket's ``Origin`` is the page's own scheme, host and port.

    ``headers`` are the websocket request's (``Origin``, ``Host``, and ``X-Forwarded-Proto``
    from a proxy in front, else ``default_scheme``). A browser always sends ``Origin`` on a
    websocket and a page cannot forge it, so a page of another site, or of another port of
    this host, is told apart from the app's own page. No ``Origin`` or no ``Host``: False.
    """
    origin, host = headers.get("Origin"), headers.get("Host")
    if not origin or not host:
        return False
    scheme = (headers.get("X-Forwarded-Proto") or default_scheme).split(",")[0].strip()
    return origin.strip().lower() == f"{scheme.lower()}://{host.strip().lower()}"
