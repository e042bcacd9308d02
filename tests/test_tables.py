"""Tables a person reads: caveats shown under the table, control characters escaped, words
wrapped whole, and the field: value layout when a terminal is too narrow for a table."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from wco_cli.cli.terminal import fit, wrap
from wco_cli.store import bundled_dir

TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "120", "NO_COLOR": "1", "TERM": "xterm"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def screen(result) -> str:
    return ANSI.sub("", result.stdout)


def test_a_caveat_is_marked_in_its_row_and_printed_under_the_table(wco):
    text = screen(wco("facts", env=TERMINAL))
    row = next(line for line in text.splitlines() if "Secretary General" in line
               and "Deputy" not in line)
    number = re.search(r"Secretary General\s\[(\d+)\]", row).group(1)
    caveat = next(line for line in text.splitlines() if line.startswith(f"[{number}] "))
    value = wco("facts", "secretary_general", "--as-of", "2026", "--json").json()
    note = (value[0] if isinstance(value, list) else value)["note"]
    assert caveat[len(number) + 3:].split()[:4] == note.split()[:4]


def test_one_caveat_shared_by_rows_gets_one_number(wco):
    text = screen(wco("facts", env=TERMINAL))
    numbered = re.findall(r"^\[(\d+)\] ", text, flags=re.MULTILINE)
    assert numbered == [str(n) for n in range(1, len(numbered) + 1)]  # each printed once


def test_caveats_stay_out_of_piped_output(wco):
    assert not re.search(r"^\[\d+\] ", wco("facts").stdout, flags=re.MULTILINE)


def test_history_notes_are_under_the_table(wco):
    text = screen(wco("history", "--since", "2023", env=TERMINAL))
    assert re.search(r"^\[1\] ", text, flags=re.MULTILINE)


@pytest.fixture
def escaping_dir(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(bundled_dir(), target)
    path = target / "regions.json"
    regions = json.loads(path.read_text(encoding="utf-8"))
    regions[0]["name"] = "East \x1b[31mred\x1b[0m Africa\u202e"
    path.write_text(json.dumps(regions, ensure_ascii=False), encoding="utf-8")
    return target


@pytest.mark.parametrize("env", [TERMINAL, {}], ids=["table", "plain"])
def test_control_characters_from_a_data_directory_are_escaped(wco, escaping_dir, env):
    result = wco("--data-dir", str(escaping_dir), "regions", env=env)
    assert result.exit_code == 0
    assert "\x1b[31m" not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[31mred" in result.stdout and "\\u202e" in result.stdout


def test_json_keeps_the_value_exact(wco, escaping_dir):
    result = wco("--data-dir", str(escaping_dir), "regions", "--json")
    assert any(row["name"].startswith("East \x1b[31m") for row in result.json())


def test_wrap_breaks_at_spaces_only():
    lines = wrap("write to communication@wcoomd.org before 2025-09-17 please", 12)
    assert "communication@wcoomd.org" in lines and "2025-09-17" in lines
    assert all(len(line) <= 12 or " " not in line for line in lines)


def test_fit_keeps_every_column_at_its_longest_word():
    assert fit([10, 40], [8, 12], 60) == [10, 40]  # fits as it is
    widths = fit([10, 40, 30], [8, 12, 10], 50)
    assert widths is not None and sum(widths) <= 50
    assert all(width >= least for width, least in zip(widths, [8, 12, 10], strict=True))
    assert fit([40, 40], [30, 25], 50) is None  # too narrow: records instead


@pytest.mark.parametrize("columns", ["40", "200"])
def test_every_row_is_shown_at_any_width(wco, columns):
    env = {**TERMINAL, "COLUMNS": columns}
    text = screen(wco("members", "--region", "esa", env=env))
    expected = [row["name"] for row in wco("members", "--region", "esa", "--json").json()]
    assert all(name.split()[0] in text for name in expected)


def test_a_detail_view_shows_objects_as_fields_and_nested_notes_as_caveats(wco):
    text = screen(wco("offices", "show", "rilo-esa", env=TERMINAL))
    assert "{'" not in text and "members: angola" in text  # not a Python dict
    hosts = text[text.index("\nhosts\n"):]
    assert re.search(r"│ Kenya\s\[1\]", hosts) and "\n[1] Host named in the 2013" in hosts
