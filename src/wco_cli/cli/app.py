"""The `wco` command: the Typer app, its commands (each dataset's built from its declaration,
cli/dataset_commands.py; the others one module each, in `commands/`) and the one error
boundary, where every failure becomes one line on stderr and a documented exit status.
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Annotated, Any, NoReturn

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperCommand, TyperGroup

from wco_cli import __version__
from wco_cli.cli.commands import COMMANDS, MODULES
from wco_cli.cli.json_fields import JsonFieldsCommand
from wco_cli.cli.options import ENV_DATA_DIR, db, set_data_dir
from wco_cli.cli.output import silence_stdout
from wco_cli.errors import (
    EXIT_INTERNAL,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    NotFound,
    WcoError,
)

EXIT_CODES = (
    "Exit status: 0 success (an empty result too); 1 a name given as an argument names nothing "
    "(wco members Atlantis); 2 usage error: a bad option or value (an option value that names "
    "nothing, too), an ambiguous name, or unusable data files; 74 the output could not be "
    "written; 70 an internal error."
)
POSITIONAL = {"words": "WORDS", "name": "NAME"}


class WcoGroup(TyperGroup):
    """Runs the command and turns every failure into one stderr line and an exit status."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        def run() -> Any:
            return super(WcoGroup, self).main(args=args, prog_name=prog_name or "wco",
                                             complete_var=complete_var, standalone_mode=False,
                                             windows_expand_args=windows_expand_args, **extra)

        given = list(args) if args is not None else sys.argv[1:]
        if os.environ.get("_WCO_COMPLETE") or any(
                arg.startswith(("--show-completion", "--install-completion")) for arg in given):
            from wco_cli.cli.completion import use_wco_bash

            use_wco_bash()
        code = run_guarded(run, given)
        if standalone_mode:
            sys.exit(code)
        return code

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Every command with its summary, registered or not: `wco --help` registers none, so
        that listing them costs no command's module and no Typer parameters."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = []
        for name in COMMANDS:
            command = self.commands.get(name)
            # A summary given as short help is shown whole, as Click shows a command's own.
            rows.append((name, command.get_short_help_str(limit) if command is not None
                         else inspect.cleandoc(summary_of(name)).strip()))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


class LateHelpCommand(TyperCommand):
    """A command whose options' help is worked out only when it is shown: LATE_HELP maps a
    parameter to the function giving its help (`wco search --kind` names every searchable
    dataset's kind, which a search itself need not import)."""

    late_help: dict[str, Callable[[], str]] = {}

    def _resolve_help(self) -> None:
        for param in self.params:
            if param.name in self.late_help:
                param.help = self.late_help[param.name]()  # type: ignore[attr-defined]

    def get_help(self, ctx: Any) -> str:
        self._resolve_help()
        return str(super().get_help(ctx))

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        self._resolve_help()
        return super().shell_complete(ctx, incomplete)


def summary_of(name: str) -> str:
    """The one line `wco --help` shows for command NAME."""
    if name in MODULES:
        return MODULES[name]
    from wco_cli.datasets import dataset_class

    return dataset_class(name).summary


def flag_of(field: str) -> str:
    return POSITIONAL.get(field, "--" + field.replace("_", "-"))


def describe_error(error: WcoError) -> str:
    """The message with the library's field name shown as the user's option."""
    text = error.message(flag_of(error.field) if error.field else None)
    dataset = getattr(error, "dataset", None)
    if isinstance(error, NotFound) and not error.suggestion and dataset:
        text += f" (see 'wco {dataset}' for the list)"
    return text


def command_path(error: click_exceptions.UsageError, args: list[str]) -> str:
    """The command a usage error is about. Click gives the top-level context for an option
    that lacks its value (`wco offices --region`), so the command is read from ARGS then."""
    path = error.ctx.command_path if error.ctx else "wco"
    if path == "wco":
        named = invoked_commands(args)
        if len(named) == 1:
            path = f"wco {named[0]}"
    return path


def quoted_shortened(message: str) -> str:
    """Click's MESSAGE with each quoted value made safe and short, as ours are: it echoes the
    user's value whole (`--limit` given 5,000 characters)."""
    from wco_cli.text import visible

    return re.sub(r"'([^']*)'", lambda found: f"'{visible(found.group(1))}'", message)


def quote_hint(error: click_exceptions.UsageError, args: list[str]) -> str:
    """For a name of several words given unquoted (`wco members south korea`): the command line
    that quotes it, as one clause; else nothing. Click names the extra words; the name began
    with the word given just before them."""
    found = re.search(r"unexpected extra argument(?:\(s\)|s)? \((.*)\)$", error.format_message())
    if found is None:
        return ""
    extra = found.group(1).split()
    at = next((i for i in range(len(args)) if args[i:i + len(extra)] == extra), None)
    if not at or args[at - 1].startswith("-") or len(" ".join(args[at - 1:])) > 60:
        return ""
    name = " ".join(args[at - 1:at + len(extra)])
    from wco_cli.text import visible

    return f"; a name of several words needs quotes: '{visible(name)}'"


