"""The dated timeline of the WCO."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from wco_cli import timeline
from wco_cli.datasets.base import Dataset, Document, Row, text_of
from wco_cli.errors import InvalidValue
from wco_cli.filters import ENUM, TEXT, YEAR, Filter, declare
from wco_cli.text import fold_words, shown

if TYPE_CHECKING:
    # The record and row types, named in the base class as text (ruff does not read it).
    from wco_cli.records import HistoryEventRecord, HistoryEventRow  # noqa: F401

EVENT_CATEGORIES = ("founding", "convention", "instrument", "membership", "leadership", "network",
                    "plan", "partnership", "milestone")


class History(Dataset["HistoryEventRecord", "HistoryEventRow"]):
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
    filters = declare(
        Filter("since", "From this year on (included).", YEAR),
        Filter("until", "Up to this year (included).", YEAR),
        Filter("grep", "Only events mentioning every word of TEXT (case and accents ignored); "
                       "a date such as 2019 or 2017-02 also matches the events of that date.",
               TEXT, short="-g"),
        Filter("category", "Only events of this category", ENUM, metavar="CAT", repeatable=True,
               more="Repeat it or separate several with commas."),
    )
    summary = "The dated timeline, oldest first."
    examples = ("wco history --since 2023",
                "wco history --category leadership,membership --since 2016",
                "wco history --grep 2017-02")
    title = "WCO history"

    def keys(self, record: dict[str, Any]) -> tuple[str, ...]:
        return (record["id"], record["title"])

    def list_rows(self, since: int | str | None = None, until: int | str | None = None,
                  grep: str | None = None, category: str | Iterable[str] | None = None,
                  **filters: Any) -> list[Row]:
        """Events in date order, from year SINCE to year UNTIL (both included), of the given
        CATEGORY (one, several, or comma-separated; case ignored), matching every term of GREP:
        a word is looked for in the title, note and category (case and accents ignored), a date
        (`2019`, `2017-02`) also in the event's date."""
        self._no_other_filters(filters)
        first = timeline.parse_year(since, "since")
        last = timeline.parse_year(until, "until")
        if first is not None and last is not None and first > last:
            raise InvalidValue("since", since, f"{first} is after the 'until' year {last}")
        categories = self.categories(category)
        terms = self.grep_terms(grep)
        rows = []
        for event in sorted(self._records, key=lambda e: e["date"]):
            year = int(event["date"][:4])
            if (first is not None and year < first) or (last is not None and year > last):
                continue
            if categories is not None and event["category"] not in categories:
                continue
            if self._matches(event, terms):
                rows.append({key: event[key] for key in self.main_view()})
                rows[-1]["sources"] = list(event["sources"])
        return rows

    def categories(self, given: str | Iterable[str] | None) -> set[str] | None:
        """The categories asked for (None: all). Each value may hold several, comma-separated;
        empty parts between commas are ignored, a value with none at all is refused."""
        if given is None:
            return None
        # Text, or a list, tuple or set of texts; any other iterable (a dict, bytes) is refused.
        if isinstance(given, str):
            values = [given]
        elif isinstance(given, (list, tuple, set, frozenset)) \
                and all(isinstance(value, str) for value in given):
            values = list(given)
        else:
            raise InvalidValue("category", given, f"must be text, or a list of texts, not "
                                                  f"{shown(given)}", EVENT_CATEGORIES)
        wanted: set[str] = set()
        for value in values:
            parts = [part for part in value.split(",") if part.strip()]
            for part in parts or [value]:
                # choice() checks against the record spec's enum, case ignored, and names the
                # valid values (with a close one as a suggestion) when it is not one of them.
                wanted.add(str(self._choice("category", part)))
        return wanted or None

    @staticmethod
    def grep_terms(grep: str | None) -> list[tuple[str, str | None]]:
        """GREP as terms, one per word typed: (the word folded, the word itself when it is a
        date); InvalidValue when it holds no text."""
        if grep is None:
            return []
        terms: list[tuple[str, str | None]] = []
        for token in text_of("grep", grep, "words or a date").split():
            folded = fold_words(token)
            if folded:
                # A date-shaped token also matches events of that date (`2017-02`, `2019`).
                terms.append((folded, token if timeline.date_problem(token) is None else None))
        if not terms:
            raise InvalidValue("grep", grep, "give some text to look for")
        return terms

    @staticmethod
    def _matches(event: dict[str, Any], terms: list[tuple[str, str | None]]) -> bool:
        """Does EVENT match every term: its date starts with the term's date, or its title, note
        or category holds the term (a word with punctuation, `A/P` or `2017-02`, as one
        phrase: `a p`, `2017 02`)?"""
        if not terms:
            return True
        haystack = fold_words(f"{event['title']} {event['note'] or ''} {event['category']}")
        return all((date is not None and event["date"].startswith(date)) or folded in haystack
                   for folded, date in terms)

    def documents(self) -> Iterator[Document]:
        for e in self._records:
            yield "event", e["id"], e["title"], [], f"{e['date']} {e['category']} {e['note'] or ''}"


DATASET = History
