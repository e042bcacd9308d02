"""wco_cli.hscodes as a library: codes in every form and edition, errors that say what is wrong,
conversions through UNSD's tables, batch and CSV input, and search a person would rely on."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wco_cli.errors import InvalidValue, NotFound
from wco_cli.hscodes import batch, batch_input, codes, convert, fileformat, lookup, search, tables
from wco_cli.store import bundled_dir

DATA = bundled_dir()


pytestmark = pytest.mark.usefixtures("hs_caches_cleared")


def data_copy(tmp_path: Path, terms: object | None = None) -> Path:
    """A data directory of its own: the bundled HS files (copied: a symlink out of a data
    directory is refused), with TERMS as hs/terms.json or, when None, without everyday terms."""
    (tmp_path / "hs").mkdir()
    for path in (DATA / "hs").iterdir():
        if path.name != "terms.json":
            shutil.copyfile(path, tmp_path / "hs" / path.name)
    if terms is not None:
        (tmp_path / "hs" / "terms.json").write_text(json.dumps(terms), encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def texts_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data without everyday terms: search by the descriptions' words alone."""
    return data_copy(tmp_path_factory.mktemp("texts-only"))


def codes_of(rows: list[dict]) -> list[str]:
    return [row["code"] for row in rows]


# --- Codes typed in every form


@pytest.mark.parametrize("text, digits", [
    ("0901", "0901"), ("0901.21", "090121"), ("0901 21", "090121"), ("090121", "090121"),
    ("01", "01"), (" 0901.21 ", "090121"), ("8517.13", "851713"),
])
def test_normalize_code_accepts_the_usual_forms(text: str, digits: str) -> None:
    assert codes.normalize_code(text) == (digits, [])


@pytest.mark.parametrize("text, digits", [("901.21", "090121"), ("90121", "090121"),
                                          ("901", "0901")])
def test_leading_zero_lost_in_a_spreadsheet_is_restored_with_a_note(text: str, digits: str) -> None:
    found, notes = codes.normalize_code(text)
    assert found == digits
    assert len(notes) == 1 and "leading zero restored" in notes[0]


@pytest.mark.parametrize("text", ["85171300", "8517.13.00", "8517130000", "8517.13.00.00"])
def test_national_tariff_lines_are_cut_to_six_digits_with_a_note(text: str) -> None:
    found, notes = codes.normalize_code(text)
    assert found == "851713"
    assert "national extension" in notes[0]


# 1234567, 0901.2 and 0901-21 were refused here; they are repaired now (test_hs_repair.py).
@pytest.mark.parametrize("text", ["", "   ", "abc", "0901a", "123456789", "7", "０９０１",
                                  "09.01.21", "0901.2.1", "12345678901", "TOTAL", "AG6"])
