"""Regional offices (RILOs, ROCBs, RTCs), each with every host it has had and when."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from wco_cli import timeline
from wco_cli.datasets.base import SOURCE_BRIEF, Dataset, Document, ExportTable, Record, Row, text_of
from wco_cli.datasets.members import Listed
from wco_cli.datasets.regions import REGION
from wco_cli.errors import InvalidValue
from wco_cli.fields import Maybe, enum_values
from wco_cli.filters import AS_OF, ENUM, NAME, Argument, Filter, declare
from wco_cli.text import sort_name, visible

if TYPE_CHECKING:
    # The record and row types, named in the base class as text (ruff does not read it).
    from wco_cli.records import MemberRecord, OfficeRecord, OfficeRow  # noqa: F401

HOST = {
    "country": "str", "country_code": "alpha2", "city": "str?", "institution": "str?",
    "from": "date?", "until": "date?", "period_note": "str?", "sources": "[ref:sources]",
}
HOST_VIEW = {"country": "str", "country_code": "alpha2", "city": "str?", "from": "date?",
             "until": "date?", "sources": "[id]"}
OFFICE_TYPES = "enum:rilo,rocb,rtc"


class Offices(Dataset["OfficeRecord", "OfficeRow"]):
    name = "offices"
    noun = "office"
    search_kind = "office"
    record_spec = {
        "id": "id", "type": OFFICE_TYPES, "name": "str", "abbreviation": "str?",
        "region": "ref:regions", "established": "date?", "first_attested": "date",
        "hosts": [HOST], "description": "str", "note": "str?", "sources": "[ref:sources]",
        "as_of": "date",
        "serves": Maybe({"members": "[ref:members]", "sources": "[ref:sources]", "note": "str?"}),
    }
    views = {"offices": {
        "id": "id", "type": OFFICE_TYPES, "name": "str", "abbreviation": "str?",
        "city": "str?", "country": "str", "country_code": "alpha2", "institution": "str?",
        "region": "id", "region_name": "str", "region_short": "str", "established": "date?",
        "first_attested": "date", "host_from": "date?", "host_until": "date?",
        "description": "str", "note": "str?", "sources": "[id]", "as_of": "date",
        "confirmed": "bool", "unconfirmed_reason": "str?", "hosts": [HOST_VIEW],
        "serves": "[id]*", "serves_basis": "enum:listed,regional",
        "status": timeline.LISTED_STATUS, "established_earliest": "date?",
        "established_latest": "date?", "host_from_earliest": "date?", "host_from_latest": "date?",
        "host_until_earliest": "date?", "host_until_latest": "date?",
    }}
    columns = {"offices": ("id", "type", "name", "city", "country", "region_short")}
    detail_spec = {
        **record_spec, "region": "id", "region_name": "str",
        "hosts": [{**HOST, "sources": "[id]"}],
        "sources": [SOURCE_BRIEF],
    }
    filters = declare(
        REGION,
        Filter("type", "", ENUM, short="-t", metavar="TYPE"),
        Filter("country", "Host country: a name or ISO code.", NAME, dataset="members",
               short="-c", metavar="COUNTRY"),
        Filter("serving", "Offices serving a Member (name or ISO code): those a source says "
                          "serve it, and the other offices of its region ('serves_basis' tells "
                          "which).", NAME, dataset="members", metavar="MEMBER"),
        AS_OF,
    )
    summary = ("RILOs, ROCBs and RTCs: the WCO's regional offices (today's hosts unless "
               "--as-of), sorted by region, type and name.")
    examples = ("wco offices --region africa --type rocb", "wco offices --as-of 2013 --json",
                "wco offices rilo-esa")
    title = "WCO regional offices"
    argument = Argument("[ID]", "One office in full: every host with its period, and the "
                                "sources.", verb="show")
    key_notes = {"offices": {
        "confirmed": "`status` is `in_force`",
        "unconfirmed_reason": "why the row is uncertain",
        "hosts": "every host with `country`, `country_code`, `city`, `from`, `until`, `sources`",
        "serves": "the Members a source says the office serves; empty where none does",
        "serves_basis": "whether `--serving` answers from such a list or from the office's "
                        "region",
        "status": "on the `--as-of` date, today without it",
        "host_until_latest": "each pair the first and last day the date may be, null for an "
                             "open side or an unknown date",
    }}

    _first_days: dict[str, str] | None = None

    def keys(self, record: Record) -> tuple[str | None, ...]:
        return (record["id"], record["name"], record["abbreviation"])

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    # ---- time ---------------------------------------------------------------------------------

    def _host_on(self, office: Record, day: str | None) -> Record | None:
        """The host on DAY (today's when None): the latest-listed host whose period may cover
        it (timeline.status: in force or uncertain). Hosts are listed in order, so one whose
        start is unknown began no earlier than the host before it (ROCB Americas was not in
        Brazil in 2010)."""
        if day is None:
            last: Record = office["hosts"][-1]
            return last
        found, earliest = None, None
        for host in office["hosts"]:
            start = host["from"] or earliest
            lower = timeline.bounds(start)[0]
            if lower is not None and (earliest is None or lower > earliest):
                earliest = lower
            if timeline.status(start, host["until"], day) != timeline.NOT_IN_FORCE:
                found = host
        return found

    def _existence(self, office: Record, day: str | None) -> tuple[str, str | None]:
        """(status, why uncertain) of OFFICE on DAY (today when None), by timeline.status: a
        founding date that is a range leaves the days inside it uncertain; where it is not
        known at all, the office is uncertain from the day the first office of its type is
        known until the oldest source naming it, and in force from that source's date."""
        established = office["established"]
        state = timeline.status(established, None, day or timeline.today(),
                                floor=self._first_of_type(office["type"]),
                                known_by=timeline.certain_from(office["first_attested"]))
        if state != timeline.UNCERTAIN:
            return state, None
        if established is None:
            return state, (f"founding date unknown; first named by a source dated "
                           f"{office['first_attested']}")
        earliest, latest = timeline.bounds(established)
        span = (f"between {earliest} and {latest}" if earliest and latest
                else f"by {latest}" if latest else f"on or after {earliest}")
        return state, f"founding date known only as a range ({established}): {span}"

    def _first_of_type(self, office_type: str) -> str:
        """The day the first office of a type is known from: the earliest possible founding
        day, or first attestation where a founding date has no lower bound (computed once per
        dataset, and published whole: a thread sharing the dataset must not find a type
        missing)."""
        if self._first_days is None:
            first: dict[str, str] = {}
            for o in self._records:
                start = (timeline.bounds(o["established"])[0]
                         or timeline.bounds(o["first_attested"])[0]
                         or timeline.certain_from(o["first_attested"]) or timeline.MAX_DAY)
                first[o["type"]] = min(first.get(o["type"], start), start)
            self._first_days = first
        return self._first_days[office_type]

    # ---- rows ---------------------------------------------------------------------------------

    def list_rows(self, region: str | None = None, type: str | None = None,  # noqa: A002
                  country: str | None = None, serving: str | None = None,
                  as_of: timeline.DateValue | None = None, **filters: Any) -> list[Row]:
        """Offices on AS_OF (today by default) that pass every filter: those in force, then those
        uncertain on that day, each sorted by region (in `wco regions` order), type (rilo, rocb,
        rtc) and name."""
        self._no_other_filters(filters)
        office_type = self._choice("type", type)
        day = timeline.as_of_day(as_of)
        regions = self.db.regions
        region_ids = regions.selected_ids(region)
        member = self.db.members.lookup_for("serving", serving) if serving is not None else None
        codes = self._country_codes(country) if country is not None else None
        rows = []
        for office in self._records:
            host = self._host_on(office, day)
            state = self._existence(office, day)
            if host is None or state[0] == timeline.NOT_IN_FORCE:
                continue
            if region_ids is not None and office["region"] not in region_ids:
                continue
            if office_type and office["type"] != office_type:
                continue
            if codes is not None and host["country_code"] not in codes:
                continue
            if member is not None and not self._serves(office, member):
                continue
            rows.append(self._row(office, host, state))
        order = {region_id: at for at, region_id in enumerate(regions.ids())}
        types = {kind: at for at, kind in enumerate(enum_values(OFFICE_TYPES))}
        rows.sort(key=lambda row: (row["status"] != timeline.IN_FORCE, order[row["region"]],
                                   types[row["type"]], sort_name(row["name"])))
        return rows

    def count_notes(self, as_of: timeline.DateValue | None = None,
                    type: str | None = None) -> list[str]:  # noqa: A002
        """Why the offices of each type listed on AS_OF (today by default) are not as many as
        the fact file's RILO, ROCB or RTC count in force then: one line per differing count."""
        day = timeline.as_of_day(as_of)
        office_type = self._choice("type", type)
        facts = self.db.facts
        notes = []
        for kind in [office_type] if office_type else enum_values(OFFICE_TYPES):
            notes += facts.count_notes(f"{kind}_count", day)
        return notes

    def counted_on(self, as_of: timeline.DateValue | None = None,
                   type: str | None = None,  # noqa: A002
                   region_id: str | None = None) -> tuple[list[Listed], list[Listed]]:
        """The offices of TYPE (in the region REGION_ID, when given) in force on AS_OF (today by
        default) and those uncertain then, as list_rows lists them, each as (name, founding
        date, source ids): what the fact file's office counts are checked against, without
        building rows or reading regions."""
        day = timeline.as_of_day(as_of) or timeline.today()
        office_type = self._choice("type", type)
        if region_id is not None:
            text_of("region_id", region_id, "a region's id")
        known: list[Listed] = []
        unsure: list[Listed] = []
        for office in self._records:
            if (office_type is not None and office["type"] != office_type) \
                    or (region_id is not None and office["region"] != region_id):
                continue
            state = self._existence(office, day)[0]
            if state != timeline.NOT_IN_FORCE and self._host_on(office, day) is not None:
                (known if state == timeline.IN_FORCE else unsure).append(
                    (office["name"], office["established"], list(office["sources"])))
        return known, unsure

    @staticmethod
    def _serves(office: Record, member: MemberRecord) -> bool:
        """Does OFFICE serve MEMBER? Where a source lists the Members an office serves, that
        list answers; otherwise the office is taken to serve every Member of its region."""
        if office["serves"] is not None:
            return bool(member["id"] in office["serves"]["members"])
        return bool(office["region"] == member["region"])

    def _row(self, office: Record, host: Record, state: tuple[str, str | None]) -> Row:
        region_name, region_short = self.db.regions.names_of(office["region"])
        established = timeline.bounds(office["established"])
        host_from, host_until = timeline.bounds(host["from"]), timeline.bounds(host["until"])
        return {
            "id": office["id"], "type": office["type"], "name": office["name"],
            "abbreviation": office["abbreviation"], "city": host["city"],
            "country": host["country"], "country_code": host["country_code"],
            "institution": host["institution"], "region": office["region"],
            "region_name": region_name, "region_short": region_short,
            "established": office["established"], "first_attested": office["first_attested"],
            "host_from": host["from"], "host_until": host["until"],
            "description": office["description"], "note": office["note"],
            "sources": list(office["sources"]), "as_of": office["as_of"],
            "confirmed": state[0] == timeline.IN_FORCE, "unconfirmed_reason": state[1],
            "hosts": [{k: (list(h[k]) if k == "sources" else h[k]) for k in HOST_VIEW}
                      for h in office["hosts"]],
            "serves": list(office["serves"]["members"]) if office["serves"] else [],
            "serves_basis": "listed" if office["serves"] else "regional",
            "status": state[0],
            "established_earliest": established[0], "established_latest": established[1],
            "host_from_earliest": host_from[0], "host_from_latest": host_from[1],
            "host_until_earliest": host_until[0], "host_until_latest": host_until[1],
        }

    def _country_codes(self, text: str) -> set[str]:
        """ISO alpha-2 codes named by TEXT: a Member's name, alias or code, or a host country."""
        text_of("country", text, "a country's name or ISO code")
        if not text.strip():
            raise InvalidValue("country", text, "an empty value names no country")
        members = self.db.members
        codes = {m["iso_alpha2"] for m in members.find(text) if m["iso_alpha2"]}
        from wco_cli.matching import Matcher

        hosts = [h for office in self._records for h in office["hosts"]]
        by_host = Matcher(hosts, lambda h: (h["country"], h["country_code"]),
                          lambda h: h["country"])
        codes |= {h["country_code"] for h in by_host.find(text)}
        if not codes:
            guess = members.suggestion(text) or by_host.suggestion(text)
            raise InvalidValue("country", text, f"no country matches '{visible(text)}' (use a "
                                                "name or ISO code)", suggestion=guess)
        return codes

    # ---- the command ------------------------------------------------------------------------

    def _uncertain_note(self, rows: list[Row], filters: dict[str, Any]) -> str | None:
        # Uncertain rows come last, marked; the reason of each is in 'unconfirmed_reason'.
        return self._uncertain_count(
            rows, filters, "offices", lambda row: str(row["id"]),
            " (their founding date is a range or unknown; field 'status', reason in "
            "'unconfirmed_reason').")

    def _list_notes(self, rows: list[Row], filters: dict[str, Any], drawn: bool) -> list[str]:
        """Whole types can be compared with the fact file's RILO, ROCB and RTC counts; only
        under a drawn table, since otherwise facts.json need not even be read."""
        if drawn and all(filters.get(name) is None for name in ("region", "country", "serving")):
            return self.count_notes(filters.get("as_of"), type=filters.get("type"))
        return []

    def in_region(self, region_id: str) -> list[Row]:
        """The offices of the region whose id is REGION_ID today, in brief (id, type, name, city,
        country): what the detail views of Members and regions list."""
        text_of("region_id", region_id, "a region's id")
        return [{k: row[k] for k in ("id", "type", "name", "city", "country")}
                for row in self.list_rows() if row["region"] == region_id]

    def export_tables(self) -> list[ExportTable]:
        """Every office as today's list row (with its last host, if it has none today), and
        every host with its period, as `wco offices ID --json` gives them."""
        rows = [self._row(o, self._host_on(o, None) or o["hosts"][-1], self._existence(o, None))
                for o in self._records]
        hosts = {o["id"]: self.detail_of(o)["hosts"] for o in self._records}
        return [ExportTable(self.name, rows, tuple(self.main_view()), lists={"hosts": hosts},
                            about={"hosts": "Every host of each office with its period, as "
                                            "`wco offices ID --json` gives them."})]

    def detail_of(self, record: Record) -> Row:
        region_name = self.db.regions.names_of(record["region"])[0]
        return {**record, "region_name": region_name,
                "hosts": [dict(h) for h in record["hosts"]],
                "sources": self._sources_of(record["sources"])}

    def documents(self) -> Iterator[Document]:
        for o in self._records:
            places = " ".join(f"{h['country']} {h['city'] or ''} {h['institution'] or ''}"
                              for h in o["hosts"])
            names = [o["abbreviation"]] if o["abbreviation"] else []
            yield ("office", o["id"], o["name"], names,
                   f"{o['type']} {places} {o['description']} {o['note'] or ''}")


DATASET = Offices
