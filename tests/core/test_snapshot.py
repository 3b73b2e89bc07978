"""The validated snapshot: a later load reads it, any change sends the data through validation."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from bluebook import snapshot
from bluebook.dataset import load_dataset
from bluebook.errors import DataError
from bluebook.validate import known_country_codes

FRAMES = ("events", "event_countries", "theme_matrix", "countries", "sources")


@pytest.fixture(scope="module")
def country_codes() -> frozenset[str]:
    return known_country_codes()


def snapshots(cache: Path) -> list[Path]:
    return sorted(path for path in cache.iterdir() if path.is_dir())


def test_snapshot_gives_the_same_dataset_as_the_csv_files(data_copy, tmp_path, country_codes):
    cache = tmp_path / "cache"
    from_csv = load_dataset(data_copy, country_codes)
    first = load_dataset(data_copy, country_codes, cache_dir=cache)
    assert len(snapshots(cache)) == 1
    second = load_dataset(data_copy, country_codes, cache_dir=cache)
    for loaded in (first, second):
        for name in FRAMES:
            pd.testing.assert_frame_equal(getattr(loaded, name), getattr(from_csv, name))
        assert loaded.taxonomy.themes == from_csv.taxonomy.themes


def test_second_load_does_not_validate(data_copy, tmp_path, country_codes, monkeypatch):
    cache = tmp_path / "cache"
    load_dataset(data_copy, country_codes, cache_dir=cache)

    def refuse(*args, **kwargs):
        raise AssertionError("validated although nothing changed")

    monkeypatch.setattr("bluebook.dataset.check_data_dir", refuse)
    assert len(load_dataset(data_copy, country_codes, cache_dir=cache).events) > 0


@pytest.mark.parametrize("table", ["events.csv", "countries.csv", "sources/sources.csv"])
def test_a_broken_edit_is_caught_despite_the_snapshot(data_copy, tmp_path, country_codes, table):
    cache = tmp_path / "cache"
    load_dataset(data_copy, country_codes, cache_dir=cache)
    path = data_copy / table
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines[:1], '"unclosed,quote\n', *lines[1:]]), encoding="utf-8")
    with pytest.raises(DataError):
        load_dataset(data_copy, country_codes, cache_dir=cache)


def test_an_edit_with_the_same_size_is_seen(data_copy, tmp_path, country_codes):
    cache = tmp_path / "cache"
    before = load_dataset(data_copy, country_codes, cache_dir=cache)
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",call,", ",meet,", 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(DataError, match=re.escape("'meet' is not in taxonomy/event_types.csv")):
        load_dataset(data_copy, country_codes, cache_dir=cache)
    path.write_text(text.replace(",call,", ",visit,", 1), encoding="utf-8")
    after = load_dataset(data_copy, country_codes, cache_dir=cache)
    assert (after.events["event_type"] == "call").sum() == (
        before.events["event_type"] == "call"
    ).sum() - 1


def test_other_country_codes_mean_another_validation(data_copy, tmp_path, country_codes):
    cache = tmp_path / "cache"
    load_dataset(data_copy, country_codes, cache_dir=cache)
    with pytest.raises(DataError, match="'UZB' is not a known ISO3 code"):
        load_dataset(data_copy, country_codes - {"UZB"}, cache_dir=cache)


def test_an_unwritable_cache_still_loads(data_copy, tmp_path, country_codes):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    dataset = load_dataset(data_copy, country_codes, cache_dir=blocker / "cache")
    assert len(dataset.events) > 0


def test_old_snapshots_and_those_of_removed_folders_are_pruned(tmp_path, data_copy, country_codes):
    cache = tmp_path / "cache"
    gone = tmp_path / "gone"
    old = snapshot.snapshot_path(cache, gone, "0" * 32)
    old.mkdir(parents=True)
    (old / snapshot.MANIFEST).write_text(f'{{"data_dir": "{gone}"}}', encoding="utf-8")
    events = data_copy / "events.csv"
    for step in range(snapshot.KEEP_PER_FOLDER + 2):
        stat = events.stat()
        os.utime(events, ns=(stat.st_atime_ns, stat.st_mtime_ns + (step + 1) * 1_000_000))
        load_dataset(data_copy, country_codes, cache_dir=cache)
    kept = snapshots(cache)
    assert old not in kept
    assert len(kept) == snapshot.KEEP_PER_FOLDER
