"""Lists drawn for a person at a terminal: laid out here in one pass, written by Rich's console.

Rich's Table measures and wraps every cell through its renderable protocol, which costs a
table of every history event a large share of its run, on top of importing it. These lists
need none of that generality (one line of plain text per cell, one style for the header), so
widths and wrapping are worked out here, once per column, and Rich's console writes the lines:
it keeps the colour system, NO_COLOR, and ASCII boxes where the terminal's encoding needs them. The
look is Rich's default table (heavy head box, bold header, padding of one).

Words wrap at spaces only, so an id, date, code, URL or e-mail address never breaks. Below the
width where every column fits its longest word, each record prints as "field: value" lines,
and where even the value has too little room beside its field, the value goes under it.
Nothing is cropped: a word wider than the terminal is left for the terminal to fold.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.segment import Segment

EMPTY = "—"
PADDING = 1  # spaces on each side of a cell, as Rich's default
FALLBACK_WIDTH = 80  # COLUMNS unset or nonsense, and no terminal to ask
MAX_WIDTH = 1000  # COLUMNS=1000000000 would otherwise build gigabyte lines
MIN_ROOM = 12  # columns a value needs beside its field; with fewer it goes under the field
INDENT = "  "  # a value under its field


def terminal_width() -> int:
    """Columns to lay out for: COLUMNS when it is a whole number above 0, else the terminal's
    own width, else FALLBACK_WIDTH; never more than MAX_WIDTH. COLUMNS=0, -3 or 'abc' is a
    broken setting, not a request for no output."""
    given = os.environ.get("COLUMNS", "").strip().lstrip("0")
    if given.isascii() and given.isdigit():
        # Past six digits it is huge anyway (and int() of thousands of digits is refused).
        return min(int(given), MAX_WIDTH) if len(given) <= 6 else MAX_WIDTH
    try:
        columns = os.get_terminal_size(1).columns
    except (OSError, ValueError):
        columns = 0
    return min(columns, MAX_WIDTH) if columns > 0 else FALLBACK_WIDTH


def cell_width(text: str) -> int:
    """Terminal columns TEXT takes (wide East Asian characters count two)."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def wrap(text: str, width: int) -> list[str]:
    """TEXT in lines of at most WIDTH columns, broken at spaces only (a word longer than
    WIDTH keeps its own line: the caller makes WIDTH at least the longest word)."""
    if cell_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = cell_width(word)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = word, size
        else:
            line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
    lines.append(line)
    return lines


def fit(natural: list[int], minimum: list[int], room: int) -> list[int] | None:
    """Column widths within ROOM: the natural ones when they fit, else the widest columns cut
    down to a common cap (never below their longest word); None when even that cannot fit."""
    if sum(natural) <= room:
        return natural
    if sum(minimum) > room:
        return None
    columns = list(zip(natural, minimum, strict=True))
    low, high = 0, max(natural)  # the largest cap that fits, by bisection
    while low < high:
        cap = (low + high + 1) // 2
        if sum(max(least, min(most, cap)) for most, least in columns) <= room:
            low = cap
        else:
            high = cap - 1
    return [max(least, min(most, low)) for most, least in columns]


