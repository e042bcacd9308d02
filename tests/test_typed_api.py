"""The typed Python API (README, "The Python API"): a dataset's length and iteration are what its
command lists, `get` finds every code it did in one dict lookup, and every as-of date takes text,
a datetime.date, a datetime or an int year."""

from __future__ import annotations

import datetime
import inspect
from pathlib import Path
from typing import Any

import pytest

from wco_cli import Database, InvalidValue
from wco_cli.datasets import NAMES


@pytest.fixture(scope="module")
def db() -> Database:
    return Database()


# ---- len() and iteration: what the command lists -------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_len_and_iteration_are_the_rows_the_command_lists(db, wco, name):
    listed = wco(name, "--json").json()
    dataset = db.dataset(name)
    assert len(dataset) == len(listed)
    assert list(dataset) == listed == dataset.rows()


def test_the_eu_is_a_record_but_not_a_member_listed_or_counted(db):
    """188 records, 187 Members: the European Union is stored (its accession, its region) but
    is not a WCO Member, so `wco members` and len() leave it out, as `counted` says."""
    assert len(db.members.records) == len(db.members) + 1
    assert "european-union" not in {member["id"] for member in db.members}
    assert db.members.get("european-union")["counted"] is False
    assert len(db.members.rows(with_eu=True)) == len(db.members) + 1


@pytest.mark.parametrize("name, records_differ", [
    ("goals", "each record is a set; the command lists the sets' goals"),
    ("council", "each record is a term; the command lists the terms held today"),
    ("facts", "a fact with two values in force today is two rows"),
])
def test_where_records_and_rows_differ_len_is_the_rows(db, name, records_differ):
    dataset = db.dataset(name)
    assert len(dataset) == len(dataset.rows()) != len(dataset.records), records_differ


def test_iteration_hands_out_copies(db):
    for member in db.members:
        member["name"] = "changed"
    assert db.members.get("KEN")["name"] == "Kenya"


# ---- get: one dict lookup, the same answers ----------------------------------------------------

def _scanned(dataset: Any, code: str) -> Any:
    """What get() answered before its index: the first record in order with that code."""
    wanted = code.strip().casefold()
    for record in dataset.records:
        if any(c and c.casefold() == wanted for c in dataset.codes(record)):
            return record
    return None


@pytest.mark.parametrize("name", [n for n in NAMES if n != "hs"])  # hs.get takes HS codes
def test_get_answers_every_code_as_a_scan_in_order_would(db, name):
    dataset = db.dataset(name)
    for record in dataset.records:
        for code in dataset.codes(record):
            if code:
                for given in (code, code.upper(), code.lower(), f" {code} "):
                    assert dataset.get(given) == _scanned(dataset, given)
    assert dataset.get("no such code") is None and dataset.get("") is None


@pytest.mark.parametrize("code, member", [("KE", "kenya"), ("ken", "kenya"), ("Kenya", "kenya"),
                                          ("CIV", "cote-d-ivoire"),
                                          ("European-Union", "european-union")])
def test_get_by_id_and_iso_codes(db, code, member):
    assert db.members.get(code)["id"] == member


def test_get_hands_out_a_copy(db):
    db.offices.get("rilo-ap")["hosts"].clear()
    assert db.offices.get("rilo-ap")["hosts"]


# ---- as-of: text, date, datetime, int year, everywhere -------------------------------------------

def _date_parameters() -> list[tuple[str, str, str]]:
    """(dataset, method, parameter) of every public method taking a date: as_of, or facts.at's
    date."""
    found = []
    db = Database()
    for name in NAMES:
        dataset = db.dataset(name)
        for method in dir(dataset):
            function = getattr(dataset, method)
            if method.startswith("_") or not callable(function) or inspect.isclass(function):
                continue
            for param in inspect.signature(function).parameters.values():
                if param.name == "as_of" or "DateValue" in str(param.annotation):
                    found.append((name, method, param.name))
    return found


DATE_PARAMETERS = _date_parameters()


def test_the_date_parameters_are_found():
    found = {f"{name}.{method}" for name, method, _ in DATE_PARAMETERS}
    assert {"members.list_rows", "offices.count_notes", "facts.at", "regions.list_rows",
            "council.list_rows", "instruments.list_rows", "members.counted_on"} <= found


def _call(db: Database, target: tuple[str, str, str], value: object) -> Any:
    name, method, param = target
    required = {"key": "members"} if (name, method) in (("facts", "at"),
                                                         ("facts", "count_notes")) else {}
    return getattr(db.dataset(name), method)(**required, **{param: value})


@pytest.mark.parametrize("target", DATE_PARAMETERS, ids=".".join)
def test_every_date_takes_text_a_date_a_datetime_or_a_year(db, target):
    as_text = _call(db, target, "2013-06-05")
    assert _call(db, target, datetime.date(2013, 6, 5)) == as_text
    assert _call(db, target, datetime.datetime(2013, 6, 5, 23, 59)) == as_text
    assert _call(db, target, 2013) == _call(db, target, "2013")


@pytest.mark.parametrize("target", DATE_PARAMETERS, ids=".".join)
@pytest.mark.parametrize("bad", [13, 2013.0, True, b"2013", [2013], "2013-13", "", object()])
def test_a_bad_date_is_one_line_naming_the_argument(db, target, bad):
    with pytest.raises(InvalidValue) as caught:
        _call(db, target, bad)
    assert caught.value.field == target[2]
    assert "\n" not in str(caught.value) and str(caught.value).startswith(f"{target[2]}: ")


