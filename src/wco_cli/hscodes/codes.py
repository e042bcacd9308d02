"""HS editions, levels and codes as typed: parsing, normalizing and showing them."""

from __future__ import annotations

from typing import Any

from wco_cli.errors import InvalidValue

# Each edition and UN Comtrade's name for it. A new edition (HS2028 = "H7") is one more entry
# here and one in scripts/build_hs.py's EDITIONS, which checks that both agree.
COMTRADE_IDS = {"1992": "H0", "1996": "H1", "2002": "H2", "2007": "H3", "2012": "H4",
                "2017": "H5", "2022": "H6"}
EDITIONS = tuple(COMTRADE_IDS)  # ("1992", "1996", "2002", "2007", "2012", "2017", "2022")
DEFAULT_EDITION = "2022"
# The edition every UNSD correlation table starts from; a conversion between two other
# editions is the composition of two tables through it.
HUB_EDITION = "2022"
LEVELS = {2: "chapter", 4: "heading", 6: "subheading"}
NOT_SPECIFIED = ("not an HS code: UN Comtrade's code for commodities not specified according "
                 "to kind")
RESERVED = "reserved for possible future use in the HS; it has no codes"
# Default caps on rows, here so that callers' signatures can name them without importing the
# modules that do the work (a lookup imports neither search nor convert).
DEFAULT_LIMIT = 200  # related codes a conversion lists
SEARCH_LIMIT = 20  # results a search gives

Record = dict[str, Any]


class SharedRow(dict[str, Any]):
    """A row that many records hold (an HS code's path and children: code, code_dotted, level,
    description), made once and handed out as it is, so it cannot be changed: a record stays
    cheap to hand out and no caller can change another's. A copy (dict(row), row.copy(),
    copy.deepcopy, pickle) is a plain dict. Whatever reads a dict (json) reads it."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("this row of an HS code's path or children is shared by every record "
                        "that holds it: change a copy (dict(row))")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse
    __ior__ = _refuse

    def __copy__(self) -> Record:
        return dict(self)

    def __deepcopy__(self, memo: object) -> Record:
        return dict(self)  # its values are text

    def __reduce__(self) -> tuple[type, tuple[Record]]:
        return dict, (dict(self),)


def dotted(code: str) -> str:
    """"090121" -> "0901.21"; chapters and headings are shown as they are."""
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


# UN Comtrade's aggregate codes, which its data files put where a code goes: totals, never
# codes, so a person typing one is told so rather than shown a search for the word.
AGGREGATES = {"TOTAL": "all commodities", "ALL": "all commodities",
              "AG2": "every chapter", "AG4": "every heading", "AG6": "every subheading"}
# Between the digits of a code: "." and white space as written; "-" and "," as spreadsheets,
# invoices and decimal commas write them (those are repairs, and noted).
QUIET_SEPARATORS, NOTED_SEPARATORS = ".", "-,"
Reading = tuple[str, list[str]]  # digits, notes on what was repaired


def normalize_code(text: str) -> tuple[str, list[str]]:
    """The digits of an HS code typed as 0901, 0901.21, 0901 21, 090121 or 01, and notes on
    what was repaired: code_readings' first reading. Anything else raises
    InvalidValue("code", ...)."""
    return code_readings(text)[0]


def code_readings(text: str) -> list[Reading]:
    """The ways TEXT can be read as an HS code, the likeliest first: (digits, notes).

    Repaired, each with a note: a leading zero lost in a spreadsheet (901.21, 90121, 901); a
    trailing zero lost (8517.1 is 8517.10) or added by a number format (090121.0); an 8- or
    10-digit national tariff line (and a 7-digit one) cut to its 6-digit subheading; "-" or ","
    between the digits (0901-21, 0901,21) and an "HS" before them (HS 0901.21). Where the
    digits alone cannot tell (85171 is 0851.71 or 8517.10; 9012100 is 9012.10 or 0901.21.00),
    the other reading follows, so a caller holding the codes can take the one that exists.
    UN Comtrade's aggregates (TOTAL, AG6, ...) and anything else raise InvalidValue("code")."""
    if not isinstance(text, str):
        raise InvalidValue("code", text, "an HS code is text such as 0901.21")
    value = text.strip()
    if not value:
        raise InvalidValue("code", text, "empty; an HS code has 2, 4 or 6 digits, e.g. 0901.21")
    shown = value if len(value) <= 40 else value[:39] + "…"
    if value.upper() in AGGREGATES:
        raise InvalidValue("code", text, f"'{shown}' is UN Comtrade's total of "
                                         f"{AGGREGATES[value.upper()]}, not an HS code: give a "
                                         "chapter (2 digits), heading (4) or subheading (6), "
                                         "e.g. 0901.21")
    groups, noted = _digit_groups(value, text, shown)
    readings = _readings(groups, value, text)
    if noted and not readings[0][1]:  # otherwise a note already shows the code it became
        digits = readings[0][0]
        readings[0] = (digits, [f"{value}: read as {dotted(digits)}"])
    return readings


def _without_prefix(value: str) -> str | None:
    """VALUE after an "HS" that starts it ("HS 0901.21", "hs:0901"), or None without one."""
    if value[:2].upper() == "HS" and len(value) > 2 and not value[2].isalpha():
        return value[2:].lstrip(" \t:#")
    return None


