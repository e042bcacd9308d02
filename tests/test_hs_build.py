"""The committed data/hs files: a fresh build from ../shared/hs equals them byte for byte, and
their counts are the upstream README's table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wco_cli.hscodes import concordance, fileformat, tables

REPO = Path(__file__).resolve().parents[1]
# CI clones the repo at X with the upstream files at X/../shared; WCO_SHARED_HS overrides that.
SHARED = Path(os.environ.get("WCO_SHARED_HS")
              or Path(__file__).resolve().parents[2] / "shared" / "hs")
COMMITTED = REPO / "data" / "hs"
NOT_BUILT = {"terms.json"}  # written by hand, not by scripts/build_hs.py

# The upstream README's table, copied here rather than imported from the build script, so that
# a wrong edit of the script's table cannot pass unnoticed.
COUNTS = {  # edition: (chapters, headings, subheadings)
    "1992": (96, 1241, 5020), "1996": (96, 1241, 5113), "2002": (96, 1244, 5224),
    "2007": (96, 1221, 5052), "2012": (96, 1224, 5205), "2017": (96, 1222, 5387),
    "2022": (96, 1228, 5612),
}
# Correlation rows per README, which count the 999999 row the build leaves out.
CORRELATION_ROWS = {"1992": 18900, "1996": 18600, "2002": 18242, "2007": 16635, "2012": 16377,
                    "2017": 15657}


def load(name: str) -> dict:
    return json.loads((COMMITTED / name).read_text(encoding="utf-8"))


def edition(year: str) -> tables.Edition:
    """The committed code table and index of one edition, as the library reads them."""
    return tables.Edition(year, COMMITTED.parent)


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (SHARED / "comtrade").is_dir():
        pytest.skip(f"upstream HS files not found at {SHARED}: nothing to rebuild from")
    out = tmp_path_factory.mktemp("hs")
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_hs.py"), "--shared", str(SHARED),
                    "--out", str(out)], check=True, capture_output=True, text=True)
    return out


def test_fresh_build_equals_committed_files(fresh_build: Path) -> None:
    built = sorted(path.name for path in fresh_build.iterdir())
    committed = sorted(path.name for path in COMMITTED.iterdir() if path.name not in NOT_BUILT)
    assert built == committed, "data/hs has files the build does not write, or lacks some"
    different = [name for name in built
                 if (fresh_build / name).read_bytes() != (COMMITTED / name).read_bytes()]
    assert not different, f"stale: {different}; run python scripts/build_hs.py"


def test_build_fails_loudly_when_a_count_differs(tmp_path: Path) -> None:
    if not (SHARED / "comtrade").is_dir():
        pytest.skip(f"upstream HS files not found at {SHARED}")
    shared = tmp_path / "shared"
    shared.mkdir()
    for name in ("sections.csv", "unsd"):
        (shared / name).symlink_to(SHARED / name)
    (shared / "comtrade").mkdir()
    for path in (SHARED / "comtrade").iterdir():
        (shared / "comtrade" / path.name).symlink_to(path)
    h6 = json.loads((SHARED / "comtrade" / "classificationH6.json").read_text(encoding="utf-8"))
    h6["results"] = [row for row in h6["results"] if row["id"] != "090121"]
    (shared / "comtrade" / "classificationH6.json").unlink()
    (shared / "comtrade" / "classificationH6.json").write_text(json.dumps(h6), encoding="utf-8")
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_hs.py"), "--shared",
                             str(shared), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "HS2022 (H6) subheadings: found 5611, expected 5612" in result.stderr


@pytest.mark.parametrize("year", sorted(COUNTS))
def test_counts_per_edition_match_the_upstream_readme(year: str) -> None:
    data = edition(year)
    codes = data.codes
    found = tuple(sum(len(code) == size for code in codes) for size in (2, 4, 6))
    assert found == COUNTS[year]
    assert len(data.descriptions) == len(codes)
    assert codes == sorted(codes)  # the order is the tree: lookups bisect it
    assert all(code[:-2] in set(codes) for code in codes if len(code) > 2)  # no orphans
    assert len(data.sizes) == len(data.parents) == len(codes)
    # Comtrade's own rows are not HS codes and must not be in the nomenclature.
    assert not {"99", "9999", "999999", "ALL", "TOTAL", "AG2", "AG4", "AG6"} & set(codes)
    assert not any(code.startswith("77") for code in codes)
    assert not any("LEGACY" in text for text in data.descriptions)


@pytest.mark.parametrize("year", sorted(COUNTS))
def test_index_lines_are_sorted_and_parents_are_the_tree(year: str) -> None:
    """Lookups bisect the index's lines and read parents by position: both must be exact."""
    data = edition(year)
    for part in (data.index.words, data.index.term_words, data.index.term_phrases):
        keys = [key.encode() for key in part.keys()]  # noqa: SIM118 - SortedLines: no __iter__
        assert keys == sorted(set(keys)) and keys  # strictly increasing as bytes
    position = {code: i for i, code in enumerate(data.codes)}
    assert [data.parents[i] for i in range(len(data.codes))] == \
        [position[code[:-2]] if len(code) > 2 else fileformat.NO_PARENT for code in data.codes]
    word = data.vocabulary[len(data.vocabulary) // 2]
    assert data.postings(word) and all(posting >> 4 < len(data.codes)
                                       for posting in data.postings(word))


def test_legacy_rows_of_hs1992_are_left_out() -> None:
    codes = set(edition("1992").codes)
    assert "271011" not in codes and "271099" not in codes  # "LEGACY NON-WCO CODE" rows
    assert "271000" in codes


def test_description_is_split_on_the_first_separator_only() -> None:
    data = edition("2002")
    text = data.descriptions[data.codes.index("292690")]
    assert text.startswith("Nitrile-function compounds; other than acrylonitrile")
    assert " - methadone (INN) intermediate" in text


def test_texts_cut_at_the_character_cap_are_marked() -> None:
    data = edition("2022")
    truncated = data.truncated
    assert {"382762", "382769", "481014", "8462", "9022"} <= truncated
    # Was: every text of 250+ characters (73); most of those are complete.
    assert not {"090121", "010619", "8517", "292146"} & truncated
    assert 10 <= len(truncated) <= 25
    assert all(data.descriptions[i].endswith("…") == (code in truncated)
               for i, code in enumerate(data.codes))
    assert "292146" in edition("2017").truncated  # "...; salts of": cut


@pytest.mark.parametrize("code, ending", [
    ("854921", "or other activated glass, or electrical…"),  # an adjective without its noun
    ("293333", "diphenoxylate (INN), dipipanone (INN)…"),  # a list stopped at the cap
    ("854931", "mercury-switch…"),
    ("382711", "or hydrofluorocarbon…"),
])
def test_texts_that_fill_the_cap_or_dangle_are_marked(code: str, ending: str) -> None:
    data = edition("2022")
    assert code in data.truncated
    assert data.descriptions[data.codes.index(code)].endswith(ending)


def test_complete_texts_near_the_cap_are_not_marked() -> None:
    # A sample of HS2022 texts of 250 to 254 characters that end where UNSD's descriptor ends.
    data = edition("2022")
    for code in ("010619", "030554", "271099", "440831", "591110", "8466", "8486", "8518",
                 "710499", "9021"):
        text = data.descriptions[data.codes.index(code)]
        assert 250 <= len(text) <= 254 and code not in data.truncated, (code, text)
    # Every text as long as the cap (255 characters) is marked: none of them is complete.
    assert all(code in data.truncated for code, text in zip(data.codes, data.descriptions,
                                                             strict=True)
               if len(text.rstrip("…")) >= 255)


def test_sections_fix_the_upstream_title_traps() -> None:
    sections = load("sections.json")["sections"]
    assert [s["number"] for s in sections] == list(range(1, 22))
    assert sections[0]["title"] == "Live animals; animal products"
    assert sections[6]["title"] == "Plastics and articles thereof; rubber and articles thereof"
    assert sections[0]["chapters"] == "01-05" and sections[2]["chapters"] == "15"
    assert sections[-1]["section"] == "XXI" and sections[-1]["last_chapter"] == "97"


@pytest.mark.parametrize("year", sorted(CORRELATION_ROWS))
def test_correlation_tables_have_every_pair_and_one_main_predecessor(year: str) -> None:
    table = load(f"hs2022_hs{year}.json")
    forward = sum(len(pairs) for pairs in table["from_hub"].values())
    assert forward == CORRELATION_ROWS[year] - 1  # 999999 is no HS code
    assert "999999" not in table["from_hub"]
    hub_subheadings = {c for c in edition("2022").codes if len(c) == 6}
    assert set(table["from_hub"]) == hub_subheadings
    assert all(sum(pair.endswith("*") for pair in pairs) == 1
               for pairs in table["from_hub"].values())
    # Read back from the older side, the same pairs.
    read = concordance.table(COMMITTED.parent, "2022", year)
    assert read is not None
    assert sum(map(len, read.up.values())) == forward and set(read.main) == hub_subheadings


def test_hs2017_table_reads_relationships_from_each_side() -> None:
    table = load("hs2022_hs2017.json")
    assert table["from_hub"]["851713"] == ["851712 n:1*"]  # two HS2022 codes came from 8517.12
    read = concordance.table(COMMITTED.parent, "2022", "2017")
    assert read is not None
    assert ("851713", "1:n", True) in read.up["851712"]
    assert read.main["851713"] == "851712"
    same = sum(pairs == [f"{code} 1:1*"] for code, pairs in table["from_hub"].items())
    assert same + 1 == 4070  # the README's "carry over one to one", its 999999 row included


def test_every_file_is_compact_and_ends_with_a_newline() -> None:
    total = 0
    for path in COMMITTED.iterdir():
        if path.name in NOT_BUILT:
            continue
        text = path.read_text(encoding="utf-8")
        header = text[:text.index("\n")]
        meta = json.loads(header)
        assert text.endswith("\n") and "\r" not in text and meta["format"] == fileformat.FORMAT
        assert header == json.dumps(meta, ensure_ascii=False, sort_keys=True,
                                    separators=(",", ":"))
        if path.suffix == ".json":
            assert header == text[:-1]  # one line
        total += path.stat().st_size
    assert total < 15_000_000
