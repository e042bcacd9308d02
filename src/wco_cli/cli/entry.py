"""The `wco` console script (and `python -m wco_cli`): Ctrl-C while Python is still loading wco
ends the process as an interrupted command ends (status 130 in a shell), with no traceback;
once loaded, cli.run handles it."""

from __future__ import annotations

import signal


def run() -> None:
    interruptible = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if interruptible:  # not when started with Ctrl-C ignored (nohup, a background job)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    from wco_cli.cli.app import run as run_command

    if interruptible:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    run_command()
