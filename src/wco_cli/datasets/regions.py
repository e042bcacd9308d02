"""The six WCO regions, with their Member and office counts on a date."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wco_cli.datasets.base import SOURCE_BRIEF, Dataset, Document, Record, Row, text_of
from wco_cli.errors import InvalidValue
from wco_cli.filters import AS_OF, NAME, Argument, Filter, declare
from wco_cli.text import NAME_STOPWORDS, closest, visible, words

if TYPE_CHECKING:
    # The record and row types, named in the base class as text (ruff does not read it).
    from wco_cli import timeline
    from wco_cli.records import RegionRecord, RegionRow  # noqa: F401

# The filter of every dataset whose records belong to a region (offices, Members).
REGION = Filter(
    "region", "A region's id, name, short name or alias (esa, wca, mena, a/p...), or words of "
              "its name: 'africa' selects the three African regions, 'west africa' one.",
    NAME, dataset="regions", short="-r", metavar="REGION")
# Words of regions' names offered by completion beside the ids (see Regions._select).
NAME_WORDS = ("africa", "america", "asia")


class Regions(Dataset["RegionRecord", "RegionRow"]):
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
        named = sorted({w for r in self._records for w in words(r["name"])} - NAME_STOPWORDS)
        guess = guess or closest(query, named)
        raise InvalidValue(field, query, f"no region matches '{visible(query)}'",
                           [r["id"] for r in self._records] + ["a region's name, alias or words "
                                                             "of its name such as 'africa'"],
                           guess)

    def selected_ids(self, region: str | None) -> set[str] | None:
        """The ids of the regions REGION, the value of a `region` filter (of Members, offices),
        selects: an id, name or alias, or words of official names; None when REGION is None."""
        return None if region is None else {r["id"] for r in self._select("region", region)}

    def names_of(self, region_id: str) -> tuple[str, str]:
        """(name, short name) of the region whose id is REGION_ID, as rows show a region."""
        region = self._by_id().get(region_id) if isinstance(region_id, str) else None
        if region is None:
            problem = (f"no region has the id '{visible(region_id)}'"
                       if isinstance(region_id, str) else "must be a region's id (text)")
            raise InvalidValue("region_id", region_id, problem, self.ids())
        return region["name"], region["short_name"]

    def list_rows(self, as_of: timeline.DateValue | None = None, **filters: Any) -> list[Row]:
        self._no_other_filters(filters)
        members = self.db.members.list_rows(as_of=as_of, with_eu=False)
        offices = self.db.offices.list_rows(as_of=as_of)
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
        members = self.db.members
        offices = self.db.offices
        row = self._row(record, members.list_rows(), offices.list_rows())
        return {
            **row, "sources": self._sources_of(record["sources"]),
            "offices": offices.in_region(record["id"]),
            "member_list": [{k: m[k] for k in ("id", "name", "iso_alpha2", "joined", "counted")}
                            for m in members.records if m["region"] == record["id"]],
        }

    def documents(self) -> Iterator[Document]:
        for r in self._records:
            yield "region", r["id"], r["name"], [r["id"], r["short_name"], *r["aliases"]], ""


DATASET = Regions
