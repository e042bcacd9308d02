"""The one place that writes results: Rich table, plain text, JSON, JSON Lines or CSV.

Machine formats go straight to sys.stdout with json/csv (never through Rich, which would wrap
long lines). Rich is imported only when a table is drawn for a terminal.

Rows may come lazily (an iterator: `wco hs -` over a file of millions of lines). JSON, JSON
Lines, CSV and piped text then stream in constant memory; what needs every row at once (--sort,
a table for a person) holds at most MAX_HELD of them.

Text for people (tables, plain text, titles, headings) never carries a control character from
the data or the command line; CSV cells a spreadsheet would run as a formula are neutralised
(--csv-raw writes them as they are).
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from wco_cli.errors import InvalidValue, UsageError
from wco_cli.text import escape_controls, visible

if TYPE_CHECKING:
    from rich.console import Console

Row = dict[str, Any]
MAX_HELD = 100_000  # lazy rows held in memory for --sort or a table (streamed: no limit)
MAX_TITLE = 200  # characters of a title: it holds the user's words (`wco search WORDS`)
# Marks a row whose `status` is uncertain on the list's date; a note under the table names them.
UNCERTAIN_MARK = "[?]"
# Marks a fact value derived from a list (`derived` in --json); its note says from what.
DERIVED_MARK = "[derived]"
# How a spreadsheet recognises a formula (OWASP, "CSV Injection"): the cell's first character.
FORMULA_STARTS = frozenset("=+-@\t\r")
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"  # compiled on first use


# Plain classes rather than NamedTuples: building a NamedTuple class costs start-up time.
class Listing:
    """Rows printed as a list: FIELDS are the view's fields (the --json contract), COLUMNS the
    table's default ones, NOTES lines printed under a table for a person. Where ROWS are a
    cut list: TOTAL the full count and MORE the note on what is hidden ({hidden}, {total});
    FOLD (field, count, note): text for people (a table, plain text) shows rows whose FIELD is
    true as the one NOTE line instead (COUNT of them in the full list); data formats keep them.
    ONE_RECORD: the rows are one named record's, so one field prints bare values (--fields)."""

    __slots__ = ("fields", "columns", "rows", "title", "notes", "total", "more", "fold",
                 "one_record")

    def __init__(self, fields: list[str], columns: tuple[str, ...], rows: list[Row],
                 title: str = "", notes: list[str] | None = None) -> None:
        self.fields, self.columns, self.rows, self.title = fields, columns, rows, title
        self.notes = notes or []
        self.total: int | None = None
        self.more = "{hidden} of {total} rows not shown"
        self.fold: tuple[str, int, str] | None = None
        self.one_record = False  # the rows are one named record's (a fact's values over time)


class Detail:
    """One record printed in full: a JSON object, or its fields and values, then one table per
    list of objects."""

    __slots__ = ("record", "title")

    def __init__(self, record: Row, title: str) -> None:
        self.record, self.title = record, title


class Chart:
    """A dated numeric series: bars on a terminal, the series itself (as_of, value, sources)
    in every other format."""

    __slots__ = ("points", "title")
    fields = ["as_of", "value", "sources"]

    def __init__(self, points: list[tuple[str, int, list[str]]], title: str) -> None:
        self.points, self.title = points, title

    def listing(self) -> Listing:
        rows = [{"as_of": d, "value": v, "sources": list(s)} for d, v, s in self.points]
        return Listing(self.fields, tuple(self.fields), rows, self.title)


class OutputOptions:
    """FORMAT: table, json, jsonl or csv; CSV_RAW: CSV cells as they are (--csv-raw)."""

    __slots__ = ("format", "fields", "sort", "limit", "csv_raw", "fields_option")

    def __init__(self, format: str = "table", fields: str | None = None,  # noqa: A002
                 sort: str | None = None, limit: int | None = None,
                 csv_raw: bool = False) -> None:
        self.format, self.fields, self.sort, self.limit = format, fields, sort, limit
        self.csv_raw = csv_raw
        self.fields_option = "fields"  # the option that gave FIELDS (json: `--json a,b`)


