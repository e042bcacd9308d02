"""The built wheel carries the data: install it into a new venv and run it from elsewhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from wco_cli import __version__
from wco_cli.datasets import record_files

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(work / "dist"), str(ROOT)], check=True, timeout=300)
    wheel = next((work / "dist").glob("wco_cli-*.whl"))
    venv.create(work / "venv", with_pip=True)
    python = work / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=300)
    return work / "venv" / "bin" / "wco", wheel


def test_wheel_contains_every_data_file(installed_wheel):
    import zipfile

    _, wheel = installed_wheel
    names = zipfile.ZipFile(wheel).namelist()
    for name in (*record_files(), "meta", "search_index"):
        assert f"wco_cli/data/{name}.json" in names
    assert "wco_cli/py.typed" in names  # the API's types reach the type checkers of its users


def test_installed_wheel_runs_from_another_directory(installed_wheel, tmp_path):
    wco, _ = installed_wheel
    env = {k: v for k, v in os.environ.items() if k != "WCO_DATA_DIR"}
    result = subprocess.run([str(wco), "facts", "--json"], cwd=tmp_path, capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["members"]["value"] == 187
    offices = subprocess.run([str(wco), "offices", "--region", "africa", "--json"], cwd=tmp_path,
                             capture_output=True, text=True, env=env, timeout=60)
    assert len(json.loads(offices.stdout)) == 21


def test_python_dash_m_works(installed_wheel, tmp_path):
    wco, _ = installed_wheel
    result = subprocess.run([str(wco.with_name("python")), "-m", "wco_cli", "--version"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith(f"wco {__version__} (data reviewed ")


def test_wheel_carries_the_licence_and_the_data_notice(installed_wheel):
    """Whoever installs wco gets the code's licence and the terms of the data it ships."""
    import zipfile

    _, wheel = installed_wheel
    archive = zipfile.ZipFile(wheel)
    licences = [n for n in archive.namelist() if "/licenses/" in n]
    assert {n.rsplit("/", 1)[-1] for n in licences} == {"LICENSE", "DATA-NOTICE.md"}
    metadata = archive.read(next(n for n in archive.namelist()
                                 if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: MIT" in metadata
    notice = archive.read(next(n for n in licences if n.endswith("DATA-NOTICE.md"))).decode()
    assert "UN Statistics Division" in notice and "ODC-PDDL-1.0" in notice
