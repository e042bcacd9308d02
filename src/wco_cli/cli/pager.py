"""A pager for output longer than the terminal, as git and gh use one.

Only when standard output is a terminal: the output is held until it has more lines than the
terminal (wrapped lines counted as the terminal shows them); output that fits is printed as it
is, and longer output goes to the pager, the lines held first, then the rest as it is written
(a long list starts showing at once). The pager is $WCO_PAGER, else $PAGER, else `less -FRX`
when less is installed, else none; an empty value or `cat` means none, and so does
--no-pager. LESS defaults to FRX (and LV to -c) for the pager, as git sets them.

Quitting the pager early stops the output quietly; a pager that cannot be found is named on
stderr and the output printed without it; one that fails is named on stderr with its status.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

ENV_PAGER = "WCO_PAGER"
DEFAULT_PAGER = "less -FRX"
_ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def pager_command() -> str | None:
    """The pager to use (a shell command), or None: WCO_PAGER, else PAGER, else less."""
    for name in (ENV_PAGER, "PAGER"):
        if name in os.environ:
            command = os.environ[name].strip()
            return None if command in ("", "cat") else command
    import shutil

    return DEFAULT_PAGER if shutil.which("less") else None


def terminal_lines() -> int:
    """Lines of the terminal on standard output (LINES when it is a whole number above 0)."""
    given = os.environ.get("LINES", "").strip()
    if given.isascii() and given.isdigit() and 0 < int(given) < 100_000:
        return int(given)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines or 24
    except (OSError, ValueError, AttributeError):
        return 24


class _Held(io.RawIOBase):
    """The bytes of the output: held while they fit on the terminal, then the pager's."""

    def __init__(self, command: str, lines: int, width: int) -> None:
        self.command, self.lines, self.width = command, lines, width
        self.held = bytearray()
        self.used = 0  # terminal lines the held complete lines take
        self.tail = b""  # the held line not yet ended
        self.pager: Any = None
        self.done = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        data = bytes(data)
        if self.done:  # after the pager has ended: nothing more is shown
            return len(data)
        if self.pager is not None:
            self._send(data)
            return len(data)
        self.held += data
        *ended, self.tail = (self.tail + data).split(b"\n")
        self.used += sum(self._rows(line) for line in ended)
        if self.used + (self._rows(self.tail) if self.tail else 0) >= self.lines:
            self._start()
        return len(data)

    def _rows(self, line: bytes) -> int:
        """Terminal lines LINE takes: its width without escapes, wrapped at the width."""
        text = _ESCAPE.sub(b"", line).decode("utf-8", "replace")
        from wco_cli.cli.terminal import cell_width

        return max(1, -(-cell_width(text) // self.width))

    def _start(self) -> None:
        import subprocess

        env = dict(os.environ)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        self.pager = subprocess.Popen(self.command, shell=True, stdin=subprocess.PIPE, env=env)
        held, self.held = bytes(self.held), bytearray()
        self._send(held)

    def _send(self, data: bytes) -> None:
        """DATA to the pager. Once it has ended (quit early), the rest is dropped, never an
        error: Rich, finding a broken pipe, would end the command with status 1."""
        try:
            self.pager.stdin.write(data)
        except OSError:
            self.done = True

    def finish(self, stdout: IO[str]) -> None:
        """Print what is held (it fits), or end the pager's input and wait for the reader."""
        self.done = True
        if self.pager is None:
            stdout.flush()
            buffer = getattr(stdout, "buffer", None)
            if buffer is not None:
                buffer.write(bytes(self.held))
                buffer.flush()
            else:
                stdout.write(self.held.decode("utf-8", "replace"))
            return
        import signal

        try:
            self.pager.stdin.close()
        except OSError:  # the reader quit early: what was not shown is dropped
            pass
        # Ctrl-C belongs to the pager while it runs; the command ends once it does.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            status = self.pager.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
        if status not in (0, None) and status > 0:
            from wco_cli.text import visible

            sys.stderr.write(f"wco: the pager '{visible(self.command)}' failed (exit status "
                             f"{status}); --no-pager or {ENV_PAGER}= print without it\n")


class _Terminal(io.TextIOWrapper):
    """Text for the terminal, held: it says it is one, so output is drawn as for it."""

    def isatty(self) -> bool:
        return True


def usable(command: str) -> bool:
    """Whether COMMAND's program can be found; if not, say so on stderr."""
    import shlex
    import shutil

    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        program = command
    # An assignment first (`LESS=R less`) is the shell's to read.
    if "=" in program or ("/" in program and os.access(program, os.X_OK)) \
            or shutil.which(program):
        return True
    from wco_cli.text import visible

    sys.stderr.write(f"wco: the pager '{visible(program)}' is not found; printing without it "
                     f"(set {ENV_PAGER} or PAGER, or use --no-pager)\n")
    return False


@contextmanager
def paging(enabled: bool = True) -> Iterator[None]:
    """Output written inside goes through the pager when it is longer than the terminal, and
    standard output is a terminal (see the module)."""
    stdout = sys.stdout
    command = pager_command() if enabled and stdout is not None and stdout.isatty() else None
    if command is None or not usable(command):
        yield
        return
    from wco_cli.cli.terminal import terminal_width

    held = _Held(command, terminal_lines(), terminal_width())
    sys.stdout = _Terminal(io.BufferedWriter(held), encoding=stdout.encoding,
                           errors=stdout.errors)
    terminal = sys.stdout
    try:
        yield
        terminal.flush()
    finally:
        sys.stdout = stdout
        try:
            terminal.flush()  # what an error cut short is still shown
        except (OSError, ValueError):
            pass
        held.finish(stdout)
        try:
            terminal.close()
        except (OSError, ValueError):
            pass
