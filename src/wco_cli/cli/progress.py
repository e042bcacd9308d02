"""Progress of long work on standard error, for a person waiting at a terminal.

progress(label, total) gives a callback `(done, total) -> None` for the work to call as it goes
(`wco hs -` over a large file, an export): nothing is shown when stderr is not a terminal
(piped, a log file) or is a dumb one, nor for work that ends within SHOW_AFTER seconds; past
that, a Rich progress bar (a count and the time taken when the total is unknown, None). The
display is redrawn at most REFRESH times a second and cleared when the work ends, that is when
done reaches total: call it once more at the end (`callback(done, done)` when the total was
unknown). Standard output is never touched. Rich is imported only when the bar is drawn.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

SHOW_AFTER = 1.0  # seconds of work before a bar is worth showing
REFRESH = 10  # redraws a second, at most
Row = TypeVar("Row")
Callback = Callable[[int, "int | None"], None]


def wanted() -> bool:
    """Whether progress can be shown: stderr is a terminal that can redraw a line."""
    stream = sys.stderr
    try:
        terminal = stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False
    return terminal and os.environ.get("TERM", "") != "dumb"


def progress(label: str, total: int | None) -> Callback:
    """The callback reporting LABEL's progress out of TOTAL (None: unknown); see the module."""
    if not wanted():
        return _nothing
    return _Bar(label, total).update


def _nothing(done: int, total: int | None) -> None:
    """Progress nobody sees."""


class _Bar:
    def __init__(self, label: str, total: int | None) -> None:
        self.label, self.total = label, total
        self.started = time.monotonic()
        self.drawn = 0.0
        self.progress: Any = None
        self.task: Any = None
        self.ended = False

    def update(self, done: int, total: int | None) -> None:
        if self.ended:
            return
        if total is not None and done >= total:
            self.end()
            return
        now = time.monotonic()
        if now - self.drawn < 1 / REFRESH or now - self.started < SHOW_AFTER:
            return
        self.drawn = now
        if self.progress is None:
            self.start(done, total)
        self.progress.update(self.task, completed=done, total=total)
        self.progress.refresh()

    def start(self, done: int, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns: list[Any] = [TextColumn("{task.description}")]
        if total is None:
            columns += [TextColumn("{task.completed:,} done"), TimeElapsedColumn()]
        else:
            columns += [BarColumn(), TaskProgressColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn()]
        console = Console(file=sys.stderr, highlight=False, markup=False, emoji=False)
        # Drawn only when update() asks (no thread), and cleared when the work ends.
        self.progress = Progress(*columns, console=console, transient=True,
                                 auto_refresh=False, redirect_stdout=False,
                                 redirect_stderr=False)
        self.task = self.progress.add_task(self.label, total=total, completed=done)
        self.progress.start()

    def end(self) -> None:
        self.ended = True
        if self.progress is not None:
            self.progress.stop()


def counted(rows: Iterable[Row], report: Callback, total: Callable[[], int | None],
            done: Callable[[int], int] | None = None, every: int = 512) -> Iterator[Row]:
    """ROWS, reporting progress every EVERY rows and once at the end (also when cut short):
    DONE(rows so far) is the measure of progress (by default the rows), TOTAL() its total."""
    measure = done or (lambda count: count)
    count = 0
    try:
        for row in rows:
            yield row
            count += 1
            if not count % every:
                report(measure(count), total())
    finally:
        report(measure(count), measure(count))
