"""Import discipline, checked deterministically: what a --json command loads, and what it leaves
alone."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import subprocess_env

from wco_cli.store import bundled_dir

PROBE = """
import json, sys
sys.argv = ["wco", *json.loads(sys.argv[1])]
from wco_cli.cli import app as cli, options
try:
    cli.main()
except SystemExit:
    pass
report = {"modules": sorted(m for m in sys.modules
                            if m.split(".")[0] in ("rich", "csv", "pydantic")),
          "data": sorted(options.db()._records),
          "commands": sorted(m for m in sys.modules if m.startswith("wco_cli.cli.commands.")),
          "datasets": sorted(m.rsplit(".", 1)[1] for m in sys.modules
                             if m.startswith("wco_cli.datasets.") and m != "wco_cli.datasets.base")}
sys.stderr.write("PROBE" + json.dumps(report) + "\\n")
"""


def probe(*args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True,
                            text=True, env=subprocess_env(NO_COLOR="1"), timeout=60)
    line = next(line for line in result.stderr.splitlines() if line.startswith("PROBE"))
    return json.loads(line[5:])


@pytest.mark.parametrize("args, files", [
    (["offices", "--region", "africa", "--json"], ["offices", "regions"]),
    (["facts", "--json"], ["facts"]),
    (["goals", "--json"], ["goals"]),
    (["history", "--json"], ["history"]),
    (["members", "--json"], ["members", "regions"]),
    (["history"], ["history"]),
])
def test_command_loads_only_its_data_and_no_rich(args, files):
    report = probe(*args)
    assert report["modules"] == [], f"{args} imported {report['modules']}"
    assert report["data"] == files


# A dataset's command is built from its dataset module (no command module of its own); the
# other commands are modules of wco_cli.cli.commands.
@pytest.mark.parametrize("args, commands, datasets", [
    (["--version"], [], []),
    (["--data-dir", str(bundled_dir()), "--version"], [], []),
    (["goals", "--json"], [], ["goals"]),
    (["--version", "goals"], [], ["goals"]),
    (["history", "--help"], [], ["history"]),
    (["schema", "--list"], ["schema"], None),
    (["search", "training", "--json"], ["search"], []),
])
def test_a_run_imports_only_the_command_it_runs(args, commands, datasets):
    report = probe(*args)
    assert report["commands"] == [f"wco_cli.cli.commands.{name}" for name in commands]
    if datasets is not None:
        assert report["datasets"] == datasets


def test_the_top_level_help_imports_no_command_module():
    """`wco --help` lists every command with its summary: a dataset's from its module (the
    datasets of the registry that have a command), the others' from cli/commands/__init__.py."""
    from wco_cli.cli.commands import COMMANDS, MODULES

    for args in (["--help"], []):
        report = probe(*args)
        assert report["commands"] == []
        assert report["datasets"] == sorted(name for name in COMMANDS if name not in MODULES)


HS_PROBE = """
import json, sys
sys.argv = ["wco", *json.loads(sys.argv[1])]
from wco_cli.cli import app as cli
try:
    cli.main()
except SystemExit:
    pass
sys.stderr.write("PROBE" + json.dumps(sorted(m for m in sys.modules
                                             if m.startswith("wco_cli.hscodes."))) + "\\n")
"""


@pytest.mark.parametrize("args, modules", [
    (["hs", "0901.21", "--json"], ["codes", "fileformat", "lookup", "tables"]),
    (["hs", "0901.21"], ["codes", "fileformat", "lookup", "tables"]),
    (["hs", "--json"], ["codes", "fileformat", "lookup", "tables"]),
])
def test_an_hs_lookup_imports_neither_search_nor_batch(args, modules):
    result = subprocess.run([sys.executable, "-c", HS_PROBE, json.dumps(args)],
                            capture_output=True, text=True, env=subprocess_env(NO_COLOR="1"),
                            timeout=60)
    line = next(line for line in result.stderr.splitlines() if line.startswith("PROBE"))
    assert json.loads(line[5:]) == [f"wco_cli.hscodes.{name}" for name in modules]


def test_importtime_shows_no_rich_on_the_json_path():
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "wco_cli",
                             "offices", "--region", "africa", "--json"],
                            capture_output=True, text=True, env=subprocess_env(NO_COLOR="1"),
                            timeout=60)
    assert result.returncode == 0
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")]
    assert "typer" in imported and "wco_cli.cli.app" in imported
    assert not [name for name in imported if name.startswith(("rich", "pydantic"))]


def test_typer_version_is_one_without_pydantic():
    import typer

    major, minor = (int(part) for part in typer.__version__.split(".")[:2])
    assert (major, minor) < (0, 29), (
        "Typer 0.29 imports pydantic on every run; see README 'Start-up'")


MINIMAL_APP_MODULES = """
import sys
import typer
app = typer.Typer()
@app.command()
def main(name: str = "x") -> None:
    print(name)
sys.argv = ["app"]
try:
    app()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.split(".")[0] == "pydantic"))
"""


def test_installed_typer_runs_a_minimal_app_without_pydantic():
    import typer

    result = subprocess.run([sys.executable, "-c", MINIMAL_APP_MODULES], capture_output=True,
                            text=True, env=subprocess_env(NO_COLOR="1"), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["x", "[]"], (
        f"Typer {typer.__version__} imports pydantic when a minimal app runs. pyproject.toml caps "
        "Typer below 0.29 because Typer 0.29 imports pydantic on every run (88 -> 216 ms for a "
        "minimal app); the cap may be lifted only when this test passes with the newer Typer.")
