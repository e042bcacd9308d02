"""Dataset: the one description of a kind of record, and the vocabulary every dataset shares.

A subclass says, once: its file and record fields (`record_spec`), the rows its list command
prints (`views`, with default table `columns`), its detail view (`detail_spec`), the names a
record is looked up by (`keys`), what search reads (`documents`), and how its rows are built
(`list_rows`, taking exactly the `filters` it declares). It also declares its command: the line
`wco --help` shows (`summary`), its `examples`, its positional `argument` and `switches`, and,
where the defaults do not fit, hooks for the table's title and the notes under it. The command
line builds `wco NAME` from that alone (README, "Adding a dataset"). Bound to a Database, it
answers:

    get(code)      the record with that exact id or code, or None
    lookup(name)   the one record a name, alias or code names (NotFound / Ambiguous)
    find(name)     every record a name names (a list, maybe empty)
    rows(...)      the rows of its list command, as `wco NAME ... --json` prints them
    detail(name)   the record as `wco NAME ID --json` prints it
    records        every record as stored
    len(), iter    the rows of its list command unfiltered: len(rows()), iter(rows())
    answer(...)    what `wco NAME ...` shows, before it is printed (see answers.py)

The promises of the Python API (README, "The Python API"), kept here for every dataset:
- Everything handed out is a fresh copy: changing it never changes the cached data. Code of
  this package reads the cached records themselves (`_records`, `_by_id()`, `_find()`), never
  handing them out.
- A value of the wrong type raises InvalidValue naming the field, never TypeError or
  AttributeError: names and codes are text; dates are text, a datetime.date or a year (int).
- One Database may be shared by threads: a cache is published only once it is complete.
- Typed: a subclass names the TypedDicts of its record and row (wco_cli.records), as
  `Dataset["MemberRecord", "MemberRow"]`; what it hands out is still plain dicts.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar, cast

from wco_cli.errors import Ambiguous, InvalidValue, NotFound, WcoError
from wco_cli.fields import RecordType, Spec, enum_values
from wco_cli.matching import Matcher, describe
from wco_cli.text import closest, shown, visible

if TYPE_CHECKING:
    # Imported where used: a dataset without a command of its own (hs) never needs them.
    from wco_cli.answers import Answer, ListAnswer
    from wco_cli.filters import Argument, Filter, Switch
    from wco_cli.store import Database

Record = dict[str, Any]
Row = dict[str, Any]
# What `wco search` reads of a record: (kind, id, title, other names, body[, summary]); a
# summary, when given, is what a hit shows instead of the text around the matched word.
Document = tuple[str, str, str, list[str], str] | tuple[str, str, str, list[str], str, str]
SOURCE_BRIEF = {"id": "id", "title": "str", "location": "str", "date": "date?",
                "grade": "enum:seed,wco,member,intergovernmental,press,reference,copy"}
J = TypeVar("J")
if TYPE_CHECKING:
    from typing_extensions import TypeVar as DefaultedTypeVar  # PEP 696: for type checkers

    # A dataset's record (as get() returns it) and row (as rows() and iteration give it), as
    # TypedDicts of wco_cli.records; a Dataset not parametrized has plain dicts.
    RecordT = DefaultedTypeVar("RecordT", default=dict[str, Any])
    RowT = DefaultedTypeVar("RowT", default=dict[str, Any])
else:
    RecordT, RowT = TypeVar("RecordT"), TypeVar("RowT")


class Table(NamedTuple):
    """A table a dataset adds to the SQLite export beside its records' (extra_tables): its
    INDEXES, the columns of its full-text index (SEARCH), its REFERENCES (columns, table,
    columns there), and what it holds (DESCRIPTION, and NOTES on columns by name)."""

    name: str
    columns: tuple[str, ...]  # SQL column definitions: 'code TEXT NOT NULL'
    primary_key: tuple[str, ...]
    rows: Iterable[tuple[Any, ...]]
    indexes: tuple[tuple[str, ...], ...] = ()
    search: tuple[str, ...] = ()
    references: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()
    description: str = ""
    notes: dict[str, str] = {}


class ExportTable(NamedTuple):
    """Rows the SQLite export writes as one table of a dataset (export_tables): a view's rows
    as `wco NAME --json` prints them, with COLUMNS its --json keys in order. KEY is the column
    naming each row once (None: no column does); PARENT (column, table) a column holding the
    id of another table's row; LISTS, field -> key -> items, lists each row has beyond its
    --json row (or in place of one), and NAMES, field -> table, the child table of a list
    where it is not TABLE_FIELD; ABOUT, field -> text, what a child table holds (for the
    metadata); NOUN names one row in its child tables' columns (NOUN_id)."""

    name: str
    rows: list[Row]
    columns: tuple[str, ...]
    key: str | None = "id"
    parent: tuple[str, str] | None = None
    lists: dict[str, dict[str, list[Any]]] = {}
    names: dict[str, str] = {}
    noun: str = ""
    about: dict[str, str] = {}


