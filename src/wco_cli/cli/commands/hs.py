"""`wco hs`: the Harmonized System: sections, one code, a search, conversions and batches."""

import sys
from collections.abc import Callable, Iterator
from typing import Annotated, Any, cast

import typer

from wco_cli.cli.options import complete, completed, db, listing, prints
from wco_cli.cli.output import Detail, Listing
from wco_cli.errors import UsageError

EXAMPLES = """Examples:

  wco hs                          the 21 sections

  wco hs 0901.21                  one code: its path and children

  wco hs roasted coffee           a ranked search

  wco hs 8517.13 --to 2017        related codes in another edition, main code first

  wco hs 8471.30 --to sitc4       the code in SITC Rev.4 (also sitc3, bec4 with end use)

  wco hs 0711 --from sitc4        the HS2022 codes of SITC Rev.4 0711 (--edition for another)

  cut -d, -f3 invoice.csv | wco hs - --jsonl

Descriptions: UN Statistics Division (UN Comtrade HS reference lists), stand-alone descriptors
written so each code reads on its own; the legal text is the WCO's nomenclature. Conversions:
UNSD's own table where there is one, else UNSD's tables between adjacent editions, chained
(marked derived, with the path). A description ending with '…' was cut at 255 characters
upstream."""
FOLDED = ("and {count} codes that take a part of any goods (e-waste, display modules and other "
          "codes collecting goods from five or more chapters); --all lists them")
MORE = "{hidden} more related codes not shown, of {total}; --all lists every one"


def _editions() -> list[str]:
    from wco_cli.hscodes.codes import EDITIONS

    return list(EDITIONS)


def _classifications() -> list[str]:
    """What --from takes: SITC or BEC."""
    from wco_cli.hscodes.concordance import OTHERS

    return list(OTHERS)


def _targets() -> list[str]:
    """What --to takes: an edition or another classification."""
    return [*_editions(), *_classifications()]


@prints
def command(
    words: Annotated[list[str] | None, typer.Argument(
        metavar="[CODE | WORDS... | -]",
        help="A code (0901, 0901.21, 0901 21, 090121), words to search for, or '-' to read "
             "codes from standard input, one per line.")] = None,
    edition: Annotated[str | None, typer.Option(
        "--edition", "-e", metavar="YEAR", click_type=completed(complete(
            lambda: [*_editions(), "auto"])),
        help="1992, 1996, 2002, 2007, 2012, 2017, 2022, or auto. Default 2022; a code that is "
             "not in HS2022 is read in the newest edition that has it, with a note.")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", metavar="YEAR|sitc3|sitc4|bec4", click_type=completed(complete(_targets)),
        help="Convert to this edition, to SITC Rev.3 or 4, or to BEC Rev.4.")] = None,
    source: Annotated[str | None, typer.Option(
        "--from", metavar="sitc3|sitc4|bec4", click_type=completed(complete(_classifications)),
        help="Read CODE as a SITC Rev.3 or 4 or BEC Rev.4 code and list the HS codes of "
             "--edition (default 2022) related to it, ranked as --to ranks them.")] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="With --to: list every related code (no cap, nothing folded).")] = False,
    digits: Annotated[int | None, typer.Option(
        "--digits", metavar="N",
        help="With --to: cut the related codes to N digits (4: headings, 2: chapters; SITC 1-5; "
             "BEC 1-3), merging their links.")] = None,
    column: Annotated[str | None, typer.Option(
        "--column", metavar="NAME", help="With '-': read this column of CSV input.")] = None,
) -> Listing | Detail | None:
    """The Harmonized System: sections, one code, a search, conversions and batches."""
    from wco_cli.hscodes import codes

    system = db().hs
    if not words:
        if to or column or digits is not None:
            raise UsageError("--to, --digits and --column need a CODE or '-'")
        return listing("hs", system.list_rows(), "Harmonized System: sections")
    if digits is not None and not to:
        raise UsageError("--digits cuts the codes --to gives: use it with --to")
    if source is not None:
        if words == ["-"] or to or column:
            raise UsageError("--from converts one CODE to the HS edition --edition names "
                             "(default 2022): give a code, without --to, --column or '-'")
        from wco_cli.errors import InvalidValue
        from wco_cli.hscodes.concordance import OTHERS
        from wco_cli.hscodes.convert import normalize_source

        if normalize_source(source) is None:
            raise InvalidValue("from", source, f"'{source}' is not SITC or BEC", valid=OTHERS)
        return _convert(" ".join(words), codes.normalize_edition(edition or "2022"), source,
                        every, digits)
    if words == ["-"]:
        return _batch(edition or codes.DEFAULT_EDITION, to, column, digits)
    if column:
        raise UsageError("--column reads CSV from standard input: use it with '-'")
    if words[0].casefold() == "search" and len(words) > 1:
        # `wco hs search roasted coffee`: the subcommand people reach for first; the words
        # after it are the search (and "search" alone is a word to look for).
        words = words[1:]
    if codes.is_code(words):
        code = " ".join(words)
        if to:
            return _convert(code, to, edition or "auto", every, digits)
        record = system.get(code, edition or "auto")
        _notes(record["notes"])
        return Detail(cast("dict[str, Any]", record),
                      f"HS{record['edition']} {record['code_dotted']}")
    if to:
        raise UsageError("--to converts a CODE, not words")
    text = " ".join(words)
    edition = edition or codes.DEFAULT_EDITION
    rows = cast("list[dict[str, Any]]", system.search(text, edition))  # printed as any rows
    from wco_cli.hscodes import widen

    return listing("hs", rows, f"HS{codes.normalize_edition(edition)}: {text[:40]}",
                   view="hs_search", notes=widen.search_notes(system.db.path, text, rows, edition))


