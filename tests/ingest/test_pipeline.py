"""``ingest`` appends unreviewed events, never touches existing rows, and is all-or-nothing."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

import bluebook.ingest.pipeline as ingest_module
from bluebook import transaction
from bluebook.cli import main
from bluebook.extract.normalize import normalize_text

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
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
    real_stage = transaction.stage_file

    def failing_stage(path: Path, content: str | bytes) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_stage(path, content)

    monkeypatch.setattr(transaction, "stage_file", failing_stage)
    with pytest.raises(OSError):
        ingest_module.ingest_source(EUROPE, data_copy)
    assert snapshot(data_copy) == before


def test_ingest_needs_a_volume_year(data_copy: Path, tmp_path: Path, capsys) -> None:
    text = tmp_path / "iran.txt"
    text.write_text("(1) Iran\n\nIn May, Foreign Minister Motegi visited Iran.", encoding="utf-8")
    assert ingest(data_copy, text) == 2
    assert "--volume-year" in capsys.readouterr().err
    assert ingest(data_copy, text, "--volume-year", "2022") == 0


IRAN_TEXT = "(1) Iran\n\nIn May, Foreign Minister Motegi visited Iran."


def registered_year(data_dir: Path, file_name: str) -> str:
    sources = pd.read_csv(data_dir / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    return sources.loc[sources["file"] == file_name, "volume_year"].item()


@pytest.mark.parametrize(
    ("relative", "year"),
    [
        ("bluebook_2005_asia_pacific.txt", 2005),
        ("downloads/2022/ch2.html", 2022),
        ("bluebook2019/chapter2/page.html", 2019),
        ("2021/bluebook_2020_overview.txt", 2020),  # the file's own name first
        ("bluebook_2005_2006_asia.txt", None),  # two years: the name decides nothing
        ("iran.txt", None),
        ("bluebook_1945_asia.txt", None),  # before the first Bluebook (1957)
        ("chapter_12345.txt", None),  # not a year standing alone
    ],
)
def test_the_volume_year_read_from_a_path(relative: str, year: int | None) -> None:
    found, _ = ingest_module.volume_year_from_path(Path("/srv/in") / relative)
    assert found == year


def test_a_text_without_a_header_takes_the_year_in_its_name(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    text = tmp_path / "bluebook_2021_iran.txt"
    text.write_text(IRAN_TEXT, encoding="utf-8")
    assert ingest(data_copy, text) == 0
    assert "volume year 2021 read from the name 'bluebook_2021_iran'" in capsys.readouterr().err
    assert registered_year(data_copy, text.name) == "2021"


def test_the_header_and_the_option_come_before_the_name(data_copy: Path, tmp_path: Path) -> None:
    headed = tmp_path / "bluebook_2005_iran.txt"
    headed.write_text(f"Diplomatic Bluebook 2022\n\n{IRAN_TEXT}", encoding="utf-8")
    assert ingest(data_copy, headed) == 0
    assert registered_year(data_copy, headed.name) == "2022"
    named = tmp_path / "bluebook_2005_tehran.txt"
    named.write_text(IRAN_TEXT.replace("May", "June"), encoding="utf-8")
    assert ingest(data_copy, named, "--volume-year", "2022") == 0
    assert registered_year(data_copy, named.name) == "2022"


def test_a_name_with_two_years_is_refused_with_the_fix(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    text = tmp_path / "bluebook_2005_2006_iran.txt"
    text.write_text(IRAN_TEXT, encoding="utf-8")
    before = snapshot(data_copy)
    assert ingest(data_copy, text) == 2
    assert "pass --volume-year" in capsys.readouterr().err
    assert snapshot(data_copy) == before


@pytest.mark.slow
def test_a_folder_of_several_volumes_ingests_in_one_command(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    """Saved texts of four volumes as they come (no 'Diplomatic Bluebook YYYY' line), each
    registered under the year in its name or its folder's."""
    corpus = Path(__file__).parents[1] / "fixtures" / "bluebook-dev" / "texts"
    chosen = {
        "bluebook_2005_asia_pacific_pdf.txt": "2005",
        "bluebook_2007_north_america.txt": "2007",
        "bluebook_2017_china_txt.txt": "2017",
    }
    folder = tmp_path / "volumes"
    for name in chosen:
        target = folder / name.split("_")[1] / name
        target.parent.mkdir(parents=True)
        target.write_bytes((corpus / name).read_bytes())
    (folder / "2021").mkdir()
    (folder / "2021" / "iran.txt").write_text(IRAN_TEXT, encoding="utf-8")
    assert ingest(data_copy, folder) == 0
    assert capsys.readouterr().err.count("read from the name") == 4
    for name, year in {**chosen, "iran.txt": "2021"}.items():
        assert registered_year(data_copy, name) == year
    assert main(["validate", str(data_copy)]) == 0