def copy_json(value: J) -> J:
    """A deep copy of JSON-shaped data, of the type of VALUE (faster than copy.deepcopy)."""
    return cast("J", _copied(value))


# What JSON holds besides objects and arrays: shared, not copied (they cannot change).
_SCALARS = frozenset((str, int, float, bool, type(None)))


def _copied(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key: item if type(item) in _SCALARS else _copied(item)
                for key, item in value.items()}
    if kind is list:
        return [item if type(item) in _SCALARS else _copied(item) for item in value]
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


def text_of(field: str, value: object, what: str) -> str:
    """VALUE, if it is text; else InvalidValue naming FIELD and WHAT it takes."""
    if isinstance(value, str):
        return value
    raise InvalidValue(field, value, f"must be text ({what}), not {shown(value)}")


# The hooks a dataset defines that take one of its records (README, "Adding a dataset").
RECORD_HOOKS = ("keys", "codes", "name_of", "detail_of")


def takes_record(method: Callable[..., Any]) -> Callable[..., Any]:
    """METHOD, whose first argument is one of the dataset's records, raising InvalidValue when
    given anything else instead of the TypeError or KeyError it would meet. Nothing is checked
    on the way in: the hooks run once per record when indexes are built."""
    @functools.wraps(method)
    def guarded(self: Dataset, record: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, record, *args, **kwargs)
        except WcoError:
            raise
        except (LookupError, TypeError, AttributeError, ValueError):
            if self._is_record(record):
                raise  # a record of this dataset: the failure is a bug, and must show as one
            raise InvalidValue("record", record, f"must be a {self.noun} record, as get() "
                                                 f"returns it, not {shown(record)}") from None

    # A mark on the function object (read by Dataset.__init_subclass__), which typeshed's
    # function type does not declare.
    guarded.takes_record = True  # type: ignore[attr-defined]
    return guarded


