"""The commands of `wco`, in the order `wco --help` lists them.

Every dataset of the registry has a command named after it, built from its declaration
(cli/dataset_commands.py), unless a module of this package has its name (hs: codes, searches
and conversions are more than a list of records). The commands that are no dataset's are the
modules here, each with EXAMPLES and command(); their one-line summaries are in MODULES, so that
`wco --help` lists every command without importing any of these modules.
"""

from __future__ import annotations

from wco_cli.datasets import NAMES

MODULES = {
    "hs": "The Harmonized System, every edition since 1992: codes, search, conversions, "
          "batches. Descriptions are UN Statistics Division's stand-alone descriptors, not the "
          "legal text.",
    "search": "Search the records of every dataset at once, best match first.",
    "schema": "Print the JSON Schema (draft 2020-12) of a command's --json output.",
    "validate": "Check every data file (bundled, --data-dir or WCO_DATA_DIR) and their "
                "references.",
    "export": "Write every dataset into a SQLite file (for sqlite-utils, Datasette or SQL).",
}
# Where a dataset's command goes in ORDER when ORDER does not name it: there, in registry order.
OTHER_DATASETS = "*"
ORDER = ("offices", "members", "regions", "facts", "goals", "history", "instruments",
         OTHER_DATASETS, "hs", "search", "sources", "schema", "validate", "export")


def command_names() -> tuple[str, ...]:
    """Every command, in the order of `wco --help`: ORDER's names that are a module here or a
    dataset of the registry, with the registry's other datasets where ORDER says."""
    known = set(MODULES) | set(NAMES)
    others = [name for name in NAMES if name not in ORDER and name not in MODULES]
    found: list[str] = []
    for name in ORDER:
        found += others if name == OTHER_DATASETS else [name] if name in known else []
    return tuple(found)


COMMANDS = command_names()
