"""`wco NAME` for a dataset NAME of the registry, built from the dataset's declaration alone:
its summary and examples make the help, its positional argument, filters and switches the
Typer parameters (help with an enum's values from the record spec, completion from the data),
and Dataset.answer what the command shows. No dataset has a command module of its own."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from wco_cli.cli.options import complete, complete_enum, completed, db, listing, prints
from wco_cli.cli.output import UNCERTAIN_MARK, Chart, Detail, Listing, rich_wanted
from wco_cli.datasets import dataset_class
from wco_cli.errors import UsageError
from wco_cli.filters import ENUM, FLAG, NAME, YEAR, Argument, Filter

if TYPE_CHECKING:
    from wco_cli.answers import Answer
    from wco_cli.datasets.base import Dataset

# Parameters every command has (cli/options.py OUTPUT_PARAMETERS): no filter may take these names.
OUTPUT_NAMES = frozenset({"json_", "jsonl", "csv_", "csv_raw", "fields", "json_fields", "sort",
                          "limit", "no_pager"})


def help_of(kind: type[Dataset]) -> str:
    """The command's help: the dataset's summary, then its examples."""
    if not kind.examples:
        return kind.summary
    examples = "\n\n".join(f"  {line}" for line in kind.examples)
    return f"{kind.summary}\n\nExamples:\n\n{examples}"


def build(name: str) -> tuple[Callable[..., None], str, str]:
    """(the function Typer calls, its help, its one-line summary) of `wco NAME`."""
    kind = dataset_class(name)
    argument = kind.command_argument()
    parameters = [_argument(name, argument)] if argument is not None else []
    parameters += [_filter(name, given) for given in kind.filters.values()]
    parameters += [_parameter(switch.name, bool, False, typer.Option(switch.flag,
                                                                       help=switch.takes))
                   for switch in kind.switches]
    taken = [parameter.name for parameter in parameters]
    clashes = sorted({n for n in taken if taken.count(n) > 1} | (set(taken) & OUTPUT_NAMES))
    if clashes:
        raise ValueError(f"dataset {name}: parameter names {clashes} clash")

    def command(**given: Any) -> Listing | Detail | Chart:
        switches = {switch.name: given.pop(switch.name) for switch in kind.switches}
        value = given.pop(argument.name) if argument is not None else None
        named = _named(kind, argument, value, given, switches)
        answer = db().dataset(name).answer(named, given, switches, rich_wanted())
        shown = _shown(name, answer)
        if isinstance(shown, Listing):  # a record named by the argument or a positional filter
            shown.one_record = named is not None or any(
                kind.filters[field].positional and value is not None
                for field, value in given.items() if field in kind.filters)
        return shown

    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__name__ = command.__qualname__ = f"{name}_command"
    command.__doc__ = kind.summary
    return prints(command), help_of(kind), kind.summary


def _named(kind: type[Dataset], argument: Argument | None, value: Any, filters: dict[str, Any],
           switches: dict[str, bool]) -> str | None:
    """The record the argument names (None: the list), after the argument's rules: a VERB
    before it is dropped, and an argument that is ALONE takes no filter."""
    # A verb's argument is a list of words (`show ID`): none given is an empty list.
    if argument is None or (not value if argument.verb is not None else value is None):
        for switch in kind.switches:
            if switches[switch.name] and switch.requires:
                raise typer.BadParameter(switch.requires, param_hint=switch.flag)
        return None
    if argument.verb is not None:
        wanted = value[1:] if value[0] == argument.verb and len(value) == 2 else value
        if len(wanted) != 1:
            raise typer.BadParameter(f"give one {kind.noun} id",
                                     param_hint=argument.metavar.strip("[]"))
        value = wanted[0]
    if argument.alone is not None:
        # A flag (`--with-eu`) changes no record's detail, and is left alone.
        given = [kind.filters[name].flag for name, on in filters.items()
                 if kind.filters[name].kind != FLAG and on is not None]
        if given:
            raise UsageError(f"{', '.join(given)} filter the list; they cannot be used with "
                             f"{argument.alone}")
    return str(value)


def _shown(name: str, answer: Answer) -> Listing | Detail | Chart:
    """The printable form of ANSWER; lines aside go to stderr when it is a terminal."""
    from wco_cli.answers import ChartAnswer, DetailAnswer

    if isinstance(answer, DetailAnswer):
        return Detail(answer.record, answer.title)
    if isinstance(answer, ChartAnswer):
        return Chart(answer.points, answer.title)
    if answer.aside and sys.stderr.isatty():
        from wco_cli.text import escape_controls

        sys.stderr.write("".join(escape_controls(line) + "\n" for line in answer.aside))
    # Uncertain rows come last, marked: the line that says which goes first under the table.
    marked = [f"{UNCERTAIN_MARK} {answer.uncertain}"] if answer.uncertain else []
    return listing(name, answer.rows, answer.title, view=answer.view,
                   notes=marked + answer.notes)


# ---- parameters ---------------------------------------------------------------------------------

def _parameter(name: str, annotation: Any, default: Any, info: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[annotation, info])


def _argument(name: str, argument: Argument) -> inspect.Parameter:
    """The positional argument naming one record: a list when a verb may come before it."""
    annotation: Any = list[str] | None if argument.verb is not None else str | None
    return _parameter(argument.name, annotation, None, typer.Argument(
        metavar=argument.metavar, help=argument.takes, click_type=completed(_names(name))))


def _filter(name: str, given: Filter) -> inspect.Parameter:
    """The option (or, POSITIONAL, the argument) of one filter of dataset NAME."""
    kind = dataset_class(name)
    text = given.help(kind.record_spec, lambda: _bundled_ids(given.dataset or name))
    completion = (complete_enum(name, given.field or given.name) if given.kind == ENUM
                  else _names(given.dataset) if given.kind == NAME and given.dataset else None)
    if given.positional:
        return _parameter(given.name, str | None, None, typer.Argument(
            metavar=given.metavar, help=text, click_type=completed(completion)))
    flags = [given.flag, *([given.short] if given.short else [])]
    if given.kind == FLAG:
        return _parameter(given.name, bool, False, typer.Option(*flags, help=text))
    annotation: Any = (int | None if given.kind == YEAR
                       else list[str] | None if given.repeatable else str | None)
    return _parameter(given.name, annotation, None, typer.Option(
        *flags, metavar=given.metavar, help=text,
        click_type=completed(completion)))


def _names(dataset: str) -> Callable[[str], list[str]]:
    """Completion from what a shell should offer for a record of DATASET (its completions)."""
    return complete(lambda: db().dataset(dataset).completions())


def _bundled_ids(dataset: str) -> list[str]:
    """The ids of DATASET in the bundled data, for a help text (read only for such a help)."""
    from wco_cli.store import bundled_dir, read_json

    return [record["id"] for record in read_json(bundled_dir() / f"{dataset}.json")]
