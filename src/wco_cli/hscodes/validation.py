"""Every problem of a data directory's HS files, each naming its file (`wco validate`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from wco_cli.errors import DataError
from wco_cli.hscodes.codes import EDITIONS, HUB_EDITION, LEVELS
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
    for name, check in checks:
        try:
            found += [f"{Path(data_dir) / 'hs' / name}: {problem}" for problem in check()]
        except DataError as error:
            found.append(str(error))
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as error:
            found.append(f"{Path(data_dir) / 'hs' / name}: malformed ({error})")
    clear_cache()
    return list(dict.fromkeys(found))  # a table that cannot be read fails each check using it


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
    """hs2022_hs<OLDER>.json: both directions, each a list of 'CODE REL'."""
    table = correlation(data_dir, older)
    if not isinstance(table, dict):
        return ["expected an object"]
    found = []
    for side in ("from_hub", "to_hub"):
        pairs = table.get(side)
        if not isinstance(pairs, dict):
            found.append(f"no '{side}' object")
            continue
        for code, entries in pairs.items():
            if len(code) != 6 or not code.isdigit() or not isinstance(entries, list) or not all(
                    isinstance(entry, str) and len(entry) == 10 and entry[:6].isdigit()
                    and entry[6:] in (" 1:1", " 1:n", " n:1", " n:n") for entry in entries):
                found.append(f"{side} '{code}': expected a list of 'CODE REL' (e.g. "
                             "'090121 1:1')")
                break
    return found


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
