"""The Council officers: who held the Chair and each regional Vice-Chair, and how sure that is."""

from __future__ import annotations

import json

import pytest

from wco_cli import InvalidValue
from wco_cli.store import Database


@pytest.fixture(scope="module")
def council():
    return Database().council


def chairs(council, **filters) -> list[str]:
    return [row["holder"] for row in council.rows(office="chair", **filters)]


def test_every_post_has_at_most_one_sure_holder_on_any_day(council):
    for day in ("2012-12-31", "2016-12-31", "2019-12-31", "2021-12-31", "2024-12-31"):
        rows = council.rows(as_of=day)
        sure = [(r["office"], r["region"]) for r in rows if r["status"] == "in_force"]
        assert len(sure) == len(set(sure)), (day, sure)


def test_the_chair_on_dates_the_fact_file_also_answers(council):
    facts = Database().facts
    for day in ("2015-01", "2016-12", "2018-01", "2021-06", "2024-03", "2025-08"):
        named = [r["holder"] for r in council.rows(office="chair", as_of=day)
                 if r["status"] == "in_force"]
        fact = facts.rows(key="council_chair", as_of=day)[0]["value"]
        # The fact file writes shorter names ("Ahmed Al Khalifa"): first and last names agree.
        words = fact.split()
        assert named and named[0].startswith(words[0]) and named[0].endswith(words[-1]), \
            (day, named, fact)


def test_a_term_with_no_known_end_turns_uncertain_after_its_evidence(council):
    today = {r["id"]: r for r in council.rows()}
    adeniyi = today["chair-2025-adeniyi"]
    assert adeniyi["term_end"] == "2026-06-30/.." and adeniyi["term_end_basis"] == "evidence"
    assert adeniyi["status"] == "uncertain"  # no source names the June 2026 election yet
    assert [r["status"] for r in council.rows(office="chair", as_of="2026-01")] == ["in_force"]


def test_a_successor_bounds_a_term_no_source_ends(council):
    dunne = council.detail("chair-2009-dunne")
    assert dunne["term_end_basis"] == "successor"
    assert dunne["term_end_latest"] == "2014-06-28"  # Chorfi took the Chair then
    assert "Martyn Dunne" not in chairs(council, as_of="2015")


def test_since_lists_every_chair_from_a_year(council):
    assert chairs(council, since=2019) == [
        "Enrique Canon", "Dicksons Kateshumbwa", "Ahmed bin Hamad Al Khalifa",
        "Edward Kieswetter", "Bashir Adewale Adeniyi"]


def test_filters_by_region_and_member(council):
    wca = council.rows(region="wca", since=2020)
    assert {r["member"] for r in wca} >= {"Guinea", "Republic of the Congo", "Nigeria", "Mali"}
    assert {r["region"] for r in wca} == {"wca"}
    nigeria = council.rows(member="NG", since=2000)
    assert {r["id"] for r in nigeria} == {"vc-wca-nigeria", "chair-2025-adeniyi"}
    assert council.rows(member="Nigeria", since=2000) == nigeria


@pytest.mark.parametrize("filters, field", [
    ({"office": "deputy"}, "office"), ({"member": "Atlantis"}, "member"),
    ({"since": "soon"}, "since"), ({"since": 2026, "as_of": "2020"}, "since"),
    ({"region": "moon"}, "region"),
])
def test_bad_filters_name_the_filter(council, filters, field):
    with pytest.raises(InvalidValue) as raised:
        council.rows(**filters)
    assert raised.value.field == field


def test_every_record_is_sourced_and_the_ends_follow_the_starts(council):
    for record in council.records:
        assert record["sources"], record["id"]
        row = council.detail(record["id"])
        if row["from_earliest"] and row["term_end_latest"]:
            assert row["from_earliest"] <= row["term_end_latest"], record["id"]


def test_the_command_agrees_with_the_api(wco, council):
    result = wco("council", "--since", "2010", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == council.rows(since=2010)
    assert wco("council", "--office", "vice").exit_code == 2
