"""What the commands share: the database of this run, the output options, and completion from
the data (each dataset says what a shell offers for its names: Dataset.completions)."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wco_cli.cli.completion import Values, field_list
from wco_cli.cli.output import (
    MAX_HELD,
    Chart,
    Detail,
    Listing,
    OutputOptions,
    choose_format,
    emit,
    silence_stdout,
)
from wco_cli.errors import UsageError

if TYPE_CHECKING:
    from wco_cli.cli.output import Chart
    from wco_cli.store import Database

ENV_DATA_DIR = "WCO_DATA_DIR"
_database: Database | None = None
_data_dir: str | None = None


def set_data_dir(path: str | None) -> None:
    """Use the data in PATH for this run (None: the bundled data)."""
    global _database, _data_dir
    _database, _data_dir = None, path


def db() -> Database:
    """The database of this run: --data-dir / WCO_DATA_DIR, else the bundled data."""
    global _database
    if _database is None:
        from wco_cli.store import Database

        _database = Database(_data_dir)
    return _database


# ---- completion of option values (data is loaded only when the shell asks) ---------------------

def complete(values: Callable[[], list[str]]) -> Callable[[str], list[str]]:
    """A completion function offering VALUES whose words start with what was typed, case and
    accents ignored (completion.matching)."""
    def completions(incomplete: str) -> list[str]:
        from wco_cli.cli.completion import matching

        return matching(values(), incomplete)
    return completions


def completed(offer: Callable[[str], list[str]] | None) -> Values | None:
    """The parameter type completing with OFFER (None: no completion), for click_type=."""
    return None if offer is None else Values(offer)


def ids_of(dataset: str) -> Callable[[], list[str]]:
    return lambda: [record["id"] for record in db().dataset(dataset).records]


complete_region = complete(lambda: db().regions.completions())
complete_member = complete(lambda: db().members.completions())


def complete_enum(dataset: str, field: str) -> Callable[[str], list[str]]:
    """Completion from an enum field of a dataset's record spec."""
    def values() -> list[str]:
        from wco_cli.datasets import dataset_class
        from wco_cli.fields import enum_values

        return list(enum_values(dataset_class(dataset).record_spec[field]))
    return complete(values)


def complete_fields(descending: bool = False) -> Values:
    """Completion of --fields (a comma list) or --sort (one field, or -FIELD): the fields of the
    command being completed."""
    def offer(typed: str, ctx: Any) -> list[str]:
        from wco_cli.cli.json_fields import fields_of

        fields = fields_of(ctx.info_name or "")
        if descending:
            return [value for value in field_list(fields, typed, descending) if "," not in value]
        return field_list(fields, typed)
    return Values(offer, with_context=True)


# ---- the shared output options -----------------------------------------------------------------

def _option(name: str, flag: str, annotation: Any, default: Any,
            **kwargs: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[annotation, typer.Option(flag, **kwargs)])


OUTPUT_PARAMETERS = [
    _option("json_", "--json", bool, False,
            help="Print one JSON document (an array for lists); '--json a,b,c' prints only "
                 "those fields, as --fields does."),
    _option("jsonl", "--jsonl", bool, False, help="Print JSON Lines: one object per line."),
    _option("csv_", "--csv", bool, False,
            help="Print CSV with a header row; lists joined with '; '. A cell starting with "
                 "=, +, -, @, a tab or a carriage return, other than a number, gets a leading "
                 "' so that no spreadsheet runs it as a formula."),
    _option("csv_raw", "--csv-raw", bool, False,
            help="Print CSV with every cell as it is (no leading '): byte-exact, for programs, "
                 "never for a spreadsheet."),
    _option("fields", "--fields", str | None, None, metavar="A,B,C",
            click_type=complete_fields(),
            help="Fields to print, in this order (any format); one field of one record prints "
                 "the bare value."),
    _option("json_fields", "--json-fields", str | None, None, hidden=True),
    _option("sort", "--sort", str | None, None, metavar="FIELD",
            click_type=complete_fields(descending=True),
            help="Sort by a field; '-FIELD' for descending. Rows read from standard input are "
                 f"held in memory to sort: at most {MAX_HELD:,}."),
    _option("limit", "--limit", int | None, None, metavar="N", min=0, help="Print at most N rows."),
    _option("no_pager", "--no-pager", bool, False,
            help="Print to the terminal without a pager (output longer than the terminal goes "
                 "through $WCO_PAGER, $PAGER or 'less -FRX'; never when piped)."),
]


def prints(command: Callable[..., Listing | Detail | Chart | None]) -> Callable[..., None]:
    """Give COMMAND the shared output options and print what it returns (None: nothing)."""
    signature = inspect.signature(command)

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        csv_raw, no_pager = kwargs.pop("csv_raw"), kwargs.pop("no_pager")
        fields, json_fields = kwargs.pop("fields"), kwargs.pop("json_fields")
        if json_fields is not None and fields is not None:
            raise UsageError("give the fields once: --json FIELDS or --fields FIELDS")
        options = OutputOptions(
            format=choose_format(kwargs.pop("json_"), kwargs.pop("jsonl"), kwargs.pop("csv_"),
                                 csv_raw),
            fields=fields if json_fields is None else json_fields, sort=kwargs.pop("sort"),
            limit=kwargs.pop("limit"), csv_raw=csv_raw,
        )
        if json_fields is not None:
            options.fields_option = "json"
        result = command(*args, **kwargs)
        if result is not None:
            try:
                if not no_pager and sys.stdout.isatty():  # the pager is for a terminal only
                    from wco_cli.cli.pager import paging

                    with paging():
                        emit(result, options)
                else:
                    emit(result, options)
                sys.stdout.flush()
            except BrokenPipeError:
                # Handled here, before Click turns a broken pipe into exit status 1.
                silence_stdout()

    parameters = [*signature.parameters.values(), *OUTPUT_PARAMETERS]
    # Click reads the signature through inspect, which honours __signature__; a function type
    # declares no such attribute.
    wrapper.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    return wrapper


def listing(dataset: str, rows: list[dict[str, Any]], title: str, view: str | None = None,
            notes: list[str] | None = None) -> Listing:
    """A Listing of one of DATASET's views (its main view by default)."""
    from wco_cli.datasets import dataset_class

    kind = dataset_class(dataset)
    view = view or next(iter(kind.views))
    return Listing(list(kind.views[view]), kind.columns[view], rows, title, notes or [])
