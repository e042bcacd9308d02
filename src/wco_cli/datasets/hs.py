"""The Harmonized System as a dataset: its 21 sections as records, and every code of seven
editions through `get`, `search` and `convert` (the work is done by `wco_cli.hscodes`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from wco_cli.datasets.base import Dataset, ExportTable, Record, Row, Table, text_of
from wco_cli.errors import InvalidValue
from wco_cli.hscodes import codes, lookup, tables
from wco_cli.text import shown

if TYPE_CHECKING:
    # The record and row types are named in the base class as text (ruff does not read it).
    from wco_cli.records import (  # noqa: F401
        HsBatchRow,
        HsCode,
        HsCodeBrief,
        HsSearchHit,
        HsSectionRecord,
        HsSectionRow,
    )

HS_SOURCES = ("unsd-hs", "unsd-hs-correlations", "unsd-hs-concordances")
# A batch row's conversion with --to (hscodes.convert.summary), null without it.
BATCH_CONVERSION = {"main_code": "str?", "relationship": "str?", "partial": "bool?",
                    "alternatives": "int?", "catch_all": "int?"}
CODE_BRIEF = {"code": "str", "code_dotted": "str", "level": "str", "description": "str"}


class HarmonizedSystem(Dataset["HsSectionRecord", "HsSectionRow"]):
    name = "hs"
    noun = "HS section"
    stored_as_records = False  # files of its own under data/hs/, built by scripts/build_hs.py
    record_spec = {"id": "id", "section": "str", "number": "int", "chapters": "str",
                   "first_chapter": "str", "last_chapter": "str", "title": "str",
                   "sources": "[ref:sources]"}
    example = "0901.21"
    views = {
        "hs": {"section": "str", "number": "int", "chapters": "str", "first_chapter": "str",
               "last_chapter": "str", "title": "str"},
        "hs_search": {"code": "str", "code_dotted": "str", "level": "str", "description": "str",
                      "score": "number", "matched": "str", "matched_by": "str"},
        "hs_batch": {"input": "str", "code": "str?", "valid": "bool", "level": "str?",
                     "description": "str?", "edition": "str", "note": "str?",
                     "converted": "[str]*", **BATCH_CONVERSION},
        "hs_convert": {"code": "str", "code_dotted": "str", "relationship": "str",
                       "description": "str?", "partial": "bool", "main": "bool",
                       "catch_all": "bool", "rank": "int", "path": "str", "derived": "bool",
                       "total": "int", "end_use": "str?"},
    }
    columns = {"hs": ("section", "chapters", "title"),
               "hs_search": ("code_dotted", "level", "description", "matched"),
               "hs_batch": ("input", "code", "valid", "level", "description", "note"),
               "hs_convert": ("code_dotted", "relationship", "partial", "main", "description")}
    view_commands = {"hs_search": ("hs", "roasted", "coffee"),
                     "hs_batch": ("hs", "-"), "hs_convert": ("hs", "8517.13", "--to", "2017")}
    view_usage = {"hs_search": "wco hs WORDS", "hs_batch": "wco hs -",
                  "hs_convert": "wco hs CODE --to YEAR"}
    key_notes = {
        "hs_search": {"code": "digits only", "matched": "why it matched"},
        "hs_batch": {"converted": "with `--to`, every related code, ranked",
                     "main_code": "UNSD's main code, null without `--to` or where there is none",
                     "partial": "of the first ranked code",
                     "alternatives": "the other related codes that are not catch-all",
                     "catch_all": "related catch-all codes"},
        "hs_convert": {"relationship": "1:1, 1:n, n:1 or n:n, read from the code looked up",
                       "partial": "only part of the code's goods go there",
                       "main": "UNSD's main code",
                       "catch_all": "a code collecting goods from five or more chapters",
                       "rank": "1 first",
                       "path": "the classifications passed through, e.g. `2012>2017`",
                       "derived": "chained from several UNSD tables",
                       "total": "related codes in all, shown or not",
                       "end_use": "BEC only"}}
    detail_spec = {
        "code": "str", "code_dotted": "str", "level": "enum:chapter,heading,subheading",
        "description": "str", "description_truncated": "bool", "edition": "str",
        "section": "str", "section_title": "str", "chapter": "str",
        "chapter_description": "str", "heading": "str?", "heading_description": "str?",
        "path": [CODE_BRIEF], "children": [CODE_BRIEF, "*"], "notes": "[str]*",
    }

    @property
    def _records(self) -> list[Record]:
        """The sections, built afresh from the HS files' cache on each call."""
        return [{"id": s["section"].lower(), **s, "sources": list(HS_SOURCES)}
                for s in lookup.sections(self.db.path)]

    def keys(self, record: Record) -> tuple[str, ...]:
        return (record["id"], record["section"], str(record["number"]), record["title"])

    def list_rows(self, **filters: Any) -> list[Row]:
        self._no_other_filters(filters)
        return [{field: s[field] for field in self.main_view()} for s in self._records]

    # ---- codes ---------------------------------------------------------------------------------

    # A code of the HS, not one of the sections that are its records: the one get() that finds
    # a code by its digits (NotFound when there is none) rather than a record by its id.
    def get(self, code: str,  # type: ignore[override]
            edition: str | int = codes.DEFAULT_EDITION) -> HsCode:
        """One code of EDITION: path, description and children (NotFound, InvalidValue)."""
        # Text is read there as _edition reads it; a loop's usual case, kept to one call.
        return lookup.get(self.db.path, code,  # type: ignore[return-value]
                          edition if type(edition) is str else _edition(edition))

    def brief(self, code: str, edition: str | int = codes.DEFAULT_EDITION) -> HsCodeBrief:
        """One code of EDITION: code, code_dotted, level, description; the same read-only row
        at each call, for a program looking up many codes. A code get() would answer with a
        note (a repair, an edition "auto" chose) raises InvalidValue (NotFound, InvalidValue)."""
        return lookup.brief(self.db.path, code,  # type: ignore[return-value]
                            edition if type(edition) is str else _edition(edition))

    def detail(self, code: str,  # type: ignore[override]
               edition: str | int = codes.DEFAULT_EDITION) -> HsCode:
        return self.get(code, edition)

    def search(self, text: str, edition: str | int = codes.DEFAULT_EDITION,
               limit: int | None = codes.SEARCH_LIMIT) -> list[HsSearchHit]:
        """The codes whose descriptions match every word of TEXT, best first (at most LIMIT)."""
        from wco_cli.hscodes import search

        text_of("text", text, "words to look for in the descriptions")
        given = _edition_of(edition)
        limit = _limit_of(limit)  # a wrong limit is named before an unknown edition, as ever
        return cast("list[HsSearchHit]",
                    search.search(self.db.path, text, codes.normalize_edition(given), limit))

    def convert(self, code: str, to: str | int, edition: str | int = codes.DEFAULT_EDITION,
                limit: int | None = codes.DEFAULT_LIMIT, digits: int | None = None) -> Record:
        """The codes of TO (an edition, sitc3, sitc4, bec4) related to CODE of EDITION ("auto":
        the newest that has it; sitc3, sitc4 or bec4: convert_from), ranked (hscodes.convert)."""
        from wco_cli.hscodes import convert

        return convert.convert(self.db.path, code, _edition_of(to, "to"), _edition_of(edition),
                               _limit_of(limit), digits)

    def convert_from(self, code: str, classification: str, to: str | int = codes.DEFAULT_EDITION,
                     limit: int | None = codes.DEFAULT_LIMIT, digits: int | None = None
                     ) -> Record:
        """The HS codes of TO (an edition) related to CODE of CLASSIFICATION (sitc3, sitc4,
        bec4), ranked as convert's (hscodes.convert.convert_from); the same keys."""
        from wco_cli.hscodes import convert
        from wco_cli.hscodes.concordance import OTHERS

        source = convert.normalize_source(classification)
        if source is None:
            raise InvalidValue("classification", classification, "not SITC or BEC",
                               valid=OTHERS)
        return convert.convert_from(self.db.path, code, source, _edition_of(to, "to"),
                                    _limit_of(limit), digits)

    def batch(self, lines: Iterable[str | int | float | None],
              edition: str | int = codes.DEFAULT_EDITION, to: str | int | None = None,
              digits: int | None = None) -> Iterator[HsBatchRow]:
        """One row per item of LINES, in order (hscodes.batch): a line of text, or a value of a
        data frame's column: an int is read as its digits (a lost leading zero restored, said in
        the row's note), None or NaN is an invalid row noted "no value"."""
        from wco_cli.hscodes import batch

        rows = batch.batch(self.db.path, lines, str(_edition_of(edition)),
                           None if to is None else str(_edition_of(to, "to")), digits)
        return cast("Iterator[HsBatchRow]", rows)

    def own_problems(self) -> list[str]:
        """Every problem of the HS files (hscodes.validation), each naming its file."""
        from wco_cli.hscodes import validation

        return validation.problems(self.db.path)

    def all_codes(self) -> Iterator[tuple[str, str, str, str]]:
        """(edition, code, level, description) of every code, for the export: each edition's
        table read whole, as a lookup of every code would give them."""
        for edition in codes.EDITIONS:
            table = tables.edition_table(self.db.path, edition)
            for code, text in zip(table.codes, table.descriptions, strict=True):
                yield edition, code, codes.LEVELS[len(code)], text

    def export_tables(self) -> list[ExportTable]:
        """The 21 sections (`wco hs --json`), one row each."""
        return [ExportTable(self.name, self.list_rows(), tuple(self.main_view()), "section")]

    def extra_tables(self) -> Iterator[Table]:
        """Every code of every edition (hs_codes); UNSD's tables between editions
        (hs_conversions) and to SITC and BEC (hs_concordances), and their sources
        (hs_unsd_tables); SITC's and BEC's codes (hs_classification_codes)."""
        from wco_cli.hscodes import flat

        path = self.db.path
        yield _table("hs_codes", flat.CODE_COLUMNS, ("edition", "code"), flat.code_rows(path),
                     "Every code of every HS edition since 1992, with its parent.",
                     indexes=(("code",), ("edition", "parent")), search=("description",),
                     references=((("edition", "parent"), "hs_codes", ("edition", "code")),))
        yield _table("hs_conversions", flat.CONVERSION_COLUMNS, (),
                     flat.conversion_rows(path),
                     "UNSD's correlation tables between adjacent HS editions (1992-1996-...-"
                     "2022): a row per pair of related subheadings.",
                     indexes=(("older_edition", "older_code"), ("newer_edition", "newer_code")))
        yield _table("hs_concordances", flat.CONCORDANCE_COLUMNS, (),
                     flat.concordance_rows(path),
                     "UNSD's tables from HS editions to SITC Rev.3, SITC Rev.4 and BEC Rev.4: "
                     "a row per pair of related codes.",
                     indexes=(("newer_edition", "newer_code"), ("classification", "older_code")))
        yield _table("hs_unsd_tables", flat.UNSD_TABLE_COLUMNS, ("newer_edition", "older"),
                     flat.unsd_table_rows(path),
                     "Each of UNSD's tables in wco: the source of the rows of hs_conversions "
                     "and hs_concordances (by their two editions or classifications).")
        yield _table("hs_classification_codes", flat.CLASSIFICATION_COLUMNS,
                     ("classification", "code"), flat.classification_rows(path),
                     "The codes of SITC Rev.3, SITC Rev.4 and BEC Rev.4, with BEC's end use.",
                     search=("description",))


