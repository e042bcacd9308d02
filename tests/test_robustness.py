"""Hostile input and broken environments: exit 0, 1 or 2, one readable line, never a traceback."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import run, run_on_terminal, subprocess_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

COMMANDS = [
    ["offices"], ["offices", "show"], ["facts"], ["goals"], ["history"], ["members"], ["regions"],
    ["sources"], ["search"], ["schema"],
]
OPTIONS = ["--region", "--type", "--country", "--serving", "--as-of", "--set", "--since", "--until",
           "--grep", "--kind", "--joined-before", "--joined-since", "--fields", "--sort", "--limit",
           "--json", "--csv", "--jsonl", "--list-sets", "--with-eu", "--bogus"]
NASTY = st.sampled_from([
    "", " ", "[red]x[/red]", "[bold]", "\x1b[31mred\x1b[0m", "\x00", "a\nb", "\r", "\t", "\u202e",
    "x" * 5000, "-1", "0", "99999999999999999999", "3000", "2100-13-40", "1e9",
    "Côte d'Ivoire", "北京", "😀", "--json", "esa", "africa", "KE", "rilo", "members",
    "id,name", "-date", "%s%n", "../../etc/passwd", "'; DROP TABLE", "NaN",
])
VALUES = st.one_of(NASTY, st.text(max_size=40),
                   st.integers(min_value=-10**6, max_value=10**6).map(str))
ARGV = st.tuples(
    st.sampled_from(COMMANDS),
    st.lists(st.tuples(st.sampled_from(OPTIONS), VALUES), max_size=3),
    st.lists(VALUES, max_size=2),
).map(lambda t: [*t[0], *[p for pair in t[1] for p in pair], *t[2]])

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@settings(max_examples=300, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(ARGV)
def test_any_argv_gives_a_clean_exit(argv):
    result = run(*argv)  # run() also asserts that no traceback was printed
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.exception)
    if result.exit_code == 0:
        assert result.stderr == ""
    else:
        assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, \
            (argv, result.stderr)
        assert not CONTROL.search(result.stderr), (argv, result.stderr)
        assert len(result.stderr) < 2000


@settings(max_examples=60, derandomize=True, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_region_values_are_echoed_literally(text):
    result = run("offices", "--region", text)
    if result.exit_code == 2:
        shown = result.stderr
        assert not CONTROL.search(shown)
        if text.isprintable() and "'" not in text:
            assert text.strip()[:20] in shown or not text.strip()


def test_markup_in_user_text_is_shown_as_typed():
    result = run("members", "[red]Kenya[/red]")
    assert result.exit_code == 1
    assert "'[red]Kenya[/red]'" in result.stderr


def test_escape_sequences_are_made_visible():
    result = run("offices", "--region", "\x1b[31mred")
    assert result.exit_code == 2
    assert "\\x1b[31mred" in result.stderr and "\x1b" not in result.stderr


# ---- the installed command in real environments ------------------------------------------------

def sh(wco_command: str, args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(f"'{wco_command}' {args}", shell=True, capture_output=True,
                          env=subprocess_env(**env), timeout=60)


def test_ascii_only_locale(wco_command):
    result = sh(wco_command, "members --region wca", LC_ALL="C", PYTHONIOENCODING="ascii")
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert b"C\\xf4te d'Ivoire" in result.stdout
    as_json = sh(wco_command, "members --region wca --json", LC_ALL="C", PYTHONIOENCODING="ascii")
    assert as_json.returncode == 0
    assert "Côte d'Ivoire" in {row["name"] for row in json.loads(as_json.stdout)}


def test_ascii_locale_error_message(wco_command):
    result = sh(wco_command, "members 'Côte dIvoir'", LC_ALL="C", PYTHONIOENCODING="ascii")
    assert result.returncode == 1 and b"Traceback" not in result.stderr


def test_narrow_terminal_prints_records_instead_of_a_broken_table(wco_command):
    result = sh(wco_command, "offices --region esa", COLUMNS="30", FORCE_COLOR="1", TERM="xterm")
    assert result.returncode == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout.decode())
    assert "┏" not in text  # no table squeezed into 30 columns
    ids = re.findall(r"^id: (\S+)", text, flags=re.MULTILINE)
    assert {"rilo-esa", "rocb-esa", "rtc-kenya", "rtc-mauritius"} <= set(ids)
    assert max(len(line) for line in text.splitlines()) <= 30


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_table_never_breaks_addresses_dates_or_ids(wco_command, columns):
    result = sh(wco_command, "facts", COLUMNS=columns, FORCE_COLOR="1", TERM="xterm")
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout.decode())
    assert result.returncode == 0
    assert "communication@wcoomd.org" in text and "2025-09-17" in text
    table = [line for line in text.splitlines() if line[:1] in "┏┃┡│└"]
    assert table and max(len(line) for line in table) <= int(columns)


def test_no_color_gives_no_colour_codes(wco_command):
    result = sh(wco_command, "facts", NO_COLOR="1", FORCE_COLOR="1")
    assert result.returncode == 0
    assert not re.search(rb"\x1b\[(3|4|9)\d", result.stdout)


def test_force_color_when_piped_draws_a_table(wco_command):
    result = sh(wco_command, "regions", FORCE_COLOR="1", COLUMNS="120")
    assert result.returncode == 0 and "┃" in result.stdout.decode()


def test_machine_formats_ignore_force_color(wco_command):
    result = sh(wco_command, "offices --json", FORCE_COLOR="1", COLUMNS="20")
    assert b"\x1b" not in result.stdout
    assert len(json.loads(result.stdout)) == 50


@pytest.mark.parametrize("args", ["history", "members --json", "offices --csv", "sources",
                                  "goals --jsonl"])
def test_closed_pipe_is_quiet(wco_command, args):
    result = sh(wco_command, f"{args} | head -1")
    assert result.returncode == 0
    assert result.stderr == b"", result.stderr


def test_csv_uses_crlf_line_ends(wco_command):
    assert sh(wco_command, "regions --csv").stdout.endswith(b"\r\n")


def test_table_on_a_real_terminal(wco_command):
    code, text = run_on_terminal([wco_command, "offices", "--region", "esa"], size=120,
                                 COLUMNS="120", LINES="50", TERM="xterm")
    assert code == 0
    assert "┃" in text and "Nairobi" in text and "Traceback" not in text
