"""Reviewers: the file, argon2 hashes, sign-in checks, the throttle and the CLI."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys

import pytest

from bluebook import reviewers, reviewers_command
from bluebook.reviewers import (
    ReviewersError,
    SignInThrottle,
    add_reviewer,
    attempt_sign_in,
    load_reviewers,
    remove_reviewer,
    session_expired,
    verify_sign_in,
)
from tests.conftest import ROOT

PASSWORD = "a long enough password"


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bluebook", "reviewers", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_added_reviewer_signs_in_with_the_password_only(tmp_path):
    path = tmp_path / "reviewers.toml"
    assert add_reviewer(path, "alice", PASSWORD) is True
    stored = load_reviewers(path)
    assert list(stored) == ["alice"]
    assert stored["alice"].startswith("$argon2id$") and PASSWORD not in path.read_text()
    assert verify_sign_in(stored, "alice", PASSWORD)
    assert not verify_sign_in(stored, "alice", PASSWORD + "x")
    assert not verify_sign_in(stored, "mallory", PASSWORD)
    assert not verify_sign_in(stored, "Alice", PASSWORD)


def test_new_reviewers_file_is_private_and_changing_a_password_keeps_others(tmp_path):
    path = tmp_path / "sub" / "reviewers.toml"
    add_reviewer(path, "alice", PASSWORD)
    add_reviewer(path, "bob", PASSWORD)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    old = load_reviewers(path)["alice"]
    assert add_reviewer(path, "alice", "another password") is False
    assert load_reviewers(path)["alice"] != old
    assert verify_sign_in(load_reviewers(path), "bob", PASSWORD)
    remove_reviewer(path, "bob")
    assert list(load_reviewers(path)) == ["alice"]


@pytest.mark.parametrize(
    "content",
    ["reviewers = 3\n", "[reviewers]\nalice = 3\n", '[reviewers]\n"bad name" = "x"\n', "[[["],
)
def test_malformed_reviewers_file_is_reported_with_its_path(tmp_path, content):
    path = tmp_path / "reviewers.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewersError, match=str(path)):
        load_reviewers(path)


@pytest.mark.parametrize(
    ("name", "password"), [("bad name", PASSWORD), ("", PASSWORD), ("alice", "short")]
)
def test_bad_name_or_password_is_refused(tmp_path, name, password):
    with pytest.raises(ReviewersError):
        add_reviewer(tmp_path / "r.toml", name, password)
    assert not (tmp_path / "r.toml").exists()


def test_reviewers_file_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(reviewers.REVIEWERS_FILE_VARIABLE, raising=False)
    assert reviewers.reviewers_file(tmp_path) == tmp_path / ".streamlit" / "reviewers.toml"
    monkeypatch.setenv(reviewers.REVIEWERS_FILE_VARIABLE, str(tmp_path / "x.toml"))
    assert reviewers.reviewers_file(tmp_path) == tmp_path / "x.toml"


@pytest.mark.parametrize(("value", "seconds"), [("", 1800), ("5", 300), ("abc", 1800), ("0", 1800)])
def test_idle_timeout_from_the_environment(monkeypatch, value, seconds):
    monkeypatch.setenv(reviewers.IDLE_MINUTES_VARIABLE, value)
    assert reviewers.idle_timeout_seconds() == seconds


def test_session_expiry():
    assert not session_expired(100.0, 160.0, 60.0)
    assert session_expired(100.0, 160.5, 60.0)


# ---------------------------------------------------------------- throttle


def test_delay_grows_with_failures_for_a_name_and_is_capped():
    throttle = SignInThrottle(base=0.5, cap=4.0)
    delays = [throttle.record_failure("alice", now=float(n)) for n in range(6)]
    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert throttle.record_failure("bob", now=6.0) == 0.5
    throttle.record_success("alice")
    assert throttle.record_failure("alice", now=7.0) == 0.5


def test_attempt_during_a_delay_waits_for_it_and_failures_are_forgotten():
    throttle = SignInThrottle(base=1.0, cap=8.0, forget_after=60.0)
    throttle.record_failure("alice", now=0.0)
    throttle.record_failure("ALICE ", now=0.0)
    assert throttle.wait_before("alice", now=0.5) == 1.5
    assert throttle.wait_before("alice", now=5.0) == 0.0
    assert throttle.record_failure("alice", now=100.0) == 1.0


def test_throttle_remembers_a_bounded_number_of_names():
    throttle = SignInThrottle(max_names=3)
    for number in range(10):
        throttle.record_failure(f"name{number}", now=0.0)
    assert len(throttle._failures) == 3


def test_attempt_sign_in_sleeps_on_failure_only(tmp_path):
    path = tmp_path / "r.toml"
    add_reviewer(path, "alice", PASSWORD)
    stored = load_reviewers(path)
    throttle = SignInThrottle(base=0.5, cap=2.0)
    slept: list[float] = []
    clock = iter([0.0, 0.1, 1.0, 1.1, 5.0, 5.1]).__next__
    assert not attempt_sign_in(stored, "alice", "wrong", throttle, slept.append, clock)
    assert not attempt_sign_in(stored, "alice", "wrong", throttle, slept.append, clock)
    assert attempt_sign_in(stored, "alice", PASSWORD, throttle, slept.append, clock)
    assert slept == [0.5, 1.0]
    assert throttle.wait_before("alice", 5.2) == 0.0


# ---------------------------------------------------------------- command line


def test_cli_add_list_remove(tmp_path):
    path = tmp_path / "reviewers.toml"
    added = run_cli("--file", str(path), "add", "alice", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert "added alice" in added.stdout
    assert verify_sign_in(load_reviewers(path), "alice", PASSWORD)
    assert run_cli("--file", str(path), "add", "bob", stdin=PASSWORD + "\n").returncode == 0
    listed = run_cli("--file", str(path), "list")
    assert listed.stdout.split() == ["alice", "bob"]
    assert "$argon2" not in listed.stdout
    assert run_cli("--file", str(path), "remove", "alice").returncode == 0
    assert run_cli("--file", str(path), "list").stdout.split() == ["bob"]


def test_cli_uses_the_file_from_the_environment(tmp_path):
    path = tmp_path / "from-env.toml"
    done = subprocess.run(
        [sys.executable, "-m", "bluebook", "reviewers", "add", "carol"],
        cwd=ROOT,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, reviewers.REVIEWERS_FILE_VARIABLE: str(path)},
    )
    assert done.returncode == 0, done.stderr
    assert list(load_reviewers(path)) == ["carol"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("add", "bad name"), PASSWORD + "\n", "not valid"),
        (("add", "dave"), "short\n", "at least 8 characters"),
        (("remove", "nobody"), "", "no reviewer 'nobody'"),
    ],
)
def test_cli_refuses_bad_input_with_one_line_and_exit_2(tmp_path, args, stdin, message):
    path = tmp_path / "reviewers.toml"
    done = run_cli("--file", str(path), *args, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_cli_list_without_a_file_says_so(tmp_path):
    done = run_cli("--file", str(tmp_path / "none.toml"), "list")
    assert done.returncode == 0 and "no reviewers file" in done.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_password_is_asked_twice_on_a_terminal(monkeypatch):
    answers = iter(["first password", "first password"])
    monkeypatch.setattr(reviewers_command.getpass, "getpass", lambda prompt: next(answers))
    assert reviewers_command.read_password(Terminal()) == "first password"
    answers = iter(["first password", "second password"])
    with pytest.raises(ReviewersError, match="differ"):
        reviewers_command.read_password(Terminal())


def test_password_from_a_pipe_is_the_first_line():
    assert reviewers_command.read_password(io.StringIO("secret one\nignored\n")) == "secret one"


def test_reviewers_file_is_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".streamlit/reviewers.toml"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0


def test_a_review_session_resumes_by_token_until_idle_or_closed():
    sessions = reviewers.ReviewSessions()
    token = sessions.open("alice", now=100.0)
    assert reviewers.TOKEN_PATTERN.match(token)
    assert sessions.resume(token, now=150.0, timeout_seconds=60) == "alice"
    assert sessions.resume(token, now=200.0, timeout_seconds=60) == "alice"  # refreshed at 150
    assert sessions.resume(token, now=261.0, timeout_seconds=60) is None  # idle 61 s
    assert sessions.resume(token, now=262.0, timeout_seconds=60) is None  # and gone
    other = sessions.open("bob", now=0.0)
    sessions.close(other)
    assert sessions.resume(other, now=1.0, timeout_seconds=60) is None


@pytest.mark.parametrize("token", [None, "", "A" * 43, "short", "A" * 42 + "!", 12345])
def test_unknown_or_malformed_tokens_resume_nothing(token):
    sessions = reviewers.ReviewSessions()
    sessions.open("alice", now=0.0)
    assert sessions.resume(token, now=1.0, timeout_seconds=60) is None


def test_review_sessions_are_bounded_oldest_first():
    sessions = reviewers.ReviewSessions(max_sessions=2)
    first, second, third = (sessions.open(name, now=0.0) for name in ("a", "b", "c"))
    assert sessions.resume(first, now=1.0, timeout_seconds=60) is None
    assert sessions.resume(second, now=1.0, timeout_seconds=60) == "b"
    assert sessions.resume(third, now=1.0, timeout_seconds=60) == "c"
