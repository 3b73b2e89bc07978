"""``ingest`` appends unreviewed events, never touches existing rows, and is all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import bluebook.ingest as ingest_module
from bluebook.cli import main
from bluebook.extract.normalize import normalize_text

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
EUROPE = FIXTURES / "europe_web.txt"
FIRST_SOURCE = "bluebook_2022_ch2_central_asia_caucasus_belarus.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def ingest(data_dir: Path, path: Path, *options: str) -> int:
    return main(["ingest", str(path), "--data-dir", str(data_dir), *options])


def test_ingest_registers_the_source_and_appends_unreviewed_events(data_copy: Path) -> None:
    before = (data_copy / "events.csv").read_bytes()
    assert ingest(data_copy, EUROPE) == 0
    after = (data_copy / "events.csv").read_bytes()
    assert after.startswith(before)
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    new = events[events["source_id"] == "bb2023-europe-web"]
    assert len(new) == 10 and set(new["reviewed"]) == {"false"}
    sources = pd.read_csv(data_copy / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    row = sources[sources["source_id"] == "bb2023-europe-web"].iloc[0]
    assert (row["volume_year"], row["file"]) == ("2023", "europe_web.txt")
    stored = (data_copy / "sources" / "europe_web.txt").read_text(encoding="utf-8")
    assert stored == normalize_text(EUROPE.read_text(encoding="utf-8"))
    assert main(["validate", str(data_copy)]) == 0


def test_a_second_ingest_of_the_same_text_changes_nothing(data_copy: Path, capsys) -> None:
    assert ingest(data_copy, EUROPE) == 0
    first = snapshot(data_copy)
    assert ingest(data_copy, EUROPE) == 0
    assert snapshot(data_copy) == first
    assert "0 event(s) added" in capsys.readouterr().out


def test_reviewed_rows_are_never_changed_or_duplicated(data_copy: Path) -> None:
    before = snapshot(data_copy)
    source = data_copy / "sources" / FIRST_SOURCE
    assert ingest(data_copy, source, "--source-id", "bb2022-ch2-cac") == 0
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    assert (data_copy / "events.csv").read_bytes().startswith(before["events.csv"])
    assert len(events[events["reviewed"] == "false"]) <= 3
    assert snapshot(data_copy)["sources/sources.csv"] == before["sources/sources.csv"]


def test_a_source_id_taken_by_another_text_is_refused(data_copy: Path, capsys) -> None:
    before = snapshot(data_copy)
    assert ingest(data_copy, EUROPE, "--source-id", "bb2022-ch2-cac") == 2
    assert "different text" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_nothing_is_written_when_the_result_would_not_validate(data_copy: Path, capsys) -> None:
    events = data_copy / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace(",UZB,", ",ZZZ,", 1), encoding="utf-8"
    )
    before = snapshot(data_copy)
    assert ingest(data_copy, EUROPE) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_a_failed_write_puts_every_file_back(data_copy: Path, monkeypatch) -> None:
    before = snapshot(data_copy)
    calls = []
    real_write = ingest_module.write_text_atomic

    def failing_write(text: str, path: Path) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real_write(text, path)

    monkeypatch.setattr(ingest_module, "write_text_atomic", failing_write)
    with pytest.raises(OSError):
        ingest_module.ingest_source(EUROPE, data_copy)
    assert snapshot(data_copy) == before


def test_ingest_needs_a_volume_year(data_copy: Path, tmp_path: Path, capsys) -> None:
    text = tmp_path / "iran.txt"
    text.write_text("(1) Iran\n\nIn May, Foreign Minister Motegi visited Iran.", encoding="utf-8")
    assert ingest(data_copy, text) == 2
    assert "--volume-year" in capsys.readouterr().err
    assert ingest(data_copy, text, "--volume-year", "2022") == 0
