"""Broken copies of the data folder give file:line messages and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from bluebook.validate import parse_date, validate_data_dir
from tests.conftest import run_validate


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "2021-05,month,UZB,call",
            "2021-05,month,UZX,call",
            "events.csv:14: countries: 'UZX' is not a known ISO3 code",
        ),
        (
            "2021-05,month,UZB,call",
            "2021-05,month,uzb,call",
            "events.csv:14: countries: 'uzb' is not upper case — write 'UZB'",
        ),
        (
            "2021-05,month,UZB,call",
            "2021-13,month,UZB,call",
            "events.csv:14: date: '2021-13' is not a date",
        ),
        (
            "2021-05,month,UZB,call",
            "May 2021,month,UZB,call",
            "events.csv:14: date: 'May 2021' is not a date",
        ),
        (
            "2021-05,month,UZB,call",
            "2021-05-02,month,UZB,call",
            "events.csv:14: date_precision: 'month' does not match",
        ),
        (
            "2021-05,month,UZB,call",
            "2023-05,month,UZB,call",
            "events.csv:14: date: '2023-05' is outside 1945–2022",
        ),
        (
            "UZB,call,summit",
            "UZB,phonecall,summit",
            "events.csv:14: event_type: 'phonecall' is not in taxonomy/event_types.csv",
        ),
        (
            "telephone,true,political_dialogue,Prime Minister Suga,President Shavkat",
            "telephone,true,politics,Prime Minister Suga,President Shavkat",
            "events.csv:14: themes: 'politics'",
        ),
        (
            "bb2022-ch2-cac-013",
            "bb2022-ch2-cac-012",
            "events.csv:14: event_id: 'bb2022-ch2-cac-012' repeats line 13",
        ),
        (
            "telephone,true,political_dialogue,Prime Minister Suga,President Shavkat",
            "telephone,yes,political_dialogue,Prime Minister Suga,President Shavkat",
            "events.csv:14: japan_involved: 'yes' is not a boolean",
        ),
        (
            "During the summit telephone call, Prime Minister Suga stated",
            "During the summit telephone call, Prime Minister Abe stated",
            "events.csv:14: evidence: passage not found in the source text",
        ),
    ],
)
def test_broken_event_row_is_reported_with_file_and_line(data_copy, old, new, expected):
    replace_in(data_copy / "events.csv", old, new)
    messages = [str(problem) for problem in validate_data_dir(data_copy)]
    assert any(expected in message for message in messages), messages


def test_missing_column_names_the_column_and_the_header(data_copy):
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(",mode,", ",")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    messages = [str(problem) for problem in validate_data_dir(data_copy)]
    assert any(":1: mode: missing column(s)" in message for message in messages), messages


def test_unknown_source_in_countries_table(data_copy):
    replace_in(data_copy / "countries.csv", "TJK,bb2022-ch2-cac", "TJK,bb2099-x")
    messages = [str(problem) for problem in validate_data_dir(data_copy)]
    assert any(
        "countries.csv:5: source_id: 'bb2099-x' is not in sources/sources.csv" in m
        for m in messages
    )
    assert any("no summary of TJK for bb2022-ch2-cac" in m for m in messages)


def test_cli_exits_two_and_prints_every_problem(data_copy):
    replace_in(data_copy / "events.csv", "2021-05,month,UZB,call", "2021-5,month,UZX,call")
    result = run_validate(data_copy)
    assert result.returncode == 2
    assert "events.csv:14: date: '2021-5' is not a date" in result.stderr
    assert "events.csv:14: countries: 'UZX'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_on_missing_folder_exits_two_without_traceback(tmp_path):
    result = run_validate(tmp_path / "nowhere")
    assert result.returncode == 2
    assert "not a folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021", "year"),
        ("2021-05", "month"),
        ("2021-05-23", "day"),
        ("2021-02-30", None),
        ("21-05", None),
        ("2021-5", None),
    ],
)
def test_parse_date_precisions(value, expected):
    parsed = parse_date(value)
    assert (parsed[1] if parsed else None) == expected
