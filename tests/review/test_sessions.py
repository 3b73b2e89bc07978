"""Review sessions and the sign-in throttle in their SQLite file, shared by processes."""

from __future__ import annotations

import itertools
import multiprocessing
import stat
import subprocess
from pathlib import Path

import pytest

from bluebook.review.reviewers import add_reviewer, load_reviewers
from bluebook.review.sessions import (
    STATE_FILE_VARIABLE,
    ReviewState,
    ReviewStateError,
    attempt_sign_in,
    review_state_file,
    same_origin,
)
from tests.conftest import ROOT

PASSWORD = "a long enough password"
PARALLEL = 12
SAME_MOMENT = 1_000.0


def state(tmp_path: Path, **settings) -> ReviewState:
    return ReviewState(tmp_path / "state" / "review-state.sqlite3", **settings)


# ---------------------------------------------------------------- the file


def test_state_file_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(STATE_FILE_VARIABLE, raising=False)
    assert review_state_file(tmp_path) == tmp_path / ".streamlit" / "review-state.sqlite3"
    monkeypatch.setenv(STATE_FILE_VARIABLE, str(tmp_path / "x.sqlite3"))
    assert review_state_file(tmp_path) == tmp_path / "x.sqlite3"


def test_state_file_is_private_and_ignored_by_git(tmp_path):
    store = state(tmp_path)
    store.open_session("alice", "hash", now=0.0)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    for name in ("review-state.sqlite3", "review-state.sqlite3-journal"):
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", f".streamlit/{name}"], cwd=ROOT, check=False
        )
        assert ignored.returncode == 0, name


