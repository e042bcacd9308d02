"""Fast HS lookups: db.hs.brief() hands out one shared, read-only row per code, the very row
db.hs.get() puts at the end of a code's path; the rows records share refuse any change, and a
copy of them is a plain dict a caller can change."""

from __future__ import annotations

import copy
import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wco_cli import Database
from wco_cli.errors import DataError, InvalidValue, NotFound, WcoError
from wco_cli.hscodes import codes, fileformat, lookup, tables
from wco_cli.hscodes.codes import SharedRow
from wco_cli.store import bundled_dir

DATA = bundled_dir()


pytestmark = pytest.mark.usefixtures("hs_caches_cleared")


@pytest.mark.parametrize("edition", codes.EDITIONS)
def test_brief_is_the_last_row_of_the_path_get_gives_for_every_code(edition: str) -> None:
    every = lookup.codes(DATA, edition)
    for code in every:
        row = lookup.brief(DATA, code, edition)
        assert row == lookup.get(DATA, code, edition)["path"][-1], code
        assert set(row) == {"code", "code_dotted", "level", "description"}
    # Once the edition is read whole, every call hands out the same row: no copy, no build.
    assert all(lookup.brief(DATA, code, edition) is lookup.brief(DATA, code, edition)
               for code in every)


def test_brief_reads_a_code_as_written_in_any_of_its_plain_forms() -> None:
    db = Database()
    expected = {"code": "090121", "code_dotted": "0901.21", "level": "subheading",
                "description": "Coffee; roasted, not decaffeinated"}
    for written in ("090121", "0901.21", " 0901.21 ", "0901 21"):
        assert db.hs.brief(written) == expected
    assert db.hs.brief("8517.12", 2017)["description"].startswith("Telephones for cellular")
    assert db.hs.brief("09", "auto")["level"] == "chapter"  # the default edition has it


def test_a_code_get_would_repair_is_refused_with_the_code_it_would_be() -> None:
    with pytest.raises(InvalidValue) as caught:
        lookup.brief(DATA, "901.21")
    assert caught.value.suggestion == "0901.21"
    assert "leading zero restored" in str(caught.value) and "get()" in str(caught.value)
    # An edition "auto" chose is a note too: the row could not say which edition it is from.
    with pytest.raises(InvalidValue) as caught:
        lookup.brief(DATA, "8517.12", "auto")
    assert "HS2017" in str(caught.value) and caught.value.suggestion is None


def test_brief_fails_as_get_fails() -> None:
    with pytest.raises(NotFound, match="nearest HS2022 codes"):
        lookup.brief(DATA, "0901.99")
    with pytest.raises(InvalidValue, match="valid: 1992"):
        lookup.brief(DATA, "0901.21", "2019")
    with pytest.raises(InvalidValue):
        Database().hs.brief("0901.21", True)  # type: ignore[arg-type]  # a bool is no edition


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.text(alphabet="0123456789. -,HSx", max_size=12),
    st.sampled_from(["0901.21", "901.21", "8517.1", "85171", "9012100", "TOTAL", "", "01"])),
    st.sampled_from(["2022", "2017", "1992", 2012, "auto"]))
def test_brief_answers_exactly_when_get_answers_without_notes(text: str, edition: object
                                                              ) -> None:
    try:
        record = lookup.get(DATA, text, edition)  # type: ignore[arg-type]
    except WcoError as error:
        with pytest.raises(type(error)) as caught:
            lookup.brief(DATA, text, edition)  # type: ignore[arg-type]
        assert str(caught.value) == str(error)
        return
    if record["notes"]:
        with pytest.raises(InvalidValue, match="brief"):
            lookup.brief(DATA, text, edition)  # type: ignore[arg-type]
    else:
        assert lookup.brief(DATA, text, edition) == record["path"][-1]  # type: ignore[arg-type]


def _shared_rows(record: dict[str, Any]) -> list[SharedRow]:
    return [*record["path"], *record["children"]]


@pytest.mark.parametrize("built", ["one by one", "from the edition read whole"])
def test_every_row_a_record_holds_refuses_any_change(built: str) -> None:
    if built != "one by one":
        for code in lookup.codes(DATA)[:lookup.TREE_AFTER]:
            lookup.get(DATA, code)
    record = lookup.get(DATA, "0901")
    before = json.dumps(record)
    changes = [lambda row: row.__setitem__("code", "x"), lambda row: row.__delitem__("code"),
               lambda row: row.clear(), lambda row: row.pop("code"), lambda row: row.popitem(),
               lambda row: row.setdefault("x", 1), lambda row: row.update(code="x")]
    for row in _shared_rows(record):
        assert isinstance(row, SharedRow)
        for change in changes:
            with pytest.raises(TypeError, match="shared by every record"):
                change(row)
        with pytest.raises(TypeError, match="shared by every record"):
            row |= {"code": "x"}
    assert json.dumps(lookup.get(DATA, "0901")) == before


def test_copies_of_a_record_are_plain_dicts_to_change() -> None:
    record = lookup.get(DATA, "0901")
    row = record["path"][-1]
    for plain in (dict(row), row.copy(), copy.copy(row), row | {"note": "mine"}):
        assert type(plain) is dict
        plain["description"] = "mine"
    deep = copy.deepcopy(record)
    assert deep == record and all(type(r) is dict for r in _shared_rows(deep))
    unpickled = pickle.loads(pickle.dumps(record))
    assert unpickled == record and all(type(r) is dict for r in _shared_rows(unpickled))
    deep["path"][-1]["description"] = "mine"
    assert lookup.get(DATA, "0901")["description"].startswith("Coffee, whether")


def test_json_reads_shared_rows_as_it_reads_dicts() -> None:
    record = lookup.get(DATA, "0901")
    plain = copy.deepcopy(record)
    assert json.dumps(record) == json.dumps(plain)
    assert json.dumps(record, indent=2) == json.dumps(plain, indent=2)  # the Python encoder
    assert json.loads(json.dumps(record)) == record


def test_a_code_that_is_not_text_is_refused_as_get_refuses_it() -> None:
    for value in (90121, None, 9.0121):
        with pytest.raises(InvalidValue, match="an HS code is text"):
            Database().hs.brief(value)  # type: ignore[arg-type]


def _without_heading_0901(tmp_path: Path) -> Path:
    """A copy of the bundled HS files whose HS2022 table lost heading 0901 (its subheadings
    kept): a table scripts/build_hs.py never writes."""
    (tmp_path / "hs").mkdir()
    for path in (DATA / "hs").iterdir():
        shutil.copyfile(path, tmp_path / "hs" / path.name)
    edition = tables.Edition("2022", tmp_path)
    kept = [i for i, code in enumerate(edition.codes) if code != "0901"]
    (tmp_path / "hs" / "hs2022.txt").write_bytes(fileformat.table_bytes(
        "2022", [edition.codes[i] for i in kept], [edition.descriptions[i] for i in kept],
        edition.truncated))
    return tmp_path


@pytest.mark.parametrize("built", ["one by one", "from the edition read whole"])
def test_a_code_without_its_heading_is_a_data_error(tmp_path: Path, built: str) -> None:
    data = _without_heading_0901(tmp_path)
    if built == "one by one":
        with pytest.raises(DataError, match=r"0901\.21 is there without one of its ancestors"):
            lookup.get(data, "0901.21")
        return
    with pytest.raises(DataError, match=r"0901\.11 is there without 0901; rebuild it"):
        for code in lookup.codes(data)[:lookup.TREE_AFTER]:
            lookup.get(data, code)