def _convert(code: str, to: str, edition: str, every: bool, digits: int | None) -> Listing:
    """A conversion's rows, ranked; for people the catch-all codes folded into one line."""
    from wco_cli.hscodes import codes
    from wco_cli.hscodes.concordance import name_of

    converted = db().hs.convert(code, to, edition, None if every else codes.DEFAULT_LIMIT,
                                digits)
    _notes(converted["notes"])
    path = " > ".join(map(name_of, converted["path"]))
    title = (f"{name_of(converted['edition'])} {codes.dotted(converted['code'])} in "
             f"{name_of(converted['to'])}" + (f" (derived: {path})" if converted["derived"]
                                              else ""))
    notes = []
    if converted["main_code"] and converted["edition"] in codes.EDITIONS:
        notes.append(f"Main code (UNSD's conversion table): {converted['main_code']}")
    elif converted["main_code"]:
        notes.append(f"Main code: UNSD's conversion table converts {converted['main_code']} "
                     f"to {converted['code']} and no other related code")
    notes.append("Relationship read from the code looked up: 1:n it was split, n:1 merged; "
                 "partial: only part of its goods go there")
    result = listing("hs", converted["related"], title, view="hs_convert", notes=notes)
    result.total, result.more = converted["total"], MORE
    if not every:
        result.fold = ("catch_all", converted["catch_all"],
                       FOLDED.format(count=converted["catch_all"]))
    if converted["to"] == "bec4":
        result.columns = (*result.columns, "end_use")
    return result


def _notes(notes: list[str]) -> None:
    from wco_cli.text import escape_controls

    for note in notes:
        sys.stderr.write(f"wco: note: {escape_controls(note)}\n")


def _batch(edition: str, to: str | None, column: str | None, digits: int | None) -> Listing:
    from wco_cli.datasets.hs import BATCH_CONVERSION
    from wco_cli.hscodes import batch_input

    lines = batch_input.read_lines(_StandardInput(batch_input.READ_BLOCK),
                                   batch_input.MAX_CSV_LINE if column else batch_input.MAX_LINE)
    if column:  # csv_column reads the header now: a bad one fails at once
        lines = batch_input.csv_column(lines, column)
    empty: dict[str, object] = {"converted": [], **dict.fromkeys(BATCH_CONVERSION)}
    rows = _with_progress({**empty, **row} for row in db().hs.batch(lines, edition, to, digits))
    result = listing("hs", rows, "HS batch", view="hs_batch")  # type: ignore[arg-type]
    if to:  # the answer is a column in every format, the table and piped text too
        result.columns = ("input", "code", "valid", "description", "main_code", "relationship",
                          "partial", "alternatives", "catch_all", "note")
    return result


def _with_progress(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """ROWS, with a progress bar on a terminal's stderr once the batch takes a while
    (cli/progress.py): by bytes of standard input when it is a file, else by lines."""
    from wco_cli.cli.progress import counted, progress, wanted

    if not wanted():
        return rows
    import os
    import stat

    size: int | None = None
    try:
        status = os.fstat(0)
        if stat.S_ISREG(status.st_mode):
            size = status.st_size
    except OSError:
        pass
    if size:
        def read(count: int) -> int:
            try:
                return min(os.lseek(0, 0, os.SEEK_CUR), size)
            except OSError:
                return count
        return counted(rows, progress("HS batch: bytes read", size), lambda: size, read)
    return counted(rows, progress("HS batch: lines", None), lambda: None)


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