DOCUMENTS = Path(__file__).parents[1] / "fixtures" / "documents"


def test_a_saved_web_page_is_stored_as_its_text_with_the_original_recorded(
    data_copy: Path,
) -> None:
    page = DOCUMENTS / "first_source.html"
    assert ingest(data_copy, page) == 0
    sources = pd.read_csv(data_copy / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    row = sources[sources["source_id"] == "bb2022-first-source"].iloc[0]
    assert (row["file"], row["original_file"], row["original_format"]) == (
        "first_source.txt",
        "first_source.html",
        "html",
    )
    assert row["original_sha256"] == hashlib.sha256(page.read_bytes()).hexdigest()
    assert row["url"] == (  # from the browser's "saved from" line
        "https://www.mofa.go.jp/policy/other/bluebook/2022/en_html/chapter2/c020602.html"
    )
    stored = (data_copy / "sources" / "first_source.txt").read_text(encoding="utf-8")
    assert "<" not in stored and "Back to Top" not in stored
    assert not (data_copy / "sources" / "first_source.pages.csv").exists()
    assert main(["validate", str(data_copy)]) == 0


def test_several_documents_are_all_read_before_anything_is_written(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "a_europe.txt").write_bytes(EUROPE.read_bytes())
    (folder / "b_broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    before = snapshot(data_copy)
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 2
    assert "b_broken.pdf" in capsys.readouterr().err
    assert snapshot(data_copy) == before
    (folder / "b_broken.pdf").unlink()
    (folder / "c_page.html").write_bytes((DOCUMENTS / "first_source.html").read_bytes())
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "bb2023-a-europe: registered" in out and "bb2022-c-page: registered" in out


def test_one_source_id_for_several_documents_is_refused(data_copy: Path, capsys) -> None:
    paths = [str(EUROPE), str(DOCUMENTS / "first_source.html")]
    assert main(["ingest", *paths, "--source-id", "x", "--data-dir", str(data_copy)]) == 2
    assert "name one source but 2 documents were given" in capsys.readouterr().err


def test_an_ingest_extracts_outside_the_lock_and_loses_no_review(
    data_copy: Path, monkeypatch
) -> None:
    """The ingest extracts while a reviewer holds the data-folder lock, then waits for it to
    write: a save made meanwhile survives (both take ``data_folder_lock``)."""
    import threading

    from bluebook.tables import data_folder_lock

    extracted = threading.Event()
    original_extract = ingest_module.extract_frame

    def spying_extract(*args, **kwargs):
        frame = original_extract(*args, **kwargs)
        extracted.set()
        return frame

    monkeypatch.setattr(ingest_module, "extract_frame", spying_extract)
    results: list[int] = []
    with data_folder_lock(data_copy):
        before = (data_copy / "events.csv").read_bytes()
        worker = threading.Thread(target=lambda: results.append(ingest(data_copy, EUROPE)))
        worker.start()
        assert extracted.wait(timeout=120), "the extraction waited for the lock"
        worker.join(timeout=1.0)
        assert worker.is_alive() and (data_copy / "events.csv").read_bytes() == before
        events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
        events.loc[0, "title"] = "Title saved by a reviewer during the ingest"
        events.to_csv(data_copy / "events.csv", index=False)
    worker.join(timeout=120)
    assert results == [0]
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    assert events.loc[0, "title"] == "Title saved by a reviewer during the ingest"
    assert (events["source_id"] == "bb2023-europe-web").sum() == 10


def test_a_slow_extraction_never_blocks_a_review_decision(data_copy: Path, monkeypatch) -> None:
    """A decision made while an ingest extracts is applied at once, and both are kept."""
    import threading

    from bluebook.review.queue import ACCEPT, Decision, apply_decision, load_events, row_hash

    started, release = threading.Event(), threading.Event()
    original_extract = ingest_module.extract_frame

    def slow_extract(*args, **kwargs):
        started.set()
        release.wait(timeout=120)
        return original_extract(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "extract_frame", slow_extract)
    results: list[int] = []
    worker = threading.Thread(target=lambda: results.append(ingest(data_copy, EUROPE)))
    worker.start()
    try:
        assert started.wait(timeout=120)
        row = load_events(data_copy).iloc[0][list(ingest_module.EVENT_COLUMNS)].to_dict()
        decided = threading.Thread(
            target=lambda: results.append(
                apply_decision(data_copy, Decision(ACCEPT, row["event_id"], row_hash(row)), "ann")
            )
        )
        decided.start()
        decided.join(timeout=30)
        assert not decided.is_alive(), "the decision waited for the extraction"
        assert results[0].status == "done"
    finally:
        release.set()
        worker.join(timeout=120)
    assert results[1] == 0
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    log = pd.read_csv(data_copy / "review_log.csv", dtype=str, keep_default_na=False)
    assert list(log[["reviewer", "event_id", "action"]].iloc[-1]) == [
        "ann",
        row["event_id"],
        "accept",
    ]
    assert (events["source_id"] == "bb2023-europe-web").sum() == 10


# ---------------------------------------------------------------- robustness (issues 18, 21)

DEVELOPMENT = Path(__file__).parents[1] / "fixtures" / "bluebook-dev"
NO_EVENT_PAGE = DEVELOPMENT / "texts" / "bluebook_2012_preface.txt"
NOT_THE_BLUEBOOK = (
    "Diplomatic Bluebook 2022\n\nPreheat the oven to two hundred degrees. Mix the flour and the "
    "butter in a large bowl until the mixture looks like fine breadcrumbs, then add two eggs, a "
    "little milk and a pinch of salt. Knead the dough for a few minutes on a floured table, "
    "shape it into a round loaf and bake it for forty minutes until it is golden and sounds "
    "hollow when it is tapped underneath. Let it cool on a rack before it is cut.\n"
)


def test_the_same_text_under_another_name_is_refused(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    assert ingest(data_copy, EUROPE) == 0
    before = snapshot(data_copy)
    renamed = tmp_path / "europe_again.txt"
    renamed.write_bytes(EUROPE.read_bytes())
    capsys.readouterr()
    assert ingest(data_copy, renamed) == 2
    assert "already ingested as bb2023-europe-web" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_two_copies_of_a_text_in_one_batch_are_refused(data_copy: Path, tmp_path, capsys) -> None:
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "a.txt").write_bytes(EUROPE.read_bytes())
    (folder / "b.txt").write_bytes(EUROPE.read_bytes())
    before = snapshot(data_copy)
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "b.txt: already ingested as bb2023-a" in err and "nothing was written" in err
    assert snapshot(data_copy) == before


def test_a_batch_is_all_or_nothing(data_copy: Path, tmp_path: Path, capsys) -> None:
    """A document refused after the others were read (here: not the Bluebook) leaves data/ as
    it was; before, the documents ahead of it were already written."""
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "a_europe.txt").write_bytes(EUROPE.read_bytes())
    (folder / "b_recipe.txt").write_text(NOT_THE_BLUEBOOK, encoding="utf-8")
    before = snapshot(data_copy)
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "b_recipe.txt: no events found; is it a section of the Diplomatic Bluebook" in err
    assert "nothing was written" in err
    assert snapshot(data_copy) == before


def test_a_batch_refused_at_validation_writes_nothing(data_copy: Path, tmp_path, monkeypatch):
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "a_europe.txt").write_bytes(EUROPE.read_bytes())
    (folder / "b_page.html").write_bytes((DOCUMENTS / "first_source.html").read_bytes())
    original_extract = ingest_module.extract_frame

    def one_bad_row(text, source_id, volume_year):
        frame = original_extract(text, source_id, volume_year)
        if source_id.endswith("b-page"):
            frame.loc[0, "themes"] = "no_such_theme"
        return frame

    monkeypatch.setattr(ingest_module, "extract_frame", one_bad_row)
    before = snapshot(data_copy)
    with pytest.raises(ingest_module.IngestError) as refused:
        documents = [ingest_module.read_source(path) for path in sorted(folder.iterdir())]
        prepared = [ingest_module.prepare_document(doc, data_copy) for doc in documents]
        ingest_module.commit_documents(prepared, data_copy)
    assert snapshot(data_copy) == before
    # the problem names the document and its new event, not a line events.csv does not have
    message = refused.value.messages[0]
    assert message.startswith(f"{folder / 'b_page.html'}: new event 1 of ")
    assert "themes" in message and "events.csv:" not in "\n".join(refused.value.messages)


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_a_link_out_of_the_folder_is_refused(
    kind: str, data_copy: Path, tmp_path: Path, capsys
) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(EUROPE.read_bytes())
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "page.html").write_bytes((DOCUMENTS / "first_source.html").read_bytes())
    link = folder / ("linked.txt" if kind == "file" else "linked")
    link.symlink_to(outside / "secret.txt" if kind == "file" else outside)
    before = snapshot(data_copy)
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 2
    assert f"{link}: is a link to {outside.resolve()}" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_a_link_inside_the_folder_gives_its_document_once(data_copy: Path, tmp_path) -> None:
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "europe.txt").write_bytes(EUROPE.read_bytes())
    (folder / "same.txt").symlink_to(folder / "europe.txt")
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 0