def test_unusable_state_file_is_reported_with_its_path(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    store = ReviewState(blocker / "review-state.sqlite3")
    with pytest.raises(ReviewStateError, match="not-a-folder"):
        store.open_session("alice", "hash", now=0.0)


# ---------------------------------------------------------------- sessions


def test_a_session_resumes_by_token_until_idle_or_closed(tmp_path):
    store = state(tmp_path)
    reviewers = {"alice": "hash-a", "bob": "hash-b"}
    token = store.open_session("alice", "hash-a", now=100.0)
    assert store.resume_session(token, reviewers, now=150.0, timeout_seconds=60) == "alice"
    assert store.resume_session(token, reviewers, now=200.0, timeout_seconds=60) == "alice"
    assert store.resume_session(token, reviewers, now=261.0, timeout_seconds=60) is None
    assert store.resume_session(token, reviewers, now=262.0, timeout_seconds=60) is None
    other = store.open_session("bob", "hash-b", now=300.0)
    store.close_session(other)
    assert store.resume_session(other, reviewers, now=301.0, timeout_seconds=60) is None


def test_another_process_resumes_the_session(tmp_path):
    token = state(tmp_path).open_session("alice", "hash-a", now=0.0)
    assert state(tmp_path).resume_session(token, {"alice": "hash-a"}, 1.0, 60) == "alice"


def test_the_file_keeps_only_a_hash_of_the_token(tmp_path):
    store = state(tmp_path)
    token = store.open_session("alice", "hash-a", now=0.0)
    assert token.encode() not in store.path.read_bytes()


@pytest.mark.parametrize("token", [None, "", "A" * 43, "short", "A" * 42 + "!", 12345])
def test_unknown_or_malformed_tokens_resume_nothing(tmp_path, token):
    store = state(tmp_path)
    store.open_session("alice", "hash-a", now=0.0)
    assert store.resume_session(token, {"alice": "hash-a"}, 1.0, 60) is None


@pytest.mark.parametrize("change", ["password", "removal"])
def test_a_password_change_or_removal_ends_the_reviewers_sessions(tmp_path, change):
    path = tmp_path / "reviewers.toml"
    add_reviewer(path, "alice", PASSWORD)
    add_reviewer(path, "bob", PASSWORD)
    store = state(tmp_path)
    reviewers = load_reviewers(path)
    alice = store.open_session("alice", reviewers["alice"], now=0.0)
    bob = store.open_session("bob", reviewers["bob"], now=0.0)
    if change == "password":
        add_reviewer(path, "alice", "another long password")
    else:
        from bluebook.review.reviewers import remove_reviewer

        remove_reviewer(path, "alice")
    now = load_reviewers(path)
    assert store.resume_session(alice, now, 1.0, 60) is None
    add_reviewer(path, "alice", PASSWORD)  # the old password again: a new hash, still ended
    assert store.resume_session(alice, load_reviewers(path), 2.0, 60) is None
    assert store.resume_session(bob, load_reviewers(path), 3.0, 60) == "bob"


def test_sessions_are_bounded_oldest_first(tmp_path):
    store = state(tmp_path, max_sessions=2)
    reviewers = {"a": "h", "b": "h", "c": "h"}
    first, second, third = (store.open_session(name, "h", now=n) for n, name in enumerate("abc"))
    assert store.resume_session(first, reviewers, 5.0, 60) is None
    assert store.resume_session(second, reviewers, 5.0, 60) == "b"
    assert store.resume_session(third, reviewers, 5.0, 60) == "c"


# ---------------------------------------------------------------- throttle


def test_delay_grows_with_attempts_for_a_name_and_is_capped(tmp_path):
    store = state(tmp_path, base=0.5, cap=4.0, max_queue=100.0)
    slots = [store.claim_attempt("alice", now=0.0) for _ in range(6)]
    assert [slot.delay for slot in slots] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert [slot.start for slot in slots] == [0.0, 0.5, 1.5, 3.5, 7.5, 11.5]
    assert store.claim_attempt("bob", now=0.0).delay == 0.5
    store.record_success("ALICE ")
    assert store.claim_attempt("alice", now=20.0) == store.claim_attempt("carol", now=20.0)


def test_attempts_are_forgotten_after_a_quiet_time(tmp_path):
    store = state(tmp_path, base=1.0, cap=8.0, forget_after=60.0)
    store.claim_attempt("alice", now=0.0)
    store.claim_attempt("alice", now=1.0)
    assert store.attempts("alice", now=30.0) == 2
    assert store.attempts("alice", now=100.0) == 0
    assert store.claim_attempt("alice", now=100.0).delay == 1.0


def test_an_attempt_too_far_in_the_queue_is_refused(tmp_path):
    store = state(tmp_path, base=1.0, cap=8.0, max_queue=10.0)
    starts = [store.claim_attempt("alice", now=0.0) for _ in range(6)]
    assert [slot.start if slot else None for slot in starts] == [0.0, 1.0, 3.0, 7.0, None, None]
    assert store.attempts("alice", now=0.0) == 4  # refused attempts claim nothing


def test_the_throttle_remembers_a_bounded_number_of_names(tmp_path):
    store = state(tmp_path, max_names=3)
    for number in range(10):
        store.claim_attempt(f"name{number}", now=float(number))
    assert [store.attempts(f"name{number}", 10.0) for number in range(10)] == [0] * 7 + [1] * 3


def test_attempt_sign_in_waits_for_its_slot_and_delays_a_failure(tmp_path):
    path = tmp_path / "r.toml"
    add_reviewer(path, "alice", PASSWORD)
    store = state(tmp_path, base=0.5, cap=2.0)
    slept: list[float] = []
    times = iter([0.0, 0.0, 0.1, 0.2, 0.2, 0.3, 5.0, 5.0])
    clock = times.__next__
    reviewers = load_reviewers(path)
    assert not attempt_sign_in(reviewers, "alice", "wrong", store, slept.append, clock)
    assert not attempt_sign_in(reviewers, "alice", "wrong", store, slept.append, clock)
    assert attempt_sign_in(reviewers, "alice", PASSWORD, store, slept.append, clock)
    # first: answered at its slot's end (0.5); second: waits for its slot (0.5), then 1 s more
    assert slept == pytest.approx([0.4, 0.3, 1.2])
    assert store.attempts("alice", now=5.0) == 0


def _claim_at_the_same_moment(path: str, barrier, results) -> None:
    barrier.wait()
    slot = ReviewState(Path(path), max_queue=60.0).claim_attempt("Alice", SAME_MOMENT)
    results.append(None if slot is None else slot.start)


def test_parallel_attempts_from_many_processes_get_no_more_slots_than_serial_ones(tmp_path):
    """Twelve processes trying one name at the same moment queue behind one another: the
    slots they get are exactly those of one client trying twelve times in a row."""
    path = str(tmp_path / "parallel.sqlite3")
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier, results = manager.Barrier(PARALLEL), manager.list()
        workers = [
            context.Process(target=_claim_at_the_same_moment, args=(path, barrier, results))
            for _ in range(PARALLEL)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        parallel = sorted(start for start in results if start is not None)
        refused = sum(start is None for start in results)
    serial_store = ReviewState(tmp_path / "serial.sqlite3", max_queue=60.0)
    serial, now = [], SAME_MOMENT
    for _ in range(PARALLEL):  # one client: each attempt as soon as the last was answered
        slot = serial_store.claim_attempt("alice", now)
        serial.append(slot.start)
        now = slot.start + slot.delay
    admitted = [start for start in serial if start - SAME_MOMENT <= 60.0]
    assert parallel == admitted
    assert refused == PARALLEL - len(admitted)
    assert all(later - earlier >= 0.5 for earlier, later in itertools.pairwise(parallel))


# ---------------------------------------------------------------- origin


@pytest.mark.parametrize(
    ("headers", "scheme", "same"),
    [
        ({"Origin": "http://127.0.0.1:8501", "Host": "127.0.0.1:8501"}, "http", True),
        ({"Origin": "http://127.0.0.1:8899", "Host": "127.0.0.1:8501"}, "http", False),
        ({"Origin": "http://localhost:8501", "Host": "127.0.0.1:8501"}, "http", False),
        ({"Origin": "https://127.0.0.1:8501", "Host": "127.0.0.1:8501"}, "http", False),
        ({"Origin": "https://atlas.example", "Host": "atlas.example"}, "https", True),
        (
            {
                "Origin": "https://atlas.example",
                "Host": "atlas.example",
                "X-Forwarded-Proto": "https",
            },
            "http",
            True,
        ),
        ({"Origin": "http://Atlas.Example", "Host": "atlas.example"}, "http", True),
        ({"Origin": "null", "Host": "127.0.0.1:8501"}, "http", False),
        ({"Host": "127.0.0.1:8501"}, "http", False),
        ({"Origin": "http://127.0.0.1:8501"}, "http", False),
        ({"Origin": "http://127.0.0.1:8501", "Host": None}, "http", False),
    ],
)
def test_same_origin_only_for_the_pages_own_scheme_host_and_port(headers, scheme, same):
    assert same_origin(headers, scheme) is same
