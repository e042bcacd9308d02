"""`wco hs -` reads whatever standard input holds: every input line gives one row in its place,
bad bytes and endless lines become invalid rows, a closed stdin is a usage error, and nothing
exits 70 (an internal error) or grows without bound."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import installed_wco, subprocess_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wco_cli.cli.app import full_app
from wco_cli.errors import InvalidValue
from wco_cli.hscodes import batch, batch_input
from wco_cli.store import bundled_dir

DATA = bundled_dir()
APP = full_app()
BOM = b"\xef\xbb\xbf"


def wco(stdin: bytes, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """The installed `wco hs - ARGS` with STDIN as its real standard input."""
    result = subprocess.run([installed_wco(), "hs", "-", *args], input=stdin,
                            capture_output=True, env=subprocess_env(NO_COLOR="1"),
                            timeout=timeout, check=False)
    assert b"Traceback" not in result.stdout + result.stderr
    return result


def jsonl(result: subprocess.CompletedProcess[bytes] | str) -> list[dict[str, object]]:
    text = result if isinstance(result, str) else result.stdout.decode("utf-8")
    # split on "\n" only: a row's text may hold U+2028, which splitlines() would cut at
    return [json.loads(line) for line in text.split("\n") if line]


def expected_lines(data: bytes) -> list[bytes]:
    """The lines of DATA as the issue defines them: a leading BOM dropped; CR LF, LF and a lone
    CR each end a line; a last line without an end counts."""
    data = data[len(BOM):] if data.startswith(BOM) else data
    lines = re.split(rb"\r\n|\r|\n", data)
    return lines[:-1] if lines[-1] == b"" else lines


# --- The testers' reproductions, through the installed command (real stdin)


def test_a_byte_order_mark_does_not_spoil_the_first_code() -> None:
    result = wco(BOM + b"0901.21\n0101\n", "--jsonl")
    rows = jsonl(result)
    assert result.returncode == 0
    assert [(row["input"], row["valid"]) for row in rows] == [("0901.21", True), ("0101", True)]


def test_a_lone_cr_ends_a_line_and_never_merges_two() -> None:
    rows = jsonl(wco(b"0901\r21\r", "--jsonl"))
    assert [(row["code"], row["level"]) for row in rows] == [("0901", "heading"),
                                                             ("21", "chapter")]
    mixed = jsonl(wco(b"0901\r\n0902\n0903\r\r\n8517.13", "--jsonl"))
    assert [row["input"] for row in mixed] == ["0901", "0902", "0903", "", "8517.13"]
    assert mixed[3]["note"] == "blank line"


def test_a_lone_cr_in_csv_input_with_column() -> None:
    result = wco(b"item,hs\rcoffee,0901\rtea,0902.10\r", "--column", "hs", "--jsonl")
    assert result.returncode == 0, result.stderr
    assert [row["code"] for row in jsonl(result)] == ["0901", "090210"]


def test_one_bad_byte_is_one_invalid_row_and_every_other_row_is_written() -> None:
    lines = [b"0901.21"] * 100_000
    lines[98_304] = b"0901.\xff21"  # where the tester's run stopped writing
    result = wco(b"\n".join(lines) + b"\n", "--jsonl")
    rows = jsonl(result)
    assert result.returncode == 0, result.stderr
    assert len(rows) == 100_000
    bad = rows[98_304]
    assert bad["valid"] is False and bad["code"] is None
    assert bad["note"] == "not UTF-8 (byte 0xff at column 6)"
    assert bad["input"] == "0901.\\xff21"  # the byte shown, not a replacement character
    assert sum(row["valid"] for row in rows) == 99_999


@pytest.mark.parametrize("shell", [
    'exec "$0" hs - <&-',  # standard input closed: Python sets sys.stdin to None
    'exec "$0" hs - 0>/dev/null',  # open, but for writing only: reading it fails (EBADF)
])
def test_an_unreadable_standard_input_is_a_usage_error(shell: str) -> None:
    result = subprocess.run(["sh", "-c", shell, installed_wco()], capture_output=True,
                            env=subprocess_env(NO_COLOR="1"), timeout=60, check=False)
    assert result.returncode == 2
    assert result.stdout == b""  # found before any output, not after a table's header
    message = result.stderr.decode()
    assert message.count("\n") == 1 and message.startswith("wco: standard input")
    assert "Traceback" not in message


def test_a_csv_field_over_the_csv_modules_limit_is_an_invalid_row() -> None:
    data = b"item,hs\nhuge," + b"1" * 140_000 + b"\ncoffee,0901\n"
    result = wco(data, "--column", "hs", "--jsonl")
    rows = jsonl(result)
    assert result.returncode == 0, result.stderr
    assert len(rows) == 2
    assert rows[0]["valid"] is False and "over" in rows[0]["note"]
    assert rows[1]["code"] == "0901"


def test_a_long_field_of_the_column_is_an_invalid_row_and_other_columns_may_be_long() -> None:
    data = (b"hs,text\n" + b"2" * 1500 + b",x\n0901," + b"words " * 1000 + b"\n")
    rows = jsonl(wco(data, "--column", "hs", "--jsonl"))
    assert rows[0]["note"] == "field over 1000 characters"
    assert rows[0]["input"].endswith("…") and len(rows[0]["input"]) <= 40
    assert rows[1]["valid"] is True


def test_a_long_line_without_an_end_is_one_invalid_row_quickly() -> None:
    started = time.monotonic()
    result = wco(b"0101\n" + b"7" * 5_000_000, "--jsonl", timeout=30)
    rows = jsonl(result)
    assert result.returncode == 0
    assert [row["valid"] for row in rows] == [True, False]
    assert rows[1]["note"] == "line over 1000 characters"
    assert time.monotonic() - started < 20


def _high_water_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_endless_nul_bytes_are_read_in_constant_memory() -> None:
    # /dev/zero as input: one line that never ends. 50 MB of it through a pipe must not
    # raise the process's peak memory by more than a few MB.
    process = subprocess.Popen([installed_wco(), "hs", "-", "--jsonl"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=subprocess_env(NO_COLOR="1"))
    assert process.stdin is not None
    block = b"\0" * 1_000_000
    try:
        process.stdin.write(block)
        process.stdin.flush()
        time.sleep(0.5)  # started and reading
        before = _high_water_kib(process.pid)
        for _ in range(50):
            process.stdin.write(block)  # blocks until wco has read most of it
        process.stdin.flush()
        grown = _high_water_kib(process.pid) - before
        process.stdin.write(b"\n0901\n")
        out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()
    assert grown < 16_000, f"peak memory grew by {grown} KiB reading 50 MB of one line"
    assert process.returncode == 0, err
    rows = jsonl(out.decode())
    assert [row["valid"] for row in rows] == [False, True]
    assert rows[0]["note"] == "line over 1000 characters"


def test_rows_come_out_while_input_is_still_coming() -> None:
    # The rows are a lazy iterator from stdin to stdout: the first rows are written before
    # standard input ends.
    process = subprocess.Popen([installed_wco(), "hs", "-", "--jsonl"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=subprocess_env(NO_COLOR="1"))
    assert process.stdin is not None and process.stdout is not None
    try:
        # 24 KB: held by the pipe whole, so this write returns while wco blocks on its output
        process.stdin.write(b"0901.21\n" * 3_000)
        process.stdin.flush()
        first = json.loads(process.stdout.readline())
        assert process.poll() is None  # still waiting for the rest of its input
        assert first["code"] == "090121"
    finally:
        process.kill()
        process.wait()


# --- CSV records


def test_a_quoted_field_may_hold_a_newline() -> None:
    data = b'name,hs\n"two\nlines",0901\r\n"x",0101\n'
    result = wco(data, "--column", "hs", "--jsonl")
    assert [row["code"] for row in jsonl(result)] == ["0901", "0101"]


def test_a_bad_byte_in_a_csv_record_spoils_that_record_only() -> None:
    data = BOM + b"item,hs\ncaf\xe9,0901\ntea,0902\n"
    rows = jsonl(wco(data, "--column", "hs", "--jsonl"))
    assert [row["valid"] for row in rows] == [False, True]
    assert rows[0]["note"] == "not UTF-8 (byte 0xe9 at column 4)"


def test_an_unclosed_quote_is_cut_and_reading_goes_on() -> None:
    data = b'hs,x\n"0901,x\n' + b"y\n" * 60_000 + b"0101,z\n"
    result = wco(data, "--column", "hs", "--jsonl")
    rows = jsonl(result)
    assert result.returncode == 0, result.stderr
    assert "unclosed quote" in rows[0]["note"]
    assert rows[-1]["code"] == "0101"


def test_a_csv_header_that_is_not_utf8_is_a_usage_error() -> None:
    result = wco(b"it\xffem,hs\nx,0901\n", "--column", "hs")
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and b"not UTF-8" in result.stderr


# --- Any bytes at all: exit 0, one row per line, each in its place

LINE_BYTES = st.lists(st.one_of(
    st.sampled_from([b"\r", b"\n", b"\r\n", BOM, b"\xff", b"\xe9", b"\0", b"0901.21", b"90121",
                     b"8517.13", b" ", b"\xe2\x80\xa8", b'"', b","]),
    st.binary(max_size=8)), max_size=30).map(b"".join)


def _check_rows(data: bytes, rows: list[dict[str, object]]) -> None:
    lines = expected_lines(data)
    assert len(rows) == len(lines)
    for line, row in zip(lines, rows, strict=True):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            assert row["valid"] is False and str(row["note"]).startswith("not UTF-8")
            continue
        assert row["input"] == text


@settings(max_examples=200, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(LINE_BYTES, st.binary(max_size=64)))
def test_any_bytes_give_one_row_per_line_in_process(data: bytes) -> None:
    result = CliRunner().invoke(APP, ["hs", "-", "--jsonl"], input=data)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    _check_rows(data, jsonl(result.stdout))


@settings(max_examples=12, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(LINE_BYTES, st.sampled_from(["--jsonl", "--csv-raw", "--json"]))
def test_any_bytes_give_one_row_per_line_through_the_installed_command(data: bytes,
                                                                       output: str) -> None:
    result = wco(data, output)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    if output == "--jsonl":
        rows = jsonl(text)
    elif output == "--json":
        rows = json.loads(text)
    else:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        for row in rows:
            row["valid"] = row["valid"] == "true"
    _check_rows(data, rows)


# --- The library: read_lines, and batch given what a user may hand it


class Trickle:
    """A stream that hands over its bytes SIZE at a time, as a slow pipe does."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size, self.at = data, size, 0

    def read1(self, size: int) -> bytes:
        piece = self.data[self.at:self.at + min(size, self.size)]
        self.at += len(piece)
        return piece


