"""Conversions between HS editions by UNSD's own tables or adjacent steps, and the HS in SITC
and BEC: ranked answers, and the built tables equal to UNSD's link for link."""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path

import pytest

from wco_cli.errors import InvalidValue
from wco_cli.hscodes import concordance, convert, tables
from wco_cli.hscodes.codes import EDITIONS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
# As tests/test_hs_build.py finds the upstream files (CI has ../shared beside the repo); a
# checkout elsewhere can point WCO_SHARED_HS at them.
SHARED = Path(os.environ.get("WCO_SHARED_HS")
              or Path(__file__).resolve().parents[2] / "shared" / "hs")
needs_shared = pytest.mark.skipif(not (SHARED / "concordance").is_dir(),
                                  reason=f"upstream HS tables not found at {SHARED}")
NOT_CODES = {"999999", "n/a", "na"}


def subheadings(year: str) -> list[str]:
    return [code for code in tables.edition_table(DATA, year).codes if len(code) == 6]


def answer(code: str, source: str, target: str) -> tuple[dict[str, convert.Link], list[str]]:
    found = convert.links(DATA, code, concordance.route(DATA, source, target))
    return found, convert.ranked(found, code)


# --- The examples


def test_laptops_from_hs2012_to_hs2017_are_one_row_one_to_one() -> None:
    result = convert.convert(DATA, "8471.30", to="2017", edition="2012")
    first = result["related"][0]
    assert (first["code"], first["relationship"], first["main"], first["partial"]) == \
        ("847130", "1:1", True, False)
    assert result["total"] == 1 and result["via"] is None and not result["derived"]
    assert result["path"] == ["2012", "2017"] and first["path"] == "2012>2017"


def test_sailboards_come_first_and_the_catch_alls_last() -> None:
    result = convert.convert(DATA, "9506.21", to="2022", edition="2017")
    rows = result["related"]
    assert rows[0]["code"] == "950621" and rows[0]["main"] and rows[0]["rank"] == 1
    assert result["main_code"] == "950621"
    assert result["catch_all"] == 13 == sum(row["catch_all"] for row in rows)
    assert all(row["code"][:4] in ("8524", "8529", "8549") for row in rows[1:])


def test_phones_split_and_the_display_modules_are_no_main_code() -> None:
    found, order = answer("851712", "2017", "2022")
    assert order[:2] == ["851713", "851714"]
    assert all(not found[code][2] for code in order if code.startswith("8524"))


def test_between_two_older_editions_the_way_is_adjacent_steps() -> None:
    result = convert.convert(DATA, "8517.12", to="1992", edition="2012")
    assert result["path"] == ["2012", "2007", "2002", "1996", "1992"]
    assert result["derived"] and result["via"] == "2007, 2002, 1996"
    assert result["related"][0]["code"] == "852520" and result["related"][0]["derived"]


def test_a_code_of_another_edition_is_read_in_it_with_auto() -> None:
    result = convert.convert(DATA, "8517.12", to="2022", edition="auto")
    assert result["edition"] == "2017"
    assert any("read as HS2017" in note for note in result["notes"])


def test_sitc_and_bec_with_descriptions_and_end_use() -> None:
    bec = convert.convert(DATA, "8471.30", to="bec4")
    assert bec["related"][0]["code"] == "41" and bec["related"][0]["end_use"] == "capital"
    sitc = convert.convert(DATA, "0901.21", to="sitc3", edition="2012")
    assert sitc["path"] == ["2012", "2017", "sitc3"] and sitc["derived"]
    assert sitc["related"][0]["code"] == "0712"
    assert sitc["related"][0]["description"] == "Coffee, roasted"
    old = convert.convert(DATA, "8471.30", to="sitc4", edition="1996")
    assert old["path"] == ["1996", "2002", "2007", "2012", "sitc4"]


def test_digits_aggregate_to_headings() -> None:
    result = convert.convert(DATA, "0901", to="2017", digits=4)
    assert [(row["code"], row["relationship"]) for row in result["related"]] == [("0901", "1:1")]
    assert result["main_code"] == "0901"
    with pytest.raises(InvalidValue):
        convert.convert(DATA, "0901", to="2017", digits=5)


def test_hs2028_is_refused_saying_what_is_known() -> None:
    with pytest.raises(InvalidValue) as raised:
        convert.convert(DATA, "0901.21", to="2028")
    message = str(raised.value)
    assert "1 January 2028" in message and "299 sets" in message and "\n" not in message
    history = json.loads((DATA / "history.json").read_text(encoding="utf-8"))
    accepted = next(event for event in history
                    if event["id"] == "2026-01-21-hs-2028-amendments-accepted")
    assert "299 sets" in accepted["note"] and "1 January 2028" in accepted["note"]


# --- Every code


