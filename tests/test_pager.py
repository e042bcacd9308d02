"""The pager and the progress bar, on a pseudo-terminal: a person at a terminal gets them, a
pipe never does, and what is printed to standard output is the same either way."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import installed_wco, subprocess_env

LONG = ["instruments", "rkc"]  # a detail view of well over 40 lines
SHORT = ["regions", "esa", "--fields", "name"]


def on_terminal(argv: list[str], rows: int = 40, stdout_pipe: bool = False,
                stdin: Path | None = None, **env_extra: str) -> tuple[int, str, bytes]:
    """`wco ARGV` with a pseudo-terminal ROWS lines high as stderr, and as stdout too unless
    STDOUT_PIPE: (exit status, what the terminal showed, what the pipe got)."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 120, 0, 0))
    env = subprocess_env(**{"TERM": "xterm", **env_extra})
    for name, value in env_extra.items():  # None: not set at all
        if value is None:
            env.pop(name, None)
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    with open(stdin or os.devnull, "rb") as given:
        process = subprocess.Popen([installed_wco(), *argv], stdin=given,
                                   stdout=subprocess.PIPE if stdout_pipe else secondary,
                                   stderr=secondary, env=env)
    os.close(secondary)
    piped: list[bytes] = []
    reader = threading.Thread(target=lambda: piped.append(process.stdout.read()
                                                          if process.stdout else b""))
    reader.start()
    shown = b""
    while select.select([main], [], [], 30)[0]:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    reader.join(timeout=60)
    process.wait(timeout=60)
    os.close(main)
    return process.returncode, shown.decode("utf-8", "replace"), piped[0]


@pytest.fixture
def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A pager that records what it is given (and shows one line saying so)."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text(f"#!/bin/sh\ncat > '{record}'\necho PAGED\n")
    script.chmod(0o755)
    return str(script), record


def test_a_long_view_goes_through_the_pager(recorder):
    pager, record = recorder
    status, shown, _ = on_terminal(LONG, WCO_PAGER=pager)
    assert status == 0 and "PAGED" in shown
    paged = record.read_text()
    assert "Revised Kyoto Convention" in paged and len(paged.splitlines()) > 40
    assert "Revised Kyoto Convention" not in shown  # the pager showed it, not wco


def test_pager_falls_back_to_pager_then_none(recorder):
    pager, record = recorder
    status, shown, _ = on_terminal(LONG, WCO_PAGER=None, PAGER=pager)
    assert status == 0 and "PAGED" in shown and record.exists()
    for value in ("cat", ""):
        record.unlink(missing_ok=True)
        status, shown, _ = on_terminal(LONG, WCO_PAGER=None, PAGER=value)
        assert status == 0 and "Revised Kyoto Convention" in shown and not record.exists()


def test_output_that_fits_is_printed_without_the_pager(recorder):
    pager, record = recorder
    status, shown, _ = on_terminal(SHORT, WCO_PAGER=pager)
    assert status == 0 and "East and Southern Africa" in shown and not record.exists()


def test_no_pager_option(recorder):
    pager, record = recorder
    status, shown, _ = on_terminal([*LONG, "--no-pager"], WCO_PAGER=pager)
    assert status == 0 and "Revised Kyoto Convention" in shown and not record.exists()


@pytest.mark.parametrize("argv", [LONG, [*LONG, "--json"], ["members", "--json"]])
def test_piped_output_never_pages(recorder, argv):
    pager, record = recorder
    result = subprocess.run([installed_wco(), *argv], capture_output=True, timeout=60,
                            env=subprocess_env(WCO_PAGER=pager, PAGER=pager))
    assert result.returncode == 0 and result.stdout and not record.exists()


def test_a_pager_quit_early_ends_quietly():
    status, shown, _ = on_terminal(["members", "--json"], WCO_PAGER="head -n 2")
    assert status == 0
    assert "Traceback" not in shown and "wco:" not in shown


def test_a_pager_that_fails_or_is_missing_is_one_line_on_stderr():
    status, shown, _ = on_terminal(LONG, WCO_PAGER="false")
    assert status == 0 and "Traceback" not in shown
    assert "wco: the pager 'false' failed (exit status 1)" in shown
    status, shown, _ = on_terminal(LONG, WCO_PAGER="no-such-pager-anywhere")
    assert status == 0 and "Traceback" not in shown
    assert "wco: the pager 'no-such-pager-anywhere' is not found" in shown
    assert "Revised Kyoto Convention" in shown  # printed without it


# ---- progress ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough codes for the batch to take over a second (when progress starts showing)."""
    path = tmp_path_factory.mktemp("batch") / "codes.txt"
    path.write_text("0901.21\n8471.30\nabc\n090121\n" * 60_000)
    return path


def test_a_long_batch_shows_progress_on_a_terminal_and_the_same_output(batch):
    status, shown, piped = on_terminal(["hs", "-", "--jsonl"], stdout_pipe=True, stdin=batch)
    assert status == 0 and "HS batch" in shown and "%" in shown
    quiet = subprocess.run([installed_wco(), "hs", "-", "--jsonl"], stdin=batch.open("rb"),
                           capture_output=True, timeout=120, env=subprocess_env())
    assert quiet.returncode == 0 and quiet.stderr == b""  # stderr piped: no progress
    assert piped == quiet.stdout and piped.count(b"\n") == 240_000


def test_a_short_batch_shows_no_progress(tmp_path):
    codes = tmp_path / "codes.txt"
    codes.write_text("0901.21\n")
    status, shown, piped = on_terminal(["hs", "-", "--jsonl"], stdout_pipe=True, stdin=codes)
    assert status == 0 and "HS batch" not in shown and b'"0901.21"' in piped


class FakeStderr(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize("terminal", [True, False])
def test_the_progress_callback_draws_only_on_a_terminal(monkeypatch, terminal):
    # The callback the export shares: (done, total), drawn once the work takes a while.
    from wco_cli.cli import progress

    stderr = FakeStderr(terminal)
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.setattr(progress, "SHOW_AFTER", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 1_000_000)
    monkeypatch.setenv("TERM", "xterm")
    report = progress.progress("Exporting", 10)
    for done in range(11):
        report(done, 10)
    assert ("Exporting" in stderr.getvalue()) is terminal
