"""The bundled data is the product: its shape, ids, references, dates and counts."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from wco_cli import bundled
from wco_cli.datasets import NAMES as RECORDS
from wco_cli.datasets import dataset_class
from wco_cli.store import bundled_dir


def test_every_file_passes_the_same_validation_users_data_gets():
    counts, problems = bundled().validate()
    assert problems == []
    assert counts == {"sources": 347, "regions": 6, "offices": 50, "facts": 47, "goals": 17,
                      "history": 343, "instruments": 25, "members": 188,
                      "council": 50}


@pytest.mark.parametrize("name", list(RECORDS))
def test_ids_are_unique(name):
    ids = [record["id"] for record in bundled().load(name)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", [n for n in RECORDS if n != "facts"
                                  and "sources" in dataset_class(n).record_spec])
def test_every_record_has_sources(name):
    for record in bundled().load(name):
        if name == "sources":
            continue
        assert record["sources"], record["id"]


def test_every_fact_value_has_sources_and_a_date():
    for fact in bundled().load("facts"):
        for value in fact["values"]:
            assert value["sources"] and value["as_of"], fact["id"]


def test_every_source_is_cited_by_some_record():
    cited = bundled().citations()
    uncited = [s["id"] for s in bundled().load("sources") if s["id"] not in cited]
    assert uncited == []


def test_every_seed_document_is_a_source_by_file_name():
    seeds = {s["location"] for s in bundled().load("sources") if s["kind"] == "seed"}
    assert seeds == {"000_c46a2775f8ca68c8.txt", "001_06d6e5062b1af550.txt",
                     "002_cc82c5e3bc36e80a.txt", "003_512fad4fca379a09.txt",
                     "004_0296a61808b31b3b.txt"}


def test_web_sources_are_addresses():
    for source in bundled().load("sources"):
        if source["kind"] == "web":
            assert source["location"].startswith(("http://", "https://")), source["id"]


def test_no_text_field_is_blank_anywhere():
    def walk(value, where):
        if isinstance(value, str):
            assert value.strip() == value and value, where
        elif isinstance(value, list):
            for item in value:
                walk(item, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")

    for name in RECORDS:
        walk(bundled().load(name), name)


def test_office_counts_of_2013_match_the_2013_brochure():
    rows = bundled().offices.rows(as_of="2013-06")
    confirmed = [row for row in rows if row["confirmed"]]
    assert Counter(row["type"] for row in confirmed) == {"rilo": 11, "rocb": 6, "rtc": 23}


def test_office_counts_today():
    assert (Counter(o["type"] for o in bundled().load("offices"))
            == {"rilo": 12, "rocb": 6, "rtc": 32})


def test_rilo_asia_pacific_keeps_every_host_in_order():
    office = bundled().dataset("offices").by_id()["rilo-ap"]
    hosts = [(h["country_code"], h["from"], h["until"]) for h in office["hosts"]]
    assert hosts == [("HK", "1987", "1998"), ("JP", "1999", "2003"), ("CN", "2004", "2011"),
                     ("KR", "2012", "2023-12"), ("JP", "2024-01", None)]


def test_host_periods_do_not_run_backwards():
    for office in bundled().load("offices"):
        for host in office["hosts"]:
            if host["from"] and host["until"]:
                assert host["from"] <= host["until"], office["id"]


def test_members_per_region_add_up_to_the_latest_member_count():
    members = [m for m in bundled().load("members") if m["counted"]]
    facts = bundled().dataset("facts").by_id()
    latest = max(facts["members"]["values"], key=lambda v: v["as_of"])
    per_region = Counter(m["region"] for m in members)
    assert sum(per_region.values()) == latest["value"] == 187
    assert per_region == {"europe": 52, "ap": 35, "americas": 34, "esa": 24, "wca": 24, "mena": 18}
    assert bundled().meta()["members_as_of"] == latest["as_of"]


def test_member_list_of_september_2017_matches_the_count_then():
    members = [m for m in bundled().load("members")
               if m["counted"] and m["joined"] and m["joined"] <= "2017-09-30"]
    values = {v["as_of"]: v["value"]
              for v in bundled().dataset("facts").by_id()["members"]["values"]}
    assert len(members) == values["2017-09"] == 182


def test_seventeen_founders_all_european():
    founders = [m for m in bundled().load("members") if m["founding_member"]]
    assert len(founders) == 17
    assert {m["region"] for m in founders} == {"europe"}


def test_european_union_is_listed_but_not_counted():
    eu = bundled().dataset("members").by_id()["european-union"]
    assert (eu["counted"], eu["kind"], eu["joined"]) == (False, "customs_union", "2007-07-01")


def test_iso_codes_are_unique_among_members():
    codes = [m["iso_alpha2"] for m in bundled().load("members") if m["iso_alpha2"]]
    assert len(codes) == len(set(codes))


def test_history_has_thirty_dated_events_from_1947_to_today():
    events = bundled().load("history")
    assert len(events) >= 30
    dates = sorted(event["date"] for event in events)
    assert dates[0] == "1947" and dates[-1] >= "2025"
    for event in events:
        assert {4: "year", 7: "month", 10: "day"}[len(event["date"])] == event["precision"]


def test_conflicting_values_are_kept_not_overwritten():
    members = {v["value"] for v in bundled().dataset("facts").by_id()["members"]["values"]}
    assert {176, 177, 179, 184, 187} <= members
    chairs = {v["value"] for v in bundled().dataset("facts").by_id()["council_chair"]["values"]}
    assert {"Martyn Dunne", "Josephine Feehily"} <= chairs


def test_data_files_are_utf8_json_with_real_characters(tmp_path):
    text = (bundled_dir() / "members.json").read_text(encoding="utf-8")
    assert "Côte d'Ivoire" in text and "\\u00f4" not in text
    json.loads(text)
