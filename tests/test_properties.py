"""Generated input, run through the installed command three ways: stdout a pipe, stdout closed,
stdout on a full disk (/dev/full).

tests/test_robustness.py fuzzes whole command lines in-process; these properties aim generated
values at one option or argument each (Member names, --as-of dates, --region values, HS codes)
and check what only a real process shows: the exit status the shell gets, and the one stderr
line when the output cannot be written. Each example starts three processes at once, so the
examples are few (15 each; the file runs in about 10 s here).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date

import pytest
from conftest import installed_wco, subprocess_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_robustness import NASTY

import wco_cli

DOCUMENTED = {0, 1, 2, 74}  # README, "Exit status" (70 is a bug, never expected)
CLOSED = "wco: cannot write the output: standard output is closed\n"
NOTE = "wco: note: "  # an informative stderr line (e.g. a leading zero restored), not a failure
SUBPROCESS = settings(max_examples=15, derandomize=True, deadline=None,
                      suppress_health_check=[HealthCheck.too_slow])

# Text a shell can pass as an argument: no NUL, no lone surrogates (they cannot be encoded).
ARG_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                   max_size=30)
ARGS = NASTY.filter(lambda text: "\x00" not in text)


def misspelt(names: list[str]) -> st.SearchStrategy[str]:
    """Real names changed the way people change them: case, a cut, a dropped letter."""
    def change(name: str, how: int, at: int) -> str:
        at %= max(len(name), 1)
        return [name.upper(), name.lower(), name[:at], name[:at] + name[at + 1:],
                name + " " + name, f"  {name}  "][how]
    return st.builds(change, st.sampled_from(names), st.integers(0, 5), st.integers(0, 40))


def _member_names() -> list[str]:
    names = []
    for member in wco_cli.bundled().members.records:
        names += [member["name"], *member["aliases"], member["iso_alpha2"] or "",
                  member["iso_alpha3"] or ""]
    return [name for name in names if name]


def _region_names() -> list[str]:
    names = ["africa", "america", "asia", "east", "west africa", "south america", "middle east"]
    for region in wco_cli.bundled().regions.records:
        names += [region["id"], region["name"], region["short_name"], *region["aliases"]]
    return names


MEMBERS = _member_names()
REGIONS = _region_names()

MEMBER = st.one_of(st.sampled_from(MEMBERS), misspelt(MEMBERS), ARGS, ARG_TEXT)
REGION = st.one_of(st.sampled_from(REGIONS), misspelt(REGIONS), ARGS, ARG_TEXT)
# Mostly the years --as-of accepts (1900 to 2100), sometimes any year a date can hold.
DAY = st.one_of(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
                st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
AS_OF = st.one_of(
    DAY.map(lambda d: f"{d.year:04d}"), DAY.map(lambda d: f"{d.year:04d}-{d.month:02d}"),
    DAY.map(date.isoformat),
    st.tuples(st.integers(0, 99999), st.integers(-1, 99), st.integers(-1, 99)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),  # out-of-range months and days
    st.sampled_from(["2013-02-29", "2012-02-29", "２０１３", "2013/06", "06-2013", "2013-6",
                     "20130601", "-2013", "+2013", "2013-06-01T00:00", "１９５２"]),
    ARGS, ARG_TEXT,
)
HS_CODE = st.one_of(
    st.from_regex(r"\A[0-9]{1,12}\Z"),
    st.tuples(st.from_regex(r"\A[0-9]{4}\Z"), st.sampled_from([".", " ", "", "-", ".."]),
              st.from_regex(r"\A[0-9]{0,4}\Z")).map("".join),
    st.sampled_from(["0901.21", "090121", "90121", "901.21", "99", "9999", "999999", "7700",
                     "8517.13", "2710.12", "0000", "00", "-"]),
    ARGS, ARG_TEXT,
)
FORMAT = st.sampled_from([[], ["--json"], ["--csv"], ["--jsonl"]])


def run_three_ways(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], ...]:
    """`wco ARGV` with stdout a pipe, closed, and /dev/full, started together to save time."""
    command = [installed_wco(), *argv]
    env = subprocess_env(NO_COLOR="1")
    # stdin is empty: `wco hs -` reads codes from it.
    with open("/dev/full", "w") as full:
        started = [
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env),
            # bash's `exec ... >&-` starts wco with file descriptor 1 closed, as a shell user would.
            subprocess.Popen(["bash", "-c", 'exec "$@" >&-', "bash", *command],
                             stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env),
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=full,
                             stderr=subprocess.PIPE, env=env),
        ]
        results = []
        for process in started:
            out, err = process.communicate(timeout=60)
            results.append(subprocess.CompletedProcess(
                command, process.returncode, (out or b"").decode("utf-8", "replace"),
                err.decode("utf-8", "replace")))
    return tuple(results)


def failures(stderr: str) -> list[str]:
    """The stderr lines that report a failure (informative notes left out)."""
    return [line for line in stderr.splitlines() if not line.startswith(NOTE)]


def check(argv: list[str]) -> None:
    piped, closed, full = run_three_ways(argv)
    for result in (piped, closed, full):
        assert "Traceback" not in result.stderr, (argv, result.stderr)
        assert result.returncode in DOCUMENTED, (argv, result.returncode, result.stderr)
    # A pipe that stays open: 0, 1 or 2, and a failure is one line.
    assert piped.returncode in (0, 1, 2), (argv, piped.returncode, piped.stderr)
    if piped.returncode == 0:
        assert failures(piped.stderr) == [], (argv, piped.stderr)
    else:
        assert len(failures(piped.stderr)) == 1 and piped.stdout == "", (argv, piped.stderr)
    # Closed: nothing can be written, whatever was asked; said once.
    assert (closed.returncode, closed.stderr) == (74, CLOSED), (argv, closed)
    # Full: a command that produced data fails with 74 and one line; an error stays the error.
    lines = failures(full.stderr)
    assert len(lines) == 1, (argv, full.stderr)
    if piped.returncode == 0 and piped.stdout:
        assert full.returncode == 74, (argv, full)
        assert lines[0].startswith("wco: cannot write the output:") and "No space" in lines[0]
    else:
        assert full.returncode in (piped.returncode, 74), (argv, full, piped.returncode)


def argv_of(prefix: st.SearchStrategy[list[str]], value: st.SearchStrategy[str],
            build: Callable[[list[str], str, list[str]], list[str]] | None = None
            ) -> st.SearchStrategy[list[str]]:
    """PREFIX VALUE FORMAT... (or BUILD's arrangement of them)."""
    arrange = build or (lambda p, v, f: [*p, v, *f])
    return st.builds(arrange, prefix, value, FORMAT)


@SUBPROCESS
@given(argv_of(st.sampled_from([["members"], ["offices", "--serving"], ["offices", "--country"],
                                ["offices", "--type", "rilo", "--serving"]]),
               MEMBER))
def test_member_names(argv):
    check(argv)


@SUBPROCESS
@given(argv_of(st.sampled_from([["offices", "--as-of"], ["facts", "--as-of"],
                                ["members", "--as-of"], ["regions", "--as-of"],
                                ["facts", "council_chair", "--as-of"]]), AS_OF))
def test_as_of_values(argv):
    check(argv)


@SUBPROCESS
@given(argv_of(st.sampled_from([["offices", "--region"], ["members", "--region"],
                                ["regions"], ["offices", "--type", "rtc", "--region"]]), REGION))
def test_region_values(argv):
    check(argv)


@SUBPROCESS
@given(argv_of(st.sampled_from([["hs"], ["hs", "--edition", "2017"], ["hs", "--to", "2012"],
                                ["hs", "--to", "1992", "--all"]]), HS_CODE,
               # The code goes last: `wco hs CODE --to YEAR` as often as `--to YEAR CODE`.
               lambda p, v, f: [*p, *f, "--", v] if v.startswith("-") and v != "-" else
               [*p, *f, v]))
def test_hs_codes(argv):
    check(argv)


@pytest.mark.parametrize("argv", [["members", "kenya"], ["offices", "--as-of", "2013"],
                                  ["hs", "90121"], ["goals", "--set", "latest"]])
def test_known_lines_hold_the_same_rules(argv):
    """Fixed cases the generators may miss: a detail view, a date, a stderr note, an empty list."""
    check(argv)
