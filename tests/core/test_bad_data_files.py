"""A catalogue of broken data folders: each names its file, line, column and fix, and exits 2.

Every case starts from a copy of ``data/`` and breaks one thing. Most cases call
``validate_data_dir`` directly (fast); the ones marked ``cli`` also run
``python -m bluebook validate`` in a subprocess. A second, shorter list holds variations that
are *not* errors (CRLF, bare CR, quoted header, ...) and must validate clean.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bluebook.errors import Problem
from bluebook.tables import MAX_FIELD_CHARS, MAX_TABLE_BYTES, MEGABYTE, read_size_limit_mb
from bluebook.validate import known_country_codes, validate_data_dir
from tests.conftest import run_validate

SOURCE_TEXT = "sources/bluebook_2022_ch2_central_asia_caucasus_belarus.txt"
# Line 14 of events.csv: a reviewed UZB telephone call, its evidence in double quotes.
ROW_14 = "bb2022-ch2-cac-013,2021-05,month,UZB,call,summit,telephone,true,political_dialogue,"
ROW_14_TITLE = ",Prime Minister Suga and President Mirziyoyev hold a telephone call,"
ROW_14_EVIDENCE = 'telephone call,bb2022-ch2-cac,(2) Central Asian Countries,5,"In relations'
BIG_FILE_BYTES = 50 * MEGABYTE
LIMIT_MB = MAX_TABLE_BYTES // MEGABYTE  # 40 unless BLUEBOOK_MAX_TABLE_MB says otherwise


# ---------------------------------------------------------------- ways to break a folder


def replace_in(path: Path, old: str | bytes, new: str | bytes) -> None:
    """Replace the first ``old`` in ``path`` (bytes-level, so encodings stay as written)."""
    old_bytes = old.encode() if isinstance(old, str) else old
    new_bytes = new.encode() if isinstance(new, str) else new
    raw = path.read_bytes()
    assert old_bytes in raw, f"fixture text {old_bytes[:60]!r} not in {path}"
    path.write_bytes(raw.replace(old_bytes, new_bytes, 1))


def edit(relative: str, old: str | bytes, new: str | bytes) -> Callable[[Path], None]:
    return lambda data: replace_in(data / relative, old, new)


def write(relative: str, content: bytes) -> Callable[[Path], None]:
    return lambda data: (data / relative).write_bytes(content)


def keep_header_only(relative: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / relative
        path.write_bytes(path.read_bytes().split(b"\n", 1)[0] + b"\n")

    return apply


def remove(relative: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / relative
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()

    return apply


def replace_with_folder(relative: str) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        (data / relative).unlink()
        (data / relative).mkdir()

    return apply


def prepend(relative: str, prefix: bytes) -> Callable[[Path], None]:
    return lambda data: (data / relative).write_bytes(prefix + (data / relative).read_bytes())


def map_header(relative: str, change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / relative
        header, _, body = path.read_text(encoding="utf-8").partition("\n")
        path.write_text(change(header) + "\n" + body, encoding="utf-8")

    return apply


def map_bytes(relative: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    return lambda data: (data / relative).write_bytes(change((data / relative).read_bytes()))


def duplicate_line(relative: str, line: int) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / relative
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join([*lines[:line], lines[line - 1], *lines[line:]]))

    return apply


def drop_line(relative: str, line: int) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        path = data / relative
        lines = path.read_bytes().splitlines(keepends=True)
        path.write_bytes(b"".join(lines[: line - 1] + lines[line:]))

    return apply


def make_sparse(relative: str, size: int, start: bytes = b"") -> Callable[[Path], None]:
    """Turn a file into ``start`` followed by zeros up to ``size`` bytes, without writing them."""

    def apply(data: Path) -> None:
        with (data / relative).open("wb") as stream:
            stream.write(start)
            stream.truncate(size)

    return apply


def unterminate_evidence_quote(data: Path) -> None:
    """Drop the closing quote of line 14's evidence, so the reader swallows the next lines."""
    path = data / "events.csv"
    lines = path.read_bytes().split(b"\n")
    assert lines[13].endswith(b'",true')
    lines[13] = lines[13][: -len(b'",true')] + b",true"
    path.write_bytes(b"\n".join(lines))