def _table(name: str, columns: tuple[tuple[str, str], ...], key: tuple[str, ...],
           rows: Iterable[tuple[Any, ...]], description: str, **more: Any) -> Table:
    """A Table of COLUMNS given as (definition, note) pairs."""
    return Table(name, tuple(c for c, _ in columns), key, rows, description=description,
                 notes={c.split()[0]: note for c, note in columns}, **more)


# Editions as given -> as named, for the few values a program passes: a lookup loop pays for
# reading its edition once, not on every code.
_EDITIONS: dict[str | int, str] = {}


def _edition(value: object) -> str:
    """The edition VALUE names ("2017" for 2017 or "HS2017"; "auto" kept for lookup), or
    InvalidValue."""
    # Exactly str or int: a bool or a subclass is judged every time.
    if isinstance(value, (str, int)) and type(value) in (str, int):
        known = _EDITIONS.get(value)
        if known is None:
            known = _read_edition(value)
            if len(_EDITIONS) < 64:
                _EDITIONS[value] = known
        return known
    return _read_edition(value)


def _read_edition(value: object) -> str:
    given = _edition_of(value)
    if isinstance(given, str) and given.strip().lower() == "auto":
        return "auto"
    return codes.normalize_edition(given)


def _edition_of(value: object, field: str = "edition") -> str | int:
    """An edition as hscodes.codes.normalize_edition takes it (it names what is valid): text or
    an int; anything else is refused here, since it would be read as its str()."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)
                                  and value.bit_length() <= 64):
        return value
    raise InvalidValue(field, value, f"must be an edition's year, as text or an int, not "
                                     f"{shown(value)}", codes.EDITIONS)


def _limit_of(value: object) -> int | None:
    """A limit of rows: None (all) or a whole number of 0 or more (True is not a number)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise InvalidValue("limit", value, f"must be a whole number of 0 or more, or None (all), "
                                       f"not {shown(value)}")


DATASET = HarmonizedSystem
