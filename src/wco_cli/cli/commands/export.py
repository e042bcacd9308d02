"""`wco export --sqlite FILE`: every dataset as tables of one SQLite file."""

import sys
from typing import Annotated

import typer

EXAMPLES = """Examples:

  wco export --sqlite wco.db --metadata wco.json

  sqlite3 wco.db "select name, country from offices where type = 'rilo'"

  datasette wco.db -m wco.json

Each dataset is a table with the columns of its --json rows, each list a child table (fact
values over time, office hosts, party counts, citations...), every reference a foreign key;
names, titles, descriptions and notes have full-text indexes (TABLE_fts), which Datasette
searches. The HS: every code of every edition (hs_codes), UNSD's tables between editions
(hs_conversions) and to SITC and BEC (hs_concordances).

The file is replaced only once the new one is complete and checked; a file that is not a
SQLite database is never replaced without --force, and a database another process has open is
waited for (--wait), then left alone."""


def command(
    sqlite: Annotated[str, typer.Option(
        "--sqlite", metavar="FILE",
        help="The SQLite file to write: created, or replaced once the new one is complete.")],
    metadata: Annotated[str | None, typer.Option(
        "--metadata", metavar="FILE",
        help="Also write Datasette's metadata (title, description, source and licence of the "
             "database and of each table) to this JSON file: datasette DB -m FILE.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE even if it exists and is not a SQLite database (or, for "
                        "--metadata, a JSON object).")] = False,
    wait: Annotated[float, typer.Option(
        "--wait", metavar="SECONDS", min=0, max=3600,
        help="How long to wait for another process using FILE before giving up.")] = 10.0,
) -> None:
    """Write every dataset into a SQLite file: a table per dataset view with the columns of its
    --json rows, a child table per list, foreign keys, full-text indexes, and the HS tables."""
    from wco_cli.cli.options import db
    from wco_cli.export import export_sqlite

    counts = export_sqlite(db(), sqlite, force=force, wait=wait, metadata=metadata)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    sys.stdout.write(f"{sqlite}: {summary}\n")
    if metadata is not None:
        sys.stdout.write(f"{metadata}: Datasette metadata of {len(counts)} tables\n")
