"""The Harmonized System as a dataset: its 21 sections as records, and every code of seven
editions through `get`, `search` and `convert` (the work is done by `wco_cli.harmonized`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from wco_cli import harmonized as hs
from wco_cli.datasets.base import Dataset, Record, Row

HS_SOURCES = ("unsd-hs", "unsd-hs-correlations")
CODE_BRIEF = {"code": "str", "code_dotted": "str", "level": "str", "description": "str"}


class HarmonizedSystem(Dataset):
    name = "hs"
    noun = "HS section"
    stored_as_records = False  # files of its own under data/hs/, built by scripts/build_hs.py
    record_spec = {"id": "id", "section": "str", "number": "int", "chapters": "str",
                   "first_chapter": "str", "last_chapter": "str", "title": "str",
                   "sources": "[ref:sources]"}
    example = "0901.21"
    views = {
        "hs": {"section": "str", "number": "int", "chapters": "str", "first_chapter": "str",
               "last_chapter": "str", "title": "str"},
        "hs_search": {"code": "str", "code_dotted": "str", "level": "str", "description": "str",
                      "score": "number", "matched": "str"},
        "hs_batch": {"input": "str", "code": "str?", "valid": "bool", "level": "str?",
                     "description": "str?", "edition": "str", "note": "str?",
                     "converted": "[str]*"},
        "hs_convert": {"code": "str", "code_dotted": "str", "relationship": "str",
                       "description": "str?"},
    }
    columns = {"hs": ("section", "chapters", "title"),
               "hs_search": ("code_dotted", "level", "description", "matched"),
               "hs_batch": ("input", "code", "valid", "level", "description", "note"),
               "hs_convert": ("code_dotted", "relationship", "description")}
    view_commands = {"hs_search": ("hs", "roasted", "coffee"),
                     "hs_batch": ("hs", "-"), "hs_convert": ("hs", "8517.13", "--to", "2017")}
    detail_spec = {
        "code": "str", "code_dotted": "str", "level": "enum:chapter,heading,subheading",
        "description": "str", "description_truncated": "bool", "edition": "str",
        "section": "str", "section_title": "str", "chapter": "str",
        "chapter_description": "str", "heading": "str?", "heading_description": "str?",
        "path": [CODE_BRIEF], "children": [CODE_BRIEF, "*"], "notes": "[str]*",
    }

    @property
    def records(self) -> list[Record]:
        return [{"id": s["section"].lower(), **s, "sources": list(HS_SOURCES)}
                for s in hs.sections(self.db.path)]

    def keys(self, record: Record) -> tuple[str, ...]:
        return (record["id"], record["section"], str(record["number"]), record["title"])

    def list_rows(self, **filters: Any) -> list[Row]:
        self.no_other_filters(filters)
        return [{field: s[field] for field in self.main_view()} for s in self.records]

    # ---- codes ---------------------------------------------------------------------------------

    def get(self, code: str, edition: str = hs.DEFAULT_EDITION) -> Record:  # type: ignore[override]
        """One code of EDITION: path, description and children (NotFound, InvalidValue)."""
        return hs.get(self.db.path, code, edition)

    def detail(self, code: str, edition: str = hs.DEFAULT_EDITION) -> Row:  # type: ignore[override]
        return self.get(code, edition)

    def search(self, text: str, edition: str = hs.DEFAULT_EDITION,
               limit: int | None = hs.SEARCH_LIMIT) -> list[Record]:
        return hs.search(self.db.path, text, edition, limit)

    def convert(self, code: str, to: str, edition: str = hs.DEFAULT_EDITION,
                limit: int | None = hs.DEFAULT_LIMIT) -> Record:
        return hs.convert(self.db.path, code, to, edition, limit)

    def batch(self, lines: Iterable[str], edition: str = hs.DEFAULT_EDITION,
              to: str | None = None) -> Iterator[Record]:
        return hs.batch(self.db.path, lines, edition, to)

    def own_problems(self) -> list[str]:
        """The HS files are checked by loading each: sections, every edition, correlations."""
        from wco_cli.errors import DataError

        problems = []
        for edition in hs.EDITIONS:
            try:
                hs.get(self.db.path, "01", edition)
            except (DataError, LookupError, ValueError) as error:
                problems.append(f"hs{edition}: {error}")
        return problems

    def all_codes(self) -> Iterator[tuple[str, str, str, str]]:
        """(edition, code, level, description) of every code, for the export: each edition's
        table read whole, as a lookup of every code would give them."""
        for edition in hs.EDITIONS:
            table = hs._edition(self.db.path, edition)
            for code, text in zip(table.codes, table.descriptions):
                yield edition, code, hs.LEVELS[len(code)], text


DATASET = HarmonizedSystem
