"""How a dataset is asked for its rows, declared once: its filters, its positional argument and
its switches, in the library's terms (no Typer here: the command line builds its options from
these, README's option lists are generated from them, and a test checks that each dataset's
`list_rows` takes exactly the filters it declares).

A Filter is one keyword argument of `list_rows` (and of `rows`): its name, what it takes, and
the kind of value. The kind says how the command line offers it:
    ENUM   one of the words of an enum field of the record spec: listed in the help, completed
    NAME   a record of a dataset, named by the lookup rule: completed from that dataset's names
    DATE   a date (`--as-of`): YYYY, YYYY-MM or YYYY-MM-DD
    YEAR   a year, as a whole number
    FLAG   on or off (`--with-eu`)
    TEXT   free text (`--grep`)
An Argument is the positional argument of a dataset's command that names one record (its detail
view); a Switch is an on-off option of the command that is not a filter (`--chart`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

ENUM, NAME, DATE, YEAR, FLAG, TEXT = "enum", "name", "date", "year", "flag", "text"
KINDS = (ENUM, NAME, DATE, YEAR, FLAG, TEXT)
# The metavar of each kind, where a filter does not give its own.
METAVARS = {DATE: "DATE", YEAR: "YEAR", TEXT: "TEXT"}


def one_of(values: Sequence[str]) -> str:
    """VALUES as a person reads a choice: 'a', 'a or b', 'a, b or c'."""
    if len(values) <= 1:
        return "".join(values)
    return f"{', '.join(values[:-1])} or {values[-1]}"


# Plain classes with slots rather than dataclasses: importing and building dataclasses costs
# start-up time, and every command imports this module.
class Filter:
    """One filter of a dataset's list: `list_rows(NAME=...)`, `--NAME` on the command line.

    TAKES is what it takes, for a person: the whole help text, or for an ENUM filter the words
    before its values (`Only events of this category`; empty: the values alone). FIELD is the
    record spec's enum field (default: NAME); DATASET the dataset a NAME filter names records
    of; IDS_IN_HELP lists that dataset's ids (of the bundled data) in the help. MORE is a
    sentence after the values. SHORT is a one-letter flag (`-r`); METAVAR stands for the value
    in help. REPEATABLE: the option may be given more than once (a list). POSITIONAL: given as
    the command's argument rather than as an option (`wco facts KEY`)."""

    __slots__ = ("name", "takes", "kind", "field", "dataset", "ids_in_help", "more", "short",
                 "metavar", "repeatable", "positional")

    def __init__(self, name: str, takes: str, kind: str = TEXT, *, field: str | None = None,
                 dataset: str | None = None, ids_in_help: bool = False, more: str = "",
                 short: str | None = None, metavar: str | None = None,
                 repeatable: bool = False, positional: bool = False) -> None:
        if kind not in KINDS:
            raise ValueError(f"filter {name}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if kind == NAME and not dataset:
            raise ValueError(f"filter {name}: a NAME filter names the dataset it refers to")
        self.name, self.takes, self.kind = name, takes, kind
        self.field = field or (name if kind == ENUM else None)
        self.dataset, self.ids_in_help, self.more = dataset, ids_in_help, more
        self.short, self.repeatable, self.positional = short, repeatable, positional
        self.metavar = metavar or METAVARS.get(kind) or name.upper()

    def __repr__(self) -> str:
        return f"Filter({self.name!r}, kind={self.kind!r})"

    @property
    def flag(self) -> str:
        """The option on the command line: `--joined-since` for joined_since."""
        return "--" + self.name.replace("_", "-")

    def values(self, record_spec: dict[str, Any]) -> tuple[str, ...]:
        """The words an ENUM filter takes, from RECORD_SPEC (empty for other kinds)."""
        if self.kind != ENUM or self.field is None:
            return ()
        from wco_cli.fields import enum_values

        return enum_values(record_spec[self.field])

    def help(self, record_spec: dict[str, Any], ids: Callable[[], list[str]] | None = None
             ) -> str:
        """The help text: TAKES, then an ENUM's values from RECORD_SPEC, or the ids IDS gives
        (IDS_IN_HELP), then MORE."""
        text = self.takes
        values = self.values(record_spec)
        if values:
            text = f"{text}: {one_of(values)}." if text else f"{one_of(values)}."
        elif self.ids_in_help:
            try:
                listed = ids() if ids is not None else []
            except Exception:  # noqa: BLE001 - a help text must never stop a command starting
                listed = []
            text = f"{text}; {self.metavar.strip('[]')} is one of: {', '.join(listed)}." \
                if listed else f"{text}."
        return f"{text} {self.more}" if self.more else text


def declare(*filters: Filter) -> dict[str, Filter]:
    """A dataset's filters by name, in the order of its `list_rows` arguments."""
    found: dict[str, Filter] = {}
    for given in filters:
        if given.name in found:
            raise ValueError(f"filter {given.name} is declared twice")
        found[given.name] = given
    return found


class Argument:
    """The positional argument that names one record for the detail view (`wco offices ID`).

    METAVAR shows it in help (`[ID]`), TAKES says what it shows. VERB is a word that may come
    before it and is ignored (`wco offices show ID`, kept from version 1). ALONE, when given,
    says the argument cannot be combined with the list's filters, naming it in the message
    ("a Member's NAME")."""

    __slots__ = ("metavar", "takes", "verb", "alone")

    def __init__(self, metavar: str, takes: str, *, verb: str | None = None,
                 alone: str | None = None) -> None:
        self.metavar, self.takes, self.verb, self.alone = metavar, takes, verb, alone

    @property
    def name(self) -> str:
        """The parameter's name: the metavar in lower case (`[NAME]`: name)."""
        return self.metavar.strip("[]").lower()


class Switch:
    """An on-off option of a dataset's command that is not a filter of its list (`--chart`).

    REQUIRES, when given, is the message for the switch used without the command's argument
    ("--chart draws one instrument's counts; give an ID")."""

    __slots__ = ("name", "takes", "requires")

    def __init__(self, name: str, takes: str, *, requires: str | None = None) -> None:
        self.name, self.takes, self.requires = name, takes, requires

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


# The filter of every dataset whose records are dated: the rows as things stood on a date.
AS_OF = Filter(
    "as_of", "As things stood on DATE: YYYY, YYYY-MM or YYYY-MM-DD. A year or month means its "
             "last day (2013 = 31 December 2013). Rows that may or may not hold then (a date "
             "known only as a range) come last, with status 'uncertain'.", DATE)