def silence_stdout() -> int:
    """The reader went away (`wco history | head -1`): stop quietly, and keep Python from
    complaining when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def choose_format(json_: bool, jsonl: bool, csv_: bool, csv_raw: bool = False) -> str:
    """The one format asked for; --csv-raw is CSV (and may be given with --csv)."""
    given = (("json", json_), ("jsonl", jsonl), ("csv", csv_ and not csv_raw),
             ("csv-raw", csv_raw))
    chosen = [name for name, on in given if on]
    if len(chosen) > 1:
        named = " and ".join("--" + name for name in chosen)
        raise UsageError(f"choose one output format, not {named}")
    return "csv" if chosen == ["csv-raw"] else chosen[0] if chosen else "table"


def resolve_fields(valid: list[str], fields: str | None, option: str = "fields") -> list[str]:
    """The fields to print, in order: --fields a,b,c (case ignored; OPTION: the option that
    gave them), else all of VALID."""
    if fields is None:
        return valid
    chosen = [field.strip() for field in fields.split(",") if field.strip()]
    if not chosen:
        raise InvalidValue(option, fields, "name at least one field", valid)
    return [check_field(option, valid, field) for field in chosen]


def check_field(option: str, valid: list[str], field: str) -> str:
    """FIELD as VALID spells it (case ignored), or InvalidValue naming the valid fields."""
    for name in valid:
        if name.casefold() == field.casefold():
            return name
    from wco_cli.text import closest

    raise InvalidValue(option, field, f"unknown field '{visible(field)}'", valid,
                       closest(field, valid))


def sort_rows(valid: list[str], rows: list[Row], sort: str | None) -> list[Row]:
    """Sort by a field (prefix '-' for descending); unknown values (null) always go last."""
    if not sort:
        return rows
    field = check_field("sort", valid, sort.strip().lstrip("-"))
    known = [row for row in rows if row[field] is not None]
    unknown = [row for row in rows if row[field] is None]
    known.sort(key=lambda row: _sort_key(row[field]), reverse=sort.strip().startswith("-"))
    return known + unknown


def _sort_key(value: Any) -> Any:
    if isinstance(value, (bool, int)):
        return (0, int(value), "")
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    return (1, 0, str(value).casefold())


def emit(result: Listing | Detail | Chart, options: OutputOptions) -> None:
    if isinstance(result, Detail):
        emit_detail(result, options)
        return
    if isinstance(result, Chart):
        if options.format == "table" and options.fields is None and rich_wanted():
            rich_chart(result)
            return
        result = result.listing()
    if not isinstance(result.rows, list):
        table = options.format == "table" and rich_wanted()
        if options.sort is None and not table:
            stream(result, options)
            return
        rows: Iterable[Row] = result.rows
        if options.sort is None and options.limit is not None:
            import itertools

            rows = itertools.islice(rows, options.limit)
        result.rows = hold(rows, "--sort holds every row in memory" if options.sort else
                           "a table lays out every row at once")
    rows = sort_rows(result.fields, result.rows, options.sort)
    if options.limit is not None:
        rows = rows[: options.limit]
    rows, notes = _cut(result, rows, options.format == "table")
    fields = resolve_fields(result.fields, options.fields, options.fields_option)
    if options.format == "table" and options.fields is None:
        fields = list(result.columns)
    # One field of one record (`wco facts council_chair --as-of 2017 --fields value`): the
    # bare values, one a line, as for a detail view.
    bare = (result.one_record and options.format == "table" and options.fields is not None
            and len(fields) == 1)
    if options.format == "table" and rich_wanted() and not bare:
        rich_table(rows, fields, result.title, result.notes + notes,
                   note_fields(result.fields, fields))
        return
    for note in notes:  # what a table says under it goes to stderr for every other format
        sys.stderr.write(f"wco: {escape_controls(note)}\n")
    rows = [{field: row[field] for field in fields} for row in rows]
    if options.format == "json":
        write_json(rows)
    elif options.format == "jsonl":
        write_jsonl(rows)
    elif options.format == "csv":
        write_csv(rows, fields, options.csv_raw)
    elif bare:
        sys.stdout.write("".join(cell(row[fields[0]]) + "\n" for row in rows))
    else:
        plain_table(rows, fields)


def _cut(result: Listing, rows: list[Row], for_people: bool) -> tuple[list[Row], list[str]]:
    """ROWS without the folded ones when FOR_PEOPLE, and the notes saying truthfully what is
    folded and how many of the full list are not shown."""
    notes = []
    folded = 0
    if result.fold is not None and for_people:
        field, folded, note = result.fold
        kept = [row for row in rows if not row.get(field)]
        if folded:
            notes.append(note)
        rows = kept
    if result.total is not None and result.total - folded - len(rows) > 0:
        notes.append(result.more.format(hidden=result.total - folded - len(rows),
                                        total=result.total))
    return rows, notes


def hold(rows: Iterable[Row], why: str) -> list[Row]:
    """Lazy ROWS as a list, for what needs them all at once (WHY: --sort, a table); more than
    MAX_HELD is a usage error rather than memory without bound (`wco hs - --sort code` over
    millions of lines). The formats that stream are named instead."""
    import itertools

    held = list(itertools.islice(rows, MAX_HELD + 1))
    if len(held) > MAX_HELD:
        instead = ("sort the --csv or --jsonl output instead (they stream)" if "sort" in why
                   else "use --jsonl or --csv (they stream), --limit N, or a pipe")
        raise UsageError(f"{why}, and there are more than {MAX_HELD:,} rows: {instead}")
    return held


def stream(result: Listing, options: OutputOptions) -> None:
    """Rows written as they come, in constant memory (`wco hs -` over a million lines)."""
    import itertools

    fields = resolve_fields(result.fields, options.fields, options.fields_option)
    if options.format == "table" and options.fields is None:
        fields = list(result.columns)
    rows = result.rows if options.limit is None else itertools.islice(result.rows, options.limit)
    if options.format == "csv":
        safe = _unchanged if options.csv_raw else spreadsheet_safe
        text = io.StringIO()
        writerow = csv_writer(text)
        writerow([safe(field) for field in fields])
        try:
            for row in rows:
                cells = [cell(row[field], csv_mode=True) for field in fields]
                writerow([safe(value) if value[:1] in FORMULA_STARTS else value
                          for value in cells])
                if text.tell() > 65536:
                    write_utf8(text.getvalue())
                    text.seek(0)
                    text.truncate()
        finally:  # rows read before a failure (input that breaks off) are still written
            write_utf8(text.getvalue())
        return
    if options.format == "json":
        write_json_rows({field: row[field] for field in fields} for row in rows)
        return
    write = write_utf8 if options.format == "jsonl" else sys.stdout.write
    if options.format != "jsonl":
        write("\t".join(map(heading, fields)) + "\n")
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    chunk: list[str] = []
    try:
        for row in rows:
            if options.format == "jsonl":
                chunk.append(dumps({field: row[field] for field in fields}) + "\n")
            else:
                chunk.append("\t".join(cell(row[field]) for field in fields) + "\n")
            if len(chunk) >= 2048:
                write("".join(chunk))
                chunk = []
    finally:  # rows read before a failure (input that breaks off) are still written
        write("".join(chunk))


def emit_detail(result: Detail, options: OutputOptions) -> None:
    if options.sort or options.limit is not None or options.format == "csv":
        raise UsageError("--sort, --limit and --csv apply to lists; for one record use --json, "
                         "--fields or the table")
    record = result.record
    if options.fields is not None:
        chosen = resolve_fields(list(record), options.fields, options.fields_option)
        record = {field: record[field] for field in chosen}
        if len(chosen) == 1 and options.format == "table" and not _is_table(record[chosen[0]]):
            # One field of one record: the bare value, for `$(wco members china --fields joined)`.
            sys.stdout.write(cell(record[chosen[0]]) + "\n")
            return
    if options.format == "json":
        write_json(record)
    elif options.format == "jsonl":
        write_jsonl([record])
    else:
        scalars = [(key, value) for key, value in record.items() if not _is_table(value)]
        tables = [(key, value) for key, value in record.items() if _is_table(value)]
        if rich_wanted():
            rich_detail(result.title, scalars, tables)
        else:
            for key, value in scalars:
                sys.stdout.write(f"{heading(key)}\t{cell(value)}\n")
            for key, value in tables:
                sys.stdout.write(f"\n{heading(key)}\n")
                plain_table(value, list(value[0]))


def _is_table(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


# ---- machine formats ---------------------------------------------------------------------------

def _ascii_only() -> bool:
    """Escape non-ASCII in JSON only where stdout cannot carry it (e.g. PYTHONIOENCODING=ascii)."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower()
    encoding = encoding.replace("-", "").replace("_", "")
    return encoding not in ("utf8", "utf8sig", "utf16", "utf32")


