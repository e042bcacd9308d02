"""What the SQLite export writes: every table, as a Sheet (columns, keys, indexes, full-text
columns, rows), made from what the datasets give, and the Datasette metadata describing them.

A dataset's tables are its views' rows as `wco NAME --json` prints them (Dataset.export_tables):
a column per --json key, a list or object kept there as JSON text. Each list of a row with a key
also becomes a child table: `sources` (or a list `X_sources`) a link table to `sources`; a list
of objects a table with a row per item (`NOUN_id`, its parent's id, `position`, the item's
fields), whose own `sources` are linked in turn; a list of names a row per name. Every
reference is a foreign key, and every foreign key column is indexed. Names, titles,
descriptions and notes get a full-text index `TABLE_fts` (FTS5, `content="TABLE"`), which
Datasette finds and searches. The HS tables are the HS dataset's extra_tables().
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wco_cli.datasets.base import Dataset, ExportTable, Row, Table
    from wco_cli.store import Database

# Columns with words worth a full-text index, when a table has them.
SEARCHED = ("name", "short_name", "label", "title", "holder", "description", "purpose", "note",
            "location")
# The column of a child table holding one item of a list of names, and what it references.
ITEM_COLUMNS = {"aliases": ("alias", None), "serves": ("member_id", "members")}
SQL_TYPES = {"int": "INTEGER", "bool": "INTEGER", "number": "REAL", "value": ""}
# Where the rows come from: (source, source_url, license, license_url) for Datasette.
ORIGINS = {
    "wco": ("The World Customs Organization and the public pages and documents each record "
            "cites (see the sources table)", "https://www.wcoomd.org/",
            "Facts with their sources; the compilation is MIT-licensed (see DATA-NOTICE.md)",
            "https://opensource.org/license/mit"),
    "unsd": ("UN Statistics Division: HS descriptors, correlation and conversion tables, SITC "
             "and BEC", "https://unstats.un.org/unsd/classifications/Econ",
             "UN data published for reuse with attribution to the UN Statistics Division",
             "https://www.un.org/en/about-us/terms-of-use"),
    "sections": ("datasets/harmonized-system (the titles of the 21 HS sections)",
                 "https://github.com/datasets/harmonized-system",
                 "ODC-PDDL-1.0 (public domain dedication)",
                 "https://opendatacommons.org/licenses/pddl/1-0/"),
}


class Sheet:
    """One table of the export: COLUMNS are SQL column definitions ('"name" TEXT'), NAMES
    their names; REFERENCES (columns, table, columns there) become foreign keys; INDEXES are
    made after the rows are in, SEARCH the columns of its full-text index. ORIGIN keys
    ORIGINS; DESCRIPTION and NOTES (column -> text) are for Datasette's metadata."""

    __slots__ = ("name", "columns", "names", "primary_key", "references", "indexes", "search",
                 "rows", "origin", "description", "notes")

    def __init__(self, name: str, columns: list[tuple[str, str]], rows: Iterable[tuple[Any, ...]],
                 primary_key: tuple[str, ...] = (), origin: str = "wco",
                 description: str = "") -> None:
        self.name = name
        self.names = [column for column, _ in columns]
        self.columns = [f'"{column}" {kind}'.rstrip() for column, kind in columns]
        self.rows, self.primary_key, self.origin = rows, primary_key, origin
        self.references: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = []
        self.indexes: list[tuple[str, ...]] = []
        self.search: tuple[str, ...] = ()
        self.description = description
        self.notes: dict[str, str] = {}

    def refer(self, column: str, table: str, to: str = "id") -> None:
        """COLUMN holds the TO of a row of TABLE: a foreign key, and an index on it."""
        self.references.append(((column,), table, (to,)))
        if self.primary_key != (column,):
            self.indexes.append((column,))


def sheets(db: Database) -> list[Sheet]:
    """Every table of the export, in registry order, each dataset's tables before its extra
    tables."""
    found: list[Sheet] = []
    for dataset in db.datasets():
        for table in dataset.export_tables():
            found += _view_sheets(dataset, table)
        found += [_extra_sheet(table, dataset.name) for table in dataset.extra_tables()]
    return found


# ---- a dataset's views ---------------------------------------------------------------------------

