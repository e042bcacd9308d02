"""Commands that agree at every date, and a README that states the data's provenance as it is.

For every year from 1953 to 2026 (as of its last day), and for today's picture:
- the Members `wco members --as-of YEAR` lists are compared with the fact file's Member count
  in force then, and with the "Nth Member" and "Membership stands at N" events of `wco history`;
- the RILOs, ROCBs and RTCs `wco offices --as-of YEAR` lists are compared with the fact file's
  `rilo_count`, `rocb_count` and `rtc_count` in force then.

A list and a count may differ only where the data explains why, and the explanation is shown:
`Members.count_notes(as_of)` / `Offices.count_notes(as_of, type)` give one line per differing
count, which the commands print under the table. The line accounts for the difference with
what the data records: entries dated after the count's date, entries whose start is unknown
(listed but not confirmed), and, for any difference at the count's own date, the count's note
in facts.json, which must exist. Piped (plain) output prints no notes by design (it is for
`cut` and `awk`), so the lines are checked on the API and on the drawn table (FORCE_COLOR=1).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from wco_cli import Database, timeline
from wco_cli.datasets.sources import GRADE_ORDER, THIRD_PARTY

YEARS = [str(year) for year in range(1953, 2027)]
OFFICE_TYPES = ("rilo", "rocb", "rtc")
UNEXPLAINED = "no note in the data explains"
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def db() -> Database:
    return Database()


def counts(rows: list[dict]) -> tuple[int, int]:
    """(confirmed, listed) of a list view's rows."""
    return sum(1 for row in rows if row["confirmed"]), len(rows)


def count_in_force(db: Database, key: str, as_of: str | None) -> dict | None:
    """The fact value in force (one value: sources of one date never disagree on a count)."""
    values = db.facts.rows(key=key, as_of=as_of) if as_of else db.facts.rows(key=key)[-1:]
    assert len(values) <= 1, (key, as_of, values)
    if values and values[0]["derived"]:
        # `facts --as-of` gives the list's count where the list grew since the stated one; the
        # count notes explain the stated count, the newest value of the series by then.
        day = timeline.last_day(as_of)
        stated = [v for v in db.facts.rows(key=key) if db.facts.start(v) <= day]
        newest = max(db.facts.start(v) for v in stated)
        values = [v for v in stated if db.facts.start(v) == newest]
        values.sort(key=lambda v: v["note"] is None)  # merged rows keep the first note
        assert len({v["value"] for v in values}) == 1, values
    return values[0] if values else None


def collapsed(text: str) -> str:
    """TEXT with its whitespace collapsed: a drawn table wraps long notes."""
    return " ".join(text.split())


def check_note(note_lines: list[str], value: dict | None, unit: str, listed: tuple[int, int],
               counted_at: Callable[[str], tuple[int, int]]) -> None:
    """The notes for one count: none where list and count agree, else one line explaining."""
    confirmed, total = listed
    if value is None or value["value"] == confirmed == total:
        assert note_lines == []
        return
    assert len(note_lines) == 1, note_lines
    line = note_lines[0]
    assert f"gives {value['value']} {unit} as of {value['as_of']}" in line
    assert "\n" not in line and UNEXPLAINED not in line
    # A difference at the count's own date is one the count's note in facts.json explains.
    confirmed_then = counted_at(timeline.last_day(value["as_of"]))[0]
    if value["value"] != confirmed_then:
        assert value["note"] and value["note"] in line, (line, value)


# ---- Members -----------------------------------------------------------------------------------

def member_counts(db: Database, as_of: str | None) -> tuple[int, int]:
    return counts(db.members.rows(as_of=as_of))


@pytest.mark.parametrize("year", YEARS)
def test_members_agree_with_the_fact_file_or_a_note_says_why(db, year):
    value = count_in_force(db, "members", year)
    check_note(db.members.count_notes(year), value, "Members", member_counts(db, year),
               lambda day: member_counts(db, day))


def test_members_today_agree_with_the_newest_count(db):
    value = count_in_force(db, "members", None)
    assert member_counts(db, None) == (value["value"], value["value"])
    assert db.members.count_notes() == []


COUNT_IN_TITLE = (r"\b(\d+)(?:st|nd|rd|th) Member\b", r"\bMembership (?:stands at|reaches) (\d+)",
                  r"\b(\d+) (?:founding )?Members\b")


def counted_events(db: Database) -> list[tuple[str, int]]:
    """(date, count) of every history event whose title states the Member count."""
    found = []
    for event in db.history.rows():
        for pattern in COUNT_IN_TITLE:
            match = re.search(pattern, event["title"])
            if match:
                found.append((event["date"], int(match.group(1))))
                break
    return found


def test_history_states_the_member_counts_the_fact_file_gives(db):
    events = counted_events(db)
    assert len(events) >= 15
    for date, count in events:
        assert db.facts.at("members", date) == count, date
        # The list of Members agrees on the event's date, up to Members without a known date
        # (Equatorial Guinea, whose note says so); any other difference is one the count's
        # note in facts.json explains (1997: the list's dates may be dates of signature).
        confirmed, total = member_counts(db, date)
        unsure = [m for m in db.members.rows(as_of=date) if not m["confirmed"]]
        if confirmed <= count <= total:
            assert all(m["note"] for m in unsure[: count - confirmed])
        else:
            assert count_in_force(db, "members", date)["note"], (date, count, confirmed)


