"""`wco regions`: the six regions with their counts, or one region in full."""

from typing import Annotated

import typer

from wco_cli.cli.options import AsOf, complete_region, db, listing, prints
from wco_cli.cli.output import Detail, Listing

HELP = "The six WCO regions with their Member and office counts."
EXAMPLES = """Examples:

  wco regions

  wco regions --as-of 2013

  wco regions esa --json"""


@prints
def command(
    region: Annotated[str | None, typer.Argument(
        metavar="[REGION]", autocompletion=complete_region,
        help="One region in full: its Members and offices.")] = None,
    as_of: AsOf = None,
) -> Listing | Detail:
    """The six WCO regions with their Member and office counts (on --as-of, today by default)."""
    regions = db().regions
    if region is not None:
        record = regions.detail(region)
        return Detail(record, record["name"])
    return listing("regions", regions.list_rows(as_of=as_of),
                   "WCO regions" + (f" as of {as_of}" if as_of else ""))
