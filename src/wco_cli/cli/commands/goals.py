"""`wco goals`: named sets of goals and their items."""

import sys
from typing import Annotated

import typer

from wco_cli.errors import UsageError
from wco_cli.cli.options import complete, db, ids_of, listing, prints
from wco_cli.cli.output import Listing, rich_wanted

HELP = ("Strategic goals, objectives, functions, Packages and plans, by named set; "
        "'--set latest' is the newest Strategic Plan.")
EXAMPLES = """Examples:

  wco goals --list-sets

  wco goals --set packages

  wco goals --set latest"""


def _set_names() -> list[str]:
    return [*ids_of("goals")(), "latest"]


@prints
def command(
    set_name: Annotated[str | None, typer.Option(
        "--set", "-s", metavar="SET", autocompletion=complete(_set_names),
        help="One set of goals, by id or name (see --list-sets). 'latest' is the Strategic Plan "
             "with the newest date; where its goals are not known, a note under the table says "
             "what is known and which plan's goals are the newest known.")] = None,
    list_sets: Annotated[bool, typer.Option(
        "--list-sets", help="List the sets of goals instead of their items.")] = False,
) -> Listing:
    """Strategic goals, objectives, functions, Packages and plans, by named set."""
    goals = db().goals
    if list_sets:
        if set_name is not None:
            raise UsageError("--list-sets lists every set; it cannot be used with --set")
        return listing("goals", goals.set_rows(), "Sets of goals", view="goal_sets")
    rows = goals.list_rows(set=set_name)
    notes = goals.notes(set=set_name)
    title = "WCO goals"
    if rows and set_name is not None and set_name.strip().casefold() == "latest":
        latest = goals.latest_plan()
        if latest is not None:
            title = f"WCO goals: {latest['name']}, the latest Strategic Plan ({latest['as_of']})"
    if not rows and notes and sys.stderr.isatty() and not rich_wanted():
        # No table to carry the notes (piped or a data format): a person still learns why the
        # list is empty, on stderr so that the data on stdout stays clean.
        from wco_cli.text import escape_controls

        sys.stderr.write("".join(escape_controls(note) + "\n" for note in notes))
    return listing("goals", rows, title, notes=notes)
