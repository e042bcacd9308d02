"""The layout's rules: the library never reaches up into the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "wco_cli"
CLI = PACKAGE / "cli"
# What only the command line may import: Typer (and Click under it), Rich, and wco_cli.cli.
CLI_ONLY = ("typer", "click", "rich", "wco_cli.cli")


def imported_modules(path: Path) -> set[str]:
    """Every module PATH imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def library_modules() -> list[Path]:
    """Every module outside wco_cli/cli, but __main__.py: `python -m wco_cli` runs the CLI."""
    return sorted(p for p in PACKAGE.rglob("*.py")
                  if CLI not in p.parents and p != PACKAGE / "__main__.py")


def test_the_library_and_the_command_line_are_both_there() -> None:
    assert len(library_modules()) > 10 and len(list(CLI.rglob("*.py"))) > 10


@pytest.mark.parametrize("path", library_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_library_imports_nothing_of_the_command_line(path: Path) -> None:
    upward = sorted(name for name in imported_modules(path)
                    if any(name == top or name.startswith(top + ".") for top in CLI_ONLY))
    assert upward == [], f"{path.name} imports {upward}: the library must work without the CLI"


def test_importing_the_library_loads_no_command_line_module() -> None:
    import subprocess
    import sys

    code = ("import sys, wco_cli; db = wco_cli.Database(); db.members.lookup('Kenya'); "
            "db.search('training'); db.offices.rows(region='africa'); "
            "import wco_cli.schema, wco_cli.export; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('typer', 'click', 'rich') or m.startswith('wco_cli.cli')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_one_fold_for_all_text() -> None:
    """Lookup, search and HS search fold text by text.fold alone: no module but text.py
    defines a fold or strips accents itself."""
    folds = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "text.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.split("_")[0] == "fold":
                folds.append(f"{path.name}: def {node.name}")
            if isinstance(node, ast.Attribute) and node.attr == "combining":
                folds.append(f"{path.name}: unicodedata.combining")
    assert folds == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_a_warehouse(path: Path) -> None:
    """A module holds one job: a few hundred lines, never over 600."""
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600
