"""wco: a reference tool for the World Customs Organization, with sourced and dated data.

The library, without the command line:

    import wco_cli
    wco_cli.members.lookup("Ivory Coast")           # bundled data, loaded on first use
    db = wco_cli.Database("path/to/data")           # a data directory; Database() = bundled
    db.offices.rows(region="africa", as_of="2013")  # rows as `wco offices ... --json` prints

Importing this package reads no data and imports neither Typer nor Rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wco_cli.errors import Ambiguous, DataError, InvalidValue, NotFound, WcoError

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

    # The datasets of the bundled data, as a type checker sees them (made by __getattr__ below;
    # tests/test_typed_api.py checks that these are the registry's names).
    sources: Sources
    regions: Regions
    instruments: Instruments
    offices: Offices
    members: Members
    facts: Facts
    goals: Goals
    history: History
    council: Council
    hs: HarmonizedSystem

# Kept as a literal (read by hatchling) so that `wco --version` needs no importlib.metadata.
__version__ = "1.1.0"

__all__ = [
    "Ambiguous", "DataError", "Database", "InvalidValue", "NotFound", "WcoError", "__version__",
    "bundled", "search",
]

_bundled: Database | None = None


def bundled() -> Database:
    """The Database of the bundled data, shared by the module-level shortcuts."""
    global _bundled
    if _bundled is None:
        from wco_cli.store import Database

        _bundled = Database()
    return _bundled


def search(text: str, kind: str | None = None) -> list[dict[str, Any]]:
    """Ranked search of the bundled data, as `wco search` prints it."""
    return bundled().search(text, kind)


def __getattr__(name: str) -> Dataset[Any, Any] | type:
    """`wco_cli.Database`, and each dataset of the bundled data: `wco_cli.members`, ..."""
    if name == "Database":
        from wco_cli.store import Database

        return Database
    from wco_cli.datasets import REGISTRY

    if name in REGISTRY:
        return bundled().dataset(name)
    raise AttributeError(f"module 'wco_cli' has no attribute {name!r}")


def __dir__() -> list[str]:
    from wco_cli.datasets import NAMES

    return sorted([*__all__, *NAMES])
