"""`wco members`: the Members, and one Member with the offices serving it."""

from typing import Annotated

import typer

from wco_cli.cli.options import AsOf, Region, complete_enum, complete_member, db, listing, prints
from wco_cli.cli.output import UNCERTAIN_MARK, Detail, Listing, rich_wanted
from wco_cli.errors import UsageError

HELP = ("WCO Members: name, ISO codes, region and date of membership, sorted by name "
        "(accents and articles ignored).")
EXAMPLES = """Examples:

  wco members kenya

  wco members --region esa --joined-since 2000

  wco members china --fields joined"""


@prints
def command(
    name: Annotated[str | None, typer.Argument(
        metavar="[NAME]", autocompletion=complete_member,
        help="One Member by name, alias or ISO code: its region and the offices serving it.")
    ] = None,
    region: Region = None,
    kind: Annotated[str | None, typer.Option(
        "--kind", metavar="KIND", autocompletion=complete_enum("members", "kind"),
        help="state, customs_territory or customs_union.")] = None,
    joined_before: Annotated[int | None, typer.Option(
        "--joined-before", metavar="YEAR",
        help="Members that joined before YEAR (in an earlier year); Members with no known date "
             "of membership are left out, and those whose date is a range unless all of it is "
             "earlier.")] = None,
    joined_since: Annotated[int | None, typer.Option(
        "--joined-since", metavar="YEAR",
        help="Members that joined in YEAR or later; Members with no known date of membership "
             "are left out, and those whose date is a range unless all of it is in YEAR or "
             "later.")] = None,
    with_eu: Annotated[bool, typer.Option(
        "--with-eu", help="Include the European Union (interim rights; not counted as a Member)."
    )] = False,
    as_of: AsOf = None,
) -> Listing | Detail:
    """List the Members, sorted by name (accents and articles ignored); with a NAME, show one."""
    members = db().members
    if name is not None:
        given = [flag for flag, value in (("--region", region), ("--kind", kind),
                 ("--joined-before", joined_before), ("--joined-since", joined_since),
                 ("--as-of", as_of)) if value is not None]
        if given:
            raise UsageError(f"{', '.join(given)} filter the list; they cannot be used with a "
                             "Member's NAME")
        record = members.detail(name)
        return Detail(record, f"{record['name']} ({record['region_name']})")
    rows = members.list_rows(region=region, kind=kind, joined_before=joined_before,
                             joined_since=joined_since, with_eu=with_eu, as_of=as_of)
    notes = []
    unsure = [row for row in rows if row["status"] != "in_force"]
    if unsure:
        # Uncertain rows come last, marked; say which and why (their date of membership).
        named = ", ".join(f"{row['name']} (joined {row['joined'] or 'unknown'})"
                          for row in unsure)
        notes.append(f"{UNCERTAIN_MARK} {len(rows) - len(unsure)} Members confirmed, "
                     f"{len(unsure)} uncertain {f'on {as_of}' if as_of else 'today'}: {named}")
    if rich_wanted() and (region, kind, joined_before, joined_since, with_eu) == (
            None, None, None, None, False):
        # The whole list can be compared with the fact file's Member count: say where they
        # differ. Notes show only under a drawn table; otherwise facts.json is not even read.
        notes += members.count_notes(as_of)
    return listing("members", rows, f"WCO Members ({len(rows)})", notes=notes)
