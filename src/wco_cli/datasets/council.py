"""Council officers: the Chairperson of the Council and its six regional Vice-Chairs, by term.

The Council elects them at its session in late June for terms of a year (often renewed). A term
whose end no source gives is not taken to last for ever: it surely ran to the end of the Council
year of its latest evidence (its start, or the newest source naming the holder), and the next
holder of the same post ended it at the latest; in between, it is uncertain.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wco_cli import timeline
from wco_cli.datasets.base import SOURCE_BRIEF, Dataset, Document, ExportTable, Record, Row
from wco_cli.datasets.regions import REGION
from wco_cli.errors import InvalidValue
from wco_cli.filters import AS_OF, ENUM, TEXT, YEAR, Filter, declare
from wco_cli.text import closest, fold_words, visible

if TYPE_CHECKING:
    # The record and row types, named in the base class as text (ruff does not read it).
    from wco_cli.records import CouncilTermRecord, CouncilTermRow  # noqa: F401

OFFICES = "enum:chair,vice-chair"
OFFICE_TITLES = {"chair": "Chairperson", "vice-chair": "Vice-Chair"}
# Where an end is derived rather than stated: from a successor's start, or only from the newest
# evidence (the end of its Council year; the term may have gone on, and the row says so).
END_BASES = "enum:stated,successor,evidence"
# Council years run from the session at the end of June to the next: a term that began, or a
# holder seen, from this month on is in the Council year ending the next 30 June.
COUNCIL_YEAR_TURNS = 6


class Council(Dataset["CouncilTermRecord", "CouncilTermRow"]):
    name = "council"
    noun = "Council officer"
    search_kind = "officer"
    record_spec = {
        "id": "id", "office": OFFICES, "region": "ref:regions?", "holder": "str?",
        "member": "str?", "member_iso": "alpha2?", "role": "str?", "from": "date?",
        "until": "date?", "note": "str?", "sources": "[ref:sources]", "as_of": "date",
    }
    views = {"council": {
        "id": "id", "office": OFFICES, "office_title": "str", "region": "id?",
        "region_short": "str?", "holder": "str?", "member": "str?", "member_iso": "alpha2?",
        "role": "str?", "from": "date?", "until": "date?", "term_end": "date?",
        "term_end_basis": END_BASES, "status": timeline.LISTED_STATUS,
        "from_earliest": "date?", "from_latest": "date?", "term_end_earliest": "date?",
        "term_end_latest": "date?", "note": "str?", "sources": "[id]", "as_of": "date",
    }}
    columns = {"council": ("office_title", "region_short", "holder", "member", "from",
                           "term_end")}
    # One term in full is shown whether or not it is held today.
    detail_spec = {**views["council"], "sources": [SOURCE_BRIEF],
                   "status": f"enum:{timeline.IN_FORCE},{timeline.NOT_IN_FORCE},"
                             f"{timeline.UNCERTAIN}"}
    filters = declare(
        Filter("office", "", ENUM, metavar="OFFICE"),
        REGION,
        Filter("member", "Terms held by this Member's administration: a name or ISO code.",
               TEXT, metavar="MEMBER"),
        Filter("since", "Every term held at any time from 1 January of YEAR to the --as-of "
                        "date (today without it), instead of those held on that one day.",
               YEAR),
        AS_OF,
    )
    summary = ("Council officers: the Chairperson and the six regional Vice-Chairs, by term "
               "(today's unless --as-of or --since).")
    title = "WCO Council officers"
    examples = ("wco council", "wco council --office chair --since 2008",
                "wco council --region wca --since 2015 --json", "wco council --as-of 2016-12")
    key_notes = {"council": {
        "term_end": "`until` where a source gives it; else derived (`term_end_basis`): "
                    "`successor`, a range up to the next holder's start, or `evidence`, open "
                    "after the end of the Council year of the newest evidence",
        "status": "held on the `--as-of` date (or some day since `--since`); uncertain where "
                  "a start or end is known only as a range",
    }}

    _ends: dict[str, tuple[str | None, str]] | None = None

    def keys(self, record: Record) -> tuple[str | None, ...]:
        return (record["id"], record["holder"])

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    # ---- time ---------------------------------------------------------------------------------

    def _term_end(self, record: Record) -> tuple[str | None, str]:
        """(end, basis) of RECORD's term: its `until` (stated); else a range from the end of the
        Council year of its newest evidence to the next holder's latest start (successor), or
        open (evidence). None only where nothing at all bounds it."""
        if self._ends is None:
            self._ends = self._derived_ends()
        return self._ends[record["id"]]

    def _derived_ends(self) -> dict[str, tuple[str | None, str]]:
        """Every term's end, worked out once (and published whole, for threads)."""
        ends: dict[str, tuple[str | None, str]] = {}
        by_post: dict[tuple[str, str | None], list[Record]] = {}
        for record in self._records:
            by_post.setdefault((record["office"], record["region"]), []).append(record)
        for terms in by_post.values():
            for at, record in enumerate(terms):
                if record["until"] is not None:
                    ends[record["id"]] = (record["until"], "stated")
                    continue
                surely = self._surely_held_to(record)
                later = [timeline.bounds(t["from"])[1] for t in terms[at + 1:] if t["from"]]
                by = min((day for day in later if day), default=None)
                if by is not None:
                    ends[record["id"]] = (f"{surely or timeline.OPEN}/{by}", "successor")
                else:
                    ends[record["id"]] = (f"{surely}/{timeline.OPEN}" if surely else None,
                                          "evidence")
        return ends

    def _surely_held_to(self, record: Record) -> str | None:
        """The last day of the Council year of RECORD's newest evidence: the later of its
        start's first day and its newest source's date."""
        dated = self.db.sources.by_id()
        days = [timeline.bounds(record["from"])[0]] + [
            timeline.bounds(dated[i]["date"])[0] for i in record["sources"] if i in dated]
        newest = max((day for day in days if day), default=None)
        if newest is None:
            return None
        year, month = int(newest[:4]), int(newest[5:7])
        return f"{year + 1 if month >= COUNCIL_YEAR_TURNS else year}-06-30"

    def _status(self, record: Record, first: str, last: str) -> str:
        start = record["from"]
        known_by = None
        if start is None:
            # With no start, the holder had surely begun by the oldest source naming them.
            dated = self.db.sources.by_id()
            known = [date for i in record["sources"] if i in dated and (date := dated[i]["date"])]
            known_by = timeline.certain_from(min(known)) if known else None
        return timeline.status_during(start, self._term_end(record)[0], first, last,
                                      known_by=known_by)

    # ---- rows ---------------------------------------------------------------------------------

    def list_rows(self, office: str | None = None, region: str | None = None,
                  member: str | None = None, since: int | str | None = None,
                  as_of: timeline.DateValue | None = None, **filters: Any) -> list[Row]:
        """The terms held on AS_OF (today by default), or at any time from 1 January of SINCE
        to then, that pass every filter: those held surely, then the uncertain ones, each by
        office (the Chair first), region (in `wco regions` order) and start."""
        self._no_other_filters(filters)
        chosen = self._choice("office", office)
        region_ids = self.db.regions.selected_ids(region)
        codes = self._member_codes(member) if member is not None else None
        last = timeline.as_of_day(as_of) or timeline.today()
        year = timeline.parse_year(since, "since")
        first = last if year is None else f"{year:04d}-01-01"
        if first > last:
            raise InvalidValue("since", since, f"{since} is after the --as-of date {last}")
        rows = []
        for record in self._records:
            if chosen is not None and record["office"] != chosen:
                continue
            if region_ids is not None and record["region"] not in region_ids:
                continue
            if codes is not None and not codes & self._names(record):
                continue
            state = self._status(record, first, last)
            if state != timeline.NOT_IN_FORCE:
                rows.append(self._row(record, state))
        order = {region_id: at for at, region_id in enumerate(self.db.regions.ids())}
        rows.sort(key=lambda row: (row["status"] != timeline.IN_FORCE,
                                   row["office"] != "chair", order.get(row["region"], -1),
                                   _start_key(row)))
        return rows

    @staticmethod
    def _names(record: Record) -> set[str]:
        return {fold_words(name) for name in (record["member"], record["member_iso"]) if name}

    def _member_codes(self, text: str) -> set[str]:
        """The folded names and ISO codes TEXT names: a Member by the lookup rule, or the name
        or code of a Member as a record of this dataset gives it (the European Union)."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidValue("member", text, "give a Member's name or ISO code")
        wanted = {fold_words(text)}
        for found in self.db.members.find(text):
            wanted |= {fold_words(n) for n in (found["name"], found["iso_alpha2"]) if n}
        known = {name for record in self._records for name in self._names(record)}
        if not wanted & known:
            raise InvalidValue("member", text, f"no Council officer came from '{visible(text)}' "
                               "(give the name or ISO code of a Member that held a post, "
                               "e.g. Nigeria or NG; see 'wco council --since 2000')",
                               suggestion=closest(text, sorted(
                                   {r["member"] for r in self._records if r["member"]})))
        return wanted

    def _row(self, record: Record, state: str) -> Row:
        end, basis = self._term_end(record)
        start_bounds, end_bounds = timeline.bounds(record["from"]), timeline.bounds(end)
        region = self.db.regions.names_of(record["region"])[1] if record["region"] else None
        return {
            "id": record["id"], "office": record["office"],
            "office_title": OFFICE_TITLES[record["office"]], "region": record["region"],
            "region_short": region, "holder": record["holder"], "member": record["member"],
            "member_iso": record["member_iso"], "role": record["role"], "from": record["from"],
            "until": record["until"], "term_end": end, "term_end_basis": basis,
            "status": state, "from_earliest": start_bounds[0], "from_latest": start_bounds[1],
            "term_end_earliest": end_bounds[0], "term_end_latest": end_bounds[1],
            "note": record["note"], "sources": list(record["sources"]),
            "as_of": record["as_of"],
        }

    # ---- the command ------------------------------------------------------------------------

    def _uncertain_note(self, rows: list[Row], filters: dict[str, Any]) -> str | None:
        return self._uncertain_count(
            rows, filters, "terms", lambda row: str(row["id"]),
            " (a start or end known only as a range; an end no source gives is open after the "
            "Council year of the newest evidence).")

    def _list_title(self, rows: list[Row], filters: dict[str, Any]) -> str:
        title = super()._list_title(rows, filters)
        return f"{title}, terms since {filters['since']}" if filters.get("since") else title

    def _detail_title(self, record: Row) -> str:
        place = f" ({record['region_short']})" if record["region_short"] else ""
        return f"{record['office_title']}{place}: {record['holder'] or record['member']}"

    def export_tables(self) -> list[ExportTable]:
        """Every term, as `wco council --since YEAR` lists it from the first year on record."""
        years = [int(day[:4]) for r in self._records for day in (r["from"], r["until"],
                                                                  r["as_of"]) if day]
        rows = self.list_rows(since=min(years)) if years else []
        return [ExportTable(self.name, rows, tuple(self.main_view()))]

    def detail_of(self, record: Record) -> Row:
        row = self._row(record, self._status(record, *(timeline.today(),) * 2))
        return {**row, "sources": self.db.sources.briefs(record["sources"])}

    def documents(self) -> Iterator[Document]:
        for record in self._records:
            office = OFFICE_TITLES[record["office"]]
            who = record["holder"] or record["member"] or record["id"]
            names = [name for name in (record["member"],) if name]
            yield ("officer", record["id"], f"Council {office}: {who}", names,
                   f"{office} {record['region'] or ''} {record['role'] or ''} "
                   f"{record['note'] or ''}")


def _start_key(row: Row) -> str:
    """When a term began, as far as known: its start, else its end (a term whose start no
    source gives sorts where it ended)."""
    return str(row["from_earliest"] or row["from_latest"] or row["term_end_earliest"]
               or row["term_end_latest"] or "")


DATASET = Council
