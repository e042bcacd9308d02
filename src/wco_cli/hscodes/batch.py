"""Many codes at once: one row per input line, in order, in constant memory."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from wco_cli.errors import InvalidValue
from wco_cli.hscodes.batch_input import MAX_LINE, SHOWN, BadLine, check_lines, one_line, too_long
from wco_cli.hscodes.codes import (
    DEFAULT_EDITION,
    EDITIONS,
    Record,
    normalize_code,
    normalize_edition,
    not_hs_reason,
)
from wco_cli.hscodes.lookup import editions_of
from wco_cli.hscodes.tables import Edition, edition_table


def batch(data_dir: Path, lines: Iterable[Any], edition: str = DEFAULT_EDITION,
          to: str | None = None, digits: int | None = None) -> Iterator[Record]:
    """One row per input line, in order, in constant memory: input, code (digits or null),
    valid, level, description, edition, note (why invalid, or the repairs made, or null), and
    with TO (an HS edition, sitc3, sitc4 or bec4), what convert.summary gives: converted (the
    related codes of TO, ranked: main code first, catch-all codes last), main_code,
    relationship, partial, alternatives, catch_all; DIGITS cuts the codes of TO to headings (4)
    or chapters (2), as convert does. A bad line is a row with valid false,
    never an exception; a blank line is a row too (note "blank line"), so output row N is
    input line N. LINES is an iterable of lines: a list, a text file, `read_lines(stream)`, or
    a pandas column (an int is read as its digits, None or NaN is an invalid row "no value").
    One string, or bad EDITION or TO, raise InvalidValue at once."""
    check_lines(lines)
    edition = normalize_edition(edition)
    cut = None
    if to is not None:
        from wco_cli.hscodes import convert
        from wco_cli.hscodes.concordance import route

        to = convert.normalize_target(data_dir, to)
        if to == edition:
            raise InvalidValue("to", to, f"converting HS{edition} to itself: choose another "
                                         "edition", valid=[y for y in EDITIONS if y != edition])
        cut = convert.check_digits(digits, to)
        route(data_dir, edition, to)  # fail now, not at the first line
        if to in EDITIONS:
            edition_table(data_dir, to)
    elif digits is not None:
        raise InvalidValue("digits", digits, "cuts the codes of --to: give --to too")
    ed = edition_table(data_dir, edition)
    return _batch_rows(data_dir, lines, ed, to, cut)


# Repaired or invalid lines' rows kept by their text (at most SLOW_ROWS, each of a text of at
# most SLOW_ROW_TEXT characters).
SLOW_ROWS = 4096
SLOW_ROW_TEXT = 64
NO_CONVERSION: Record = {"converted": [], "main_code": None, "relationship": None,
                         "partial": None, "alternatives": None, "catch_all": None}


def _batch_rows(data_dir: Path, lines: Iterable[Any], ed: Edition,
                to: str | None, digits: int | None) -> Iterator[Record]:
    """The rows of batch(), made as LINES are read."""
    lookup = ed.lookup
    edition = ed.edition
    target = to or ""
    converted_cache: dict[str, Record] = {}

    def converted(code: str) -> Record:
        """convert.summary of CODE (memoized)."""
        from wco_cli.hscodes.convert import summary

        found = converted_cache.get(code)
        if found is None:
            found = summary(data_dir, code, edition, target, digits)
            if len(converted_cache) < 20000:  # bounded: constant memory on any input
                converted_cache[code] = found
        return {**found, "converted": list(found["converted"])}

    # Rows of lines that needed more than one dict lookup (repaired or invalid), by their text:
    # a batch repeats its codes. Bounded, so memory stays flat on any input.
    slow_rows: dict[str, Record] = {}
    row: Record
    for line in lines:
        if type(line) is str:  # a line of text (a BadLine is a str subclass: never memoized)
            raw = line.rstrip("\r\n")
            hit = lookup.get(raw)
            if hit is not None:  # an already clean code: the fast path
                row = {"input": raw, "code": raw, "valid": True, "level": hit[0],
                       "description": hit[1], "edition": edition, "note": None}
            elif len(raw) == 7 and raw[4] == "." and \
                    (hit := lookup.get(clean := raw[:4] + raw[5:])) is not None:
                row = {"input": raw, "code": clean, "valid": True, "level": hit[0],
                       "description": hit[1], "edition": edition, "note": None}  # 0901.21
            else:
                known = slow_rows.get(raw)
                if known is None:
                    known = _slow_row(data_dir, ed, raw, line)
                    if len(slow_rows) < SLOW_ROWS and len(raw) <= SLOW_ROW_TEXT:
                        slow_rows[raw] = known
                row = known.copy()
        else:
            try:
                raw = line.rstrip("\r\n")
            except (AttributeError, TypeError):  # not text: a number or a gap in a column
                raw = None
            row = _slow_row(data_dir, ed, raw, line)
        if to is not None:
            row.update(converted(row["code"]) if row["valid"] else
                       {**NO_CONVERSION, "converted": []})
        yield row


def _value_text(value: object) -> tuple[str, str | None]:
    """The text of a line that is not a str, and why it has none (else None). A pandas column
    gives int (a code whose leading zero is lost: its digits, then repaired as typed), float,
    None, NaN or NA."""
    import numbers

    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return "", "no value"
    if isinstance(value, (bytes, bytearray)):
        line = one_line(bytes(value).rstrip(b"\r\n"), MAX_LINE)
        return str(line), getattr(line, "note", None)
    if isinstance(value, bool):
        return str(value), "not an HS code: a true/false value"
    if isinstance(value, numbers.Integral):
        return str(int(value)), None
    if isinstance(value, numbers.Real):
        number = float(value)
        if number != number:
            return "", "no value"
        return (str(int(number)) if number.is_integer() else repr(number)), None
    try:
        return str(value), None
    except Exception as error:  # noqa: BLE001 - any object may come from a data frame
        return "", f"no text: {type(value).__name__} ({type(error).__name__})"


def _slow_row(data_dir: Path, ed: Edition, raw: str | None, line: object) -> Record:
    """The row of a LINE that is not already a clean code of ED (RAW: its text, or None when
    LINE is not text): repaired, or invalid with a note saying why."""
    note: str | None = None
    if raw is None:
        raw, note = _value_text(line)
    elif isinstance(line, BadLine):
        note = line.note
    if note is None and len(raw) > MAX_LINE:  # a long str from the API: as read_lines does
        bad = too_long(raw[:SHOWN].encode(), MAX_LINE)
        raw, note = str(bad), bad.note
    row: Record = {"input": raw, "code": None, "valid": False, "level": None,
                   "description": None, "edition": ed.edition, "note": note}
    if note is not None:
        return row
    if not raw.strip():
        row["note"] = "blank line"
        return row
    try:
        digits, notes = normalize_code(raw)
    except InvalidValue as error:
        row["note"] = error.problem
        return row
    row["code"] = digits
    hit = ed.lookup.get(digits)
    if hit is None:
        reason = not_hs_reason(digits)
        if reason is None:
            others = editions_of(data_dir, digits)
            reason = f"not an HS{ed.edition} code" + \
                (f" (exists in HS{', HS'.join(others)})" if others else "")
        row["note"] = "; ".join([*notes, reason])
        return row
    row.update(valid=True, level=hit[0], description=hit[1], note="; ".join(notes) or None)
    return row
