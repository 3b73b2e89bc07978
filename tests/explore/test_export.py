"""Downloads for tools: the CSV opens with plain pandas.read_csv, formulas neutralised, the
GeoJSON reads with geopandas with one feature per country and its events as objects."""

from __future__ import annotations

import io
import json

import geopandas as gpd
import pandas as pd
import pytest

from bluebook.explore import export
from tests.geo_fixtures import real_units_frame, shipped_dataset, shipped_world

HOSTILE = {
    '=HYPERLINK("http://example.invalid","x")': '\'=HYPERLINK("http://example.invalid","x")',
    "+1+2": "'+1+2",
    "-2+3": "'-2+3",
    "@SUM(A1)": "'@SUM(A1)",
    "\tTabbed": "'\tTabbed",
    "\rReturn": "'\rReturn",
    "López met Japan": "López met Japan",
    "a = b": "a = b",
    "": "",
}


def names() -> dict[str, str]:
    units = real_units_frame()
    return dict(zip(units["iso3"], units["name"], strict=True))


def shipped_events() -> pd.DataFrame:
    return shipped_dataset().events.copy()


@pytest.mark.parametrize(("value", "expected"), HOSTILE.items())
def test_neutralise_formula(value: str, expected: str) -> None:
    assert export.neutralise_formula(value) == expected


def test_the_csv_opens_with_plain_read_csv_into_the_event_columns() -> None:
    dataset = shipped_dataset()
    data = export.to_csv(dataset.events, dataset.sources, names())
    assert data.startswith(b"\xef\xbb\xbfevent_id,")  # UTF-8 byte-order mark, then the header
    table = pd.read_csv(io.BytesIO(data))
    assert list(table.columns) == list(export.PEOPLE_COLUMNS)
    assert len(table) == len(dataset.events)
    assert table["event_id"].tolist() == dataset.events["event_id"].tolist()
    assert table["paragraph"].dtype == "int64" and table["page"].isna().all()
    first = table.set_index("event_id").loc["bb2022-ch2-cac-001"]
    assert first["countries"] == "UZB;KAZ;KGZ;TJK"
    assert first["country_names"] == "Uzbekistan; Kazakhstan; Kyrgyzstan; Tajikistan"
    assert first["source_url"].startswith("https://www.mofa.go.jp/")
    assert first["source_title"].startswith("Diplomatic Bluebook 2022")


def test_every_text_cell_that_starts_a_formula_is_neutralised() -> None:
    dataset = shipped_dataset()
    events = dataset.events.head(len(HOSTILE)).copy()
    hostile = list(HOSTILE)
    for column in ("title", "evidence", "actors_japan", "section"):
        events[column] = hostile
    table = pd.read_csv(
        io.BytesIO(export.to_csv(events, dataset.sources, names())),
        dtype=str,
        keep_default_na=False,
    )
    for column in ("title", "evidence", "actors_japan", "section"):
        # The CSV writer quotes cells with a carriage return; pandas gives them back whole.
        assert table[column].tolist() == list(HOSTILE.values()), column


def test_the_citation_file_names_the_view_and_every_source() -> None:
    sources = shipped_dataset().sources
    text = export.citation_text(
        "Bluebook Atlas, events extracted from: X.", "http://h/events?type=call", sources
    ).decode("utf-8")
    assert text.startswith("Bluebook Atlas, events extracted from: X.\n")
    assert "Link to this view: http://h/events?type=call" in text
    assert sources["url"].iloc[0] in text


def test_the_json_keeps_lists_and_names() -> None:
    dataset = shipped_dataset()
    payload = json.loads(export.to_json(dataset.events, dataset.sources, names(), "cite"))
    assert payload["count"] == len(dataset.events) and payload["citation"] == "cite"
    first = payload["events"][0]
    assert first["countries"] == ["UZB", "KAZ", "KGZ", "TJK"]
    assert first["country_names"][0] == "Uzbekistan" and first["page"] is None
    assert isinstance(first["reviewed"], bool) and isinstance(first["paragraph"], int)


def test_the_geojson_reads_with_geopandas_one_feature_per_country(tmp_path) -> None:
    dataset = shipped_dataset()
    taxonomy = dataset.taxonomy
    ids = {"event_type": list(taxonomy.event_types), "themes": list(taxonomy.themes)}
    data = export.to_geojson(dataset.events, shipped_world(), dataset.sources, ids, "cite")
    path = tmp_path / "events.geojson"
    path.write_bytes(data)
    frame = gpd.read_file(path)
    per_country = (
        dataset.events["countries"].explode().value_counts().rename_axis("iso3").rename("n")
    )
    assert sorted(frame["iso3"]) == sorted(per_country.index)
    assert frame["geometry"].notna().all() and frame.crs.to_epsg() == 4326
    uzbekistan = frame.set_index("iso3").loc["UZB"]
    assert uzbekistan["name"] == "Uzbekistan"
    assert uzbekistan["event_count"] == per_country["UZB"]
    type_counts = sum(uzbekistan[f"type_{kind}"] for kind in taxonomy.event_types)
    assert type_counts == per_country["UZB"]
    # The events are a list of objects: GDAL hands nested JSON over as text.
    events = uzbekistan["events"]
    events = json.loads(events) if isinstance(events, str) else events
    assert len(events) == per_country["UZB"]
    assert set(events[0]) == set(export.GEOJSON_EVENT_FIELDS)
    assert events[0]["url"].startswith("https://www.mofa.go.jp/")
    # The same file as plain GeoJSON keeps the list as a list.
    features = json.loads(data)["features"]
    assert isinstance(features[0]["properties"]["events"], list)
    assert features[0]["properties"]["event_count"] == per_country.max()
