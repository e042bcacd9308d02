"""A user's own data directory (--data-dir, WCO_DATA_DIR): used when valid, refused clearly when
not."""

from __future__ import annotations

import json
import shutil

import pytest

from wco_cli.store import bundled_dir


@pytest.fixture
def user_dir(tmp_path):
    target = tmp_path / "wco-data"
    shutil.copytree(bundled_dir(), target)
    return target


def edit(folder, name, change):
    path = folder / f"{name}.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")


def assert_refused(result, *parts):
    assert result.exit_code == 2
    assert result.stdout == "", "nothing may be half-printed"
    assert result.stderr.count("\n") == 1
    for part in parts:
        assert part in result.stderr, result.stderr


def test_a_valid_copy_is_used(wco, user_dir):
    edit(user_dir, "offices", lambda r: r[0].update(name="RILO Asia/Pacific (my copy)"))
    rows = wco("--data-dir", str(user_dir), "offices", "--json").json()
    assert "RILO Asia/Pacific (my copy)" in {row["name"] for row in rows}


def test_environment_variable_points_at_the_directory(wco, user_dir):
    edit(user_dir, "facts", lambda r: r[0]["values"].append(
        {"value": 188, "as_of": "2026-06", "sources": ["w76"], "note": None}))
    rows = wco("facts", "members", "--json", env={"WCO_DATA_DIR": str(user_dir)}).json()
    assert rows[-1]["value"] == 188


def test_missing_file(wco, user_dir):
    (user_dir / "offices.json").unlink()
    assert_refused(wco("--data-dir", str(user_dir), "offices"),
                   "data file not found", "offices.json")


def test_missing_directory(wco, tmp_path):
    assert_refused(wco("--data-dir", str(tmp_path / "nowhere"), "facts"),
                   "data file not found", "facts.json")


def test_malformed_json(wco, user_dir):
    (user_dir / "history.json").write_text('[{"id": "x",', encoding="utf-8")
    assert_refused(wco("--data-dir", str(user_dir), "history"), "history.json", "not valid JSON")


def test_record_missing_a_required_field(wco, user_dir):
    edit(user_dir, "offices", lambda r: r[1].pop("name"))
    assert_refused(wco("--data-dir", str(user_dir), "offices"),
                   "offices.json", "record 'rilo-western-europe'", "missing required field 'name'")


def test_duplicate_id(wco, user_dir):
    edit(user_dir, "members", lambda r: r.append(dict(r[0])))
    assert_refused(wco("--data-dir", str(user_dir), "members"),
                   "members.json", "record 'angola'", "duplicate id")


def test_unknown_region(wco, user_dir):
    edit(user_dir, "offices", lambda r: r[0].update(region="antarctica"))
    assert_refused(wco("--data-dir", str(user_dir), "offices"),
                   "offices.json", "record 'rilo-ap'", "unknown region 'antarctica'")


def test_unknown_source_in_a_nested_record(wco, user_dir):
    edit(user_dir, "offices", lambda r: r[0]["hosts"][0].update(sources=["nowhere-1"]))
    assert_refused(wco("--data-dir", str(user_dir), "offices"),
                   "record 'rilo-ap'", "hosts[1].sources", "unknown source 'nowhere-1'")


def test_wrong_type_and_bad_date(wco, user_dir):
    edit(user_dir, "history", lambda r: r[0].update(date="around 1947"))
    assert_refused(wco("--data-dir", str(user_dir), "history"),
                   "history.json", "field 'date' must be an ISO date")


def test_empty_text_is_refused(wco, user_dir):
    edit(user_dir, "regions", lambda r: r[0].update(name="  "))
    assert_refused(wco("--data-dir", str(user_dir), "regions"),
                   "regions.json", "record 'esa'", "must not be empty")


def test_not_a_list(wco, user_dir):
    (user_dir / "goals.json").write_text('{"id": "x"}', encoding="utf-8")
    assert_refused(wco("--data-dir", str(user_dir), "goals"), "goals.json", "expected a JSON array")


def test_validate_command_checks_everything(wco, user_dir):
    ok = wco("--data-dir", str(user_dir), "validate")
    assert ok.exit_code == 0 and "valid (347 sources" in ok.stdout
    edit(user_dir, "members", lambda r: r[0].update(region="nowhere"))
    assert_refused(wco("--data-dir", str(user_dir), "validate"),
                   "members.json", "unknown region 'nowhere'")


def test_bundled_data_passes_the_validate_command(wco):
    result = wco("validate")
    assert result.exit_code == 0 and "valid" in result.stdout
