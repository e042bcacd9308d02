"""Every problem of a data directory's HS files, each naming its file (`wco validate`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from wco_cli.errors import DataError
from wco_cli.hscodes.codes import EDITIONS, HUB_EDITION, LEVELS
from wco_cli.hscodes.concordance import OTHERS, codes_of, manifest, name_of
from wco_cli.hscodes.fileformat import NO_PARENT
from wco_cli.hscodes.tables import (
    all_codes,
    clear_cache,
    correlation,
    edition_table,
    read_json,
    read_optional,
)
from wco_cli.hscodes.terms import parse_terms, term_entries, term_index


def problems(data_dir: Path) -> list[str]:
    """Every problem of DATA_DIR's HS files, each naming its file, read afresh: sections, the
    code table of each edition (codes against the header, each description where its offset
    says), each search index, the correlation tables, codes.json and everyday terms."""
    clear_cache()
    found: list[str] = []
    checks: list[tuple[str, Callable[[], list[str]]]] = [
        ("sections.json", lambda: _section_problems(data_dir))]
    checks += [(f"hs{year}.txt", partial(_edition_problems, data_dir, year)) for year in EDITIONS]
    checks += [(f"hs{HUB_EDITION}_hs{year}.json", partial(_correlation_problems, data_dir, year))
               for year in EDITIONS if year != HUB_EDITION]
    checks += [("codes.json", lambda: _codes_problems(data_dir)),
               ("terms.json", lambda: _terms_problems(data_dir))]
    checks += [(f"{name}.json", partial(_code_list_problems, data_dir, name)) for name in OTHERS]
    checks += [("concordances.json", lambda: _manifest_problems(data_dir))]
    checks += [(str(entry.get("file")), partial(_table_problems, data_dir, entry))
               for entry in _table_entries(data_dir)]
    for name, check in checks:
        try:
            found += [f"{Path(data_dir) / 'hs' / name}: {problem}" for problem in check()]
        except DataError as error:
            found.append(str(error))
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
            found.append(f"{Path(data_dir) / 'hs' / name}: malformed ({error})")
    clear_cache()
    return list(dict.fromkeys(found))  # a table that cannot be read fails each check using it


# concordances.json's entry of a table: its fields and their types.
ENTRY_FIELDS: dict[str, type | tuple[type, ...]] = {
    "file": str, "newer": str, "older": str, "source": str, "pairs": int, "main": bool,
    "no_code": list, "absent_from_list": list, "main_outside_links": int,
    "catch_all_newer": list, "catch_all_older": list}


def _table_entries(data_dir: Path) -> list[dict[str, Any]]:
    """The well-formed entries of concordances.json's tables (none when it cannot be read)."""
    try:
        return [entry for entry in manifest(data_dir)["tables"] if not _entry_problem(entry)]
    except (DataError, TypeError, KeyError):
        return []


def _entry_problem(entry: object) -> str | None:
    """What is wrong with one entry of concordances.json's tables, or None."""
    if not isinstance(entry, dict):
        return "a table's entry is not an object"
    wrong = [key for key, kind in ENTRY_FIELDS.items()
             if not isinstance(entry.get(key), kind) or
             (kind is int and isinstance(entry.get(key), bool))]
    if wrong:
        return f"table {entry.get('file')!r}: {', '.join(wrong)} missing or of the wrong type"
    newer, older = entry["newer"], entry["older"]
    if newer not in EDITIONS or not (older in OTHERS or (older in EDITIONS and older < newer)):
        return (f"table {entry['file']!r}: {newer} to {older} is not an HS edition to an older "
                f"one or to {', '.join(OTHERS)}")
    if entry["file"] != f"hs{newer}_{older if older in OTHERS else 'hs' + older}.json":
        return f"table {entry['file']!r}: named otherwise than its classifications"
    return None


def _manifest_problems(data_dir: Path) -> list[str]:
    """concordances.json: the steps between editions, and each table's entry."""
    found = manifest(data_dir)
    problems = [] if found.get("steps") == list(EDITIONS) else \
        [f"'steps' must be the editions in order, {list(EDITIONS)}"]
    problems += [problem for entry in found["tables"]
                 if (problem := _entry_problem(entry)) is not None]
    files = [entry.get("file") for entry in found["tables"] if isinstance(entry, dict)]
    problems += [f"table {name!r} listed twice" for name in sorted(
        {name for name in files if files.count(name) > 1}, key=str)]
    hub = {f"hs{HUB_EDITION}_hs{year}.json" for year in EDITIONS if year != HUB_EDITION}
    steps = {f"hs{newer}_hs{older}.json" for older, newer in pairwise(EDITIONS)}
    problems += [f"no table {name}" for name in sorted((hub | steps) - set(files))]
    return problems


def _code_list_problems(data_dir: Path, name: str) -> list[str]:
    """sitc3.json, sitc4.json, bec4.json: codes of digits, each with its text."""
    codes = codes_of(data_dir, name)
    if not isinstance(codes, dict) or not codes:
        return ["expected an object with 'codes'"]
    bad = [code for code, text in codes.items()
           if not code.isdigit() or not isinstance(text, str) or not text.strip()]
    return [f"code {bad[0]!r}: a code must be digits with a text ({len(bad)} such codes)"] \
        if bad else []


