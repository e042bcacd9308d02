"""The fact file's counts agree with the lists at every month-end from 1953-01 to 2026-12.

For `members` and each office count a list derives (RILOs, ROCBs, RTCs: total, Asia/Pacific,
Europe), the value `db.facts` gives as of a month-end lies within [confirmed, confirmed +
uncertain] of the list on that day, or carries a `list_note` saying how they differ. Between
two stated counts, where the list has grown since the last one, the value is the list's,
marked `derived`, with the source's count in `stated_value`.
"""

from __future__ import annotations

import pytest

from wco_cli import Database, timeline
from wco_cli.datasets.facts import LIST_COUNTS

MONTH_ENDS = [timeline.last_day(f"{year}-{month:02d}")
              for year in range(1953, 2027) for month in range(1, 13)]


@pytest.fixture(scope="module")
def db() -> Database:
    return Database()


def listed(db: Database, key: str, day: str) -> tuple[int, int]:
    """(confirmed, uncertain) of the list that derives fact KEY, as `rows()` lists it."""
    dataset, filters, _ = LIST_COUNTS[key]
    rows = getattr(db, dataset).rows(as_of=day, **filters)
    confirmed = sum(1 for row in rows if row["status"] == timeline.IN_FORCE)
    return confirmed, len(rows) - confirmed


@pytest.mark.parametrize("key", sorted(LIST_COUNTS))
def test_each_count_agrees_with_its_list_or_says_why(db, key):
    assert db.facts.lookup(key)  # every key the table names is a fact of the data
    for day in MONTH_ENDS:
        confirmed, uncertain = listed(db, key, day)
        for row in db.facts.rows(key=key, as_of=day):
            assert (row["list_confirmed"], row["list_uncertain"]) == (confirmed, uncertain)
            if not confirmed <= row["value"] <= confirmed + uncertain:
                assert row["list_note"] and not row["derived"], (key, day, row)
                assert f"{confirmed} " in row["list_note"], row["list_note"]
            if row["derived"]:
                assert row["value"] == confirmed and row["list_note"].startswith("Derived")
                assert isinstance(row["stated_value"], int) and row["as_of"] == day
            assert db.facts.at(key, day) == row["value"]  # the API's answer is the row's


def test_the_series_holds_only_stated_values(db):
    rows = db.facts.rows(key="members")
    assert rows and not any(row["derived"] for row in rows)
    assert all(row["list_note"] is None for row in rows)


def test_members_as_of_2010_is_derived_and_counts_guinea_bissau(wco):
    row, = wco("facts", "members", "--as-of", "2010", "--json").json()
    assert (row["value"], row["derived"], row["stated_value"]) == (177, True, 176)
    assert "Guinea-Bissau (2010-08-19)" in row["list_note"]
    table = wco("facts", "members", "--as-of", "2010", env={"FORCE_COLOR": "1"}).stdout
    assert "[derived]" in table and "Guinea-Bissau" in table


@pytest.mark.parametrize("as_of, stated, confirmed, named", [
    ("1997-09", 144, 146, "Bolivia (1997-08-14)"),
    ("2003", 161, 162, "Timor-Leste (2003-09-19)"),
    ("2004-07", 162, 163, "Dominican Republic (2004-07-28)"),
    ("2008-07", 173, 174, "Bosnia and Herzegovina (2008-07-04)"),
])
def test_a_stated_count_that_lags_is_kept_with_a_note(wco, as_of, stated, confirmed, named):
    row, = wco("facts", "members", "--as-of", as_of, "--json").json()
    assert (row["value"], row["derived"], row["list_confirmed"]) == (stated, False, confirmed)
    assert f"{confirmed - stated} more than this count" in row["list_note"]
    assert named in row["list_note"]
    table = " ".join(wco("facts", "members", "--as-of", as_of,
                         env={"FORCE_COLOR": "1"}).stdout.split())
    assert named in table and "[derived]" not in table


def test_rtc_count_agrees_with_the_rtc_list(wco):
    row, = wco("facts", "rtc_count", "--as-of", "2010-10", "--json").json()
    offices = wco("offices", "--type", "rtc", "--as-of", "2010-10", "--json").json()
    confirmed = sum(1 for office in offices if office["status"] == "in_force")
    assert (row["list_confirmed"], row["list_uncertain"]) == (confirmed, len(offices) - confirmed)
    assert confirmed <= row["value"] <= len(offices) and row["list_note"] is None


def test_the_whole_file_as_of_a_date_carries_the_notes(wco):
    rows = {row["id"]: row for row in wco("facts", "--as-of", "2010", "--json").json()}
    assert rows["members"]["derived"] and rows["members"]["value"] == 177
    assert not rows["secretary_general"]["derived"]
    assert rows["secretary_general"]["list_confirmed"] is None
