"""Build data/hs/ from the upstream Harmonized System files in ../shared/hs.

    python scripts/build_hs.py [--shared DIR] [--out DIR]

Reads UN Comtrade's classification lists (comtrade/classificationH0.json ... H6.json), UNSD's
HS2022 correlation and conversion tables (unsd/*.csv) and sections.csv; writes, deterministically
(JSON with sorted keys, compact separators, trailing newline; the two text formats, lines
read without parsing the whole file, are described in their headers and in
wco_cli.hscodes.fileformat):

  hs<YEAR>.txt           one edition: codes, descriptions, tree (all a lookup reads)
  hs<YEAR>_index.txt     its search index, with the everyday terms of terms.json compiled
  hs2022_hs<YEAR>.json   UNSD's table between HS2022 and an older edition, from HS2022
  codes.json             every code of every edition with the editions that have it
  sections.json          the 21 sections

Standard library only, plus src/wco_cli/hscodes/: its words functions (words.py), so the index
folds words exactly as a query does, and its writers of the two text formats (fileformat.py), so
reading and writing them is described in one place. Any count that differs from the upstream
README's table stops the build. A new edition (HS2028 = Comtrade H7) is one more entry in
EDITIONS below (with the counts to check) and one in wco_cli.hscodes.codes.COMTRADE_IDS; the
build stops if they disagree.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

# The checkout's package, not an installed one.
from wco_cli.hscodes import codes as hs_codes  # noqa: E402
from wco_cli.hscodes import fileformat, tables, words  # noqa: E402
from wco_cli.hscodes import terms as hs_terms  # noqa: E402

FORMAT = fileformat.FORMAT
HUB = hs_codes.HUB_EDITION
AGGREGATES = frozenset(("ALL", "TOTAL", "AG2", "AG4", "AG6"))
NOT_SPECIFIED = frozenset(("99", "9999", "999999"))
LEGACY_MARK = "LEGACY NON-WCO CODE"
RELATIONSHIPS = frozenset(("1:1", "1:n", "n:1", "n:n"))
# UNSD's texts are capped at 255 characters, but most that come near the cap are complete
# (73 HS2022 texts reach 250): a text is marked cut only where it shows it (cut_texts).
NEAR_CAP = 240
# A text that fills the cap to its last character was cut: every HS2022 text of 255 characters
# stops short of UNSD's full descriptor (8549.21 "... or electrical", 2933.33 "... dipipanone
# (INN)", where the heading goes on to "fentanyl (INN) ... salts thereof").
CAP = 255
# A text that stops on one of these words was cut in mid-phrase: no descriptor ends on a
# conjunction, an article, a preposition or an adjective waiting for its noun.
DANGLING = frozenset(("a", "an", "and", "as", "at", "but", "by", "containing", "electrical",
                      "electronic", "excluding", "for", "from", "in", "including", "into",
                      "its", "not", "of", "on", "or", "other", "per", "such", "than", "the",
                      "their", "to", "whether", "which", "with", "without"))
CUT_MARK = "…"  # ends a text that was cut, in the code table (the index reads the text as is)
SOURCE_LIST = ("UN Statistics Division, UN Comtrade HS classification reference file {id} "
               "(HS{year}); descriptions are UNSD's stand-alone descriptors, not the legal text")
SOURCE_TABLE = ("UN Statistics Division, HS2022 to HS{year} conversion and correlation tables")
SOURCE_SECTIONS = ("Section titles: data package datasets/harmonized-system (ODC-PDDL-1.0); "
                   "chapter ranges: the HS")


@dataclass(frozen=True)
class EditionSpec:
    """One HS edition and the counts its upstream files must have (the README's table)."""

    year: str
    comtrade_id: str
    chapters: int
    headings: int
    subheadings: int
    legacy_rows: int = 0
    # Rows of UNSD's hs2022_hs<YEAR>_correlation.csv (999999 included); None for the hub.
    correlation_rows: int | None = None
    # (HS2022 codes kept unchanged one to one, the others), where the README gives it.
    carried_over: tuple[int, int] | None = None


EDITIONS = (
    EditionSpec("1992", "H0", 96, 1241, 5020, legacy_rows=19, correlation_rows=18900),
    EditionSpec("1996", "H1", 96, 1241, 5113, legacy_rows=19, correlation_rows=18600),
    EditionSpec("2002", "H2", 96, 1244, 5224, correlation_rows=18242),
    EditionSpec("2007", "H3", 96, 1221, 5052, correlation_rows=16635),
    EditionSpec("2012", "H4", 96, 1224, 5205, correlation_rows=16377),
    EditionSpec("2017", "H5", 96, 1222, 5387, correlation_rows=15657, carried_over=(4070, 1543)),
    EditionSpec("2022", "H6", 96, 1228, 5612),
)
SECTION_COUNT = 21
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
         "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI")