def _table_problems(data_dir: Path, entry: dict[str, Any]) -> list[str]:
    """One table against its entry in concordances.json: its pairs counted as the build
    recorded them, and every code in the classification it belongs to."""
    from wco_cli.hscodes.concordance import Table

    table = Table(data_dir, entry)  # DataError when it is not a table the build writes
    absent = set(entry["absent_from_list"])  # named by UNSD's table, not by its code list
    newer = set(edition_table(data_dir, entry["newer"]).position) | absent
    older_name = entry["older"]
    older = absent | set(codes_of(data_dir, older_name) if older_name in OTHERS
                         else edition_table(data_dir, older_name).position)
    found = []
    pairs = sum(map(len, table.down.values()))
    if pairs != entry["pairs"]:
        found.append(f"{pairs} pairs, concordances.json records {entry['pairs']}")
    sides = ((f"HS{entry['newer']}", newer, [*table.down, *table.main, *entry["no_code"],
                                            *entry["catch_all_newer"]]),
             (name_of(older_name), older, [*table.up, *table.main.values(),
                                           *entry["catch_all_older"]]))
    for name, known, named in sides:
        strange = sorted({code for code in named if code not in known})
        if strange:
            found.append(f"{len(strange)} codes not in {name}: {', '.join(strange[:5])}"
                         + (" ..." if len(strange) > 5 else ""))
    return found


def _section_problems(data_dir: Path) -> list[str]:
    """sections.json: a non-empty list of sections with their text fields."""
    raw = read_json(data_dir, "sections.json")
    sections = raw.get("sections") if isinstance(raw, dict) else None
    if not isinstance(sections, list) or not sections:
        return ["expected an object with a list of 'sections'"]
    keys = ("section", "title", "first_chapter", "last_chapter")
    return [f"section {i}: needs text fields {', '.join(keys)}"
            for i, section in enumerate(sections, 1)
            if not isinstance(section, dict)
            or not all(isinstance(section.get(key), str) for key in keys)]


def _edition_problems(data_dir: Path, edition: str) -> list[str]:
    """hs<EDITION>.txt and its index, read whole and checked against each other."""
    ed = edition_table(data_dir, edition)
    found = []
    if ed.codes != sorted(ed.codes) or any(
            len(code) not in LEVELS or not code.isdigit() for code in ed.codes):
        found.append("codes are not sorted 2-, 4- and 6-digit codes")
    texts = ed.descriptions  # checks their count against the codes
    found += [f"the description of {ed.codes[i]} is not where its offset says"
              for i in range(len(ed.codes))
              if ed.offset(i + 1) - ed.offset(i) != len(texts[i].encode()) + 1][:1]
    index = ed.index  # checks its parts and its size against the codes
    if any(parent != NO_PARENT and parent >= len(ed.codes) for parent in index.parents):
        found.append(f"hs{edition}_index.txt: a parent position beyond the codes")
    return found


def _correlation_problems(data_dir: Path, older: str) -> list[str]:
    """hs2022_hs<OLDER>.json: by HS2022 code a list of 'CODE REL', the main predecessor
    marked '*' (one per code)."""
    table = correlation(data_dir, older)
    if not isinstance(table, dict):
        return ["expected an object"]
    pairs = table.get("from_hub")
    if not isinstance(pairs, dict):
        return ["no 'from_hub' object"]
    for code, entries in pairs.items():
        if len(code) != 6 or not code.isdigit() or not isinstance(entries, list) or not all(
                isinstance(entry, str) and len(entry) in (10, 11) and entry[:6].isdigit()
                and entry[6:10] in (" 1:1", " 1:n", " n:1", " n:n") and entry[10:] in ("", "*")
                for entry in entries):
            return [f"from_hub '{code}': expected a list of 'CODE REL' (e.g. '090121 1:1'), "
                    "the main one marked '*'"]
        if sum(entry.endswith("*") for entry in entries) != 1:
            return [f"from_hub '{code}': not one main predecessor marked '*'"]
    return []


def _codes_problems(data_dir: Path) -> list[str]:
    """codes.json: the editions, and one flag per edition for each code."""
    table = all_codes(data_dir)
    if not isinstance(table, dict) or table.get("editions") != list(EDITIONS) or \
            not isinstance(table.get("codes"), dict):
        return [f"expected an object with 'editions' {list(EDITIONS)} and 'codes'"]
    bad = [code for code, flags in table["codes"].items()
           if not isinstance(flags, str) or len(flags) != len(EDITIONS)
           or set(flags) - {"0", "1"}]
    return [f"code '{bad[0]}': flags must be {len(EDITIONS)} characters 0 or 1 "
            f"({len(bad)} such codes)"] if bad else []


def _terms_problems(data_dir: Path) -> list[str]:
    """Entries search would skip (no term, or no code of 2 to 10 digits), and any problem of
    compiling the rest against the editions' codes."""
    from wco_cli.files import parse_json

    content = read_optional(data_dir, "terms.json")
    if content is None:
        return []  # no everyday terms: search reads the descriptions alone
    path = Path(data_dir) / "hs" / "terms.json"
    entries = term_entries(parse_json(content, path), path)
    skipped = [i for i, entry in enumerate(entries, 1) if not parse_terms([entry], path)]
    term_index(data_dir, HUB_EDITION)
    return [f"{len(skipped)} of {len(entries)} entries have no term or no code of 2 to 10 "
            f"digits, so search skips them (the first is entry {skipped[0]})"] if skipped else []
