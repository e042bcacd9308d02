"""`wco offices`: the regional offices, today's or as they stood on a date."""

from typing import Annotated

import typer

from wco_cli.cli.options import AsOf, Region, complete, complete_enum, complete_member, db, ids_of
from wco_cli.cli.options import listing, prints
from wco_cli.cli.output import UNCERTAIN_MARK, Detail, Listing, rich_wanted

HELP = ("RILOs, ROCBs and RTCs: the WCO's regional offices (today's hosts unless --as-of), "
        "sorted by region, type and name.")
EXAMPLES = """Examples:

  wco offices --region africa --type rocb

  wco offices --as-of 2013 --json

  wco offices rilo-esa"""


@prints
def command(
    office: Annotated[list[str] | None, typer.Argument(
        metavar="[ID]", autocompletion=complete(ids_of("offices")),
        help="One office in full: every host with its period, and the sources.")] = None,
    region: Region = None,
    office_type: Annotated[str | None, typer.Option(
        "--type", "-t", metavar="TYPE", autocompletion=complete_enum("offices", "type"),
        help="rilo, rocb or rtc.")] = None,
    country: Annotated[str | None, typer.Option(
        "--country", "-c", metavar="COUNTRY", autocompletion=complete_member,
        help="Host country: a name or ISO code.")] = None,
    serving: Annotated[str | None, typer.Option(
        "--serving", metavar="MEMBER", autocompletion=complete_member,
        help="Offices serving a Member (name or ISO code): those a source says serve it, and "
             "the other offices of its region ('serves_basis' tells which).")] = None,
    as_of: AsOf = None,
) -> Listing | Detail:
    """List the regional offices, sorted by region (in 'wco regions' order), type (rilo, rocb,
    rtc) and name; with an ID, show one office in full ('wco offices show ID' works too)."""
    offices = db().offices
    if office:
        wanted = office[1:] if office[0] == "show" and len(office) == 2 else office
        if len(wanted) != 1:
            raise typer.BadParameter("give one office id", param_hint="ID")
        record = offices.detail(wanted[0])
        return Detail(record, record["name"])
    rows = offices.list_rows(region=region, type=office_type, country=country, serving=serving,
                             as_of=as_of)
    notes = []
    unsure = [row["id"] for row in rows if row["status"] != "in_force"]
    if unsure:
        # Uncertain rows come last, marked; the reason of each is in 'unconfirmed_reason'.
        notes.append(f"{UNCERTAIN_MARK} {len(rows) - len(unsure)} offices confirmed, "
                     f"{len(unsure)} uncertain {f'on {as_of}' if as_of else 'today'}: "
                     f"{', '.join(unsure)} (their founding date is a range or unknown; field "
                     "'status', reason in 'unconfirmed_reason').")
    if rich_wanted() and (region, country, serving) == (None, None, None):
        # Whole types can be compared with the fact file's RILO, ROCB and RTC counts. Notes show
        # only under a drawn table; otherwise facts.json is not even read.
        notes += offices.count_notes(as_of, type=office_type)
    title = "WCO regional offices" + (f" as of {as_of}" if as_of else "")
    return listing("offices", rows, title, notes=notes)
