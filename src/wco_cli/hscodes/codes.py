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


def dotted(code: str) -> str:
    """"090121" -> "0901.21"; chapters and headings are shown as they are."""
    return f"{code[:4]}.{code[4:]}" if len(code) == 6 else code


def normalize_code(text: str) -> tuple[str, list[str]]:
    """The digits of an HS code typed as 0901, 0901.21, 0901 21, 090121 or 01, and notes on
    what was repaired: a leading zero lost in a spreadsheet (901.21, 90121, 901) is restored;
    an 8- or 10-digit national tariff line is cut to its 6-digit HS subheading.
    Anything else raises InvalidValue("code", ...)."""
    if not isinstance(text, str):
        raise InvalidValue("code", text, "an HS code is text such as 0901.21")
    value = text.strip()
    if not value:
        raise InvalidValue("code", text, "empty; an HS code has 2, 4 or 6 digits, e.g. 0901.21")
    groups: list[str] = []
    current = ""
    for ch in value:
        if ch in "0123456789":
            current += ch
        elif ch == "." or ch.isspace():
            if current:
                groups.append(current)
                current = ""
        else:
            shown = value if len(value) <= 40 else value[:39] + "…"
            problem = (f"'{shown}' has a non-ASCII digit; type digits 0-9" if ch.isdigit()
                       else f"'{shown}' is not an HS code: use digits only, e.g. 0901.21")
            raise InvalidValue("code", text, problem)
    if current:
        groups.append(current)
    digits = "".join(groups)
    notes: list[str] = []
    if len(groups) > 1 and (len(groups[0]) not in (3, 4) or len(digits) % 2 != len(groups[0]) % 2):
        raise InvalidValue("code", text, f"'{value}' is not an HS code: write a heading as 4 "
                                         "digits and a subheading as 4 + 2, e.g. 0901.21")
    if len(digits) in (3, 5) or (len(groups) > 1 and len(groups[0]) == 3):
        digits = "0" + digits
        notes.append(f"{value}: leading zero restored ({dotted(digits[:6])}); a spreadsheet "
                     "may have dropped it")
    if len(digits) in (8, 10):
        notes.append(f"{value}: cut to {dotted(digits[:6])}; digits after the sixth are a "
                     "national extension, not part of the HS")
        digits = digits[:6]
    if len(digits) not in (2, 4, 6):
        raise InvalidValue("code", text, f"'{value}' has {len(digits)} digits; an HS code has 2 "
                                         "(chapter), 4 (heading) or 6 (subheading)")
    return digits, notes


def is_code(words: list[str]) -> bool:
    """Do WORDS (command-line arguments) give a code ("0901.21", "0901 21") rather than words
    to search for?"""
    text = "".join(words).replace(".", "")
    return bool(text) and text.isascii() and text.isdigit()


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
