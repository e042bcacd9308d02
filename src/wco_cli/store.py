"""Database: one data directory, its datasets loaded lazily and cached per directory.

`Database()` reads the bundled data; `Database(path)` a directory with the same layout, whose
files are checked as they load (the bundled files are checked by the test suite instead, since
they cannot change after install). Several Database objects work side by side in one process.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wco_cli.datasets import ENTRIES, NAMES, Datasets, dataset_class
from wco_cli.errors import DataError, InvalidValue
from wco_cli.files import bundled_dir as bundled_dir  # where Database() reads by default
from wco_cli.files import load_json
from wco_cli.text import closest

if TYPE_CHECKING:
    from wco_cli.datasets.base import Dataset, Record

def read_json(path: Path) -> Any:
    """The JSON document of the bundled file PATH (read as files.load_json reads)."""
    return load_json(path.parent, path.name, strict=False)


class Database(Datasets):
    """The WCO data of one directory: `db.members`, `db.offices`, ... (each dataset of the
    registry, `Datasets`) and `db.search(...)`."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else bundled_dir()
        self.checked = path is not None and self.path.resolve() != bundled_dir().resolve()
        self._records: dict[str, list[Record]] = {}
        self._datasets: dict[str, Dataset] = {}

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    if not TYPE_CHECKING:  # at run time only: a type checker is to flag a misspelt dataset

        def __getattr__(self, name: str) -> Any:
            raise AttributeError(f"Database has no dataset or attribute {name!r}")

    def dataset(self, name: str) -> Dataset:
        """The dataset NAME (`db.dataset("members")` is `db.members`)."""
        if not isinstance(name, str):
            raise InvalidValue("dataset", name, f"a dataset's name is text, not {name!r:.60}",
                               NAMES)
        entry = ENTRIES.get(name)
        if entry is None:
            raise InvalidValue("dataset", name, f"no dataset '{name}'", NAMES,
                               closest(name, NAMES))
        return entry.of(self)

    def datasets(self) -> Iterator[Dataset]:
        return (entry.of(self) for entry in ENTRIES.values())

    # ---- loading ------------------------------------------------------------------------------

    def load(self, name: str) -> list[Record]:
        """The records of NAME.json, as copies (changing them changes no later answer)."""
        import copy

        self.dataset(name)  # a name that is not a dataset's: InvalidValue
        return copy.deepcopy(self._load(name))

    def _load(self, name: str) -> list[Record]:
        """The records of NAME.json themselves, read once (the datasets never change them);
        checked when they come from a user's directory."""
        if not dataset_class(name).stored_as_records:
            return self.dataset(name)._records
        if name not in self._records:
            path = self.path / f"{name}.json"
            records = self.read(path.name)
            if self.checked:
                problems = self.problems_of(name, records)
                if problems:
                    raise DataError(f"{path}: {problems[0]}")
            self._records[name] = records
        return self._records[name]

    def read(self, name: str) -> Any:
        """The JSON file NAME of the directory: strictly parsed when it is a user's."""
        return load_json(self.path, name, strict=self.checked)

    def meta(self) -> dict[str, Any]:
        meta = self.read("meta.json")
        if not isinstance(meta, dict) or not isinstance(meta.get("data_reviewed"), str):
            raise DataError(f"{self.path / 'meta.json'}: needs a 'data_reviewed' date")
        return meta

    def problems_of(self, name: str, records: Any, known: dict[str, set[str]] | None = None
                    ) -> list[str]:
        """Every problem of one file's records: shape, types, duplicate ids and references
        (to KNOWN ids, or to the other datasets, loaded for the purpose)."""
        if not isinstance(records, list):
            return ["expected a JSON array of records"]
        record_type = dataset_class(name).record_type()
        found: list[str] = []
        seen: set[str] = set()
        for index, record in enumerate(records, 1):
            label = f"record {index}"
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                label = f"record '{record['id']}'"
            found += [f"{label}: {problem}" for problem in record_type.problems(record)]
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                if record["id"] in seen:
                    found.append(f"{label}: duplicate id")
                seen.add(record["id"])
        if found:
            return found
        ids_of = dict(known or {})  # each target's ids, gathered once, not once per reference
        for record in records:
            for where, target, value in record_type.references(record):
                if target not in ids_of:
                    if known is not None:
                        continue  # the target file is unreadable: one problem, reported already
                    ids_of[target] = self._ids(name, target, records)
                if value not in ids_of[target]:
                    found.append(f"record '{record['id']}': {where} refers to unknown "
                                 f"{dataset_class(target).noun} '{value}'")
        return found

    def _ids(self, name: str, target: str, records: list[Record]) -> set[str]:
        source = records if target == name else self._load(target)
        return {record["id"] for record in source}

    def validate(self) -> tuple[dict[str, int], list[str]]:
        """Check every file of the directory at once, strictly: (record count per dataset, every
        problem), each problem naming its file, grouped by file, root causes first: a file that
        cannot be read is one problem, and references into it are not checked."""
        loaded: dict[str, list[Any]] = {}
        unreadable: list[str] = []
        for name in NAMES:
            if dataset_class(name).stored_as_records:
                try:
                    records = load_json(self.path, f"{name}.json")
                except DataError as error:
                    unreadable.append(str(error))
                    continue
                if not isinstance(records, list):
                    unreadable.append(f"{self.path / (name + '.json')}: expected a JSON array "
                                      "of records")
                    continue
                loaded[name] = records
        try:
            load_json(self.path, "meta.json")
            self.meta()
        except DataError as error:
            unreadable.append(str(error))
        known = {name: {r["id"] for r in records if isinstance(r, dict)
                        and isinstance(r.get("id"), str)}
                 for name, records in loaded.items()}
        problems = list(unreadable)
        for name, records in loaded.items():
            problems += [f"{self.path / (name + '.json')}: {problem}"
                         for problem in self.problems_of(name, records, known)]
        for dataset in self.datasets():
            problems += dataset.own_problems()
        return {name: len(records) for name, records in loaded.items()}, problems

    # ---- across datasets ------------------------------------------------------------------------

    def citations(self) -> dict[str, list[str]]:
        """Source id -> the records citing it, as 'dataset:id' (nested citations count for the
        record that holds them)."""
        cited: dict[str, list[str]] = {}
        for dataset in self.datasets():
            if dataset.name == "sources":
                continue
            for record in dataset._records:
                for source in sorted(_cited_in(record)):
                    cited.setdefault(source, []).append(f"{dataset.name}:{record['id']}")
        return cited

    def search(self, text: str, kind: str | None = None) -> list[dict[str, Any]]:
        """Ranked search across every searchable dataset, as `wco search` prints it."""
        from wco_cli.ranking import search

        return search(self, text, kind)


def _cited_in(obj: Any) -> set[str]:
    if isinstance(obj, dict):
        found = set(obj.get("sources") or ())
        for value in obj.values():
            if isinstance(value, (list, dict)):
                found |= _cited_in(value)
        return found
    if isinstance(obj, list):
        found = set()
        for item in obj:
            found |= _cited_in(item)
        return found
    return set()
