"""One code with its place in the nomenclature; the codes of an edition; the sections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import cast

from wco_cli.errors import DataError, InvalidValue, NotFound
from wco_cli.hscodes.codes import (
    DEFAULT_EDITION,
    LEVELS,
    Reading,
    Record,
    SharedRow,
    code_readings,
    dotted,
    normalize_edition,
    not_hs_reason,
)
from wco_cli.hscodes.tables import (
    LOADED,
    Edition,
    all_codes,
    cached,
    edition_table,
    read_json,
)


def editions_of(data_dir: Path, digits: str) -> list[str]:
    """The editions in which the code DIGITS exists."""
    table = all_codes(data_dir)
    flags = table["codes"].get(digits, "")
    return [year for year, flag in zip(table["editions"], flags, strict=False) if flag == "1"]


def resolve_edition(data_dir: Path, readings: list[Reading], edition: object
                    ) -> tuple[str, list[str]]:
    """EDITION normalized; "auto": the default edition when it has a code of READINGS
    (codes.code_readings), else the newest edition that has the code as typed, else the
    default, whose NotFound names the nearest codes and the editions that have it; with a note
    when it is not the default. A repaired reading (one with notes) does not move the lookup
    to another edition: a guessed digit and a guessed edition together would answer for a code
    nobody typed (8517.1 is not HS1992's 8517.10)."""
    if str(edition).strip().lower() != "auto":
        return normalize_edition(edition), []
    default = edition_table(data_dir, DEFAULT_EDITION)
    if any(default.find(digits) is not None for digits, _ in readings):
        return DEFAULT_EDITION, []  # without reading codes.json: a lookup's usual case
    for digits, repairs in readings:
        if repairs:
            continue
        having = editions_of(data_dir, digits)
        if having and having[-1] != DEFAULT_EDITION:
            return having[-1], [f"{dotted(digits)} is not an HS{DEFAULT_EDITION} code: read "
                                f"as HS{having[-1]}, the newest edition that has it "
                                f"(HS{', HS'.join(having)}); --edition chooses another"]
    return DEFAULT_EDITION, []


def codes(data_dir: Path, edition: str = DEFAULT_EDITION, level: str | None = None) -> list[str]:
    """Every code of EDITION in tree order (a code before its children), or those of one LEVEL
    ("chapter", "heading", "subheading")."""
    edition = normalize_edition(edition)
    if level is not None and level not in LEVELS.values():
        raise InvalidValue("level", level, f"'{level}' is not a level", valid=LEVELS.values())
    every = edition_table(data_dir, edition).codes
    return list(every) if level is None else [c for c in every if LEVELS[len(c)] == level]


def sections(data_dir: Path) -> list[Record]:
    """The 21 sections: section (roman), number, chapters ("01-05"), first_chapter,
    last_chapter, title."""
    found = cached(data_dir, "sections.json",
                   lambda: read_json(data_dir, "sections.json")["sections"])
    return [dict(section) for section in found]


def _section_of(data_dir: Path, chapter: str) -> Record:
    """The section that has CHAPTER (the cached record itself: not to be handed out)."""
    found: list[Record] = cached(data_dir, "sections.json",
                                 lambda: read_json(data_dir, "sections.json")["sections"])
    for section in found:
        if section["first_chapter"] <= chapter <= section["last_chapter"]:
            return section
    raise DataError(f"chapter {chapter} is in no section of {Path(data_dir) / 'hs'}")


def missing(data_dir: Path, ed: Edition, digits: str, notes: Iterable[str] = ()) -> NotFound:
    """A NotFound naming the nearest existing codes and the editions that have DIGITS, after
    the NOTES on how the code as typed became DIGITS (a repair is said even when it fails)."""
    said = "".join(f"{note}; " for note in notes)
    reason = not_hs_reason(digits)
    if reason:
        return NotFound(f"{said}{dotted(digits)}: {reason}", value=digits)
    near = nearest_codes(ed, digits)
    others = editions_of(data_dir, digits)
    message = f"{said}{dotted(digits)} is not an HS{ed.edition} code"
    if others:
        message += f"; it exists in HS{', HS'.join(others)}"
    if near:
        message += f"; nearest HS{ed.edition} codes: {', '.join(dotted(c) for c in sorted(near))}"
    return NotFound(message, value=digits, suggestion=dotted(near[0]) if near else None)


def nearest_codes(ed: Edition, digits: str, count: int = 3) -> list[str]:
    """Up to COUNT existing codes of the same length closest to DIGITS, closest first, under
    its deepest existing ancestor (a missing subheading gets its heading's subheadings)."""
    pool: list[str] = []
    for cut in (4, 2):
        at = ed.find(digits[:cut]) if len(digits) > cut else None
        if at is not None:
            start, end = at + 1, ed.end(at)
            pool = [c for c in ed.codes[start:end] if len(c) == len(digits)]
            if pool:
                break
    if not pool:
        pool = [c for c in ed.codes if len(c) == len(digits)]
    number = int(digits)
    return sorted(pool, key=lambda c: (abs(int(c) - number), c))[:count]


def found_reading(data_dir: Path, ed: Edition, readings: list[Reading]
                  ) -> tuple[str, list[str], int]:
    """The first of READINGS (codes.code_readings) that is a code of ED, with its position;
    NotFound for the first when none is."""
    for digits, notes in readings:
        i = ed.find(digits)
        if i is not None:
            return digits, notes, i
    digits, notes = readings[0]
    raise missing(data_dir, ed, digits, notes)


# Records built, by (code, edition) as given: a program looking up many codes builds each once
# (the file reads and the walk of the tree cost far more than a copy). Bounded, so a caller
# looking up endless junk keeps flat memory.
MEMO_SIZE = 50_000
# Records of an edition built one by one (each reading its few descriptions where they lie)
# before the edition's descriptions are read whole and its records made from a Tree.
TREE_AFTER = 8


def get(data_dir: Path, code: str, edition: str = DEFAULT_EDITION) -> Record:
    """One code with its place in the nomenclature.

    Keys: code, code_dotted, level, description, description_truncated, edition, section,
    section_title, chapter, chapter_description, heading, heading_description, path (section
    down to the code itself, each {code, code_dotted, level, description}: a read-only
    SharedRow), children (the same), notes (what was repaired, codes.code_readings: of its
    readings the first that is a code of the edition; and the edition "auto" chose).
    EDITION "auto" is the newest edition that has the code. Raises InvalidValue for a
    malformed code or edition and NotFound for a well-formed code missing from the edition.
    """
    if type(code) is str and type(edition) in (str, int):  # hashable; a bool is neither
        tree = _tree(data_dir, edition)
        at = tree.position.get(code) if tree is not None else None
        if tree is not None and at is not None:  # a record with fresh lists, as _copy makes
            record = (tree.fields[at] or tree.make_fields(at)).copy()
            record["path"] = [*tree.paths[at]]
            record["children"] = [*tree.children[at]]
            record["notes"] = []
            return record
        memo: dict[tuple[str, str], Record] = cached(data_dir, "records", dict)
        key = (code, edition)
        built = memo.get(key)
        if built is None:
            built = _build(data_dir, code, edition)
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[key] = built
            _remember_tree(data_dir, edition, built["edition"])
        return _copy(built)
    return _build(data_dir, code, edition)


def brief(data_dir: Path, code: str, edition: str = DEFAULT_EDITION) -> SharedRow:
    """The row of one code: code, code_dotted, level, description; the same read-only row
    for every call (a SharedRow), so that a program looking up many codes pays about a dict
    lookup. As get() finds it, but a code get() would answer with notes (a repair, the
    edition "auto" chose) raises InvalidValue naming the code it would be, as the row cannot
    say so."""
    if type(code) is str and type(edition) in (str, int):
        tree = _tree(data_dir, edition)
        at = tree.position.get(code) if tree is not None else None
        if tree is not None and at is not None:
            return tree.paths[at][-1]
    record = get(data_dir, code, edition)
    if record["notes"]:
        repaired = record["code"] != code.replace(".", "").strip()
        raise InvalidValue("code", code, f"{'; '.join(record['notes'])}: brief() takes a code "
                                         "as written; get() reads it with notes",
                           suggestion=record["code_dotted"] if repaired else None)
    row: SharedRow = record["path"][-1]
    return row


def _tree(data_dir: Path, edition: str | int) -> Tree | None:
    """The Tree of EDITION (as given) once it is read whole; else None."""
    trees: dict[str | int, Tree] | None = LOADED.get((str(data_dir), "trees"))  # no call
    return trees.get(edition) if trees is not None else None


def _remember_tree(data_dir: Path, given: str | int, edition: str) -> None:
    """After TREE_AFTER records of EDITION built one by one (a program looking up many codes),
    its descriptions are read whole and the records of its clean codes made from a Tree, found
    under the edition as GIVEN ("auto" is the default edition's: resolve_edition takes it for
    any code it has)."""
    trees: dict[str | int, Tree] = cached(data_dir, "trees", dict)
    if given in trees or len(trees) >= 64 or (given == "auto" and edition != DEFAULT_EDITION):
        return
    ed = edition_table(data_dir, edition)
    built: dict[str, int] = cached(data_dir, "records built", dict)
    built[edition] = built.get(edition, 0) + 1
    if built[edition] >= TREE_AFTER and not ed.read_whole:
        ed.descriptions  # noqa: B018 - read whole: one read, not a seek per description
    if ed.read_whole:
        tree = next((t for t in trees.values() if t.ed is ed), None)
        trees[given] = tree or Tree(data_dir, ed)


class Tree:
    """An edition read whole: the rows of every code's path and children, made in one pass
    and shared by the records handed out (each gets fresh lists of them), and each code's
    other fields, made on its first lookup."""

    __slots__ = ("ed", "position", "paths", "children", "fields")

    def __init__(self, data_dir: Path, ed: Edition) -> None:
        self.ed, position = ed, ed.position
        # A code as stored or dotted (0901.21, as spreadsheets hold it): both read without notes.
        self.position = {**position, **{dotted(code): i for code, i in position.items()
                                        if len(code) == 6}}
        rows = cast("list[SharedRow]", ed.records(range(len(ed.codes)), SharedRow))
        self.paths: list[tuple[SharedRow, ...]] = []
        # A code's children: a list once it has any (a tuple, empty, until then).
        self.children: list[Sequence[SharedRow]] = [()] * len(rows)
        for row in rows:  # in tree order: a code's parent comes before it
            code = row["code"]
            if len(code) == 2:
                self.paths.append((_section_row(data_dir, code), row))
                continue
            parent = position.get(code[:-2])
            if parent is None:
                raise DataError(f"{ed.path}: {dotted(code)} is there without "
                                f"{dotted(code[:-2])}; rebuild it with scripts/build_hs.py")
            self.paths.append((*self.paths[parent], row))
            siblings = self.children[parent]
            if siblings:
                siblings.append(row)  # type: ignore[attr-defined]
            else:
                self.children[parent] = [row]
        self.fields: list[Record | None] = [None] * len(rows)

    def make_fields(self, i: int) -> Record:
        """The fields of the record of code I (path, children and notes None)."""
        made = self.fields[i] = _fields(self.ed, self.paths[i])
        return made


def _section_row(data_dir: Path, chapter: str) -> SharedRow:
    """The path's first row for CHAPTER: its section."""
    made: dict[str, SharedRow] = cached(data_dir, "section rows", dict)
    section = _section_of(data_dir, chapter)
    row = made.get(section["section"])
    if row is None:
        row = made[section["section"]] = SharedRow(
            code=section["section"], code_dotted=section["section"], level="section",
            description=section["title"])
    return row


def _fields(ed: Edition, path: Sequence[Record]) -> Record:
    """The fields of the record of the code PATH ends with (path, children and notes None)."""
    code = path[-1]["code"]
    heading = code[:4] if len(code) >= 4 else None
    return {
        "code": code, "code_dotted": path[-1]["code_dotted"], "level": path[-1]["level"],
        "description": path[-1]["description"], "description_truncated": code in ed.truncated,
        "edition": ed.edition, "section": path[0]["code"], "section_title": path[0]["description"],
        "chapter": code[:2], "chapter_description": path[1]["description"],
        "heading": heading, "heading_description": path[2]["description"] if heading else None,
        "path": None, "children": None, "notes": None,
    }


def _copy(record: Record) -> Record:
    """RECORD with fresh lists: the caller may change the record and its lists (the rows in
    them are SharedRows, which cannot be changed)."""
    copy = record.copy()
    copy["path"] = [*record["path"]]
    copy["children"] = [*record["children"]]
    copy["notes"] = [*record["notes"]]
    return copy


def read_code(data_dir: Path, code: object, edition: object
              ) -> tuple[list[Reading], str, list[str]]:
    """The readings of CODE as typed (codes.code_readings), the edition EDITION names ("auto":
    resolve_edition) and the note on the edition chosen. A wrong edition is named before a
    wrong code."""
    if str(edition).strip().lower() != "auto":
        edition = normalize_edition(edition)
    readings = code_readings(code)  # type: ignore[arg-type]  # anything else is refused there
    edition, edition_notes = resolve_edition(data_dir, readings, edition)
    return readings, edition, edition_notes


def find_code(data_dir: Path, code: str, edition: object) -> tuple[str, list[str], Edition, int]:
    """CODE as typed found in EDITION ("auto": resolve_edition): its digits, the notes on its
    repairs and the edition chosen, the edition's table and the code's position there."""
    readings, edition, edition_notes = read_code(data_dir, code, edition)
    ed = edition_table(data_dir, edition)
    digits, notes, i = found_reading(data_dir, ed, readings)
    return digits, [*notes, *edition_notes], ed, i


def _build(data_dir: Path, code: str, edition: str) -> Record:
    """get(), worked out."""
    digits, notes, ed, i = find_code(data_dir, code, edition)
    ancestors = [ed.find(digits[:cut]) for cut in (2, 4, 6) if cut <= len(digits)]
    if None in ancestors:
        raise DataError(f"{ed.path}: {dotted(digits)} is there without one of its ancestors; "
                        "rebuild it with scripts/build_hs.py")
    children = [j for j in range(i + 1, ed.end(i)) if len(ed.codes[j]) == len(digits) + 2]
    rows = ed.records([*ancestors, *children], SharedRow)  # type: ignore[list-item]
    path = (_section_row(data_dir, digits[:2]), *rows[:len(ancestors)])
    record = _fields(ed, path)
    record.update(path=[*path], children=rows[len(ancestors):], notes=notes)
    return record
