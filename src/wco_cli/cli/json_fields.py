"""`--json FIELDS`, as gh takes it: `wco members --json name,iso_alpha2` prints those fields.

`--json` stays a switch; the word after it is read as its fields only when it is a field list
of the command: a comma-separated list of words (letters, digits, '_') that are all fields of
the command's views (case ignored), or any such list with a comma (an unknown field in it is
then a usage error naming the valid ones), or, for a command that takes no positional
argument, any one such word. Anything else stays what it was: `wco members --json kenya` is
Kenya in JSON. `--json=FIELDS` always gives fields. The fields reach the command as the hidden
option --json-fields (before Click parses the line), and the output as --fields does.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand

JSON_FIELDS = "--json-fields"  # the hidden option the fields are given to
_LIST = re.compile(r"[A-Za-z_]\w*(?:,[A-Za-z_]\w*)*,?", re.ASCII)


def fields_of(command: str) -> list[str]:
    """Every field COMMAND's --json can print, in the order of its views (list, then detail)."""
    if command == "search":
        from wco_cli.ranking import SEARCH_VIEW

        return list(SEARCH_VIEW)
    from wco_cli.datasets import NAMES, dataset_class

    if command not in NAMES:
        return []
    kind = dataset_class(command)
    found: dict[str, None] = {}
    for view in kind.views.values():
        found.update(dict.fromkeys(view))
    found.update(dict.fromkeys(kind.detail_spec or {}))
    return list(found)


def is_field_list(word: str, known: list[str], positional: bool) -> bool:
    """Whether WORD after --json is its fields (see the module's rule); KNOWN: the command's
    fields; POSITIONAL: whether the command takes a positional argument."""
    if not _LIST.fullmatch(word):
        return False
    names = [name for name in word.split(",") if name]
    folded = {field.casefold() for field in known}
    return ("," in word or not positional
            or all(name.casefold() in folded for name in names))


def with_json_fields(command: str, args: list[str], positional: bool) -> list[str]:
    """ARGS with each `--json FIELDS` and `--json=FIELDS` as `--json --json-fields FIELDS`."""
    out: list[str] = []
    known: list[str] | None = None
    at = 0
    while at < len(args):
        arg = args[at]
        if arg == "--":
            out += args[at:]
            break
        if arg.startswith("--json="):
            out += ["--json", JSON_FIELDS, arg[len("--json="):]]
        elif arg == "--json" and at + 1 < len(args):
            if known is None:
                known = fields_of(command)
            if is_field_list(args[at + 1], known, positional):
                out += ["--json", JSON_FIELDS, args[at + 1]]
                at += 1
            else:
                out.append(arg)
        else:
            out.append(arg)
        at += 1
    return out


class JsonFieldsCommand(TyperCommand):
    """A command with the output options: reads `--json FIELDS` before Click parses the line."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if any(arg == "--json" or arg.startswith("--json=") for arg in args):
            positional = any(param.param_type_name == "argument" for param in self.params)
            args = with_json_fields(ctx.info_name or "", args, positional)
        return list(super().parse_args(ctx, args))