class Dataset(Generic[RecordT, RowT]):
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
    # The filters of list_rows, by name (filters.declare): its help, completion and README.
    filters: dict[str, Filter] = {}
    # What a JSON key means, where its type does not say it all (view -> key -> Markdown), for
    # README's JSON keys.
    key_notes: dict[str, dict[str, str]] = {}
    # The command line README shows for a view, where it is not `wco NAME` (`wco hs WORDS`).
    view_usage: dict[str, str] = {}

    # ---- its command: `wco NAME` is built from these (README, "Adding a dataset") ---------------
    summary = ""  # one line: `wco --help` and the first line of `wco NAME --help`
    examples: tuple[str, ...] = ()  # command lines shown under `wco NAME --help`
    title = ""  # the title of its table (default: its name, capitalised)
    argument: Argument | None = None  # the positional argument; default: `[ID]` with a detail
    switches: tuple[Switch, ...] = ()  # on-off options that are not filters (`--chart`)
    _record_types: dict[type, RecordType] = {}

    def __init__(self, db: Database) -> None:
        self.db = db
        self._matcher: Matcher[Record] | None = None
        self._ids: dict[str, Record] | None = None
        self._codes: dict[str, Record] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A subclass's record hooks are guarded as the base class's are (see takes_record)."""
        super().__init_subclass__(**kwargs)
        for hook in RECORD_HOOKS:
            method = cls.__dict__.get(hook)
            if isinstance(method, types.FunctionType) and not hasattr(method, "takes_record"):
                setattr(cls, hook, takes_record(method))

    # ---- the data ------------------------------------------------------------------------------

    @classmethod
    def record_type(cls) -> RecordType:
        """The compiled record spec (compiled once per process)."""
        if cls not in Dataset._record_types:
            Dataset._record_types[cls] = RecordType(cls.record_spec)
        return Dataset._record_types[cls]

    @property
    def records(self) -> list[RecordT]:
        """Every record as stored, the ones the command does not list by default too (the EU
        among Members), as a fresh deep copy (take it once, not in a loop): changing it never
        changes the cached data."""
        return cast("list[RecordT]", copy_json(self._records))

    @property
    def _records(self) -> list[Record]:
        """The cached records themselves: for this package's code, never handed out."""
        return self.db._load(self.name)

    def by_id(self) -> dict[str, RecordT]:
        """Every record by its id, as fresh copies."""
        return cast("dict[str, RecordT]", copy_json(self._by_id()))

    def _by_id(self) -> dict[str, Record]:
        """The cached records by id (built whole, then published: threads may share it)."""
        if self._ids is None:
            self._ids = {record["id"]: record for record in self._records}
        return self._ids

    def _is_record(self, value: object) -> bool:
        """Is VALUE equal to one of the dataset's records (a copy that get() handed out)?"""
        if not isinstance(value, dict) or not isinstance(value.get("id"), str):
            return False
        return bool(self._by_id().get(value["id"]) == value)

    def ids(self) -> list[str]:
        """Every record's id, in the data's order."""
        return list(self._by_id())

    def __iter__(self) -> Iterator[RowT]:
        """The rows `wco NAME --json` lists (rows() with no filter), as copies."""
        return iter(self.rows())

    def __len__(self) -> int:
        """How many rows `wco NAME --json` lists: len(rows()), which may differ from
        len(records) (README, "The Python API")."""
        return len(self.list_rows())

    # ---- names ------------------------------------------------------------------------------

    @takes_record
    def keys(self, record: Record) -> Iterable[str | None]:
        """The names, aliases and codes RECORD is looked up by."""
        return (record["id"], record.get("name"), *record.get("aliases", ()))

    @takes_record
    def codes(self, record: Record) -> Iterable[str | None]:
        """The exact codes `get` accepts: the id, and codes such as ISO codes."""
        return (record["id"],)

    @takes_record
    def name_of(self, record: Record) -> str:
        return str(record.get("name") or record["id"])

    def _name_matcher(self) -> Matcher[Record]:
        """The lookup rule over the cached records. Its indexes are built before it is
        published, so a thread never finds one half built (Matcher builds them on first use)."""
        if self._matcher is None:
            matcher = Matcher(self._records, self.keys, self.name_of)
            matcher._index()
            self._matcher = matcher
        return self._matcher

    def suggestion(self, query: str) -> str | None:
        """The close name a lookup of QUERY would suggest (None when there is none)."""
        return self._name_matcher().suggestion(text_of("name", query,
                                                       f"a {self.noun}'s name or id"))

    def get(self, code: str) -> RecordT | None:
        """The record whose id or code is CODE (case ignored), or None: one dict lookup."""
        if not isinstance(code, str):
            text_of("code", code, f"a {self.noun}'s id or code")
        record = self._by_code().get(code.strip().casefold())
        return None if record is None else cast("RecordT", copy_json(record))

    def _by_code(self) -> dict[str, Record]:
        """The cached records by every code get() takes, case folded (built whole on first use,
        then published). A code two records share names the first, as a scan in order would."""
        if self._codes is None:
            index: dict[str, Record] = {}
            for record in self._records:
                for code in self.codes(record):
                    if code:
                        index.setdefault(code.casefold(), record)
            self._codes = index
        return self._codes

    def find(self, query: str) -> list[RecordT]:
        """Every record QUERY names by the lookup rule, as copies (empty when none)."""
        found = self._find(text_of("name", query, f"a {self.noun}'s name or id"))
        return cast("list[RecordT]", copy_json(found))

    def _find(self, query: str) -> list[Record]:
        """Every record QUERY (text) names by the lookup rule: the cached records."""
        return self._name_matcher().find(query)

    def _one(self, query: str, field: str | None) -> Record:
        text_of(field or "name", query, f"a {self.noun}'s name or id")
        if not query.strip():
            raise InvalidValue(field or "name", query, f"give a {self.noun}'s name or id, not an "
                                                       "empty value")
        found = self._find(query)
        if len(found) == 1:
            return found[0]
        if not found:
            guess = self._name_matcher().suggestion(query)
            message = f"no {self.noun} matches '{visible(query)}'"
            if len(self._records) <= 12:
                message += f" (valid: {', '.join(r['id'] for r in self._records)})"
            if field:
                raise InvalidValue(field, query, message, suggestion=guess)
            raise NotFound(message, query, guess, field, dataset=self.name)
        listed = describe(found, lambda r: f"{self.name_of(r)} ({r['id']})")
        raise Ambiguous(f"{field + ': ' if field else ''}'{visible(query)}' matches "
                        f"{len(found)} {self.noun}s: {listed}; be more specific",
                        query, [copy_json(r) for r in found], field)

    def lookup(self, query: str) -> RecordT:
        """The one record QUERY names: NotFound (with a close name, if any) or Ambiguous."""
        return cast("RecordT", copy_json(self._one(query, None)))

    def lookup_for(self, field: str, query: str) -> RecordT:
        """The one record QUERY, the value of the filter FIELD (such as an office's `serving`),
        names, as lookup() finds it; when it names none, InvalidValue naming FIELD."""
        return cast("RecordT", copy_json(self._one(query, text_of("field", field,
                                                                  "a filter's name"))))

    def _select(self, field: str, query: str) -> list[Record]:
        """Records named by the value of a filter FIELD (cached records); InvalidValue when it
        names none."""
        text_of(field, query, f"a {self.noun}'s name or id")
        if not query.strip():
            raise InvalidValue(field, query, "an empty value names nothing")
        found = self._find(query)
        if not found:
            self._one(query, field)
        return found

    # ---- views ------------------------------------------------------------------------------

    def rows(self, **filters: Any) -> list[RowT]:
        """The rows of the main list view, filtered; equal to `wco NAME ... --json`."""
        return cast("list[RowT]", copy_json(self.list_rows(**filters)))

    def list_rows(self, **filters: Any) -> list[Row]:
        """Rows built from the cached records, sharing nothing with them: the CLI prints them
        without copying, and the API hands them out."""
        self._no_other_filters(filters)
        return [{field: copy_json(record.get(field)) for field in self.main_view()}
                for record in self._records]

    def _no_other_filters(self, filters: dict[str, Any]) -> None:
        """InvalidValue for a filter this dataset does not have."""
        if filters:
            name = next(iter(filters))
            raise InvalidValue(name, filters[name], f"{self.name} has no filter '{name}'",
                               self.filters)

    # ---- its command ------------------------------------------------------------------------

    @classmethod
    def command_argument(cls) -> Argument | None:
        """The positional argument of `wco NAME`: the declared one, else `[ID]` for a dataset
        with a detail view, else none."""
        if cls.argument is not None or cls.detail_spec is None:
            return cls.argument
        from wco_cli.filters import Argument

        return Argument("[ID]", f"One {cls.noun} in full.")

    def answer(self, query: str | None = None, filters: dict[str, Any] | None = None,
               switches: dict[str, bool] | None = None, drawn: bool = False) -> Answer:
        """What `wco NAME ...` shows: with QUERY (the command's argument), that record in full;
        else the rows FILTERS select (list_rows' arguments), with their title and the notes
        under the table. SWITCHES are the dataset's switches that are on; DRAWN says whether a
        table for a person will show the notes, so that notes which read other files are worked
        out only then."""
        if query is not None:
            text_of("query", query, f"a {self.noun}'s name or id")
        if filters is None:
            filters = {}
        elif not isinstance(filters, dict) or not all(isinstance(k, str) for k in filters):
            raise InvalidValue("filters", filters, f"must be a dict of filters by name, not "
                                                   f"{shown(filters)}", self.filters)
        switches = self._switches_of(switches)
        if not isinstance(drawn, bool):
            raise InvalidValue("drawn", drawn, f"must be True or False, not {shown(drawn)}")
        filters = dict(filters)
        if filters.get("as_of") is not None and "as_of" in self.filters:
            from wco_cli.timeline import parse_date

            # As text, so that titles and notes show the date as the CLI does, whether it was
            # given as a datetime.date, a datetime or an int year.
            filters["as_of"] = parse_date(filters["as_of"])
        return self._answer(query, filters, switches, drawn)

    def _switches_of(self, given: object) -> dict[str, bool]:
        """GIVEN (None, or switch name -> True or False) with every switch of the dataset."""
        names = [switch.name for switch in self.switches]
        if given is None:
            given = {}
        if not isinstance(given, dict):
            raise InvalidValue("switches", given, f"must be a dict of switches by name, not "
                                                  f"{shown(given)}", names)
        for name, on in given.items():
            if name not in names:
                raise InvalidValue("switches", name, f"{self.name} has no switch "
                                                     f"'{visible(str(name))}'", names)
            if not isinstance(on, bool):
                raise InvalidValue(name, on, f"must be True or False, not {shown(on)}")
        return {name: given.get(name, False) for name in names}

    def _answer(self, query: str | None, filters: dict[str, Any], switches: dict[str, bool],
                drawn: bool) -> Answer:
        """answer(), its arguments checked: the hook a dataset with switches overrides."""
        if query is not None:
            from wco_cli.answers import DetailAnswer

            record = self.detail(query)
            return DetailAnswer(record, self._detail_title(record))
        return self._listed(self.list_rows(**filters), filters, drawn)

    def _listed(self, rows: list[Row], filters: dict[str, Any], drawn: bool) -> ListAnswer:
        """ROWS of the main view, with the title and notes the hooks below give."""
        from wco_cli.answers import ListAnswer

        return ListAnswer(next(iter(self.views)), rows, self._list_title(rows, filters),
                          self._uncertain_note(rows, filters),
                          self._list_notes(rows, filters, drawn))

    def _list_title(self, rows: list[Row], filters: dict[str, Any]) -> str:
        """The title of the list: TITLE, and the date of `--as-of` when given."""
        title = self.title or self.name.capitalize()
        as_of = filters.get("as_of")
        return f"{title} as of {as_of}" if as_of else title

    def _detail_title(self, record: Row) -> str:
        """The title of one record in full: its name, else its title, else its id."""
        return str(record.get("name") or record.get("title") or record["id"])

    def _uncertain_note(self, rows: list[Row], filters: dict[str, Any]) -> str | None:
        """Which ROWS are uncertain on the list's date, and why (None: none are, or the rows have
        no status). The command line marks those rows and puts the mark before this line."""
        return None

    def _list_notes(self, rows: list[Row], filters: dict[str, Any], drawn: bool) -> list[str]:
        """Lines under the table of ROWS, for a person (DRAWN: a table will show them)."""
        return []

    def completions(self) -> list[str]:
        """What a shell offers for a name of this dataset: its ids."""
        return [record["id"] for record in self._records]

    @staticmethod
    def _uncertain_count(rows: list[Row], filters: dict[str, Any], plural: str,
                         shown: Callable[[Row], str], why: str = "") -> str | None:
        """"N PLURAL confirmed, M uncertain on DATE: A, B WHY" for rows with a `status`."""
        unsure = [row for row in rows if row["status"] != "in_force"]
        if not unsure:
            return None
        as_of = filters.get("as_of")
        return (f"{len(rows) - len(unsure)} {plural} confirmed, {len(unsure)} uncertain "
                f"{f'on {as_of}' if as_of else 'today'}: {', '.join(map(shown, unsure))}{why}")

    def detail(self, query: str) -> Row:
        """One record as its detail view shows it (`wco NAME ID --json`)."""
        return copy_json(self.detail_of(self._one(query, None)))

    @takes_record
    def detail_of(self, record: Record) -> Row:
        return dict(record)

    def example_name(self) -> str:
        return self.example or self._records[0]["id"]

    def main_view(self) -> Spec:
        return next(iter(self.views.values()))

    @classmethod
    def command_of(cls, view: str) -> tuple[str, ...]:
        """The `wco` arguments that print VIEW (the main view: `wco NAME`)."""
        text_of("view", view, "the name of one of the dataset's views")
        return cls.view_commands.get(view, (cls.name,))

    def documents(self) -> Iterator[Document]:
        """(kind, id, title, other names, body[, summary]) of each record, for `wco search`."""
        return iter(())

    def stale_series(self) -> list[tuple[str, str, str]]:
        """(series, last confirmed, expected_change) of each series of the dataset whose newest
        value is stale at the data's review date (timeline.is_stale); `wco validate` lists them.
        Datasets of dated series (facts, instruments' party counts) say which they have."""
        return []

    # ---- files of its own ---------------------------------------------------------------------

    def own_problems(self) -> list[str]:
        """Every problem of the dataset's files of its own, each naming its file, for `wco
        validate` (a dataset stored as data/NAME.json has none: the Database checks that)."""
        return []

    def export_tables(self) -> list[ExportTable]:
        """The tables the SQLite export writes of the dataset: its main view, one row per
        record (`wco NAME --json`, today's state)."""
        fields = tuple(self.main_view())
        return [ExportTable(self.name, self.list_rows(), fields,
                            "id" if "id" in fields else None)]

    def extra_tables(self) -> Iterator[Table]:
        """The tables the SQLite export writes beside the dataset's records (`wco export`)."""
        return iter(())

    # ---- helpers for subclasses ---------------------------------------------------------------

    def _choice(self, field: str, value: str | None) -> str | None:
        """VALUE (case ignored) if it is one of the enum words of FIELD in the record spec."""
        if value is None:
            return None
        valid = enum_values(self.record_spec[field])
        if not isinstance(value, str):
            raise InvalidValue(field, value, f"must be text, not {shown(value)}", valid)
        folded = value.strip().casefold()
        for word in valid:
            if word.casefold() == folded:
                return word
        problem = ("an empty value is not valid" if not folded
                   else f"'{visible(value)}' is not valid")
        raise InvalidValue(field, value, problem, valid, closest(value, valid))

    def _sources_of(self, ids: list[str]) -> list[Row]:
        """Source ids resolved to their id, title, location and date (detail views)."""
        return self.db.sources.briefs(ids)
