"""`wco sources`: every source and what cites it."""

from typing import Annotated

import typer

from wco_cli.cli.options import complete, complete_enum, db, ids_of, listing, prints
from wco_cli.cli.output import Detail, Listing

HELP = "Every source, with the records that cite it."
EXAMPLES = """Examples:

  wco sources --kind seed

  wco sources --grade copy

  wco sources seed-004 --json"""


@prints
def command(
    source: Annotated[str | None, typer.Argument(
        metavar="[ID]", autocompletion=complete(ids_of("sources")),
        help="One source in full, with every record citing it.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", metavar="KIND", autocompletion=complete_enum("sources", "kind"),
        help="seed or web.")] = None,
    grade: Annotated[str | None, typer.Option(
        "--grade", metavar="GRADE", autocompletion=complete_enum("sources", "grade"),
        help="Who published it: seed, wco, member, intergovernmental, press, reference or copy."
    )] = None,
) -> Listing | Detail:
    """Every source, with the records that cite it."""
    sources = db().sources
    if source is not None:
        record = sources.detail(source)
        return Detail(record, record["title"])
    return listing("sources", sources.list_rows(kind=kind, grade=grade), "Sources")
