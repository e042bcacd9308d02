"""Output that is safe for spreadsheets and terminals, and readable at any width: CSV cells that
a spreadsheet would run as formulas are neutralised, no control character from the command line,
standard input or a data directory reaches a terminal raw, any COLUMNS value gives a readable
layout, and lazily produced rows stream as JSON in constant memory."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import select
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import installed_wco, run, run_on_terminal, subprocess_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wco_cli.cli import output, terminal
from wco_cli.errors import InvalidValue, NotFound
from wco_cli.matching import describe
from wco_cli.store import bundled_dir
from wco_cli.text import visible

FORMULA = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
RAW = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # what must never reach a person's terminal as it is
HOSTILE = "\x1b]0;pwned\x07 \x1b[31mred\x9b2J \u202eevil\u202c"
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # the styles Rich itself writes (bold, italic)


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    return [ch for ch in text if ch not in allowed and unicodedata.category(ch) in RAW]


def csv_rows(text: str) -> list[list[str]]:
    # Python 3.10's csv.reader refuses a NUL ("line contains NUL"); a spreadsheet reads it, and
    # 3.11 does: NUL is read as another character (one TEXT lacks) and put back.
    stand_in = next(chr(point) for point in range(0xE000, 0x110000) if chr(point) not in text)
    return [[value.replace(stand_in, "\0") for value in row]
            for row in csv.reader(io.StringIO(text.replace("\0", stand_in), newline=""))]


def written(function, *args) -> str:
    """What FUNCTION(*ARGS) writes to standard output (a text stream without a byte buffer)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        function(*args)
    return buffer.getvalue()


# ---- spreadsheets --------------------------------------------------------------------------

BATCH = '=HYPERLINK("http://x")\n+1+1\n@SUM(A1)\n-2\n-1.5\n\tcmd\n-cmd\n0901.21\n'


def test_batch_input_that_a_spreadsheet_would_run_is_neutralised():
    result = run("hs", "-", "--csv", "--fields", "input", input=BATCH)
    assert result.exit_code == 0, result.stderr
    cells = [row[0] for row in csv_rows(result.stdout)]
    assert cells == ["input", "'=HYPERLINK(\"http://x\")", "'+1+1", "'@SUM(A1)", "-2", "-1.5",
                     "'\tcmd", "'-cmd", "0901.21"]


def test_csv_raw_writes_every_cell_as_it_is():
    result = run("hs", "-", "--csv-raw", "--fields", "input", input=BATCH)
    assert result.exit_code == 0, result.stderr
    assert [row[0] for row in csv_rows(result.stdout)][1:] == BATCH.splitlines()
    both = run("hs", "-", "--csv", "--csv-raw", "--fields", "input", input="=1\n")
    assert csv_rows(both.stdout) == [["input"], ["=1"]]


def test_a_nul_character_is_written_as_it_is_on_every_python():
    """Python 3.10's csv module refuses to write NUL; wco writes it unquoted there too, as
    3.11 and later do (it used to end in an internal error, exit 70, on 3.10)."""
    for option in ("--csv", "--csv-raw"):
        result = run("hs", "-", option, "--fields", "input,valid", input="a\0b\n0901.21\n")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.splitlines()[1:] == ["a\0b,false", "0901.21,true"]
    text = written(output.write_csv, [{"v": "\0", "w": "x,\0"}], ["v", "w"])
    assert text == 'v,w\r\n\0,"x,\0"\r\n'


def test_csv_raw_is_an_output_format_like_the_others():
    result = run("members", "--json", "--csv-raw")
    assert result.exit_code == 2
    assert "--json and --csv-raw" in result.stderr
    assert "--csv-raw" in run("members", "--help").stdout


