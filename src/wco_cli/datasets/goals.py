"""Named sets of goals: strategic goals, objectives, functions, Packages and plans."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wco_cli.datasets.base import Dataset, Document, Record, Row

GOAL_ITEM = {"code": "str", "title": "str", "description": "str?"}


class Goals(Dataset):
    name = "goals"
    noun = "goal set"
    search_kind = "goal"
    record_spec = {
        "id": "id", "name": "str", "description": "str", "note": "str?", "as_of": "date",
        "sources": "[ref:sources]", "items": [GOAL_ITEM],
    }
    views = {
        "goals": {"set": "id", "set_name": "str", "code": "str", "title": "str",
                  "description": "str?", "as_of": "date", "sources": "[id]"},
        "goal_sets": {"id": "id", "name": "str", "items": "int", "description": "str",
                      "note": "str?", "as_of": "date", "sources": "[id]"},
    }
    columns = {"goals": ("set", "code", "title"),
               "goal_sets": ("id", "name", "items", "as_of", "sources")}
    view_commands = {"goal_sets": ("goals", "--list-sets")}
    filters = {"set": "a goal set"}

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    def list_rows(self, set: str | None = None, **filters: Any) -> list[Row]:  # noqa: A002
        """The items of every set, or of the set named SET."""
        self.no_other_filters(filters)
        chosen = [self._one(set, "set")] if set is not None else self.records
        return [
            {"set": s["id"], "set_name": s["name"], "code": item["code"], "title": item["title"],
             "description": item["description"], "as_of": s["as_of"], "sources": list(s["sources"])}
            for s in chosen for item in s["items"]
        ]

    def set_rows(self) -> list[Row]:
        """One row per set (`wco goals --list-sets`)."""
        return [
            {"id": s["id"], "name": s["name"], "items": len(s["items"]),
             "description": s["description"], "note": s["note"], "as_of": s["as_of"],
             "sources": list(s["sources"])}
            for s in self.records
        ]

    def documents(self) -> Iterator[Document]:
        for g in self.records:
            for item in g["items"]:
                yield ("goal", f"{g['id']}/{item['code']}", item["title"], [item["code"]],
                       f"{g['name']} {item['description'] or ''}")

    def detail_of(self, record: Record) -> Row:
        return {**record, "sources": self.sources_of(record["sources"])}


DATASET = Goals