def write_json(document: Any, always_indent: bool = False) -> None:
    """Indented for a person at a terminal; one line when piped, which lets json use its fast
    C encoder."""
    indent = 2 if always_indent or sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(document, ensure_ascii=_ascii_only(), indent=indent) + "\n")


def write_json_rows(rows: Iterator[Row]) -> None:
    """A JSON array of lazy ROWS, written as they come: the bytes write_json would give for
    the list, without holding it ("[", the rows joined as json.dumps joins them, "]")."""
    indent = 2 if sys.stdout.isatty() else None
    encode = json.JSONEncoder(ensure_ascii=_ascii_only(), indent=indent).encode
    # json.dumps puts each item of an indented array on its own lines, two spaces in.
    opening, between, closing = ("[\n  ", ",\n  ", "\n]") if indent else ("[", ", ", "]")
    write = sys.stdout.write
    started = False
    chunk: list[str] = []
    try:
        for row in rows:
            chunk.append(encode(row).replace("\n", "\n  ") if indent else encode(row))
            if len(chunk) >= 1024:
                write((between if started else opening) + between.join(chunk))
                started, chunk = True, []
    except Exception:  # input that breaks off: the rows before it, in an array left open
        if chunk:
            write((between if started else opening) + between.join(chunk))
        raise
    if chunk:
        write((between if started else opening) + between.join(chunk))
        started = True
    write((closing if started else "[]") + "\n")


