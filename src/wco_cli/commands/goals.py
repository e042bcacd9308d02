"""`wco goals`: named sets of goals and their items."""

from typing import Annotated

import typer

from wco_cli.errors import UsageError
from wco_cli.options import complete, db, ids_of, listing, prints
from wco_cli.output import Listing

HELP = "Strategic goals, objectives, functions, Packages and plans, by named set."
EXAMPLES = """Examples:

  wco goals --list-sets

  wco goals --set packages"""


@prints
def command(
    set_name: Annotated[str | None, typer.Option(
        "--set", "-s", metavar="SET", autocompletion=complete(ids_of("goals")),
        help="One set of goals, by id or name (see --list-sets).")] = None,
    list_sets: Annotated[bool, typer.Option(
        "--list-sets", help="List the sets of goals instead of their items.")] = False,
) -> Listing:
    """Strategic goals, objectives, functions, Packages and plans, by named set."""
    goals = db().goals
    if list_sets:
        if set_name is not None:
            raise UsageError("--list-sets lists every set; it cannot be used with --set")
        return listing("goals", goals.set_rows(), "Sets of goals", view="goal_sets")
    return listing("goals", goals.list_rows(set=set_name), "WCO goals")