def unterminate_last_quote(data: Path) -> None:
    path = data / "events.csv"
    raw = path.read_bytes().rstrip(b"\n")
    assert raw.endswith(b'",true')
    path.write_bytes(raw[: -len(b'",true')] + b",true\n")


def steps(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        for change in changes:
            change(data)

    return apply


# ---------------------------------------------------------------- the catalogue


@dataclass(frozen=True)
class BadCase:
    """One broken folder and the problem it must produce.

    ``file`` is relative to the data folder; ``column`` is None where no single column is to
    blame; ``message`` and ``fix`` are substrings of the problem's message and fix.
    """

    name: str
    category: str
    breaks: Callable[[Path], None]
    file: str
    line: int
    column: str | None
    message: str
    fix: str
    cli: bool = False


EVENT_HEADER_FIX = "expected header: event_id,date"
QUOTE_FIX = "check the quotes"

BAD_CASES = [
    # -- empty and header-only files
    BadCase(
        "empty events file",
        "empty or header only",
        write("events.csv", b""),
        "events.csv",
        1,
        None,
        "the file is empty",
        "start it with the header event_id,date,",
        cli=True,
    ),
    BadCase(
        "countries file of blank lines",
        "empty or header only",
        write("countries.csv", b" \n\n  \n"),
        "countries.csv",
        1,
        None,
        "the file is empty",
        "start it with the header iso3,source_id",
    ),
    BadCase(
        "header-only sources while events cite a source",
        "empty or header only",
        keep_header_only("sources/sources.csv"),
        "events.csv",
        2,
        "source_id",
        "'bb2022-ch2-cac' is not in sources/sources.csv",
        "register the source first",
    ),
    BadCase(
        "header-only themes taxonomy",
        "empty or header only",
        keep_header_only("taxonomy/themes.csv"),
        "taxonomy/themes.csv",
        1,
        None,
        "no entries",
        "list at least one entry",
    ),
    BadCase(
        "header-only countries while reviewed events exist",
        "empty or header only",
        keep_header_only("countries.csv"),
        "countries.csv",
        0,
        "iso3",
        "no summary of UZB for bb2022-ch2-cac (needed by the reviewed event on events.csv line 2)",
        "add a row for it",
    ),
    # -- header and columns
    BadCase(
        "missing column",
        "columns",
        map_header("events.csv", lambda header: header.replace(",mode,", ",")),
        "events.csv",
        1,
        "mode",
        "missing column(s)",
        EVENT_HEADER_FIX,
    ),
    BadCase(
        "extra column",
        "columns",
        map_header("countries.csv", lambda header: header + ",notes"),
        "countries.csv",
        1,
        "notes",
        "unexpected column(s)",
        "remove or rename them; expected header: iso3,source_id,name,names_in_text,summary",
    ),
    BadCase(
        "repeated column",
        "columns",
        map_header("events.csv", lambda header: header + ",reviewed"),
        "events.csv",
        1,
        "reviewed",
        "column(s) repeated in the header",
        EVENT_HEADER_FIX,
    ),
    BadCase(
        "columns in the wrong order",
        "columns",
        map_header(
            "events.csv",
            lambda header: header.replace("date,date_precision", "date_precision,date"),
        ),
        "events.csv",
        1,
        None,
        "columns are in the wrong order",
        "use this header: event_id,date,date_precision",
    ),
    BadCase(
        "blank line above the header",
        "columns",
        prepend("events.csv", b"\n"),
        "events.csv",
        1,
        None,
        "line 1 is blank",
        "remove the blank line(s) above the header",
    ),
    # -- delimiters
    BadCase(
        "semicolon-separated",
        "delimiter",
        map_bytes("events.csv", lambda raw: raw.replace(b",", b";")),
        "events.csv",
        1,
        None,
        "separated by semicolons, not commas",
        "save the file as comma-separated CSV",
    ),
    BadCase(
        "tab-separated",
        "delimiter",
        map_bytes("countries.csv", lambda raw: raw.replace(b",", b"\t")),
        "countries.csv",
        1,
        None,
        "separated by tabs, not commas",
        "save the file as comma-separated CSV",
    ),
    # -- encodings
    BadCase(
        "byte order mark",
        "encoding",
        prepend("events.csv", b"\xef\xbb\xbf"),
        "events.csv",
        1,
        None,
        "byte order mark (BOM)",
        "save it as UTF-8 without BOM",
    ),
    BadCase(
        "latin-1 byte on line 14",
        "encoding",
        edit("events.csv", ROW_14_TITLE, ROW_14_TITLE.replace("call", "caf\xe9").encode("latin-1")),
        "events.csv",
        14,
        None,
        "byte 0xe9 is not valid UTF-8",
        "save the file as UTF-8",
    ),
    BadCase(
        "UTF-16 file",
        "encoding",
        map_bytes("taxonomy/levels.csv", lambda raw: raw.decode().encode("utf-16")),
        "taxonomy/levels.csv",
        1,
        None,
        "is not valid UTF-8",
        "save the file as UTF-8",
    ),
    BadCase(
        "source text in latin-1",
        "encoding",
        map_bytes(SOURCE_TEXT, lambda raw: raw + "Caf\xe9".encode("latin-1")),
        "sources/sources.csv",
        2,
        "file",
        "is not UTF-8 (byte 0xe9)",
        "save the source text as UTF-8",
    ),
    # -- duplicate keys
    BadCase(
        "duplicate event id",
        "duplicate ids",
        edit("events.csv", "bb2022-ch2-cac-013,", "bb2022-ch2-cac-012,"),
        "events.csv",
        14,
        "event_id",
        "'bb2022-ch2-cac-012' repeats line 13",
        "give every event its own id",
    ),
    BadCase(
        "duplicate source row",
        "duplicate ids",
        duplicate_line("sources/sources.csv", 2),
        "sources/sources.csv",
        3,
        "source_id",
        "'bb2022-ch2-cac' repeats line 2",
        "register each source once",
    ),
    BadCase(
        "duplicate country summary",
        "duplicate ids",
        duplicate_line("countries.csv", 5),
        "countries.csv",
        6,
        "iso3",
        "TJK for bb2022-ch2-cac repeats line 5",
        "keep one summary per country and source",
    ),
    BadCase(
        "duplicate theme id",
        "duplicate ids",
        duplicate_line("taxonomy/themes.csv", 3),
        "taxonomy/themes.csv",
        4,
        "id",
        "'economy' repeats line 3",
        "give every entry its own id",
    ),
    # -- taxonomy values
    BadCase(
        "unknown event type",
        "taxonomy values",
        edit("events.csv", "UZB,call,summit", "UZB,phonecall,summit"),
        "events.csv",
        14,
        "event_type",
        "'phonecall' is not in taxonomy/event_types.csv",
        "use one of: meeting, call,",
    ),
    BadCase(
        "unknown level",
        "taxonomy values",
        edit("events.csv", "UZB,call,summit,telephone", "UZB,call,head_of_state,telephone"),
        "events.csv",
        14,
        "level",
        "'head_of_state' is not in taxonomy/levels.csv",
        "use one of: summit, ministerial,",
    ),
    BadCase(
        "unknown mode",
        "taxonomy values",
        edit("events.csv", "summit,telephone,true", "summit,fax,true"),
        "events.csv",
        14,
        "mode",
        "'fax' is not in taxonomy/modes.csv",
        "use one of: in_person, telephone,",
    ),
    BadCase(
        "unknown theme",
        "taxonomy values",
        edit("events.csv", ROW_14, ROW_14.replace("political_dialogue", "politics")),
        "events.csv",
        14,
        "themes",
        "'politics' is not in taxonomy/themes.csv",
        "use one of: political_dialogue, economy,",
    ),
    # -- country codes
    BadCase(
        "unknown country code",
        "country codes",
        edit("events.csv", "2021-05,month,UZB,call", "2021-05,month,UZX,call"),
        "events.csv",
        14,
        "countries",
        "'UZX' is not a known ISO3 code",
        "use an ISO 3166-1 alpha-3 code",
    ),
    BadCase(
        "lower-case country code",
        "country codes",
        edit("events.csv", "2021-05,month,UZB,call", "2021-05,month,uzb,call"),
        "events.csv",
        14,
        "countries",
        "'uzb' is not upper case",
        "write 'UZB'",
    ),
    BadCase(
        "Japan listed among the countries",
        "country codes",
        edit("events.csv", "2021-05,month,UZB,call", "2021-05,month,UZB;JPN,call"),
        "events.csv",
        14,
        "countries",
        "JPN is listed",
        "leave Japan out; japan_involved says it",
    ),
    BadCase(
        "unknown code in the countries table",
        "country codes",
        edit("countries.csv", "TJK,bb2022-ch2-cac", "TJX,bb2022-ch2-cac"),
        "countries.csv",
        5,
        "iso3",
        "'TJX' is not a known code",
        "use an upper-case ISO3 code",
    ),
    # -- dates
    BadCase(
        "30 February",
        "dates",
        edit("events.csv", "2021-05,month,UZB,call", "2021-02-30,day,UZB,call"),
        "events.csv",
        14,
        "date",
        "'2021-02-30' is not a date",
        "write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day",
    ),
    BadCase(
        "month 13",
        "dates",
        edit("events.csv", "2021-05,month,UZB,call", "2021-13,month,UZB,call"),
        "events.csv",
        14,
        "date",
        "'2021-13' is not a date",
        "with a real month and day",
    ),
    BadCase(
        "date after the volume year",
        "dates",
        edit("events.csv", "2021-05,month,UZB,call", "2023-05,month,UZB,call"),
        "events.csv",
        14,
        "date",
        "'2023-05' is outside 1945–2022",
        "a volume reports its own year and earlier years",
    ),
    BadCase(
        "malformed precision",
        "dates",
        edit("events.csv", "2021-05,month,UZB,call", "2021-05,exact,UZB,call"),
        "events.csv",
        14,
        "date_precision",
        "'exact' does not match date '2021-05'",
        "write 'month'",
    ),
    # -- row shape and size
    BadCase(
        "row with an extra field",
        "row shape",
        edit("events.csv", '",true\nbb2022-ch2-cac-014', '",true,extra\nbb2022-ch2-cac-014'),
        "events.csv",
        14,
        None,
        "row has 18 fields, the header has 17",
        "quote fields that contain commas",
    ),
    BadCase(
        "row missing its last field",
        "row shape",
        edit("events.csv", '",true\nbb2022-ch2-cac-014', '"\nbb2022-ch2-cac-014'),
        "events.csv",
        14,
        None,
        "row has 16 fields, the header has 17",
        "fill every column",
    ),
    BadCase(
        "unquoted comma in a title",
        "row shape",
        edit("events.csv", ROW_14_TITLE, ",Prime Minister Suga, President Mirziyoyev talk,"),
        "events.csv",
        14,
        None,
        "row has 18 fields, the header has 17",
        "quote fields that contain commas",
    ),
    BadCase(
        "evidence longer than the field limit",
        "row shape",
        edit("events.csv", ROW_14_EVIDENCE, ROW_14_EVIDENCE + "x" * MAX_FIELD_CHARS),
        "events.csv",
        14,
        "evidence",
        f"field longer than {MAX_FIELD_CHARS} characters",
        "shorten it",
    ),
    BadCase(
        "field longer than the csv module accepts",
        "row shape",
        edit("events.csv", ROW_14_EVIDENCE, ROW_14_EVIDENCE + "x" * 200_000),
        "events.csv",
        14,
        None,
        f"field longer than {MAX_FIELD_CHARS} characters",
        "shorten it",
    ),
    BadCase(
        "row after a multi-line quoted field keeps its true line",
        "row shape",
        steps(
            edit("events.csv", "Aso Taro and Deputy", "Aso Taro\nand Deputy"),
            edit("events.csv", "2021-05,month,UZB,call", "2021-05,month,UZX,call"),
        ),
        "events.csv",
        15,
        "countries",
        "'UZX' is not a known ISO3 code",
        "use an ISO 3166-1 alpha-3 code",
    ),
    # -- quotes
    BadCase(
        "unterminated quote mid-file",
        "quotes",
        unterminate_evidence_quote,
        "events.csv",
        14,
        None,
        "CSV syntax error in the row starting here (the reader gave up on line 16)",
        QUOTE_FIX,
        cli=True,
    ),
    BadCase(
        "unterminated quote at the end of the file",
        "quotes",
        unterminate_last_quote,
        "events.csv",
        74,
        None,
        "unexpected end of data",
        QUOTE_FIX,
    ),
    BadCase(
        "text after a closing quote",
        "quotes",
        edit("events.csv", ROW_14_EVIDENCE, ROW_14_EVIDENCE + '"x'),
        "events.csv",
        14,
        None,
        "',' expected after '\"'",
        QUOTE_FIX,
    ),
    BadCase(
        "unterminated quote in the header",
        "quotes",
        map_header("countries.csv", lambda header: '"' + header),
        "countries.csv",
        1,
        None,
        "CSV syntax error",
        QUOTE_FIX,
    ),
    # -- size limits
    BadCase(
        "50 MB events file",
        "size limits",
        make_sparse("events.csv", BIG_FILE_BYTES, b"event_id,date\n"),
        "events.csv",
        0,
        None,
        f"the file is 50.0 MB; the limit is {LIMIT_MB} MB",
        "raise the limit with the environment variable BLUEBOOK_MAX_TABLE_MB",
        cli=True,
    ),
    BadCase(
        "50 MB source text",
        "size limits",
        make_sparse(SOURCE_TEXT, BIG_FILE_BYTES),
        "sources/sources.csv",
        2,
        "file",
        f"is 50.0 MB; the limit is {LIMIT_MB} MB",
        "BLUEBOOK_MAX_TABLE_MB",
    ),
    # -- broken references
    BadCase(
        "event cites an unregistered source",
        "references",
        edit(
            "events.csv", "hold a telephone call,bb2022-ch2-cac,", "hold a telephone call,bb2099,"
        ),
        "events.csv",
        14,
        "source_id",
        "'bb2099' is not in sources/sources.csv",
        "register the source first",
    ),
    BadCase(
        "country summary for an unregistered source",
        "references",
        edit("countries.csv", "TJK,bb2022-ch2-cac", "TJK,bb2099-x"),
        "countries.csv",
        5,
        "source_id",
        "'bb2099-x' is not in sources/sources.csv",
        "register the source or correct the id",
    ),
    BadCase(
        "reviewed country without a summary",
        "references",
        drop_line("countries.csv", 5),
        "countries.csv",
        0,
        "iso3",
        "no summary of TJK for bb2022-ch2-cac (needed by the reviewed event on events.csv line 2)",
        "add a row for it",
    ),
    BadCase(
        "evidence not in the source text",
        "references",
        edit("events.csv", "Prime Minister Suga stated", "Prime Minister Abe stated"),
        "events.csv",
        14,
        "evidence",
        "passage not found in the source text",
        "quote the source exactly",
    ),
    BadCase(
        "source text file missing",
        "references",
        remove(SOURCE_TEXT),
        "sources/sources.csv",
        2,
        "file",
        "no source file 'bluebook_2022_ch2_central_asia_caucasus_belarus.txt' in sources/",
        "put the source text in data/sources/",
    ),
    # -- missing files
    BadCase(
        "taxonomy file missing",
        "missing files",
        remove("taxonomy/themes.csv"),
        "taxonomy/themes.csv",
        0,
        None,
        "the file does not exist",
        "create themes.csv with header id,label,description",
    ),
    BadCase(
        "taxonomy folder missing",
        "missing files",
        remove("taxonomy"),
        "taxonomy/event_types.csv",
        0,
        None,
        "the file does not exist",
        "create event_types.csv with header id,label,",
    ),
    BadCase(
        "sources table missing",
        "missing files",
        remove("sources/sources.csv"),
        "sources/sources.csv",
        0,
        None,
        "the file does not exist",
        "create sources.csv with header source_id,title,",
    ),
    BadCase(
        "events table missing",
        "missing files",
        remove("events.csv"),
        "events.csv",
        0,
        None,
        "the file does not exist",
        "create events.csv with header event_id,",
    ),
    BadCase(
        "events table is a folder",
        "missing files",
        replace_with_folder("events.csv"),
        "events.csv",
        0,
        None,
        "the file is a directory",
        "create events.csv with header event_id,",
    ),
    # -- odd bytes
    BadCase(
        "NUL byte in an id",
        "odd bytes",
        edit("events.csv", "bb2022-ch2-cac-013,", "bb2022-ch2-cac-013\x00,"),
        "events.csv",
        14,
        "event_id",
        "'bb2022-ch2-cac-013\\x00' is not valid",
        "use letters, digits",
    ),
]


def matches(problem: Problem, case: BadCase, data: Path) -> bool:
    return (
        problem.file == f"{data}/{case.file}"
        and problem.line == case.line
        and (case.column is None or problem.column == case.column)
        and case.message in problem.message
        and case.fix in problem.fix
    )


@pytest.fixture(scope="module")
def country_codes() -> frozenset[str]:
    return known_country_codes()


def test_catalogue_is_large_and_names_are_unique():
    names = [case.name for case in BAD_CASES]
    assert len(names) == len(set(names))
    assert len(BAD_CASES) >= 25
    assert BIG_FILE_BYTES > MAX_TABLE_BYTES, "the size cases need a limit under 50 MB"


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda case: case.name)
def test_bad_folder_names_file_line_and_fix(data_copy, country_codes, case):
    case.breaks(data_copy)
    problems = validate_data_dir(data_copy, country_codes)
    shown = "\n".join(str(problem) for problem in problems)
    found = [problem for problem in problems if matches(problem, case, data_copy)]
    assert found, f"expected {case.file}:{case.line}: {case.message!r} in:\n{shown}"
    text = str(found[0])
    assert text.startswith(f"{data_copy}/{case.file}:{case.line}:")
    assert f" — {found[0].fix}" in text and found[0].fix.strip()


