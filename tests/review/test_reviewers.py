"""Reviewers: the file, argon2 hashes, sign-in checks and the CLI (sessions and throttle:
``test_review_state.py``)."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys

import pytest

from bluebook.cli import reviewers as reviewers_command
from bluebook.review import reviewers
from bluebook.review.reviewers import (
    ReviewersError,
    add_reviewer,
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