@given(LINE_BYTES, st.integers(min_value=1, max_value=5))
@settings(max_examples=150, derandomize=True, deadline=None)
def test_read_lines_does_not_depend_on_how_the_bytes_arrive(data: bytes, size: int) -> None:
    whole = list(batch_input.read_lines(io.BytesIO(data)))
    assert list(batch_input.read_lines(Trickle(data, size))) == whole
    assert len(whole) == len(expected_lines(data))


def test_read_lines_bounds_each_line() -> None:
    lines = list(batch_input.read_lines(Trickle(b"12\n" + b"9" * 15_000 + b"\r34", 7), limit=100))
    assert lines[0] == "12" and lines[2] == "34"
    assert isinstance(lines[1], batch_input.BadLine) and lines[1].note == "line over 100 characters"


def test_batch_is_lazy_over_an_endless_stream() -> None:
    class Endless:
        def read1(self, size: int) -> bytes:
            return b"0901.21\n" * 100

    rows: Iterator[dict[str, object]] = batch.batch(DATA, batch_input.read_lines(Endless()))
    assert next(rows)["code"] == "090121"


@pytest.mark.parametrize("one_string", ["0901.21", b"0901.21"])
def test_batch_refuses_one_string_instead_of_lines(one_string: str | bytes) -> None:
    with pytest.raises(InvalidValue, match="iterable of lines"):
        batch.batch(DATA, one_string)  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="iterable of lines"):
        batch_input.csv_column(one_string, "hs")  # type: ignore[arg-type]


