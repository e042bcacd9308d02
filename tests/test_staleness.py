"""Staleness said out loud (issue 21, part 5): a series' newest value older than its expected
change allows, judged at the data's review date (meta.json `data_reviewed`), is flagged
`stale` in --json, noted under tables, and listed by `wco validate`."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

from wco_cli import timeline
from wco_cli.store import bundled_dir

TERMINAL = {"FORCE_COLOR": "1", "COLUMNS": "120", "NO_COLOR": "1", "TERM": "xterm"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BUNDLED_REVIEW = json.loads((bundled_dir() / "meta.json").read_text())["data_reviewed"]


def rkc_confirmed() -> str:
    """The date of the RKC's newest count of parties in the bundled data."""
    rkc = run("instruments", "rkc", "--json").json()
    return max((c["as_of"] for c in rkc["party_counts"]), key=timeline.last_day)


def months_after(day: str, months: int) -> str:
    year, month = divmod(int(day[:4]) * 12 + int(day[5:7]) - 1 + months, 12)
    return f"{year:04d}-{month + 1:02d}-{min(int(day[8:10]), 28):02d}"


@pytest.fixture(scope="module")
def reviewed_on(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """A copy of the bundled data whose `data_reviewed` is the given day (one copy per day)."""
    made: dict[str, Path] = {}

    def make(day: str) -> Path:
        if day not in made:
            target = tmp_path_factory.mktemp("reviewed") / "data"
            shutil.copytree(bundled_dir(), target)
            meta = json.loads((target / "meta.json").read_text(encoding="utf-8"))
            meta["data_reviewed"] = day
            (target / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
            made[day] = target
        return made[day]

    return make


def stale_rows(*args: str) -> dict[str, bool]:
    return {row["id"]: row["stale"] for row in run(*args, "--json").json()}


# ---- the bundled data --------------------------------------------------------------------------

def test_every_series_declares_how_often_it_changes():
    for name in ("facts", "instruments"):
        records = json.loads((bundled_dir() / f"{name}.json").read_text(encoding="utf-8"))
        undeclared = [r["id"] for r in records if r.get("expected_change") is None]
        assert not undeclared, f"{name} without expected_change: {undeclared}"


def test_a_yearly_count_older_than_18_months_is_stale_in_json_and_noted_in_the_table():
    confirmed = rkc_confirmed()
    assert timeline.last_day(confirmed) < timeline.months_before(BUNDLED_REVIEW, 18)
    rkc = next(r for r in run("instruments", "--json").json() if r["id"] == "rkc")
    assert rkc["expected_change"] == "yearly"
    assert rkc["stale"] is True
    assert f"last confirmed {confirmed}; newer values likely" in rkc["stale_note"]
    assert run("instruments", "rkc", "--json").json()["stale"] is True
    text = ANSI.sub("", run("instruments", "--kind", "protocol", env=TERMINAL).stdout)
    note = re.search(r"^\[(\d+)\] Stale: last confirmed " + re.escape(confirmed)
                     + "; newer values likely", text, flags=re.MULTILINE)
    assert note, text
    number = note.group(1)
    assert re.search(rf"rkc\s(\[\d+\]\s)*\[{number}\]", text)


def test_a_stale_fact_is_flagged_on_its_newest_value_only():
    values = run("facts", "staff", "--json").json()
    newest = max((v["as_of"] for v in values), key=timeline.last_day)
    assert [v["stale"] for v in values] == [v["as_of"] == newest for v in values]
    assert stale_rows("facts")["staff"] is True
    text = ANSI.sub("", run("facts", "staff", env=TERMINAL).stdout)
    assert f"Stale: last confirmed {newest}; newer values likely" in text


def test_only_todays_answer_is_flagged():
    newest = max((v["as_of"] for v in run("facts", "staff", "--json").json()),
                 key=timeline.last_day)
    before = str(int(newest[:4]) - 1)
    assert [r["stale"] for r in run("facts", "staff", "--as-of", before, "--json").json()] \
        in ([], [False])
    assert run("facts", "staff", "--as-of", BUNDLED_REVIEW, "--json").json()[0]["stale"]
    # An older count of an instrument shown for an earlier day is that day's answer, not stale.
    old = stale_rows("instruments", "--as-of", "2015")
    assert old["rkc"] is False
    assert stale_rows("instruments", "--as-of", BUNDLED_REVIEW)["rkc"] is True


def test_a_count_derived_from_its_list_is_not_stale():
    rows = run("facts", "rtc_count", "--as-of", BUNDLED_REVIEW, "--json").json()
    assert rows and all(not row["stale"] for row in rows if row["derived"])


def test_a_fresh_series_is_not_stale():
    facts = stale_rows("facts")
    assert facts["members"] is False  # yearly, counted within the last 18 months
    assert all(row["stale_note"] is None for row in run("facts", "members", "--json").json())


def test_never_is_never_stale(reviewed_on):
    assert not timeline.is_stale("1900", "never", "2100-12-31")
    late = reviewed_on("2100-12-31")
    facts = stale_rows("--data-dir", str(late), "facts")
    declared = {r["id"]: r["expected_change"]
                for r in json.loads((late / "facts.json").read_text(encoding="utf-8"))}
    assert declared["headquarters"] == declared["established"] == "never"
    assert {key for key, stale in facts.items() if not stale} == {
        key for key, expected in declared.items() if expected == "never"}


def test_validate_lists_stale_series_and_exits_0():
    result = run("validate")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert ": valid (" in lines[0]
    assert f"stale: rkc parties (last confirmed {rkc_confirmed()}, expected yearly)" in lines
    assert any(line.startswith("stale: fact staff (last confirmed ") for line in lines)
    assert not any("fact members " in line or "headquarters" in line for line in lines)
    assert all(line.startswith("stale: ") for line in lines[1:])


def test_the_review_date_decides(reviewed_on):
    confirmed = rkc_confirmed()
    # 17 months after the newest count the RKC is fresh; 19 months after, stale.
    fresh, late = reviewed_on(months_after(confirmed, 17)), reviewed_on(months_after(confirmed, 19))
    assert stale_rows("--data-dir", str(fresh), "instruments")["rkc"] is False
    assert stale_rows("--data-dir", str(late), "instruments")["rkc"] is True
    fresh_check = run("--data-dir", str(fresh), "validate")
    assert fresh_check.exit_code == 0
    assert "stale: rkc parties" not in fresh_check.stdout
    assert "stale: rkc parties" in run("--data-dir", str(late), "validate").stdout
    # --version names the review date the verdicts are judged on.
    assert months_after(confirmed, 17) in run("--data-dir", str(fresh), "--version").stdout


def test_months_before_keeps_the_day_or_the_months_last():
    assert timeline.months_before("2026-11-23", 18) == "2025-05-23"
    assert timeline.months_before("2026-08-31", 6) == "2026-02-28"
    assert timeline.months_before("2024-03-31", 1) == "2024-02-29"