def write_utf8(text: str) -> None:
    """Data formats (CSV, JSON Lines) are UTF-8 whatever the locale: an escape such as
    C\\xf4te would corrupt the value, so they go to the byte stream when there is one. A lone
    surrogate (no UTF-8 for it) becomes an escape rather than an error."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8", "backslashreplace"))
    buffer.flush()


def write_jsonl(rows: list[Row]) -> None:
    write_utf8("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def write_csv(rows: list[Row], fields: list[str], raw: bool = False) -> None:
    """ROWS as CSV under a header of FIELDS; each cell through spreadsheet_safe unless RAW."""
    safe = _unchanged if raw else spreadsheet_safe
    text = io.StringIO()
    writerow = csv_writer(text)
    writerow([safe(field) for field in fields])
    for row in rows:
        writerow([safe(cell(row[field], csv_mode=True)) for field in fields])
    write_utf8(text.getvalue())


def csv_writer(text: io.StringIO) -> Callable[[list[str]], None]:
    """A function writing one CSV record to TEXT, with RFC 4180 line ends. Python 3.11 and later
    write a NUL character as it is (unquoted); Python 3.10's csv refuses it ("need to escape"),
    so there each NUL goes through the writer as a character the record lacks and is put back:
    the same bytes on every Python."""
    import csv

    writer = csv.writer(text, lineterminator="\r\n")
    if sys.version_info >= (3, 11):
        return writer.writerow

    def writerow(cells: list[str]) -> None:
        if not any("\0" in value for value in cells):
            writer.writerow(cells)
            return
        joined = "".join(cells)
        stand_in = next(chr(point) for point in range(0xE000, 0x110000)
                        if chr(point) not in joined)
        record = io.StringIO()
        csv.writer(record, lineterminator="\r\n").writerow(
            [value.replace("\0", stand_in) for value in cells])
        text.write(record.getvalue().replace(stand_in, "\0"))

    return writerow


def spreadsheet_safe(text: str) -> str:
    """TEXT as a CSV cell no spreadsheet runs as a formula (OWASP, "CSV Injection"): a cell
    starting with = + - @, a tab or a carriage return gets a leading single quote, unless it
    is a plain number (-2, -1.5, +3e4), which stays a number."""
    if text[:1] not in FORMULA_STARTS:
        return text
    import re

    return text if re.fullmatch(_NUMBER, text) else "'" + text


def _unchanged(text: str) -> str:
    return text


# ---- text for people -------------------------------------------------------------------------

def cell(value: Any, csv_mode: bool = False) -> str:
    """One value as text: lists joined with '; ', null as empty, booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(cell(item, csv_mode) for item in value if not isinstance(item, dict))
    if isinstance(value, dict):  # a small object (an office's 'serves'): its fields in a line
        return "; ".join(f"{key}: {cell(item, csv_mode)}" for key, item in value.items()
                         if item not in (None, [], ""))
    text = str(value)
    if csv_mode:
        return text
    text = " ".join(text.split())
    # Text for people: a control character from a user's data directory (an ESC starting a
    # terminal sequence) is shown as an escape, as user input is in messages.
    return text if text.isprintable() else escape_controls(text)


