"""The `wco` command: options and sub-commands, one output path and one error boundary.

Each command only gathers records and calls a query; it returns a Listing or a Detail, which
`output.emit` prints in the format asked for. `WcoGroup.main` is the single place where errors
become a one-line message on stderr and an exit code.
"""

import functools
import inspect
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from wco_cli import __version__, data, query
from wco_cli.errors import EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE, WcoError
from wco_cli.models import MEMBER_KINDS, OFFICE_TYPES
from wco_cli.output import Detail, Listing, OutputOptions, choose_format, emit

EXIT_CODES = (
    "Exit status: 0 success (an empty result is a success too); "
    "1 a named thing (an office, member, region or fact) was not found; "
    "2 usage error (a bad option or value) or unusable data files."
)


class WcoGroup(TyperGroup):
    """Runs the command and turns every failure into one stderr line and an exit status."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        def run() -> Any:
            return super(WcoGroup, self).main(args=args, prog_name=prog_name or "wco", complete_var=complete_var,
                                             standalone_mode=False, **extra)

        code = run_guarded(run)
        if standalone_mode:
            sys.exit(code)
        return code


def run_guarded(run: Callable[[], Any]) -> int:
    try:
        result = run()
        sys.stdout.flush()
        return result if isinstance(result, int) else EXIT_OK
    except WcoError as error:
        return fail(f"wco: {error}", error.exit_code)
    except click_exceptions.NoArgsIsHelpError as error:
        sys.stdout.write(error.format_message())  # `wco` alone: the help has been shown
        return EXIT_OK
    except click_exceptions.UsageError as error:
        command = error.ctx.command_path if error.ctx else "wco"
        return fail(f"{command}: {error.format_message()} (see '{command} --help')", EXIT_USAGE)
    except click_exceptions.ClickException as error:
        return fail(f"wco: {error.format_message()}", error.exit_code)
    except typer.Abort:
        return fail("wco: aborted", EXIT_NOT_FOUND)
    except BrokenPipeError:
        return silence_stdout()
    except KeyboardInterrupt:
        return 130


def silence_stdout() -> int:
    """The reader went away (`wco history | head -1`): stop quietly, and keep Python from
    complaining when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def fail(message: str, code: int) -> int:
    sys.stderr.write(" ".join(message.split()) + "\n")
    return code


app = typer.Typer(
    cls=WcoGroup,
    name="wco",
    help="Look up the World Customs Organization: offices, Members, regions, facts, goals, history. "
         "Every record carries its sources and an as-of date.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
offices_app = typer.Typer(cls=TyperGroup, invoke_without_command=True, no_args_is_help=False)
app.add_typer(offices_app, name="offices", help="RILOs, ROCBs and RTCs: the WCO's regional offices (today's hosts unless --as-of).")


# ---- completion of option values (data is loaded only when the shell asks) -------------------

def _complete(values: Callable[[], list[str]]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        wanted = incomplete.casefold()
        return [value for value in values() if value.casefold().startswith(wanted)]
    return complete


complete_region = _complete(lambda: [r["id"] for r in data.load("regions")] + ["africa", "america", "asia"])
complete_type = _complete(lambda: list(OFFICE_TYPES))
complete_fact = _complete(lambda: [f["id"] for f in data.load("facts")])
complete_goal_set = _complete(lambda: [g["id"] for g in data.load("goals")])
complete_member = _complete(lambda: [m["name"] for m in data.load("members")] + [m["iso_alpha2"] for m in data.load("members") if m["iso_alpha2"]])
complete_office = _complete(lambda: [o["id"] for o in data.load("offices")])
complete_kind = _complete(lambda: list(MEMBER_KINDS))


# ---- the shared output options ---------------------------------------------------------------

def _option(name: str, flag: str, annotation: Any, default: Any, **kwargs: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[annotation, typer.Option(flag, **kwargs)])


OUTPUT_PARAMETERS = [
    _option("json_", "--json", bool, False, help="Print one JSON document (an array for lists)."),
    _option("jsonl", "--jsonl", bool, False, help="Print JSON Lines: one object per line."),
    _option("csv_", "--csv", bool, False, help="Print CSV with a header row; lists joined with '; '."),
    _option("fields", "--fields", str | None, None, metavar="A,B,C", help="Fields to print, in this order (any format)."),
    _option("sort", "--sort", str | None, None, metavar="FIELD", help="Sort by a field; '-FIELD' for descending."),
    _option("limit", "--limit", int | None, None, metavar="N", min=0, help="Print at most N rows."),
]


def prints(command: Callable[..., Listing | Detail | None]) -> Callable[..., None]:
    """Give COMMAND the shared output options and print what it returns (None: nothing to print)."""
    signature = inspect.signature(command)

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        options = OutputOptions(
            format=choose_format(kwargs.pop("json_"), kwargs.pop("jsonl"), kwargs.pop("csv_")),
            fields=kwargs.pop("fields"), sort=kwargs.pop("sort"), limit=kwargs.pop("limit"),
        )
        result = command(*args, **kwargs)
        if result is not None:
            try:
                emit(result, options)
                sys.stdout.flush()
            except BrokenPipeError:
                silence_stdout()

    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *OUTPUT_PARAMETERS])  # type: ignore[attr-defined]
    return wrapper


