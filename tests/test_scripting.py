"""The scripting contract: formats, field choice, sorting, JSON Schema, search and completion."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from wco_cli.datasets import NAMES, dataset_class
from wco_cli.schema import views

VIEWS = views()


def list_commands() -> dict[str, list[str]]:
    """Every list view of the registry with the command line that prints it, and search."""
    found = {}
    for name in NAMES:
        kind = dataset_class(name)
        for view in kind.views:
            found[view] = list(kind.command_of(view))
    found["search"] = ["search", "customs"]
    return found


LIST_COMMANDS = list_commands()
DETAIL_COMMANDS = {name: dataset_class(name) for name in NAMES if dataset_class(name).detail_spec}


@pytest.mark.parametrize("name", DETAIL_COMMANDS)
def test_detail_json_validates_against_the_detail_schema(wco, name):
    from wco_cli import bundled

    schema = wco("schema", name, "--detail").json()
    jsonschema.Draft202012Validator.check_schema(schema)
    dataset = bundled().dataset(name)
    examples = [dataset.example] if dataset.example else [r["id"] for r in dataset.records[:5]]
    for example in examples:
        document = wco(name, example, "--json").json()
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("view, argv", LIST_COMMANDS.items())
def test_json_output_validates_against_the_shipped_schema(wco, view, argv):
    schema = wco("schema", view).json()
    jsonschema.Draft202012Validator.check_schema(schema)
    rows = wco(*argv, "--json", input="0901.21\nabc\n").json()
    assert rows
    jsonschema.validate(rows, schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize("view, argv", LIST_COMMANDS.items())
def test_jsonl_is_one_object_per_line_equal_to_json(wco, view, argv):
    as_json = wco(*argv, "--json").json()
    lines = wco(*argv, "--jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json


@pytest.mark.parametrize("view, argv", LIST_COMMANDS.items())
def test_csv_has_a_header_and_one_row_per_record(wco, view, argv):
    text = wco(*argv, "--csv").stdout
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(VIEWS[view])
    assert len(rows) - 1 == len(wco(*argv, "--json").json())


def test_csv_quotes_commas_and_joins_lists(wco):
    text = wco("offices", "--region", "mena", "--type", "rocb", "--csv",
               "--fields", "name,region_name,sources").stdout
    assert text.splitlines()[1] == (
        '"ROCB North of Africa, Near and Middle East","North of Africa, Near and Middle East",'
        'seed-004; w35; w36; w37; w183')


def test_json_is_utf8_not_escaped(wco):
    out = wco("members", "--region", "wca", "--json").stdout
    assert "Côte d'Ivoire" in out and "\\u00f4" not in out


def test_fields_choose_and_order_in_every_format(wco):
    argv = ["offices", "--type", "rocb", "--fields", "country,name"]
    assert list(wco(*argv, "--json").json()[0]) == ["country", "name"]
    assert wco(*argv, "--csv").stdout.splitlines()[0] == "country,name"
    assert wco(*argv).stdout.splitlines()[0] == "country\tname"


def test_unknown_field_exits_2_listing_valid_fields(wco):
    result = wco("offices", "--fields", "name,town")
    assert result.exit_code == 2
    assert ("unknown field 'town'" in result.stderr and "city" in result.stderr
            and result.stdout == "")


def test_sort_and_limit(wco):
    rows = wco("members", "--sort", "joined", "--limit", "3", "--json").json()
    assert [r["name"] for r in rows] == ["Türkiye", "Norway", "Denmark"]
    newest = wco("members", "--sort", "-joined", "--limit", "1", "--json").json()
    assert newest[0]["name"] == "Saint Vincent and the Grenadines"


def test_sort_puts_unknown_values_last(wco):
    rows = wco("offices", "--sort", "city", "--json").json()
    cities = [r["city"] for r in rows]
    first_unknown = cities.index(None)
    assert all(c is None for c in cities[first_unknown:])
    assert cities[:first_unknown] == sorted(cities[:first_unknown], key=str.casefold)


def test_sort_by_unknown_field_exits_2(wco):
    result = wco("history", "--sort", "year")
    assert result.exit_code == 2 and "valid: id, date" in result.stderr


def test_two_formats_at_once_exit_2(wco):
    result = wco("facts", "--json", "--csv")
    assert result.exit_code == 2 and "choose one output format" in result.stderr


def test_limit_zero_gives_an_empty_list(wco):
    assert wco("history", "--limit", "0", "--json").json() == []


def test_schema_of_unknown_command_exits_2(wco):
    result = wco("schema", "ofices")
    assert result.exit_code == 2 and "did you mean 'offices'?" in result.stderr


def test_help_documents_exit_codes(wco):
    out = wco("--help").stdout
    assert ("0 success" in out and "1 a name given as an argument" in out
            and "2 usage error" in out and "74" in out and "70" in out)


# ---- search ------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, kind, first_id", [
    ("cote", "member", "cote-d-ivoire"),
    ("trainng budapest", "event", "2001-first-regional-training-centre-opens"),
    ("trainng hungary", "office", "rtc-hungary"),
    ("rilo tokyo", "office", "rilo-ap"),
    ("Saunders", "event", "2023-ian-saunders-elected-secretary-general"),
    ("revenue package", "goal", "packages/RP"),
    ("university victoria", "event", "2021-wco-signs-memorandum-understanding-university"),
    ("kenya", "member", "kenya"),
    ("MENA", "region", "mena"),
])
def test_search_ranks_the_expected_record_first(wco, query, kind, first_id):
    rows = wco("search", query, "--json").json()
    assert rows, query
    assert (rows[0]["kind"], rows[0]["id"]) == (kind, first_id), rows[:3]


def test_search_forgives_a_typo_in_a_name(wco):
    rows = wco("search", "mikuria", "--json").json()
    assert rows and all("Mikuriya" in r["title"] for r in rows[:4])
    assert any(r["id"] == "secretary_general" for r in rows)


def test_search_requires_every_word(wco):
    rows = wco("search", "kenya", "mombasa", "--json").json()
    assert [r["id"] for r in rows] == ["rtc-kenya"]


def test_search_kind_narrows(wco):
    rows = wco("search", "kenya", "--kind", "office", "--json").json()
    assert rows and {r["kind"] for r in rows} == {"office"}


def test_search_snippet_shows_the_match(wco):
    row = wco("search", "Valparaiso", "--json").json()[0]
    assert "Valparaíso" in row["snippet"]


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
def test_empty_search_is_a_usage_error(wco, query):
    result = wco("search", query)
    assert result.exit_code == 2 and "at least one word" in result.stderr


def test_search_without_match_is_an_empty_success(wco):
    result = wco("search", "zzyzx", "--json")
    assert result.exit_code == 0 and result.json() == []


# ---- completion ----------------------------------------------------------------------------------

def test_completion_functions_offer_data_values():
    from wco_cli.cli import options

    assert "africa" in options.complete_region("af") and "esa" in options.complete_region("e")
    assert options.complete_enum("offices", "type")("R") == ["rilo", "rocb", "rtc"]
    assert "secretary_general" in options.complete(options.ids_of("facts"))("sec")
    assert options.complete(options.ids_of("goals"))("pack") == ["packages"]
    assert "Kenya" in options.complete_member("ken") and "KE" in options.complete_member("KE")
    assert "rilo-ap" in options.complete(options.ids_of("offices"))("rilo-a")


def test_shell_completion_runs_through_the_cli(wco_command):
    import subprocess

    from conftest import subprocess_env

    env = subprocess_env(_WCO_COMPLETE="complete_bash", COMP_WORDS="wco offices --region e",
                         COMP_CWORD="3")
    out = subprocess.run([wco_command], env=env, capture_output=True, text=True, timeout=30).stdout
    assert "esa" in out and "europe" in out
