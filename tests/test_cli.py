"""Every command, filter and error path, driven through the CLI as a user would."""

from __future__ import annotations

import pytest

from wco_cli import __version__


def test_version_names_package_version_and_data_review_date(wco):
    result = wco("--version")
    assert result.exit_code == 0
    assert result.stdout == f"wco {__version__} (data reviewed 2026-11-23)\n"


def test_no_arguments_shows_help(wco):
    result = wco()
    assert result.exit_code == 0
    assert "offices" in result.stdout and "Exit status" in result.stdout


# ---- offices -----------------------------------------------------------------------------------

def test_region_africa_selects_the_three_african_regions(wco):
    rows = wco("offices", "--region", "africa", "--json").json()
    assert {row["region"] for row in rows} == {"esa", "wca", "mena"}
    assert len(rows) == 21
    assert {"Nairobi", "Abidjan", "Douala", "Abu Dhabi"} <= {row["city"] for row in rows}


@pytest.mark.parametrize("value, expected", [
    ("ESA", {"esa"}), ("esa", {"esa"}), ("A/P", {"ap"}), ("asia pacific", {"ap"}),
    ("MENA", {"mena"}), ("wca", {"wca"}), ("AOC", {"wca"}), ("East and Southern Africa", {"esa"}),
    ("caribbean", {"americas"}),
    ("europe", {"europe"}), ("america", {"americas"}), ("Asia", {"ap"}),
])
def test_region_matches_ids_names_aliases_and_words(wco, value, expected):
    rows = wco("offices", "--region", value, "--json").json()
    assert {row["region"] for row in rows} == expected


def test_offices_table_when_piped_is_plain_tab_separated(wco):
    result = wco("offices", "--region", "esa")
    lines = result.stdout.splitlines()
    assert lines[0] == "id\ttype\tname\tcity\tcountry\tregion_short"
    assert "rocb-esa\trocb\tROCB East and Southern Africa\tNairobi\tKenya\tESA" in lines
    assert "\x1b[" not in result.stdout


def test_default_view_is_todays_hosts(wco):
    rows = {r["id"]: r for r in wco("offices", "--type", "rilo", "--json").json()}
    assert len(rows) == 12
    assert (rows["rilo-ap"]["country"], rows["rilo-ap"]["city"]) == ("Japan", "Tokyo")
    assert rows["rilo-esa"]["country"] == "Zimbabwe"
    assert "rilo-central-america" in rows


def test_as_of_2013_gives_the_2013_picture(wco):
    rows = {r["id"]: r
            for r in wco("offices", "--type", "rilo", "--as-of", "2013", "--json").json()}
    assert len(rows) == 11
    assert rows["rilo-ap"]["country"] == "Korea, Republic of"
    assert rows["rilo-esa"]["country"] == "Kenya"
    assert "rilo-central-america" not in rows


def test_as_of_follows_a_city_move(wco):
    def ukraine(year):
        return wco("offices", "--country", "UA", "--as-of", year, "--json").json()[0]["city"]
    assert (ukraine("2012"), ukraine("2020")) == ("Dnipropetrovsk", "Khmelnytskyi")


@pytest.mark.parametrize("country", ["Kenya", "KE", "ke", "KEN"])
def test_country_takes_a_name_or_iso_code(wco, country):
    rows = wco("offices", "--country", country, "--json").json()
    assert {r["id"] for r in rows} == {"rocb-esa", "rtc-kenya"}


def test_country_accepts_common_names(wco):
    rows = wco("offices", "--country", "South Korea", "--json").json()
    assert {r["id"] for r in rows} == {"rtc-korea"}
    assert ({r["id"] for r in wco("offices", "--country", "ivory coast", "--json").json()}
            == {"rocb-wca"})


def test_country_without_offices_is_an_empty_success(wco):
    result = wco("offices", "--country", "France", "--json")
    assert result.exit_code == 0 and result.json() == []


