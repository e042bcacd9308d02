"""Every fact the five seed documents state is in the data, attributed to its seed."""

from __future__ import annotations

import pytest

from wco_cli import bundled


def fact_has(key: str, value, seed: str) -> bool:
    return any(v["value"] == value and seed in v["sources"]
               for v in bundled().dataset("facts").by_id()[key]["values"])


def office_hosted(country_code: str, office_type: str, seed: str) -> bool:
    return any(o["type"] == office_type
               and any(h["country_code"] == country_code and seed in h["sources"]
                       for h in o["hosts"])
               for o in bundled().load("offices"))


def goal_set(set_id: str, seed: str) -> list[str]:
    goal = bundled().dataset("goals").by_id()[set_id]
    assert seed in goal["sources"]
    return [item["title"] for item in goal["items"]]


def event_cites(seed: str, words: str) -> bool:
    return any(seed in e["sources"] and words.lower() in e["title"].lower()
               for e in bundled().load("history"))


S0, S1, S2, S3, S4 = "seed-000", "seed-001", "seed-002", "seed-003", "seed-004"

SEED_FACTS = [
    # 000: undated overview page (184 Members)
    (S0, "established 1952", lambda: fact_has("established", "1952", S0)),
    (S0, "184 Members", lambda: fact_has("members", 184, S0)),
    (S0, "about 98% of world trade", lambda: fact_has("world_trade_share", "about 98%", S0)),
    (S0, "mission: effective and efficient Customs",
     lambda: fact_has("mission", "Make Customs administrations more effective and efficient.", S0)),
    (S0, "three core and two supporting functions", lambda: goal_set("core-functions", S0) == [
        "Develop, maintain and implement instruments", "Foster Customs cooperation",
        "Build capacity", "Research", "Communicate"]),
    # 001: brochure of November 2009
    (S1, "176 Members", lambda: fact_has("members", 176, S1)),
    (S1, "17 founding Members", lambda: fact_has("members", 17, S1)),
    (S1, "first meeting 26 January 1953", lambda: fact_has("first_session", "1953-01-26", S1)),
    (S1, "established 1952 as the Customs Co-operation Council",
     lambda: fact_has("established", "1952", S1)
     and fact_has("legal_name", "Customs Co-operation Council", S1)),
    (S1, "headquarters Brussels", lambda: fact_has("headquarters", "Brussels, Belgium", S1)),
    (S1, "Council Chairperson Martyn Dunne", lambda: fact_has("council_chair", "Martyn Dunne", S1)),
    (S1, "Secretary General Kunio Mikuriya",
     lambda: fact_has("secretary_general", "Kunio Mikuriya", S1)),
    (S1, "International Customs Day 26 January",
     lambda: fact_has("international_customs_day", "26 January", S1)),
    (S1, "official languages English and French",
     lambda: fact_has("working_languages", "English and French", S1)),
    (S1, "governing body the Council", lambda: fact_has("governing_body", "Council", S1)),
    (S1, "more than 98% of world trade",
     lambda: fact_has("world_trade_share", "more than 98%", S1)),
    (S1, "three-quarters developing countries",
     lambda: fact_has("developing_members_share", "about three-quarters", S1)),
    (S1, "website", lambda: fact_has("website", "www.wcoomd.org", S1)),
    (S1, "magazine WCO News", lambda: fact_has("magazine", "WCO News", S1)),
    (S1, "address", lambda: fact_has("address", "Rue du Marché 30, 1210 Brussels, Belgium", S1)),
    (S1, "telephone", lambda: fact_has("telephone", "+32 2 209 92 11", S1)),
    (S1, "fax", lambda: fact_has("fax", "+32 2 209 92 62", S1)),
    (S1, "email", lambda: fact_has("email", "communication@wcoomd.org", S1)),
    (S1, "European Communities' interim rights since July 2007",
     lambda: S1 in bundled().dataset("members").by_id()["european-union"]["sources"]
     and event_cites(S1, "European Communities")),
    (S1, "four areas of key activities", lambda: len(goal_set("key-activities-2009", S1)) == 4),
    (S1, "mission",
     lambda: fact_has("mission",
                      "Make Members' Customs administrations more effective and efficient.", S1)),
    # 002: policy-partner profile (2022)
    (S2, "184 Members", lambda: fact_has("members", 184, S2)),
    (S2, "headquartered in Brussels", lambda: fact_has("headquarters", "Brussels, Belgium", S2)),
    (S2, "primary contact Ricardo Treviño Chapa",
     lambda: fact_has("primary_contact", "Ricardo Treviño Chapa", S2)),
    (S2, "about 98% of world trade", lambda: fact_has("world_trade_share", "about 98%", S2)),
    (S2, "established 1952", lambda: fact_has("established", "1952", S2)),
    (S2, "the four Packages", lambda: goal_set("packages", S2) == [
        "Economic Competitiveness Package", "Revenue Package",
        "Compliance and Enforcement Package", "Organizational Development Package"]),
    (S2, "three types of activity", lambda: len(goal_set("activity-types", S2)) == 3),
    (S2, "MoU with the University of Victoria, December 2021",
     lambda: event_cites(S2, "University of Victoria")),
    (S2, "mission", lambda: any(S2 in v["sources"]
                                for v in bundled().dataset("facts").by_id()["mission"]["values"])),
    # 003: machine-translated page (undated)
    (S3, "177 Members", lambda: fact_has("members", 177, S3)),
    (S3, "named WCO in 1994",
     lambda: fact_has("working_name", "World Customs Organization", S3)
     and event_cites(S3, "working name")),
    (S3, "established 1952 as the CCC", lambda: fact_has("established", "1952", S3)),
    (S3, "98% of world trade", lambda: fact_has("world_trade_share", "98%", S3)),
    (S3, "more than 130 staff", lambda: fact_has("staff", "more than 130", S3)),
    (S3, "the Council", lambda: fact_has("governing_body", "Council", S3)),
    (S3, "nine strategic objectives", lambda: len(goal_set("objectives-seed-003", S3)) == 9),
    (S3, "ten pillars of Customs in the 21st century",
     lambda: len(goal_set("pillars-21st-century", S3)) == 10),
    (S3, "four main roles of Customs", lambda: len(goal_set("customs-roles", S3)) == 4),
    (S3, "vision and mission", lambda: any(
        S3 in v["sources"] for v in bundled().dataset("facts").by_id()["vision"]["values"])),
    # 004: 2013 IT Conference brochure
    (S4, "179 Members", lambda: fact_has("members", 179, S4)),
    (S4, "established 1952", lambda: fact_has("established", "1952", S4)),
    (S4, "headquarters Brussels", lambda: fact_has("headquarters", "Brussels, Belgium", S4)),
    (S4, "decision-making body the Council", lambda: fact_has("governing_body", "Council", S4)),
    (S4, "Council Chairperson Josephine Feehily",
     lambda: fact_has("council_chair", "Josephine Feehily", S4)),
    (S4, "Secretary General Kunio Mikuriya",
     lambda: fact_has("secretary_general", "Kunio Mikuriya", S4)),
    (S4, "Deputy Secretary General Sergio Mujica",
     lambda: fact_has("deputy_secretary_general", "Sergio Mujica", S4)),
    (S4, "International Customs Day 26 January",
     lambda: fact_has("international_customs_day", "26 January", S4)),
    (S4, "working languages English and French",
     lambda: fact_has("working_languages", "English and French", S4)),
    (S4, "nine strategic goals", lambda: len(goal_set("strategic-goals-2013", S4)) == 9),
    (S4, "six key activities", lambda: len(goal_set("key-activities-2013", S4)) == 6),
    (S4, "four values", lambda: len(goal_set("values-2013", S4)) == 4),
    (S4, "vision and mission", lambda: any(
        S4 in v["sources"] for v in bundled().dataset("facts").by_id()["vision"]["values"])),
    (S4, "11 RILOs", lambda: fact_has("rilo_count", 11, S4)),
    (S4, "6 ROCBs", lambda: fact_has("rocb_count", 6, S4)),
    (S4, "23 RTCs", lambda: fact_has("rtc_count", 23, S4)),
    (S4, "RILO hosts", lambda: all(office_hosted(c, "rilo", S4) for c in [
        "CM", "CL", "DE", "KE", "KR", "MA", "PL", "RU", "SA", "LC", "SN"])),
    (S4, "ROCB hosts", lambda: all(office_hosted(c, "rocb", S4)
                                   for c in ["AR", "AZ", "CI", "KE", "TH", "AE"])),
    (S4, "RTC hosts", lambda: all(office_hosted(c, "rtc", S4) for c in [
        "CN", "HK", "IN", "JP", "KR", "MY", "KE", "ZA", "ZW", "BF", "CG", "NG", "AZ", "MK", "HU",
        "KZ", "RU", "UA", "BR", "DO", "EG", "LB", "SA"])),
]


@pytest.mark.parametrize("seed, fact, check", SEED_FACTS,
                         ids=[f"{s}: {f}" for s, f, _ in SEED_FACTS])
def test_seed_fact_is_in_the_data(seed, fact, check):
    assert check(), f"{seed} states '{fact}', but the data does not have it attributed to {seed}"


def test_every_seed_is_covered_by_this_list():
    assert {seed for seed, _, _ in SEED_FACTS} == {S0, S1, S2, S3, S4}
