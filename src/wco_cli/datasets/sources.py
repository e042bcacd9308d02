"""Sources: the seed documents and public pages every record cites."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any

from wco_cli.datasets.base import Dataset, Document, ExportTable, Record, Row
from wco_cli.errors import InvalidValue
from wco_cli.filters import ENUM, Argument, Filter, declare
from wco_cli.text import shown

if TYPE_CHECKING:
    # The record and row types, named in the base class as text (ruff does not read it).
    from wco_cli.records import SourceRecord, SourceRow  # noqa: F401

# Who published a source, best first; `third_party` is true for the last three.
GRADE_ORDER = ("seed", "wco", "member", "intergovernmental", "press", "reference", "copy")
GRADES = "enum:" + ",".join(GRADE_ORDER)
THIRD_PARTY = frozenset({"press", "reference", "copy"})


class Sources(Dataset["SourceRecord", "SourceRow"]):
    name = "sources"
    noun = "source"
    record_spec = {
        "id": "id", "kind": "enum:seed,web", "location": "str", "title": "str",
        "date": "date?", "date_note": "str?", "page_date": "date?", "grade": GRADES,
        "third_party": "bool",
    }
    views = {"sources": {
        "id": "id", "kind": "enum:seed,web", "location": "str", "title": "str", "date": "date?",
        "date_note": "str?", "third_party": "bool", "citations": "int", "cited_by": "[str]*",
        "grade": GRADES, "page_date": "date?",
    }}
    columns = {"sources": ("id", "grade", "date", "title", "citations")}
    detail_spec = views["sources"]
    filters = declare(Filter("kind", "", ENUM, metavar="KIND"),
                      Filter("grade", "Who published it", ENUM, metavar="GRADE"))
    summary = "Every source, with the records that cite it."
    examples = ("wco sources --kind seed", "wco sources --grade copy",
                "wco sources seed-004 --json")
    argument = Argument("[ID]", "One source in full, with every record citing it.")
    key_notes = {"sources": {
        "grade": "who published it",
        "page_date": "the page's own date where it differs from `date`, the date of its "
                     "information",
    }}

    def keys(self, record: Record) -> tuple[str, ...]:
        return (record["id"], record["location"])

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    def list_rows(self, kind: str | None = None, grade: str | None = None, **filters: Any
                  ) -> list[Row]:
        self._no_other_filters(filters)
        kind = self._choice("kind", kind)
        grade = self._choice("grade", grade)
        cited = self.db.citations()
        return [self._row(source, cited) for source in self._records
                if (kind is None or source["kind"] == kind)
                and (grade is None or source["grade"] == grade)]

    def _row(self, source: Record, cited: dict[str, list[str]]) -> Row:
        citing = cited.get(source["id"], [])
        return {field: source[field] for field in self.record_spec} | {
            "citations": len(citing), "cited_by": list(citing)}

    def best_grade(self, ids: list[str]) -> str | None:
        """The best grade among the sources IDS (a list of source ids): what a value rests on
        at best; None when none of them is a known source."""
        known = self._by_id()
        grades = [known[i]["grade"] for i in _source_ids(ids) if i in known]
        return min(grades, key=GRADE_ORDER.index) if grades else None

    def briefs(self, ids: list[str]) -> list[Row]:
        """The id, title, location, date and grade of each of the sources IDS (a list of source
        ids) that is known, in that order: how detail views show what a record cites."""
        known = self._by_id()
        return [{k: known[i][k] for k in ("id", "title", "location", "date", "grade")}
                for i in _source_ids(ids) if i in known]

    def export_tables(self) -> list[ExportTable]:
        """Every source, and every citation of it: the table `citations`, a row per record
        citing it (its `cited_by`), with the record's dataset and id apart."""
        cited = self.db.citations()
        rows = [self._row(source, cited) for source in self._records]
        citations = {row["id"]: [{"cited_by": name, "dataset": name.partition(":")[0],
                                  "record_id": name.partition(":")[2]}
                                 for name in row["cited_by"]] for row in rows}
        return [ExportTable(self.name, rows, tuple(self.main_view()),
                            lists={"cited_by": citations}, names={"cited_by": "citations"},
                            about={"cited_by": "Every citation: a row per record citing a "
                                               "source (its dataset and id); a source's count "
                                               "is its `citations`."})]

    def detail_of(self, record: Record) -> Row:
        return self._row(record, self.db.citations())

    def documents(self) -> Iterator[Document]:
        for source in self._records:
            yield "source", source["id"], source["title"], [], source["location"]


def _source_ids(ids: object) -> Collection[str]:
    """IDS, if it is a list (tuple, set) of source ids; else InvalidValue naming `ids`."""
    if not isinstance(ids, (list, tuple, set, frozenset)) \
            or not all(isinstance(i, str) for i in ids):
        raise InvalidValue("ids", ids, f"must be a list of source ids, not {shown(ids)}")
    return ids


DATASET = Sources
