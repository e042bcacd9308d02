"""The HS text files as the library reads them: sorted lines found by bisection, descriptions
read where they lie, and a damaged or replaced file reported as a DataError naming it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wco_cli.errors import DataError
from wco_cli.hscodes import fileformat, lookup, search, tables
from wco_cli.store import bundled_dir

DATA = bundled_dir()
KEY = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\t\n\r"),
              max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEY, st.text(alphabet="abc \t", max_size=6), max_size=40), KEY)
def test_sorted_lines_find_every_key_and_only_those(pairs: dict[str, str], probe: str) -> None:
    body = fileformat.sorted_lines(pairs.items())
    lines = fileformat.SortedLines(b"header\n" + body + b"tail", 7, 7 + len(body))
    for key, value in pairs.items():
        assert lines.get(key) == value
    assert lines.get(probe) == pairs.get(probe)
    ordered = sorted(pairs, key=str.encode)
    assert lines.keys() == ordered
    assert lines.keys_from(probe) == [key for key in ordered if key.startswith(probe)]


def copy_hs(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "hs", tmp_path / "hs")
    return tmp_path


@pytest.mark.parametrize("damage", [
    lambda text: b"not json\n" + text.split(b"\n", 1)[1],
    lambda text: text.replace(b'"format":3', b'"format":2', 1),
    lambda text: text[:text.index(b"\n") + 1] + b"0101 0102\n" + text.split(b"\n", 2)[2],
    lambda text: b"",
])
def test_a_damaged_code_table_is_a_data_error_naming_it(tmp_path: Path, damage) -> None:
    data = copy_hs(tmp_path)
    path = data / "hs" / "hs2022.txt"
    path.write_bytes(damage(path.read_bytes()))
    tables.clear_cache()
    with pytest.raises(DataError, match=r"hs2022\.txt"):
        lookup.get(data, "0901")


def test_a_damaged_index_is_a_data_error_naming_it(tmp_path: Path) -> None:
    data = copy_hs(tmp_path)
    path = data / "hs" / "hs2022_index.txt"
    path.write_bytes(path.read_bytes()[:-100])
    tables.clear_cache()
    assert lookup.get(data, "0901")["code"] == "0901"  # a lookup does not read the index
    with pytest.raises(DataError, match=r"hs2022_index\.txt: its parts do not add up"):
        search.search(data, "coffee")


def test_a_table_replaced_after_reading_is_noticed(tmp_path: Path) -> None:
    data = copy_hs(tmp_path)
    tables.clear_cache()
    assert lookup.get(data, "0901")["description"].startswith("Coffee")
    path = data / "hs" / "hs2022.txt"
    path.write_bytes(path.read_bytes().replace(b"Coffee", b"Tea   "))
    with pytest.raises(DataError, match="changed since it was read"):
        lookup.get(data, "0902")
    tables.clear_cache()
    assert lookup.get(data, "0901")["description"].startswith("Tea")


def test_descriptions_read_one_by_one_equal_the_whole_table() -> None:
    tables.clear_cache()
    edition = tables.edition_table(DATA, "2017")
    some = [*list(range(0, len(edition.codes), 97)), len(edition.codes) - 1]
    one_by_one = edition.descriptions_at(some)
    assert one_by_one == [edition.descriptions[i] for i in some]
    assert all(text and "\n" not in text for text in edition.descriptions)
