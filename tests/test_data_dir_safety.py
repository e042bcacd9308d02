"""A data directory is read as untrusted input: only regular files inside it, bounded, parsed
strictly; `wco validate` reports every problem and cannot crash; no directory, however broken,
makes a command exit 70 or hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import installed_wco, run, subprocess_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wco_cli.store import bundled_dir

RECORD_FILES = ["sources", "regions", "instruments", "offices", "members", "facts", "goals",
                "history"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("base") / "data"
    shutil.copytree(bundled_dir(), target)
    return target


def linked_copy(base: Path, target: Path) -> Path:
    """A data directory of its own whose files are hard links to BASE's (cheap to make);
    a test replaces a file (unlink, write) rather than writing through the link."""
    for path in base.rglob("*"):
        destination = target / path.relative_to(base)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.link(path, destination)
    return target


@pytest.fixture
def data(base: Path, tmp_path: Path) -> Path:
    return linked_copy(base, tmp_path / "data")


def replace(path: Path, content: str | bytes) -> None:
    path.unlink()
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)


def wco(data: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The installed command on DATA, in a process of its own (a hang is a failure)."""
    result = subprocess.run([installed_wco(), "--data-dir", str(data), *args],
                            capture_output=True, text=True, timeout=timeout,
                            env=subprocess_env(NO_COLOR="1"))
    assert "Traceback" not in result.stderr and result.returncode != 70, result.stderr
    return result


