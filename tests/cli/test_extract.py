"""``python -m bluebook extract``: outputs, options and clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from bluebook.cli import main
from bluebook.schema import EVENT_COLUMNS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"


def test_extract_writes_events_csv_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    code = main(
        ["extract", str(FIXTURES / "asia_mofa.txt"), "--source-id", "asia", "--out", str(out)]
    )
    assert code == 0
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert set(frame["source_id"]) == {"asia"}


def test_extract_prints_json_with_a_source_id_from_the_file_name(capsys) -> None:
    assert main(["extract", str(FIXTURES / "middle_east_pdf.txt"), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records and records[0]["source_id"] == "bb2022-middle-east-pdf"


def test_volume_year_option_overrides_the_header(tmp_path: Path, capsys) -> None:
    text = tmp_path / "section.txt"
    text.write_text("(1) Iran\n\nIn May, Foreign Minister Motegi visited Iran.", encoding="utf-8")
    assert main(["extract", str(text), "--volume-year", "2019"]) == 0
    assert ",2018-05,month,IRN,visit," in capsys.readouterr().out


def test_missing_volume_year_is_a_clear_error(tmp_path: Path, capsys) -> None:
    text = tmp_path / "section.txt"
    text.write_text("(1) Iran\n\nIn May, Foreign Minister Motegi visited Iran.", encoding="utf-8")
    assert main(["extract", str(text)]) == 2
    assert "--volume-year" in capsys.readouterr().err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt" in capsys.readouterr().err


def test_an_extraction_over_the_time_limit_names_the_file(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    import re

    from bluebook.extract import sentences

    # the pattern that used to hang the extractor, put back for this test
    hanging = re.compile(r"^(?:While|Since)\b(?:[^,]*?\s){4,}?[^,]*?, (?=[a-zA-Z])")
    monkeypatch.setattr(sentences, "_OPENING_SUBORDINATE", hanging)
    monkeypatch.setenv("BLUEBOOK_EXTRACT_SECONDS", "0.5")
    path = tmp_path / "r.txt"
    path.write_text(
        "Diplomatic Bluebook 2019\n(1) Mexico\nWhile " + "Japan " * 34 + ".\n", encoding="utf-8"
    )
    assert main(["extract", str(path)]) == 2
    assert f"{path}: extraction stopped after 0.5 s" in capsys.readouterr().err
