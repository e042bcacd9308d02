"""Members and regions: "which WCO offices serve my country?" (issue 3)."""

from __future__ import annotations

import pytest

from wco_cli import bundled


def test_members_lists_every_counted_member(wco):
    rows = wco("members", "--json").json()
    assert len(rows) == 187
    assert "european-union" not in {r["id"] for r in rows}


def test_with_eu_adds_the_european_union(wco):
    rows = wco("members", "--with-eu", "--json").json()
    assert len(rows) == 188
    eu = next(r for r in rows if r["id"] == "european-union")
    assert (eu["counted"], eu["kind"]) == (False, "customs_union")


def test_region_filter_and_counts_reconcile_with_facts(wco):
    total = 0
    for region in ("esa", "europe", "ap", "mena", "americas", "wca"):
        rows = wco("members", "--region", region, "--json").json()
        assert {r["region"] for r in rows} == {region}
        total += len(rows)
    facts = {r["id"]: r for r in wco("facts", "--json").json()}
    assert total == facts["members"]["value"] == 187


def test_regions_counts_add_up(wco):
    rows = wco("regions", "--json").json()
    assert sum(r["members"] for r in rows) == 187
    assert (sum(r["rilos"] for r in rows) == 12 and sum(r["rocbs"] for r in rows) == 6
            and sum(r["rtcs"] for r in rows) == 32)
    assert {r["id"]: r["members"] for r in rows}["ap"] == 35


@pytest.mark.parametrize("name, expected", [
    ("kenya", "kenya"), ("KE", "kenya"), ("KEN", "kenya"),
    ("Côte d'Ivoire", "cote-d-ivoire"), ("Cote d'Ivoire", "cote-d-ivoire"),
    ("Ivory Coast", "cote-d-ivoire"), ("CIV", "cote-d-ivoire"),
    ("Korea", "korea-republic-of"), ("Republic of Korea", "korea-republic-of"),
    ("South Korea", "korea-republic-of"),
    ("Türkiye", "turkiye"), ("Turkey", "turkiye"), ("turkiye", "turkiye"),
    ("Swaziland", "eswatini"), ("Macedonia", "north-macedonia"), ("UK", "united-kingdom"),
    ("Russia", "russian-federation"),
    ("Hong Kong", "hong-kong-china"), ("Macau", "macao-china"), ("XK", "kosovo"),
    ("EU", "european-union"),
])
def test_member_lookup_accepts_common_forms_and_says_what_it_matched(wco, name, expected):
    result = wco("members", name, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["id"] == expected


def test_member_detail_lists_region_and_the_offices_serving_it(wco):
    record = wco("members", "kenya", "--json").json()
    assert (record["name"], record["iso_alpha3"], record["region_name"], record["joined"]) == (
        "Kenya", "KEN", "East and Southern Africa", "1965-05-24")
    offices = {o["id"] for o in record["offices"]}
    assert {"rilo-esa", "rocb-esa", "rtc-kenya", "rtc-mauritius"} <= offices
    assert {o["type"] for o in record["offices"]} == {"rilo", "rocb", "rtc"}
    assert (record["sources"][0]["id"] == "g01"
            and record["sources"][0]["location"].startswith("https://"))


def test_member_detail_as_text(wco):
    out = wco("members", "Ivory Coast").stdout
    assert "name\tCôte d'Ivoire" in out and "ROCB West and Central Africa" in out


def test_unknown_member_exits_1_with_closest_names(wco):
    result = wco("members", "Keyna")
    assert result.exit_code == 1
    assert result.stderr == "wco: no WCO Member matches 'Keyna'; did you mean 'Kenya'?\n"


def test_ambiguous_member_exits_2_listing_candidates(wco):
    result = wco("members", "congo")
    assert result.exit_code == 2
    assert "matches 2 WCO Members" in result.stderr
    assert ("Congo, Democratic Republic of the" in result.stderr
            and "Congo, Republic of the" in result.stderr)


def test_joined_before_and_since(wco):
    early = wco("members", "--joined-before", "1954", "--json").json()
    assert len(early) == 17 and all(r["founding_member"] for r in early)
    # four founders joined in January 1953, just before the first session
    assert len(wco("members", "--joined-before", "1953", "--json").json()) == 13
    late = wco("members", "--joined-since", "2023", "--json").json()
    assert [r["name"] for r in sorted(late, key=lambda r: r["joined"])] == [
        "Solomon Islands", "Palau", "Saint Vincent and the Grenadines"]


def test_member_whose_date_is_a_range_passes_a_year_filter_only_wholly(wco):
    """Equatorial Guinea joined some day from 2020-12 to 2022-06: surely in 2020 or later and
    before 2023, but not surely in 2021 or later, nor before 2022."""
    def names(*args: str) -> set[str]:
        return {r["name"] for r in wco("members", *args, "--json").json()}

    assert "Equatorial Guinea" in names("--joined-since", "2020")
    assert "Equatorial Guinea" in names("--joined-before", "2023")
    assert "Equatorial Guinea" not in names("--joined-since", "2021")
    assert "Equatorial Guinea" not in names("--joined-before", "2022")


def test_kind_filter(wco):
    rows = wco("members", "--kind", "customs_territory", "--json").json()
    assert {r["name"] for r in rows} == {
        "Hong Kong, China", "Macao, China", "Bermuda", "Netherlands Antilles"}


def test_members_table_columns(wco):
    lines = wco("members", "--region", "esa").stdout.splitlines()
    assert lines[0] == "id\tname\tiso_alpha2\tregion_short\tjoined"
    assert "kenya\tKenya\tKE\tESA\t1965-05-24" in lines


def test_region_detail_lists_members_and_offices(wco):
    record = wco("regions", "wca", "--json").json()
    assert record["members"] == len(record["member_list"]) == 24
    assert {o["id"] for o in record["offices"]} >= {
        "rocb-wca", "rilo-central-africa", "rtc-nigeria"}


def test_region_detail_by_alias(wco):
    assert wco("regions", "Asia/Pacific", "--json").json()["id"] == "ap"


def test_unknown_region_id_exits_1(wco):
    result = wco("regions", "antarctica")
    assert result.exit_code == 1 and "valid: esa, europe" in result.stderr


def test_sources_list_citing_records(wco):
    rows = {r["id"]: r for r in wco("sources", "--json").json()}
    assert rows["seed-004"]["location"] == "004_0296a61808b31b3b.txt"
    assert "offices:rilo-ap" in rows["seed-004"]["cited_by"]
    assert "members:kenya" in rows["g01"]["cited_by"]
    assert rows["g01"]["citations"] == len(rows["g01"]["cited_by"]) > 180
    seeds = wco("sources", "--kind", "seed", "--json").json()
    assert len(seeds) == 5


def test_member_count_per_region_matches_data_directly():
    counted = [m for m in bundled().load("members") if m["counted"]]
    assert len(counted) == 187
