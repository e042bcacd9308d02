"""README.md documents every command, every JSON key and the test command CI runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from wco_cli.cli.app import full_app
from wco_cli.schema import views

app = full_app()
VIEWS = views()

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_names() -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)


@pytest.mark.parametrize("name", command_names())
def test_every_command_is_documented_and_has_help(name):
    group = typer.main.get_command(app)
    assert group.commands[name].help, f"wco {name} has no help text"
    assert f"wco {name}" in README


@pytest.mark.parametrize("view", list(VIEWS))
def test_every_json_key_is_documented(view):
    line = next(line for line in README.splitlines() if f"(`wco schema {view}`)" in line)
    for key in VIEWS[view]:
        assert f"`{key}`" in line, f"{view}.{key} is missing from README's JSON keys"


def test_readme_generated_parts_are_current():
    """Commands, options, JSON keys and datasets in README are generated from the registry:
    `python scripts/readme_reference.py` rewrites them; --check fails with a diff when stale."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "readme_reference.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert '    pip install ".[test]" && python -m pytest -n auto\n' in README
    assert 'pip install --quiet ".[test]"' in ci
    assert "\npython -m pytest -n auto\n" in ci  # the first Python's suite, as README gives it
    assert '/bin/python" -m pytest -n auto; then' in ci  # the oldest and newest Python's