def test_malformed_codes_raise_invalid_value_naming_the_code_field(text: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        codes.normalize_code(text)
    assert raised.value.field == "code"
    assert str(raised.value).startswith("code: ")


def test_non_ascii_digits_are_named_as_such() -> None:
    with pytest.raises(InvalidValue, match="non-ASCII digit"):
        codes.normalize_code("０９０１")


@pytest.mark.parametrize("digits", ["99", "9999", "999999"])
def test_comtrade_not_specified_codes_are_not_hs_codes(digits: str) -> None:
    assert "not an HS code" in codes.not_hs_reason(digits)
    with pytest.raises(NotFound, match="not specified according to kind"):
        lookup.get(DATA, digits)


@pytest.mark.parametrize("digits", ["77", "7701", "770100"])
def test_chapter_77_is_reserved(digits: str) -> None:
    assert "reserved" in codes.not_hs_reason(digits)
    with pytest.raises(NotFound, match="reserved for possible future use"):
        lookup.get(DATA, digits)


def test_ordinary_codes_have_no_reason_to_be_refused() -> None:
    assert codes.not_hs_reason("0901") is None and codes.not_hs_reason("970600") is None


# --- One code


def test_get_a_subheading_with_its_place_in_the_nomenclature() -> None:
    record = lookup.get(DATA, "0901.21")
    assert record["code"] == "090121" and record["code_dotted"] == "0901.21"
    assert record["level"] == "subheading" and record["edition"] == "2022"
    assert record["description"] == "Coffee; roasted, not decaffeinated"
    assert record["description_truncated"] is False
    assert (record["section"], record["section_title"]) == ("II", "Vegetable products")
    assert record["chapter"] == "09" and record["chapter_description"].startswith("Coffee, tea")
    assert record["heading"] == "0901" and record["heading_description"].startswith("Coffee,")
    assert [(p["level"], p["code_dotted"]) for p in record["path"]] == [
        ("section", "II"), ("chapter", "09"), ("heading", "0901"), ("subheading", "0901.21")]
    assert record["children"] == [] and record["notes"] == []


def test_get_a_chapter_and_a_heading_lists_their_children() -> None:
    chapter = lookup.get(DATA, "09")
    assert chapter["level"] == "chapter" and chapter["heading"] is None
    assert chapter["heading_description"] is None
    assert [c["code"] for c in chapter["children"]][:2] == ["0901", "0902"]
    assert all(c["level"] == "heading" for c in chapter["children"])
    heading = lookup.get(DATA, "0901")
    assert [c["code_dotted"] for c in heading["children"]] == [
        "0901.11", "0901.12", "0901.21", "0901.22", "0901.90"]


def test_get_keeps_the_normalisation_notes() -> None:
    assert lookup.get(DATA, "90121")["notes"][0].startswith("90121: leading zero restored")
    record = lookup.get(DATA, "0901210000")
    assert record["code"] == "090121" and "national extension" in record["notes"][0]


@pytest.mark.parametrize("edition, code", [
    ("1992", "8525.20"), ("1996", "8525.20"), ("2002", "8525.20"), ("2007", "8517.12"),
    ("2012", "8517.12"), ("2017", "8517.12"), ("2022", "8517.13"),
])
def test_every_edition_has_its_own_codes(edition: str, code: str) -> None:
    record = lookup.get(DATA, code, edition=edition)
    assert record["edition"] == edition and record["code_dotted"] == code
    assert record["section"] == "XVI"


@pytest.mark.parametrize("given", ["2017", 2017, "HS2017", "hs 2017", "H5"])
def test_edition_can_be_named_in_several_ways(given: object) -> None:
    assert lookup.get(DATA, "851712", edition=given)["edition"] == "2017"


def test_a_bad_edition_is_an_invalid_value_with_the_valid_ones() -> None:
    with pytest.raises(InvalidValue) as raised:
        lookup.get(DATA, "0901", edition="2023")
    assert raised.value.field == "edition"
    assert "2022" in raised.value.valid and raised.value.suggestion == "2022"


def test_missing_code_names_the_nearest_codes() -> None:
    with pytest.raises(NotFound) as raised:
        lookup.get(DATA, "0901.25")
    message = str(raised.value)
    assert "0901.25 is not an HS2022 code" in message
    assert "0901.21, 0901.22" in message
    assert raised.value.suggestion == "0901.22"


def test_missing_code_says_in_which_editions_it_exists() -> None:
    with pytest.raises(NotFound) as raised:
        lookup.get(DATA, "8517.12")
    assert "it exists in HS2007, HS2012, HS2017" in str(raised.value)
    with pytest.raises(NotFound, match="exists in HS2022"):
        lookup.get(DATA, "8517.13", edition="2017")


def test_truncated_descriptions_are_marked() -> None:
    record = lookup.get(DATA, "3827.62")
    assert record["description_truncated"] is True
    # Was: no mark in the text; a cut text now ends with the '…' the help promises.
    assert len(record["description"]) >= 250 and record["description"].endswith("above,…")
    assert lookup.get(DATA, "8462")["description_truncated"] is True
    # Near the cap but complete: not marked (the old rule marked every text of 250+).
    complete = lookup.get(DATA, "0106.19")
    assert complete["description_truncated"] is False
    assert complete["description"].endswith("rabbits and hares")


def test_records_are_fresh_dicts() -> None:
    first = lookup.get(DATA, "0901")
    first["children"].clear()
    first["description"] = "changed"
    again = lookup.get(DATA, "0901")
    assert again["description"].startswith("Coffee") and len(again["children"]) == 5
    rows = lookup.sections(DATA)
    rows[0]["title"] = "changed"
    assert lookup.sections(DATA)[0]["title"] == "Live animals; animal products"


def test_sections() -> None:
    rows = lookup.sections(DATA)
    assert len(rows) == 21
    assert rows[15] == {"section": "XVI", "number": 16, "chapters": "84-85",
                        "first_chapter": "84", "last_chapter": "85",
                        "title": rows[15]["title"]}
    assert rows[15]["title"].startswith("Machinery and mechanical appliances")


# --- Conversion


def test_convert_hs2022_to_hs2017_with_main_predecessor() -> None:
    result = convert.convert(DATA, "8517.13", to="2017")
    assert result["code"] == "851713" and result["edition"] == "2022" and result["to"] == "2017"
    assert result["via"] is None
    # Rows gained keys (partial, main, rank, path...): the old ones are unchanged.
    assert [{key: row[key] for key in ("code", "code_dotted", "relationship", "description")}
            for row in result["related"]] == [{
        "code": "851712", "code_dotted": "8517.12", "relationship": "n:1",
        "description": "Telephones for cellular networks or for other wireless networks"}]
    assert result["main_predecessor"] == "851712"
    assert (result["total"], result["omitted"]) == (1, 0)


def test_convert_hs2017_to_hs2022_reads_the_split_from_the_old_code() -> None:
    result = convert.convert(DATA, "8517.12", to="2022", edition="2017")
    related = {row["code"]: row["relationship"] for row in result["related"]}
    assert related["851713"] == related["851714"] == "1:n"  # 8517.12 was split
    assert result["main_predecessor"] is None and result["via"] is None


def test_convert_between_two_older_editions_goes_by_adjacent_steps() -> None:
    # Was: through HS2022, whose catch-all codes drowned the answer (the issue).
    result = convert.convert(DATA, "0101.21", to="1992", edition="2012")
    assert result["via"] == "2007, 2002, 1996"
    assert any("HS2012 > HS2007" in note for note in result["notes"])
    assert {row["code"] for row in result["related"]} == {"010111", "010120"}
    assert all(row["description"] for row in result["related"])
    phones = convert.convert(DATA, "8517.12", to="1992", edition="2012")
    assert phones["related"][0]["code"] == "852520"  # the strongest link comes first


def test_fan_out_is_capped_and_says_how_many_were_left_out() -> None:
    result = convert.convert(DATA, "8549", to="2017")
    assert result["total"] > 1000  # the README: about 1,019
    assert len(result["related"]) == 200
    assert result["omitted"] == result["total"] - 200
    assert any("11 subheadings" in note for note in result["notes"])
    everything = convert.convert(DATA, "8549", to="2017", limit=None)
    assert len(everything["related"]) == everything["total"] == result["total"]
    assert everything["omitted"] == 0


def test_convert_refuses_the_same_edition_and_reports_missing_codes() -> None:
    with pytest.raises(InvalidValue) as raised:
        convert.convert(DATA, "0901.21", to="2022")
    assert raised.value.field == "to"
    with pytest.raises(InvalidValue) as raised:
        convert.convert(DATA, "0901.21", to="2023")
    assert raised.value.field == "to"
    with pytest.raises(NotFound, match="exists in HS2007"):
        convert.convert(DATA, "8517.12", to="2017")


# --- Batch and CSV


def test_batch_keeps_order_and_turns_bad_lines_into_rows() -> None:
    lines = ["090121\n", "0901.21", "abc", "", "90121", "9999", "8517.12", "85171300", "0901"]
    rows = list(batch.batch(DATA, lines))
    assert [row["input"] for row in rows] == [line.rstrip("\n") for line in lines]
    assert [row["valid"] for row in rows] == [True, True, False, False, True, False, False,
                                              True, True]
    assert rows[0] == {"input": "090121", "code": "090121", "valid": True, "level": "subheading",
                       "description": "Coffee; roasted, not decaffeinated", "edition": "2022",
                       "note": None}
    assert rows[2]["code"] is None and "not an HS code" in rows[2]["note"]
    assert rows[3]["note"] == "blank line"
    assert "leading zero restored" in rows[4]["note"]
    assert "not specified according to kind" in rows[5]["note"]
    assert "exists in HS2007" in rows[6]["note"]
    assert rows[7]["code"] == "851713" and "national extension" in rows[7]["note"]
    assert rows[8]["level"] == "heading"


def test_batch_rows_of_repeated_and_dotted_lines_are_those_of_one_line_alone() -> None:
    # A repeated repaired or invalid line reuses its row, and 0901.21 skips the parsing: each
    # row must still be what the line alone gives, and a row of its own.
    lines = ["0901.21", "90121", "0901.99", "abc", "0101.21", "01012100", "8517.1", "0901.2"]
    alone = [next(batch.batch(DATA, [line])) for line in lines]
    assert [row["note"] for row in alone[:2]] == [None, alone[1]["note"]]
    assert alone[1]["note"] and "leading zero restored" in alone[1]["note"]
    rows = list(batch.batch(DATA, lines * 3))
    assert rows == alone * 3
    rows[1]["note"] = "changed"
    assert rows[len(lines) + 1]["note"] == alone[1]["note"]
    # A bad line whose text equals a good line's is never taken for it.
    bad = batch_input.BadLine("90121", "not UTF-8")
    assert list(batch.batch(DATA, ["90121", bad]))[1]["note"] == "not UTF-8"


def test_batch_with_conversion() -> None:
    rows = list(batch.batch(DATA, ["8517.13", "bad", "0901"], to="2017"))
    assert rows[0]["converted"] == ["851712"]
    assert rows[1]["converted"] == []
    assert rows[2]["converted"] == ["090111", "090112", "090121", "090122", "090190"]


def test_batch_is_lazy_and_checks_its_options_at_once() -> None:
    def endless():
        while True:
            yield "0901.21"

    rows = batch.batch(DATA, endless())
    assert next(rows)["code"] == "090121" and next(rows)["valid"]
    with pytest.raises(InvalidValue):
        batch.batch(DATA, [], to="2022")
    with pytest.raises(InvalidValue):
        batch.batch(DATA, [], edition="1900")


def test_csv_column_by_header_name() -> None:
    text = ["Item,HS code,qty\n", "coffee,0901.21,3\n", '"tea, green",0902.10,1\n', "short\n"]
    assert list(batch_input.csv_column(text, "HS code")) == ["0901.21", "0902.10", ""]
    assert list(batch_input.csv_column(text, " hs CODE ")) == ["0901.21", "0902.10", ""]


def test_csv_unknown_column_lists_the_header() -> None:
    with pytest.raises(InvalidValue) as raised:
        batch_input.csv_column(["Item,HS code\n", "a,0901\n"], "hscode")
    assert raised.value.field == "column"
    assert raised.value.valid == ("Item", "HS code")
    assert raised.value.suggestion == "HS code"


# --- Search. Mechanics are checked on the descriptions alone (texts_only), so that changes
# to the everyday terms cannot hide or fake them; a user's queries on the bundled data.


def test_search_smartphone_finds_the_smartphone_subheading_first(texts_only: Path) -> None:
    for data in (DATA, texts_only):
        rows = search.search(data, "smartphone")
        assert rows[0]["code"] == "851713"
        assert set(rows[0]) == {"code", "code_dotted", "level", "description", "score",
                                "matched", "matched_by"}  # matched_by: added with widening
    assert search.search(texts_only, "smartphone")[0]["matched"] == "words: smartphone"


def test_search_roasted_coffee_on_the_bundled_data() -> None:
    for query in ("coffee roasted", "roasted coffee", "Roasted COFFEE beans"):
        assert search.search(DATA, query)[0]["code"] == "090121", query
    assert "090122" in codes_of(search.search(DATA, "coffee roasted")[:3])


def test_search_words_in_any_order_with_plurals_and_case(texts_only: Path) -> None:
    for query in ("coffee roasted", "Roasted COFFEE", "roasted coffees"):
        assert set(codes_of(search.search(texts_only, query)[:2])) == {"090121", "090122"}


def test_search_every_word_must_match(texts_only: Path) -> None:
    rows = search.search(texts_only, "coffee roasted", limit=None)
    assert rows and all("coffee" in row["matched"] and "roasted" in row["matched"]
                        for row in rows)
    # A word matching nothing no longer empties the search (it widens: test_hs_search.py),
    # and the rows say it was not matched.
    rows = search.search(DATA, "coffee zzzzqx")
    assert rows and all(row["matched_by"] == "partial" and "not matched: zzzzqx" in row["matched"]
                        for row in rows)
    assert search.unmatched_words(DATA, "coffee zzzzqx") == ["zzzzqx"]
    assert search.unmatched_words(DATA, "cofee beans") == []


def test_search_never_matches_inside_other_words(texts_only: Path) -> None:
    for data in (DATA, texts_only):
        for query in ("drones", "drone", "dron", "dendron"):
            rows = search.search(data, query, limit=None)
            assert not any(row["code"].startswith("0602") for row in rows), query
    assert "060230" in codes_of(search.search(texts_only, "rhododendrons"))


def test_search_forgives_a_typo(texts_only: Path) -> None:
    rows = search.search(texts_only, "cofee roasted")
    assert set(codes_of(rows[:2])) == {"090121", "090122"}
    assert "coffee for 'cofee'" in rows[0]["matched"]
    # Two edits are forgiven in a word of 8 letters or more.
    assert codes_of(search.search(texts_only, "rhododendorns"))[0] == "060230"
    assert search.search(texts_only, "cofe") == []  # a word of 4 letters must be right
    assert search.search(DATA, "smartphnoe")[0]["code"] == "851713"


def test_search_forgives_accents_and_irregular_plurals(texts_only: Path) -> None:
    tomatoes = codes_of(search.search(texts_only, "tomatoes"))
    assert tomatoes and codes_of(search.search(texts_only, "TOMÂTOES")) == tomatoes
    assert codes_of(search.search(texts_only, "Rhododéndrons"))[:1] == ["060230"]
    knives = codes_of(search.search(texts_only, "knives", limit=5))
    assert knives and knives == codes_of(search.search(texts_only, "knife", limit=5))
    assert "610910" in codes_of(search.search(texts_only, "t-shirts"))
    assert codes_of(search.search(texts_only, "tshirt"))[0] == "610910"


def test_search_ranks_a_mention_under_a_negation_lower(texts_only: Path) -> None:
    rows = codes_of(search.search(texts_only, "smartphone", limit=None))
    assert rows.index("851713") < rows.index("851714")  # 8517.14: "other than smartphones"
    assert rows.index("851711") < rows.index("851714")  # found through its heading only
    for data in (DATA, texts_only):
        assert set(codes_of(search.search(data, "coffee not roasted")[:2])) == {"090111", "090112"}
        assert codes_of(search.search(data, "roasted coffee", limit=None)).index("090111") > 3


def test_search_finds_subheadings_through_their_heading_text(texts_only: Path) -> None:
    rows = {row["code"]: row for row in search.search(texts_only, "telephone base stations")}
    assert "851761" in rows
    assert "via heading 8517: telephone" in rows["851761"]["matched"]


def test_search_ranks_subheadings_above_headings_for_equal_evidence(texts_only: Path) -> None:
    rows = codes_of(search.search(texts_only, "coffee roasted", limit=None))
    assert rows.index("090121") < rows.index("0901")
    rows = codes_of(search.search(texts_only, "smartphone", limit=None))
    assert rows.index("851713") < rows.index("8517")


def test_search_a_code_puts_it_first() -> None:
    assert search.search(DATA, "0901.21")[0]["code"] == "090121"


def test_search_limit_and_older_editions(texts_only: Path) -> None:
    assert len(search.search(DATA, "parts", limit=3)) == 3
    assert search.search(texts_only, "cellular telephones", edition="2017")[0]["code"] == "851712"
    assert search.search(texts_only, "smartphone", edition="2017") == []  # a word of HS2022


def test_search_speed_after_load() -> None:
    import time

    queries = ["smartphone", "parts", "machine", "steel pipes", "choclate", "wooden furniture",
               "parts of aircraft engines", "rhododendorns", "roasted coffee beans"]
    for query in queries:
        search.search(DATA, query)
    start = time.perf_counter()
    for _ in range(3):
        for query in queries:
            search.search(DATA, query)
    per_query = (time.perf_counter() - start) / (3 * len(queries))
    assert per_query < 0.02  # goal 10 ms; twice that leaves room for a loaded CI machine


def test_everyday_terms_rank_first_and_forgive_typos(tmp_path: Path) -> None:
    data = data_copy(tmp_path, {"terms": [
        {"term": "laptop", "codes": ["8471.30"], "aliases": ["notebook computer"]},
        {"term": "drone", "codes": ["8806"]}]})
    laptop = search.search(data, "laptops")
    assert laptop[0]["code"] == "847130" and laptop[0]["matched"] == "everyday term 'laptop'"
    assert search.search(data, "labtop")[0]["code"] == "847130"
    assert search.search(data, "notebook computers")[0]["code"] == "847130"
    drones = codes_of(search.search(data, "drones"))
    assert drones[0] == "8806" and set(drones[1:4]) <= {"880610", "880621", "880622", "880623"}
    # HS2022 codes carried to an older edition through the correlation table.
    older = codes_of(search.search(data, "drone", edition="2017"))
    assert "880211" in older[:5]
    related = convert.convert(data, "8806", "2017", limit=None)["related"]
    assert set(older) <= {row["code"] for row in related}


def test_overlapping_and_scattered_terms(tmp_path: Path) -> None:
    data = data_copy(tmp_path, [
        {"term": "roasted coffee", "code": "090121"}, {"term": "coffee beans", "code": "090111"},
        {"term": "beef", "code": "020130"}, {"term": "frozen beef", "code": "020230"},
        {"term": "chicken", "code": "020711"}, {"term": "chicken wings", "code": "020714"}])
    # Each word of a term found in the query is matched by it: "beans" need not be in 0901.21.
    assert search.search(data, "roasted coffee beans")[0]["code"] == "090121"
    assert search.search(data, "coffee beans")[0]["code"] == "090111"
    # A term's words need not be next to each other; consecutive ones score higher.
    assert search.search(data, "frozen boneless beef")[0]["code"] == "020230"
    # "chicken" alone is hidden by the longer "chicken wings".
    rows = search.search(data, "chicken wings", limit=None)
    assert rows[0]["code"] == "020714" and "020711" not in codes_of(rows)
    # A negated word is no part of a term.
    assert search.search(data, "coffee not roasted")[0]["code"] in {"090111", "090112"}


def test_terms_as_a_plain_mapping(tmp_path: Path) -> None:
    data = data_copy(tmp_path, {"laptop": ["847130"], "e-bike": "8711.60"})
    assert search.search(data, "laptop")[0]["code"] == "847130"
    assert search.search(data, "e-bikes")[0]["code"] == "871160"


def test_two_data_directories_side_by_side(tmp_path: Path) -> None:
    other = data_copy(tmp_path)
    path = other / "hs" / "hs2022.txt"
    edition = tables.Edition("2022", other)
    texts = list(edition.descriptions)
    texts[edition.codes.index("090121")] = "Coffee; changed here"
    path.write_bytes(fileformat.table_bytes("2022", edition.codes, texts, edition.truncated))
    assert lookup.get(DATA, "090121")["description"] == "Coffee; roasted, not decaffeinated"
    assert lookup.get(other, "090121")["description"] == "Coffee; changed here"
    assert lookup.get(DATA, "090121")["description"] == "Coffee; roasted, not decaffeinated"


def test_missing_data_directory_is_a_data_error(tmp_path: Path) -> None:
    from wco_cli.errors import DataError

    with pytest.raises(DataError, match=r"hs2022\.txt: data file not found"):
        lookup.get(tmp_path, "0901")


def test_import_reads_nothing_and_compiles_no_regex() -> None:
    code = (
        "import builtins, re, sys, pathlib, typing, collections.abc, wco_cli.errors\n"
        "cached = lambda: sum(len(getattr(re, n, ())) for n in ('_cache', '_cache2'))\n"
        "before, opened, real = cached(), [], builtins.open\n"
        "builtins.open = lambda *a, **k: (opened.append(a[0]), real(*a, **k))[1]\n"
        "import importlib, os, wco_cli.hscodes as package\n"
        "for name in sorted(os.listdir(package.__path__[0])):\n"
        "    if name.endswith('.py'):\n"
        "        importlib.import_module('wco_cli.hscodes.' + name[:-3])\n"
        "assert cached() == before, 'a regex was compiled at import'\n"
        "assert not [p for p in opened if str(p).endswith('.json')], opened\n"
        "assert not {'json', 'typer', 'rich', 'csv'} & set(sys.modules), 'heavy import'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_module_level_dataset_is_the_api_the_readme_gives() -> None:
    """`wco_cli.hs` is the bundled HS dataset, whatever was imported before it."""
    code = ("import wco_cli\n"
            "print(wco_cli.hs.get('0901.21')['description'])\n"
            "import wco_cli.hscodes.search\n"
            "print(wco_cli.hs.search('roasted coffee')[0]['code'])\n"
            "print(wco_cli.hs.convert('8517.13', to='2017')['related'][0]['code'])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Coffee; roasted, not decaffeinated", "090121",
                                          "851712"]