@pytest.mark.parametrize("source", EDITIONS)
def test_every_code_unchanged_through_unchanged_steps_is_one_to_one(source: str) -> None:
    """A code whose every adjacent step is 'the same code, 1:1' converts to itself alone, 1:1,
    to every other edition, whichever tables the way takes."""
    for target in EDITIONS:
        if target == source:
            continue
        low, high = sorted((EDITIONS.index(source), EDITIONS.index(target)))
        steps = [concordance.table(DATA, EDITIONS[i + 1], EDITIONS[i]) for i in range(low, high)]
        for code in subheadings(source):
            if not all(step is not None and step.down.get(code) == [(code, "1:1", False)]
                       and [n for n, _, _ in step.up.get(code, ())] == [code] for step in steps):
                continue
            found, order = answer(code, source, target)
            assert order[0] == code and found[code][:3] == ("1:1", False, True), \
                (source, target, code, found)
            assert [c for c in order if not found[c][3]] == [code], (source, target, code)


@cache
def upstream(file: str) -> list[list[str]]:
    with (SHARED / file).open(newline="", encoding="utf-8-sig") as handle:
        rows = [[cell.strip() for cell in row] for row in csv.reader(handle)][1:]
    return [row for row in rows if row and row[0].zfill(6) not in NOT_CODES
            and row[1] not in NOT_CODES and row[1].zfill(6) != "999999"]


def input_files(newer: str, older: str) -> tuple[str | None, str | None]:
    if older.isdigit() and newer == "2022":
        return (f"unsd/hs2022_hs{older}_correlation.csv", f"unsd/hs2022_hs{older}_conversion.csv")
    stem = f"concordance/hs{newer}_{'hs' + older if older.isdigit() else older}"
    found = [f"{stem}_{kind}.csv" for kind in ("correlation", "conversion")]
    return tuple(name if (SHARED / name).is_file() else None for name in found)  # type: ignore


def code_of(cell: str, hs: bool) -> str:
    return cell.split(".")[0].zfill(6) if hs else cell


@needs_shared
@pytest.mark.parametrize("entry", concordance.manifest(DATA)["tables"],
                         ids=lambda entry: entry["file"])
def test_every_table_matches_unsd_link_for_link(entry: dict[str, str]) -> None:
    """Each code of each table, both ways, answers exactly UNSD's pairs and relationships, and
    UNSD's conversion sheet's main code is the main one."""
    newer, older = entry["newer"], entry["older"]
    correlation, conversion = input_files(newer, older)
    hs_older = older.isdigit()
    pairs: dict[tuple[str, str], str] = {}
    if correlation:
        for row in upstream(correlation):
            pairs[(code_of(row[0], True), code_of(row[1], hs_older))] = row[2]
    main = {code_of(row[0], True): code_of(row[1], hs_older)
            for row in (upstream(conversion) if conversion else [])}
    if not correlation:
        pairs = {pair: "" for pair in main.items()}
    down: dict[str, dict[str, str]] = {}
    up: dict[str, dict[str, str]] = {}
    for (new, old), relationship in pairs.items():
        relationship = {"1ToN": "1:n"}.get(relationship, relationship)
        down.setdefault(new, {})[old] = relationship
        up.setdefault(old, {})[new] = relationship
    checked = 0
    for new, expected in down.items():
        found = convert.links(DATA, new, concordance.route(DATA, newer, older))
        assert set(found) == set(expected), (new, found, expected)
        for old, relationship in expected.items():
            assert not relationship or found[old][0] == relationship, (new, old)
        if new in main and main[new] in found:
            assert found[main[new]][2], (new, main[new])
        checked += 1
    if hs_older:
        for old, expected in up.items():
            found = convert.links(DATA, old, concordance.route(DATA, older, newer))
            assert set(found) == set(expected), (old, found, expected)
            assert all(found[new][0] == rel[::-1] for new, rel in expected.items()), old
            checked += 1
    assert checked >= 5000


@needs_shared
@pytest.mark.parametrize("target", [*EDITIONS, "sitc3", "sitc4", "bec4"])
def test_derived_answers_are_the_composition_of_unsds_steps(target: str) -> None:
    """Where no UNSD table joins two classifications, the answer is every code reached by
    chaining UNSD's adjacent tables, as read from the input files."""
    for source in EDITIONS:
        steps = concordance.route(DATA, source, target) if source != target else []
        if len(steps) < 2:
            continue
        maps = []
        for found_table, downward in steps:
            correlation, conversion = input_files(found_table.newer, found_table.older)
            rows = upstream(correlation or conversion)  # type: ignore[arg-type]
            hs_older = found_table.older.isdigit()
            step: dict[str, set[str]] = {}
            for row in rows:
                new, old = code_of(row[0], True), code_of(row[1], hs_older)
                key, value = (new, old) if downward else (old, new)
                step.setdefault(key, set()).add(value)
            maps.append(step)
        for code in subheadings(source):
            reached = {code}
            for step in maps:
                reached = {value for key in reached for value in step.get(key, ())}
            assert set(convert.links(DATA, code, steps)) == reached, (source, target, code)


# --- From SITC or BEC back to the HS


