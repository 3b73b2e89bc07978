"""The dataset download: data/ as a zip holding a Frictionless Data Package that validates."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from bluebook.explore.datapackage import (
    DESCRIPTOR_NAME,
    build_dataset_zip,
    build_descriptor,
    data_files,
)
from bluebook.schema import EVENT_COLUMNS


def unpacked(data: Path, target: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(build_dataset_zip(data))) as archive:
        archive.extractall(target)
    return target


def validation_errors(folder: Path) -> list[str]:
    report = frictionless.validate(str(folder / DESCRIPTOR_NAME))
    return [f"{task.name}: {error.type}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]


def test_the_zip_holds_every_data_file_and_validates(data_copy: Path, tmp_path: Path) -> None:
    folder = unpacked(data_copy, tmp_path / "package")
    names = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert names == {*data_files(data_copy), DESCRIPTOR_NAME}
    assert (folder / "events.csv").read_bytes() == (data_copy / "events.csv").read_bytes()
    assert validation_errors(folder) == []


def test_the_events_resource_describes_fields_types_and_keys(data_copy: Path) -> None:
    descriptor = build_descriptor(data_copy)
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    events = resources["events"]
    assert events["path"] == "events.csv"
    fields = {field["name"]: field["type"] for field in events["schema"]["fields"]}
    assert list(fields) == list(EVENT_COLUMNS)
    assert fields["paragraph"] == "integer" and fields["reviewed"] == "boolean"
    assert events["schema"]["primaryKey"] == ["event_id"]
    targets = {key["reference"]["resource"] for key in events["schema"]["foreignKeys"]}
    assert targets == {"sources", "event_types", "levels", "modes"}
    assert resources["sources"]["schema"]["primaryKey"] == ["source_id"]
    assert resources["countries"]["schema"]["primaryKey"] == ["iso3", "source_id"]
    # Every table is described, and every source text travels with it as a file.
    tables = {resource["path"] for resource in resources.values() if resource["type"] == "table"}
    assert tables == {name for name in data_files(data_copy) if name.endswith(".csv")}
    texts = [resource for resource in resources.values() if resource["path"].endswith(".txt")]
    assert texts and all(resource["type"] == "file" for resource in texts)


def _rewrite_events(data: Path, change) -> None:
    path = data / "events.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    change(table)
    table.to_csv(path, index=False, lineterminator="\n")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda table: table.loc.__setitem__((0, "paragraph"), "two"), "type-error"),
        (lambda table: table.loc.__setitem__((0, "date"), "May 2021"), "constraint-error"),
        (
            lambda table: table.loc.__setitem__((1, "event_id"), table.loc[0, "event_id"]),
            "primary-key",
        ),
        (lambda table: table.loc.__setitem__((0, "source_id"), "nowhere"), "foreign-key"),
        (lambda table: table.loc.__setitem__((0, "reviewed"), "yes"), "type-error"),
    ],
)
def test_a_broken_events_table_fails_validation(
    data_copy: Path, tmp_path: Path, change, error: str
) -> None:
    _rewrite_events(data_copy, change)
    assert f"events: {error}" in validation_errors(unpacked(data_copy, tmp_path / "package"))


def test_hidden_files_and_links_stay_out(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / ".secret").write_text("not data")
    outside = tmp_path / "outside.txt"
    outside.write_text("outside")
    (data_copy / "sources" / "link.txt").symlink_to(outside)
    files = data_files(data_copy)
    assert ".secret" not in files and "sources/link.txt" not in files
    descriptor = json.loads(
        zipfile.ZipFile(io.BytesIO(build_dataset_zip(data_copy))).read(DESCRIPTOR_NAME)
    )
    assert "sources/link.txt" not in {resource["path"] for resource in descriptor["resources"]}
