"""The registry: one typed line per dataset in `Datasets`, from which the names, their order,
the record files and `db.NAME` all come."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import subprocess_env

from wco_cli import InvalidValue
from wco_cli.datasets import NAMES, REGISTRY, Datasets, Registered, dataset_class, record_files
from wco_cli.store import Database


def test_the_names_are_the_lines_of_datasets_in_order():
    declared = [name for name, value in vars(Datasets).items() if isinstance(value, Registered)]
    assert list(NAMES) == declared == list(REGISTRY)
    assert NAMES[:2] == ("sources", "regions") and NAMES[-1] == "hs"
    assert REGISTRY["members"] == "wco_cli.datasets.members"


def test_db_name_is_the_one_instance_of_the_registered_class():
    db = Database()
    for name in NAMES:
        dataset = getattr(db, name)
        assert type(dataset) is dataset_class(name) and dataset.name == name
        assert db.dataset(name) is dataset is getattr(db, name)
    assert [dataset.name for dataset in db.datasets()] == list(NAMES)
    assert Database().members is not db.members  # each Database has its own
    assert isinstance(Database.members, Registered)  # on the class: the registry entry


def test_a_name_that_is_no_dataset():
    db = Database()
    with pytest.raises(AttributeError, match="Database has no dataset or attribute 'memebrs'"):
        db.memebrs  # noqa: B018 - the attribute access is the test
    with pytest.raises(InvalidValue, match="did you mean 'members'"):
        db.dataset("memebrs")


def test_record_files_are_the_datasets_without_files_of_their_own():
    assert record_files() == tuple(n for n in NAMES if dataset_class(n).stored_as_records)
    assert "hs" not in record_files() and "members" in record_files()


def test_a_line_that_disagrees_with_its_class_is_refused():
    entry: Registered = Registered("wco_cli.datasets.members", stored_as_records=False)
    entry.__set_name__(Datasets, "members")
    with pytest.raises(TypeError, match="not what the registry declares"):
        entry.dataset_class()
    misnamed: Registered = Registered("wco_cli.datasets.members")
    misnamed.__set_name__(Datasets, "people")
    with pytest.raises(TypeError, match="not what the registry declares"):
        misnamed.dataset_class()


PROBE = """
import json, sys
from wco_cli.datasets import NAMES, record_files
from wco_cli.store import Database
db = Database()
record_files()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("wco_cli.datasets."))))
"""


def test_the_registry_imports_no_dataset_module_until_one_is_used():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            env=subprocess_env(), timeout=60, check=True)
    assert json.loads(result.stdout) == []