# ---- top level ------------------------------------------------------------------------------

def _version(value: bool) -> None:
    if value:
        reviewed = data.load_meta()["data_reviewed"]
        sys.stdout.write(f"wco {__version__} (data reviewed {reviewed})\n")
        raise typer.Exit()


@app.callback()
def top(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and the date the data was last reviewed.")] = False,
    data_dir: Annotated[str | None, typer.Option("--data-dir", envvar=data.ENV_DATA_DIR, metavar="DIR", help="Read data files from DIR instead of the bundled data (also WCO_DATA_DIR).")] = None,
) -> None:
    if data_dir is not None:
        data.set_data_dir(data_dir)


AsOf = Annotated[str | None, typer.Option("--as-of", metavar="DATE", help="As things stood on DATE: YYYY, YYYY-MM or YYYY-MM-DD.")]
Region = Annotated[str | None, typer.Option("--region", "-r", metavar="REGION", autocompletion=complete_region,
                   help="A region's id, name, short name or alias (esa, wca, mena, a/p...), or a word of its name: 'africa' selects the three African regions.")]


@offices_app.callback()
@prints
def offices(
    ctx: typer.Context,
    region: Region = None,
    office_type: Annotated[str | None, typer.Option("--type", "-t", metavar="TYPE", autocompletion=complete_type, help="rilo, rocb or rtc.")] = None,
    country: Annotated[str | None, typer.Option("--country", "-c", metavar="COUNTRY", autocompletion=complete_member, help="Host country: a name or ISO code.")] = None,
    serving: Annotated[str | None, typer.Option("--serving", metavar="MEMBER", autocompletion=complete_member, help="Offices of the region a Member belongs to (name or ISO code).")] = None,
    as_of: AsOf = None,
) -> Listing | None:
    """List regional offices (default: all, with today's hosts)."""
    if ctx.invoked_subcommand is not None:
        return None
    offices_ = data.load("offices")
    regions = data.load("regions")
    codes = query.country_codes(country, offices_, data.load("members")) if country else None
    region_ids: str | None = region
    if serving:
        member = query.member_lookup(serving, data.load("members"), option="--serving")
        if region and member["region"] not in {r["id"] for r in query.match_regions(region, regions)}:
            return Listing("offices", [], "WCO regional offices")
        region_ids = member["region"]
    rows = query.office_rows(offices_, regions, region=region_ids, office_type=office_type, country_codes=codes, as_of=as_of)
    return Listing("offices", rows, "WCO regional offices" + (f" as of {as_of}" if as_of else ""))


