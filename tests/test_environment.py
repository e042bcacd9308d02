"""What a new user ran into, through the installed command: closed and full output, pipes,
locale, FORCE_COLOR, empty values and the exit-status rule."""

from __future__ import annotations

import subprocess

import pytest
from conftest import subprocess_env


def run_shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True,
                          text=True, env=subprocess_env(**env), timeout=60)


@pytest.mark.parametrize("args", ["facts", "--version", "--help", "members kenya --json"])
def test_closed_stdout_is_one_line_and_exit_74(wco_command, args):
    result = run_shell(f"'{wco_command}' {args} >&-")
    assert result.returncode == 74
    assert result.stderr == "wco: cannot write the output: standard output is closed\n"


@pytest.mark.parametrize("args", ["facts", "members kenya --json", "history --csv", "--help"])
def test_full_disk_is_one_line_and_exit_74(wco_command, args):
    result = run_shell(f"'{wco_command}' {args} > /dev/full")
    assert result.returncode == 74
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "No space left on device" in result.stderr


@pytest.mark.parametrize("args", ["history", "--help", "members --json", "offices --csv"])
def test_a_reader_that_stops_early_is_not_an_error(wco_command, args):
    result = run_shell(f"'{wco_command}' {args} | head -c 20 > /dev/null")
    assert result.returncode == 0 and result.stderr == ""


def test_csv_and_json_lines_are_utf8_whatever_the_locale(wco_command):
    env = {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([wco_command, "members", "CI", "--json"], capture_output=True,
                            env=subprocess_env(**env), timeout=60)
    assert b"\\u00f4" in result.stdout  # JSON may escape: still the same value
    for fmt in ("--csv", "--jsonl"):
        out = subprocess.run([wco_command, "members", "--region", "wca", fmt],
                             capture_output=True, env=subprocess_env(**env), timeout=60).stdout
        assert "Côte d'Ivoire".encode() in out and b"\\xf4" not in out


def test_force_color_zero_does_not_force_a_table(wco_command):
    result = run_shell(f"'{wco_command}' regions | cat", FORCE_COLOR="0")
    assert result.stdout.startswith("id\t")


def test_internal_errors_are_one_line_and_exit_70(tmp_path):
    probe = ("import sys; sys.argv = ['wco', 'facts']\n"
             "from wco_cli.cli import app as cli\n"
             "from wco_cli.datasets.facts import Facts\n"
             "Facts.list_rows = lambda *a, **k: 1 / 0\n"
             "cli.main()\n")
    import sys

    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=subprocess_env(), timeout=60)
    assert result.returncode == 70
    assert result.stderr.startswith("wco: internal error: ZeroDivisionError")
    debug = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           env=subprocess_env(WCO_DEBUG="1"), timeout=60)
    assert "Traceback" in debug.stderr


@pytest.mark.parametrize("argv", [
    ["members", ""], ["offices", "--region", ""], ["offices", "--country", ""],
    ["offices", "--serving", ""], ["offices", "--as-of", ""], ["goals", "--set", ""],
    ["members", "--region", ""], ["facts", "--as-of", ""],
])
def test_an_empty_value_is_a_usage_error(wco, argv):
    result = wco(*argv)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("wco: ") and result.stderr.count("\n") == 1


def test_choices_and_fields_ignore_case(wco):
    assert wco("offices", "--type", "RILO", "--json").json() == wco(
        "offices", "--type", "rilo", "--json").json()
    assert wco("sources", "--kind", "Web", "--json").exit_code == 0
    assert wco("members", "--fields", "NAME", "--limit", "1").stdout.startswith("name\n")


def test_version_reads_the_data_directory_given_as_an_option(wco, tmp_path):
    import json
    import shutil

    from wco_cli.store import bundled_dir

    shutil.copytree(bundled_dir(), tmp_path / "d")
    (tmp_path / "d" / "meta.json").write_text(json.dumps({"data_reviewed": "2030-01-01"}))
    assert "2030-01-01" in wco("--data-dir", str(tmp_path / "d"), "--version").stdout
    assert "2030-01-01" in wco("--version", "--data-dir", str(tmp_path / "d")).stdout


def test_validate_reports_every_problem_with_the_directory(wco, tmp_path):
    import json
    import shutil

    from wco_cli.store import bundled_dir

    shutil.copytree(bundled_dir(), tmp_path / "d")
    facts = json.loads((tmp_path / "d" / "facts.json").read_text(encoding="utf-8"))
    facts[0]["values"][0]["value"] = {"a": 1}
    facts[1]["label"] = ""
    (tmp_path / "d" / "facts.json").write_text(json.dumps(facts), encoding="utf-8")
    result = wco("--data-dir", str(tmp_path / "d"), "validate")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(str(tmp_path / "d") in line for line in lines)
    assert "field 'value'" in result.stderr and "field 'label'" in result.stderr


# ---- the command ends without Python's teardown (cli.run): nothing written may be lost ------

BATCH_INPUT = "\n".join(f"{chapter:02d}" for chapter in range(1, 98)) * 40  # 3,880 lines


@pytest.mark.parametrize("args, stdin", [
    (["hs", "-", "--jsonl"], BATCH_INPUT),  # far more than a pipe holds
    (["history", "--csv"], None),
    (["members", "atlantis"], None),  # exit status 1, a line on stderr
    (["offices", "--region", "nowhere"], None),  # exit status 2
    (["hs", "90121", "--json"], None),  # a note on stderr and the answer on stdout
])
def test_the_command_writes_and_exits_as_a_normal_python_exit_would(wco_command, args, stdin):
    """The installed command (cli.run, which ends the process at once) against cli.main (which
    ends as Python does): the same bytes on stdout and stderr, and the same exit status."""
    import sys

    normal_exit = ("import sys; from wco_cli.cli import app as cli; "
                   "sys.argv = ['wco', *sys.argv[1:]]; "
                   "cli.main()")
    options = {"capture_output": True, "env": subprocess_env(), "timeout": 60,
               "input": stdin.encode() if stdin else None}
    fast = subprocess.run([wco_command, *args], **options)
    normal = subprocess.run([sys.executable, "-c", normal_exit, *args], **options)
    assert (fast.returncode, fast.stdout, fast.stderr) == \
        (normal.returncode, normal.stdout, normal.stderr)
    if stdin:
        assert fast.stdout.count(b"\n") == stdin.count("\n") + 1


def test_python_dash_m_runs_the_same_command(wco_command):
    import sys

    module = subprocess.run([sys.executable, "-m", "wco_cli", "members", "kenya", "--json"],
                            capture_output=True, env=subprocess_env(), timeout=60)
    script = subprocess.run([wco_command, "members", "kenya", "--json"], capture_output=True,
                            env=subprocess_env(), timeout=60)
    assert module.returncode == script.returncode == 0
    assert module.stdout == script.stdout and b'"id": "kenya"' in module.stdout


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (3, 3), ("stopped", 1)])
def test_an_exit_request_keeps_the_status_python_would_give(code, status, capsys):
    from wco_cli.cli.app import exit_status

    assert exit_status(code) == status
    assert capsys.readouterr().err == ("stopped\n" if code == "stopped" else "")
