"""The six WCO regions, with their Member and office counts on a date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wco_cli.datasets.base import SOURCE_BRIEF, Dataset, Document, Record, Row, text_of
from wco_cli.errors import InvalidValue
from wco_cli.filters import AS_OF, NAME, Argument, Filter, declare
from wco_cli.matching import STOPWORDS, closest, fold
from wco_cli.text import visible

if TYPE_CHECKING:
    from wco_cli import timeline

# The filter of every dataset whose records belong to a region (offices, Members).
REGION = Filter(
    "region", "A region's id, name, short name or alias (esa, wca, mena, a/p...), or words of "
              "its name: 'africa' selects the three African regions, 'west africa' one.",
    NAME, dataset="regions", short="-r", metavar="REGION")
# Words of regions' names offered by completion beside the ids (see Regions._select).
NAME_WORDS = ("africa", "america", "asia")


class Regions(Dataset):
    name = "regions"
    noun = "region"
    search_kind = "region"
    record_spec = {
        "id": "id", "name": "str", "short_name": "str", "aliases": "[str]",
        "sources": "[ref:sources]", "as_of": "date",
    }
    views = {"regions": {
        "id": "id", "name": "str", "short_name": "str", "aliases": "[str]", "members": "int",
        "rilos": "int", "rocbs": "int", "rtcs": "int", "sources": "[id]", "as_of": "date",
    }}
    columns = {"regions": ("id", "short_name", "name", "members", "rilos", "rocbs", "rtcs")}
    detail_spec = {
        **views["regions"],
        "sources": [SOURCE_BRIEF],
        "offices": [{"id": "id", "type": "str", "name": "str", "city": "str?", "country": "str"}],
        "member_list": [{"id": "id", "name": "str", "iso_alpha2": "alpha2?", "joined": "date?",
                         "counted": "bool"}],
    }
    filters = declare(AS_OF)
    summary = "The six WCO regions with their Member and office counts."
    examples = ("wco regions", "wco regions --as-of 2013", "wco regions esa --json")
    title = "WCO regions"
    argument = Argument("[REGION]", "One region in full: its Members and offices.")

    def completions(self) -> list[str]:
        return [*super().completions(), *NAME_WORDS]

    def keys(self, record: Record) -> tuple[str, ...]:
        return (record["id"], record["name"], record["short_name"], *record["aliases"])

    def _select(self, field: str, query: str) -> list[Record]:
        """A region filter: a region's id, name or alias, or words of official names, so that
        'africa' selects the three regions with Africa in their names (cached records)."""
        text_of(field, query, "a region's id, name, alias or words of its name")
        if not query.strip():
            raise InvalidValue(field, query, "an empty value names no region")
        found = self._find(query)
        if found:
            return found
        guess = self._name_matcher().suggestion(query)
        words = sorted({w for r in self._records for w in fold(r["name"]).split()} - STOPWORDS)
        guess = guess or closest(query, words)
        raise InvalidValue(field, query, f"no region matches '{visible(query)}'",
                           [r["id"] for r in self._records] + ["a region's name, alias or words "
                                                             "of its name such as 'africa'"],
                           guess)

    def _ids_named(self, field: str, query: str | None) -> set[str] | None:
        """The ids of the regions a filter value selects, or None when it is not given."""
        return None if query is None else {r["id"] for r in self._select(field, query)}

    def list_rows(self, as_of: timeline.DateValue | None = None, **filters: Any) -> list[Row]:
        self._no_other_filters(filters)
        members = self.db.dataset("members").list_rows(as_of=as_of, with_eu=False)
        offices = self.db.dataset("offices").list_rows(as_of=as_of)
        return [self._row(region, members, offices) for region in self._records]

    def _row(self, region: Record, members: list[Row], offices: list[Row]) -> Row:
        local = [office["type"] for office in offices if office["region"] == region["id"]]
        return {
            "id": region["id"], "name": region["name"], "short_name": region["short_name"],
            "aliases": list(region["aliases"]),
            "members": sum(1 for m in members if m["region"] == region["id"] and m["counted"]),
            "rilos": local.count("rilo"), "rocbs": local.count("rocb"), "rtcs": local.count("rtc"),
            "sources": list(region["sources"]), "as_of": region["as_of"],
        }

    def detail_of(self, record: Record) -> Row:
        members = self.db.dataset("members")
        offices = self.db.dataset("offices")
        row = self._row(record, members.list_rows(), offices.list_rows())
        return {
            **row, "sources": self._sources_of(record["sources"]),
            "offices": offices._summaries(record["id"]),  # type: ignore[attr-defined]
            "member_list": [{k: m[k] for k in ("id", "name", "iso_alpha2", "joined", "counted")}
                            for m in members.records if m["region"] == record["id"]],
        }

    def documents(self) -> Iterator[Document]:
        for r in self._records:
            yield "region", r["id"], r["name"], [r["id"], r["short_name"], *r["aliases"]], ""


DATASET = Regions