def test_type_filter(wco):
    rows = wco("offices", "--type", "rocb", "--json").json()
    assert len(rows) == 6 and {r["type"] for r in rows} == {"rocb"}


def test_filters_combine(wco):
    rows = wco("offices", "--region", "europe", "--type", "rilo", "--json").json()
    assert {r["country"] for r in rows} == {"Germany", "Poland", "Russian Federation"}


def test_serving_lists_the_offices_of_a_members_region(wco):
    rows = wco("offices", "--serving", "KE", "--json").json()
    assert {r["region"] for r in rows} == {"esa"}
    assert {r["type"] for r in rows} == {"rilo", "rocb", "rtc"}


def test_show_gives_one_office_in_full(wco):
    result = wco("offices", "show", "rilo-ap", "--json")
    record = result.json()
    assert result.exit_code == 0
    assert [h["country"] for h in record["hosts"]] == [
        "Hong Kong, China", "Japan", "China", "Korea, Republic of", "Japan"]
    assert record["region_name"].startswith("Far East")
    assert {s["id"] for s in record["sources"]} >= {"w03", "w04"}


def test_show_as_text_lists_hosts_and_sources(wco):
    out = wco("offices", "show", "rilo-esa").stdout
    assert "name\tRILO Eastern and Southern Africa" in out
    assert "hosts" in out and "Zimbabwe Revenue Authority" in out and "seed-004" in out


def test_show_unknown_id_exits_1_with_suggestion(wco):
    result = wco("offices", "show", "rilo-apx")
    assert result.exit_code == 1
    assert result.stderr == "wco: no office matches 'rilo-apx'; did you mean 'rilo-ap'?\n"
    assert result.stdout == ""


def test_unknown_region_exits_2_with_valid_values_and_suggestion(wco):
    result = wco("offices", "--region", "afrika")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "'afrika'" in result.stderr and "esa, europe, ap, mena, americas, wca" in result.stderr
    assert "did you mean 'africa'?" in result.stderr


def test_unknown_type_exits_2(wco):
    result = wco("offices", "--type", "rtcs")
    assert result.exit_code == 2 and "did you mean 'rtc'?" in result.stderr


def test_unknown_option_exits_2_in_one_line(wco):
    result = wco("offices", "--regoin", "esa")
    assert result.exit_code == 2
    assert (result.stderr.startswith("wco offices: No such option: --regoin")
            and result.stderr.count("\n") == 1)


def test_bad_as_of_exits_2(wco):
    result = wco("offices", "--as-of", "last year")
    assert result.exit_code == 2 and "YYYY" in result.stderr


# ---- facts ---------------------------------------------------------------------------------------

def test_facts_latest_values_with_dates_and_sources(wco):
    rows = {r["id"]: r for r in wco("facts", "--json").json()}
    assert (rows["members"]["value"], rows["members"]["as_of"], rows["members"]["sources"]) == (
        187, "2025-09-17", ["w76"])
    assert rows["secretary_general"]["value"] == "Ian Saunders"
    assert rows["headquarters"]["value"] == "Brussels, Belgium"


def test_facts_as_of_2009_is_the_2009_fact_file(wco):
    rows = {r["id"]: r for r in wco("facts", "--as-of", "2009", "--json").json()}
    assert rows["members"]["value"] == 176
    assert rows["council_chair"]["value"] == "Martyn Dunne"
    assert rows["secretary_general"]["value"] == "Kunio Mikuriya"
    assert "strategic_plan" not in rows


def test_fact_key_shows_every_value_in_date_order(wco):
    rows = wco("facts", "members", "--json").json()
    values = [r["value"] for r in rows]
    assert values[0] == 17 and values[-1] == 187
    assert [r["as_of"] for r in rows] == sorted(r["as_of"] for r in rows)
    assert {(r["value"], tuple(r["sources"])) for r in rows} >= {
        (176, ("seed-001",)), (177, ("seed-003",)), (179, ("seed-004",))}


