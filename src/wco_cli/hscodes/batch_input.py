"""Lines of batch input: bytes read in bounded blocks, and one column of CSV."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from wco_cli.errors import InvalidValue
from wco_cli.text import shown

# A line of codes is short (a code with a national extension fits in 20 characters): a longer
# one is a mistake (a whole file with other line ends, /dev/zero) and becomes an invalid row.
MAX_LINE = 1000
# A CSV line or record may be wide (many columns); bounded all the same, below the csv
# module's own field limit (131,072), so that limit is never what stops a record.
MAX_CSV_LINE = 100_000
READ_BLOCK = 65536
UTF8_BOM = b"\xef\xbb\xbf"
SHOWN = 40  # characters of a bad line shown as its input


class BadLine(str):
    """A line that cannot be a code as read: not UTF-8, or too long. Its text shows what it
    was and always holds a non-digit ('…' or a backslash escape), so it never matches a code;
    NOTE says what is wrong. `batch` turns it into an invalid row."""

    note: str

    def __new__(cls, text: str, note: str) -> BadLine:
        line = super().__new__(cls, text)
        line.note = note
        return line


def read_lines(stream: Any, limit: int = MAX_LINE) -> Iterator[str]:
    """The lines of a binary STREAM (standard input's `.buffer`, a file opened with "rb") as
    text, without their ends, in constant memory: a leading UTF-8 byte order mark is dropped;
    CR LF, LF and a lone CR each end a line; each line is decoded on its own, so a line that
    is not UTF-8, or is over LIMIT characters, is a BadLine (which `batch` turns into an
    invalid row) and the other lines are read as usual. A line over LIMIT is skipped in blocks,
    never held whole. OSError from reading propagates."""
    read = getattr(stream, "read1", None) or stream.read
    byte_limit = 4 * limit
    tail = b""  # the line begun by the previous block: at most BYTE_LIMIT bytes
    skipped: bytes | None = None  # the start of an overlong line being skipped to its end
    after_cr = False  # the previous block ended with CR: a LF opening this one is its pair
    first = True
    while True:
        block = read(READ_BLOCK)
        if not block:
            break
        if isinstance(block, str):  # a text stream given after all: its lines all the same
            block = block.encode("utf-8", "surrogatepass")
        if first:
            while len(block) < len(UTF8_BOM) and UTF8_BOM.startswith(block):
                more = read(READ_BLOCK)  # a pipe may hand over the mark in pieces
                if not more:
                    break
                block += more.encode("utf-8", "surrogatepass") if isinstance(more, str) \
                    else more
            if block.startswith(UTF8_BOM):
                block = block[len(UTF8_BOM):]
            first = False
        if after_cr and block[:1] == b"\n":
            block = block[1:]
        after_cr = block[-1:] == b"\r"
        if b"\r" in block:
            block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if skipped is not None:
            end = block.find(b"\n")
            if end < 0:
                continue
            yield too_long(skipped, limit)
            skipped = None
            block = block[end + 1:]
        data = tail + block if tail else block
        end = data.rfind(b"\n")
        if end < 0:
            head, tail = b"", data
        else:
            head, tail = data[:end], data[end + 1:]
        if len(tail) > byte_limit:
            skipped, tail = tail[:4 * SHOWN], b""
        if end >= 0:
            yield from _lines_of(head, limit)
    if skipped is not None:
        yield too_long(skipped, limit)
    elif tail:
        yield one_line(tail, limit)


def csv_column(lines: Iterable[Any], column: str, limit: int = MAX_CSV_LINE) -> Iterator[str]:
    """The values of COLUMN (named in the header row, matched ignoring case and surrounding
    spaces) of CSV text, one per data record; a short row gives "". A record that cannot give
    a value (a line from `read_lines` that is a BadLine, a record over LIMIT characters, a
    value over MAX_LINE, a csv error) gives a BadLine, which `batch` turns into an invalid row.
    Raises InvalidValue("column", ...) at once, listing the header's names, when there is no
    such column or the header cannot be read."""
    import csv

    check_lines(lines)
    feed = _CsvFeed(lines, limit)
    reader = csv.reader(feed)
    try:
        header = next(reader, None)
    except _RecordTooLong:
        raise InvalidValue("column", column, f"the CSV header row is over {limit} characters "
                                             "(an unclosed quote?)") from None
    except csv.Error as error:
        raise InvalidValue("column", column, f"the CSV header row cannot be read: {error}") \
            from None
    if feed.bad is not None:
        raise InvalidValue("column", column, f"the CSV header row is {feed.bad.note}")
    if header is None:
        raise InvalidValue("column", column, "the CSV input is empty: no header row")
    names = [name.lstrip("\ufeff").strip() for name in header]
    wanted = column.strip()
    if wanted in names:
        at = names.index(wanted)
    else:
        folded = [name.casefold() for name in names]
        if wanted.casefold() not in folded:
            import difflib

            close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.6)
            raise InvalidValue("column", column, f"no column '{column}' in the CSV header",
                               valid=names, suggestion=close[0] if close else None)
        at = folded.index(wanted.casefold())
    return _csv_values(reader, feed, at, limit)


def check_lines(lines: object) -> None:
    """Refuse one string, or anything that is not iterable, given as LINES (InvalidValue)."""
    # A string is iterable too, but by characters: '0901.21' would give seven rows.
    if isinstance(lines, (str, bytes, bytearray, memoryview)):
        raise InvalidValue("lines", lines, "one string given: pass an iterable of lines, e.g. "
                                           "['0901.21'] or an open file")
    if not hasattr(lines, "__iter__") and not hasattr(lines, "__getitem__"):
        raise InvalidValue("lines", lines, f"must be an iterable of codes (a list, a file, a "
                                           f"data frame's column), not {shown(lines)}")


def one_line(part: bytes, limit: int) -> str:
    """PART (one line, without its end) as text, or a BadLine saying why it is not."""
    if len(part) > 4 * limit:  # UTF-8 has at most 4 bytes a character: surely too long
        return too_long(part, limit)
    try:
        text = part.decode("utf-8")
    except UnicodeDecodeError as error:
        column = len(part[:error.start].decode("utf-8")) + 1
        return BadLine(_shortened(part.decode("utf-8", "backslashreplace")),
                       f"not UTF-8 (byte 0x{part[error.start]:02x} at column {column})")
    return too_long(part, limit) if len(text) > limit else text


def too_long(start: bytes, limit: int, what: str = "line") -> BadLine:
    """The BadLine of a WHAT over LIMIT characters, shown by its START."""
    return BadLine(start[:4 * SHOWN].decode("utf-8", "replace")[:SHOWN - 1] + "…",
                   f"{what} over {limit} characters")


def _shortened(text: str) -> str:
    """TEXT, cut to SHOWN characters with '…' when longer."""
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


def _lines_of(head: bytes, limit: int) -> Iterator[str]:
    """The lines of HEAD (complete lines joined by LF): decoded as one block, the common case,
    and line by line only when the block holds a bad line."""
    try:
        lines = head.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        lines = None
    if lines is None or (len(head) > limit and max(map(len, lines)) > limit):
        for part in head.split(b"\n"):
            yield one_line(part, limit)
    else:
        yield from lines


class _RecordTooLong(Exception):
    """Raised by _CsvFeed to end a CSV record that runs on (an unclosed quote)."""


class _CsvFeed:
    """csv.reader's input, one line at a time, each with its end put back (a quoted field
    keeps its newlines). A BadLine is fed as an empty line and kept in BAD, so the record it
    falls in becomes an invalid row; a record over LIMIT characters raises _RecordTooLong,
    and the line that took it over is fed again as the start of the next record."""

    def __init__(self, lines: Iterable[Any], limit: int) -> None:
        self.lines = iter(lines)
        self.limit = limit
        self.size = 0
        self.bad: BadLine | None = None
        self.again: str | None = None

    def __iter__(self) -> _CsvFeed:
        return self

    def next_record(self) -> None:
        """Start counting a new record."""
        self.size = 0
        self.bad = None

    def __next__(self) -> str:
        if self.again is not None:
            line, self.again = self.again, None
        else:
            line = next(self.lines)
            if not isinstance(line, str):
                line = one_line(bytes(line) if isinstance(line, (bytes, bytearray))
                                else str(line).encode("utf-8", "surrogatepass"), self.limit)
        if isinstance(line, BadLine):
            if self.bad is None:
                self.bad = line
            return "\n"
        if self.size and self.size + len(line) + 1 > self.limit:
            self.again = line
            raise _RecordTooLong
        self.size += len(line) + 1  # its line end counts too
        return line if line.endswith(("\n", "\r")) else line + "\n"


def _csv_values(reader: Iterator[list[str]], feed: _CsvFeed, at: int,
                limit: int) -> Iterator[str]:
    """The values of column AT of the records READER gives after the header (see csv_column)."""
    import csv

    while True:
        feed.next_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except _RecordTooLong:
            # csv.reader starts afresh at its next call: the rest is read as new records.
            yield BadLine("…", f"CSV record over {limit} characters (an unclosed quote?)")
            continue
        except csv.Error as error:
            yield BadLine("…", f"CSV: {error}")
            continue
        if feed.bad is not None:
            yield feed.bad
            continue
        value = row[at] if at < len(row) else ""
        yield value if len(value) <= MAX_LINE else too_long(
            value[:SHOWN].encode(), MAX_LINE, "field")