class ListTable:
    """Rows of text under FIELDS, as a Rich renderable: a box table, or field: value records
    when the terminal is too narrow for one."""

    def __init__(self, title: str, fields: list[str], rows: list[list[str]]) -> None:
        self.title, self.fields, self.rows = title, fields, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        natural = [cell_width(field) for field in self.fields]
        minimum = list(natural)
        for row in self.rows:
            for at, text in enumerate(row):
                size = cell_width(text)
                if size > minimum[at]:  # only then can its longest word raise the minimum
                    natural[at] = max(natural[at], size)
                    longest = max(cell_width(word) for word in text.split(" "))
                    minimum[at] = max(minimum[at], longest)
        chrome = (2 * PADDING + 1) * len(self.fields) + 1
        widths = fit(natural, minimum, options.max_width - chrome)
        if self.title:
            yield from title(self.title, options.max_width)
        if widths is None:
            yield from self._records(options.max_width)
            return
        yield from self._box(widths, options)

    def _box(self, widths: list[int], options: ConsoleOptions) -> RenderResult:
        from rich.box import HEAVY_HEAD
        from rich.segment import Segment
        from rich.style import Style

        box = HEAVY_HEAD.substitute(options)
        bold = Style(bold=True)
        padded = [width + 2 * PADDING for width in widths]
        pad = " " * PADDING
        yield Segment(box.get_top(padded) + "\n")
        yield Segment(box.head_left)
        for at, (field, width) in enumerate(zip(self.fields, widths, strict=True)):
            yield Segment(pad + field + " " * (width - cell_width(field)) + pad, bold)
            yield Segment(box.head_vertical if at < len(widths) - 1 else box.head_right)
        yield Segment("\n" + box.get_row(padded, "head") + "\n")
        for row in self.rows:
            lines = [wrap(text, width) for text, width in zip(row, widths, strict=True)]
            for line_number in range(max(len(cell) for cell in lines)):
                parts = [box.mid_left]
                for at, (cell, width) in enumerate(zip(lines, widths, strict=True)):
                    text = cell[line_number] if line_number < len(cell) else ""
                    parts.append(pad + text + " " * (width - cell_width(text)) + pad)
                    parts.append(box.mid_vertical if at < len(widths) - 1 else box.mid_right)
                yield Segment("".join(parts) + "\n")
        yield Segment(box.get_bottom(padded) + "\n")

    def _records(self, width: int) -> RenderResult:
        from rich.segment import Segment

        for number, row in enumerate(self.rows):
            if number:
                yield Segment("\n")
            for field, text in zip(self.fields, row, strict=True):
                yield from labelled(field, text, width)


def labelled(field: str, text: str, width: int) -> list[Segment]:
    """"field: value", the value wrapped in the room beside the field; where that room is under
    MIN_ROOM (a narrow terminal, a long field name), the value wrapped under the field. A word
    wider than the terminal (a long URL) is left whole for the terminal to fold: the console
    prints these lines uncropped."""
    from rich.segment import Segment
    from rich.style import Style

    indent = cell_width(field) + 2
    if width - indent >= MIN_ROOM:
        lines = wrap(text, width - indent)
        return [Segment(field + ":", Style(bold=True)),
                Segment(" " + ("\n" + " " * indent).join(lines) + "\n")]
    lines = wrap(text, max(width - len(INDENT), 1))
    return [Segment(field + ":", Style(bold=True)),
            Segment("\n" + "".join(INDENT + line + "\n" for line in lines))]


def title(text: str, width: int) -> list[Segment]:
    """A title in italics, wrapped to WIDTH (the style ends before each line end)."""
    from rich.segment import Segment
    from rich.style import Style

    italic = Style(italic=True)
    segments = []
    for line in wrap(text, max(width, 1)):
        segments += [Segment(line, italic), Segment("\n")]
    return segments


class FieldValues:
    """One record's scalar fields as a two-column grid without a box: the field in bold,
    its value wrapped beside it."""

    def __init__(self, title: str, pairs: list[tuple[str, str]]) -> None:
        self.title, self.pairs = title, pairs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.style import Style

        bold = Style(bold=True)
        if self.title:
            yield from title(self.title, options.max_width)
        key_width = max((cell_width(key) for key, _ in self.pairs), default=0)
        room = options.max_width - key_width - 2
        if room < MIN_ROOM:  # too narrow for two columns: each value under its field
            for key, value in self.pairs:
                yield from labelled(key, value, options.max_width)
            return
        for key, value in self.pairs:
            lines = wrap(value, room)
            yield Segment(key + " " * (key_width - cell_width(key)), bold)
            yield Segment("  " + f"\n{' ' * (key_width + 2)}".join(lines) + "\n")


class Bars:
    """A dated series as one labelled bar per value, scaled to the largest."""

    def __init__(self, title: str, points: list[tuple[str, int]]) -> None:
        self.title, self.points = title, points

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        yield from title(self.title, options.max_width)
        top = max((value for _, value in self.points), default=0) or 1
        dates = max((cell_width(date) for date, _ in self.points), default=0)
        numbers = max((len(str(value)) for _, value in self.points), default=0)
        room = options.max_width - dates - numbers - 3
        # Under ten columns a bar tells little: it goes under its label, the whole width.
        below = room < 10
        room = max(options.max_width - 1, 1) if below else room
        for date, value in self.points:
            bar = "█" * max(1, round(room * value / top))
            label = f"{date:<{dates}} {value:>{numbers}}"
            yield Segment(f"{label}\n{bar}\n" if below else f"{label} {bar}\n")
