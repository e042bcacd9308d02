"""Dataset: the one description of a kind of record, and the vocabulary every dataset shares.

A subclass says, once: its file and record fields (`record_spec`), the rows its list command
prints (`views`, with default table `columns`), its detail view (`detail_spec`), the names a
record is looked up by (`keys`), what search reads (`documents`), and how its rows are built
(`rows`). Bound to a Database, it answers:

    get(code)      the record with that exact id or code, or None
    lookup(name)   the one record a name, alias or code names (NotFound / Ambiguous)
    rows(...)      the rows of its list command, as `wco NAME ... --json` prints them
    detail(name)   the record as `wco NAME ID --json` prints it

Everything handed out is a fresh copy: changing it never changes the cached data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from wco_cli.errors import Ambiguous, InvalidValue, NotFound
from wco_cli.fields import RecordType, Spec, enum_values
from wco_cli.matching import Matcher, closest, describe
from wco_cli.text import visible

if TYPE_CHECKING:
    from wco_cli.store import Database

Record = dict[str, Any]
Row = dict[str, Any]
# What `wco search` reads of a record: (kind, id, title, other names, body[, summary]); a
# summary, when given, is what a hit shows instead of the text around the matched word.
Document = tuple[str, str, str, list[str], str] | tuple[str, str, str, list[str], str, str]
SOURCE_BRIEF = {"id": "id", "title": "str", "location": "str", "date": "date?",
                "grade": "enum:seed,wco,member,intergovernmental,press,reference,copy"}


def copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data (faster than copy.deepcopy)."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


class Dataset:
    name = ""  # the registry name and the file stem: data/NAME.json
    noun = ""  # how messages name one record: "WCO Member", "region"
    search_kind: str | None = None  # the kind `wco search` shows; None: not searched
    record_spec: Spec = {}
    views: dict[str, Spec] = {}  # list views: the --json contract; the first is the main one
    columns: dict[str, tuple[str, ...]] = {}  # default table columns of each view
    detail_spec: Spec | None = None  # the detail view (`wco NAME ID --json`), if it has one
    view_commands: dict[str, tuple[str, ...]] = {}  # the command line of each extra list view
    stored_as_records = True  # data/NAME.json holds an array of records
    example: str | None = None  # a name its detail view takes (default: the first record's id)
    filters: dict[str, str] = {}  # filter argument -> what it takes, for help texts
    _record_types: dict[type, RecordType] = {}

    def __init__(self, db: Database) -> None:
        self.db = db
        self._matcher: Matcher[Record] | None = None
        self._by_id: dict[str, Record] | None = None

    # ---- the data ------------------------------------------------------------------------------

    @classmethod
    def record_type(cls) -> RecordType:
        """The compiled record spec (compiled once per process)."""
        if cls not in Dataset._record_types:
            Dataset._record_types[cls] = RecordType(cls.record_spec)
        return Dataset._record_types[cls]

    @property
    def records(self) -> list[Record]:
        """The cached records: internal, never handed out uncopied."""
        return self.db.load(self.name)

    def by_id(self) -> dict[str, Record]:
        if self._by_id is None:
            self._by_id = {record["id"]: record for record in self.records}
        return self._by_id

    def __iter__(self) -> Iterator[Record]:
        return (copy_json(record) for record in self.records)

    def __len__(self) -> int:
        return len(self.records)

    # ---- names ------------------------------------------------------------------------------

    def keys(self, record: Record) -> Iterable[str | None]:
        """The names, aliases and codes RECORD is looked up by."""
        return (record["id"], record.get("name"), *record.get("aliases", ()))

    def codes(self, record: Record) -> Iterable[str | None]:
        """The exact codes `get` accepts: the id, and codes such as ISO codes."""
        return (record["id"],)

    def name_of(self, record: Record) -> str:
        return str(record.get("name") or record["id"])

    def matcher(self) -> Matcher[Record]:
        if self._matcher is None:
            self._matcher = Matcher(self.records, self.keys, self.name_of)
        return self._matcher

    def get(self, code: str) -> Record | None:
        """The record whose id or code is CODE (case ignored), or None."""
        wanted = str(code).strip().casefold()
        for record in self.records:
            if any(c and c.casefold() == wanted for c in self.codes(record)):
                return copy_json(record)
        return None

    def find(self, query: str) -> list[Record]:
        """Every record QUERY names by the lookup rule (cached records, not copies)."""
        return self.matcher().find(query)

    def _one(self, query: str, field: str | None) -> Record:
        if not isinstance(query, str) or not query.strip():
            raise InvalidValue(field or "name", query, f"give a {self.noun}'s name or id, not an "
                                                       "empty value")
        found = self.find(query)
        if len(found) == 1:
            return found[0]
        if not found:
            guess = self.matcher().suggestion(query)
            message = f"no {self.noun} matches '{visible(query)}'"
            if len(self.records) <= 12:
                message += f" (valid: {', '.join(r['id'] for r in self.records)})"
            if field:
                raise InvalidValue(field, query, message, suggestion=guess)
            error = NotFound(message, query, guess, field)
            error.dataset = self.name  # type: ignore[attr-defined]
            raise error
        listed = describe(found, lambda r: f"{self.name_of(r)} ({r['id']})")
        raise Ambiguous(f"{field + ': ' if field else ''}'{visible(query)}' matches "
                        f"{len(found)} {self.noun}s: {listed}; be more specific",
                        query, [copy_json(r) for r in found], field)

    def lookup(self, query: str) -> Record:
        """The one record QUERY names: NotFound (with a close name, if any) or Ambiguous."""
        return copy_json(self._one(query, None))

    def select(self, field: str, query: str) -> list[Record]:
        """Records named by the value of a filter FIELD; InvalidValue when it names none."""
        if not isinstance(query, str) or not query.strip():
            raise InvalidValue(field, query, "an empty value names nothing")
        found = self.find(query)
        if not found:
            self._one(query, field)
        return found

    # ---- views ------------------------------------------------------------------------------

    def rows(self, **filters: Any) -> list[Row]:
        """The rows of the main list view, filtered; equal to `wco NAME ... --json`."""
        return copy_json(self.list_rows(**filters))

    def list_rows(self, **filters: Any) -> list[Row]:
        """Rows built from the cached records; the CLI prints them without copying."""
        self.no_other_filters(filters)
        return [{field: record.get(field) for field in self.main_view()} for record in self.records]

    def names_on(self, day: str | None, **filters: Any) -> tuple[list[str], list[str]]:
        """The names of the rows listed as of DAY (None: today) under FILTERS: those confirmed,
        and those listed without confirmation (a start date unknown); for count_notes."""
        rows = self.list_rows(as_of=day, **filters)
        return ([r["name"] for r in rows if r["confirmed"]],
                [r["name"] for r in rows if not r["confirmed"]])

    def no_other_filters(self, filters: dict[str, Any]) -> None:
        """InvalidValue for a filter this dataset does not have."""
        if filters:
            name = next(iter(filters))
            raise InvalidValue(name, filters[name], f"{self.name} has no filter '{name}'",
                               self.filters)

    def detail(self, query: str) -> Row:
        """One record as its detail view shows it (`wco NAME ID --json`)."""
        return copy_json(self.detail_of(self._one(query, None)))

    def detail_of(self, record: Record) -> Row:
        return dict(record)

    def example_name(self) -> str:
        return self.example or self.records[0]["id"]

    def main_view(self) -> Spec:
        return next(iter(self.views.values()))

    @classmethod
    def command_of(cls, view: str) -> tuple[str, ...]:
        """The `wco` arguments that print VIEW (the main view: `wco NAME`)."""
        return cls.view_commands.get(view, (cls.name,))

    def documents(self) -> Iterator[Document]:
        """(kind, id, title, other names, body[, summary]) of each record, for `wco search`."""
        return iter(())

    # ---- helpers for subclasses ---------------------------------------------------------------

    def choice(self, field: str, value: str | None) -> str | None:
        """VALUE (case ignored) if it is one of the enum words of FIELD in the record spec."""
        if value is None:
            return None
        valid = enum_values(self.record_spec[field])
        folded = value.strip().casefold()
        for word in valid:
            if word.casefold() == folded:
                return word
        problem = ("an empty value is not valid" if not folded
                   else f"'{visible(value)}' is not valid")
        raise InvalidValue(field, value, problem, valid, closest(value, valid))

    def sources_of(self, ids: Iterable[str]) -> list[Row]:
        """Source ids resolved to their id, title, location and date (detail views)."""
        known = self.db.dataset("sources").by_id()
        return [{k: known[i][k] for k in ("id", "title", "location", "date", "grade")}
                for i in ids if i in known]
