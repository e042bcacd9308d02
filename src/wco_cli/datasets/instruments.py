"""The WCO's instruments: conventions, protocols, standards, frameworks and declarations, with
their dates and the dated counts of their Contracting Parties."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wco_cli import timeline
from wco_cli.answers import Answer, ChartAnswer
from wco_cli.datasets.base import SOURCE_BRIEF, Dataset, Document, ExportTable, Record, Row
from wco_cli.filters import AS_OF, ENUM, Argument, Filter, Switch, declare

if TYPE_CHECKING:
    # The record and row types, named in the base class as text (ruff does not read it).
    from wco_cli.records import InstrumentRecord, InstrumentRow  # noqa: F401

KINDS = "enum:convention,protocol,standard,framework,declaration,recommendation,agreement"
STATUS = "enum:in_force,not_in_force,not_applicable"
PARTY_COUNT = {"count": "int", "as_of": "date", "event": "str?", "sources": "[ref:sources]",
               "note": "str?"}
# Where the parties of an instrument are another dataset, or its content is a command.
SEE_ALSO = {"hs-convention": "wco hs", "ccc-convention": "wco members"}
DERIVED_PARTIES = "ccc-convention"


class Instruments(Dataset["InstrumentRecord", "InstrumentRow"]):
    name = "instruments"
    noun = "instrument"
    search_kind = "instrument"
    record_spec = {
        "id": "id", "short_name": "str", "name": "str", "aliases": "[str]*", "kind": KINDS,
        "adopted": "date?", "in_force": "date?", "in_force_status": STATUS,
        "depositary": "str?", "administered_by": "str", "purpose": "str",
        "superseded_by": "ref:instruments?", "consolidated_into": "ref:instruments?",
        "party_counts": [PARTY_COUNT, "*"], "expected_change": timeline.EXPECTED_CHANGE_TYPE,
        "note": "str?", "sources": "[ref:sources]", "as_of": "date",
    }
    views = {"instruments": {
        "id": "id", "short_name": "str", "name": "str", "kind": KINDS, "adopted": "date?",
        "in_force": "date?", "in_force_status": STATUS, "depositary": "str?",
        "administered_by": "str", "purpose": "str", "superseded_by": "id?",
        "consolidated_into": "id?", "parties": "int?", "parties_as_of": "date?",
        "parties_sources": "[id]*", "parties_note": "str?", "see_also": "str?", "note": "str?",
        "sources": "[id]", "as_of": "date", "status": timeline.LISTED_STATUS,
        "adopted_earliest": "date?", "adopted_latest": "date?",
        # Whether today's party count is stale (timeline.is_stale), and the note saying so.
        "expected_change": timeline.EXPECTED_CHANGE_TYPE, "stale": "bool", "stale_note": "str?",
    }}
    columns = {"instruments": ("id", "short_name", "kind", "adopted", "in_force", "parties",
                               "parties_as_of")}
    detail_spec = {
        **record_spec, "superseded_by": "id?", "consolidated_into": "id?",
        "party_counts": [{**PARTY_COUNT, "sources": "[id]"}, "*"], "see_also": "str?",
        "parties": "int?", "parties_as_of": "date?", "parties_note": "str?",
        "sources": [SOURCE_BRIEF], "stale": "bool", "stale_note": "str?",
    }
    filters = declare(Filter("kind", "", ENUM, metavar="KIND"), AS_OF)
    summary = ("The WCO's conventions, standards and declarations, with dated counts of their "
               "parties.")
    examples = ("wco instruments", "wco instruments rkc", "wco instruments hs-convention --chart",
                "wco instruments --as-of 2000")
    title = "WCO instruments"
    argument = Argument("[ID]", "One instrument in full, with every dated count of Contracting "
                                "Parties.")
    switches = (Switch("chart", "With an ID: draw its party counts as bars (the series when "
                                "piped).", requires="--chart draws one instrument's counts; "
                                                    "give an ID"),)
    key_notes = {"instruments": {
        "see_also": "the command that lists its content or parties",
        "status": "adopted by the `--as-of` date, today without it",
        "adopted_latest": "the first and last day the adoption date may be",
        "expected_change": "how often its count of parties is expected to change",
        "stale": "the party count shown is older than that allows at the data's review date",
        "stale_note": "the note saying so",
    }}

    def keys(self, record: Record) -> tuple[str, ...]:
        return (record["id"], record["short_name"], record["name"], *record["aliases"])

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    def _counts_on(self, record: Record, day: str | None) -> list[Record]:
        """The party counts known on DAY (all when None), oldest first."""
        counts = [c for c in record["party_counts"]
                  if day is None or timeline.first_day(c["as_of"]) <= day]
        return sorted(counts, key=lambda c: timeline.first_day(c["as_of"]))

    def _parties(self, record: Record, day: str | None) -> tuple[int | None, str | None,
                                                                    list[str], str | None]:
        """(count, its date, its sources, a note) of the parties known on DAY."""
        if record["id"] == DERIVED_PARTIES:
            return self._member_states(day)
        counts = self._counts_on(record, day)
        if not counts:
            return None, None, [], None
        newest = counts[-1]
        return newest["count"], newest["as_of"], list(newest["sources"]), newest["note"]

    def _member_states(self, day: str | None) -> tuple[int, str, list[str], str]:
        """The Convention's parties are the WCO's Member states, counted from the Members list."""
        rows = self.db.members.list_rows(as_of=timeline.as_of_day(day) if day else None)
        states = [row for row in rows if row["kind"] == "state"]
        # Only Members surely in force then are counted; those uncertain are named.
        unsure = [row["name"] for row in states if row["status"] != timeline.IN_FORCE]
        states = [row for row in states if row["status"] == timeline.IN_FORCE]
        sources = sorted({s for row in states for s in row["sources"]})
        date = day or self.db.meta().get("members_as_of") or self.db.meta()["data_reviewed"]
        note = (f"Counted from the Members list: {len(states)} Member states"
                + (f", and {len(unsure)} more uncertain then ({', '.join(unsure)})"
                   if unsure else "")
                + ". Customs territories (such as Hong Kong, China and Macao, China) are Members "
                  "but not Contracting Parties.")
        return len(states), date[:10], sources, note

    def list_rows(self, kind: str | None = None, as_of: timeline.DateValue | None = None,
                  **filters: Any) -> list[Row]:
        """The catalogue (as it stood on AS_OF, today by default: instruments adopted by then,
        each count as known then): those surely adopted, then those uncertain on that day, each
        in the data's order."""
        self._no_other_filters(filters)
        kind = self._choice("kind", kind)
        day = timeline.as_of_day(as_of)
        records = self._records  # read before meta.json: a missing data file is named first
        reviewed = self.db.meta()["data_reviewed"]
        rows = []
        for record in records:
            if kind and record["kind"] != kind:
                continue
            state = self._adoption(record, day)
            if state != timeline.NOT_IN_FORCE:
                rows.append(self._row(record, day, state, reviewed))
        rows.sort(key=lambda row: row["status"] != timeline.IN_FORCE)  # stable: data's order
        return rows

    _floor: tuple[str | None] | None = None  # (the first possible day of adoption,)

    def _adoption(self, record: Record, day: str | None) -> str:
        """The instrument's status on DAY (today when None) by the one rule (timeline.status):
        an adoption date that is a range leaves the days inside it uncertain; one not known at
        all is uncertain from the first adoption the data knows until the instrument entered
        into force (or, failing that, the record's own date)."""
        if self._floor is None:  # computed once, published whole (threads share datasets)
            known = [d for d in (timeline.bounds(r["adopted"])[0] for r in self._records) if d]
            self._floor = (min(known) if known else None,)
        known_by = timeline.certain_from(record["in_force"] or record["as_of"])
        return timeline.status(record["adopted"], None, day or timeline.today(),
                               floor=self._floor[0], known_by=known_by)

    def _stale_note(self, record: Record, day: str | None, date: str | None,
                    reviewed: str) -> str | None:
        """The note saying the party count DATE, shown for DAY, is stale at REVIEWED (the data's
        review date), else None. Only today's answer is judged: DAY None, or a DAY whose count
        is the newest (a count derived from the Members list on DAY is that day's own)."""
        if day is not None:
            counts = self._counts_on(record, None)
            if not counts or counts[-1]["as_of"] != date:
                return None
        return timeline.stale_note(date, record["expected_change"], reviewed)

    def stale_series(self) -> list[tuple[str, str, str]]:
        reviewed = self.db.meta()["data_reviewed"]
        found = []
        for record in self._records:
            date = self._parties(record, None)[1]
            if date and timeline.is_stale(date, record["expected_change"], reviewed):
                found.append((f"{record['id']} parties", date, record["expected_change"]))
        return found

    def _row(self, record: Record, day: str | None, state: str, reviewed: str) -> Row:
        count, date, sources, note = self._parties(record, day)
        stale = self._stale_note(record, day, date, reviewed)
        row = {field: record[field] for field in self.main_view() if field in record}
        earliest, latest = timeline.bounds(record["adopted"])
        row.update(sources=list(record["sources"]), parties=count, parties_as_of=date,
                   parties_sources=sources, parties_note=note, see_also=SEE_ALSO.get(record["id"]),
                   status=state, adopted_earliest=earliest, adopted_latest=latest,
                   stale=stale is not None, stale_note=stale)
        return {field: row[field] for field in self.main_view()}

    def export_tables(self) -> list[ExportTable]:
        """Every instrument as today's catalogue row, with its dated party counts (as
        `wco instruments ID --json` gives them)."""
        reviewed = self.db.meta()["data_reviewed"]
        rows = [self._row(r, None, self._adoption(r, None), reviewed) for r in self._records]
        counts = {r["id"]: [dict(c) for c in self._counts_on(r, None)] for r in self._records}
        return [ExportTable(self.name, rows, tuple(self.main_view()),
                            lists={"party_counts": counts},
                            about={"party_counts": "The dated counts of each instrument's "
                                                   "parties, as `wco instruments ID --json` "
                                                   "gives them."})]

    def detail_of(self, record: Record) -> Row:
        count, date, _, note = self._parties(record, None)
        stale = self._stale_note(record, None, date, self.db.meta()["data_reviewed"])
        return {**record, "party_counts": [dict(c) for c in self._counts_on(record, None)],
                "see_also": SEE_ALSO.get(record["id"]), "parties": count, "parties_as_of": date,
                "parties_note": note, "sources": self._sources_of(record["sources"]),
                "stale": stale is not None, "stale_note": stale}

    # ---- the command ------------------------------------------------------------------------

    def _answer(self, query: str | None, filters: dict[str, Any],
                switches: dict[str, bool], drawn: bool) -> Answer:
        """The catalogue, or one instrument in full, or (the `chart` switch) its party counts
        as bars."""
        if query is not None and switches.get("chart"):
            record = self.detail(query)
            points = [(c["as_of"], c["count"], c["sources"]) for c in record["party_counts"]]
            return ChartAnswer(points, f"{record['short_name']}: Contracting Parties")
        return super()._answer(query, filters, switches, drawn)

    def _detail_title(self, record: Row) -> str:
        return str(record["short_name"])

    def _uncertain_note(self, rows: list[Row], filters: dict[str, Any]) -> str | None:
        return self._uncertain_count(rows, filters, "instruments", lambda row: str(row["id"]),
                                     " (adoption date a range or unknown; field 'status').")

    def documents(self) -> Iterator[Document]:
        for i in self._records:
            yield ("instrument", i["id"], i["short_name"], [i["name"], *i["aliases"]],
                   f"{i['kind']} {i['name']} {i['purpose']} {i['note'] or ''}")


DATASET = Instruments
