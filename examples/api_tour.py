"""A tour of wco's Python API: every call README's "The Python API" documents, typed.

    python examples/api_tour.py            # prints what each call answers
    python -m mypy --strict examples/api_tour.py

A type checker knows what each call hands out: `db.members.get("KE")` is a `MemberRecord | None`
(wco_cli.records), its "name" a `str`, a row's "status" a Literal. The tests run this script and
check it with `mypy --strict`.
"""

from __future__ import annotations

import datetime

import wco_cli
from wco_cli import Ambiguous, Database, InvalidValue, NotFound, WcoError, timeline
from wco_cli.answers import ChartAnswer, DetailAnswer, ListAnswer
from wco_cli.records import (
    FactRow,
    GoalSetRow,
    HsBatchRow,
    MemberRecord,
    MemberRow,
    OfficeRow,
)


def show(what: str, value: object) -> None:
    print(f"{what:<48} {value!r:.100}")


def members(db: Database) -> None:
    # The module-level datasets read the bundled data; Database() does too, and Database(path)
    # a data directory of your own with the same layout.
    name: str = wco_cli.members.lookup("Ivory Coast")["name"]
    assert name == "Côte d'Ivoire"
    assert wco_cli.bundled().path == Database().path
    show('wco_cli.members.lookup("Ivory Coast")["name"]', name)

    kenya: MemberRecord | None = db.members.get("KE")  # exact id or code, or None
    assert kenya is not None and kenya["iso_alpha3"] == "KEN"
    show('db.members.get("KE")["joined"]', kenya["joined"])
    assert db.members.get("Keny") is None
    show('db.members.lookup("cote d\'ivoire")["id"]', db.members.lookup("cote d'ivoire")["id"])
    show('db.members.find("congo")', [m["id"] for m in db.members.find("congo")])

    # len() and iteration are the rows `wco members --json` lists: 187 Members; `records` are
    # every record as stored, the European Union too (not a Member, `counted` false).
    listed: list[MemberRow] = list(db.members)
    assert len(db.members) == len(listed) == len(db.members.rows())
    assert len(db.members.records) == len(db.members) + 1
    show("len(db.members), len(db.members.records)", (len(db.members), len(db.members.records)))
    show("[m['name'] for m in db.members][:2]", [m["name"] for m in db.members][:2])
    uncertain = [m["name"] for m in db.members.rows(as_of="2021-06") if m["status"] == "uncertain"]
    show('uncertain members as of "2021-06"', uncertain)
    show("db.members.filters", list(db.members.filters))
    show("db.members.count_notes()", db.members.count_notes())
    counted, uncertain_then = db.members.counted_on(as_of=datetime.date(2013, 6, 30))
    show("db.members.counted_on(as_of=date(2013, 6, 30))", (len(counted), len(uncertain_then)))
    esa = db.members.rows(region="esa", joined_since=2000, with_eu=False)
    show('db.members.rows(region="esa", joined_since=2000)', [m["name"] for m in esa])
    assert db.members.rows(joined_since="2000") == db.members.rows(joined_since=2000)


