"""Issue 21: two periods the data now keeps as ranges, checked through the command line.

- Deputy Secretary General Sergio Mujica: started in 2010 (range 2010/2010), left between May
  and July 2017 (range 2017-05/2017-07); the fact file names him only inside his latest possible
  term, and no one for 2017-09 (his successor started in January 2018).
- ROCB Americas and Caribbean: Montevideo from February 2017, still attested on 2019-06-18;
  Brazil from a range that opens the day after (2019-06-19/..).
"""

from __future__ import annotations

import pytest
from conftest import run


def deputy_on(day: str) -> list[str]:
    result = run("facts", "deputy_secretary_general", "--as-of", day, "--json")
    assert result.exit_code == 0, result.stderr
    return [row["value"] for row in result.json()]


def rocb_americas_host(*as_of: str) -> tuple[str | None, str]:
    result = run("offices", "--type", "rocb", "--region", "americas", *as_of, "--json")
    assert result.exit_code == 0, result.stderr
    row = next(row for row in result.json() if row["id"] == "rocb-americas")
    return row["city"], row["country"]


def test_no_deputy_is_named_for_september_2017():
    """Mujica left by July 2017 and Treviño began in January 2018: nothing is known between."""
    assert deputy_on("2017-09") == []
    assert "Sergio Mujica" not in run("facts", "deputy_secretary_general",
                                      "--as-of", "2017-09").stdout


@pytest.mark.parametrize("day", ["2012", "2016"])
def test_mujica_is_deputy_inside_his_term(day):
    assert deputy_on(day) == ["Sergio Mujica"]


def test_mujica_is_not_named_outside_his_latest_possible_term():
    # Before his start's range has ended he is not certainly in office: not named.
    assert deputy_on("2010-06") == []
    assert deputy_on("2017-07-31") == ["Sergio Mujica"]  # the latest day he can have left
    assert deputy_on("2017-08-01") == []
    assert deputy_on("2018") == ["Ricardo Treviño Chapa"]


def test_mujicas_term_is_kept_as_ranges_with_a_source():
    rows = run("facts", "deputy_secretary_general", "--json").json()
    mujica = [row for row in rows if row["value"] == "Sergio Mujica"]
    assert mujica and all(row["from"] == "2010/2010" and row["until"] == "2017-05/2017-07"
                          and "w209" in row["sources"] and row["note"] for row in mujica)
    assert "gesda.global" in run("sources", "w209", "--json").stdout


def test_rocb_americas_is_in_montevideo_in_2018():
    assert rocb_americas_host("--as-of", "2018") == ("Montevideo", "Uruguay")
    assert rocb_americas_host("--as-of", "2019-06-18") == ("Montevideo", "Uruguay")


def test_rocb_americas_is_in_brazil_today_from_a_range():
    assert rocb_americas_host()[1] == "Brazil"
    assert rocb_americas_host("--as-of", "2019-06-19")[1] == "Brazil"
    row = next(row for row in run("offices", "--type", "rocb", "--json").json()
               if row["id"] == "rocb-americas")
    assert row["host_from"] == "2019-06-19/.."
    assert (row["host_from_earliest"], row["host_from_latest"]) == ("2019-06-19", None)
