"""`wco history`: the dated timeline."""

from typing import Annotated

import typer

from wco_cli.options import db, listing, prints
from wco_cli.output import Listing

HELP = "The dated timeline, oldest first."
EXAMPLES = """Examples:

  wco history --since 2023

  wco history --grep rilo"""


@prints
def command(
    since: Annotated[int | None, typer.Option(
        "--since", metavar="YEAR", help="From this year on (included).")] = None,
    until: Annotated[int | None, typer.Option(
        "--until", metavar="YEAR", help="Up to this year (included).")] = None,
    grep: Annotated[str | None, typer.Option(
        "--grep", "-g", metavar="TEXT", help="Only events mentioning every word of TEXT.")] = None,
) -> Listing:
    """The dated timeline, oldest first."""
    rows = db().history.list_rows(since=since, until=until, grep=grep)
    return listing("history", rows, "WCO history")
