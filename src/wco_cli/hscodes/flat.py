"""The HS files as flat rows, for the SQLite export: every code of every edition, UNSD's tables
between editions, and its tables from the HS to SITC and BEC with those classifications' codes;
each of UNSD's tables once, with its source (the pairs name it by its two classifications).

Each is read whole by the bulk readers the lookups use (tables.edition_table, concordance.Table,
concordance.codes_of), never code by code.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from wco_cli.hscodes import concordance
from wco_cli.hscodes.codes import EDITIONS, LEVELS, dotted
from wco_cli.hscodes.tables import edition_table

# (column definition, what it holds): the columns of each table, in order.
CODE_COLUMNS = (
    ("edition TEXT NOT NULL", "the HS edition's year: 1992 ... 2022"),
    ("code TEXT NOT NULL", "digits only: 2 a chapter, 4 a heading, 6 a subheading"),
    ("code_dotted TEXT NOT NULL", "as printed: 0901.21"),
    ("level TEXT NOT NULL", "chapter, heading or subheading"),
    ("parent TEXT", "the code of the chapter or heading above it (null for a chapter)"),
    ("description TEXT NOT NULL", "UNSD's stand-alone descriptor, not the legal text"),
    ("description_truncated INTEGER NOT NULL", "1 where UNSD's text was cut (it ends with …)"),
)
LINK_COLUMNS = (
    ("relationship TEXT NOT NULL", "1:1, 1:n, n:1 or n:n, read from the newer (HS) code"),
    ("partial_newer INTEGER NOT NULL",
     "1: only part of the newer code's goods go to this code (it relates to several)"),
    ("partial_older INTEGER NOT NULL",
     "1: only part of the older code's goods come from the newer code (UNSD's ex)"),
    ("main INTEGER NOT NULL", "1: UNSD names this the newer code's main related code"),
    ("catch_all_newer INTEGER NOT NULL",
     "1: the newer code collects goods from five or more chapters"),
    ("catch_all_older INTEGER NOT NULL",
     "1: the older code collects goods from five or more chapters"),
)
CONVERSION_COLUMNS = (
    ("newer_edition TEXT NOT NULL", "the newer HS edition"),
    ("newer_code TEXT NOT NULL", "a subheading of the newer edition"),
    ("older_edition TEXT NOT NULL", "the older HS edition"),
    ("older_code TEXT NOT NULL", "a subheading of the older edition"),
    *LINK_COLUMNS,
)
CONCORDANCE_COLUMNS = (
    ("newer_edition TEXT NOT NULL", "the HS edition"),
    ("newer_code TEXT NOT NULL", "a subheading of that edition"),
    ("classification TEXT NOT NULL", "sitc3, sitc4 or bec4"),
    ("older_code TEXT NOT NULL", "the code of that classification"),
    *LINK_COLUMNS,
)
UNSD_TABLE_COLUMNS = (
    ("newer_edition TEXT NOT NULL", "the newer HS edition"),
    ("older TEXT NOT NULL", "the older HS edition, or sitc3, sitc4, bec4"),
    ("exported_as TEXT NOT NULL", "hs_conversions, hs_concordances, or none (a table between "
                                  "editions that are not adjacent, which `wco hs --to` uses)"),
    ("pairs INTEGER NOT NULL", "the pairs of related codes in UNSD's table"),
    ("source TEXT NOT NULL", "UNSD's table"),
)
CLASSIFICATION_COLUMNS = (
    ("classification TEXT NOT NULL", "sitc3, sitc4 or bec4"),
    ("name TEXT NOT NULL", "SITC Rev.3, SITC Rev.4 or BEC Rev.4"),
    ("code TEXT NOT NULL", "the code"),
    ("description TEXT NOT NULL", "UNSD's description"),
    ("end_use TEXT", "BEC's end use (capital, intermediate, consumption), else null"),
)


def code_rows(data_dir: Path) -> Iterator[tuple[Any, ...]]:
    """(edition, code, code_dotted, level, parent, description, truncated) of every code."""
    for edition in EDITIONS:
        table = edition_table(data_dir, edition)
        truncated = table.truncated
        for code, text in zip(table.codes, table.descriptions, strict=True):
            yield (edition, code, dotted(code), LEVELS[len(code)], code[:-2] or None, text,
                   int(code in truncated))


def _tables(data_dir: Path, hs_only: bool) -> Iterator[concordance.Table]:
    """UNSD's tables between adjacent HS editions (HS_ONLY), or from the HS to the others."""
    adjacent = {(newer, older) for older, newer in pairwise(EDITIONS)}
    for entry in concordance.manifest(data_dir)["tables"]:
        pair = (str(entry["newer"]), str(entry["older"]))
        if (pair in adjacent if hs_only else pair[1] in concordance.OTHERS):
            found = concordance.table(data_dir, *pair)
            if found is not None:
                yield found


def _pairs(table: concordance.Table) -> Iterator[tuple[Any, ...]]:
    """(newer edition, newer code, older edition or classification, older code, relationship,
    partial_newer, partial_older, main, catch_all_newer, catch_all_older) of each pair of
    TABLE."""
    newer_side, older_side = table.newer, table.older
    main, catch_newer, catch_older = table.main, table.catch_newer, table.catch_older
    for newer, related in table.down.items():
        several = int(len(related) > 1)
        caught = int(newer in catch_newer)
        chosen = main.get(newer)
        for older, relationship, ex in related:
            yield (newer_side, newer, older_side, older, relationship, several, int(ex),
                   int(chosen == older), caught, int(older in catch_older))


def conversion_rows(data_dir: Path) -> Iterator[tuple[Any, ...]]:
    """Every pair of UNSD's tables between adjacent HS editions (CONVERSION_COLUMNS)."""
    for table in _tables(data_dir, hs_only=True):
        yield from _pairs(table)


def concordance_rows(data_dir: Path) -> Iterator[tuple[Any, ...]]:
    """Every pair of UNSD's tables from an HS edition to SITC or BEC (CONCORDANCE_COLUMNS)."""
    for table in _tables(data_dir, hs_only=False):
        yield from _pairs(table)


def unsd_table_rows(data_dir: Path) -> Iterator[tuple[Any, ...]]:
    """Each of UNSD's tables in the HS files (UNSD_TABLE_COLUMNS)."""
    adjacent = {(newer, older) for older, newer in pairwise(EDITIONS)}
    for entry in concordance.manifest(data_dir)["tables"]:
        pair = (str(entry["newer"]), str(entry["older"]))
        exported = ("hs_conversions" if pair in adjacent else
                    "hs_concordances" if pair[1] in concordance.OTHERS else "none")
        yield (*pair, exported, int(entry["pairs"]), str(entry["source"]))


def classification_rows(data_dir: Path) -> Iterator[tuple[Any, ...]]:
    """Every code of SITC Rev.3, SITC Rev.4 and BEC Rev.4 (CLASSIFICATION_COLUMNS)."""
    for classification, name in concordance.OTHERS.items():
        for code, text in concordance.codes_of(data_dir, classification).items():
            use = concordance.end_use(data_dir, code) if classification == "bec4" else None
            yield classification, name, code, text, use