def _unsd_pairs(name: str, width: int = 2) -> list[list[str]]:
    with (SHARED / "concordance" / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return [[row[0].zfill(6), row[1]] for row in rows
            if row[0].zfill(6) not in NOT_CODES and row[1].lower() not in NOT_CODES]


@needs_shared
@pytest.mark.parametrize("edition, classification", [("2022", "sitc4"), ("2017", "sitc3"),
                                                     ("2022", "bec4"), ("2012", "sitc4")])
def test_every_sitc_or_bec_code_gives_the_hs_codes_unsd_pairs_it_with(
        edition: str, classification: str) -> None:
    expected: dict[str, set[str]] = {}
    for hs, other in _unsd_pairs(f"hs{edition}_{classification}_correlation.csv"):
        expected.setdefault(other, set()).add(hs)
    mains: dict[str, set[str]] = {}
    for hs, other in _unsd_pairs(f"hs{edition}_{classification}_conversion.csv") \
            if (SHARED / "concordance" / f"hs{edition}_{classification}_conversion.csv"
                ).is_file() else []:
        mains.setdefault(other, set()).add(hs)
    for other, codes in expected.items():
        result = convert.convert_from(DATA, other, classification, edition, limit=None)
        assert not result["derived"] and result["path"] == [classification, edition]
        assert {row["code"] for row in result["related"]} == codes, other
        assert [row["rank"] for row in result["related"]] == list(range(1, len(codes) + 1))
        if mains:
            # The main codes are those UNSD's conversion sheet converts to this code, first;
            # a catch-all code is not one beside an ordinary code (as the other way round).
            main = {row["code"] for row in result["related"] if row["main"]}
            catch = {row["code"] for row in result["related"] if row["catch_all"]}
            unsd = mains.get(other, set()) & codes
            assert main <= unsd and unsd - main <= catch, other
            tiers = [convert.TIERS.index("main") if row["main"] else 1
                     for row in result["related"]]
            assert tiers == sorted(tiers), other


def test_coffee_from_sitc4_to_the_hs() -> None:
    result = convert.convert_from(DATA, "0711", "sitc4")
    assert [row["code"] for row in result["related"]] == ["090111", "090112"]
    assert result["edition"] == "sitc4" and result["to"] == "2022" and result["main_code"] is None
    assert "0711 converted through its 2 codes" in result["notes"][0]
    one = convert.convert_from(DATA, "07111", "sitc4")
    assert one["main_code"] == "090111" and one["related"][0]["relationship"] == "1:1"
    # Another edition: by UNSD's table to HS2012's nearest edition, then HS steps (derived).
    old = convert.convert(DATA, "071", to="1992", edition="sitc4")
    assert old["derived"] and old["path"] == ["sitc4", "2012", "2007", "2002", "1996", "1992"]
    assert {"090111", "090112"} <= {row["code"] for row in old["related"]}


def test_a_bec_category_lists_its_hs_codes_each_taking_part() -> None:
    result = convert.convert_from(DATA, "111", "bec4", "2022", limit=5)
    assert result["total"] > 50 and result["omitted"] == result["total"] - 5
    assert all(row["relationship"] == "1:n" and row["partial"] for row in result["related"])


@pytest.mark.parametrize("code, classification, to, problem", [
    ("99999", "sitc4", "2022", "99999 is not a SITC Rev.4 code"),
    ("07x1", "sitc4", "2022", "a SITC Rev.4 code is 1 to 5 digits"),
    ("0711", "sitc4", "sitc3", "give an HS edition"),
])
def test_a_bad_sitc_or_bec_code_is_named(code: str, classification: str, to: str,
                                          problem: str) -> None:
    from wco_cli.errors import NotFound

    with pytest.raises((InvalidValue, NotFound), match=problem):
        convert.convert_from(DATA, code, classification, to)


def test_the_command_reads_a_sitc_code_with_from() -> None:
    from conftest import run

    result = run("hs", "0711", "--from", "sitc4", "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["code"] for row in rows] == ["090111", "090112"]
    assert rows[0]["path"] == "sitc4>2022" and rows[0]["main"] and rows[0]["rank"] == 1
    assert "converted through its 2 codes" in result.stderr
    older = json.loads(run("hs", "07111", "--from", "SITC4", "--edition", "2017",
                           "--json").stdout)
    assert [row["code"] for row in older] == ["090111"]
    for args, said in ((("--from", "sitc9"), "--from: 'sitc9' is not SITC or BEC"),
                       (("--from", "sitc4", "--to", "2017"), "--from converts one CODE"),
                       (("--from", "sitc4", "--edition", "2030"), "--edition: '2030'")):
        refused = run("hs", "0711", *args)
        assert refused.exit_code == 2 and said in refused.stderr, refused.stderr
        assert refused.stderr.count("\n") == 1
    missing = run("hs", "99999", "--from", "sitc4")
    assert missing.exit_code == 1 and "99999 is not a SITC Rev.4 code" in missing.stderr