@pytest.mark.parametrize("name", ["offices", "facts", "instruments", "regions", "council"])
def test_answers_show_a_date_as_the_command_does(db, name):
    dataset = db.dataset(name)
    as_text = dataset.answer(filters={"as_of": "2013-06-05"})
    for value in (datetime.date(2013, 6, 5), datetime.datetime(2013, 6, 5, 23, 59)):
        answer = dataset.answer(filters={"as_of": value})
        assert answer.title == as_text.title
        assert answer.uncertain == as_text.uncertain
    assert "2013-06-05" in as_text.title


# ---- the TypedDicts describe what is handed out ----------------------------------------------

def _conforms(value: object, kind: Any) -> bool:
    """Is VALUE of the type KIND (a TypedDict of wco_cli.records, or what its fields use)?"""
    import types
    import typing

    if typing.is_typeddict(kind):
        hints = typing.get_type_hints(kind)
        return isinstance(value, dict) and kind.__required_keys__ <= set(value) <= set(hints) \
            and all(_conforms(value[key], hints[key]) for key in value)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, arg) for arg in args)
    if origin is typing.Literal:
        return value in args
    if origin is list:
        return isinstance(value, list) and all(_conforms(item, args[0]) for item in value)
    if kind is type(None):
        return value is None
    if kind in (int, float):
        return isinstance(value, (int, float) if kind is float else int) \
            and not isinstance(value, bool)
    return isinstance(value, kind)


def _types(name: str) -> tuple[Any, Any]:
    """The record and row TypedDicts Dataset[...] is parametrized with for dataset NAME."""
    import typing

    import wco_cli.records
    from wco_cli.datasets import dataset_class

    base = next(b for b in dataset_class(name).__orig_bases__ if typing.get_origin(b))
    record, row = (getattr(wco_cli.records, arg.__forward_arg__) for arg in typing.get_args(base))
    return record, row


@pytest.mark.parametrize("name", NAMES)
def test_every_record_and_row_is_of_its_typeddict(db, name):
    record_type, row_type = _types(name)
    dataset = db.dataset(name)
    records = dataset.records
    assert records and all(_conforms(record, record_type) for record in records)
    for as_of in ([None, "2013", "2021-06"] if "as_of" in dataset.filters else [None]):
        rows = dataset.rows(**({} if as_of is None else {"as_of": as_of}))
        assert rows and all(_conforms(row, row_type) for row in rows), as_of


def test_a_typeddict_that_does_not_fit_is_caught():
    from wco_cli.records import MemberRecord, MemberRow

    kenya = Database().members.get("KEN")
    assert _conforms(kenya, MemberRecord) and not _conforms(kenya, MemberRow)
    assert not _conforms({**kenya, "kind": "planet"}, MemberRecord)
    assert not _conforms({**kenya, "joined": 1990}, MemberRecord)
    assert not _conforms({k: v for k, v in kenya.items() if k != "note"}, MemberRecord)


def test_hs_codes_search_hits_and_batch_rows_are_of_their_typeddicts(db):
    from wco_cli.records import HsBatchRow, HsCode, HsSearchHit

    assert _conforms(db.hs.get("0901.21"), HsCode) and _conforms(db.hs.get("09"), HsCode)
    assert all(_conforms(hit, HsSearchHit) for hit in db.hs.search("roasted coffee"))
    lines = ["0901.21", 90121, None, float("nan"), "zz", ""]
    for to in (None, "2017"):
        assert all(_conforms(row, HsBatchRow) for row in db.hs.batch(lines, to=to))


def test_plans_sets_and_series_are_of_their_typeddicts(db):
    from wco_cli.records import FactRow, GoalSetRecord, GoalSetRow

    assert all(_conforms(row, GoalSetRow) for row in db.goals.set_rows())
    assert all(_conforms(plan, GoalSetRecord) for plan in db.goals.plans())
    assert _conforms(db.goals.latest_plan(), GoalSetRecord)
    assert all(_conforms(row, FactRow) for row in db.facts.series("members"))


def test_the_generated_types_are_current():
    """src/wco_cli/records.py is written from the specs by scripts/record_types.py."""
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "record_types.py"
    result = subprocess.run([sys.executable, str(script), "--check"], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_module_level_datasets_are_declared_for_type_checkers():
    import ast

    import wco_cli

    tree = ast.parse(Path(wco_cli.__file__).read_text(encoding="utf-8"))
    declared = [node.target.id for node in ast.walk(tree)
                if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and node.target.id in NAMES]
    assert declared == list(NAMES)


# ---- the tour: every documented call, type-checked -----------------------------------------

REPO = Path(__file__).resolve().parents[1]
TOUR = REPO / "examples" / "api_tour.py"


def test_the_tour_passes_mypy_strict():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(TOUR)], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tour_runs():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(TOUR)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert "'Côte d'Ivoire'" not in result.stderr and "(187, 188)" in result.stdout


def test_the_tour_makes_every_call_the_readme_documents():
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The Python API"):readme.index("## Rules every command")]
    # Calls in the examples (db.members.get(...)) and in the prose (`find(name)`, `len()`).
    documented = set(re.findall(r"(?:db|wco_cli)(?:\.[a-z_]+)*\.([a-z_]+)\(", section))
    documented |= set(re.findall(r"`(?:[a-z_]+\.)*([a-z_]+)\(", section))
    tour = TOUR.read_text(encoding="utf-8")
    assert {"get", "find", "answer", "count_notes", "batch", "len"} <= documented
    assert sorted(call for call in documented if f"{call}(" not in tour) == []
