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
    venv.create(work / "venv")  # without pip of its own: this pip installs into it (faster)
    python = work / "venv" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    str(wheel)], check=True, timeout=300)
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


def wheel_metadata(wheel: Path) -> list[tuple[str, str]]:
    """The (field, value) lines of the wheel's METADATA header."""
    import zipfile

    archive = zipfile.ZipFile(wheel)
    text = archive.read(next(n for n in archive.namelist()
                             if n.endswith(".dist-info/METADATA"))).decode()
    header = text.split("\n\n", 1)[0]
    return [(field, value.strip()) for field, _, value in
            (line.partition(":") for line in header.splitlines() if not line.startswith(" "))]


def test_wheel_metadata_describes_the_project_for_an_index(installed_wheel):
    """What a package index shows and filters by: classifiers (every supported Python, typed,
    a console tool), keywords, the Python floor and the dependency floors CI tests."""
    _, wheel = installed_wheel
    metadata = wheel_metadata(wheel)
    classifiers = [value for field, value in metadata if field == "Classifier"]
    for classifier in ("Development Status :: 5 - Production/Stable", "Environment :: Console",
                       "Intended Audience :: Developers", "Typing :: Typed",
                       "Topic :: Office/Business", "Programming Language :: Python :: 3 :: Only"):
        assert classifier in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the SPDX expression says it
    pythons = [c.rsplit(" ", 1)[1] for c in classifiers
               if c.startswith("Programming Language :: Python :: 3.")]
    assert pythons == ["3.10", "3.11", "3.12", "3.13"]
    # The oldest and newest of them are the Pythons CI runs the suite on besides its own.
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"OLDEST={pythons[0]}\n" in ci and f"NEWEST={pythons[-1]}\n" in ci
    assert ("Requires-Python", f">={pythons[0]}") in metadata
    keywords = dict(metadata)["Keywords"].split(",")
    assert {"customs", "wco", "harmonized system", "hs codes"} <= set(keywords)
    requires = [value for field, value in metadata if field == "Requires-Dist"]
    assert "typer<0.29,>=0.26.8" in requires and "rich>=13.8" in requires
    summary = dict(metadata)["Summary"]
    assert summary.startswith("Look up the World Customs Organization's data")