def test_numbers_from_the_data_stay_numbers():
    text = run("instruments", "hs-convention", "--chart", "--csv").stdout
    assert text.splitlines()[1].split(",")[1].isdigit()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled data whose Member 'angola' is named "=cmd|' /C calc'!A0"."""
    target = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(bundled_dir(), target)
    members = json.loads((target / "members.json").read_text(encoding="utf-8"))
    for member in members:
        if member["id"] == "angola":
            member["name"] = "=cmd|' /C calc'!A0"
    (target / "members.json").write_text(json.dumps(members), encoding="utf-8")
    return target


def test_a_data_directory_name_is_neutralised_in_csv(data_dir):
    result = run("--data-dir", str(data_dir), "members", "--region", "esa", "--csv",
                 "--fields", "id,name")
    assert result.exit_code == 0, result.stderr
    assert ["angola", "'=cmd|' /C calc'!A0"] in csv_rows(result.stdout)
    raw = run("--data-dir", str(data_dir), "members", "--region", "esa", "--csv-raw",
              "--fields", "id,name")
    assert ["angola", "=cmd|' /C calc'!A0"] in csv_rows(raw.stdout)


def test_header_names_are_neutralised_too():
    text = written(output.write_csv, [{"=a": "-3", "b": "@x"}], ["=a", "b"])
    assert csv_rows(text) == [["'=a", "b"], ["-3", "'@x"]]


def expected_cell(value: str) -> str:
    if value[:1] in FORMULA and not NUMBER.fullmatch(value):
        return "'" + value
    return value


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text(max_size=30) | st.sampled_from(FORMULA).flatmap(
    lambda start: st.text(max_size=10).map(lambda rest: start + rest)))
def test_no_csv_cell_starts_a_formula_unless_it_is_a_number(value: str):
    for write in (output.write_csv, lambda rows, fields: output.stream(
            output.Listing(fields, tuple(fields), iter(rows)), output.OutputOptions("csv"))):
        rows = csv_rows(written(write, [{"v": value}], ["v"]))
        cell = rows[1][0]
        assert cell[:1] not in FORMULA or NUMBER.fullmatch(cell), cell
        assert cell == expected_cell(value)  # read back: the neutralised text, nothing lost


# ---- terminals: messages -------------------------------------------------------------------

@settings(max_examples=150, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["--to", "--edition", "--column"]),
       st.text(min_size=1, max_size=200) | st.sampled_from([HOSTILE, "x" * 5000, "\u2028"]))
def test_no_message_carries_a_raw_control_character(option: str, value: str):
    argv = ["hs", "-"] if option == "--column" else ["hs", "0101"]
    result = run(*argv, f"{option}={value}", input="code,\x1b[2Jname\n0101,x\n")
    assert result.exit_code in (0, 1, 2), result.stderr
    assert not raw_controls(result.stderr), result.stderr
    assert all(len(line) <= 1100 for line in result.stderr.splitlines())


def test_a_huge_option_value_gives_a_short_message():
    result = run("hs", "0101", "--to", "x" * 100_000)
    assert result.exit_code == 2
    assert len(result.stderr) < 300 and "…" in result.stderr


@pytest.mark.parametrize("argv", [
    ["hs", "0101", "--edition", HOSTILE], ["hs", "0101", "--to", HOSTILE],
    ["members", HOSTILE], ["members", "--sort", HOSTILE], ["schema", HOSTILE],
    ["members", f"--{HOSTILE}"], ["members", "--limit", HOSTILE],
])
def test_hostile_arguments_are_echoed_as_escapes(argv):
    result = run(*argv)
    assert result.exit_code in (1, 2)
    assert not raw_controls(result.stderr), result.stderr
    assert "\\x1b" in result.stderr or "\\x9b" in result.stderr or "\\u202e" in result.stderr


def test_csv_header_names_in_a_column_message_are_escaped():
    result = run("hs", "-", "--column", "nope", input="\x1b]0;pwned\x07,b\n0101,x\n")
    assert result.exit_code == 2
    assert "\\x1b]0;pwned\\x07" in result.stderr and not raw_controls(result.stderr)


def test_suggestions_and_candidates_from_the_data_are_escaped():
    error = NotFound("no WCO Member matches 'angol'", "angol", "Angola\x1b]0;pwned\x07")
    assert str(error).endswith("did you mean 'Angola\\x1b]0;pwned\\x07'?")
    error = InvalidValue("region", "x", "no region 'x'", ["a\u202eb"], "a\x9bb")
    assert not raw_controls(str(error)) and "a\\u202eb" in str(error)
    assert describe(["\x1b[2Jname"], str) == "\\x1b[2Jname"


def test_visible_escapes_whole_and_shortens():
    assert visible("\x1b]0;x\x07") == "\\x1b]0;x\\x07"
    assert visible("a\u202eb\u2028c\x85") == "a\\u202eb\\u2028c\\x85"
    shortened = visible("\x1b" * 100)
    assert len(shortened) <= 60 and shortened.endswith("\\x1b…")  # never half an escape
    assert visible("Côte d'Ivoire\u00a0") == "Côte d'Ivoire\u00a0"


# ---- terminals: titles and data values ------------------------------------------------------

@pytest.fixture
def rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm")  # Rich lays out a dumb terminal at 80 columns
    monkeypatch.setenv("COLUMNS", "80")


def test_tables_titles_and_charts_show_control_characters_as_escapes(rich):
    rows = [{"id": "a", "name": HOSTILE, "note": None}]
    listing = output.Listing(["id", "name", "note"], ("id", "name"), rows, HOSTILE)
    options = output.OutputOptions()
    shown = written(output.emit, listing, options)
    shown += written(output.emit, output.Detail({"id": "a", "name": HOSTILE}, HOSTILE), options)
    shown += written(output.emit, output.Chart([("2020", 3, [])], HOSTILE), options)
    assert not raw_controls(ANSI.sub("", shown)), repr(shown)
    assert shown.count("\\x1b]0;pwned\\x07") >= 5  # titles and values, escaped


def test_plain_text_keeps_its_rows_and_columns(monkeypatch):
    rows = [{"id": "a\tb", "name": "line\nbreak\r" + HOSTILE}, {"id": "c", "name": "d"}]
    listing = output.Listing(["id", "name"], ("id", "name"), rows)
    for lazy in (False, True):
        if lazy:
            listing.rows = iter(rows)
        lines = written(output.emit, listing, output.OutputOptions()).splitlines()
        assert len(lines) == 3 and all(line.count("\t") == 1 for line in lines)
        assert not raw_controls(lines[1], allowed="\t")


# ---- layout at any width --------------------------------------------------------------------

@pytest.mark.parametrize("columns, width", [
    ("0", 80), ("", 80), ("abc", 80), ("-3", 80), ("1e9", 80), ("20", 20), ("1", 1),
    (str(10**9), terminal.MAX_WIDTH), ("9" * 5000, terminal.MAX_WIDTH), (" 120 ", 120),
])
def test_terminal_width(monkeypatch, columns, width):
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((0, 0)))
    assert terminal.terminal_width() == width


def visible_lines(text: str) -> list[str]:
    return [ANSI.sub("", line).rstrip("\r") for line in text.split("\n")]


def fits(text: str, width: int) -> bool:
    """Every line within WIDTH, but for a word too wide to wrap (a URL), left whole."""
    return all(len(line) <= width or max(map(len, line.split())) > width // 2
               for line in visible_lines(text))


@pytest.mark.parametrize("argv", [["members", "kenya"], ["members", "--limit", "3"],
                                  ["search", "training"], ["instruments", "hs-convention",
                                                           "--chart"]])
def test_a_narrow_terminal_wraps_rather_than_crops(rich, monkeypatch, argv):
    monkeypatch.setenv("COLUMNS", "20")
    result = run(*argv)
    assert result.exit_code == 0
    assert fits(result.stdout, 20), result.stdout
    if argv[1] == "kenya":
        words = {word for line in visible_lines(result.stdout) for word in line.split()}
        assert {"kenya", "1965-05-24", "false", "Southern"} <= words


def on_terminal(argv: list[str], columns: str, size: int = 0) -> tuple[int, str]:
    """The installed command on a pseudo-terminal SIZE columns wide (0: a size unknown)."""
    code, text = run_on_terminal([installed_wco(), *argv], size=size, COLUMNS=columns,
                                 TERM="xterm")
    return code, text.replace("\r\n", "\n")


@pytest.mark.parametrize("columns", ["0", "1", "20", str(10**9), "abc"])
def test_any_columns_value_on_a_real_terminal(columns):
    for argv in (["members", "kenya"], ["instruments", "hs-convention", "--chart"]):
        code, text = on_terminal(argv, columns)
        assert code == 0, text
        assert "Traceback" not in text and len(text) < 100_000
        assert ("kenya" in text) if argv[1] == "kenya" else ("2012-08-14" in text)
        width = {"20": 20, "1": 1}.get(columns, terminal.FALLBACK_WIDTH)
        if columns == str(10**9):
            width = terminal.MAX_WIDTH
        assert fits(text, max(width, 20) if columns == "1" else width)


def test_a_broken_columns_value_defers_to_the_terminal():
    code, text = on_terminal(["members", "--limit", "2"], "0", size=100)
    assert code == 0
    assert max(len(line) for line in visible_lines(text)) <= 100
    assert "┃" in text  # a box table: 100 columns are enough


# ---- lazily produced rows --------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [False, True])
@pytest.mark.parametrize("rows", [
    [], [{"a": 1}], [{"a": "Côte d'Ivoire", "b": [], "c": [1, {"d": None}]}, {"a": "\x1b"}],
    [{"n": number, "list": ["x"] * (number % 3)} for number in range(2500)],
])
def test_json_of_lazy_rows_is_the_json_of_the_list(monkeypatch, tty, rows):
    outputs = []
    for write, document in ((output.write_json, rows), (output.write_json_rows, iter(rows))):
        stream = Terminal() if tty else io.StringIO()
        monkeypatch.setattr("sys.stdout", stream)
        write(document)
        outputs.append(stream.getvalue())
    assert outputs[0] == outputs[1]


def test_json_of_a_batch_is_written_while_the_input_still_comes():
    process = subprocess.Popen([installed_wco(), "hs", "-", "--json"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=subprocess_env())
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"0901.21\n" * 5000)
    process.stdin.flush()
    try:
        assert select.select([process.stdout], [], [], 20)[0], "nothing before the input ended"
    finally:
        process.stdin.close()
    rows = json.loads(process.stdout.read())
    assert process.wait(timeout=30) == 0 and len(rows) == 5000


@pytest.mark.parametrize("extra, env", [(["--sort", "code"], {}), ([], {"FORCE_COLOR": "1"}),
                                        (["--sort", "-input", "--json"], {})])
def test_rows_held_in_memory_are_bounded(monkeypatch, extra, env):
    monkeypatch.setattr(output, "MAX_HELD", 5)
    result = run("hs", "-", *extra, input="0101\n" * 6, env=env)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "more than 5 rows" in result.stderr
    assert "--csv" in result.stderr
    assert run("hs", "-", *extra, input="0101\n" * 5, env=env).exit_code == 0
    assert run("hs", "-", *extra, "--limit", "3", input="0101\n" * 6, env=env).exit_code \
        == (2 if "--sort" in extra else 0)  # --limit bounds a table, not what is sorted


def test_streamed_formats_have_no_such_bound(monkeypatch):
    monkeypatch.setattr(output, "MAX_HELD", 5)
    for option in ("--json", "--jsonl", "--csv"):
        result = run("hs", "-", option, input="0101\n" * 50)
        assert result.exit_code == 0 and result.stdout.count("0101") >= 50
