"""`wco schema`: the JSON Schema of a command's --json output, list or detail view."""

from typing import Annotated

import typer

from wco_cli.cli.options import complete, completed

EXAMPLES = """Examples:

  wco schema offices

  wco schema members --detail"""


def _views() -> list[str]:
    """Every view, list and detail (completion: --detail may come after the view)."""
    from wco_cli import schema as schemas

    return list(dict.fromkeys([*schemas.view_names(), *schemas.view_names(detail=True)]))


def command(
    view: Annotated[str, typer.Argument(
        metavar="VIEW", click_type=completed(complete(_views)),
        help="A list view (see 'wco schema --list'), e.g. offices, goal_sets.")
    ] = "",
    detail: Annotated[bool, typer.Option(
        "--detail", help="The detail view of one record ('wco members NAME --json').")] = False,
    list_views: Annotated[bool, typer.Option("--list", help="List the views.")] = False,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's --json output."""
    import sys

    from wco_cli import schema as schemas
    from wco_cli.cli.output import write_json

    if list_views or not view:
        sys.stdout.write("\n".join(schemas.view_names(detail=detail)) + "\n")
        return
    write_json(schemas.for_view(view, detail=detail), always_indent=True)
