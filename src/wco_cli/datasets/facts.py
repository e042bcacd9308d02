"""The fact file: each fact a series of dated values, each with its period and sources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from wco_cli import timeline
from wco_cli.datasets.base import Dataset, Document, Record, Row, copy_json, text_of
from wco_cli.errors import Ambiguous, InvalidValue
from wco_cli.fields import shown

# What a list holds on a day (None: today): the names known then, and those listed without
# confirmation (their start date is unknown).
Counted = Callable[[str | None], tuple[list[str], list[str]]]
NAMED_UP_TO = 5  # name the records behind a difference when there are this few

FACT_VALUE = {"value": "value", "as_of": "date", "from": "date?", "until": "date?",
              "sources": "[ref:sources]", "note": "str?"}


class Facts(Dataset):
    name = "facts"
    noun = "fact"
    search_kind = "fact"
    record_spec = {"id": "id", "label": "str", "description": "str", "values": [FACT_VALUE]}
    views = {"facts": {
        "id": "id", "label": "str", "value": "value", "as_of": "date", "note": "str?",
        "sources": "[id]", "from": "date?", "until": "date?",
    }}
    columns = {"facts": ("label", "value", "as_of", "sources")}
    detail_spec = None  # `wco facts KEY` lists the fact's values: the list view
    filters = {"key": "a fact", "as_of": "a date"}

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
        values = {str(v["value"]): v["value"]
                  for v in self._values_in_force(fact, timeline.as_of_day(date, "date"))}
        if len(values) > 1:
            raise Ambiguous(f"sources disagree on '{fact['id']}' at {date or 'the newest date'}: "
                            + "; ".join(values), key, list(values.values()))
        return next(iter(values.values()), None)

    # ---- rows ---------------------------------------------------------------------------------

    def _value_row(self, fact: Record, value: Record) -> Row:
        return {"id": fact["id"], "label": fact["label"], "value": value["value"],
                "as_of": value["as_of"], "note": value["note"], "sources": list(value["sources"]),
                "from": value["from"], "until": value["until"]}

    def list_rows(self, key: str | None = None, as_of: timeline.DateValue | None = None,
                  **filters: Any) -> list[Row]:
        """With KEY: every value of that fact, oldest first (only the value in force on AS_OF
        when given). Without: the fact file, each fact's value in force on AS_OF (the newest
        when not given); values of the same date from several sources are merged when equal."""
        self._no_other_filters(filters)
        day = timeline.as_of_day(as_of)
        if key is not None:
            fact = self._one(text_of("key", key, "a fact's key or label"), None)
            if day is not None:
                return self._merged(fact, self._values_in_force(fact, day))
            ordered = sorted(fact["values"], key=lambda v: timeline.first_day(v["as_of"]))
            return [self._value_row(fact, v) for v in ordered]
        rows: list[Row] = []
        for fact in self._records:
            rows += self._merged(fact, self._values_in_force(fact, day))
        return rows

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

    def _count_notes(self, key: str, unit: str, day: str | None, counted: Counted,
                     later: str, unknown: str) -> list[str]:
        """One line per count of fact KEY in force on DAY (today when None) that differs from
        what COUNTED lists: the count, its date and sources, and why they differ: records known
        only after the count's date (LATER says how), records listed without a known start
        (UNKNOWN), and the value's own note, which must explain any other difference."""
        fact = self._by_id().get(key)
        if fact is None:
            return []
        known, unsure = counted(day)
        notes = []
        for value in self._merged(fact, self._values_in_force(fact, day)):
            number = value["value"]
            if isinstance(number, int) and (number != len(known) or unsure):
                notes.append(self._count_note(value, unit, day, counted, (known, unsure),
                                              (later, unknown)))
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

    def series(self, key: str) -> list[Row]:
        """Every value of one fact, oldest first (as `wco facts KEY --json`)."""
        return copy_json(self.list_rows(key=key))

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


DATASET = Facts
