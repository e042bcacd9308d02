"""Named sets of goals: strategic goals, objectives, functions, Packages and plans."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from wco_cli.answers import Answer, ListAnswer
from wco_cli.datasets.base import Dataset, Document, ExportTable, Record, Row, copy_json
from wco_cli.errors import UsageError
from wco_cli.filters import NAME, Filter, Switch, declare

if TYPE_CHECKING:
    # The row type is named in the base class as text (ruff does not read it).
    from wco_cli.records import GoalRow, GoalSetRecord, GoalSetRow  # noqa: F401

GOAL_ITEM = {"code": "str", "title": "str", "description": "str?"}
LATEST = "latest"  # the alias of the newest Strategic Plan (see Goals.latest_plan)
PLAN_PREFIX = "Strategic Plan "  # a plan's name: "Strategic Plan 2022-2025 ..."


def plan_period(name: str) -> str | None:
    """The period 'YYYY-YYYY' when NAME is a Strategic Plan's name, else None.

    "Strategic Plan functions" is not a plan, so the name must go on with a period; checked
    by hand because compiling a regular expression would cost every run its start-up time."""
    if not name.startswith(PLAN_PREFIX):
        return None
    period = name[len(PLAN_PREFIX):].split(" ", 1)[0]
    start, _, end = period.partition("-")
    if len(start) == len(end) == 4 and (start + end).isdigit() and (start + end).isascii():
        return period
    return None


class Goals(Dataset["GoalSetRecord", "GoalRow"]):
    name = "goals"
    noun = "goal set"
    search_kind = "goal"
    record_spec = {
        "id": "id", "name": "str", "description": "str", "note": "str?",
        # The source whose machine-translated wording the titles quote as found (seed 003).
        "machine_translation": "ref:sources?",
        "as_of": "date", "sources": "[ref:sources]",
        # May be empty: a plan known only by its title (2025-2028) is listed without goals.
        "items": [GOAL_ITEM, "*"],
    }
    views = {
        "goals": {"set": "id", "set_name": "str", "code": "str", "title": "str",
                  "description": "str?", "as_of": "date", "sources": "[id]"},
        "goal_sets": {"id": "id", "name": "str", "items": "int", "description": "str",
                      "note": "str?", "as_of": "date", "sources": "[id]"},
    }
    columns = {"goals": ("set", "code", "title"),
               "goal_sets": ("id", "name", "items", "as_of", "sources")}
    view_commands = {"goal_sets": ("goals", "--list-sets")}
    filters = declare(Filter(
        "set", "One set of goals, by id or name (see --list-sets). 'latest' is the Strategic Plan "
               "with the newest date; where its goals are not known, a note under the table says "
               "what is known and which plan's goals are the newest known.",
        NAME, dataset="goals", short="-s", metavar="SET"))
    summary = ("Strategic goals, objectives, functions, Packages and plans, by named set; "
               "'--set latest' is the newest Strategic Plan.")
    examples = ("wco goals --list-sets", "wco goals --set packages", "wco goals --set latest")
    switches = (Switch("list_sets", "List the sets of goals instead of their items."),)

    def name_of(self, record: Record) -> str:
        return str(record["id"])

    def keys(self, record: Record) -> Iterable[str | None]:
        # "latest" is computed from the data, so a newer plan added to goals.json takes it over.
        latest = self._latest_plan()
        alias = (LATEST,) if latest is not None and record["id"] == latest["id"] else ()
        return (record["id"], record.get("name"), *alias)

    def plans(self) -> list[GoalSetRecord]:
        """The Strategic Plans, as copies, oldest first: by date, then by period."""
        return cast("list[GoalSetRecord]", copy_json(self._plans()))

    def _plans(self) -> list[Record]:
        """The Strategic Plans (cached records), oldest first: by date, then by period."""
        found = [s for s in self._records if plan_period(s["name"])]
        return sorted(found, key=lambda s: (s["as_of"], plan_period(s["name"])))

    def latest_plan(self) -> GoalSetRecord | None:
        """The Strategic Plan with the newest date (its goals may be unknown), as a copy; None
        when there is none."""
        return cast("GoalSetRecord | None", copy_json(self._latest_plan()))

    def _latest_plan(self) -> Record | None:
        """The newest Strategic Plan: the cached record."""
        plans = self._plans()
        return plans[-1] if plans else None

    def list_rows(self, set: str | None = None, **filters: Any) -> list[Row]:  # noqa: A002
        """The items of every set, or of the set named SET ('latest': the newest plan)."""
        self._no_other_filters(filters)
        chosen = [self._one(set, "set")] if set is not None else self._records
        return [
            {"set": s["id"], "set_name": s["name"], "code": item["code"], "title": item["title"],
             "description": item["description"], "as_of": s["as_of"], "sources": list(s["sources"])}
            for s in chosen for item in s["items"]
        ]

    def notes(self, set: str | None = None) -> list[str]:  # noqa: A002
        """Lines for a person under the items of every set, or of SET: which sets quote a
        machine translation, and what is known of a set that has no items."""
        chosen = [self._one(set, "set")] if set is not None else self._records
        lines: list[str] = []
        quoted: dict[tuple[str, str], list[str]] = {}
        for s in chosen:
            if s.get("machine_translation") and s["items"]:
                quoted.setdefault((s["machine_translation"], s["as_of"]), []).append(s["id"])
        for (source, as_of), ids in quoted.items():
            lines.append(f"Machine-translated wording, quoted as found from {source} "
                         f"(as of {as_of}): {', '.join(ids)}.")
        latest = self._latest_plan()
        for s in chosen:
            if s["items"]:
                continue
            if set is None:  # the whole list: one line; the set's own view says the rest
                lines.append(f"No items are known for {s['name']} ({s['as_of']}); see "
                             f"'wco goals --set {s['id']}'.")
                continue
            lead = "Latest Strategic Plan: " if latest and s["id"] == latest["id"] else ""
            lines.append(f"{lead}{s['name']} ({s['as_of']}; {'; '.join(s['sources'])}). "
                         f"{s['description']} {s['note'] or 'No items are known.'}")
            known = [p for p in self._plans() if p["items"]]
            if plan_period(s["name"]) and known:
                lines.append(f"The newest plan whose goals are known: {known[-1]['name']} "
                             f"(wco goals --set {known[-1]['id']}).")
        return lines

    def export_tables(self) -> list[ExportTable]:
        """The sets (`wco goals --list-sets`), then the items of every set (`wco goals`
        without --set), each naming its set."""
        sets = cast("list[Row]", self.set_rows())
        return [ExportTable("goal_sets", sets, tuple(self.views["goal_sets"]), noun="set"),
                ExportTable(self.name, self.list_rows(), tuple(self.main_view()), key=None,
                            parent=("set", "goal_sets"))]

    def set_rows(self) -> list[GoalSetRow]:
        """One row per set (`wco goals --list-sets`)."""
        return [
            {"id": s["id"], "name": s["name"], "items": len(s["items"]),
             "description": s["description"], "note": s["note"], "as_of": s["as_of"],
             "sources": list(s["sources"])}
            for s in self._records
        ]

    # ---- the command ------------------------------------------------------------------------

    def _answer(self, query: str | None, filters: dict[str, Any],
                switches: dict[str, bool], drawn: bool) -> Answer:
        """The items of every set or of one; the sets themselves with the `list_sets` switch."""
        if query is not None:  # the command has no argument; the API may still name a record
            return super()._answer(query, filters, switches, drawn)
        chosen = filters.get("set")
        if switches.get("list_sets"):
            if chosen is not None:
                raise UsageError("--list-sets lists every set; it cannot be used with --set")
            return ListAnswer("goal_sets", cast("list[Row]", self.set_rows()), "Sets of goals")
        rows = self.list_rows(**filters)
        notes = self.notes(set=chosen)
        title = "WCO goals"
        if rows and chosen is not None and chosen.strip().casefold() == LATEST:
            latest = self._latest_plan()
            if latest is not None:
                title = (f"WCO goals: {latest['name']}, the latest Strategic Plan "
                         f"({latest['as_of']})")
        # No table will carry the notes of an empty list: a person still learns why it is empty.
        aside = notes if not rows and not drawn else []
        return ListAnswer("goals", rows, title, notes=notes, aside=aside)

    def completions(self) -> list[str]:
        return [*super().completions(), LATEST]

    def documents(self) -> Iterator[Document]:
        for g in self._records:
            for item in g["items"]:
                yield ("goal", f"{g['id']}/{item['code']}", item["title"], [item["code"]],
                       f"{g['name']} {item['description'] or ''}")

    def detail_of(self, record: Record) -> Row:
        return {**record, "sources": self._sources_of(record["sources"])}


DATASET = Goals