@pytest.mark.parametrize("year", YEARS)
def test_history_fact_file_and_members_agree_in_each_year(db, year):
    stated = [count for date, count in counted_events(db) if date[:4] <= year]
    fact = db.facts.at("members", year)
    total = member_counts(db, year)[1]
    if stated:
        # Counts only grow: the newest event's count is at most the count in force and the list.
        assert stated[-1] <= fact <= total


# ---- offices -----------------------------------------------------------------------------------

def office_counts(db: Database, kind: str, as_of: str | None) -> tuple[int, int]:
    return counts(db.offices.rows(type=kind, as_of=as_of))


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("kind", OFFICE_TYPES)
def test_offices_agree_with_the_fact_file_or_a_note_says_why(db, year, kind):
    value = count_in_force(db, f"{kind}_count", year)
    check_note(db.offices.count_notes(year, type=kind), value, f"{kind.upper()}s",
               office_counts(db, kind, year), lambda day: office_counts(db, kind, day))


@pytest.mark.parametrize("kind", OFFICE_TYPES)
def test_offices_today_agree_with_the_newest_count_or_a_note_says_why(db, kind):
    value = count_in_force(db, f"{kind}_count", None)
    check_note(db.offices.count_notes(type=kind), value, f"{kind.upper()}s",
               office_counts(db, kind, None), lambda day: office_counts(db, kind, day))


def test_the_rtc_gap_to_today_is_explained_not_filled(db):
    """No source gives today's RTC total: the newest count stays 29 and the note names the
    centres known since."""
    newest = count_in_force(db, "rtc_count", None)
    assert newest["value"] < office_counts(db, "rtc", None)[1]
    line = " ".join(db.offices.count_notes(type="rtc"))
    assert "RTC Indonesia, RTC Iran, RTC Thailand" in line and "no later total" in line


def test_count_notes_of_all_types_are_those_of_each_type(db):
    for year in ("2010", "2013", None):
        each = [n for kind in OFFICE_TYPES for n in db.offices.count_notes(year, type=kind)]
        assert db.offices.count_notes(year) == each


# ---- the notes are shown -------------------------------------------------------------------------

@pytest.mark.parametrize("year", YEARS)
def test_the_drawn_tables_show_the_notes(wco, db, year):
    for args, notes in ((["members"], db.members.count_notes(year)),
                        (["offices"], db.offices.count_notes(year))):
        result = wco(*args, "--as-of", year, "--limit", "1", env={"FORCE_COLOR": "1"})
        assert result.exit_code == 0
        for note in notes:
            assert collapsed(note) in collapsed(result.stdout), (args, year)


def test_filtered_lists_carry_no_count_notes(wco):
    result = wco("offices", "--as-of", "2010", "--region", "africa", env={"FORCE_COLOR": "1"})
    assert "The fact file gives" not in result.stdout
    result = wco("members", "--as-of", "1960", "--region", "europe", env={"FORCE_COLOR": "1"})
    assert "The fact file gives" not in result.stdout


def test_piped_output_is_only_the_rows(wco):
    result = wco("members", "--as-of", "1960")
    assert "The fact file gives" not in result.stdout


def test_an_unknown_office_type_is_refused_by_count_notes(db):
    from wco_cli import InvalidValue

    with pytest.raises(InvalidValue):
        db.offices.count_notes("2010", type="rilox")


# ---- README: the grades of the sources ----------------------------------------------------------

def grade_table(db: Database) -> list[str]:
    """The README's table: per grade, its sources and the values resting on it at best (each
    record's sources, and each dated value of the fact file, by their best grade)."""
    sources = Counter(source["grade"] for source in db.sources.records)
    resting: Counter[str] = Counter()
    for dataset in db.datasets():
        if dataset.name == "sources":
            continue
        for record in dataset.records:
            cited = [v["sources"] for v in record["values"]] if dataset.name == "facts" \
                else [record["sources"]]
            resting.update(db.sources.best_grade(ids) for ids in cited)
    lines = ["| grade | third party | sources | values resting on it |", "|---|---|---:|---:|"]
    for grade in GRADE_ORDER:
        party = "yes" if grade in THIRD_PARTY else "no"
        lines.append(f"| `{grade}` | {party} | {sources[grade]} | {resting[grade]} |")
    lines.append(f"| all | | {sum(sources.values())} | {sum(resting.values())} |")
    return lines


def test_readme_grade_table_matches_the_data(db):
    text = README.read_text(encoding="utf-8").splitlines()
    start = text.index(grade_table(db)[0]) if grade_table(db)[0] in text else None
    assert start is not None, "README lacks the grade table"
    shown = []
    for line in text[start:]:
        if not line.startswith("|"):
            break
        shown.append(line)
    assert shown == grade_table(db), "update README: \n" + "\n".join(grade_table(db))


def test_third_party_is_derived_from_the_grade(db):
    for source in db.sources.records:
        assert source["third_party"] == (source["grade"] in THIRD_PARTY), source["id"]
