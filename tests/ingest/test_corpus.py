"""Every text of the development corpus ingests: one by one into a fresh copy of ``data/`` with
its volume year, and all 95 as one folder in one command.

Before, 42 of the 95 were refused: 5 with "empty section" pointing at a line of events.csv that
did not exist, 37 genuine Bluebook pages (prefaces, overviews) with "no events found". The
extraction of each text is done once per test session and reused (it does not depend on the
data folder's events).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bluebook.cli import main
from bluebook.ingest.pipeline import (
    PreparedDocument,
    commit_documents,
    prepare_document,
    read_source,
)
from tests.conftest import DATA_DIR

CORPUS = Path(__file__).parents[1] / "fixtures" / "bluebook-dev"
with (CORPUS / "documents.csv").open(encoding="utf-8") as handle:
    ROWS = list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> dict[str, PreparedDocument]:
    """Each text read and extracted once, against a pristine copy of ``data/``."""
    data = tmp_path_factory.mktemp("pristine") / "data"
    shutil.copytree(DATA_DIR, data)
    return {
        row["doc"]: prepare_document(
            read_source(CORPUS / "texts" / row["doc"]), data, int(row["volume_year"])
        )
        for row in ROWS
    }


def test_the_corpus_has_95_texts() -> None:
    assert len(ROWS) == 95


@pytest.mark.parametrize("row", ROWS, ids=[row["doc"] for row in ROWS])
def test_each_text_ingests_into_a_fresh_data_folder(
    row: dict[str, str], prepared: dict[str, PreparedDocument], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    item = prepared[row["doc"]]
    [result] = commit_documents([item], data)  # validates the folder it would write
    assert result.registered and result.added == len(item.events)
    assert result.paragraphs >= 1
    sources = pd.read_csv(data / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    registered = sources.set_index("source_id").loc[result.source_id]
    assert registered["volume_year"] == row["volume_year"]
    assert not registered["section"].startswith("Chapter ")  # "Chapter 2 Japan's" before
    events = pd.read_csv(data / "events.csv", dtype=str, keep_default_na=False)
    new = events[events["source_id"] == result.source_id]
    assert len(new) == result.added and (new["section"].str.strip() != "").all()


@pytest.mark.slow
def test_the_whole_corpus_as_one_folder_ingests_in_one_command(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    """A saved volume: each text with its "Diplomatic Bluebook YYYY" line, as a saved page
    has its volume in its title. No-event pages are reported and stop nothing."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for row in ROWS:
        text = (CORPUS / "texts" / row["doc"]).read_text(encoding="utf-8")
        header = f"Diplomatic Bluebook {row['volume_year']}\n\n"
        (folder / row["doc"]).write_text(header + text, encoding="utf-8")
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 95 and all(": registered; " in line for line in out)
    no_events = [line for line in out if "; no events in " in line]
    assert no_events and all(line.endswith("paragraphs read") for line in no_events)
    sources = pd.read_csv(data_copy / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    assert len(sources) == 1 + 95
    assert main(["validate", str(data_copy)]) == 0
