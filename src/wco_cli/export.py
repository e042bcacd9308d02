"""Every dataset of a Database into one SQLite file, with the standard library's sqlite3.

Each dataset is a table named after it, with a column per top-level field. A field that refers
to another dataset (`ref:X`) is a foreign key; a list of source ids becomes a link table
`NAME_sources (record_id, source_id)`; other lists and objects are stored as JSON text.
"""

from __future__ import annotations

import json
import os
import sqlite3
from typing import TYPE_CHECKING, Any

from wco_cli.errors import InvalidValue

if TYPE_CHECKING:
    from wco_cli.store import Database

SQL_TYPES = {"int": "INTEGER", "bool": "INTEGER"}


def _column(field: str, code: Any) -> tuple[str, str | None]:
    """(column definition, referenced table or None)."""
    if not isinstance(code, str) or code.startswith("["):
        return f'"{field}" TEXT', None
    base = code.rstrip("?")
    sql_type = SQL_TYPES.get(base, "TEXT")
    not_null = "" if code.endswith("?") else " NOT NULL"
    primary = " PRIMARY KEY" if field == "id" else ""
    target = base[4:] if base.startswith("ref:") else None
    return f'"{field}" {sql_type}{not_null}{primary}', target


def _value(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def export_sqlite(db: Database, path: str) -> dict[str, int]:
    """Write every dataset of DB into the SQLite file PATH (replaced); the row count of each."""
    if not path.strip():
        raise InvalidValue("sqlite", path, "an empty value names no file")
    if os.path.exists(path):
        os.remove(path)
    connection = sqlite3.connect(path, isolation_level=None)
    counts: dict[str, int] = {}
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        # Checked at COMMIT: an instrument may name one listed after it (superseded_by).
        connection.execute("PRAGMA defer_foreign_keys = ON")
        for dataset in db.datasets():
            counts[dataset.name] = _write(connection, dataset.name, dataset.record_spec,
                                          dataset.records)
            if dataset.name == "hs":
                codes = dataset.all_codes()  # type: ignore[attr-defined]
                counts["hs_codes"] = _write_codes(connection, codes)
        connection.execute("COMMIT")
    finally:
        connection.close()
    return counts


def _write_codes(connection: sqlite3.Connection, rows: Any) -> int:
    """Every code of every HS edition: (edition, code, level, description)."""
    connection.execute('CREATE TABLE "hs_codes" (edition TEXT NOT NULL, code TEXT NOT NULL, '
                       'level TEXT NOT NULL, description TEXT NOT NULL, '
                       'PRIMARY KEY (edition, code))')
    before = connection.total_changes
    connection.executemany('INSERT INTO "hs_codes" VALUES (?, ?, ?, ?)', rows)
    return connection.total_changes - before


def _write(connection: sqlite3.Connection, name: str, spec: dict[str, Any],
           records: list[dict[str, Any]]) -> int:
    columns, keys = [], []
    for field, code in spec.items():
        column, target = _column(field, code)
        columns.append(column)
        if target:
            keys.append(f'FOREIGN KEY ("{field}") REFERENCES "{target}" (id)')
    connection.execute(f'CREATE TABLE "{name}" ({", ".join(columns + keys)})')
    fields = list(spec)
    marks = ", ".join("?" for _ in fields)
    quoted = ", ".join(f'"{field}"' for field in fields)
    connection.executemany(
        f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})',
        [[_value(record.get(field)) for field in fields] for record in records])
    if spec.get("sources") == "[ref:sources]" and name != "sources":
        connection.execute(
            f'CREATE TABLE "{name}_sources" (record_id TEXT NOT NULL REFERENCES "{name}" (id), '
            'source_id TEXT NOT NULL REFERENCES "sources" (id), '
            'PRIMARY KEY (record_id, source_id))')
        connection.executemany(
            f'INSERT INTO "{name}_sources" VALUES (?, ?)',
            [(record["id"], source) for record in records
             for source in dict.fromkeys(record["sources"])])
    return len(records)
