"""Sources: the seed documents and public pages every record cites."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wco_cli.datasets.base import Dataset, Document, Record, Row


class Sources(Dataset):
    name = "sources"
    noun = "source"
    record_spec = {
        "id": "id", "kind": "enum:seed,web", "location": "str", "title": "str",
        "date": "date?", "date_note": "str?", "third_party": "bool",
    }
    views = {"sources": {**record_spec, "citations": "int", "cited_by": "[str]*"}}
    columns = {"sources": ("id", "kind", "date", "title", "citations")}
    detail_spec = views["sources"]
    filters = {"kind": "seed or web"}

    def keys(self, record: Record) -> tuple[str, ...]:
        return (record["id"], record["location"])

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    def list_rows(self, kind: str | None = None, **filters: Any) -> list[Row]:
        super().list_rows(**filters)
        kind = self.choice("kind", kind)
        cited = self.db.citations()
        return [self._row(source, cited) for source in self.records
                if kind is None or source["kind"] == kind]

    def _row(self, source: Record, cited: dict[str, list[str]]) -> Row:
        citing = cited.get(source["id"], [])
        return {**source, "citations": len(citing), "cited_by": list(citing)}

    def detail_of(self, record: Record) -> Row:
        return self._row(record, self.db.citations())

    def documents(self) -> Iterator[Document]:
        for source in self.records:
            yield "source", source["id"], source["title"], [], source["location"]
DATASET = Sources
