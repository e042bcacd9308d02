"""HS codes as people type them: every repair made and said (a note), aggregates refused, and
the forms a spreadsheet, an invoice or a national tariff give all reaching the same code."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wco_cli.errors import InvalidValue, NotFound
from wco_cli.hscodes import codes, lookup, search, tables
from wco_cli.store import bundled_dir

DATA = bundled_dir()
SUBHEADINGS = lookup.codes(DATA, "2022", level="subheading")
tables.clear_cache()
PROPERTY = settings(max_examples=300, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("text, digits, said", [
    ("8517.1", "851710", "trailing zero restored (8517.10)"),
    ("4011.1", "401110", "trailing zero restored (4011.10)"),
    ("8517,1", "851710", "trailing zero restored (8517.10)"),  # a decimal comma
    ("090121.0", "090121", "trailing zero dropped (0901.21)"),
    ("8517.130", "851713", "trailing zero dropped (8517.13)"),
    ("0901210", "090121", "7 digits, read as 0901.21"),
    ("9012100", "901210", "with a leading zero lost it would be 0901.21"),
    ("0901-21", "090121", "0901-21: read as 0901.21"),
    ("0901,21", "090121", "0901,21: read as 0901.21"),
    ("HS 0901.21", "090121", "HS 0901.21: read as 0901.21"),
    ("hs:0901", "0901", "read as 0901"),
    ("901.2", "090120", "leading zero restored (0901.20)"),
    ("90121.00", "090121", "leading zero restored (0901.21)"),
])
def test_repairs_are_made_and_said(text: str, digits: str, said: str) -> None:
    found, notes = codes.normalize_code(text)
    assert found == digits
    assert any(said in note for note in notes), notes
    assert all(note.startswith(text) for note in notes)


@pytest.mark.parametrize("text, first, other", [("90121", "090121", "901210"),
                                                ("85171", "085171", "851710"),
                                                ("9012100", "901210", "090121")])
def test_ambiguous_digits_give_both_readings(text: str, first: str, other: str) -> None:
    assert [digits for digits, _ in codes.code_readings(text)] == [first, other]


def test_a_lookup_takes_the_reading_that_exists() -> None:
    # 0401.11 is no code, 4011.10 is: a trailing zero was lost, not a leading one.
    record = lookup.get(DATA, "40111")
    assert record["code"] == "401110" and "trailing zero restored" in record["notes"][0]
    assert lookup.get(DATA, "85171", edition="1992")["code"] == "851710"
    record = lookup.get(DATA, "90121")
    assert record["code"] == "090121" and "leading zero restored" in record["notes"][0]


def test_a_repair_that_finds_nothing_is_still_said() -> None:
    with pytest.raises(NotFound) as raised:
        lookup.get(DATA, "8517.1")
    message = str(raised.value)
    assert message.startswith("8517.1: trailing zero restored (8517.10)")
    assert "it exists in HS1992" in message


@pytest.mark.parametrize("text", ["TOTAL", "total", "ALL", "AG2", "AG4", "ag6", " AG6 "])
def test_comtrade_aggregates_are_not_codes(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        codes.normalize_code(text)
    assert raised.value.field == "code"
    assert f"'{text.strip()}' is UN Comtrade's total" in str(raised.value)
    assert "subheading (6)" in str(raised.value)


def forms(subheading: str) -> tuple[list[str], list[str]]:
    """SUBHEADING written every way the repairs cover: forms that can only be it, and forms
    whose digits could also be another code (an 8-digit line without its leading zero)."""
    dotted = f"{subheading[:4]}.{subheading[4:]}"
    sure = [subheading, dotted, f"{subheading[:4]} {subheading[4:]}",
            f"{subheading[:4]}-{subheading[4:]}", f"{subheading[:4]},{subheading[4:]}",
            f"HS {dotted}", f"hs{subheading}", f" {dotted} ", subheading + "00",
            subheading + "0000", f"{dotted}.00", f"{dotted}.00.00", f"{subheading}.0",
            f"{dotted}0", subheading + "0"]
    if subheading.endswith("0"):
        sure.append(f"{subheading[:4]}.{subheading[4]}")
    either = []
    if subheading.startswith("0"):
        sure += [subheading[1:], f"{subheading[1:4]}.{subheading[4:]}",
                 f"{subheading[1:4]}.{subheading[4:]}.00"]
        either.append(subheading[1:] + "00")
    return sure, either


PLAIN = 3  # the first forms, written as the HS writes codes: no note


@PROPERTY
@given(st.sampled_from(SUBHEADINGS), st.data())
def test_any_form_of_a_code_reaches_the_same_subheading(subheading: str,
                                                         data: st.DataObject) -> None:
    sure, either = forms(subheading)
    text = data.draw(st.sampled_from(sure))
    digits, notes = codes.normalize_code(text)
    assert digits == subheading, text
    assert bool(notes) == (text not in sure[:PLAIN] and text != f" {sure[1]} "), text
    assert lookup.get(DATA, text)["code"] == subheading
    for text in either:  # the other reading is there, and a lookup takes the one that exists
        readings = [digits for digits, _ in codes.code_readings(text)]
        assert subheading in readings
        if lookup.get(DATA, text)["code"] != subheading:
            assert readings[0] != subheading and readings[0] in SUBHEADINGS


JUNK = st.one_of(
    st.text(max_size=20),
    st.text(alphabet="0123456789 .,-HSsAGTOLal:#\t", max_size=16),
    st.builds(lambda a, sep, b: a + sep + b, st.from_regex(r"\A[0-9]{1,7}\Z"),
              st.sampled_from([".", "-", ",", " ", "..", ". ", "-."]),
              st.from_regex(r"\A[0-9]{0,7}\Z")),
)


@PROPERTY
@given(JUNK)
def test_junk_raises_only_the_projects_errors(text: str) -> None:
    try:
        readings = codes.code_readings(text)
    except InvalidValue as error:
        assert error.field == "code" and str(error).startswith("code: ")
        assert "\n" not in str(error)
        return
    assert readings and all(len(digits) in (2, 4, 6) and digits.isdigit()
                            for digits, _ in readings)
    try:
        lookup.get(DATA, text)
    except NotFound:
        pass
    assert codes.is_code([text])  # what reads as a code, the command line reads as one


@PROPERTY
@given(st.lists(st.text(max_size=12), min_size=1, max_size=4))
def test_is_code_never_raises_and_search_takes_any_text(words: list[str]) -> None:
    assert codes.is_code(words) in (True, False)
    text = " ".join(words)
    if text.strip():
        search.search(DATA, text, limit=3)


# --- The command line


@pytest.mark.parametrize("argv, code, note", [
    (["8517.13"], "851713", None),
    (["4011.1"], "401110", "trailing zero restored"),
    (["090121.0"], "090121", "trailing zero dropped"),
    (["9012100"], "901210", "7 digits"),
    (["0901-21"], "090121", "read as 0901.21"),
    (["0901,21"], "090121", "read as 0901.21"),
    (["HS", "0901.21"], "090121", "read as 0901.21"),
    (["HS 0901.21"], "090121", "read as 0901.21"),
    (["0901", "21"], "090121", None),
])
def test_cli_repairs_codes_and_says_so(argv: list[str], code: str, note: str | None) -> None:
    result = run("hs", *argv, "--json")
    assert result.exit_code == 0, result.stderr
    record = result.json()
    assert record["code"] == code
    if note is None:
        assert record["notes"] == [] and "note" not in result.stderr
    else:
        assert any(note in line for line in record["notes"])
        assert f"wco: note: {argv[0]}" in result.stderr
    table = run("hs", *argv)
    assert table.exit_code == 0 and (note is None or note in table.stderr)


def test_cli_a_repaired_code_that_does_not_exist_is_not_found() -> None:
    result = run("hs", "8517.1")
    assert result.exit_code == 1
    assert "trailing zero restored (8517.10)" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("word", ["TOTAL", "ALL", "AG2", "AG4", "AG6"])
def test_cli_refuses_aggregates_in_one_line(word: str) -> None:
    result = run("hs", word)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"'{word}'" in lines[0] and "e.g. 0901.21" in lines[0]


def test_cli_search_as_a_first_word_is_the_search() -> None:
    plain = run("hs", "roasted", "coffee", "--json").json()
    result = run("hs", "search", "roasted", "coffee", "--json")
    assert result.exit_code == 0 and result.json() == plain
    assert plain[0]["code"] == "090121"
    alone = run("hs", "search", "--json")  # the one word "search": words to look for
    assert alone.exit_code == 0 and isinstance(alone.json(), list)


# --- Lookups many times over: the same record, each copy the caller's own


@pytest.mark.parametrize("code, edition", [("0901.21", "2022"), ("09", 2022), ("0901", "HS2017"),
                                           ("90121", "2022"), ("8517.12", "2012")])
def test_a_repeated_lookup_equals_a_fresh_one(code: str, edition: object) -> None:
    tables.clear_cache()
    fresh = lookup.get(DATA, code, edition)  # type: ignore[arg-type]
    for _ in range(3):
        assert lookup.get(DATA, code, edition) == fresh  # type: ignore[arg-type]
    tables.clear_cache()
    assert lookup._build(DATA, code, edition) == fresh  # type: ignore[arg-type]


def _change_everything(record: dict[str, Any]) -> None:
    """Change RECORD as careless code would: its rows refuse, its fields and lists do not."""
    for row in (record["path"][0], record["children"][0]):
        with pytest.raises(TypeError, match="shared by every record"):
            row["description"] = "changed"
        with pytest.raises(TypeError, match="shared by every record"):
            del row["code"]
    copied = dict(record["path"][0])  # a copy is a plain dict to change
    copied["description"] = "changed"
    record["path"].append({"code": "x"})
    record["children"].clear()
    record["notes"].append("changed")
    record["description"] = "changed"


def test_copies_handed_out_stay_independent() -> None:
    tables.clear_cache()  # a record built one by one
    _change_everything(lookup.get(DATA, "09"))
    again = lookup.get(DATA, "09")
    assert again["description"].startswith("Coffee") and again["notes"] == []
    assert again["children"][0]["code"] == "0901" and len(again["path"]) == 2
    assert again["path"][0]["description"] == "Vegetable products"
    assert again["path"] is not lookup.get(DATA, "09")["path"]


@pytest.mark.parametrize("edition", [*codes.EDITIONS, "auto", 2017])
def test_every_record_from_an_edition_read_whole_equals_one_built(edition: object) -> None:
    # After lookup.TREE_AFTER lookups an edition is read whole and records come from its Tree:
    # every code's record must be the one built from the code as typed.
    tables.clear_cache()
    name = codes.DEFAULT_EDITION if edition == "auto" else codes.normalize_edition(edition)
    every = lookup.codes(DATA, name)
    for code in every[:lookup.TREE_AFTER]:
        lookup.get(DATA, code, edition)  # type: ignore[arg-type]
    assert tables.cached(DATA, "trees", dict)[edition] is not None
    for code in every:
        for written in {code, codes.dotted(code)}:  # both are read from the Tree
            made = lookup.get(DATA, written, edition)  # type: ignore[arg-type]
            assert made == lookup._build(DATA, written, edition), written  # type: ignore[arg-type]


def test_records_from_an_edition_read_whole_are_independent() -> None:
    tables.clear_cache()
    for code in lookup.codes(DATA, "2022")[:lookup.TREE_AFTER]:
        lookup.get(DATA, code)
    first = lookup.get(DATA, "0901")
    tree = tables.cached(DATA, "trees", dict)["2022"]
    assert tree.fields[tree.position["0901"]] is not None  # made from the Tree
    _change_everything(first)
    again = lookup.get(DATA, "0901")
    assert again["path"][1]["description"] == "Coffee, tea, mate and spices"
    assert len(again["path"]) == 3 and again["notes"] == []
    assert again["children"][0]["description"].startswith("Coffee; not roasted")
    assert again["description"].startswith("Coffee, whether")
    assert lookup.get(DATA, "09")["children"][0]["description"].startswith("Coffee, whether")


def test_the_memo_of_records_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookup, "MEMO_SIZE", 3)
    tables.clear_cache()  # records built one by one, not from a Tree
    for code in ("01", "02", "03", "04", "05"):
        assert lookup.get(DATA, code)["code"] == code
    assert len(tables.cached(DATA, "records", dict)) <= 3
    with pytest.raises(InvalidValue):
        lookup.get(DATA, "0901", True)  # type: ignore[arg-type]


def test_lookups_are_fast_after_the_first() -> None:
    import time

    sample = SUBHEADINGS[::7]
    for code in sample:
        lookup.get(DATA, code)
    start = time.perf_counter()
    for code in sample:
        lookup.get(DATA, code)
    per_second = len(sample) / (time.perf_counter() - start)
    assert per_second > 20_000  # a record built once is copied, not built again