def test_a_page_with_no_events_is_reported_and_never_stops_the_others(
    data_copy: Path, tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "volume"
    folder.mkdir()
    (folder / "a_europe.txt").write_bytes(EUROPE.read_bytes())
    (folder / "b_preface.txt").write_text(
        "Diplomatic Bluebook 2012\n\n" + NO_EVENT_PAGE.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert main(["ingest", str(folder), "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "bb2023-a-europe: registered; 10 event(s) added" in out
    assert re.search(
        r"bb2012-b-preface: registered; no events in \S+b_preface.txt; \d+ paragraphs read", out
    )
    sources = pd.read_csv(data_copy / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    assert {"bb2023-a-europe", "bb2012-b-preface"} <= set(sources["source_id"])
    assert main(["validate", str(data_copy)]) == 0


@pytest.mark.parametrize(
    "text",
    [NOT_THE_BLUEBOOK, "Diplomatic Bluebook 2022\n\nThe weather was mild in Tokyo.\n"],
    ids=["English prose naming no country", "one short sentence"],
)
def test_text_that_is_not_the_bluebook_is_refused(
    text: str, data_copy: Path, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "other.txt"
    path.write_text(text, encoding="utf-8")
    before = snapshot(data_copy)
    assert ingest(data_copy, path) == 2
    assert "is it a section of the Diplomatic Bluebook in English?" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_a_text_without_a_section_heading_gets_the_section_given(data_copy: Path, capsys):
    preface = DEVELOPMENT / "texts" / "bluebook_2008_preface.txt"
    assert ingest(data_copy, preface, "--volume-year", "2008", "--section", "Preface") == 0
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    new = events[events["source_id"] == "bb2008-preface"]
    assert len(new) >= 1 and set(new["section"]) == {"Preface"}
    sources = pd.read_csv(data_copy / "sources" / "sources.csv", dtype=str, keep_default_na=False)
    assert sources.set_index("source_id").loc["bb2008-preface", "section"] == "Preface"


def test_without_section_the_file_name_is_used_and_the_option_named(data_copy: Path, capsys):
    preface = DEVELOPMENT / "texts" / "bluebook_2008_preface.txt"
    assert ingest(data_copy, preface, "--volume-year", "2008") == 0
    assert "--section" in capsys.readouterr().err
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    assert set(events[events["source_id"] == "bb2008-preface"]["section"]) == {
        "bluebook 2008 preface"
    }


def test_an_extraction_over_the_time_limit_is_stopped_with_the_file_named(
    data_copy: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """The pattern that hung the extractor, put back: the limit stops it and names the file."""

    from bluebook.extract import sentences

    hanging = re.compile(r"^(?:While|Although|Since|After)\b(?:[^,]*?\s){4,}?[^,]*?, (?=[a-zA-Z])")
    monkeypatch.setattr(sentences, "_OPENING_SUBORDINATE", hanging)
    monkeypatch.setenv("BLUEBOOK_EXTRACT_SECONDS", "1")
    path = tmp_path / "r.txt"
    path.write_text(
        "Diplomatic Bluebook 2019\n(1) Mexico\nWhile " + "Japan " * 34 + ".\n", encoding="utf-8"
    )
    before = snapshot(data_copy)
    assert ingest(data_copy, path) == 2
    err = capsys.readouterr().err
    assert f"{path}: extraction stopped after 1 s" in err and "BLUEBOOK_EXTRACT_SECONDS" in err
    assert snapshot(data_copy) == before
