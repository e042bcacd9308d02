"""Dates, periods and "as of": the one date parser and the one rule for what was true on a day.

A date is exact, of year, month or day precision (`2013`, `2013-06`, `2013-06-25`), or, in the
data, a range known only by its bounds, in EDTF level-1 interval notation (Library of Congress):
`2020-12/2022-06` is some day from 2020-12-01 to 2022-06-30, and `..` leaves a side open
(`../2019-06` "by June 2019", `2017-07/..` "from July 2017 or later"). Dates are kept as text.

A period is a start and an end, either of which may be unknown (None). "As of D" means "true on
D": D is a day, and a date of year or month precision given as D stands for its LAST day
(`--as-of 2013` is 31 December 2013), so that everything dated within that year counts. An
exact start counts from its first day and an exact end to its last day; only a range (or a start
not known at all) leaves a day uncertain. `status` is the one rule: on a day a record is in
force, not in force, or uncertain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wco_cli.errors import InvalidValue
from wco_cli.text import shown, visible

if TYPE_CHECKING:
    import datetime
    from collections.abc import Callable
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
            or any(len(part) != size or not part.isdigit()
                   for part, size in zip(parts, shapes, strict=True))):
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
# A range (EDTF level 1): two dates joined by "/", ".." for an open side.
RANGE_MARK, OPEN = "/", ".."
RANGE_FORMS = "a date, or a range FROM/TO whose open side is '..' (2020-12/2022-06, ../2019-06)"
# Where an open side reaches: before and after every real day, so that comparisons still work.
MIN_DAY, MAX_DAY = "0000-01-01", "9999-12-31"


def is_range(date: str) -> bool:
    return RANGE_MARK in date


def range_problem(text: str, side_problem: Callable[[str], str | None] = date_problem
                  ) -> str | None:
    """None if TEXT is a range whose sides SIDE_PROBLEM accepts (or are open), from no later
    than it ends, with at least one side known; else why not."""
    sides = text.split(RANGE_MARK)
    if len(sides) != 2:
        return f"must be {RANGE_FORMS}, not {text!r}"
    lower, upper = sides
    if lower == upper == OPEN:
        return f"must have at least one known side, not {text!r} (an unknown date is null)"
    for side in sides:
        problem = None if side == OPEN else side_problem(side)
        if problem:
            return f"{problem}, in the range {text!r}"
    if OPEN not in sides and first_day(lower) > last_day(upper):
        return f"must not end before it begins, not {text!r}"
    return None


def value_problem(text: str) -> str | None:
    """None if TEXT is a real date or range (any year), else why not."""
    return range_problem(text) if is_range(text) else date_problem(text)


def _data_exact_problem(text: str) -> str | None:
    import time

    problem = date_problem(text)
    last = time.localtime().tm_year + DATA_YEARS_AHEAD
    if problem is None and not DATA_FIRST_YEAR <= int(text[:4]) <= last:
        problem = f"must be a date from {DATA_FIRST_YEAR} to {last}, not {text!r}"
    return problem


def data_date_problem(text: str) -> str | None:
    """None if TEXT is a date a data file may hold: real, in the plausible years, or a range
    whose every known side is; else why not."""
    if is_range(text):
        return range_problem(text, _data_exact_problem)
    return _data_exact_problem(text)


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


def split_range(date: str) -> tuple[str | None, str | None]:
    """The two sides of a range (None for an open side): `../2019-06` -> (None, "2019-06")."""
    lower, upper = date.split(RANGE_MARK)
    return (None if lower == OPEN else lower, None if upper == OPEN else upper)


def first_day(date: str) -> str:
    """The first day a date covers: 2013 -> 2013-01-01, 2013-06 -> 2013-06-01; for a range,
    the first day of its lower side (MIN_DAY when open)."""
    if is_range(date):
        lower = split_range(date)[0]
        return MIN_DAY if lower is None else first_day(lower)
    return date + ("-01-01", "-01", "")[(len(date) - 4) // 3]


def last_day(date: str) -> str:
    """The last day a date covers: 2013 -> 2013-12-31, 2012-02 -> 2012-02-29; for a range,
    the last day of its upper side (MAX_DAY when open)."""
    if is_range(date):
        upper = split_range(date)[1]
        return MAX_DAY if upper is None else last_day(upper)
    if len(date) == 4:
        return date + "-12-31"
    if len(date) == 7:
        return f"{date}-{_days_in_month(int(date[:4]), int(date[5:7])):02d}"
    return date


def bounds(date: str | None) -> tuple[str | None, str | None]:
    """(earliest, latest) day DATE may be: an exact date's first and last day, a range's bounds
    (None for an open side), (None, None) for an unknown date. The `*_earliest` and `*_latest`
    keys of --json rows."""
    if date is None:
        return None, None
    first, last = first_day(date), last_day(date)
    return (None if first == MIN_DAY else first), (None if last == MAX_DAY else last)


def as_of_day(value: DateValue | None, field: str = "as_of") -> str | None:
    """The day an --as-of value stands for (its last day), or None for "today's picture"."""
    return None if value is None else last_day(parse_date(value, field))


def today() -> str:
    """Today's date (local time): the day "today's picture" is judged on."""
    import time

    return time.strftime("%Y-%m-%d")