def test_fact_key_accepts_its_label(wco):
    assert wco("facts", "Secretary General", "--json").json()[-1]["value"] == "Ian Saunders"


def test_unknown_fact_exits_1_with_suggestion(wco):
    result = wco("facts", "secretary_generl")
    assert result.exit_code == 1 and "did you mean 'secretary_general'?" in result.stderr


def test_facts_table_shows_date_and_source(wco):
    lines = wco("facts").stdout.splitlines()
    assert lines[0] == "label\tvalue\tas_of\tsources"
    assert "Number of Members\t187\t2025-09-17\tw76" in lines


# ---- goals ---------------------------------------------------------------------------------------

def test_goals_default_lists_every_set(wco):
    rows = wco("goals", "--json").json()
    assert {r["set"] for r in rows} >= {"strategic-goals-2013", "objectives-seed-003",
                                        "core-functions", "packages", "pillars-21st-century"}


def test_goals_set_by_id_or_name(wco):
    by_id = wco("goals", "--set", "strategic-goals-2013", "--json").json()
    by_name = wco("goals", "--set", "strategic goals (2013)", "--json").json()
    assert by_id == by_name and len(by_id) == 9
    assert by_id[5]["title"] == "Revenue Collection" and by_id[0]["sources"] == ["seed-004"]


def test_goals_list_sets(wco):
    rows = wco("goals", "--list-sets", "--json").json()
    assert ({"id": "packages", "items": 4} .items()
            <= next(r for r in rows if r["id"] == "packages").items())


def test_unknown_goal_set_exits_2(wco):
    result = wco("goals", "--set", "pakages")
    assert result.exit_code == 2 and "did you mean 'packages'?" in result.stderr


# ---- history -------------------------------------------------------------------------------------

def test_history_in_date_order_with_precision(wco):
    rows = wco("history", "--json").json()
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert rows[0]["date"] == "1947" and rows[0]["precision"] == "year"


def test_history_since_and_until_are_inclusive(wco):
    rows = wco("history", "--since", "1990", "--until", "1994", "--json").json()
    assert {r["date"][:4] for r in rows} == {"1990", "1991", "1992", "1993", "1994"}


def test_history_grep_ignores_case_and_accents(wco):
    rows = wco("history", "--grep", "VALPARAISO", "--json").json()
    assert [r["id"] for r in rows] == ["1995-south-american-rilo-starts-working"]


def test_history_grep_without_match_is_an_empty_success(wco):
    result = wco("history", "--grep", "zeppelin", "--json")
    assert result.exit_code == 0 and result.json() == []


def test_history_since_after_until_exits_2(wco):
    result = wco("history", "--since", "2000", "--until", "1990")
    assert result.exit_code == 2 and "--since: 2000 is after the 'until' year 1990" in result.stderr


def test_history_non_numeric_year_exits_2(wco):
    result = wco("history", "--since", "nineteen")
    assert result.exit_code == 2 and "'nineteen'" in result.stderr


@pytest.mark.parametrize("args, name", [
    (["members", "south", "korea"], "south korea"),
    (["members", "--region", "esa", "south", "africa"], "south africa"),
    (["offices", "--region", "africa", "rilo", "esa", "x"], None),
])
def test_an_unquoted_name_of_several_words_gets_a_hint(wco, args, name):
    result = wco(*args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    if name:
        assert f"a name of several words needs quotes: '{name}'" in result.stderr
    else:
        assert "needs quotes" not in result.stderr


def test_a_quoted_name_of_several_words_is_found(wco):
    assert wco("members", "south korea", "--json").json()["iso_alpha2"] == "KR"


def test_a_mistyped_option_is_answered_with_the_options_meant(wco):
    """Typer 0.26.7 and older printed the suggestion as a Python tuple, `('(Possible options:
    --region)',)`; the floor in pyproject.toml is the first release that does not."""
    result = wco("members", "--regio", "x")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("wco members: No such option: --regio (Possible options: --region) "
                             "(see 'wco members --help')\n")