@pytest.mark.parametrize(
    "case", [case for case in BAD_CASES if case.cli], ids=lambda case: case.name
)
def test_validate_command_exits_two_with_the_message(data_copy, case):
    case.breaks(data_copy)
    result = run_validate(data_copy)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    located = [
        line
        for line in result.stderr.splitlines()
        if line.startswith(f"{data_copy}/{case.file}:{case.line}:") and case.message in line
    ]
    assert located, result.stderr
    assert " — " in located[0] and case.fix in located[0].split(" — ", 1)[1]


# ---------------------------------------------------------------- the size limit


def test_oversized_table_is_refused_before_it_is_read(data_copy, country_codes, monkeypatch):
    make_sparse("events.csv", BIG_FILE_BYTES, b"event_id,date\n")(data_copy)
    make_sparse(SOURCE_TEXT, BIG_FILE_BYTES)(data_copy)
    opened: list[Path] = []
    for method in ("read_bytes", "read_text", "open"):
        original = getattr(Path, method)

        def spy(self, *args, _original=original, **kwargs):
            opened.append(Path(self).resolve())
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, spy)
    problems = validate_data_dir(data_copy, country_codes)
    assert (data_copy / "events.csv").resolve() not in opened
    assert (data_copy / SOURCE_TEXT).resolve() not in opened
    assert (data_copy / "countries.csv").resolve() in opened, "the spy must see normal reads"
    assert any(f"the limit is {LIMIT_MB} MB" in problem.message for problem in problems)


