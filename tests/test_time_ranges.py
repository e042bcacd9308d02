"""Dates known only as ranges, and as-of in three values (in force, not in force, uncertain).

- A date in the data may be a range in EDTF level-1 interval notation (`2020-12/2022-06`, with
  `..` for an open side); timeline.py parses and checks it, and nothing else is accepted.
- `timeline.status` is the one rule, checked here at the first and last day of a range.
- The answers the data must give (Equatorial Guinea, RTC Indonesia, the MENA RTCs), through the
  command line and the Python API alike.
- A month-end sweep from 1953-01 to 2026-12: no Member or office is listed before its earliest
  possible start, and a row is confirmed only where its start is certain.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wco_cli
from wco_cli import Database, timeline
from wco_cli.errors import DataError, InvalidValue
from wco_cli.fields import DATE_PATTERN
from wco_cli.store import bundled_dir

IN, OUT, UNSURE = timeline.IN_FORCE, timeline.NOT_IN_FORCE, timeline.UNCERTAIN
LATE_RTCS = {"rtc-indonesia", "rtc-thailand", "rtc-jordan", "rtc-kuwait", "rtc-tunisia"}


@pytest.fixture(scope="module")
def db() -> Database:
    return wco_cli.bundled()


# ---- parsing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, earliest, latest", [
    ("2020-12/2022-06", "2020-12-01", "2022-06-30"),
    ("../2019-06", None, "2019-06-30"),
    ("2017-07/..", "2017-07-01", None),
    ("2012-03-27/2019", "2012-03-27", "2019-12-31"),
    ("2012-02/2012-02", "2012-02-01", "2012-02-29"),
    ("1952", "1952-01-01", "1952-12-31"),
])
def test_a_range_parses_to_its_bounds(text, earliest, latest):
    assert timeline.data_date_problem(text) is None
    assert timeline.bounds(text) == (earliest, latest)
    assert re.match(DATE_PATTERN, text)


@pytest.mark.parametrize("text", [
    "../..", "2022/2020", "2020-12/2020-11-30", "2020-13/2021", "2020/2021-02-30", "2020/",
    "/2020", "2020//2021", "2020/2021/2022", "1850/..", "../2999", "2020 / 2021", "2020/..x",
    "...", "2020-1/2021",
])
def test_a_malformed_range_is_refused(text):
    assert timeline.data_date_problem(text)


def test_the_schema_pattern_takes_what_the_parser_takes():
    assert not re.match(DATE_PATTERN, "../..")
    for text in ("2020", "2020-06-30", "2020-12/2022-06", "../2019-06", "2017-07/.."):
        assert re.match(DATE_PATTERN, text), text


def test_an_as_of_date_stays_exact(wco, db):
    with pytest.raises(InvalidValue):
        db.members.rows(as_of="2020-12/2022-06")
    result = wco("members", "--as-of", "2020/2021")
    assert result.exit_code == 2 and "is not a date" in result.stderr


SIDE = st.one_of(
    st.just(".."),
    st.builds(lambda y, m, d, size: f"{y:04d}-{m:02d}-{d:02d}"[:size],
              st.integers(1800, 2200), st.integers(0, 13), st.integers(0, 32),
              st.sampled_from([4, 7, 10])),
    st.text(alphabet="0123456789-./ ", max_size=12),
)
RANGE_TEXT = st.one_of(st.builds(lambda a, b: f"{a}/{b}", SIDE, SIDE),
                       st.text(alphabet="0123456789-./", max_size=25))


@settings(max_examples=300, deadline=None)
@given(RANGE_TEXT)
def test_any_range_parses_ordered_or_is_refused_as_invalid(text):
    """Parsed: its bounds are in order and the rule answers on any day. Refused: a problem
    for data (DataError through a data directory) and InvalidValue for --as-of."""
    problem = timeline.data_date_problem(text)
    if problem is None:
        earliest, latest = timeline.bounds(text)
        assert earliest is None or latest is None or earliest <= latest
        assert earliest is not None or latest is not None
        for day in ("1900-01-01", earliest, latest, "2100-12-31"):
            if day:
                assert timeline.status(text, None, day) in (IN, OUT, UNSURE)
                assert timeline.status("1950", text, day) in (IN, OUT, UNSURE)
    else:
        assert isinstance(problem, str) and problem
    with pytest.raises(InvalidValue):
        timeline.parse_date(text if "/" in text else text + "/")


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("ranges") / "data"
    shutil.copytree(bundled_dir(), target, ignore=shutil.ignore_patterns("hs", "search_index*"))
    return target


@settings(max_examples=40, deadline=None)
@given(RANGE_TEXT)
def test_a_data_directory_takes_a_valid_range_and_refuses_the_rest(data_copy, text):
    members = json.loads((bundled_dir() / "members.json").read_text(encoding="utf-8"))
    for member in members:
        if member["id"] == "equatorial-guinea":
            member["joined"] = text
    (data_copy / "members.json").write_text(json.dumps(members), encoding="utf-8")
    try:
        rows = Database(data_copy).members.rows(as_of="2021-06")
    except DataError as error:
        assert timeline.data_date_problem(text) is not None
        assert "joined" in str(error)
        return
    assert timeline.data_date_problem(text) is None
    for row in rows:
        earliest, latest = row["joined_earliest"], row["joined_latest"]
        assert earliest is None or latest is None or earliest <= latest


# ---- the rule ----------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, day, expected", [
    # a range start: out before its first day, uncertain from it, in force from its last day
    ("2020-12/2022-06", None, "2020-11-30", OUT),
    ("2020-12/2022-06", None, "2020-12-01", UNSURE),
    ("2020-12/2022-06", None, "2022-06-29", UNSURE),
    ("2020-12/2022-06", None, "2022-06-30", IN),
    # a range end: in force to its first day, uncertain after it, out after its last day
    ("1990", "2020/2021-06", "2020-01-01", IN),
    ("1990", "2020/2021-06", "2020-01-02", UNSURE),
    ("1990", "2020/2021-06", "2021-06-30", UNSURE),
    ("1990", "2020/2021-06", "2021-07-01", OUT),
    # open sides
    ("2017-07/..", None, "2017-06-30", OUT),
    ("2017-07/..", None, "2030-01-01", UNSURE),
    ("../2019-06", None, "1900-01-01", UNSURE),
    ("../2019-06", None, "2019-06-30", IN),
    ("1990", "../2019", "1991-01-01", UNSURE),
    ("1990", "../2019", "2020-01-01", OUT),
    # exact dates as before: a start from its first day, an end to its last day
    ("2013", "2019-08", "2013-01-01", IN),
    ("2013", "2019-08", "2012-12-31", OUT),
    ("2013", "2019-08", "2019-08-31", IN),
    ("2013", "2019-08", "2019-09-01", OUT),
])
def test_the_rule_at_the_bounds(start, end, day, expected):
    assert timeline.status(start, end, day) == expected


def test_a_start_with_no_lower_bound_is_uncertain_from_the_floor_to_its_attestation():
    assert timeline.status(None, None, "2000-12-31", floor="2001-06-01") == OUT
    assert timeline.status(None, None, "2001-06-01", floor="2001-06-01") == UNSURE
    kwargs = {"floor": "2001-06-01", "known_by": "2013-01-01"}
    assert timeline.status(None, None, "2012-12-31", **kwargs) == UNSURE
    assert timeline.status(None, None, "2013-01-01", **kwargs) == IN
    assert timeline.status("../2013", None, "2000-12-31", floor="2001-06-01") == OUT
    # a known start is not capped by an attestation: a source may name an office before it opens
    assert timeline.status("2021-01-29/2022-11", None, "2021-06-30", known_by="2021-01-29") \
        == UNSURE


# ---- the answers the data gives ----------------------------------------------------------------

def names(rows: list[dict]) -> list[str]:
    return [row["name"] for row in rows]


def test_the_founders_are_17_without_equatorial_guinea(wco, db):
    rows = wco("members", "--as-of", "1953-01-26", "--json").json()
    assert len(rows) == 17 and "Equatorial Guinea" not in names(rows)
    assert all(row["status"] == IN for row in rows)
    assert rows == db.members.rows(as_of="1953-01-26")


def test_equatorial_guinea_is_uncertain_inside_its_range_and_said_so(wco, db):
    rows = wco("members", "--as-of", "2021-06", "--json").json()
    assert rows == db.members.rows(as_of="2021-06")
    last = rows[-1]
    assert (last["name"], last["status"], last["confirmed"]) == (
        "Equatorial Guinea", UNSURE, False)
    assert (last["joined"], last["joined_earliest"], last["joined_latest"]) == (
        "2020-12/2022-06", "2020-12-01", "2022-06-30")
    assert all(row["status"] == IN for row in rows[:-1])
    table = wco("members", "--as-of", "2021-06", env={"FORCE_COLOR": "1", "COLUMNS": "160"})
    text = " ".join(table.stdout.split())
    assert f"[?] {len(rows) - 1} Members confirmed, 1 uncertain on 2021-06: Equatorial Guinea" \
        in text
    assert re.search(r"equatorial-guinea(\s\[\d+\])?\s\[\?\]", table.stdout)


def test_equatorial_guinea_is_confirmed_after_its_range(wco, db):
    rows = wco("members", "--as-of", "2023", "--json").json()
    guinea = [row for row in rows if row["name"] == "Equatorial Guinea"]
    assert [row["status"] for row in guinea] == [IN]
    assert all(row["status"] == IN for row in rows)
    assert rows == db.members.rows(as_of=2023)


def test_today_uncertain_rows_are_those_uncertain_today(db, monkeypatch):
    assert all(row["status"] == IN for row in db.members.rows())
    monkeypatch.setattr(timeline, "today", lambda: "2021-06-15")
    fresh = Database()
    assert [row["name"] for row in fresh.members.rows() if row["status"] == UNSURE] == [
        "Equatorial Guinea"]


def test_rtc_indonesia_is_absent_before_2021(wco, db):
    for as_of in ("2010", "2019-12", "2020-12-31", "2021-01-28"):
        ids = {row["id"] for row in db.offices.rows(as_of=as_of)}
        assert "rtc-indonesia" not in ids, as_of
    rows = wco("offices", "--as-of", "2021-06", "--type", "rtc", "--json").json()
    assert {row["id"]: row["status"] for row in rows}["rtc-indonesia"] == UNSURE
    assert {row["id"]: row["status"] for row in db.offices.rows(as_of="2023")}[
        "rtc-indonesia"] == IN


def test_late_rtcs_are_not_confirmed_in_2010(wco, db):
    rows = wco("offices", "--type", "rtc", "--as-of", "2010", "--json").json()
    assert rows == db.offices.rows(type="rtc", as_of="2010")
    assert not LATE_RTCS & {row["id"] for row in rows}
    # Uncertain rows follow the confirmed ones, each with its reason.
    statuses = [row["status"] for row in rows]
    assert statuses == sorted(statuses, key=lambda s: s != IN)
    assert all(row["unconfirmed_reason"] for row in rows if row["status"] == UNSURE)


def test_mena_rtcs_are_uncertain_between_march_2012_and_2019(db):
    def status(as_of: str) -> dict[str, str]:
        return {row["id"]: row["status"] for row in db.offices.rows(as_of=as_of, region="mena")}

    assert "rtc-jordan" not in status("2012-03-26")
    assert status("2012-03-27")["rtc-jordan"] == UNSURE
    assert status("2019-12-30")["rtc-kuwait"] == UNSURE
    assert status("2019-12-31")["rtc-tunisia"] == IN
    reason = next(row for row in db.offices.rows(as_of="2015", region="mena")
                  if row["id"] == "rtc-jordan")["unconfirmed_reason"]
    assert "2012-03-27/2019" in reason
    assert "w208" in db.offices.get("rtc-jordan")["sources"]


def test_every_range_in_the_data_is_explained_by_a_note(db):
    for member in db.members.records:
        if member["joined"] and timeline.is_range(member["joined"]):
            assert "range" in (member["note"] or ""), member["id"]
    for office in db.offices.records:
        if office["established"] and timeline.is_range(office["established"]):
            assert "range" in (office["note"] or ""), office["id"]


def test_an_instrument_with_no_adoption_date_is_uncertain_not_always(wco, db):
    rows = wco("instruments", "--as-of", "1960", "--json").json()
    assert rows == db.instruments.rows(as_of="1960")
    unsure = {row["id"] for row in rows if row["status"] == UNSURE}
    assert unsure and all(db.instruments.get(i)["adopted"] is None for i in unsure)
    assert not db.instruments.rows(as_of="1949")  # before the first adoption the data knows


# ---- the sweep ---------------------------------------------------------------------------------

MONTH_ENDS = [timeline.last_day(f"{year}-{month:02d}")
              for year in range(1953, 2027) for month in range(1, 13)]


def test_month_end_sweep_lists_nothing_before_its_earliest_possible_start(db):
    joined = {m["id"]: m["joined"] for m in db.members.records}
    first = min(timeline.bounds(date)[0] for date in joined.values() if date)
    for day in MONTH_ENDS:
        for row in db.members.rows(as_of=day):
            earliest = row["joined_earliest"] or first
            assert earliest <= day, (day, row["id"])
            # Confirmed only where the start is certain: an exact date's first day, a range's
            # last day.
            certain = timeline.certain_from(joined[row["id"]]) if joined[row["id"]] else None
            assert (row["status"] == IN) == (certain is not None and certain <= day), \
                (day, row["id"])


def test_month_end_sweep_of_offices(db):
    for day in MONTH_ENDS[::3]:
        for row in db.offices.rows(as_of=day):
            assert row["established_earliest"] is None or row["established_earliest"] <= day
            if row["status"] == IN and row["established"]:
                assert timeline.certain_from(row["established"]) <= day, (day, row["id"])