def _view_sheets(dataset: Dataset, table: ExportTable) -> Iterator[Sheet]:
    """TABLE's sheet, then a child sheet per list of its rows."""
    spec = dataset.views.get(table.name, {})
    rows = table.rows
    listed = [c for c in table.columns if (c in spec and _is_list(spec[c]))
              or any(isinstance(row[c], (list, dict)) for row in rows)]
    columns = [(c, "TEXT" if c in listed else _sql_type(spec.get(c), (r[c] for r in rows)))
               for c in table.columns]
    if table.key is not None:
        columns = [(c, f"{kind} NOT NULL PRIMARY KEY" if c == table.key else kind)
                   for c, kind in columns]
    sheet = Sheet(table.name, columns, [tuple(_value(row[c]) for c in table.columns)
                                        for row in rows],
                  origin="sections" if dataset.name == "hs" else "wco",
                  description=_description(dataset, table))
    for column in table.columns:
        code = dataset.record_spec.get(column)
        if column != table.key and isinstance(code, str) and code.startswith("ref:"):
            sheet.refer(column, code[4:].rstrip("?*"))
    if table.parent is not None:
        sheet.refer(*table.parent)
    sheet.search = tuple(c for c in SEARCHED if c in table.columns and c not in listed)
    sheet.notes = dict(dataset.key_notes.get(table.name, {}))
    yield sheet
    if table.key is None:
        return  # its lists stay JSON text: no column names a row for a child to refer to
    noun = table.noun or table.name.removesuffix("s")
    lists = {c: {row[table.key]: row[c] for row in rows} for c in listed}
    lists.update(table.lists)
    for field, by_key in lists.items():
        child = table.names.get(field, f"{table.name}_{field}")
        for sheet in _child_sheets(child, field, (table.name, table.key), f"{noun}_id", by_key):
            if sheet.name == child and field in table.about:
                sheet.description = table.about[field]
            yield sheet


def _description(dataset: Dataset, table: ExportTable) -> str:
    if table.name in dataset.views:
        command = " ".join(dataset.command_of(table.name))
        return f"{dataset.summary} Columns as `wco {command} --json` prints them."
    return f"Each record of `wco {dataset.name}` once, with its own fields."


def _child_sheets(name: str, field: str, of: tuple[str, str], parent_column: str,
                  by_key: dict[str, Any]) -> Iterator[Sheet]:
    """The table of the lists FIELD of the rows of the table OF (its name and key; BY_KEY:
    the key -> the list), and the link tables of its items' sources."""
    parent, key = of
    if field == "sources" or field.endswith("_sources"):
        yield _links(name, of, parent_column, by_key.items())
        return
    items = [(key, position, item) for key, found in by_key.items()
             for position, item in enumerate(_listed(found), 1)]
    if not any(isinstance(item, dict) for _, _, item in items):
        column, target = ITEM_COLUMNS.get(field, ("value", None))
        sheet = Sheet(name, [(parent_column, "TEXT NOT NULL"), ("position", "INTEGER NOT NULL"),
                             (column, _sql_type(None, (i for _, _, i in items)))],
                      [(key, position, item) for key, position, item in items],
                      (parent_column, "position"),
                      description=f"The {field} of each row of {parent}, in order.")
        sheet.notes = {parent_column: f"the row of {parent} (its {key})",
                       "position": "1 for the list's first item"}
        sheet.refer(parent_column, parent, key)
        if target is not None:
            sheet.refer(column, target)
        yield sheet
        return
    noun = name.removeprefix(parent + "_").removesuffix("s")
    fields = list(dict.fromkeys(f for _, _, item in items for f in item))
    listed = [f for f in fields if any(isinstance(i.get(f), (list, dict)) for _, _, i in items)]
    columns = [(f"{noun}_id", "INTEGER PRIMARY KEY"), (parent_column, "TEXT NOT NULL"),
               ("position", "INTEGER NOT NULL"),
               *[(f, "TEXT" if f in listed else _sql_type(None, (i.get(f) for _, _, i in items)))
                 for f in fields]]
    sheet = Sheet(name, columns, [(number, key, position, *[_value(item.get(f)) for f in fields])
                                  for number, (key, position, item) in enumerate(items, 1)],
                  description=f"The {field.replace('_', ' ')} of each row of {parent}, one row "
                              f"each, in order.")
    sheet.notes = {f"{noun}_id": "numbers each row", parent_column: f"the row of {parent} "
                   f"(its {key})", "position": "1 for the list's first item"}
    sheet.refer(parent_column, parent, key)
    yield sheet
    for f in listed:
        if f == "sources" or f.endswith("_sources"):
            yield _links(f"{name}_{f}", (name, f"{noun}_id"), f"{noun}_id",
                         [(number, item.get(f)) for number, (_, _, item) in
                          enumerate(items, 1)], key_type="INTEGER")