def test_limit_follows_the_environment_variable(data_copy):
    make_sparse("countries.csv", 2 * MEGABYTE, b"iso3,source_id\n")(data_copy)
    result = run_validate(data_copy, BLUEBOOK_MAX_TABLE_MB="1")
    assert result.returncode == 2
    assert f"{data_copy}/countries.csv:0: the file is 2.0 MB; the limit is 1 MB" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", 40), ("64", 64), (" 8 ", 8), ("abc", 40), ("0", 40), ("-5", 40), ("1.5", 40)],
)
def test_size_limit_setting_falls_back_to_the_default(monkeypatch, value, expected):
    monkeypatch.setenv("BLUEBOOK_MAX_TABLE_MB", value)
    assert read_size_limit_mb("BLUEBOOK_MAX_TABLE_MB", 40) == expected


def test_unreadable_table_is_a_problem_not_a_crash(data_copy, country_codes, monkeypatch):
    original = Path.read_bytes
    target = (data_copy / "events.csv").resolve()

    def refuse(self):
        if Path(self).resolve() == target:
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    problems = validate_data_dir(data_copy, country_codes)
    assert [str(problem) for problem in problems] == [
        f"{data_copy}/events.csv:0: the file cannot be read: Permission denied"
        " — check its permissions"
    ]


