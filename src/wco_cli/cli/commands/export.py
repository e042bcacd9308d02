"""`wco export --sqlite FILE`: every dataset as a table of one SQLite file."""

import sys
from typing import Annotated

import typer

EXAMPLES = """Examples:

  wco export --sqlite wco.db

  sqlite3 wco.db 'select name, joined from members order by joined limit 3'

The file is replaced only once the new one is complete and checked; a file that is not a
SQLite database is never replaced without --force, and a database another process has open is
waited for (--wait), then left alone."""


def command(
    sqlite: Annotated[str, typer.Option(
        "--sqlite", metavar="FILE",
        help="The SQLite file to write: created, or replaced once the new one is complete.")],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace FILE even if it exists and is not a SQLite database.")] = False,
    wait: Annotated[float, typer.Option(
        "--wait", metavar="SECONDS", min=0, max=3600,
        help="How long to wait for another process using FILE before giving up.")] = 10.0,
) -> None:
    """Write every dataset into a SQLite file: one table per dataset, sources and references as
    foreign keys, lists as JSON text."""
    from wco_cli.cli.options import db
    from wco_cli.export import export_sqlite

    counts = export_sqlite(db(), sqlite, force=force, wait=wait)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    sys.stdout.write(f"{sqlite}: {summary}\n")