def _digit_groups(value: str, text: str, shown: str) -> tuple[list[str], bool]:
    """The runs of digits of VALUE, and whether it was written in a form that is noted (an
    "HS" prefix, "-" or "," between digits)."""
    rest = _without_prefix(value)
    noted = rest is not None
    groups: list[str] = []
    current = ""
    for ch in value if rest is None else rest:
        if ch in "0123456789":
            current += ch
            continue
        if ch in NOTED_SEPARATORS:
            noted = True
        elif ch not in QUIET_SEPARATORS and not ch.isspace():
            problem = (f"'{shown}' has a non-ASCII digit; type digits 0-9" if ch.isdigit()
                       else f"'{shown}' is not an HS code: use digits only, e.g. 0901.21")
            raise InvalidValue("code", text, problem)
        if current:
            groups.append(current)
            current = ""
    if current:
        groups.append(current)
    if not groups:
        raise InvalidValue("code", text, f"'{shown}' is not an HS code: use digits only, "
                                         "e.g. 0901.21")
    return groups, noted


def _readings(groups: list[str], value: str, text: str) -> list[Reading]:
    """code_readings for the digit GROUPS of VALUE (TEXT as given)."""
    digits = "".join(groups)
    if len(groups) == 1:
        return _plain_readings(digits, value, text)
    first, notes = len(groups[0]), []
    lost = first in (3, 5)  # "901.21", "90121.00": a leading zero lost
    if lost:
        digits, first = "0" + digits, first + 1
    short = len(groups[1]) == 1  # "8517.1"
    if first not in (4, 6, 8, 10) or len(digits) > 10 or (short and first == 4
                                                         and len(groups) > 2):
        raise InvalidValue("code", text, f"'{value}' is not an HS code: write a heading as 4 "
                                         "digits and a subheading as 4 + 2, e.g. 0901.21")
    if short and first == 4:
        digits += "0"
    if lost:
        notes.append(_zero_restored(value, digits))
    if short and first == 4:
        notes.append(_trailing_restored(value, digits))
    elif digits[6:] == "0":  # "090121.0", "8517.130": a number format's decimal
        notes.append(f"{value}: trailing zero dropped ({dotted(digits[:6])}); a number format "
                     "may have added it")
    elif len(digits) > 6:
        notes.append(_cut(value, digits))
    return [(digits[:6], notes)]


def _plain_readings(digits: str, value: str, text: str) -> list[Reading]:
    """code_readings for DIGITS written without separators."""
    size = len(digits)
    if size in (2, 4, 6):
        return [(digits, [])]
    if size in (8, 10):
        return [(digits[:6], [_cut(value, digits)])]
    restored, padded = "0" + digits, digits + "0"
    if size in (3, 5):
        trailing = (padded, [_trailing_restored(value, padded)])
        # A leading zero cannot have been lost before a 0: then only a trailing one was.
        if digits[0] == "0":
            return [trailing]
        leading = (restored, [_zero_restored(value, restored)])
        return [leading, trailing] if size == 5 else [leading]
    if size == 7:
        note = (f"{value}: 7 digits, read as {dotted(digits[:6])} and a national extension "
                "(or a trailing zero a number format added)")
        if digits[0] == "0":
            return [(digits[:6], [note])]
        other = restored[:6]
        return [(digits[:6], [f"{note}; with a leading zero lost it would be {dotted(other)}"]),
                (other, [f"{value}: read as {dotted(other)}: an 8-digit national line whose "
                         "leading zero a spreadsheet dropped"])]
    raise InvalidValue("code", text, f"'{value}' has {size} digits; an HS code has 2 (chapter), "
                                     "4 (heading) or 6 (subheading)")


def _zero_restored(value: str, digits: str) -> str:
    return (f"{value}: leading zero restored ({dotted(digits[:6])}); a spreadsheet may have "
            "dropped it")


def _trailing_restored(value: str, digits: str) -> str:
    return (f"{value}: trailing zero restored ({dotted(digits)}); a spreadsheet may have "
            "dropped it")


def _cut(value: str, digits: str) -> str:
    return (f"{value}: cut to {dotted(digits[:6])}; digits after the sixth are a national "
            "extension, not part of the HS")


def is_code(words: list[str]) -> bool:
    """Do WORDS (command-line arguments) give a code ("0901.21", "0901 21", "HS 0901-21") or
    one of UN Comtrade's aggregates ("TOTAL") rather than words to search for?"""
    text = " ".join(words).strip()
    if text.upper() in AGGREGATES:
        return True
    rest = _without_prefix(text)
    text = text if rest is None else rest
    return text.isascii() and any(ch.isdigit() for ch in text) and \
        all(ch.isdigit() or ch.isspace() or ch in QUIET_SEPARATORS + NOTED_SEPARATORS
            for ch in text)


def not_hs_reason(digits: str) -> str | None:
    """Why DIGITS can never be an HS code (Comtrade's 99/9999/999999, reserved chapter 77)."""
    if digits in ("99", "9999", "999999"):
        return NOT_SPECIFIED
    if digits[:2] == "77":
        return RESERVED
    return None


def normalize_edition(edition: object, field: str = "edition") -> str:
    """"2022", 2022, "HS2022", "hs 2022" or Comtrade's "H6" -> "2022"; else InvalidValue."""
    text = str(edition).strip().upper().replace(" ", "")
    if text.startswith("HS"):
        text = text[2:]
    if text in EDITIONS:
        return text
    for year, comtrade in COMTRADE_IDS.items():
        if text == comtrade:
            return year
    suggestion = None
    if text.isdigit() and len(text) == 4:
        earlier = [year for year in EDITIONS if year <= text]
        suggestion = earlier[-1] if earlier else EDITIONS[0]
    raise InvalidValue(field, edition, f"'{edition}' is not an HS edition", valid=EDITIONS,
                       suggestion=suggestion)
