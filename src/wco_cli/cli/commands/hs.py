"""`wco hs`: the Harmonized System: sections, one code, a search, conversions and batches."""

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from wco_cli.cli.options import db, listing, prints
from wco_cli.cli.output import Detail, Listing
from wco_cli.errors import UsageError

EXAMPLES = """Examples:

  wco hs                          the 21 sections

  wco hs 0901.21                  one code: its path and children

  wco hs roasted coffee           a ranked search

  wco hs 8517.13 --to 2017        related codes in another edition

  cut -d, -f3 invoice.csv | wco hs - --jsonl

Descriptions: UN Statistics Division (UN Comtrade HS reference lists), stand-alone descriptors
written so each code reads on its own; the legal text is the WCO's nomenclature. Correlations:
UNSD's HS2022 conversion and correlation tables (HS2022 is the hub). A description ending with
'…' was cut at 255 characters upstream."""


@prints
def command(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[CODE | WORDS... | -]",
        help="A code (0901, 0901.21, 0901 21, 090121), words to search for, or '-' to read "
             "codes from standard input, one per line.")] = None,
    edition: Annotated[str, typer.Option(
        "--edition", "-e", metavar="YEAR",
        help="1992, 1996, 2002, 2007, 2012, 2017 or 2022.")] = "2022",
    to: Annotated[str | None, typer.Option(
        "--to", metavar="YEAR", help="Convert to this edition (from --edition).")] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="With --to: list every related code (no cap).")] = False,
    column: Annotated[str | None, typer.Option(
        "--column", metavar="NAME", help="With '-': read this column of CSV input.")] = None,
) -> Listing | Detail | None:
    """The Harmonized System: sections, one code, a search, conversions and batches."""
    from wco_cli.hscodes import codes

    system = db().hs
    if not words:
        if to or column:
            raise UsageError("--to and --column need a CODE or '-'")
        return listing("hs", system.list_rows(), "Harmonized System: sections")
    if words == ["-"]:
        return _batch(edition, to, column)
    if column:
        raise UsageError("--column reads CSV from standard input: use it with '-'")
    if words[0].casefold() == "search" and len(words) > 1:
        # `wco hs search roasted coffee`: the subcommand people reach for first; the words
        # after it are the search (and "search" alone is a word to look for).
        words = words[1:]
    if codes.is_code(words):
        code = " ".join(words)
        if to:
            converted = system.convert(code, to, edition, None if every else codes.DEFAULT_LIMIT)
            _notes(converted["notes"])
            title = (f"HS{converted['edition']} {codes.dotted(converted['code'])} in HS{to}"
                     + (f" (through HS{converted['via']})" if converted["via"] else ""))
            notes = [f"Main predecessor: {codes.dotted(converted['main_predecessor'])}"] \
                if converted["main_predecessor"] else []
            if converted["omitted"]:
                notes.append(f"{converted['omitted']} more related codes; --all lists them")
                sys.stderr.write(f"wco: {converted['omitted']} of {converted['total']} related "
                                 "codes left out; --all lists every one\n")
            return listing("hs", converted["related"], title, view="hs_convert", notes=notes)
        record = system.get(code, edition)
        _notes(record["notes"])
        return Detail(record, f"HS{record['edition']} {record['code_dotted']}")
    if to:
        raise UsageError("--to converts a CODE, not words")
    text = " ".join(words)
    rows = system.search(text, edition)
    from wco_cli.hscodes import widen

    return listing("hs", rows, f"HS{codes.normalize_edition(edition)}: {text[:40]}",
                   view="hs_search", notes=widen.search_notes(system.db.path, text, rows, edition))


def _notes(notes: list[str]) -> None:
    from wco_cli.text import escape_controls

    for note in notes:
        sys.stderr.write(f"wco: note: {escape_controls(note)}\n")


def _batch(edition: str, to: str | None, column: str | None) -> Listing:
    from wco_cli.hscodes import batch_input

    lines = batch_input.read_lines(_StandardInput(batch_input.READ_BLOCK),
                                   batch_input.MAX_CSV_LINE if column else batch_input.MAX_LINE)
    if column:  # csv_column reads the header now: a bad one fails at once
        lines = batch_input.csv_column(lines, column)
    rows = ({"converted": [], **row} for row in db().hs.batch(lines, edition, to))
    return listing("hs", rows, "HS batch", view="hs_batch")  # type: ignore[arg-type]


class _StandardInput:
    """Standard input's bytes, for batch_input.read_lines. Closed (`wco hs - <&-`: Python then sets
    sys.stdin to None) or unreadable (fd 0 opened for writing only) is a usage error, found
    before any output by reading the first block at once; otherwise the OSError would read as
    an output failure (exit 74)."""

    def __init__(self, block: int) -> None:
        stream = sys.stdin
        if stream is None:
            raise UsageError("standard input is closed: '-' reads codes from it, e.g. "
                             "wco hs - < codes.txt")
        # The bytes under the text stream; a stream given in its place may be binary already.
        binary: Any = getattr(stream, "buffer", stream)
        self._read: Callable[[int], bytes] = getattr(binary, "read1", None) or binary.read
        self._first: bytes | None = None
        self._first = self.read1(block)

    def read1(self, size: int) -> bytes:
        if self._first is not None:
            first, self._first = self._first, None
            return first
        try:
            return self._read(size)
        except OSError as error:
            raise UsageError(f"standard input cannot be read: {error.strerror or error}; "
                             "'-' reads codes from it, e.g. wco hs - < codes.txt") from None
        except ValueError as error:  # a closed file object: "I/O operation on closed file"
            raise UsageError(f"standard input cannot be read: {error}") from None