def heading(field: str) -> str:
    """A column's heading is the field's own name, as --fields and --sort accept it (escaped:
    a nested list's keys come from the data)."""
    return escape_controls(field)


def plain_table(rows: list[Row], fields: list[str]) -> None:
    """Tab-separated with a header line: uncoloured, untruncated, easy for cut and awk. A tab
    or line end inside a value is a space (cell), so it cannot split a row or a column."""
    write = sys.stdout.write
    write("\t".join(map(heading, fields)) + "\n")
    for row in rows:
        write("\t".join(cell(row[field]) for field in fields) + "\n")


def shown_title(title: str) -> str:
    """A title for a person: it can hold the user's words or a data directory's names, so
    it is one line (whitespace as single spaces, as in cells), escaped and shortened."""
    return visible(" ".join(title.split()), MAX_TITLE)


def rich_wanted() -> bool:
    """Rich tables on a terminal, or where FORCE_COLOR asks for terminal output anyway."""
    return sys.stdout.isatty() or os.environ.get("FORCE_COLOR", "") not in ("", "0")


def _console() -> Console:
    from rich.console import Console

    from wco_cli.cli.terminal import terminal_width

    # Data text is never read as markup or highlighted; NO_COLOR is honoured by Rich itself.
    # The width is ours: Rich takes COLUMNS=0 as zero columns and prints nothing.
    return Console(highlight=False, emoji=False, markup=False, width=terminal_width())


def note_fields(fields: list[str], shown: list[str]) -> list[str]:
    """The caveat fields of a view ("note", "period_note", ...) that the table leaves out:
    their text goes under the table, with a marker in the row."""
    return [field for field in fields
            if (field == "note" or field.endswith("_note")) and field not in shown]


def rich_table(rows: list[Row], fields: list[str], title: str, notes: list[str],
               caveats: tuple[str, ...] | list[str] = ()) -> None:
    """ROWS under FIELDS for a person: the CAVEATS fields' text numbered under the table, the
    row marked [N]; a row whose status is uncertain marked [?]; then the listing's NOTES.
    "No results." on stderr for an empty list."""
    from wco_cli.cli.terminal import EMPTY, ListTable

    numbers: dict[str, int] = {}
    lines = []
    for row in rows:
        texts = [cell(row[field]) or EMPTY for field in fields]
        for field in caveats:
            caveat = cell(row[field])
            if caveat:
                number = numbers.setdefault(caveat, len(numbers) + 1)
                texts[0] += f"\u00a0[{number}]"  # no-break space: the marker stays on its line
        if row.get("status") == "uncertain":
            texts[0] += f"\u00a0{UNCERTAIN_MARK}"
        if row.get("derived"):  # a count derived from a list, not a source's statement
            texts[0] += f"\u00a0{DERIVED_MARK}"
        lines.append(texts)
    console = _console()
    console.print(ListTable(shown_title(title), list(map(heading, fields)), lines),
                  crop=False)
    under = [f"[{number}] {note}" for note, number in numbers.items()]
    under += [escape_controls(" ".join(note.split())) for note in notes]
    if under:
        console.print("\n".join(under))  # one print: each print costs Rich a full render pass
    if not rows and sys.stderr.isatty():
        sys.stderr.write("No results.\n")


def rich_chart(chart: Chart) -> None:
    """One bar per dated value, scaled to the widest, labelled with its date and value."""
    from wco_cli.cli.terminal import Bars

    points = [(escape_controls(date), value) for date, value, _ in chart.points]
    _console().print(Bars(shown_title(chart.title), points), crop=False)


def rich_detail(title: str, scalars: list[tuple[str, Any]],
                tables: list[tuple[str, list[Row]]]) -> None:
    """One record: its fields and values, then one list per field holding objects."""
    from wco_cli.cli.terminal import EMPTY, FieldValues

    console = _console()
    console.print(FieldValues(shown_title(title),
                              [(heading(key.replace("_", " ")), cell(value) or EMPTY)
                               for key, value in scalars]), crop=False)
    for key, value in tables:
        every = list(value[0])
        # Long notes become numbered caveats under the table, as in lists, so the other
        # columns keep room to read.
        caveats = note_fields(every, [])
        rich_table(value, [field for field in every if field not in caveats], heading(key), [],
                   caveats)