def _links(name: str, of: tuple[str, str], parent_column: str, pairs: Iterable[tuple[Any, Any]],
           key_type: str = "TEXT") -> Sheet:
    """The link table NAME: a row per (row of the table OF, its name and key; a source it
    cites), each once."""
    parent, key = of
    rows = [(key, source) for key, found in pairs
            for source in dict.fromkeys(_source_id(s) for s in _listed(found))]
    sheet = Sheet(name, [(parent_column, f"{key_type} NOT NULL"), ("source_id", "TEXT NOT NULL")],
                  rows, (parent_column, "source_id"),
                  description=f"The sources each row of {parent} cites.")
    sheet.notes = {parent_column: f"the row of {parent} (its {key})",
                   "source_id": "the source it cites (sources.id)"}
    sheet.refer(parent_column, parent, key)
    sheet.refer("source_id", "sources")
    return sheet


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value.values()) if isinstance(value, dict) else list(value)


def _source_id(source: Any) -> Any:
    """A source id, from an id or a source's brief (a detail view's `sources`)."""
    return source["id"] if isinstance(source, dict) else source


# ---- values -----------------------------------------------------------------------------------

def _is_list(code: Any) -> bool:
    return not isinstance(code, str) or code.startswith("[")


def _sql_type(code: Any, values: Iterable[Any]) -> str:
    """The column type of a spec CODE ('int?'), else of VALUES: none where they are of several
    kinds (a fact's value: a number or text), so that each is kept as it is."""
    if isinstance(code, str):
        return SQL_TYPES.get(code.rstrip("?*"), "TEXT")
    kinds = {"INTEGER" if isinstance(value, (bool, int)) else
             "REAL" if isinstance(value, float) else "TEXT"
             for value in values if value is not None}
    return kinds.pop() if len(kinds) == 1 else "" if kinds else "TEXT"


def _value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


# ---- extra tables and metadata ----------------------------------------------------------------

def _extra_sheet(table: Table, dataset: str) -> Sheet:
    """A dataset's extra table (such as hs_codes) as a Sheet."""
    columns = [(c.split()[0], c.split(None, 1)[1] if " " in c else "") for c in table.columns]
    sheet = Sheet(table.name, columns, table.rows, table.primary_key,
                  origin="unsd" if dataset == "hs" else "wco", description=table.description)
    sheet.references = list(table.references)
    sheet.indexes = list(table.indexes)
    sheet.search = table.search
    sheet.notes = dict(table.notes)
    return sheet


def metadata(found: list[Sheet], database: str, title: str, reviewed: str) -> dict[str, Any]:
    """Datasette's metadata for the database DATABASE (its file name without .db) holding
    FOUND: title, description, source and licence for it and for each table."""
    from wco_cli import __version__

    source, source_url, _, _ = ORIGINS["wco"]
    tables: dict[str, Row] = {}
    for sheet in found:
        origin = ORIGINS[sheet.origin]
        entry: Row = {"description": sheet.description, "source": origin[0],
                      "source_url": origin[1], "license": origin[2], "license_url": origin[3]}
        if sheet.notes:
            entry["columns"] = {c: note for c, note in sheet.notes.items() if c in sheet.names}
        tables[sheet.name] = entry
    return {
        "title": title,
        "description": f"Every dataset of wco {__version__} (data reviewed {reviewed}): the "
                       "WCO's Members, regions, regional offices, fact file, goals, history, "
                       "Council, instruments and sources, and every code of the Harmonized "
                       "System since 1992 with UNSD's conversion tables. Cite a record's own "
                       "sources, not wco.",
        "source": f"{source}; HS: {ORIGINS['unsd'][0]}",
        "source_url": source_url,
        "license": "MIT (the compilation and code); each upstream's terms in DATA-NOTICE.md",
        "license_url": ORIGINS["wco"][3],
        "databases": {database: {"title": title, "tables": tables}},
    }
