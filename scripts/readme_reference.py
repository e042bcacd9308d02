"""Regenerate the parts of README.md that the code already says, so that they cannot drift.

    python scripts/readme_reference.py [--check]

Each part lies between two marker comments, `<!-- generated: NAME -->` and
`<!-- end generated -->`, and is rewritten whole from the registry and the command line:
    commands           every command of `wco --help`, in its order, with its summary
    options DATASET    a dataset command's synopsis and options: its argument, its filters (what
                       each takes, an enum's values from the record spec) and its switches
    search             `wco search`'s synopsis, with the kinds of record of the registry
    json-keys          the JSON keys of every view (`wco schema VIEW`), from the view specs
    datasets           the datasets of the registry: file, records, command, search kind, views
Everything outside the markers is prose and is left alone. Every dataset command must have its
`options DATASET` part, under its own section: the script names any that has none, and exits 1.
With --check nothing is written: the exit status is 1, with a unified diff, when README.md is
not what this script would write. Standard library only, plus the checkout's src/wco_cli.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wco_cli.cli.app import summary_of  # noqa: E402  (the checkout's modules)
from wco_cli.cli.commands import COMMANDS, MODULES  # noqa: E402
from wco_cli.datasets import NAMES, dataset_class  # noqa: E402
from wco_cli.datasets.base import Dataset  # noqa: E402
from wco_cli.filters import FLAG, NAME, Filter, one_of  # noqa: E402
from wco_cli.ranking import SEARCH_VIEW  # noqa: E402
from wco_cli.search_index import kinds  # noqa: E402

README = REPO / "README.md"
BEGIN = re.compile(r"^<!-- generated: (?P<name>[a-z0-9 _-]+) -->$")
END = "<!-- end generated -->"
WIDTH = 96  # a synopsis wraps here, inside README's 100 columns
INLINE_VALUES = 4  # an enum of at most this many values is spelt out in the synopsis


# ---- the parts ----------------------------------------------------------------------------

def commands() -> list[str]:
    lines = ["| command | what it does |", "|---|---|"]
    lines += [f"| `wco {name}` | {cell(summary_of(name))} |" for name in COMMANDS]
    return lines


def dataset_commands() -> list[str]:
    """The datasets with a command built from their declaration, in `wco --help` order."""
    return [name for name in COMMANDS if name not in MODULES]


def options(name: str) -> list[str]:
    if name not in dataset_commands():
        raise SystemExit(f"README: 'options {name}': {name} is no dataset's command "
                         f"(those are {', '.join(dataset_commands())})")
    kind = dataset_class(name)
    argument = kind.command_argument()
    positional = [f for f in kind.filters.values() if f.positional]
    optional = [f for f in kind.filters.values() if not f.positional]
    words = [f"[{f.metavar.strip('[]')}]" for f in positional]
    words += [f"[{option_words(kind, f)}]" for f in optional]
    words += [f"[{switch.flag}]" for switch in kind.switches]
    synopsis = [wrapped(f"wco {name}", words)]
    if argument is not None:
        shown = argument.metavar.strip("[]")
        verb = f"[{argument.verb}] " if argument.verb else ""
        synopsis.append(f"    wco {name} {verb}{shown}")
    rows = ["| option | what it takes |", "|---|---|"]
    if argument is not None:
        also = (f" (`wco {name} {argument.verb} {argument.metavar.strip('[]')}` works too)"
                if argument.verb else "")
        alone = " The list's filters cannot be used with it." if argument.alone else ""
        rows.append(f"| `{argument.metavar.strip('[]')}` | {cell(argument.takes)}{also}"
                    f"{alone} |")
    for given in kind.filters.values():
        rows.append(f"| {option_cell(given)} | {cell(takes(kind, given))} |")
    for switch in kind.switches:
        rows.append(f"| `{switch.flag}` | {cell(switch.takes)} |")
    return [*synopsis, "", *rows]


def search() -> list[str]:
    found = kinds()
    return [f"    wco search WORDS... [--kind {'|'.join(found)}]", "",
            *textwrap.wrap(f"`--kind` keeps one kind of record: "
                           f"{one_of([f'`{k}`' for k in found])}, one for each searchable "
                           "dataset of the registry.", 100)]


def json_keys() -> list[str]:
    lines = []
    for name in NAMES:
        kind = dataset_class(name)
        for view, spec in kind.views.items():
            notes = kind.key_notes.get(view, {})
            lines.append(f"- `{usage_of(kind, view)} --json` (`wco schema {view}`): "
                         + ", ".join(key_text(key, code, notes.get(key))
                                     for key, code in spec.items()))
    lines.append("- `wco search --json` (`wco schema search`): " + ", ".join(
        key_text(key, code, SEARCH_NOTES.get(key)) for key, code in SEARCH_VIEW.items()))
    return lines


def datasets() -> list[str]:
    lines = ["| dataset | data file | one record | command | `wco search --kind` | views "
             "(`wco schema VIEW`) |", "|---|---|---|---|---|---|"]
    for name in NAMES:
        kind = dataset_class(name)
        stored = f"`data/{name}.json`" if kind.stored_as_records else f"`data/{name}/`"
        command = f"`wco {name}`" if name in COMMANDS else "—"
        search_kind = f"`{kind.search_kind}`" if kind.search_kind else "—"
        views = ", ".join(f"`{view}`" for view in kind.views)
        lines.append(f"| `{name}` | {stored} | {cell(kind.noun)} | {command} | {search_kind} | "
                     f"{views} |")
    return lines


PARTS: dict[str, Callable[..., list[str]]] = {
    "commands": commands, "options": options, "search": search, "json-keys": json_keys,
    "datasets": datasets,
}
# What search's keys mean (its view is the ranking module's, not a dataset's).
SEARCH_NOTES: dict[str, str] = {}


# ---- pieces -------------------------------------------------------------------------------------

def cell(text: str) -> str:
    """TEXT fit for a Markdown table cell: one line, no bar."""
    return " ".join(text.split()).replace("|", "\\|")


def takes(kind: type[Dataset], given: Filter) -> str:
    """What a filter takes, as `wco NAME --help` says it (without the list of ids a help may
    name: README points to the command instead)."""
    text = given.help(kind.record_spec)
    if given.kind == NAME and given.dataset:
        text += f" Completes from `{given.dataset}`."
    return text


def option_words(kind: type[Dataset], given: Filter) -> str:
    """A filter as the synopsis shows it: `--type rilo|rocb|rtc`, `--since YEAR`, `--with-eu`."""
    if given.kind == FLAG:
        return given.flag
    values = given.values(kind.record_spec)
    shown = "|".join(values) if values and len(values) <= INLINE_VALUES else given.metavar
    return f"{given.flag} {shown}"


def option_cell(given: Filter) -> str:
    if given.positional:
        return f"`{given.metavar.strip('[]')}`"
    shown = given.flag if given.kind == FLAG else f"{given.flag} {given.metavar}"
    short = f", `{given.short}`" if given.short else ""
    repeat = " (repeatable)" if given.repeatable else ""
    return f"`{shown}`{short}{repeat}"


def wrapped(lead: str, words: Sequence[str]) -> str:
    """LEAD then WORDS, as an indented code line wrapped at WIDTH, continued under the first
    word."""
    text = f"{lead} {' '.join(words)}" if words else lead
    lines = textwrap.wrap(text, WIDTH - 4, subsequent_indent=" " * (len(lead) + 1),
                          break_long_words=False, break_on_hyphens=False)
    return "\n".join(f"    {line}" for line in lines)


def usage_of(kind: type[Dataset], view: str) -> str:
    """The command line that prints VIEW: as the dataset says, else `wco NAME`."""
    return kind.view_usage.get(view) or "wco " + " ".join(kind.command_of(view))


def key_text(key: str, code: Any, note: str | None) -> str:
    """`key` (type) or `key` (type: what it means)."""
    shown = code if isinstance(code, str) else (
        "[object]" + ("*" if len(code) > 1 and code[1] == "*" else "")
        if isinstance(code, list) else "object")
    return f"`{key}` ({shown}: {note})" if note else f"`{key}` ({shown})"


# ---- README ------------------------------------------------------------------------------------

def generated(text: str, seen: list[str] | None = None) -> str:
    """TEXT with every generated part rewritten; the parts' names are added to SEEN."""
    lines = text.split("\n")
    out: list[str] = []
    at = 0
    while at < len(lines):
        found = BEGIN.match(lines[at])
        out.append(lines[at])
        at += 1
        if not found:
            continue
        end = next((i for i in range(at, len(lines)) if lines[i] == END), None)
        if end is None:
            raise SystemExit(f"README.md: '{lines[at - 1]}' has no '{END}' after it")
        part, *arguments = found.group("name").split()
        if seen is not None:
            seen.append(found.group("name"))
        if part not in PARTS:
            raise SystemExit(f"README.md: no generated part '{part}' "
                             f"(known: {', '.join(PARTS)})")
        out += PARTS[part](*arguments)
        out.append(END)
        at = end + 1
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 with a diff when README.md is stale")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    seen: list[str] = []
    wanted = generated(current, seen)
    missing = [name for name in dataset_commands() if f"options {name}" not in seen]
    stale = wanted != current
    if args.check and stale:
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(keepends=True), wanted.splitlines(keepends=True),
            "README.md", "README.md (regenerated)"))
        print("README.md is stale: run python scripts/readme_reference.py", file=sys.stderr)
    elif stale:
        README.write_text(wanted, encoding="utf-8", newline="\n")
        print("README.md: generated parts rewritten")
    for name in missing:
        print(f"README.md: `wco {name}` has no section with its options: add one with "
              f"'<!-- generated: options {name} -->' and '{END}', then run this script",
              file=sys.stderr)
    if missing or (args.check and stale):
        sys.exit(1)


if __name__ == "__main__":
    main()
