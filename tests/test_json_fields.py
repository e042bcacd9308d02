"""`--json FIELDS` as gh takes it, bare `--json` as before, and one field of one record bare."""

from __future__ import annotations

import pytest


def test_json_with_fields_selects_them_in_order(wco):
    rows = wco("members", "--json", "iso_alpha2,name").json()
    assert len(rows) > 150 and all(list(row) == ["iso_alpha2", "name"] for row in rows)
    assert wco("members", "--json=name", "--limit", "1").json() == [{"name": "Afghanistan"}]


def test_json_fields_equal_fields(wco):
    assert wco("offices", "--json", "id,city").json() == wco(
        "offices", "--json", "--fields", "id,city").json()


def test_json_fields_on_one_record(wco):
    assert wco("members", "kenya", "--json", "name,joined").json() == {
        "name": "Kenya", "joined": "1965-05-24"}
    # Given before the name too.
    assert wco("members", "--json", "name,joined", "kenya").json()["name"] == "Kenya"


@pytest.mark.parametrize("argv, name", [
    (["members", "--json", "kenya"], "Kenya"),
    (["regions", "--json", "esa"], "East and Southern Africa"),
])
def test_a_word_that_is_no_field_stays_the_argument(wco, argv, name):
    assert wco(*argv).json()["name"] == name


def test_bare_json_is_unchanged(wco):
    rows = wco("members", "--json").json()
    assert rows == [__import__("json").loads(line)
                    for line in wco("members", "--jsonl").stdout.splitlines()]
    assert "iso_alpha3" in rows[0] and "sources" in rows[0]


def test_unknown_json_field_is_one_line_naming_the_valid_ones(wco):
    result = wco("members", "--json", "name,isoo")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "--json: unknown field 'isoo'" in result.stderr and "iso_alpha2" in result.stderr


def test_json_fields_and_fields_together_are_refused(wco):
    result = wco("members", "--json", "name", "--fields", "id")
    assert result.exit_code == 2 and "give the fields once" in result.stderr


def test_help_says_json_takes_fields(wco):
    assert "'--json a,b,c' prints only" in " ".join(wco("members", "--help").stdout.split())


def test_one_field_of_a_named_fact_prints_bare_values(wco):
    # `--help`: "one field of one record prints the bare value".
    values = wco("facts", "secretary_general", "--fields", "value").stdout.splitlines()
    assert values[-1] == "Ian Saunders" and "value" not in values
    assert wco("facts", "council_chair", "--as-of", "2017-03", "--fields",
               "value").stdout == "Ruslan Davydov\n"
    # A list of many records keeps its header; so do two fields of one record.
    assert wco("facts", "--fields", "value").stdout.startswith("value\n")
    assert wco("facts", "council_chair", "--fields", "value,as_of").stdout.startswith(
        "value\tas_of\n")
