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


def dataset_class(name: str) -> type[Dataset]:
    """The Dataset subclass registered as NAME (its module's DATASET)."""
    return import_module(REGISTRY[name]).DATASET  # type: ignore[no-any-return]