def test_batch_reads_the_values_of_a_pandas_column() -> None:
    values = [90121, 901, 851713, None, float("nan"), 901.21, 8517130000.0, b"0101\n"]
    rows = list(batch.batch(DATA, values))
    assert len(rows) == len(values)
    assert [row["code"] for row in rows] == ["090121", "0901", "851713", None, None, "090121",
                                             "851713", "0101"]
    assert "leading zero restored" in rows[0]["note"]
    assert rows[3]["note"] == rows[4]["note"] == "no value"
    assert all(isinstance(row["input"], str) for row in rows)
    assert [row["valid"] for row in rows] == [True, True, True, False, False, True, True, True]


class SeriesLike:
    """What a pandas Series of codes read from a spreadsheet gives when iterated (no pandas
    needed): ints that lost their leading zero, floats, None and NaN for empty cells."""

    def __init__(self, values: list[object]) -> None:
        self.values = values

    def __iter__(self) -> Iterator[object]:
        return iter(self.values)


def test_the_api_batch_takes_a_column_of_ints_none_and_nan_with_any_edition_and_target() -> None:
    from wco_cli import Database

    column = SeriesLike([90121, None, "0901.21", float("nan"), 8517130000, "", 1.5])
    rows = list(Database().hs.batch(column, edition=2017, to=2022))  # type: ignore[arg-type]
    assert len(rows) == 7 and [row["edition"] for row in rows] == ["2017"] * 7
    assert rows[0]["code"] == "090121" and rows[0]["valid"] is True
    assert rows[0]["note"] is not None and "leading zero restored (0901.21)" in rows[0]["note"]
    assert rows[0]["converted"] == ["090121"]
    for empty in (rows[1], rows[3]):
        assert empty["valid"] is False and empty["code"] is None and empty["note"] == "no value"
        assert empty["converted"] == [] and empty["main_code"] is None
    assert "not an HS2017 code (exists in HS2022)" in str(rows[4]["note"])
    assert rows[5]["note"] == "blank line" and rows[6]["valid"] is False


@pytest.mark.parametrize("not_lines", [5, None, 3.5, object()])
def test_the_api_batch_refuses_what_is_not_iterable(not_lines: object) -> None:
    from wco_cli import Database

    with pytest.raises(InvalidValue, match=r"^lines: must be an iterable of codes"):
        Database().hs.batch(not_lines)  # type: ignore[arg-type]