@offices_app.command("show")
@prints
def offices_show(
    office_id: Annotated[str, typer.Argument(metavar="ID", autocompletion=complete_office, help="Office id, as in 'wco offices --fields id,name'.")],
) -> Detail:
    """Show one office in full: every host with its period, and the sources."""
    office = query.office_lookup(office_id, data.load("offices"))
    region = data.by_id("regions")[office["region"]]
    return Detail({**office, "region_name": region["name"], "sources": _source_details(office["sources"])}, office["name"])


@app.command()
@prints
def facts(
    key: Annotated[str | None, typer.Argument(metavar="[KEY]", autocompletion=complete_fact, help="One fact (members, secretary_general, council_chair...): all its values over time.")] = None,
    as_of: AsOf = None,
) -> Listing:
    """The fact file: the newest value of each fact, with its date and sources."""
    end = query.parse_as_of(as_of) if as_of else None
    all_facts = data.load("facts")
    if key:
        fact = query.fact_lookup(key, all_facts)
        return Listing("facts", query.fact_value_rows(fact, end), f"{fact['label']}: every value by date and source")
    return Listing("facts", query.latest_fact_rows(all_facts, end), "WCO fact file" + (f" as of {as_of}" if as_of else ""))


@app.command()
@prints
def goals(
    set_name: Annotated[str | None, typer.Option("--set", "-s", metavar="SET", autocompletion=complete_goal_set, help="One set of goals, by id or name (see --list-sets).")] = None,
    list_sets: Annotated[bool, typer.Option("--list-sets", help="List the sets of goals instead of their items.")] = False,
) -> Listing:
    """Strategic goals, objectives, functions, Packages and plans, by named set."""
    goal_sets = data.load("goals")
    if list_sets:
        return Listing("goal_sets", query.goal_set_rows(goal_sets), "Sets of goals")
    return Listing("goals", query.goal_rows(goal_sets, set_name), "WCO goals")


@app.command()
@prints
def history(
    since: Annotated[int | None, typer.Option("--since", metavar="YEAR", help="From this year on (included).")] = None,
    until: Annotated[int | None, typer.Option("--until", metavar="YEAR", help="Up to this year (included).")] = None,
    grep: Annotated[str | None, typer.Option("--grep", "-g", metavar="TEXT", help="Only events mentioning every word of TEXT.")] = None,
) -> Listing:
    """The dated timeline, oldest first."""
    return Listing("history", query.history_rows(data.load("history"), since=since, until=until, grep=grep), "WCO history")


@app.command()
@prints
def members(
    name: Annotated[str | None, typer.Argument(metavar="[NAME]", autocompletion=complete_member, help="One Member by name, alias or ISO code: its region and the offices serving it.")] = None,
    region: Region = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND", autocompletion=complete_kind, help="state, customs_territory or customs_union.")] = None,
    joined_before: Annotated[int | None, typer.Option("--joined-before", metavar="YEAR", help="Members since before YEAR.")] = None,
    joined_since: Annotated[int | None, typer.Option("--joined-since", metavar="YEAR", help="Members since YEAR or later.")] = None,
    with_eu: Annotated[bool, typer.Option("--with-eu", help="Include the European Union (interim rights; not counted as a Member).")] = False,
) -> Listing | Detail:
    """WCO Members: name, ISO codes, region and date of membership."""
    all_members = data.load("members")
    regions = data.load("regions")
    if name:
        member = query.member_lookup(name, all_members)
        record = {**query.member_row(member, {r["id"]: r for r in regions}), "sources": _source_details(member["sources"]),
                  "offices": _office_summaries(data.load("offices"), regions, member["region"])}
        return Detail(record, f"{member['name']} ({record['region_name']})")
    rows = query.member_rows(all_members, regions, region=region, kind=kind, joined_before=joined_before,
                             joined_since=joined_since, with_eu=with_eu)
    return Listing("members", rows, f"WCO Members ({len(rows)})")


