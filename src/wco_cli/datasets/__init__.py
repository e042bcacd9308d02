"""The registry: every dataset, declared once, as a typed attribute of every Database.

`members: Registered[Members] = Registered("wco_cli.datasets.members")` in `Datasets` below is
at once the registry entry (the name, and the module that describes the dataset) and what a
type checker knows `db.members` to be. `Database` inherits these attributes. Modules are
imported on first use, so a command pays only for the datasets it touches (the classes are
imported here for type checkers only). The order of the lines is the order of `wco validate`,
`wco schema`, search results of equal rank and the export. To add a dataset, add its line here
(see README, "Adding a dataset").
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

if TYPE_CHECKING:
    from wco_cli.datasets.base import Dataset
    from wco_cli.datasets.council import Council
    from wco_cli.datasets.facts import Facts
    from wco_cli.datasets.goals import Goals
    from wco_cli.datasets.history import History
    from wco_cli.datasets.hs import HarmonizedSystem
    from wco_cli.datasets.instruments import Instruments
    from wco_cli.datasets.members import Members
    from wco_cli.datasets.offices import Offices
    from wco_cli.datasets.regions import Regions
    from wco_cli.datasets.sources import Sources
    from wco_cli.store import Database

D_co = TypeVar("D_co", bound="Dataset[Any, Any]", covariant=True)


class Registered(Generic[D_co]):
    """One dataset of the registry, declared as a class attribute named after it. Read on a
    Database, it is that Database's instance of the dataset's class (made on first use, then
    cached); read on the class, it is this entry.

    MODULE is the module whose DATASET is the class. STORED_AS_RECORDS is False for a dataset
    with files of its own rather than data/NAME.json: its class says so too (checked when it is
    imported), and it is repeated here for code that reads only the files (the search's
    prebuilt index), which imports no dataset module."""

    def __init__(self, module: str, *, stored_as_records: bool = True) -> None:
        self.module = module
        self.stored_as_records = stored_as_records
        self.name = ""
        self._class: type[D_co] | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Registered({self.module!r})"

    @overload
    def __get__(self, db: None, owner: type) -> Registered[D_co]: ...

    @overload
    def __get__(self, db: Database, owner: type) -> D_co: ...

    def __get__(self, db: Database | None, owner: type) -> Registered[D_co] | D_co:
        return self if db is None else self.of(db)

    def of(self, db: Database) -> D_co:
        """DB's instance of the dataset (threads that race to make it all get the one kept)."""
        found = db._datasets.get(self.name)
        if found is None:
            found = db._datasets.setdefault(self.name, self.dataset_class()(db))
        return cast("D_co", found)  # made by this entry under its name, so of its class

    def dataset_class(self) -> type[D_co]:
        """The Dataset subclass of the module (imported on first use)."""
        found = self._class
        if found is None:
            kind = import_module(self.module).DATASET
            if kind.name != self.name or kind.stored_as_records != self.stored_as_records:
                raise TypeError(f"{self.module}.DATASET ({kind.name!r}, stored_as_records="
                                f"{kind.stored_as_records}) is not what the registry declares "
                                f"({self.name!r}, stored_as_records={self.stored_as_records})")
            found = self._class = kind
        return found


class Datasets:
    """Every dataset, one line each, in registry order: what `Database` offers as `db.NAME`."""

    sources: Registered[Sources] = Registered("wco_cli.datasets.sources")
    regions: Registered[Regions] = Registered("wco_cli.datasets.regions")
    instruments: Registered[Instruments] = Registered("wco_cli.datasets.instruments")
    offices: Registered[Offices] = Registered("wco_cli.datasets.offices")
    members: Registered[Members] = Registered("wco_cli.datasets.members")
    facts: Registered[Facts] = Registered("wco_cli.datasets.facts")
    goals: Registered[Goals] = Registered("wco_cli.datasets.goals")
    history: Registered[History] = Registered("wco_cli.datasets.history")
    council: Registered[Council] = Registered("wco_cli.datasets.council")
    hs: Registered[HarmonizedSystem] = Registered("wco_cli.datasets.hs", stored_as_records=False)


# Everything below is read from the lines above.
ENTRIES: dict[str, Registered[Dataset[Any, Any]]] = {
    name: entry for name, entry in vars(Datasets).items() if isinstance(entry, Registered)}
NAMES = tuple(ENTRIES)
REGISTRY: dict[str, str] = {name: entry.module for name, entry in ENTRIES.items()}


def record_files() -> tuple[str, ...]:
    """The datasets stored as data/NAME.json, in registry order (no dataset module imported)."""
    return tuple(name for name, entry in ENTRIES.items() if entry.stored_as_records)


def dataset_class(name: str) -> type[Dataset]:
    """The Dataset subclass registered as NAME (its module's DATASET)."""
    return ENTRIES[name].dataset_class()
