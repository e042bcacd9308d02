"""The fact file: each fact a series of dated values, each with its period and sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from wco_cli import timeline
from wco_cli.answers import Answer, ChartAnswer, ListAnswer
from wco_cli.datasets.base import Dataset, Document, ExportTable, Record, Row, copy_json, text_of
from wco_cli.errors import Ambiguous, InvalidValue, UsageError
from wco_cli.filters import AS_OF, NAME, Filter, Switch, declare
from wco_cli.text import shown

if TYPE_CHECKING:
    from wco_cli.datasets.members import Listed

    # The record type is named in the base class as text (ruff does not read it).
    from wco_cli.records import FactRecord, FactRow  # noqa: F401

# What a list holds on a day (None: today): the names known then, and those listed without
# confirmation (their start date is unknown).
Counted = Callable[[str | None], tuple[list[str], list[str]]]
# What a list holds on a day, as its counted_on gives it: the records in force then and those
# uncertain, each as (name, start date, source ids).
Tally = Callable[[str], tuple[list["Listed"], list["Listed"]]]
NAMED_UP_TO = 5  # name the records behind a difference when there are this few

# The counts a list derives: fact key -> (dataset, filters, unit); the filters as list_rows
# takes them (a region by its id). With --as-of, such a count is checked against the list on
# that day (see _against_list).
LIST_COUNTS: dict[str, tuple[str, dict[str, str], str]] = {
    "members": ("members", {}, "Members"),
    "rilo_count": ("offices", {"type": "rilo"}, "RILOs"),
    "rocb_count": ("offices", {"type": "rocb"}, "ROCBs"),
    "rtc_count": ("offices", {"type": "rtc"}, "RTCs"),
    "rtc_count_ap": ("offices", {"type": "rtc", "region": "ap"}, "Asia/Pacific RTCs"),
    "rtc_count_europe": ("offices", {"type": "rtc", "region": "europe"}, "European RTCs"),
}
LIST_NAMES = {"members": "the Members list", "offices": "the offices list"}
ADDED = {"members": "joined", "offices": "founded or first named"}
UNSURE = {"members": "whose date of membership is uncertain then",
          "offices": "whose founding is uncertain then (a range, or unknown and first named "
                     "later)"}
# Keys every row carries; only a count checked against its list (with --as-of) fills them.
LIST_KEYS: dict[str, Any] = {"derived": False, "stated_value": None, "list_confirmed": None,
                             "list_uncertain": None, "list_note": None}

FACT_VALUE = {"value": "value", "as_of": "date", "from": "date?", "until": "date?",
              "sources": "[ref:sources]", "note": "str?"}


class Facts(Dataset["FactRecord", "FactRow"]):
    name = "facts"
    noun = "fact"
    search_kind = "fact"
    record_spec = {"id": "id", "label": "str", "description": "str",
                   "expected_change": timeline.EXPECTED_CHANGE_TYPE, "values": [FACT_VALUE]}
    views = {"facts": {
        "id": "id", "label": "str", "value": "value", "as_of": "date", "note": "str?",
        "sources": "[id]", "from": "date?", "until": "date?", "derived": "bool",
        "stated_value": "value?", "list_confirmed": "int?", "list_uncertain": "int?",
        "list_note": "str?", "expected_change": timeline.EXPECTED_CHANGE_TYPE, "stale": "bool",
        "stale_note": "str?",
    }}
    columns = {"facts": ("label", "value", "as_of", "sources")}
    detail_spec = None  # `wco facts KEY` lists the fact's values: the list view
    filters = declare(
        # Its help lists every fact key of the bundled data, so the list cannot drift from it.
        Filter("key", "One fact: all its values over time (with --as-of, the value in force "
                      "then). 'wco facts --fields id,label' lists the keys with their labels",
               NAME, dataset="facts", ids_in_help=True, positional=True, metavar="[KEY]"),
        AS_OF,
    )
    summary = "The fact file: every value with its date and sources, as it stood on any date."
    examples = ("wco facts --as-of 2013", "wco facts council_chair",
                "wco facts council_chair --as-of 2017-03 --fields value",
                "wco facts members --chart")
    switches = (Switch("chart", "With a numeric KEY: draw its values as bars (the series when "
                                "piped)."),)
    key_notes = {"facts": {
        "from": "when the value began to hold, where a source says",
        "until": "when it stopped holding",
        "derived": "the list's count, not a source's",
        "stated_value": "the stated count a derived one replaces",
        "list_uncertain": "the list's entries on the `--as-of` date, for a count a list derives",
        "list_note": "how the count and the list differ",
        "expected_change": "how often the fact is expected to change",
        "stale": "the series' newest value is older than that allows at the data's review date; "
                 "see [Dates and as-of](#dates-and-as-of)",
        "stale_note": '"Stale: last confirmed DATE; newer values likely ..."',
    }}

    def keys(self, record: Record) -> tuple[str, ...]:
        return (record["id"], record["label"], record["id"].replace("_", " "))

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    # ---- time ---------------------------------------------------------------------------------

    @staticmethod
    def _start(value: Record) -> str:
        """When a value is known to hold from: its start where sources give one (a range: its
        last day, when the value surely holds), else the date of the source's information."""
        start = value["from"] and timeline.certain_from(value["from"])
        return start or timeline.certain_from(value["as_of"]) or timeline.first_day(value["as_of"])

    @staticmethod
    def start(value: Record) -> str:
        """When VALUE, one of a fact's values (as by_id() gives them), is known to hold from."""
        if not (isinstance(value, dict) and isinstance(value.get("as_of"), str)
                and isinstance(value.get("from"), (str, type(None)))
                and timeline.value_problem(value.get("from") or value["as_of"]) is None):
            raise InvalidValue("value", value, "must be one of a fact's values, with its "
                                               f"'as_of' and 'from' dates, not {shown(value)}")
        return Facts._start(value)

    def _values_in_force(self, fact: Record, day: str | None) -> list[Record]:
        """The values of FACT that answer "as of DAY" (the newest when DAY is None): those of
        the newest start on or before DAY, unless their period had ended by DAY. Several values
        are returned only where sources of the same date disagree or agree separately."""
        values = [v for v in fact["values"] if day is None or self._start(v) <= day]
        if not values:
            return []
        newest = max(self._start(v) for v in values)
        current = [v for v in values if self._start(v) == newest]
        if day is not None:
            current = [v for v in current if not timeline.ended(v["until"], day)]
        return current

    def at(self, key: str, date: timeline.DateValue | None = None) -> Any:
        """The value of fact KEY in force on DATE (the newest when None), or None when no source
        gives one for that date. Ambiguous where sources of that date give different values."""
        fact = self._one(text_of("key", key, "a fact's key or label"), None)
        day = timeline.as_of_day(date, "date")
        # The value a row gives: a count derived from its list where the list has grown since.
        values = {str(row["value"]): row["value"] for row in self._rows_on(fact, day)}
        if len(values) > 1:
            raise Ambiguous(f"sources disagree on '{fact['id']}' at {date or 'the newest date'}: "
                            + "; ".join(values), key, list(values.values()))
        return next(iter(values.values()), None)

    # ---- rows ---------------------------------------------------------------------------------

    def _value_row(self, fact: Record, value: Record) -> Row:
        return {"id": fact["id"], "label": fact["label"], "value": value["value"],
                "as_of": value["as_of"], "note": value["note"], "sources": list(value["sources"]),
                "from": value["from"], "until": value["until"], **LIST_KEYS,
                "expected_change": fact["expected_change"], "stale": False, "stale_note": None}

    def _rows_on(self, fact: Record, day: str | None) -> list[Row]:
        """The rows of FACT on DAY (the newest when None): its values in force, merged, and
        for a count a list derives, checked against that list on DAY (_against_list)."""
        rows = self._merged(fact, self._values_in_force(fact, day))
        if day is not None and rows and fact["id"] in LIST_COUNTS:
            rows = self._against_list(fact, rows, day)
        return rows

    def list_rows(self, key: str | None = None, as_of: timeline.DateValue | None = None,
                  **filters: Any) -> list[Row]:
        """With KEY: every value of that fact, oldest first (only the value in force on AS_OF
        when given). Without: the fact file, each fact's value in force on AS_OF (the newest
        when not given); values of the same date from several sources are merged when equal."""
        self._no_other_filters(filters)
        day = timeline.as_of_day(as_of)
        records = self._records  # read before meta.json: a missing data file is named first
        reviewed = self.db.meta()["data_reviewed"]
        if key is not None:
            fact = self._one(text_of("key", key, "a fact's key or label"), None)
            if day is not None:
                return self._marked(fact, self._rows_on(fact, day), day, reviewed)
            ordered = sorted(fact["values"], key=lambda v: timeline.first_day(v["as_of"]))
            return self._marked(fact, [self._value_row(fact, v) for v in ordered], None,
                                reviewed, newest_only=True)
        rows: list[Row] = []
        for fact in records:
            rows += self._marked(fact, self._rows_on(fact, day), day, reviewed)
        return rows

    def export_tables(self) -> list[ExportTable]:
        """Each fact once (fact_series: its key, label, description and expected change), with
        every dated value (as `wco facts KEY --json` lists them); and today's fact file (facts,
        as `wco facts --json`), whose id names the fact."""
        series = [{field: fact[field] for field in ("id", "label", "description",
                                                     "expected_change")}
                  for fact in self._records]
        values = {fact["id"]: self.list_rows(key=fact["id"]) for fact in self._records}
        return [ExportTable("fact_series", series, tuple(series[0]) if series else ("id",),
                            lists={"values": values}, names={"values": "fact_values"},
                            noun="fact", about={"values": "Every dated value of each fact, "
                                                "oldest first, as `wco facts KEY --json` lists "
                                                "them."}),
                ExportTable(self.name, self.list_rows(), tuple(self.main_view()), key=None,
                            parent=("id", "fact_series"))]

    # ---- staleness ----------------------------------------------------------------------------

    @staticmethod
    def _confirmed(fact: Record) -> str:
        """The date of the newest information about FACT: its values' latest `as_of`."""
        dates: list[str] = [v["as_of"] for v in fact["values"]]
        return max(dates, key=timeline.last_day)

    def _marked(self, fact: Record, rows: list[Row], day: str | None, reviewed: str,
                newest_only: bool = False) -> list[Row]:
        """ROWS of FACT with `stale` set where the series is stale at REVIEWED, the data's review
        date: only today's answer is (DAY None, or on or after the newest information; not a
        count derived from its list), and in a listing of every value (NEWEST_ONLY) only the
        rows of that newest information."""
        confirmed = self._confirmed(fact)
        note = timeline.stale_note(confirmed, fact["expected_change"], reviewed)
        if note is None or (day is not None and day < timeline.first_day(confirmed)):
            return rows
        # A count derived from its list is as new as the list, so it is not stale.
        return [{**row, "stale": True, "stale_note": note}
                if not row["derived"] and (not newest_only or row["as_of"] == confirmed)
                else row for row in rows]

    def stale_series(self) -> list[tuple[str, str, str]]:
        reviewed = self.db.meta()["data_reviewed"]
        return [(f"fact {fact['id']}", self._confirmed(fact), fact["expected_change"])
                for fact in self._records
                if timeline.is_stale(self._confirmed(fact), fact["expected_change"], reviewed)]

    def _merged(self, fact: Record, values: list[Record]) -> list[Row]:
        merged: dict[str, Row] = {}
        for value in values:
            row = self._value_row(fact, value)
            kept = merged.get(str(row["value"]))
            if kept is None:
                merged[str(row["value"])] = row
                continue
            kept["sources"] += [s for s in row["sources"] if s not in kept["sources"]]
            kept["note"] = kept["note"] or row["note"]
        return list(merged.values())

    # ---- counts against lists -------------------------------------------------------------

    def _against_list(self, fact: Record, rows: list[Row], day: str) -> list[Row]:
        """ROWS, the stated counts of FACT in force on DAY, checked against the list that
        derives the count. A stated count within [confirmed, confirmed + uncertain] of the list
        is shown as it is. Where the list has grown since the count's date (accessions or
        openings after it), the list's confirmed count replaces it, marked `derived`, with
        the stated count in `stated_value`. Otherwise (the count lags its own date, or the list
        lacks records) the stated count stays and `list_note` says how they differ."""
        dataset, filters, unit = LIST_COUNTS[fact["id"]]
        counted = self._tally(dataset, filters)
        known, unsure = counted(day)
        confirmed, uncertain = len(known), len(unsure)
        listed = {"list_confirmed": confirmed, "list_uncertain": uncertain}
        numbers = [row["value"] for row in rows]
        if all(isinstance(n, int) and confirmed <= n <= confirmed + uncertain for n in numbers):
            return [{**row, **listed} for row in rows]
        where = f"{LIST_NAMES[dataset]} has {confirmed} {unit} confirmed on {day}" + (
            f" and {uncertain} uncertain{_named([n for n, _, _ in unsure])}" if uncertain else "")
        newest = rows[-1]
        then = min(timeline.last_day(newest["as_of"]), day)
        known_then = counted(then)[0]
        names_then = {name for name, _, _ in known_then}
        added = [item for item in known if item[0] not in names_then]
        stated = "; ".join(f"{row['value']} as of {row['as_of']} ({'; '.join(row['sources'])})"
                           for row in rows)
        if added and all(isinstance(n, int) and n < confirmed for n in numbers):
            # Between two stated counts: the list, which knows the accessions since, answers.
            sources = list(dict.fromkeys([s for row in rows for s in row["sources"]]
                                         + [s for _, _, cited in added for s in cited]))
            lag = len(known_then) - newest["value"]
            note = (f"Derived: {where}. The newest stated count is {stated}; {len(added)} "
                    f"{ADDED[dataset]} after {newest['as_of']}{_dated(added)}"
                    + (f"; the list had {len(known_then)} at {newest['as_of']} ({lag:+d}: "
                       "see the stated count's note)" if lag else "") + ".")
            return [{**rows[0], "value": confirmed, "as_of": day, "note": None,
                     "sources": sources, "from": None, "until": None, "derived": True,
                     "stated_value": newest["value"], **listed, "list_note": note}]
        checked = []
        for row in rows:
            number = row["value"]
            if isinstance(number, int) and number < confirmed:
                # The count lags the list at its own date: name the latest entries before it.
                latest = sorted(known, key=lambda item: timeline.first_day(item[1] or "0000"))
                gap = (f"{confirmed - number} more than this count; the latest by then"
                       f"{_dated(latest[number:])}")
            elif isinstance(number, int) and number > confirmed + uncertain:
                gap = (f"{number - confirmed - uncertain} fewer than this count: the list lacks "
                       "what the source counted (see the count's note)")
            else:
                checked.append({**row, **listed})
                continue
            note = (f"Stated {number} as of {row['as_of']} ({'; '.join(row['sources'])}); "
                    f"{where}, {gap}.")
            checked.append({**row, **listed, "list_note": note})
        return checked

    def _tally(self, dataset: str, filters: dict[str, str]) -> Tally:
        """What the list DATASET holds on a day under FILTERS (its counted_on)."""
        if dataset == "members":
            return self.db.members.counted_on
        offices = self.db.offices
        return lambda day: offices.counted_on(day, filters["type"], filters.get("region"))

    def _listed_names(self, dataset: str, filters: dict[str, str]) -> Counted:
        """The names the list DATASET shows on a day (None: today) under FILTERS: those in
        force then, and those uncertain (timeline.status)."""
        def names(day: str | None) -> tuple[list[str], list[str]]:
            rows = (self.db.members.list_rows(as_of=day) if dataset == "members"
                    else self.db.offices.list_rows(as_of=day, **filters))
            return ([r["name"] for r in rows if r["status"] == timeline.IN_FORCE],
                    [r["name"] for r in rows if r["status"] != timeline.IN_FORCE])
        return names

    def count_notes(self, key: str, as_of: timeline.DateValue | None = None) -> list[str]:
        """Why the list that derives the count KEY (a fact: "members", "rilo_count", ...) does
        not hold as many records on AS_OF (today by default) as the count in force then: one
        line per differing count, empty when they agree (or the fact file has no such fact).
        Each gives the count, its date and sources, and why they differ: records known only
        after the count's date, records listed without a known start, and the value's own
        note, which must explain any other difference."""
        day = timeline.as_of_day(as_of)
        if text_of("key", key, "the key of a count a list derives") not in LIST_COUNTS:
            raise InvalidValue("key", key, f"'{key}' is not a count a list derives",
                               LIST_COUNTS)
        fact = self._by_id().get(key)
        if fact is None:
            return []
        dataset, filters, unit = LIST_COUNTS[key]
        counted = self._listed_names(dataset, filters)
        known, unsure = counted(day)
        notes = []
        for value in self._merged(fact, self._values_in_force(fact, day)):
            number = value["value"]
            if isinstance(number, int) and (number != len(known) or unsure):
                notes.append(self._count_note(value, unit, day, counted, (known, unsure),
                                              (f"{ADDED[dataset]} after", UNSURE[dataset])))
        return notes

    def _count_note(self, value: Row, unit: str, day: str | None, counted: Counted,
                    listed: tuple[list[str], list[str]], words: tuple[str, str]) -> str:
        known, unsure = listed
        date = value["as_of"]
        # Compare at the count's own date (its last day), so that what changed since is told
        # apart from what the count and the list disagree on.
        then = timeline.last_day(date) if day is None else min(timeline.last_day(date), day)
        known_then = set(counted(then)[0])
        added = [name for name in known if name not in known_then]
        reasons = []
        if added:
            reasons.append(f"{len(added)} {words[0]} {date}{_named(added)}")
        if unsure:
            reasons.append(f"{len(unsure)} {words[1]}{_named(unsure)}")
        residual = value["value"] - len(known_then)
        if residual and not value["note"]:
            reasons.append(f"a difference of {residual:+d} at {date} that no note in the data "
                           "explains")
        when = f"newest count by {day}" if day else "newest count"
        line = (f"The fact file gives {value['value']} {unit} as of {date} "
                f"({'; '.join(value['sources'])}), its {when}; "
                f"{len(known) + len(unsure)} are listed here")
        line += (": " + "; ".join(reasons) if reasons else "") + "."
        return line + (f" Its note: {value['note']}" if value["note"] else "")

    def _answer(self, query: str | None, filters: dict[str, Any],
                switches: dict[str, bool], drawn: bool) -> Answer:
        """The fact file (the newest value of each fact, or each as of a date); with a key,
        every value of that fact, or its values as bars (the `chart` switch)."""
        if query is not None:  # the command has no argument; the API may still name a record
            return super()._answer(query, filters, switches, drawn)
        key, as_of = filters.get("key"), filters.get("as_of")
        rows = self.list_rows(**filters)
        if switches.get("chart"):
            numbers = [row for row in rows if isinstance(row["value"], int)]
            if key is None or not numbers:
                raise UsageError("--chart draws one fact whose values are numbers, e.g. "
                                 "'wco facts members --chart'")
            return ChartAnswer([(r["as_of"], r["value"], r["sources"]) for r in numbers],
                               f"{numbers[0]['label']} by date")
        # A count's `list_note` (how it differs from its list) is a numbered note under the table.
        if key is None:
            return ListAnswer("facts", rows, "WCO fact file" + (f" as of {as_of}" if as_of else ""))
        label = rows[0]["label"] if rows else self.lookup(key)["label"]
        title = f"{label}: " + (f"as of {as_of}" if as_of else "every value by date and source")
        aside = [] if rows else [f"No source gives a value in force on {as_of}."]
        return ListAnswer("facts", rows, title, aside=aside)

    def series(self, key: str) -> list[FactRow]:
        """Every value of one fact, oldest first (as `wco facts KEY --json`)."""
        return cast("list[FactRow]", copy_json(self.list_rows(key=key)))

    def documents(self) -> Iterator[Document]:
        """A hit shows the fact's value as `wco facts` lists it: "Secretary General: Ian
        Saunders" (sources that disagree: each value, separated by ' / ')."""
        for f in self._records:
            values = " ".join(f"{v['value']} {v['note'] or ''}" for v in f["values"])
            current = " / ".join(dict.fromkeys(str(row["value"]) for row in
                                               self._merged(f, self._values_in_force(f, None))))
            yield ("fact", f["id"], f["label"], [f["id"]], f"{f['description']} {values}",
                   f"{f['label']}: {current}" if current else f["label"])


def _named(names: list[str]) -> str:
    return f" ({', '.join(names)})" if len(names) <= NAMED_UP_TO else ""


def _dated(listed: list[tuple[str, str | None, list[str]]]) -> str:
    """': NAME (DATE), ...' for a few listed records, the newest ones when there are more."""
    shown = listed[-NAMED_UP_TO:]
    more = f" and {len(listed) - len(shown)} more" if len(listed) > len(shown) else ""
    return ": " + ", ".join(f"{name} ({date or 'date unknown'})"
                            for name, date, _ in shown) + more


DATASET = Facts
