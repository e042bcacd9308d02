"""The dated timeline of the WCO."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wco_cli import timeline
from wco_cli.datasets.base import Dataset, Document, Row
from wco_cli.errors import InvalidValue
from wco_cli.matching import fold

EVENT_CATEGORIES = ("founding", "convention", "instrument", "membership", "leadership", "network",
                    "plan", "partnership", "milestone")


class History(Dataset):
    name = "history"
    noun = "event"
    search_kind = "event"
    record_spec = {
        "id": "id", "date": "date", "precision": "enum:year,month,day", "title": "str",
        "category": "enum:" + ",".join(EVENT_CATEGORIES), "sources": "[ref:sources]",
        "note": "str?",
    }
    views = {"history": {
        "id": "id", "date": "date", "precision": "enum:year,month,day", "title": "str",
        "category": "str", "note": "str?", "sources": "[id]",
    }}
    columns = {"history": ("date", "title", "sources")}
    filters = {"since": "a year", "until": "a year", "grep": "words"}

    def keys(self, record: dict[str, Any]) -> tuple[str, ...]:
        return (record["id"], record["title"])

    def list_rows(self, since: int | None = None, until: int | None = None,
                  grep: str | None = None, **filters: Any) -> list[Row]:
        """Events in date order, from year SINCE to year UNTIL (both included), whose title or
        note contains every word of GREP (case and accents ignored)."""
        self.no_other_filters(filters)
        timeline.parse_year(since, "since")
        timeline.parse_year(until, "until")
        if since is not None and until is not None and since > until:
            raise InvalidValue("since", since, f"{since} is after the 'until' year {until}")
        words = fold(grep).split() if grep is not None else []
        if grep is not None and not words:
            raise InvalidValue("grep", grep, "give some text to look for")
        rows = []
        for event in sorted(self.records, key=lambda e: e["date"]):
            year = int(event["date"][:4])
            if (since is not None and year < since) or (until is not None and year > until):
                continue
            haystack = fold(f"{event['title']} {event['note'] or ''} {event['category']}")
            if all(word in haystack for word in words):
                rows.append({key: event[key] for key in self.main_view()})
                rows[-1]["sources"] = list(event["sources"])
        return rows

    def documents(self) -> Iterator[Document]:
        for e in self.records:
            yield "event", e["id"], e["title"], [], f"{e['date']} {e['category']} {e['note'] or ''}"


DATASET = History