def offices_and_dates(db: Database) -> None:
    rows: list[OfficeRow] = db.offices.rows(region="africa", as_of="2013")
    show('db.offices.rows(region="africa", as_of="2013")', [row["id"] for row in rows])
    # A date is text, a datetime.date, a datetime (its day) or an int year.
    assert db.offices.rows(as_of=2013) == db.offices.rows(as_of="2013")
    assert db.offices.rows(as_of=datetime.date(2013, 6, 5)) == \
        db.offices.rows(as_of=datetime.datetime(2013, 6, 5, 12, 0)) == \
        db.offices.rows(as_of="2013-06-05")
    show('db.offices.detail("rilo-esa")["name"]', db.offices.detail("rilo-esa")["name"])
    show('db.facts.at("council_chair", "2013-06")', db.facts.at("council_chair", "2013-06"))
    show('db.facts.at("council_chair", date(2013, 6, 5))',
         db.facts.at("council_chair", datetime.date(2013, 6, 5)))
    assert db.facts.at("deputy_secretary_general", "2009") is None
    show("db.facts.stale_series()[:1]", db.facts.stale_series()[:1])
    show("db.instruments.stale_series()[:1]", db.instruments.stale_series()[:1])
    show('timeline.status("2020-12/2022-06", None, ...)',
         timeline.status("2020-12/2022-06", None, "2021-06-30"))
    assert timeline.is_stale("2024-02-15", "yearly", "2026-11-23")
    members_by_date: list[FactRow] = db.facts.series("members")
    show('db.facts.series("members")[-1]["value"]', members_by_date[-1]["value"])
    sets: list[GoalSetRow] = db.goals.set_rows()
    show("db.goals.set_rows()", [(row["id"], row["items"]) for row in sets][:3])
    show('db.history.rows(category=["plan", "convention"])',
         len(db.history.rows(category=["plan", "convention"])))


def answers(db: Database) -> None:
    listed = db.offices.answer(filters={"as_of": datetime.date(2013, 6, 5)})
    assert isinstance(listed, ListAnswer)
    show("db.offices.answer(filters=...).title", listed.title)
    detail = db.members.answer("kenya")
    assert isinstance(detail, DetailAnswer)
    show('db.members.answer("kenya").title', detail.title)
    chart = db.facts.answer(filters={"key": "members"}, switches={"chart": True})
    assert isinstance(chart, ChartAnswer)
    show("db.facts.answer(..., switches={'chart': True})", chart.points[:2])


def search_and_hs(db: Database) -> None:
    show('db.search("training hungary")[0]["id"]', db.search("training hungary")[0]["id"])
    show('wco_cli.search("MENA")[0]["id"]', wco_cli.search("MENA")[0]["id"])
    coffee = db.hs.get("0901.21")
    show('db.hs.get("0901.21")["description"]', coffee["description"])
    show('db.hs.get("0901.21", edition=2017)["edition"]', db.hs.get("0901.21", 2017)["edition"])
    # Many codes, only their descriptions: one shared, read-only row each, at a dict's speed.
    labels = {code: db.hs.brief(code)["description"] for code in ("0901.21", "8471.30")}
    show('db.hs.brief("8471.30")["description"]', labels["8471.30"])
    mine = dict(db.hs.brief("0901.21"))  # the shared row refuses changes; a copy takes them
    mine["description"] = "roasted coffee"
    show('db.hs.search("roasted coffee")[0]["code"]', db.hs.search("roasted coffee")[0]["code"])
    related = db.hs.convert("8517.13", "2017")["related"]
    show('db.hs.convert("8517.13", "2017")', [code["code"] for code in related])
    # A spreadsheet's column: an int lost its leading zero, None and NaN are empty cells.
    column: list[str | int | float | None] = [90121, None, float("nan"), "8471.30"]
    rows: list[HsBatchRow] = list(db.hs.batch(column, to="2017"))
    show("db.hs.batch([90121, None, nan, ...])", [(r["code"], r["note"]) for r in rows][:2])
    assert [row["valid"] for row in rows] == [True, False, False, True]


def errors(db: Database) -> None:
    try:
        db.members.lookup("Kenia")
    except NotFound as error:
        show('NotFound: db.members.lookup("Kenia")', error.suggestion)
    try:
        db.members.lookup("congo")
    except Ambiguous as error:
        show("Ambiguous: .candidates", [c["id"] for c in error.candidates])
    try:
        db.members.rows(kind="stat")
    except InvalidValue as error:
        show('InvalidValue: rows(kind="stat")', (error.field, error.valid, error.suggestion))
    try:
        db.offices.rows(as_of=13)
    except WcoError as error:
        show("InvalidValue: rows(as_of=13)", str(error))


def main() -> None:
    db = Database()
    members(db)
    offices_and_dates(db)
    answers(db)
    search_and_hs(db)
    errors(db)


if __name__ == "__main__":
    main()
