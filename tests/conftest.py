"""Shared fixtures: a CLI runner with a predictable environment, and the installed command."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wco_cli.cli import options
from wco_cli.cli.app import full_app

app = full_app()

COLOUR_VARIABLES = ("FORCE_COLOR", "PY_COLORS", "GITHUB_ACTIONS", "CLICOLOR_FORCE", "WCO_DATA_DIR")


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch):
    """No colour, a wide fake terminal, the bundled data; data caches reset around each test."""
    for name in COLOUR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "200")
    options.set_data_dir(None)
    yield
    options.set_data_dir(None)


class Result:
    def __init__(self, raw):
        self.exit_code = raw.exit_code
        self.stdout = raw.stdout
        self.stderr = raw.stderr
        self.exception = raw.exception

    def json(self):
        return json.loads(self.stdout)


def run(*args: str, env: dict[str, str] | None = None,
        input: str | None = None) -> Result:  # noqa: A002 - CliRunner's own name for stdin
    """Run `wco ARGS` in-process through the real entry point's error boundary."""
    result = Result(CliRunner().invoke(app, list(args), env=env, input=input))
    # Whatever happened, a traceback must never reach the user.
    assert "Traceback" not in result.stdout + result.stderr
    return result


@pytest.fixture
def wco():
    return run


def installed_wco() -> str:
    """The console script of the environment running the tests."""
    found = Path(sys.executable).with_name("wco")
    return str(found) if found.exists() else (
        shutil.which("wco") or pytest.skip("wco is not installed"))


@pytest.fixture
def wco_command() -> str:
    return installed_wco()


@pytest.fixture
def hs_caches_cleared():
    """HS files read afresh for a test and forgotten after it (tests of what a first lookup,
    search or batch reads); a module names it in `pytestmark`."""
    from wco_cli.hscodes import tables

    tables.clear_cache()
    yield
    tables.clear_cache()


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment of a command the tests start: no colour settings, and no pager (output
    on a pseudo-terminal is read whole; tests of the pager give WCO_PAGER)."""
    env = {k: v for k, v in os.environ.items() if k not in COLOUR_VARIABLES}
    env["WCO_PAGER"] = ""
    env.update(extra)
    return env


def run_on_terminal(argv: list[str], size: int = 0, **env_extra: str) -> tuple[int, str]:
    """ARGV run on a pseudo-terminal SIZE columns wide (0: a size unknown), colour allowed:
    (exit status, everything it printed)."""
    import fcntl
    import pty
    import select
    import struct
    import subprocess
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 40, size, 0, 0))
    env = subprocess_env(**env_extra)
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(argv, stdin=secondary, stdout=secondary, stderr=secondary,
                               env=env)
    os.close(secondary)
    chunks = b""
    while select.select([main], [], [], 30)[0]:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks += chunk
    process.wait(timeout=30)
    os.close(main)
    return process.returncode, chunks.decode("utf-8", "replace")
