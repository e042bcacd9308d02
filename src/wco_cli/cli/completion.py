"""Shell completion: values from the data, matched as names are (case and accents ignored, by
text.fold_words), and written so that the shell inserts each as one word.

A parameter with a value list takes a Values type (its shell_complete matches; Typer's own
`autocompletion` would keep only values starting with the typed text, case and accents
counted). Bash gets its own script (SCRIPT, served by `wco --show-completion bash` and
`--install-completion bash`) and its own reader of the line (BashComplete):

- the word being completed is read as bash has it: `Côte\\ d\\'I` or `"Côte` or `--region=e`;
- a candidate is written so that bash inserts it as one word: escaped with backslashes when the
  word is unquoted (`Bosnia\\ and\\ Herzegovina`), as the text inside the quote when the word
  opened one (bash then closes the quote);
- file names are offered only after a redirection and for an option that takes a FILE or DIR,
  never where a value list exists (the script has no `-o default`).

Other shells (zsh, fish, PowerShell) use Typer's scripts, with the same matching.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from typer._click.types import STRING, ParamType

# What a bash word means for the script: these lines ask it for file or directory names.
FILES, DIRS = ":files", ":dirs"
REDIRECTIONS = frozenset({"<", ">", ">>", "2>", "&>", "2>>", "<<<", ">|"})

SCRIPT = """
%(complete_func)s() {
    local IFS=$'\\n'
    local -a reply
    mapfile -t reply < <(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD="$COMP_CWORD" \\
        %(autocomplete_var)s=complete_bash "$1" 2>/dev/null)
    if [[ ${#reply[@]} -eq 1 && -z ${reply[0]} ]]; then
        COMPREPLY=()
    elif [[ ${reply[0]-} == :files ]]; then
        compopt -o default 2>/dev/null
        COMPREPLY=()
    elif [[ ${reply[0]-} == :dirs ]]; then
        compopt -o dirnames 2>/dev/null
        COMPREPLY=()
    else
        COMPREPLY=("${reply[@]}")
    fi
    return 0
}

complete -F %(complete_func)s %(prog_name)s
"""


class Values(ParamType):
    """A text parameter whose completion is OFFER(typed text[, context]): the values to offer,
    already matched."""

    name = "text"

    def __init__(self, offer: Callable[..., list[str]], with_context: bool = False) -> None:
        self.offer, self.with_context = offer, with_context

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return STRING.convert(value, param, ctx)

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> list[Any]:
        from typer._click.shell_completion import CompletionItem

        found = self.offer(incomplete, ctx) if self.with_context else self.offer(incomplete)
        return [CompletionItem(value) for value in dict.fromkeys(found)]


def matching(values: list[str], typed: str) -> list[str]:
    """VALUES whose folded words start with TYPED's (case, accents and punctuation ignored:
    'cote d' finds "Côte d'Ivoire", 'ken' "Kenya")."""
    from wco_cli.text import fold_words

    wanted = fold_words(typed)
    if not wanted:
        return [value for value in values if value.casefold().startswith(typed.casefold())]
    return [value for value in values if fold_words(value).startswith(wanted)]


def field_list(fields: list[str], typed: str, descending: bool = False) -> list[str]:
    """Completion of a comma list of FIELDS (--fields a,b,c): the fields not yet given that
    start with the last item, each after what was typed before it. DESCENDING: a field may be
    given as -FIELD (--sort)."""
    before, _, last = typed.rpartition(",")
    sign = ""
    if descending and last.startswith("-"):
        sign, last = "-", last[1:]
    given = {item.strip().casefold() for item in before.split(",")} if before else set()
    prefix = before + "," if before else ""
    return [prefix + sign + field for field in fields
            if field.casefold().startswith(last.casefold()) and field.casefold() not in given]


# ---- bash ---------------------------------------------------------------------------------------

def escaped(value: str, quote: str | None) -> str:
    """VALUE as bash reads it back as one word: inside the QUOTE the word opened (" or '), or
    with a backslash before every character a shell would act on."""
    if quote == '"':
        return "".join("\\" + ch if ch in '"\\$`' else ch for ch in value)
    if quote == "'":
        return value.replace("'", "'\\''")
    return "".join(ch if ch.isalnum() or ch in "@%+=:,./-_" else "\\" + ch for ch in value)


def unquoted(word: str) -> tuple[str, str | None]:
    """A word as bash has it on the command line, read as its value; and the quote it leaves
    open (None: none)."""
    from typer._click.shell_completion import split_arg_string

    quote = word[0] if word[:1] in ("'", '"') else None
    if quote is not None and len(word) > 1 and word.endswith(quote) \
            and not word.endswith("\\" + quote):
        quote = None
    return " ".join(split_arg_string(word)) if word else "", quote


def bash_words() -> tuple[list[str], int]:
    """The words bash gives (COMP_WORDS joined by new lines, as SCRIPT passes them, or by
    spaces) up to the one completed (COMP_CWORD)."""
    raw = os.environ.get("COMP_WORDS", "")
    words = raw.split("\n") if "\n" in raw else raw.split(" ")
    try:
        cword = int(os.environ.get("COMP_CWORD", ""))
    except ValueError:
        cword = len(words) - 1
    cword = max(0, min(cword, len(words)))
    return words[: cword + 1] + [""] * (cword + 1 - len(words)), cword


def joined_options(words: list[str]) -> list[str]:
    """WORDS with `--region`, `=`, `eu` joined again as `--region=eu`: bash breaks words at
    '=' (COMP_WORDBREAKS)."""
    out: list[str] = []
    glue = False
    for word in words:
        if word == "=" and out and out[-1].startswith("--") and "=" not in out[-1]:
            out[-1] += "="
            glue = True
        elif glue:
            out[-1] += word
            glue = False
        else:
            out.append(word)
    return out


def as_typed(values: list[str], typed: str) -> list[str]:
    """VALUES, each beginning as TYPED where it differs from it in case only, when there are
    several: bash replaces the word with what they have in common, and `ke` would otherwise
    become `K` (of KE and Kenya). The value keeps its meaning (names and codes are looked up
    with case ignored); one value is offered as it is written."""
    if len(values) < 2 or all(value.startswith(typed) for value in values):
        return values
    size = len(typed)
    return [typed + value[size:] if value[:size].casefold() == typed.casefold() else value
            for value in values]


def bash_class() -> type:
    """The bash completion class (Typer's, reading the line and writing candidates as above)."""
    from typer._click import shell_completion
    from typer._completion_classes import BashComplete as TyperBash

    class BashComplete(TyperBash):
        quote: str | None = None
        directive: str | None = None

        def source_vars(self) -> dict[str, Any]:
            return {"complete_func": self.func_name, "autocomplete_var": self.complete_var,
                    "prog_name": self.prog_name}

        def source(self) -> str:
            return (SCRIPT % self.source_vars()).strip()

        def get_completion_args(self) -> tuple[list[str], str]:
            words, cword = bash_words()
            if cword >= 2 and words[cword - 1] in REDIRECTIONS:
                self.directive = FILES
            words = joined_options(words[1:])
            if not words:
                return [], ""
            values = [unquoted(word)[0] for word in words[:-1]]
            if "=" in words[-1] and words[-1].startswith("--"):
                name, _, raw = words[-1].partition("=")
                incomplete, self.quote = unquoted(raw)
                return values, f"{name}={incomplete}"
            incomplete, self.quote = unquoted(words[-1])
            return values, incomplete

        def complete(self) -> str:
            args, incomplete = self.get_completion_args()
            if self.directive:
                return self.directive
            ctx = shell_completion._resolve_context(self.cli, self.ctx_args, self.prog_name,
                                                    args)
            obj, typed = shell_completion._resolve_incomplete(ctx, list(args), incomplete)
            if obj is ctx.command and incomplete.startswith("-"):
                # A value that starts with '-' (--sort -joined) for an option waiting for one.
                for param in ctx.command.get_params(ctx):
                    if shell_completion._is_incomplete_option(ctx, list(args), param):
                        obj, typed = param, incomplete
            values = [item.value for item in obj.shell_complete(ctx, typed)]
            if args and args[-1] == "--json" and "," in typed:  # --json name,iso_alpha2
                from wco_cli.cli.json_fields import fields_of

                values = field_list(fields_of(ctx.info_name or ""), typed)
            if not values:
                metavar = str(getattr(obj, "metavar", None) or "")
                if "FILE" in metavar:
                    return FILES
                if "DIR" in metavar:
                    return DIRS
            return "\n".join(escaped(value, self.quote) for value in as_typed(values, typed))

    return BashComplete


def use_wco_bash() -> None:
    """Bash completion by this module, for both the completing and the script Typer prints or
    installs (Typer keeps its scripts in one table, by shell)."""
    from typer import _completion_shared
    from typer._click.shell_completion import add_completion_class

    add_completion_class(bash_class(), "bash")
    _completion_shared._completion_scripts["bash"] = SCRIPT
