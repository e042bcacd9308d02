"""Dates, periods and "as of": the one date parser and the one rule for what was true on a day.

Dates have year, month or day precision (`2013`, `2013-06`, `2013-06-25`) and are kept as text.
A period is a start and an end, either of which may be unknown (None). "As of D" means "true on
D": D is a day, and a date of year or month precision given as D stands for its LAST day
(`--as-of 2013` is 31 December 2013), so that everything dated within that year counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wco_cli.errors import InvalidValue
from wco_cli.fields import shown
from wco_cli.text import visible

if TYPE_CHECKING:
    import datetime
    from typing import TypeAlias

    # A date as the Python API takes it (see date_text).
    DateValue: TypeAlias = "str | datetime.date | int"

FIRST_YEAR, LAST_YEAR = 1900, 2100
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
# What the Python API takes as a date: the CLI passes text; a notebook may pass either other.
DATE_TYPES = f"text ({DATE_FORMS}), a datetime.date, or a year as an int"


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def date_problem(text: str) -> str | None:
    """None if TEXT is a real date of year, month or day precision in ASCII digits, else why not."""
    parts = text.split("-")
    shapes = (4, 2, 2)[: len(parts)]
    if (len(parts) > 3 or not text.isascii()
            or any(len(part) != size or not part.isdigit() for part, size in zip(parts, shapes))):
        return f"must be an ISO date ({DATE_FORMS}), not {text!r}"
    numbers = [int(part) for part in parts]
    if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
        return f"must be a real date, not {text!r} (no month {parts[1]})"
    if len(numbers) > 2 and not 1 <= numbers[2] <= _days_in_month(numbers[0], numbers[1]):
        return f"must be a real date, not {text!r} (no such day)"
    return None


def date_text(value: DateValue, field: str = "as_of") -> str:
    """VALUE as date text, unchecked: text as given, a datetime.date (or datetime) as its day,
    an int as a year (2013 is "2013"); InvalidValue naming FIELD for anything else."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not FIRST_YEAR <= value <= LAST_YEAR:  # also keeps a huge int from str()
            raise InvalidValue(field, value, f"{shown(value)} is not a year from {FIRST_YEAR} "
                                             f"to {LAST_YEAR}; give {DATE_TYPES}")
        return str(value)
    import datetime  # only here: the command line passes text

    if isinstance(value, datetime.datetime):
        return value.date().isoformat()  # the day it falls on; its time is not a date's part
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise InvalidValue(field, value, f"{shown(value)} is not a date; give {DATE_TYPES}")


# A date in the data is plausible from 1900 (the oldest event is 1947) to two years ahead:
# scheduled dates are data too (HS 2028 enters into force on 1 January 2028).
DATA_FIRST_YEAR, DATA_YEARS_AHEAD = 1900, 2


def data_date_problem(text: str) -> str | None:
    """None if TEXT is a date a data file may hold: real, and in the plausible years; else why
    not."""
    import time

    problem = date_problem(text)
    last = time.localtime().tm_year + DATA_YEARS_AHEAD
    if problem is None and not DATA_FIRST_YEAR <= int(text[:4]) <= last:
        problem = f"must be a date from {DATA_FIRST_YEAR} to {last}, not {text!r}"
    return problem


def parse_date(value: DateValue, field: str = "as_of") -> str:
    """A date given by a user (see date_text), checked: returned as text (stripped), or
    InvalidValue naming FIELD."""
    text = date_text(value, field)
    stripped = text.strip()
    if not stripped:
        raise InvalidValue(field, value, f"an empty value is not a date; use {DATE_FORMS}")
    problem = date_problem(stripped)
    if problem is None and not FIRST_YEAR <= int(stripped[:4]) <= LAST_YEAR:
        problem = f"outside the years {FIRST_YEAR} to {LAST_YEAR}"
    if problem:
        detail = problem[problem.index("(") + 1:-1] if problem.endswith(")") else problem
        detail = "" if detail.startswith("must be") else f" ({detail})"
        raise InvalidValue(field, value, f"'{visible(stripped)}' is not a date{detail}; "
                                         f"use {DATE_FORMS}")
    return stripped


def parse_year(year: int | str | None, field: str) -> int | None:
    """A year filter (joined_since, since...): an int, or text of ASCII digits ("2000"), from
    FIRST_YEAR to LAST_YEAR; None when not given; InvalidValue naming FIELD otherwise."""
    if year is None:
        return None
    number: int | None = None
    if isinstance(year, int) and not isinstance(year, bool):
        number = year
    elif isinstance(year, str) and year.strip().isascii() and year.strip().isdigit() \
            and len(year.strip()) <= 8:  # int() of thousands of digits raises ValueError
        number = int(year.strip())
    if number is None:
        raise InvalidValue(field, year, f"{shown(year)} is not a year; give a whole year from "
                                        f"{FIRST_YEAR} to {LAST_YEAR}, such as 2000")
    if not FIRST_YEAR <= number <= LAST_YEAR:
        raise InvalidValue(field, year, f"{shown(year)} is out of range; use a year from "
                                        f"{FIRST_YEAR} to {LAST_YEAR}")
    return number


def first_day(date: str) -> str:
    """The first day a date covers: 2013 -> 2013-01-01, 2013-06 -> 2013-06-01."""
    return date + ("-01-01", "-01", "")[(len(date) - 4) // 3]


def last_day(date: str) -> str:
    """The last day a date covers: 2013 -> 2013-12-31, 2012-02 -> 2012-02-29."""
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        return f"{date}-{_days_in_month(int(date[:4]), int(date[5:7])):02d}"
    return date


def as_of_day(value: DateValue | None, field: str = "as_of") -> str | None:
    """The day an --as-of value stands for (its last day), or None for "today's picture"."""
    return None if value is None else last_day(parse_date(value, field))


def started(start: str | None, day: str) -> bool | None:
    """Had a period starting at START begun on DAY? None when the start is unknown. A start of
    year or month precision counts from its first day, as in `in_force`."""
    return None if start is None else first_day(start) <= day


def ended(end: str | None, day: str) -> bool:
    """Had a period ending at END (inclusive, to its last day) ended before DAY?"""
    return end is not None and last_day(end) < day


def in_force(start: str | None, end: str | None, day: str) -> bool:
    """The rule for a period with a known or unknown start and end: true on DAY when it may have
    begun by then (an unknown start counts from the beginning) and had not ended."""
    return (start is None or first_day(start) <= day) and not ended(end, day)