# ---------------------------------------------------------------- variations that are fine


def all_tables(data: Path) -> list[Path]:
    return sorted(data.rglob("*.csv"))


def line_endings(ending: bytes) -> Callable[[Path], None]:
    def apply(data: Path) -> None:
        for path in all_tables(data):
            path.write_bytes(path.read_bytes().replace(b"\n", ending))

    return apply


def quote_header(data: Path) -> None:
    path = data / "events.csv"
    header, _, body = path.read_text(encoding="utf-8").partition("\n")
    quoted = ",".join(f'"{name}"' for name in header.split(","))
    path.write_text(quoted + "\n" + body, encoding="utf-8")


ACCEPTED_CASES = {
    "CRLF line endings": line_endings(b"\r\n"),
    "bare CR line endings": line_endings(b"\r"),
    "no newline at the end": map_bytes("events.csv", lambda raw: raw.rstrip(b"\n")),
    "trailing blank lines": map_bytes("events.csv", lambda raw: raw + b"\n\n\n"),
    "blank line between rows": edit(
        "events.csv", "\nbb2022-ch2-cac-013,", "\n\nbb2022-ch2-cac-013,"
    ),
    "quoted header names": quote_header,
    "line break inside quoted evidence": edit(
        "events.csv", "Aso Taro and Deputy", "Aso Taro\nand Deputy"
    ),
    "header-only events and countries (an empty dataset)": steps(
        keep_header_only("events.csv"), keep_header_only("countries.csv")
    ),
    "stray temporary file from an interrupted write": write(
        ".events.csv.abc123.tmp", b"event_id\n"
    ),
}


@pytest.mark.parametrize("change", ACCEPTED_CASES.values(), ids=ACCEPTED_CASES.keys())
def test_harmless_variation_validates_clean(data_copy, country_codes, change):
    change(data_copy)
    assert [str(problem) for problem in validate_data_dir(data_copy, country_codes)] == []


def test_validate_command_accepts_crlf(data_copy):
    line_endings(b"\r\n")(data_copy)
    result = run_validate(data_copy)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
