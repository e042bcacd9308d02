"""Behaviour the dataset model brought to the command line: one way to name one record, bare
values for scripts, --as-of everywhere, the export, and the exit-status rule."""

from __future__ import annotations

import sqlite3

import pytest

from wco_cli.datasets import NAMES


@pytest.mark.parametrize("argv", [
    ["offices", "rilo-esa"], ["offices", "show", "rilo-esa"], ["members", "kenya"],
    ["regions", "esa"], ["sources", "seed-004"],
])
def test_one_record_by_name(wco, argv):
    result = wco(*argv, "--json")
    assert result.exit_code == 0 and isinstance(result.json(), dict)


def test_one_field_of_one_record_is_the_bare_value(wco):
    result = wco("members", "china", "--fields", "joined")
    assert result.exit_code == 0 and result.stdout == "1983-07-18\n"


def test_facts_key_as_of_answers_with_the_value_in_force(wco):
    result = wco("facts", "council_chair", "--as-of", "2013-06", "--fields", "value")
    assert result.stdout == "Josephine Feehily\n"  # one field of one record: the bare value
    assert wco("facts", "deputy_secretary_general", "--as-of", "2009", "--json").json() == []


@pytest.mark.parametrize("argv", [["offices"], ["members"], ["regions"], ["facts"]])
def test_as_of_works_on_every_list_that_changes_over_time(wco, argv):
    assert wco(*argv, "--as-of", "2013", "--json").exit_code == 0
    result = wco(*argv, "--as-of", "2013-13")
    assert result.exit_code == 2 and "'2013-13' is not a date" in result.stderr


def test_dominica_is_not_the_dominican_republic(wco):
    result = wco("members", "dominica")
    assert result.exit_code == 1 and "Dominican" not in result.stdout


def test_option_value_naming_nothing_exits_2_positional_exits_1(wco):
    assert wco("members", "Taiwan").exit_code == 1
    result = wco("offices", "--serving", "Taiwan")
    assert result.exit_code == 2 and result.stderr.startswith("wco: --serving: ")


def test_contradictory_options_are_refused(wco):
    assert wco("members", "kenya", "--region", "wca").exit_code == 2
    assert wco("goals", "--set", "packages", "--list-sets").exit_code == 2


def test_european_union_only_with_with_eu(wco):
    ids = {row["id"] for row in wco("members", "--kind", "customs_union", "--json").json()}
    assert "european-union" not in ids
    ids = {row["id"] for row in wco("members", "--with-eu", "--json").json()}
    assert "european-union" in ids


def test_schema_covers_detail_views(wco):
    listed = wco("schema", "--list", "--detail").stdout.split()
    assert {"offices", "members", "regions", "sources"} <= set(listed)


def test_export_sqlite_has_every_dataset_with_foreign_keys(wco, tmp_path):
    target = tmp_path / "wco.db"
    result = wco("export", "--sqlite", str(target))
    assert result.exit_code == 0
    connection = sqlite3.connect(target)
    from wco_cli import bundled

    # Each record once: in its dataset's table, or, for the fact file and the goals, whose
    # tables list today's values and every item, in fact_series and goal_sets.
    for name in NAMES:
        table = {"facts": "fact_series", "goals": "goal_sets"}.get(name, name)
        count = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        assert count == len(bundled().load(name))
    members = wco("members", "--with-eu", "--json").json()
    assert connection.execute("SELECT count(*) FROM members").fetchone()[0] == len(members)
    joined = connection.execute(
        "SELECT m.name, r.short_name FROM members m JOIN regions r ON m.region = r.id "
        "WHERE m.id = 'kenya'").fetchone()
    assert joined == ("Kenya", "ESA")
    cited = connection.execute(
        "SELECT count(*) FROM members_sources ms JOIN sources s ON ms.source_id = s.id").fetchone()
    assert cited[0] >= len(members)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    offices = wco("offices", "--json").json()
    assert connection.execute("SELECT count(*) FROM offices").fetchone()[0] == len(offices)


@pytest.mark.parametrize("args, command", [
    (["offices", "--region"], "wco offices"),
    (["members", "kenya", "--fields"], "wco members"),
    (["hs", "0901", "--to"], "wco hs"),
    (["--data-dir", "somewhere", "facts", "--as-of"], "wco facts"),
])
def test_a_missing_option_value_points_to_the_commands_own_help(wco, args, command):
    result = wco(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{command}: ")
    assert result.stderr.rstrip().endswith(f"(see '{command} --help')")


def test_a_host_with_an_unknown_start_does_not_reach_back_before_the_host_listed_before(wco):
    """ROCB Americas: Buenos Aires from 2007, Montevideo from 2017, then Brazil (undated)."""
    def city_in(year: str) -> str:
        rows = wco("offices", "--type", "rocb", "--as-of", year, "--json").json()
        return next(row["country"] for row in rows if row["id"] == "rocb-americas")

    assert city_in("2010") == "Argentina"
    assert city_in("2016") == "Argentina"


def test_offices_are_listed_by_region_type_and_name(wco):
    rows = wco("offices", "--json").json()
    regions = [row["id"] for row in wco("regions", "--json").json()]
    key = [(regions.index(r["region"]), ["rilo", "rocb", "rtc"].index(r["type"]),
            r["name"].casefold()) for r in rows]
    assert key == sorted(key)
    assert "--type" in wco("offices", "--help").stdout and "sorted by region" in \
        " ".join(wco("offices", "--help").stdout.split())
