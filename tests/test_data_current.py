"""The data brought current to December 2026, checked through the command line: Council Chairs
of 2014 and 2025-2026, the latest Revised Kyoto and HS Convention counts, the Strategic Plan
2025-2028 and HS 2028, and one accession event for every Member that joined before 2001."""

from __future__ import annotations

import pytest
from conftest import run

HS_2028_EVENTS = {
    "2025-03-hs-committee-provisionally-adopts-hs-2028": "2025-03",
    "2025-06-council-adopts-hs-2028-recommendation": "2025-06",
    "2026-01-21-hs-2028-amendments-accepted": "2026-01-21",
}


def json_of(*args: str):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def chair(as_of: str) -> list[str]:
    return [row["value"] for row in json_of("facts", "council_chair", "--as-of", as_of)]


def instrument_on(instrument: str, as_of: str) -> dict:
    rows = json_of("instruments", "--as-of", as_of)
    return next(row for row in rows if row["id"] == instrument)


@pytest.fixture
def history() -> list[dict]:
    return json_of("history")


@pytest.fixture
def sources() -> dict[str, dict]:
    return {source["id"]: source for source in json_of("sources")}


# ---- Council Chairperson ----------------------------------------------------------------------

@pytest.mark.parametrize("as_of, name", [
    ("2013", "Josephine Feehily"),
    ("2014-06-15", "Josephine Feehily"),
    ("2014", "Zouhair Chorfi"),
    ("2015", "Zouhair Chorfi"),
    ("2025-06-30", "Edward Kieswetter"),
    ("2025-07-01", "Bashir Adewale Adeniyi"),
    ("2026", "Bashir Adewale Adeniyi"),
])
def test_the_council_chair_on_a_date(as_of, name):
    assert chair(as_of) == [name]


def test_each_chair_ends_where_the_successor_starts():
    values = json_of("facts", "council_chair")
    feehily = {v["until"] for v in values if v["value"] == "Josephine Feehily"}
    chorfi = {v["from"] for v in values if v["value"] == "Zouhair Chorfi"}
    kieswetter = {v["until"] for v in values if v["value"] == "Edward Kieswetter"}
    adeniyi = [v for v in values if v["value"] == "Bashir Adewale Adeniyi"]
    assert feehily == chorfi == {"2014-06-28"}
    assert kieswetter == {"2025-06-30"}
    assert [v["from"] for v in adeniyi] == ["2025-07-01"] and adeniyi[0]["until"] is None
    assert "June 2026 was not found" in adeniyi[0]["note"]


# ---- conventions ------------------------------------------------------------------------------

def test_revised_kyoto_has_136_parties_since_nicaragua():
    rkc = json_of("instruments", "rkc")
    assert (rkc["parties"], rkc["parties_as_of"]) == (136, "2024-02-15")
    counts = {c["as_of"]: c["count"] for c in rkc["party_counts"]}
    assert {"2021-02-16": 127, "2021-12-07": 129, "2024-02-15": 136}.items() <= counts.items()
    assert instrument_on("rkc", "2021-12")["parties"] == 129


def test_hs_convention_has_160_parties_from_august_2020():
    before = instrument_on("hs-convention", "2020-07")
    after = instrument_on("hs-convention", "2020-12")
    assert before["parties"] == 156
    assert (after["parties"], after["parties_as_of"]) == (160, "2020-08-21")
    assert after["parties_sources"]


def test_safe_2025_is_noted_without_a_council_adoption():
    safe = json_of("instruments", "safe")
    assert "2025 edition" in safe["note"]
    assert "No source checked confirms that the Council adopted it" in safe["note"]


# ---- Strategic Plan 2025-2028 -------------------------------------------------------------------

def test_the_2025_plan_is_current_from_its_june_2025_review():
    assert [r["value"][:24] for r in json_of("facts", "strategic_plan", "--as-of", "2025-12")] \
        == ["Strategic Plan 2025-2028"]
    assert [r["value"][:24] for r in json_of("facts", "strategic_plan", "--as-of", "2025-05")] \
        == ["Strategic Plan 2022-2025"]
    sets = {s["id"]: s for s in json_of("goals", "--list-sets")}
    plan = sets["strategic-plan-2025-2028"]
    assert plan["as_of"] == "2025-06" and plan["items"] == 0
    for area in ("data and technology", "e-commerce", "green Customs"):
        assert area in plan["description"]


# ---- history ----------------------------------------------------------------------------------

def test_hs_2028_events_are_dated_and_sourced(history, sources):
    found = {e["id"]: e for e in history if e["id"] in HS_2028_EVENTS}
    assert {key: e["date"] for key, e in found.items()} == HS_2028_EVENTS
    for event in found.values():
        assert event["category"] == "convention"
        assert event["sources"] and all(s in sources for s in event["sources"])
    accepted = found["2026-01-21-hs-2028-amendments-accepted"]
    assert "1,229 headings" in accepted["title"] and "5,852 subheadings" in accepted["title"]
    assert "1 January 2028" in accepted["note"]


@pytest.mark.parametrize("date, words", [
    ("2014-06-28", "Zouhair Chorfi"),
    ("2025-07-01", "Bashir Adewale Adeniyi"),
    ("2025-06-28", "145th/146th"),
    ("2025-12-05", "93rd session of the Policy Commission"),
])
def test_leadership_and_session_events(history, date, words):
    assert any(e["date"] == date and words in e["title"] for e in history)


def test_saint_vincent_keeps_both_dates(history, sources):
    event = next(e for e in history if "Saint Vincent" in e["title"] and "187th" in e["title"])
    assert event["date"] == "2025-09-17"
    assert "17 October 2025" in event["note"] and "w206" in event["sources"]
    assert sources["w206"]["grade"] == "member"


def test_every_member_that_joined_before_2001_has_its_accession_event(history):
    members = json_of("members", "--joined-before", "2001")
    assert len(members) == 154
    accessions = {(e["date"], e["title"]) for e in history if e["category"] == "membership"}
    for member in members:
        founding = "a founding Member" if member["founding_member"] else "a Member"
        assert (member["joined"], f"{member['name']} becomes {founding}") in accessions, \
            member["id"]
    by_title = {e["title"]: e for e in history}
    for member in members:
        founding = "a founding Member" if member["founding_member"] else "a Member"
        assert by_title[f"{member['name']} becomes {founding}"]["sources"] == member["sources"]
