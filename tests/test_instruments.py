"""`wco instruments`: the catalogue, one instrument, as-of views, derived parties, search,
charts."""

from __future__ import annotations

import pytest

from wco_cli import bundled

FACTBOOK_SECTION_8 = {"ccc-convention", "nomenclature-1950", "valuation-1950", "hs-convention",
                      "kyoto-1973", "rkc", "ata", "istanbul", "nairobi", "johannesburg", "safe",
                      "data-model", "arusha"}


def test_every_instrument_of_the_factbook_is_in_the_catalogue(wco):
    rows = wco("instruments", "--json").json()
    assert {row["id"] for row in rows} >= FACTBOOK_SECTION_8
    for row in rows:
        assert row["sources"] and row["purpose"]


def test_revised_kyoto_in_force_and_its_parties(wco):
    rkc = wco("instruments", "rkc", "--json").json()
    assert rkc["in_force"] == "2006-02-03"
    counts = [c["count"] for c in rkc["party_counts"]]
    assert counts == sorted(counts) and rkc["parties"] == counts[-1]
    assert all(c["sources"] for c in rkc["party_counts"])


def test_johannesburg_is_not_in_force(wco):
    row = wco("instruments", "johannesburg", "--json").json()
    assert row["in_force_status"] == "not_in_force" and row["in_force"] is None


def test_as_of_leaves_out_instruments_not_yet_adopted_and_dates_counts(wco):
    ids = {row["id"] for row in wco("instruments", "--as-of", "1990", "--json").json()}
    assert "hs-convention" in ids and "rkc" not in ids and "safe" not in ids
    hs = next(r for r in wco("instruments", "--as-of", "2013-06", "--json").json()
              if r["id"] == "hs-convention")
    assert hs["parties"] == 147 and hs["parties_as_of"] <= "2013-06-30"


def test_ccc_convention_parties_are_member_states_not_customs_territories(wco):
    row = wco("instruments", "ccc-convention", "--json").json()
    states = [m for m in wco("members", "--json").json() if m["kind"] == "state"]
    assert row["parties"] == len(states) < len(wco("members", "--json").json())
    assert "not Contracting Parties" in row["parties_note"]
    assert row["see_also"] == "wco members"
    assert wco("instruments", "hs-convention", "--json").json()["see_also"] == "wco hs"


def test_consolidated_conventions_point_to_istanbul():
    consolidated = [r for r in bundled().instruments.rows() if r["consolidated_into"]]
    assert consolidated and {r["consolidated_into"] for r in consolidated} == {"istanbul"}


@pytest.mark.parametrize("words, expected", [
    ("kyoto", {"rkc", "kyoto-1973"}), ("ATA carnet", {"ata"}), ("SAFE", {"safe"}),
    ("data model", {"data-model"}), ("valuation", {"valuation", "valuation-1950"}),
    ("rules of origin", {"rules-of-origin"}), ("istanbul", {"istanbul"}),
])
def test_search_finds_instruments(wco, words, expected):
    rows = wco("search", *words.split(), "--kind", "instrument", "--json").json()
    assert expected <= {row["id"] for row in rows}
    top = wco("search", *words.split(), "--json").json()[:3]
    assert "instrument" in {row["kind"] for row in top}


def test_chart_prints_the_series_when_piped(wco):
    rows = wco("instruments", "rkc", "--chart", "--json").json()
    assert rows and set(rows[0]) == {"as_of", "value", "sources"}
    members = wco("facts", "members", "--chart", "--json").json()
    assert [r["value"] for r in members][-1] == 187
    assert wco("facts", "secretary_general", "--chart").exit_code == 2


def test_chart_draws_bars_on_a_terminal(wco):
    result = wco("facts", "members", "--chart", env={"FORCE_COLOR": "1", "COLUMNS": "80"})
    assert "█" in result.stdout and "187" in result.stdout


def test_international_customs_day_themes_are_graded_facts():
    themes = bundled().facts.series("international_customs_day_theme")
    assert len(themes) >= 19
    grades = {bundled().sources.best_grade(row["sources"]) for row in themes}
    assert "wco" in grades and grades - {"wco"}