def run_guarded(run: Callable[[], Any], args: list[str] | tuple[str, ...] = ()) -> int:
    try:
        result = run()
        sys.stdout.flush()
        return result if isinstance(result, int) else EXIT_OK
    except WcoError as error:
        return fail(f"wco: {describe_error(error)}", error.exit_code)
    except click_exceptions.NoArgsIsHelpError as error:
        sys.stdout.write(error.format_message())  # `wco` alone: the help has been shown
        return flushed(EXIT_OK)
    except click_exceptions.UsageError as error:
        command = command_path(error, list(args))
        return fail(f"{command}: {quoted_shortened(error.format_message())}"
                    f"{quote_hint(error, list(args))} (see '{command} --help')",
                    EXIT_USAGE)
    except click_exceptions.ClickException as error:
        return fail(f"wco: {error.format_message()}", error.exit_code)
    except typer.Abort:
        return fail("wco: aborted", EXIT_NOT_FOUND)
    except BrokenPipeError:
        return silence_stdout()
    except OSError as error:
        return output_failed(error)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last resort: never a traceback
        if os.environ.get("WCO_DEBUG"):
            raise
        return fail(f"wco: internal error: {type(error).__name__}: {error}; please report it "
                    "(WCO_DEBUG=1 shows the traceback)", EXIT_INTERNAL)


def flushed(code: int) -> int:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return silence_stdout()
    except (OSError, ValueError) as error:
        return output_failed(error)
    return code


def output_failed(error: Exception) -> int:
    """Standard output is closed or full: say so once, and make the exit flush harmless."""
    reason = getattr(error, "strerror", None) or str(error)
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except OSError:
        pass
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces a broken stream for the exit
    return fail(f"wco: cannot write the output: {reason}", EXIT_OUTPUT)


def fail(message: str, code: int) -> int:
    from wco_cli.errors import MAX_MESSAGE
    from wco_cli.text import visible

    try:
        # The last net for every message: no control character, no 100 KB line.
        sys.stderr.write(visible(" ".join(message.split()), MAX_MESSAGE) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return code


app = typer.Typer(
    cls=WcoGroup,
    name="wco",
    help="Look up the World Customs Organization from sourced, dated data: one command per "
         "dataset, and tools to search, check and export them all. Every record carries its "
         "sources and an as-of date.",
    epilog=EXIT_CODES,
    no_args_is_help=True,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain Click help: readable, and without importing Rich (see README)
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def top(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and the date the data was last reviewed.")] = False,
    data_dir: Annotated[str | None, typer.Option(
        "--data-dir", envvar=ENV_DATA_DIR, metavar="DIR",
        help="Read data files from DIR instead of the bundled data (also WCO_DATA_DIR).")] = None,
) -> None:
    if data_dir is not None and not data_dir.strip():
        raise typer.BadParameter("an empty value names no directory", param_hint="--data-dir")
    set_data_dir(data_dir)
    if version:
        reviewed = db().meta()["data_reviewed"]
        sys.stdout.write(f"wco {__version__} (data reviewed {reviewed})\n")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        sys.stdout.write(ctx.get_help() + "\n")


def register(names: tuple[str, ...]) -> None:
    for name in names:
        if name in MODULES:
            module = import_module(f"wco_cli.cli.commands.{name}")
            late = getattr(module, "LATE_HELP", None)
            bases: tuple[type, ...] = (LateHelpCommand,) if late else ()
            if "json_" in inspect.signature(module.command).parameters:
                bases += (JsonFieldsCommand,)
            cls = type(f"{name}_command", bases, {"late_help": late or {}}) if bases else None
            app.command(name=name, help=f"{MODULES[name]}\n\n{module.EXAMPLES}",
                        short_help=MODULES[name], cls=cls)(module.command)
        else:
            from wco_cli.cli.dataset_commands import build

            command, text, summary = build(name)
            app.command(name=name, help=text, short_help=summary,
                        cls=JsonFieldsCommand)(command)


def invoked_commands(args: list[str]) -> tuple[str, ...]:
    """Only the sub-command ARGS names, so Typer does not build every command's options on each
    run (a start-up saving). Top-level help lists every command without registering any
    (WcoGroup.format_commands); completion, and a word that is no command (for Click's "did you
    mean"), still register them all."""
    words = [arg for arg in args if not arg.startswith("-")]
    if "--data-dir" in args:
        position = args.index("--data-dir")
        words = [a for i, a in enumerate(args) if not a.startswith("-") and i != position + 1]
    if os.environ.get("_WCO_COMPLETE"):
        return COMMANDS
    if words and words[0] in COMMANDS:
        return (words[0],)
    if not words:
        return ()  # the version or the top-level help needs no command
    return COMMANDS


def main() -> None:
    """Console-script entry point."""
    if sys.stdout is None:  # started with standard output closed (`wco facts >&-`)
        sys.exit(fail("wco: cannot write the output: standard output is closed", EXIT_OUTPUT))
    if hasattr(sys.stdout, "reconfigure"):
        # A terminal or pipe that cannot show a character gets an escape, never a crash.
        sys.stdout.reconfigure(errors="backslashreplace")
        # hasattr narrowed sys.stdout only: sys.stderr is a TextIO, which has no reconfigure.
        sys.stderr.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    register(invoked_commands(sys.argv[1:]))
    app()


def run() -> NoReturn:
    """The `wco` command: main(), then the process ends as soon as its output is flushed.

    Python's own teardown (freeing each module and object) takes, once Typer is loaded, about
    as long as a whole lookup, and a finished command gains nothing from it: wco and what it
    imports register nothing to run at exit. main() alone ends as Python does (tests and
    probes call it in-process)."""
    try:
        main()
        status = EXIT_OK
    except SystemExit as done:
        status = exit_status(done.code)
    except KeyboardInterrupt:  # Ctrl-C while the commands were still being registered
        status = 130
    if sys.stdout is not None:
        status = flushed(status)
    try:
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass
    os._exit(status)


def exit_status(code: object) -> int:
    """The status Python gives a SystemExit of CODE (a text is written to stderr, status 1)."""
    if code is None or isinstance(code, int):
        return code or EXIT_OK
    return fail(str(code), 1)


def full_app() -> typer.Typer:
    """The app with every command registered (tests and documentation)."""
    if not app.registered_commands:
        register(COMMANDS)
    return app