class BuildError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"build_hs: {message}")


def dump(path: Path, value: Any) -> int:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return write(path, text.encode("utf-8"))


def write(path: Path, content: bytes) -> int:
    path.write_bytes(content)
    return len(content)


def expect(what: str, found: object, expected: object) -> None:
    if found != expected:
        raise BuildError(f"{what}: found {found}, expected {expected} (upstream README's table)")


# --- Editions


def read_comtrade(shared: Path, spec: EditionSpec) -> dict[str, str]:
    """Code -> description for one edition, Comtrade-only rows left out, counts checked."""
    path = shared / "comtrade" / f"classification{spec.comtrade_id}.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["results"]
    codes: dict[str, str] = {}
    legacy = 0
    for row in rows:
        code, text = row["id"], row["text"]
        if code in AGGREGATES:
            continue
        if LEGACY_MARK in text:
            legacy += code.isdigit()  # 9999AA is marked too, but is no 6-digit code
            continue
        if not code.isdigit() or len(code) not in (2, 4, 6):
            raise BuildError(f"{path.name}: unexpected code {code!r}")
        if code in NOT_SPECIFIED:
            continue
        prefix = f"{code} - "
        if not text.startswith(prefix):
            raise BuildError(f"{path.name}: text of {code} does not start with '{prefix}'")
        if code in codes:
            raise BuildError(f"{path.name}: {code} listed twice")
        # Split on the first " - " only: a few texts contain " - " themselves.
        codes[code] = text.split(" - ", 1)[1].strip()
    for code in codes:
        if len(code) > 2 and code[:len(code) - 2] not in codes:
            raise BuildError(f"{path.name}: {code} has no parent {code[:len(code) - 2]}")
    counted = {size: sum(len(code) == size for code in codes) for size in (2, 4, 6)}
    name = f"HS{spec.year} ({spec.comtrade_id})"
    expect(f"{name} chapters", counted[2], spec.chapters)
    expect(f"{name} headings", counted[4], spec.headings)
    expect(f"{name} subheadings", counted[6], spec.subheadings)
    expect(f"{name} legacy rows", legacy, spec.legacy_rows)
    if any(code.startswith("77") for code in codes):
        raise BuildError(f"{name}: chapter 77 is reserved but has codes")
    return codes


