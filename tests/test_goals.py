"""Goal sets: the machine-translation note, `--set latest`, and the help texts this issue fixed
(fact keys in `wco facts --help`, the `--joined-*` wording)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import wco_cli
from wco_cli.datasets.goals import plan_period
from wco_cli.store import bundled_dir

QUOTING_SEED_003 = {"objectives-seed-003", "pillars-21st-century", "customs-roles"}


def table(wco, *args: str) -> str:
    """A command's Rich table and the notes under it, whitespace folded (Rich wraps lines)."""
    result = wco(*args, env={"FORCE_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())


# ---- the data ---------------------------------------------------------------------------------

def test_the_sets_quoting_seed_003_are_marked_in_the_data():
    marked = {s["id"] for s in wco_cli.bundled().goals.records if s["machine_translation"]}
    assert marked == QUOTING_SEED_003
    pillars = wco_cli.bundled().goals.get("pillars-21st-century")
    titles = {item["title"] for item in pillars["items"]}
    assert "Cam career, customs services and knowledge-based" in titles


def test_the_2025_plan_is_known_by_its_title_only():
    plan = wco_cli.bundled().goals.get("strategic-plan-2025-2028")
    assert plan["items"] == [] and plan["sources"] == ["w204", "w137", "w205"]
    assert plan["as_of"] == "2025-06"
    assert "Serving data-driven Customs for a connected world" in plan["description"]
    assert "not found" in plan["note"]


@pytest.mark.parametrize("name, period", [
    ("Strategic Plan 2022-2025", "2022-2025"),
    ("Strategic Plan 2019-2022 priority areas", "2019-2022"),
    ("Strategic Plan functions", None),
    ("Strategic goals (2013)", None),
    ("Strategic Plan 20x2-2025", None),
    ("Strategic Plan ２０２２-２０２５", None),
])
def test_a_plan_is_a_set_named_strategic_plan_with_a_period(name, period):
    assert plan_period(name) == period


# ---- --set latest ---------------------------------------------------------------------------

def test_latest_is_the_plan_with_the_newest_date():
    goals = wco_cli.bundled().goals
    assert [p["id"] for p in goals.plans()] == [
        "strategic-plan-2019-2022", "strategic-plan-2022-2025", "strategic-plan-2025-2028"]
    assert goals.lookup("latest")["id"] == "strategic-plan-2025-2028"
    assert goals.rows(set="LATEST") == []


def test_latest_says_what_is_known_and_invents_nothing(wco):
    result = wco("goals", "--set", "latest", "--json")
    assert result.exit_code == 0 and result.json() == [] and result.stderr == ""
    shown = table(wco, "goals", "--set", "latest")
    assert "Latest Strategic Plan: Strategic Plan 2025-2028 (2025-06; w204; w137; w205)" in shown
    assert "Serving data-driven Customs for a connected world" in shown
    assert "were not found in any source checked" in shown
    assert ("The newest plan whose goals are known: Strategic Plan 2022-2025 "
            "(wco goals --set strategic-plan-2022-2025)") in shown


def test_latest_follows_the_data(wco, tmp_path):
    """Without the 2025-2028 set, 'latest' is the 2022-2025 plan, with its goals."""
    data = tmp_path / "data"
    shutil.copytree(bundled_dir(), data, ignore=shutil.ignore_patterns("hs"))
    sets = json.loads((data / "goals.json").read_text(encoding="utf-8"))
    kept = [s for s in sets if s["id"] != "strategic-plan-2025-2028"]
    (data / "goals.json").write_text(json.dumps(kept), encoding="utf-8")
    rows = wco("--data-dir", str(data), "goals", "--set", "latest", "--json").json()
    assert {r["set"] for r in rows} == {"strategic-plan-2022-2025"} and len(rows) == 8
    shown = table(wco, "--data-dir", str(data), "goals", "--set", "latest")
    assert "WCO goals: Strategic Plan 2022-2025, the latest Strategic Plan (2022-06)" in shown


def test_latest_is_documented_in_the_help(wco):
    text = " ".join(wco("goals", "--help").stdout.split())
    assert "'latest' is the Strategic Plan with the newest date" in text
    assert "wco goals --set latest" in text


# ---- the machine-translation note -------------------------------------------------------------

@pytest.mark.parametrize("args, named", [
    (["goals"], sorted(QUOTING_SEED_003)),
    (["goals", "--set", "objectives-seed-003"], ["objectives-seed-003"]),
    (["goals", "--set", "pillars-21st-century"], ["pillars-21st-century"]),
])
def test_a_table_quoting_seed_003_says_so_under_it(wco, args, named):
    shown = table(wco, *args)
    note = shown[shown.index("Machine-translated wording"):]
    assert note.startswith("Machine-translated wording, quoted as found from seed-003 "
                           "(as of 2011):")
    assert all(name in note for name in named)
    if args == ["goals"]:  # the plan without items is not shown, but is not hidden either
        assert ("No items are known for Strategic Plan 2025-2028 (2025-06); see "
                "'wco goals --set strategic-plan-2025-2028'.") in note


@pytest.mark.parametrize("name", ["packages", "strategic-goals-2013", "values-2013"])
def test_other_sets_carry_no_such_note(wco, name):
    assert "Machine-translated" not in table(wco, "goals", "--set", name)


def test_notes_stay_out_of_data_formats(wco):
    for fmt in ("--json", "--csv", "--jsonl"):
        result = wco("goals", "--set", "objectives-seed-003", fmt)
        assert "Machine-translated" not in result.stdout + result.stderr
    plain = wco("goals", "--set", "objectives-seed-003")  # piped: tab-separated, data only
    assert plain.stdout.startswith("set\tcode\ttitle\n") and "Machine" not in plain.stdout


def test_goal_views_keep_their_json_keys(wco):
    assert list(wco("goals", "--json").json()[0]) == [
        "set", "set_name", "code", "title", "description", "as_of", "sources"]
    assert list(wco("goals", "--list-sets", "--json").json()[0]) == [
        "id", "name", "items", "description", "note", "as_of", "sources"]


# ---- help texts --------------------------------------------------------------------------------

def test_facts_help_lists_every_fact_key(wco):
    text = wco("facts", "--help").stdout
    # Click may break a line after a hyphen or underscore-free word; keys never hold spaces.
    listed = text[text.index("KEY is one of:"):].replace("\n", " ")
    keys = [record["id"] for record in json.loads(
        (bundled_dir() / "facts.json").read_text(encoding="utf-8"))]
    words = {word.strip(",. ") for word in listed.split()}
    assert [key for key in keys if key not in words] == []
    assert "'wco facts --fields id,label' lists the keys" in " ".join(text.split())


def test_joined_options_say_what_they_select(wco):
    text = " ".join(wco("members", "--help").stdout.split())
    assert "--joined-before YEAR Members that joined before YEAR" in text
    assert "--joined-since YEAR Members that joined in YEAR or later" in text
    assert text.count("Members with no known date of membership are left out") == 2


def test_readme_rtc_counts_of_2013_are_what_the_data_gives():
    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md")
                      .read_text(encoding="utf-8").split())
    offices = wco_cli.bundled().offices

    def confirmed(as_of: str) -> int:
        return sum(row["confirmed"] for row in offices.rows(type="rtc", as_of=as_of))

    assert (confirmed("2013"), confirmed("2013-06")) == (24, 23)
    assert "24 RTCs (the 24th, RTC Mauritius, opened in November 2013; `--as-of 2013-06` " \
           "gives 23)" in readme
