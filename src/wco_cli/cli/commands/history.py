"""`wco history`: the dated timeline."""

from typing import Annotated

import typer

from wco_cli.cli.options import complete_enum, db, listing, prints
from wco_cli.cli.output import Listing

HELP = "The dated timeline, oldest first."
EXAMPLES = """Examples:

  wco history --since 2023

  wco history --category leadership,membership --since 2016

  wco history --grep 2017-02"""


@prints
def command(
    since: Annotated[int | None, typer.Option(
        "--since", metavar="YEAR", help="From this year on (included).")] = None,
    until: Annotated[int | None, typer.Option(
        "--until", metavar="YEAR", help="Up to this year (included).")] = None,
    grep: Annotated[str | None, typer.Option(
        "--grep", "-g", metavar="TEXT",
        help="Only events mentioning every word of TEXT (case and accents ignored); a date "
             "such as 2019 or 2017-02 also matches the events of that date.")] = None,
    category: Annotated[list[str] | None, typer.Option(
        "--category", metavar="CAT", autocompletion=complete_enum("history", "category"),
        help="Only events of this category: founding, convention, instrument, membership, "
             "leadership, network, plan, partnership or milestone. Repeat it or separate "
             "several with commas.")] = None,
) -> Listing:
    """The dated timeline, oldest first."""
    rows = db().history.list_rows(since=since, until=until, grep=grep, category=category)
    return listing("history", rows, "WCO history")
