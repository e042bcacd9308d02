"""The Python API: Database, the dataset vocabulary (get / lookup / rows / at / detail), search,
the errors, copies that cannot change the cache, and the one lookup and date rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from conftest import subprocess_env

import wco_cli
from wco_cli import Ambiguous, Database, InvalidValue, NotFound, WcoError
from wco_cli.datasets import NAMES, dataset_class
from wco_cli.store import bundled_dir


@pytest.fixture(scope="module")
def db() -> Database:
    return Database()


def test_import_loads_no_data_no_rich_no_typer():
    probe = ("import sys, wco_cli; "
             "print([m for m in sys.modules if m.split('.')[0] in ('rich', 'typer', 'click')]); "
             "print([m for m in sys.modules if m.startswith('wco_cli.datasets.')])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         env=subprocess_env(), timeout=60).stdout.splitlines()
    assert out == ["[]", "[]"]


def test_module_level_datasets_use_the_bundled_data():
    assert wco_cli.members.lookup("Ivory Coast")["name"] == "Côte d'Ivoire"
    assert wco_cli.bundled().path == bundled_dir()
    assert "members" in dir(wco_cli)


# ---- get / lookup: the one lookup rule ---------------------------------------------------------

def test_get_takes_an_exact_id_or_code_and_returns_none_otherwise(db):
    assert db.members.get("KE")["name"] == "Kenya"
    assert db.members.get("ken")["id"] == "kenya"
    assert db.members.get("Kenya") is not None  # the id, case ignored
    assert db.members.get("Keny") is None
    assert db.offices.get("rilo-ap")["type"] == "rilo"
    assert db.regions.get("nowhere") is None


@pytest.mark.parametrize("query, expected", [
    ("Ivory Coast", "Côte d'Ivoire"), ("cote d'ivoire", "Côte d'Ivoire"), ("KEN", "Kenya"),
    ("bosnia", "Bosnia and Herzegovina"), ("guinea", "Guinea"), ("sudan", "Sudan"),
    ("Kyrgyz Republic", "Kyrgyzstan"), ("Slovak Republic", "Slovakia"),
    ("Iran, Islamic Republic of", "Iran"), ("Türkiye", "Türkiye"),
])
def test_lookup_finds_names_aliases_and_codes(db, query, expected):
    assert db.members.lookup(query)["name"] == expected


@pytest.mark.parametrize("query", ["dominica", "EL", "niger republic", "Taiwan"])
def test_lookup_never_matches_part_of_a_word_or_guesses(db, query):
    with pytest.raises(NotFound):
        db.members.lookup(query)


def test_a_close_spelling_is_only_a_suggestion(db):
    with pytest.raises(NotFound) as caught:
        db.members.lookup("Kenia")
    assert caught.value.suggestion == "Kenya" and "did you mean 'Kenya'" in str(caught.value)


@pytest.mark.parametrize("query", ["Taiwan", "North Korea", "Faroe"])
def test_far_names_get_no_suggestion(db, query):
    with pytest.raises(NotFound) as caught:
        db.members.lookup(query)
    assert caught.value.suggestion is None


def test_ambiguous_lookup_carries_the_candidates(db):
    with pytest.raises(Ambiguous) as caught:
        db.members.lookup("congo")
    assert len(caught.value.candidates) == 2
    assert {c["id"] for c in caught.value.candidates} == {
        "congo-democratic-republic-of-the", "congo-republic-of-the"}


@pytest.mark.parametrize("words, region", [
    ("south america", "americas"), ("west africa", "wca"), ("middle east", "mena"),
    ("A/P", "ap"), ("esa", "esa"),
])
def test_region_words_select_the_region_whose_name_has_them(db, words, region):
    assert {row["region"] for row in db.offices.rows(region=words)} == {region}


@pytest.mark.parametrize("name", [n for n in NAMES])
def test_every_dataset_looks_up_its_first_record_by_id(db, name):
    first = db.dataset(name).records[0]
    assert db.dataset(name).lookup(first["id"])["id"] == first["id"]
    with pytest.raises(NotFound):
        db.dataset(name).lookup("zzzz qqqq")


# ---- rows: equal to the CLI's --json -----------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_rows_equal_the_commands_json(db, wco, name):
    assert db.dataset(name).rows() == wco(name, "--json").json()


def test_rows_with_filters_equal_the_commands_json(db, wco):
    api = db.offices.rows(region="africa", as_of="2013")
    assert api == wco("offices", "--region", "africa", "--as-of", "2013", "--json").json()
    assert db.members.rows(region="esa", joined_since=2000) == wco(
        "members", "--region", "esa", "--joined-since", "2000", "--json").json()


@pytest.mark.parametrize("name", [n for n in NAMES if dataset_class(n).detail_spec])
def test_detail_equals_the_commands_json(db, wco, name):
    first = db.dataset(name).example_name()
    assert db.dataset(name).detail(first) == wco(name, first, "--json").json()


def test_records_handed_out_cannot_change_the_cache(db):
    kenya = db.members.lookup("kenya")
    kenya["name"] = "changed"
    kenya["sources"].append("x")
    rows = db.offices.rows()
    rows[0]["hosts"][0]["country"] = "changed"
    for record in db.members:
        record["aliases"].append("changed")
    assert db.members.lookup("kenya")["name"] == "Kenya"
    assert db.members.lookup("kenya")["sources"] == ["g01"]
    assert db.offices.rows()[0]["hosts"][0]["country"] != "changed"
    assert "changed" not in db.members.lookup("kenya")["aliases"]


def test_two_databases_side_by_side(tmp_path):
    shutil.copytree(bundled_dir(), tmp_path / "data")
    members = json.loads((tmp_path / "data" / "members.json").read_text(encoding="utf-8"))
    for member in members:
        if member["id"] == "kenya":
            member["name"] = "Kenya (copy)"
    (tmp_path / "data" / "members.json").write_text(json.dumps(members), encoding="utf-8")
    mine, bundled = Database(tmp_path / "data"), Database()
    assert mine.members.get("KE")["name"] == "Kenya (copy)"
    assert bundled.members.get("KE")["name"] == "Kenya"
    assert len(mine.members) == len(bundled.members)


# ---- time done once ----------------------------------------------------------------------------

@pytest.mark.parametrize("date, chair", [
    ("2009-12", "Martyn Dunne"), ("2013", "Josephine Feehily"), ("2024-06", "Edward Kieswetter"),
])
def test_at_gives_the_value_in_force(db, date, chair):
    assert db.facts.at("council_chair", date) == chair


def test_a_period_that_ended_is_not_the_answer(db):
    assert db.facts.at("deputy_secretary_general", "2008-06") == "Kunio Mikuriya"
    assert db.facts.at("deputy_secretary_general", "2009") is None
    rows = db.facts.rows(as_of="2009")
    assert "deputy_secretary_general" not in {row["id"] for row in rows}


def test_before_any_value_at_is_none(db):
    assert db.facts.at("members", "1900") is None


@pytest.mark.parametrize("bad", ["2013-13", "2013-02-30", "２０１３", "13", "2013-1", "",
                                 "soon", "1899", "2013-06-31"])
def test_one_date_parser_refuses_what_is_not_a_date(db, bad):
    with pytest.raises(InvalidValue) as caught:
        db.offices.rows(as_of=bad)
    assert caught.value.field == "as_of"


def test_leap_day_is_a_date(db):
    assert db.offices.rows(as_of="2012-02-29")


def test_offices_whose_start_is_unknown_are_shown_unconfirmed_not_absent(db):
    rows = db.offices.rows(as_of="2010-10", type="rtc")
    confirmed = [row for row in rows if row["confirmed"]]
    unconfirmed = [row for row in rows if not row["confirmed"]]
    assert unconfirmed and all(row["unconfirmed_reason"] for row in unconfirmed)
    assert len(confirmed) < len(rows)
    assert not db.offices.rows(as_of="1990", type="rtc")  # before the first RTC: none


def test_members_as_of_a_date_are_those_that_had_joined(db):
    before = db.members.rows(as_of="2000")
    assert all(row["joined"] is None or row["joined"] <= "2000-12-31" for row in before)
    assert len(before) < len(db.members.rows())
    assert "solomon-islands" not in {row["id"] for row in db.members.rows(as_of="2022")}


def test_regions_as_of_count_what_the_lists_show(db):
    regions = {row["id"]: row for row in db.regions.rows(as_of="2013")}
    offices = db.offices.rows(as_of="2013")
    members = db.members.rows(as_of="2013")
    for region_id, row in regions.items():
        assert row["rtcs"] == sum(1 for o in offices if o["region"] == region_id
                                  and o["type"] == "rtc")
        assert row["members"] == sum(1 for m in members if m["region"] == region_id)


# ---- search -------------------------------------------------------------------------------------

def test_search_ranks_as_the_command_does(db, wco):
    assert db.search("training hungary") == wco("search", "training", "hungary", "--json").json()
    assert db.search("training hungary")[0]["id"] == "rtc-hungary"
    assert wco_cli.search("MENA")[0]["id"] == "mena"


# ---- errors speak in fields, not flags ----------------------------------------------------------

@pytest.mark.parametrize("call, field", [
    (lambda db: db.members.rows(kind="stat"), "kind"),
    (lambda db: db.offices.rows(type="rilos"), "type"),
    (lambda db: db.offices.rows(region="afrika"), "region"),
    (lambda db: db.offices.rows(serving="Taiwan"), "serving"),
    (lambda db: db.members.rows(joined_before=3000), "joined_before"),
    (lambda db: db.goals.rows(set="nothing"), "set"),
    (lambda db: db.sources.rows(kind="paper"), "kind"),
    (lambda db: db.history.rows(since=2000, until=1990), "since"),
])
def test_invalid_values_name_the_field_never_a_flag(db, call, field):
    with pytest.raises(InvalidValue) as caught:
        call(db)
    assert caught.value.field == field
    assert "--" not in str(caught.value)
    assert isinstance(caught.value, WcoError) and isinstance(caught.value, ValueError)


def test_invalid_value_carries_valid_values_and_suggestion(db):
    with pytest.raises(InvalidValue) as caught:
        db.members.rows(kind="stat")
    assert caught.value.valid == ("state", "customs_territory", "customs_union")
    assert caught.value.suggestion == "state"


def test_choices_ignore_case(db):
    assert db.offices.rows(type="RILO") == db.offices.rows(type="rilo")


def test_unknown_filter_is_refused(db):
    with pytest.raises(InvalidValue):
        db.members.rows(colour="blue")


def test_unknown_dataset_is_an_attribute_error():
    with pytest.raises(AttributeError):
        Database().nothing  # noqa: B018