def refused(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    for part in parts:
        assert part in result.stderr, result.stderr


# ---- only regular files inside the directory --------------------------------------------------

def test_a_fifo_as_a_data_file_is_refused_not_waited_for(data):
    (data / "members.json").unlink()
    os.mkfifo(data / "members.json")
    refused(wco(data, "members", timeout=10), "members.json", "FIFO")
    validated = wco(data, "validate", timeout=10)
    assert validated.returncode == 2 and "members.json" in validated.stderr


def test_a_symlink_to_a_device_is_refused(data):
    (data / "members.json").unlink()
    (data / "members.json").symlink_to("/dev/zero")
    refused(wco(data, "members", timeout=10), "members.json", "outside the data directory")


def test_a_symlink_out_of_the_directory_is_not_followed(data, tmp_path):
    secret = tmp_path / "secret.json"
    secret.write_text("[]")
    (data / "goals.json").unlink()
    (data / "goals.json").symlink_to(secret)
    refused(wco(data, "goals"), "goals.json", "outside the data directory")
    (data / "goals.json").unlink()
    (data / "goals.json").symlink_to(Path("..") / secret.name)
    refused(wco(data, "goals"), "outside the data directory")


def test_a_symlinked_folder_out_of_the_directory_is_not_followed(data, base):
    shutil.rmtree(data / "hs")
    (data / "hs").symlink_to(base / "hs")
    refused(wco(data, "hs", "0901.21"), "outside the data directory")


def test_a_symlink_inside_the_directory_is_read(data):
    (data / "copies").mkdir()
    os.replace(data / "goals.json", data / "copies" / "goals.json")
    (data / "goals.json").symlink_to(Path("copies") / "goals.json")
    assert wco(data, "goals", "--json").returncode == 0


def test_a_file_over_the_size_limit_is_refused_without_reading_it(data):
    (data / "history.json").unlink()
    with open(data / "history.json", "wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    refused(wco(data, "history"), "history.json", "over the limit")


def test_a_directory_where_a_file_should_be(data):
    (data / "regions.json").unlink()
    (data / "regions.json").mkdir()
    refused(wco(data, "regions"), "regions.json", "directory")


# ---- strict JSON -------------------------------------------------------------------------------

def test_duplicate_keys_are_refused_not_resolved(data):
    text = (data / "members.json").read_text(encoding="utf-8")
    assert '"name": "Angola"' in text
    replace(data / "members.json", text.replace('"name": "Angola"',
                                                '"name": "Angola", "name": "Atlantis"', 1))
    refused(wco(data, "members", "angola"), "members.json", "duplicate key 'name'", "'angola'")


@pytest.mark.parametrize("document, problem", [
    ("[" * 100_000 + "]" * 100_000, "nested deeper"),
    ('[{"id": 1' + "0" * 5000 + "}]", "digits"),
    ('[{"id": NaN}]', "NaN"),
    ('[{"id": -Infinity}]', "Infinity"),
    ('[{"id": 1e999}]', "out of range"),
    (b'[{"id": "\xff"}]', "not UTF-8"),
])
def test_json_no_program_should_guess_at_is_refused(data, document, problem):
    replace(data / "members.json", document)
    refused(wco(data, "members"), "members.json", problem)


def test_moderate_nesting_is_refused_by_the_record_checks(data):
    replace(data / "members.json", "[" * 500 + "]" * 500)
    refused(wco(data, "members"), "members.json")


def test_the_place_of_deep_nesting_is_named(data):
    replace(data / "goals.json", '[{"id": "x", "items": ' + "[" * 50_000 + "]" * 50_000 + "}]")
    refused(wco(data, "goals"), "goals.json", "line 1 column")


# ---- the search index names datasets, and must cover the directory ---------------------------

def test_an_index_naming_paths_outside_is_never_read(data):
    state = json.loads((data / "search_index.json").read_text())
    state["crc32"] = {"../../../../etc/shadow": 0, "/dev/zero": 0, **state["crc32"]}
    replace(data / "search_index.json", json.dumps(state))
    result = wco(data, "search", "training", "--json", timeout=10)
    assert result.returncode == 0 and json.loads(result.stdout)


def test_an_index_that_is_a_fifo_is_passed_over(data):
    (data / "search_index.json").unlink()
    os.mkfifo(data / "search_index.json")
    result = wco(data, "search", "training", "--json", timeout=10)
    assert result.returncode == 0 and json.loads(result.stdout)


def test_an_index_covering_only_some_files_is_not_used(data):
    state = json.loads((data / "search_index.json").read_text())
    del state["crc32"]["members"]
    replace(data / "search_index.json", json.dumps(state))
    members = json.loads((data / "members.json").read_text(encoding="utf-8"))
    members[0]["region"] = "nowhere"
    replace(data / "members.json", json.dumps(members))
    searched, listed = wco(data, "search", "training"), wco(data, "members")
    assert searched.returncode == listed.returncode == 2  # both refuse the same directory
    assert "unknown region 'nowhere'" in searched.stderr


# ---- validate ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["members", "sources", "regions"])
def test_validate_names_a_missing_file_once(data, name):
    (data / f"{name}.json").unlink()
    result = wco(data, "validate")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and f"{name}.json" in lines[0] and "not found" in lines[0]
    assert "(1 problem in 1 file" in lines[0]


@pytest.mark.parametrize("content", ["{}", "[1, 2]", "null", "[", '"x"'])
def test_validate_survives_a_malformed_file(data, content):
    replace(data / "regions.json", content)
    result = wco(data, "validate")
    assert result.returncode == 2 and "regions.json" in result.stderr


def test_validate_counts_every_problem_grouped_by_file(data):
    members = json.loads((data / "members.json").read_text(encoding="utf-8"))
    for member in members:
        member["region"] = "nowhere"
    replace(data / "members.json", json.dumps(members))
    goals = json.loads((data / "goals.json").read_text(encoding="utf-8"))
    goals[0]["title"] = 5
    replace(data / "goals.json", json.dumps(goals))
    result = wco(data, "validate")
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and len(lines) == len(members) + 1
    assert f"({len(members) + 1} problems in 2 files of {data})" in lines[-1]
    files = [line.split(": ", 2)[1] for line in lines]
    assert files == sorted(files, key=files.index)  # grouped by file, not mixed
    assert all(str(data) in line for line in lines)


def test_validate_finds_a_truncated_hs_table_which_hs_then_refuses(data):
    table = data / "hs" / "hs2022.txt"
    content = table.read_bytes()
    replace(table, content[:len(content) // 2])
    result = wco(data, "validate")
    assert result.returncode == 2 and "hs2022.txt" in result.stderr
    refused(wco(data, "hs", "0901.21"), "hs2022.txt")


def test_validate_finds_a_description_moved_from_its_offset(data):
    table = data / "hs" / "hs2017.txt"
    content = table.read_bytes()
    at = content.index(b"Coffee")
    replace(table, content[:at] + b"X" + content[at + 1:at + 50] + content[at + 51:] + b"\n")
    result = wco(data, "validate")
    assert result.returncode == 2 and "hs2017.txt" in result.stderr


@pytest.mark.parametrize("name, content, problem", [
    ("hs2022_hs2017.json", '{"from_hub": {"010121": ["01012"]}, "to_hub": {}}', "CODE REL"),
    ("hs2022_hs2017.json", "[]", "expected an object"),
    ("terms.json", '{"laptop": 5}', "terms.json"),
    ("terms.json", "{", "terms.json"),
    ("codes.json", '{"codes": []}', "codes.json"),
    ("sections.json", '{"sections": [1]}', "section 1"),
])
def test_validate_checks_the_hs_files(data, name, content, problem):
    replace(data / "hs" / name, content)
    result = wco(data, "validate")
    assert result.returncode == 2 and name in result.stderr and problem in result.stderr


def _edit_json(path: Path, change) -> None:
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    replace(path, json.dumps(content))


def _tables(content: dict) -> list[dict]:
    return content["tables"]


@pytest.mark.parametrize("name, change, line", [
    # A SITC group that SITC Rev.4 does not have, on the older side of a table.
    ("hs2017_sitc4.json", lambda c: c["links"].update({"99999": "010121"}),
     "hs2017_sitc4.json: 1 codes not in SITC Rev.4: 99999"),
    # An HS2012 code that does not exist, on the newer side of a step table.
    ("hs2012_hs2007.json", lambda c: c["links"].update({"010110": "010121=n:n 010130 019999"}),
     "hs2012_hs2007.json: 1 codes not in HS2012: 019999"),
    # A link lost: the pairs no longer add up to what the build recorded.
    ("hs2012_hs2007.json", lambda c: c["links"].update({"010110": "010121=n:n"}),
     "hs2012_hs2007.json: 5363 pairs, concordances.json records 5364"),
    # UNSD's HS2022 table naming an HS2017 code that HS2017 does not have.
    ("hs2022_hs2017.json", lambda c: c["from_hub"]["010121"].append("999998 1:n"),
     "hs2022_hs2017.json: 1 codes not in HS2017: 999998"),
    ("concordances.json", lambda c: c.update(tables=[t for t in _tables(c)
                                                     if t["file"] != "hs2012_hs2007.json"]),
     "concordances.json: no table hs2012_hs2007.json"),
    ("concordances.json", lambda c: _tables(c)[0].update(pairs="5332"),
     "concordances.json: table 'hs1996_bec4.json': pairs missing or of the wrong type"),
    ("bec4.json", lambda c: c["codes"].update({"1x": "Food"}),
     "bec4.json: code '1x': a code must be digits with a text (1 such codes)"),
])
def test_validate_checks_the_concordances(data, name, change, line):
    _edit_json(data / "hs" / name, change)
    result = wco(data, "validate")
    assert result.returncode == 2, result.stderr
    assert f"{data / 'hs' / line}" in result.stderr, result.stderr


def test_validate_passes_the_bundled_concordances() -> None:
    from wco_cli.hscodes import validation

    assert validation.problems(bundled_dir()) == []


# ---- no data directory makes a command crash or hang ------------------------------------------

MUTABLE = [*(f"{name}.json" for name in RECORD_FILES), "meta.json", "search_index.json",
           "hs/terms.json", "hs/sections.json", "hs/codes.json", "hs/hs2022_hs2017.json"]
COMMANDS = [["members"], ["members", "kenya"], ["offices", "--region", "africa"],
            ["offices", "--as-of", "2013"], ["facts"], ["facts", "members"], ["goals"],
            ["history"], ["regions"], ["sources"], ["instruments"], ["search", "training"],
            ["validate"], ["hs", "0901.21"], ["hs", "coffee"], ["hs", "0901.21", "--to", "2017"],
            ["--version"], ["schema", "members"]]
SCALARS = st.sampled_from([None, 0, -1, 10**15, 1.5, "", "x", "\x1b[31m", "0000", "2100-99",
                           [], {}, [1], {"id": None}, True])


def mutate(value, choices, depth=0):
    """VALUE with one place changed as CHOICES say (a random walk into the document)."""
    action = choices.draw(st.sampled_from(["here", "deeper", "drop", "duplicate"]))
    if depth > 6 or not isinstance(value, (list, dict)) or not value or action == "here":
        return choices.draw(SCALARS)
    keys = list(range(len(value))) if isinstance(value, list) else list(value)
    key = choices.draw(st.sampled_from(keys))
    if action == "drop":
        del value[key]
    elif action == "duplicate" and isinstance(value, list):
        value.append(value[key])
    else:
        value[key] = mutate(value[key], choices, depth + 1)
    return value


# The costliest test of the suite (about a minute: each example runs 2-4 commands, `validate`
# among them). CI's runs on the other Pythons set WCO_FUZZ_EXAMPLES lower to stay in time; the
# main Python's run keeps the full count.
FUZZ_EXAMPLES = int(os.environ.get("WCO_FUZZ_EXAMPLES", "120"))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(MUTABLE), st.sampled_from(["json", "truncate", "flip"]), st.data())
def test_no_mutated_directory_makes_a_command_exit_70(base, tmp_path_factory, name, how, choices):
    data = linked_copy(base, tmp_path_factory.mktemp("mutated") / "data")
    content = (base / name).read_bytes()
    if how == "json":
        changed = json.dumps(mutate(json.loads(content), choices), ensure_ascii=False).encode()
    elif how == "truncate":
        changed = content[:choices.draw(st.integers(0, max(len(content) - 1, 0)))]
    else:
        at = choices.draw(st.integers(0, len(content) - 1))
        changed = content[:at] + bytes([choices.draw(st.integers(0, 255))]) + content[at + 1:]
    replace(data / name, changed)
    for command in choices.draw(st.lists(st.sampled_from(COMMANDS), min_size=2, max_size=4)):
        result = run("--data-dir", str(data), *command)
        assert result.exit_code in (0, 1, 2), (name, how, command, result.exception)
        if result.exit_code:
            assert result.stderr.endswith("\n"), (name, command, result.stderr)


@pytest.mark.parametrize("name", ["members.json", "hs/hs2022.txt", "search_index.json"])
def test_every_command_on_a_fifo_ends(data, name):
    (data / name).unlink()
    os.mkfifo(data / name)
    for command in (["members"], ["search", "training"], ["hs", "coffee"], ["validate"]):
        wco(data, *command, timeout=15)


@pytest.mark.parametrize("date", ["0000", "1899-12-31", "2100", "2026-02-30"])
def test_implausible_dates_are_refused(data, date):
    members = json.loads((data / "members.json").read_text(encoding="utf-8"))
    members[0]["joined"] = date
    replace(data / "members.json", json.dumps(members))
    refused(wco(data, "members"), "members.json", date)
