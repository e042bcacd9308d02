"""The registry: every dataset, by name, and the module that describes it.

Modules are imported on first use, so a command pays only for the datasets it touches. The
order is the order of `wco validate`, `wco schema`, search results of equal rank and the export.
To add a dataset, add its module here (see README, "Adding a dataset").
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wco_cli.datasets.base import Dataset

REGISTRY: dict[str, str] = {
    "sources": "wco_cli.datasets.sources",
    "regions": "wco_cli.datasets.regions",
    "instruments": "wco_cli.datasets.instruments",
    "offices": "wco_cli.datasets.offices",
    "members": "wco_cli.datasets.members",
    "facts": "wco_cli.datasets.facts",
    "goals": "wco_cli.datasets.goals",
    "history": "wco_cli.datasets.history",
    "hs": "wco_cli.datasets.hs",
}

NAMES = tuple(REGISTRY)
# Datasets with files of their own in a folder of that name; every other is data/NAME.json, an
# array of records (its class's stored_as_records). Kept here so that code which only reads the
# files (the search's prebuilt index) imports no dataset module.
OWN_FOLDERS = ("hs",)


def record_files() -> tuple[str, ...]:
    """The datasets stored as data/NAME.json, in registry order."""
    return tuple(name for name in NAMES if name not in OWN_FOLDERS)


def dataset_class(name: str) -> type[Dataset]:
    """The Dataset subclass registered as NAME (its module's DATASET)."""
    return import_module(REGISTRY[name]).DATASET  # type: ignore[no-any-return]