def cut_texts(lists: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    """Per edition, the codes whose text was cut at the cap: as long as the cap, or near it and
    ending on a comma or a dangling word, with a parenthesis left open, or in the middle of a
    word that another text (of any edition) has whole ("...high tens" where another reads
    "high tension")."""
    import re

    everything = "\n".join(text for codes in lists.values() for text in codes.values())
    found: dict[str, set[str]] = {}
    for year, codes in lists.items():
        found[year] = set()
        for code, text in codes.items():
            if len(text) < NEAR_CAP:
                continue
            last = text.rsplit(None, 1)[-1].lower()
            if len(text) >= CAP or text.endswith((",", ";", ":", "-")) or \
                    text.count("(") > text.count(")") or last in DANGLING or \
                    re.search(re.escape(text[-20:]) + "[A-Za-z0-9]", everything):
                found[year].add(code)
    return found


def edition_files(spec: EditionSpec, codes: dict[str, str],
                  cut: set[str]) -> tuple[bytes, dict[str, Any]]:
    """The edition's code table (what a lookup reads), and the parts of its search index (what
    only a search reads; the everyday terms are added later)."""
    ordered = sorted(codes)  # "01" < "0101" < "010121" < "0102": each code before its children
    position = {code: i for i, code in enumerate(ordered)}
    parents = [position[code[:-2]] if len(code) > 2 else -1 for code in ordered]
    index: dict[str, list[int]] = {}
    sizes: list[int] = []
    for i, code in enumerate(ordered):
        states: dict[str, int] = {}  # word -> its strongest mention (PLAIN < EITHER < EXCLUDED)
        for word, state in words.text_words(codes[code]):
            states[word] = min(state, states.get(word, state))
        leads = words.lead_words(codes[code])
        sizes.append(len(states))
        for word, state in states.items():
            # One int per (word, code): the code's position, whether the word names the thing
            # (words.LEAD_*), and the mention's state.
            index.setdefault(word, []).append(i << 4 | leads.get(word, 0) << 2 | state)
    if max(sizes) > 255 or any("\t" in word or "\n" in word for word in index):
        raise BuildError(f"HS{spec.year}: a description has over 255 words, or a word a tab")
    postings = {word: " ".join(f"{posting:x}" for posting in found)
                for word, found in index.items()}
    table = fileformat.table_bytes(
        spec.year, ordered, [codes[code] + (CUT_MARK if code in cut else "") for code in ordered],
        [code for code in ordered if code in cut],
        comtrade_id=spec.comtrade_id, source=SOURCE_LIST.format(id=spec.comtrade_id,
                                                                year=spec.year),
        counts={"chapters": spec.chapters, "headings": spec.headings,
                "subheadings": spec.subheadings})
    search = {"edition": spec.year, "parents": parents, "sizes": sizes, "postings": postings}
    return table, search


def add_terms(out: Path, terms_file: Path, searches: dict[str, dict[str, Any]]) -> None:
    """Compile the everyday terms into each edition's index, through the tables just written
    (a term given in HS2022 reaches older editions through the correlations)."""
    import shutil
    import tempfile

    content = terms_file.read_bytes() if terms_file.is_file() else None
    terms = hs_terms.parse_terms(json.loads(content), terms_file) if content is not None else []
    with tempfile.TemporaryDirectory() as tmp:
        # hscodes reads <data dir>/hs/..., and no file leading out of a data dir: a copy of OUT's.
        shutil.copytree(out, Path(tmp) / "hs")
        for year, search in searches.items():
            search["phrases"] = hs_terms.compile_terms(Path(tmp), year, terms)
            search["terms_crc32"] = hs_terms.terms_digest(content) if content is not None else None
    tables.clear_cache()


# --- Correlations


def table_code(value: str, where: str) -> str | None:
    """A 6-digit code from a CSV cell; None for 999999 (Comtrade's "not specified", a number
    in the HS2012 and HS2017 workbooks, so possibly "999999.0" or without zero padding)."""
    cell = value.strip()
    if cell.endswith(".0") and cell[:-2].isdigit():
        cell = cell[:-2]
    if not cell.isdigit() or len(cell) > 6:
        raise BuildError(f"{where}: {value!r} is not a 6-digit code")
    cell = cell.zfill(6)
    return None if cell == "999999" else cell


def read_csv(path: Path, header: list[str]) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    if not rows or [cell.strip() for cell in rows[0]] != header:
        raise BuildError(f"{path.name}: header {rows[0] if rows else None}, expected {header}")
    return [row for row in rows[1:] if any(cell.strip() for cell in row)]


def flip(relationship: str) -> str:
    """UNSD writes a relationship from HS2022 to the older code; read from the other side."""
    return f"{relationship[2]}:{relationship[0]}"


def correlation_file(shared: Path, spec: EditionSpec, hub_codes: dict[str, str],
                     older_codes: dict[str, str]) -> dict[str, Any]:
    year = spec.year
    where = f"hs{HUB}_hs{year}_correlation.csv"
    rows = read_csv(shared / "unsd" / where, [f"hs{HUB}", f"hs{year}", "relationship"])
    expect(f"{where} rows", len(rows), spec.correlation_rows)
    # Each related code as one string "CODE REL" (REL read from the key's code to CODE):
    # 40% smaller than [CODE, REL] pairs.
    from_hub: dict[str, list[str]] = {}
    to_hub: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        if len(row) != 3:
            raise BuildError(f"{where}:{number}: expected 3 cells, found {len(row)}")
        hub_code = table_code(row[0], f"{where}:{number}")
        older_code = table_code(row[1], f"{where}:{number}")
        relationship = row[2].strip()
        if relationship not in RELATIONSHIPS:
            raise BuildError(f"{where}:{number}: relationship {relationship!r}")
        if hub_code is None or older_code is None:
            if hub_code != older_code:
                raise BuildError(f"{where}:{number}: 999999 paired with a real code")
            continue
        if hub_code not in hub_codes:
            raise BuildError(f"{where}:{number}: {hub_code} is not an HS{HUB} subheading")
        if (hub_code, older_code) in seen:
            raise BuildError(f"{where}:{number}: pair {hub_code}-{older_code} repeated")
        seen.add((hub_code, older_code))
        from_hub.setdefault(hub_code, []).append(f"{older_code} {relationship}")
        to_hub.setdefault(older_code, []).append(f"{hub_code} {flip(relationship)}")
    for mapping in (from_hub, to_hub):
        for pairs in mapping.values():
            pairs.sort()
    hub_subheadings = {code for code in hub_codes if len(code) == 6}
    if set(from_hub) != hub_subheadings:
        missing = sorted(hub_subheadings - set(from_hub))[:5]
        raise BuildError(f"{where}: HS{HUB} subheadings without a row, e.g. {missing}")
    if spec.carried_over is not None:
        # Carried over: the same code, related one to one (999999 counts in the README).
        one_to_one = 1 + sum(pairs == [f"{code} 1:1"] for code, pairs in from_hub.items())
        expect(f"{where} codes carried over one to one, changed",
               (one_to_one, len(from_hub) + 1 - one_to_one), spec.carried_over)

    where = f"hs{HUB}_hs{year}_conversion.csv"
    rows = read_csv(shared / "unsd" / where, [f"hs{HUB}", f"hs{year}"])
    main: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        if len(row) != 2:
            raise BuildError(f"{where}:{number}: expected 2 cells, found {len(row)}")
        hub_code = table_code(row[0], f"{where}:{number}")
        older_code = table_code(row[1], f"{where}:{number}")
        if hub_code is None:
            continue
        if hub_code in main:
            raise BuildError(f"{where}:{number}: {hub_code} has two main predecessors")
        if older_code is None or f"{older_code} " not in {p[:7] for p in from_hub[hub_code]}:
            raise BuildError(f"{where}:{number}: {hub_code} -> {row[1]} is not a correlated pair")
        main[hub_code] = older_code
    if set(main) != hub_subheadings:
        raise BuildError(f"{where}: not exactly one row per HS{HUB} subheading")
    absent = sorted(code for code in to_hub if code not in older_codes)
    # One direction only (the other is the same pairs, read back: concordance.Table), the main
    # predecessor marked "*": 60% smaller than both directions and a map of main codes.
    return {
        "format": FORMAT, "hub": HUB, "edition": year,
        "source": SOURCE_TABLE.format(year=year),
        "relationship_reads": "from the HS2022 code to the older code; read back from the "
                              "older code, 1:n is n:1",
        "entries": "OLDER REL, and * after the main predecessor (UNSD's conversion sheet)",
        "counts": {"pairs": len(seen), f"codes_absent_from_hs{year}_list": len(absent)},
        "from_hub": {code: [pair + ("*" if pair[:6] == main[code] else "") for pair in pairs]
                     for code, pairs in from_hub.items()},
    }


# --- Sections and all codes


def sections_file(shared: Path, chapters: set[str]) -> dict[str, Any]:
    rows = read_csv(shared / "sections.csv", ["section", "first_chapter", "last_chapter", "title"])
    expect("sections", len(rows), SECTION_COUNT)
    sections = []
    expected_first = 1
    for number, (roman, first, last, title) in enumerate(rows, start=1):
        roman, first, last = roman.strip(), first.strip().zfill(2), last.strip().zfill(2)
        title = " ".join(title.split())  # VII has a trailing space
        title = title[0].upper() + title[1:]  # I is written in lower case
        if roman != ROMAN[number - 1] or int(first) != expected_first or int(last) < int(first):
            raise BuildError(f"sections.csv row {number}: {roman} {first}-{last} out of order")
        expected_first = int(last) + 1
        sections.append({"section": roman, "number": number, "first_chapter": first,
                         "last_chapter": last,
                         "chapters": first if first == last else f"{first}-{last}",
                         "title": title})
    expect("last chapter of section XXI", sections[-1]["last_chapter"], "97")
    covered = {f"{n:02d}" for s in sections
               for n in range(int(s["first_chapter"]), int(s["last_chapter"]) + 1)}
    if not chapters <= covered:
        raise BuildError(f"chapters in no section: {sorted(chapters - covered)}")
    return {"format": FORMAT, "source": SOURCE_SECTIONS, "sections": sections}


def codes_file(lists: dict[str, dict[str, str]]) -> dict[str, Any]:
    years = list(lists)
    every = sorted(set().union(*lists.values()))
    return {"format": FORMAT, "editions": years,
            "flags": "one character per edition, in the order of 'editions': 1 = has the code",
            "codes": {code: "".join("1" if code in lists[year] else "0" for year in years)
                      for code in every}}


def build(shared: Path, out: Path, terms_file: Path) -> dict[str, int]:
    """Write every file; return file name -> size in bytes."""
    if not (shared / "comtrade").is_dir():
        raise BuildError(f"{shared}: no comtrade/ folder; pass --shared DIR")
    if (shared / "comtrade" / "classificationH7.json").is_file():
        # The slot HS2028 fills: its list, an EditionSpec here, and its step table in
        # build_concordance.py (FUTURE).
        raise BuildError("an HS2028 (H7) list exists: add its EditionSpec and COMTRADE_IDS entry")
    specs = {spec.year: spec for spec in EDITIONS}
    ids = {year: spec.comtrade_id for year, spec in specs.items()}
    if ids != hs_codes.COMTRADE_IDS or HUB not in specs:
        raise BuildError(f"EDITIONS here {ids} and wco_cli.hscodes.codes.COMTRADE_IDS differ")
    out.mkdir(parents=True, exist_ok=True)
    lists = {year: read_comtrade(shared, spec) for year, spec in specs.items()}
    sizes: dict[str, int] = {}
    searches: dict[str, dict[str, Any]] = {}
    cut = cut_texts(lists)
    for year, spec in specs.items():
        table, searches[year] = edition_files(spec, lists[year], cut[year])
        sizes[f"hs{year}.txt"] = write(out / f"hs{year}.txt", table)
    for year, spec in specs.items():
        if year != HUB:
            name = f"hs{HUB}_hs{year}.json"
            sizes[name] = dump(out / name, correlation_file(shared, spec, lists[HUB], lists[year]))
    sizes["codes.json"] = dump(out / "codes.json", codes_file(lists))
    import build_concordance  # beside this script: the step tables, SITC and BEC

    sizes.update(build_concordance.build(shared, out, lists))
    chapters = {code for codes in lists.values() for code in codes if len(code) == 2}
    sizes["sections.json"] = dump(out / "sections.json", sections_file(shared, chapters))
    add_terms(out, terms_file, searches)
    for year, search in searches.items():
        name = f"hs{year}_index.txt"
        sizes[name] = write(out / name, fileformat.index_bytes(**search))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "hs",
                        help="the upstream folder (default: <repo>/../shared/hs)")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "hs",
                        help="where to write (default: <repo>/data/hs)")
    parser.add_argument("--terms", type=Path, default=REPO / "data" / "hs" / "terms.json",
                        help="the everyday terms, written by hand (default: data/hs/terms.json)")
    args = parser.parse_args()
    sizes = build(args.shared, args.out, args.terms)
    for name, size in sizes.items():
        print(f"{size:>10,}  {args.out / name}")
    print(f"{sum(sizes.values()):>10,}  total, {len(sizes)} files")


if __name__ == "__main__":
    main()
