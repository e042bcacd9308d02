"""Build the step tables between adjacent HS editions and the HS's concordances with SITC and
BEC, from UNSD's tables in ../shared/hs/concordance (and ../shared/hs/unsd for HS2022).

    python scripts/build_concordance.py [--shared DIR] [--out DIR]

Called by scripts/build_hs.py (so one build writes every file of data/hs/); standard library
only (and the package's format number). Writes, deterministically:

  hs<NEWER>_hs<OLDER>.json   UNSD's table between two adjacent HS editions (HS2022-HS2017 is
                             the hub file build_hs.py writes), or between an HS edition and
                             SITC Rev.3 or 4 or BEC Rev.4 (hs2022_sitc3.json, hs2007_bec4.json)
  sitc3.json, sitc4.json, bec4.json   the codes of those classifications with descriptions
  concordances.json          what tables exist, their catch-all codes, the slot for HS2028

Each table file: links {newer code: ["OLDER REL", "OLDER REL ex", ...]} where REL is UNSD's
relationship read from the newer side (n:1 = several newer codes came from one older code) and
"ex" marks a pair where only part of the older code's goods go to the newer code; main {newer
code: its main older code} (UNSD's conversion sheet) where UNSD gives one.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

# The checkout's package, not an installed one: every data/hs file carries its format number.
from wco_cli.hscodes.fileformat import FORMAT  # noqa: E402

RELATIONSHIPS = frozenset(("1:1", "1:n", "n:1", "n:n"))
# Relationship cells written another way upstream (the concordance README names them).
SPELLINGS = {"1ToN": "1:n"}
# Cells that name no code on the other side: UNSD puts monetary gold (7108.20) and coin
# (7118.90) in no SITC or BEC category.
NO_CODE = frozenset(("n/a", "na"))
NOT_SPECIFIED = "999999"  # UN Comtrade's "not specified according to kind": no HS code
# A code whose links reach this many chapters (two-digit groups) of the other side collects
# goods from all over the nomenclature (e-waste 8549, display modules 8524, multi-component
# integrated circuits 8542.31 in HS2017, monopods and tripods 9620): in every step table the
# ordinary splits and merges stay within four chapters, these reach five to sixteen.
CATCH_ALL_CHAPTERS = 5
SOURCE_STEP = "UN Statistics Division, HS{newer} to HS{older} conversion and correlation tables"
SOURCE_OTHER = ("UN Statistics Division, HS{newer} to {name} conversion and correlation "
                "tables")
SOURCE_LIST = "UN Statistics Division, UN Comtrade {name} classification reference file"
NAMES = {"sitc3": "SITC Rev.3", "sitc4": "SITC Rev.4", "bec4": "BEC Rev.4"}
# BEC Rev.4 categories by end use, the basic classes of goods in the SNA (BEC Rev.4 manual, as
# the concordance README gives them; not in UNSD's files).
END_USE = {"capital": ("41", "521"),
           "intermediate": ("111", "121", "21", "22", "31", "322", "42", "53"),
           "consumption": ("112", "122", "522", "61", "62", "63"),
           "not allocated": ("321", "51", "7")}
HS_STEPS = ("1992", "1996", "2002", "2007", "2012", "2017", "2022")
# The next edition: in force 1 January 2028. Its step table would be read from these files
# (UNSD's usual names) as soon as they exist; until then concordances.json says none exists.
# What the project records of it (data/history.json, 2026-01-21-hs-2028-amendments-accepted;
# tests/test_concordance.py checks that they agree).
FUTURE = {"edition": "2028", "comtrade_id": "H7", "in_force": "2028-01-01",
          "in_force_text": "1 January 2028", "amendments": 299, "accepted": "2026-01-21",
          "headings": 1229, "subheadings": 5852,
          "correlation": "concordance/hs2028_hs2022_correlation.csv",
          "conversion": "concordance/hs2028_hs2022_conversion.csv"}


@dataclass(frozen=True)
class TableSpec:
    newer: str  # an HS edition
    older: str  # an HS edition, or sitc3, sitc4, bec4
    correlation: str | None  # file under shared/, None when UNSD gives only a conversion
    conversion: str | None
    rows: int  # data rows of the correlation file (of the conversion when there is none)

    @property
    def name(self) -> str:
        older = self.older if not self.older.isdigit() else f"hs{self.older}"
        return f"hs{self.newer}_{older}.json"


def _table(newer: str, older: str, rows: int, sheets: str = "both") -> TableSpec:
    """The spec of UNSD's table from HS NEWER to OLDER: SHEETS says which of its correlation
    and conversion files exist ("both", "correlation" or "conversion")."""
    stem = f"concordance/hs{newer}_{older if not older.isdigit() else 'hs' + older}"
    return TableSpec(newer, older,
                     f"{stem}_correlation.csv" if sheets != "conversion" else None,
                     f"{stem}_conversion.csv" if sheets != "correlation" else None, rows)


# Row counts from the concordance README where it gives them, else as found (checked here so
# that a changed upstream file stops the build rather than changing answers silently).
TABLES = (
    _table("1996", "1992", 5426), _table("2002", "1996", 5611), _table("2007", "2002", 5664),
    _table("2012", "2007", 5364), _table("2017", "2012", 6141),
    _table("2022", "sitc3", 14992), _table("2022", "sitc4", 13191),
    _table("2017", "sitc3", 7323), _table("2017", "sitc4", 6003), _table("2012", "sitc4", 5299),
    _table("2022", "bec4", 5926, "correlation"), _table("2017", "bec4", 5511, "correlation"),
    _table("2012", "bec4", 5283, "correlation"), _table("2007", "bec4", 5050, "conversion"),
    _table("2002", "bec4", 5351, "correlation"), _table("1996", "bec4", 5334, "correlation"),
)


class BuildError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"build_concordance: {message}")


def read_csv(path: Path, width: int) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    body = [row for row in rows[1:] if any(row)]
    for number, row in enumerate(body, start=2):
        if len(row) < width:
            raise BuildError(f"{path.name}:{number}: expected {width} cells, found {len(row)}")
    return body


def other_code(cell: str, older: str, absent: set[str], known: dict[str, str],
               where: str) -> str | None:
    """The code of the table's other side, None for "no code"; an HS cell is 6 digits. UNSD's
    tables name a few codes their lists lack (HS1992's legacy rows): kept, and counted in
    ABSENT, as build_hs.py does for the HS2022 tables."""
    if cell in NO_CODE:
        return None
    if older.isdigit():
        cell = cell.zfill(6)
    if not cell.isdigit() or len(cell) > 6:
        raise BuildError(f"{where}: {cell!r} is not a code of {older}")
    if cell not in known:
        absent.add(cell)
    return cell


def catch_alls(links: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """The codes of each side whose links reach CATCH_ALL_CHAPTERS chapters of the other."""
    reach_new: dict[str, set[str]] = {}
    reach_old: dict[str, set[str]] = {}
    for newer, entries in links.items():
        for entry in entries:
            older = entry.split()[0]
            reach_new.setdefault(newer, set()).add(older[:2])
            reach_old.setdefault(older, set()).add(newer[:2])
    return ([code for code, chapters in sorted(reach_new.items())
             if len(chapters) >= CATCH_ALL_CHAPTERS],
            [code for code, chapters in sorted(reach_old.items())
             if len(chapters) >= CATCH_ALL_CHAPTERS])


def table_file(shared: Path, spec: TableSpec, newer_codes: dict[str, str],
               older_codes: dict[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The table file and its entry in concordances.json."""
    pairs: dict[tuple[str, str], tuple[str, bool]] = {}
    no_code: list[str] = []
    absent: set[str] = set()
    has_ex = False
    def coded(name: str, width: int, expected: int | None
              ) -> Iterator[tuple[str, list[str], str, str | None]]:
        """(where, row, newer code, older code) of each specified row of the sheet NAME."""
        rows = read_csv(shared / name, width)
        if expected is not None and len(rows) != expected:
            raise BuildError(f"{name}: {len(rows)} rows, expected {expected}")
        for number, row in enumerate(rows, start=2):
            if NOT_SPECIFIED in (row[0].zfill(6), row[1].zfill(6)):
                continue
            where = f"{name}:{number}"
            yield (where, row,
                   other_code(row[0], spec.newer, absent, newer_codes, where) or "",
                   other_code(row[1], spec.older, absent, older_codes, where))

    if spec.correlation:
        for where, row, newer, older in coded(spec.correlation, 3, spec.rows):
            relationship = SPELLINGS.get(row[2], row[2])
            if older is None:
                no_code.append(newer)
                continue
            if relationship not in RELATIONSHIPS:
                raise BuildError(f"{where}: relationship {row[2]!r}")
            ex = len(row) > 3 and row[3] == "ex"
            has_ex = has_ex or ex
            if (newer, older) in pairs:
                raise BuildError(f"{where}: pair {newer}-{older} repeated")
            pairs[(newer, older)] = (relationship, ex)
    main: dict[str, str] = {}
    outside = 0
    if spec.conversion:
        expected = spec.rows if spec.correlation is None else None
        for where, row, newer, older in coded(spec.conversion, 2, expected):
            if newer in main:
                raise BuildError(f"{where}: {row[0]!r} given twice")
            if older is None:
                no_code.append(newer)
                continue
            # UNSD's conversion sheet sometimes names a code its correlation sheet does not pair
            # with NEWER (a SITC group above the correlated codes, HS1992's legacy rows): kept
            # as given, counted in concordances.json.
            outside += spec.correlation is not None and (newer, older) not in pairs
            main[newer] = older
        if spec.correlation is None:  # a conversion alone: every pair is a main one
            pairs = {(newer, older): ("", False) for newer, older in main.items()}
    fan_new: dict[str, int] = {}
    fan_old: dict[str, int] = {}
    for newer, older in pairs:
        fan_new[newer] = fan_new.get(newer, 0) + 1
        fan_old[older] = fan_old.get(older, 0) + 1
    links: dict[str, list[str]] = {}
    tokens: dict[str, list[str]] = {}
    tokens_by_older: dict[str, list[str]] = {}
    for (newer, older), (relationship, ex) in sorted(pairs.items()):
        # Newer side first, as UNSD writes it: n newer codes share this older code, and so on.
        counted = f"{'n' if fan_old[older] > 1 else '1'}:{'n' if fan_new[newer] > 1 else '1'}"
        # Upstream gives no relationship (HS2007 to BEC): counted from the pairs, as UNSD does.
        relationship = relationship or counted
        # No ex column (SITC, BEC): only part of the older code's goods go to this newer code
        # when the older code relates to several newer codes, the rule the HS step tables'
        # ex column follows in all but 2 of their 28,206 pairs.
        counted_ex = fan_old[older] > 1
        if not has_ex:
            ex = counted_ex
        links.setdefault(newer, []).append(f"{older} {relationship}" + (" ex" if ex else ""))
        # A token says only what the counts do not: "=REL" where UNSD's relationship is not
        # the counted one, "!" where its ex flag is not, "*" for the main code.
        # "*" is left out where it is the newer code's only link.
        flags = ("" if relationship == counted else f"={relationship}") + \
            ("!" if ex != counted_ex else "") + \
            ("*" if main.get(newer) == older and fan_new[newer] > 1 else "")
        tokens.setdefault(newer, []).append(older + flags)
        tokens_by_older.setdefault(older, []).append(newer + flags)
    # Keyed by the side with fewer codes (BEC's 30 categories, SITC's groups): a third smaller.
    by_older = len(tokens_by_older) < len(tokens)
    if by_older:
        tokens = tokens_by_older
    catch_new, catch_old = catch_alls(links)
    if spec.older == "bec4":
        catch_old = []  # BEC categories are end-use classes: they span chapters by design
    name = NAMES.get(spec.older, f"HS{spec.older}")
    source = (SOURCE_STEP if spec.older.isdigit() else SOURCE_OTHER).format(
        newer=spec.newer, older=spec.older, name=name)
    content = {"format": FORMAT, "newer": spec.newer, "older": spec.older, "source": source,
               "links_format": "code of the side keyed_by: tokens CODE[=REL][!][*], one per "
                               "related code; REL (read from the newer code) is given where it "
                               "is not the one counted from the pairs (n on a side with several "
                               "codes), ! where ex (part of the older code's goods) is not 'the "
                               "older code relates to several newer codes', * marks the main "
                               "code of a newer code with several links (an only link is its "
                               "main code unless main_outside_links names another)",
               "partial": "UNSD's ex column" if has_ex else
               "derived: the older code relates to several newer codes",
               "keyed_by": "older" if by_older else "newer",
               "links": {key: " ".join(found) for key, found in tokens.items()},
               "main_outside_links": {newer: older for newer, older in main.items()
                                      if (newer, older) not in pairs}}
    entry = {"file": spec.name, "newer": spec.newer, "older": spec.older, "source": source,
             "pairs": len(pairs), "main": bool(main), "no_code": sorted(set(no_code)),
             "absent_from_list": sorted(absent), "main_outside_links": outside,
             "catch_all_newer": catch_new, "catch_all_older": catch_old}
    return content, entry


def hub_entry(shared: Path, older: str) -> dict[str, Any]:
    """concordances.json's entry for UNSD's HS2022 table to OLDER (written by build_hs.py)."""
    links: dict[str, list[str]] = {}
    rows = read_csv(shared / "unsd" / f"hs2022_hs{older}_correlation.csv", 3)
    for row in rows:
        newer, old = row[0].split(".")[0].zfill(6), row[1].split(".")[0].zfill(6)
        if newer != "999999":
            links.setdefault(newer, []).append(f"{old} {row[2]}")
    catch_new, catch_old = catch_alls(links)
    return {"file": f"hs2022_hs{older}.json", "newer": "2022", "older": older,
            "source": f"UN Statistics Division, HS2022 to HS{older} conversion and correlation "
                      "tables",
            "pairs": sum(map(len, links.values())), "main": True, "no_code": [],
            "absent_from_list": [], "main_outside_links": 0,
            "catch_all_newer": catch_new, "catch_all_older": catch_old}


def code_list(shared: Path, name: str) -> dict[str, str]:
    """Code -> description of a UN Comtrade list of SITC or BEC (aggregates and memorandum
    items left out); BEC's texts from bec4_descriptions.csv, which has them without codes."""
    path = shared / "concordance" / {"sitc3": "classificationS3.json",
                                     "sitc4": "classificationS4.json",
                                     "bec4": "classificationBEC.json"}[name]
    codes: dict[str, str] = {}
    for row in json.loads(path.read_text(encoding="utf-8"))["results"]:
        code, text = row["id"], row["text"]
        if code.isdigit():
            codes[code] = text.split(" - ", 1)[1].strip() if " - " in text else text.strip()
    if name == "bec4":
        for row in read_csv(shared / "concordance" / "bec4_descriptions.csv", 6):
            if row[1].isdigit():
                codes[row[1]] = row[2]
    return codes


def build(shared: Path, out: Path, hs_lists: dict[str, dict[str, str]]) -> dict[str, int]:
    """Write every table, code list and concordances.json; return file name -> size."""
    sizes: dict[str, int] = {}
    others = {name: code_list(shared, name) for name in NAMES}
    for name, codes in others.items():
        content: dict[str, Any] = {"format": FORMAT, "classification": NAMES[name],
                                   "source": SOURCE_LIST.format(name=NAMES[name]),
                                   "codes": codes}
        if name == "bec4":
            missing = {c for use in END_USE.values() for c in use} - set(codes)
            if missing:
                raise BuildError(f"end-use categories not in BEC Rev.4: {sorted(missing)}")
            content["end_use"] = {code: use for use, found in END_USE.items() for code in found}
        sizes[f"{name}.json"] = dump(out / f"{name}.json", content)
    entries = []
    for spec in TABLES:
        content, entry = table_file(shared, spec, hs_lists[spec.newer],
                                    hs_lists.get(spec.older) or others[spec.older])
        sizes[spec.name] = dump(out / spec.name, content)
        entries.append(entry)
    entries += [hub_entry(shared, older) for older in HS_STEPS[:-1]]
    future = dict(FUTURE, available=(shared / str(FUTURE["correlation"])).is_file())
    if future["available"]:
        raise BuildError("an HS2028 table exists: add its TableSpec and its edition")
    manifest = {"format": FORMAT, "steps": list(HS_STEPS), "future": future,
                "catch_all_rule": f"links reaching {CATCH_ALL_CHAPTERS} or more chapters of "
                                  "the other side",
                "tables": sorted(entries, key=lambda e: e["file"])}
    sizes["concordances.json"] = dump(out / "concordances.json", manifest)
    return sizes


def dump(path: Path, value: Any) -> int:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    content = text.encode("utf-8")
    path.write_bytes(content)
    return len(content)


def main() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    import build_hs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "hs")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "hs")
    args = parser.parse_args()
    lists = {spec.year: build_hs.read_comtrade(args.shared, spec) for spec in build_hs.EDITIONS}
    sizes = build(args.shared, args.out, lists)
    for name, size in sizes.items():
        print(f"{size:>10,}  {args.out / name}")


if __name__ == "__main__":
    main()
