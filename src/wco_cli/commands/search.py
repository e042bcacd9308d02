"""`wco search`: one ranked list across every searchable dataset."""

from typing import Annotated

import typer

from wco_cli.options import db, prints
from wco_cli.output import Listing

HELP = "Search offices, regions, Members, facts, goals and history at once, best match first."
EXAMPLES = """Examples:

  wco search training hungary

  wco search mikuriya --kind event"""

SEARCH_VIEW = {"kind": "str", "id": "str", "title": "str", "snippet": "str", "score": "int"}
SEARCH_COLUMNS = ("kind", "id", "title", "snippet")


@prints
def command(
    words: Annotated[list[str], typer.Argument(
        metavar="WORDS...",
        help="Words to look for; all are required; case, accents and small typos are forgiven.")],
    kind: Annotated[str | None, typer.Option(
        "--kind", "-k", metavar="KIND",
        help="office, region, member, fact, goal or event.")] = None,
) -> Listing:
    """Search offices, regions, Members, facts, goals and history at once, best match first."""
    text = " ".join(words)
    return Listing(list(SEARCH_VIEW), SEARCH_COLUMNS, db().search(text, kind),
                   f"Search: {text[:40]}")
