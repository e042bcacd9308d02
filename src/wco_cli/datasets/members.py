"""WCO Members: name, ISO codes, kind, region and date of membership."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wco_cli import timeline
from wco_cli.datasets.base import SOURCE_BRIEF, Dataset, Document, ExportTable, Record, Row
from wco_cli.datasets.regions import REGION
from wco_cli.errors import InvalidValue
from wco_cli.filters import AS_OF, ENUM, FLAG, YEAR, Argument, Filter, declare
from wco_cli.text import shown, sort_name

if TYPE_CHECKING:
    # The record and row types, named in the base class as text (ruff does not read it).
    from wco_cli.records import MemberRecord, MemberRow  # noqa: F401

MEMBER_KINDS = "enum:state,customs_territory,customs_union"
# A listed record as a count is checked against it: (name, start date, sources).
Listed = tuple[str, "str | None", list[str]]


class Members(Dataset["MemberRecord", "MemberRow"]):
    name = "members"
    noun = "WCO Member"
    search_kind = "member"
    record_spec = {
        "id": "id", "name": "str", "aliases": "[str]*", "iso_alpha2": "alpha2?",
        "iso_alpha3": "alpha3?", "kind": MEMBER_KINDS, "region": "ref:regions",
        "joined": "date?", "founding_member": "bool", "counted": "bool", "note": "str?",
        "sources": "[ref:sources]", "as_of": "date",
    }
    views = {"members": {
        "id": "id", "name": "str", "iso_alpha2": "alpha2?", "iso_alpha3": "alpha3?",
        "kind": MEMBER_KINDS, "region": "id", "region_name": "str", "region_short": "str",
        "joined": "date?", "founding_member": "bool", "counted": "bool", "aliases": "[str]*",
        "note": "str?", "sources": "[id]", "as_of": "date", "confirmed": "bool",
        "status": timeline.LISTED_STATUS, "joined_earliest": "date?", "joined_latest": "date?",
    }}
    columns = {"members": ("id", "name", "iso_alpha2", "region_short", "joined")}
    detail_spec = {
        **views["members"],
        "sources": [SOURCE_BRIEF],
        "offices": [{"id": "id", "type": "str", "name": "str", "city": "str?", "country": "str"}],
    }
    filters = declare(
        REGION,
        Filter("kind", "", ENUM, metavar="KIND"),
        Filter("joined_before", "Members that joined before YEAR (in an earlier year); Members "
                                "with no known date of membership are left out, and those "
                                "whose date is a range unless all of it is earlier.", YEAR),
        Filter("joined_since", "Members that joined in YEAR or later; Members with no known "
                               "date of membership are left out, and those whose date is a "
                               "range unless all of it is in YEAR or later.", YEAR),
        Filter("with_eu", "Include the European Union (interim rights; not counted as a "
                          "Member).", FLAG),
        AS_OF,
    )
    summary = ("WCO Members: name, ISO codes, region and date of membership, sorted by name "
               "(accents and articles ignored).")
    examples = ("wco members kenya", "wco members --region esa --joined-since 2000",
                "wco members china --fields joined")
    argument = Argument("[NAME]", "One Member by name, alias or ISO code: its region and the "
                                  "offices serving it.", alone="a Member's NAME")
    key_notes = {"members": {
        "confirmed": "`status` is `in_force`",
        "status": "membership on the `--as-of` date, today without it; uncertain inside the "
                  "range of a date known only as one",
        "joined_latest": "the first and last day the date of membership may be, null for an "
                         "open side or an unknown date",
    }}

    def keys(self, record: Record) -> tuple[str | None, ...]:
        return (record["id"], record["name"], *record["aliases"], record["iso_alpha2"],
                record["iso_alpha3"])

    def codes(self, record: Record) -> tuple[str | None, ...]:
        return (record["id"], record["iso_alpha2"], record["iso_alpha3"])

    _floor: tuple[str | None] | None = None  # (the first possible day of membership,)

    def _membership(self, member: Record, day: str | None) -> str:
        """The Member's status on DAY (today when None) by the one rule (timeline.status): a
        date of membership that is a range leaves the days inside it uncertain; one not known at
        all is uncertain from the first possible accession until the record's own date."""
        return timeline.status(member["joined"], None, day or timeline.today(),
                               floor=self._first_joined(),
                               known_by=timeline.certain_from(member["as_of"]))

    def _first_joined(self) -> str | None:
        """The earliest day any Member may have joined: no Member is listed before it (computed
        once, and published whole for threads sharing the dataset)."""
        if self._floor is None:
            known = [day for day in (timeline.bounds(m["joined"])[0] for m in self._records)
                     if day is not None]
            self._floor = (min(known) if known else None,)
        return self._floor[0]

    @staticmethod
    def _joined_years(member: Record) -> tuple[int | None, int | None]:
        """The earliest and latest year the Member may have joined (None: not known)."""
        earliest, latest = timeline.bounds(member["joined"])
        return (int(earliest[:4]) if earliest else None, int(latest[:4]) if latest else None)

    def list_rows(self, region: str | None = None, kind: str | None = None,
                  joined_before: int | str | None = None, joined_since: int | str | None = None,
                  with_eu: bool = False, as_of: timeline.DateValue | None = None,
                  **filters: Any) -> list[Row]:
        """Members (on AS_OF, today by default) that pass every filter: those in force by name,
        then those uncertain on that day by name. The European Union is not a Member and is
        listed only WITH_EU. The year filters take a Member only where its date of membership
        surely passes them (a range must lie wholly within)."""
        self._no_other_filters(filters)
        kind = self._choice("kind", kind)
        before = timeline.parse_year(joined_before, "joined_before")
        since = timeline.parse_year(joined_since, "joined_since")
        day = timeline.as_of_day(as_of) or timeline.today()
        if not isinstance(with_eu, bool):  # "false" would be true: a flag must be True or False
            raise InvalidValue("with_eu", with_eu, f"must be True or False, not {shown(with_eu)}",
                               ("True", "False"))
        region_ids = self.db.regions.selected_ids(region)
        rows = []
        for member in self._records:
            # Years only where a year filter asks: the default list is on every start-up path.
            first_year, last_year = (self._joined_years(member) if (before or since) is not None
                                     else (None, None))
            state = self._membership(member, day)
            if (not (member["counted"] or with_eu) or state == timeline.NOT_IN_FORCE
                    or (region_ids is not None and member["region"] not in region_ids)
                    or (kind and member["kind"] != kind)
                    or (before is not None and (last_year is None or last_year >= before))
                    or (since is not None and (first_year is None or first_year < since))):
                continue
            rows.append(self._row(member, state))
        rows.sort(key=lambda row: (row["status"] != timeline.IN_FORCE, sort_name(row["name"])))
        return rows

    def count_notes(self, as_of: timeline.DateValue | None = None) -> list[str]:
        """Why the Members listed on AS_OF (today by default) are not as many as the fact file's
        Member count in force then: one line per differing count, empty when they agree."""
        return self.db.facts.count_notes("members", as_of)

    def counted_on(self, as_of: timeline.DateValue | None = None
                   ) -> tuple[list[Listed], list[Listed]]:
        """The counted Members in force on AS_OF (today by default) and those uncertain then,
        as list_rows lists them, each as (name, date of membership, source ids): what the fact
        file's Member count is checked against. Without building rows or reading the regions:
        `wco facts --as-of` pays only for reading members.json."""
        day = timeline.as_of_day(as_of) or timeline.today()
        known: list[Listed] = []
        unsure: list[Listed] = []
        for member in self._records:
            state = self._membership(member, day) if member["counted"] else timeline.NOT_IN_FORCE
            if state != timeline.NOT_IN_FORCE:
                (known if state == timeline.IN_FORCE else unsure).append(
                    (member["name"], member["joined"], list(member["sources"])))
        return known, unsure

    def _row(self, member: Record, state: str | None = None) -> Row:
        """The list row of MEMBER, whose status is STATE (today's when None)."""
        region_name, region_short = self.db.regions.names_of(member["region"])
        state = state or self._membership(member, None)
        earliest, latest = timeline.bounds(member["joined"])
        return {
            "id": member["id"], "name": member["name"], "iso_alpha2": member["iso_alpha2"],
            "iso_alpha3": member["iso_alpha3"], "kind": member["kind"], "region": member["region"],
            "region_name": region_name, "region_short": region_short,
            "joined": member["joined"], "founding_member": member["founding_member"],
            "counted": member["counted"], "aliases": list(member["aliases"]),
            "note": member["note"], "sources": list(member["sources"]), "as_of": member["as_of"],
            "confirmed": state == timeline.IN_FORCE, "status": state,
            "joined_earliest": earliest, "joined_latest": latest,
        }

    # ---- the command ------------------------------------------------------------------------

    def _list_title(self, rows: list[Row], filters: dict[str, Any]) -> str:
        return f"WCO Members ({len(rows)})"

    def _detail_title(self, record: Row) -> str:
        return f"{record['name']} ({record['region_name']})"

    def _uncertain_note(self, rows: list[Row], filters: dict[str, Any]) -> str | None:
        # Uncertain rows come last, marked; say which and why (their date of membership).
        return self._uncertain_count(
            rows, filters, "Members",
            lambda row: f"{row['name']} (joined {row['joined'] or 'unknown'})")

    def _list_notes(self, rows: list[Row], filters: dict[str, Any], drawn: bool) -> list[str]:
        """The whole list can be compared with the fact file's Member count: where they differ,
        say so; only under a drawn table, since otherwise facts.json need not even be read."""
        narrowed = [name for name in ("region", "kind", "joined_before", "joined_since")
                     if filters.get(name) is not None]
        if drawn and not narrowed and not filters.get("with_eu"):
            return self.count_notes(filters.get("as_of"))
        return []

    def completions(self) -> list[str]:
        """Names and ISO alpha-2 codes."""
        return ([m["name"] for m in self._records]
                + [m["iso_alpha2"] for m in self._records if m["iso_alpha2"]])

    def export_tables(self) -> list[ExportTable]:
        """Every record (the European Union and Members of other dates too), as today's list
        row."""
        return [ExportTable(self.name, [self._row(m) for m in self._records],
                            tuple(self.main_view()))]

    def detail_of(self, record: Record) -> Row:
        return {**self._row(record), "sources": self._sources_of(record["sources"]),
                "offices": self.db.offices.in_region(record["region"])}

    def documents(self) -> Iterator[Document]:
        for m in self._records:
            codes = [code for code in (m["iso_alpha2"], m["iso_alpha3"]) if code]
            yield "member", m["id"], m["name"], [*m["aliases"], *codes], m["note"] or ""


DATASET = Members