def certain_from(date: str) -> str | None:
    """The day from which a start dated DATE has surely happened: an exact date's first day (a
    start counts from it), a range's last day (None when open)."""
    day = last_day(date) if is_range(date) else first_day(date)
    return None if day == MAX_DAY else day


IN_FORCE, NOT_IN_FORCE, UNCERTAIN = "in_force", "not_in_force", "uncertain"
# The `status` of a listed row: a list never holds what was not in force.
LISTED_STATUS = f"enum:{IN_FORCE},{UNCERTAIN}"


def status(start: str | None, end: str | None, day: str, floor: str | None = None,
           known_by: str | None = None) -> str:
    """What held on DAY: status_during the one day DAY."""
    return status_during(start, end, day, day, floor, known_by)


def status_during(start: str | None, end: str | None, first: str, last: str,
                  floor: str | None = None, known_by: str | None = None) -> str:
    """The rule for what held on some day from FIRST to LAST (one day: FIRST == LAST):
    IN_FORCE, NOT_IN_FORCE or UNCERTAIN, for a record that began at START and lasted to END
    (inclusive). Each is exact, a range, or None: a start not known at all; an end not reached
    (the record still holds).

    - An exact start counts from its first day, an exact end to its last day (as always).
    - A range start: not in force before its first day, uncertain until its last day, in force
      from that day. A range end: in force to its first day, uncertain after it, not in force
      after its last day.
    - A start with no lower bound (unknown, or `../D`) may lie as early as FLOOR, the earliest
      day the record's kind is known from (its dataset's first record); before FLOOR it is not
      in force, after it uncertain.
    - KNOWN_BY, where START is None, is a day the record is attested on (an office's first
      attestation): from that day it had begun. A known START is not capped by it (a source
      may name an office before it opens).
    Nothing is in force before its earliest possible start or after its latest possible end.
    Over a period, a record is in force when it surely held on one of its days at least."""
    if start is None:
        may_start, sure_start = floor, known_by
    else:
        may_start = bounds(start)[0] or floor
        sure_start = certain_from(start)
    # The days after which the record may have ended, and after which it surely had.
    if end is None:
        may_end = sure_end = MAX_DAY
    elif is_range(end):
        may_end, sure_end = first_day(end), last_day(end)
    else:
        may_end = sure_end = last_day(end)
    if (may_start is not None and last < may_start) or first > sure_end:
        return NOT_IN_FORCE
    if sure_start is not None and sure_start <= last and first <= may_end \
            and sure_start <= may_end:
        return IN_FORCE
    return UNCERTAIN


def ended(end: str | None, day: str) -> bool:
    """Had a period ending at END (inclusive, to its last day; a range: to its latest possible
    day) surely ended before DAY?"""
    return end is not None and last_day(end) < day


# ---- staleness ---------------------------------------------------------------------------------

# How often a series (a fact, an instrument's party counts) is expected to change, its
# `expected_change` -> the age in months after which its newest value is stale: the period plus
# six months, since sources publish late. None: never stale (a founding date, a constant).
EXPECTED_CHANGE: dict[str, int | None] = {
    "never": None, "yearly": 18, "every-3-years": 42, "every-5-years": 66,
}
EXPECTED_CHANGE_TYPE = "enum:" + ",".join(EXPECTED_CHANGE) + "?"


def months_before(day: str, months: int) -> str:
    """The day MONTHS calendar months before DAY (YYYY-MM-DD), the day of the month kept where
    the month has it, else the month's last day (2026-08-31 less 6 months: 2026-02-28)."""
    year, month, date = int(day[:4]), int(day[5:7]), int(day[8:10])
    year, month = divmod(year * 12 + month - 1 - months, 12)
    return f"{year:04d}-{month + 1:02d}-{min(date, _days_in_month(year, month + 1)):02d}"


def is_stale(confirmed: str | None, expected: str | None, reviewed: str) -> bool:
    """Is a series whose newest value dates from CONFIRMED (its `as_of`), expected to change
    EXPECTED, stale as of REVIEWED, the data's review date (never the clock: answers stay
    reproducible)? Stale: CONFIRMED surely ended (its last day) longer than EXPECTED's maximum
    age before REVIEWED. A series with no value, no expectation, or `never` is never stale."""
    months = EXPECTED_CHANGE.get(expected) if expected else None
    if confirmed is None or months is None:
        return False
    return last_day(confirmed) < months_before(last_day(reviewed), months)


def stale_note(confirmed: str | None, expected: str | None, reviewed: str) -> str | None:
    """The note a stale series shows under a table (`stale_note` in --json), else None."""
    if not is_stale(confirmed, expected, reviewed):
        return None
    return (f"Stale: last confirmed {confirmed}; newer values likely (expected to change "
            f"{change_words(expected)}; data reviewed {reviewed}).")


def change_words(expected: str | None) -> str:
    """An `expected_change` word as prose: every-5-years -> "every 5 years"."""
    return (expected or "never").replace("-", " ")
