"""`wco facts`: the fact file, every value dated and sourced."""

import sys
from typing import Annotated

import typer

from wco_cli.cli.options import AsOf, complete, db, ids_of, listing, prints
from wco_cli.errors import UsageError
from wco_cli.cli.output import Chart, Listing

HELP = "The fact file: every value with its date and sources, as it stood on any date."
EXAMPLES = """Examples:

  wco facts --as-of 2013

  wco facts council_chair

  wco facts council_chair --as-of 2017-03 --fields value

  wco facts members --chart"""


def _keys_help() -> str:
    """KEY's help with every fact key of the bundled data, so the list cannot drift from it.

    Built at import, when the command is registered: Click needs plain text (a lazy string
    fails in its help formatter). Reading one small file is a small part of a `wco facts` run,
    which imports the store anyway (tests/test_startup.py and benchmarks/startup.py watch it)."""
    text = ("One fact: all its values over time (with --as-of, the value in force then). "
            "'wco facts --fields id,label' lists the keys with their labels")
    try:
        from wco_cli.store import bundled_dir, read_json

        keys = [record["id"] for record in read_json(bundled_dir() / "facts.json")]
    except Exception:  # noqa: BLE001 - help text must never stop the command from starting
        return text + "."
    return f"{text}; KEY is one of: {', '.join(keys)}."


@prints
def command(
    key: Annotated[str | None, typer.Argument(
        metavar="[KEY]", autocompletion=complete(ids_of("facts")),
        help=_keys_help())] = None,
    as_of: AsOf = None,
    chart: Annotated[bool, typer.Option(
        "--chart", help="With a numeric KEY: draw its values as bars (the series when piped).")
    ] = False,
) -> Listing | Chart:
    """The fact file: the newest value of each fact, with its date and sources."""
    facts = db().facts
    rows = facts.list_rows(key=key, as_of=as_of)
    if chart:
        numbers = [row for row in rows if isinstance(row["value"], int)]
        if key is None or not numbers:
            raise UsageError("--chart draws one fact whose values are numbers, e.g. "
                             "'wco facts members --chart'")
        return Chart([(r["as_of"], r["value"], r["sources"]) for r in numbers],
                     f"{numbers[0]['label']} by date")
    # A count's `list_note` (how it differs from its list) is a numbered note under the table.
    if key is None:
        return listing("facts", rows, "WCO fact file" + (f" as of {as_of}" if as_of else ""))
    label = rows[0]["label"] if rows else facts.lookup(key)["label"]
    if not rows and sys.stderr.isatty():
        sys.stderr.write(f"No source gives a value in force on {as_of}.\n")
    title = f"{label}: " + (f"as of {as_of}" if as_of else "every value by date and source")
    return listing("facts", rows, title)
