"""`wco export --sqlite FILE`: every dataset as a table of one SQLite file."""

import sys
from typing import Annotated

import typer

HELP = "Write every dataset into a SQLite file (for sqlite-utils, Datasette or SQL)."
EXAMPLES = """Examples:

  wco export --sqlite wco.db

  sqlite3 wco.db 'select name, joined from members order by joined limit 3'"""


def command(
    sqlite: Annotated[str, typer.Option(
        "--sqlite", metavar="FILE", help="The SQLite file to write (replaced if it exists).")],
) -> None:
    """Write every dataset into a SQLite file: one table per dataset, sources and references as
    foreign keys, lists as JSON text."""
    from wco_cli.export import export_sqlite
    from wco_cli.options import db

    counts = export_sqlite(db(), sqlite)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    sys.stdout.write(f"{sqlite}: {summary}\n")
