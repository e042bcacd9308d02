"""`wco instruments`: the WCO's conventions, standards and declarations."""

from typing import Annotated

import typer

from wco_cli.cli.options import AsOf, complete, complete_enum, db, ids_of, listing, prints
from wco_cli.cli.output import UNCERTAIN_MARK, Chart, Detail, Listing

HELP = "The WCO's conventions, standards and declarations, with dated counts of their parties."
EXAMPLES = """Examples:

  wco instruments

  wco instruments rkc

  wco instruments hs-convention --chart

  wco instruments --as-of 2000"""


@prints
def command(
    instrument: Annotated[str | None, typer.Argument(
        metavar="[ID]", autocompletion=complete(ids_of("instruments")),
        help="One instrument in full, with every dated count of Contracting Parties.")] = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", metavar="KIND", autocompletion=complete_enum("instruments", "kind"),
        help="convention, protocol, standard, framework, declaration, recommendation or "
             "agreement.")] = None,
    as_of: AsOf = None,
    chart: Annotated[bool, typer.Option(
        "--chart", help="With an ID: draw its party counts as bars (the series when piped).")
    ] = False,
) -> Listing | Detail | Chart:
    """The catalogue of instruments (as it stood on --as-of: those adopted by then, each count
    as known then); with an ID, one instrument in full."""
    instruments = db().instruments
    if instrument is None:
        if chart:
            raise typer.BadParameter("--chart draws one instrument's counts; give an ID",
                                     param_hint="--chart")
        rows = instruments.list_rows(kind=kind, as_of=as_of)
        unsure = [row["id"] for row in rows if row["status"] != "in_force"]
        notes = [f"{UNCERTAIN_MARK} {len(rows) - len(unsure)} instruments confirmed, "
                 f"{len(unsure)} uncertain {f'on {as_of}' if as_of else 'today'}: "
                 f"{', '.join(unsure)} (adoption date a range or unknown; field 'status')."
                 ] if unsure else []
        return listing("instruments", rows,
                       "WCO instruments" + (f" as of {as_of}" if as_of else ""), notes=notes)
    record = instruments.detail(instrument)
    if chart:
        points = [(c["as_of"], c["count"], c["sources"]) for c in record["party_counts"]]
        return Chart(points, f"{record['short_name']}: Contracting Parties")
    return Detail(record, record["short_name"])