@app.command()
@prints
def regions(
    region_id: Annotated[str | None, typer.Argument(metavar="[REGION]", autocompletion=complete_region, help="One region in full: its Members and offices.")] = None,
) -> Listing | Detail:
    """The six WCO regions with their Member and office counts."""
    all_regions = data.load("regions")
    all_members = data.load("members")
    all_offices = data.load("offices")
    rows = query.region_rows(all_regions, all_members, all_offices)
    if region_id is None:
        return Listing("regions", rows, "WCO regions")
    region = query.region_lookup(region_id, all_regions)
    row = next(r for r in rows if r["id"] == region["id"])
    record = {
        **row, "sources": _source_details(region["sources"]),
        "offices": _office_summaries(all_offices, all_regions, region["id"]),
        "member_list": [{k: m[k] for k in ("id", "name", "iso_alpha2", "joined", "counted")}
                        for m in all_members if m["region"] == region["id"]],
    }
    return Detail(record, region["name"])


@app.command()
@prints
def sources(
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND", help="seed or web.")] = None,
) -> Listing:
    """Every source, with the records that cite it."""
    query.check_choice("--kind", kind, ("seed", "web"))
    everything = {name: data.load(name) for name in data.DATASETS if name != "sources"}
    rows = query.source_rows(data.load("sources"), query.citations(everything))
    return Listing("sources", [row for row in rows if kind is None or row["kind"] == kind], "Sources")


@app.command()
@prints
def search(
    words: Annotated[list[str], typer.Argument(metavar="WORDS...", help="Words to look for; all are required; case, accents and small typos are forgiven.")],
    kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help="office, region, member, fact, goal or event.")] = None,
) -> Listing:
    """Search offices, regions, members, facts, goals and history at once, best match first."""
    from wco_cli import search as searching

    text = " ".join(words)
    return Listing("search", searching.search(text, kind), f"Search: {text[:40]}")


@app.command()
def schema(
    command: Annotated[str, typer.Argument(metavar="COMMAND", help="offices, facts, goals, goal_sets, history, members, regions, sources or search.")],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's --json output."""
    from wco_cli import schema as schemas
    from wco_cli.output import write_json

    write_json(schemas.for_command(command), always_indent=True)


@app.command()
def validate() -> None:
    """Check every data file (bundled, --data-dir or WCO_DATA_DIR) and their references."""
    counts = data.check_all()
    sys.stdout.write(f"{data.data_dir()}: valid (" + ", ".join(f"{n} {name}" for name, n in counts.items()) + ")\n")


def _office_summaries(offices: list[dict[str, Any]], regions: list[dict[str, Any]], region_id: str) -> list[dict[str, Any]]:
    """The offices of one region today, in brief, for the detail views of members and regions."""
    rows = query.office_rows(offices, regions, region=region_id)
    return [{k: row[k] for k in ("id", "type", "name", "city", "country")} for row in rows]


def _source_details(ids: list[str]) -> list[dict[str, Any]]:
    known = data.by_id("sources")
    return [{k: known[i][k] for k in ("id", "title", "location", "date")} for i in ids if i in known]


def keep_only_invoked_command(args: list[str]) -> None:
    """Register only the sub-command ARGS names, so Typer does not build every command's
    options on each run (a start-up saving); top-level help and completion still see them all."""
    if not args or args[0].startswith("-"):
        return
    commands = [c for c in app.registered_commands if (c.name or c.callback.__name__) == args[0]]  # type: ignore[union-attr]
    groups = [g for g in app.registered_groups if g.name == args[0]]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def main() -> None:
    """Console-script entry point."""
    if hasattr(sys.stdout, "reconfigure"):
        # A terminal or pipe that cannot show a character gets an escape, never a crash.
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        sys.stderr.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    keep_only_invoked_command(sys.argv[1:])
    app()
