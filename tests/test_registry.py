"""A dataset is declared once, and everything reads the declaration from the registry: its
filters match its API, its command and help come from it, and it appears in `wco --help`,
search and `--kind`, schema, export, validate, completion and README. The last test adds a
dataset to a scratch copy of the project by README's recipe and finds it in all of them."""

from __future__ import annotations

import inspect
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import subprocess_env

from wco_cli import ranking, search_index
from wco_cli.cli.commands import COMMANDS, MODULES
from wco_cli.datasets import NAMES, dataset_class, record_files
from wco_cli.filters import ENUM, FLAG, Filter
from wco_cli.store import Database, bundled_dir

REPO = Path(__file__).resolve().parents[1]
DATASET_COMMANDS = [name for name in COMMANDS if name not in MODULES]


def joined(text: str) -> str:
    """TEXT on one line, as Click wrapped it (it may break a line after a hyphen)."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def keyword_arguments(function: Callable[..., object]) -> list[str]:
    return [p.name for p in inspect.signature(function).parameters.values()
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name != "self"]


# ---- declared once --------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_list_rows_takes_exactly_the_declared_filters(name):
    kind = dataset_class(name)
    assert keyword_arguments(kind.list_rows) == list(kind.filters)
    assert all(isinstance(given, Filter) and given.name == key
               for key, given in kind.filters.items())


@pytest.mark.parametrize("name", NAMES)
def test_enum_filters_name_an_enum_field_and_name_filters_a_dataset(name):
    kind = dataset_class(name)
    for given in kind.filters.values():
        if given.kind == ENUM:
            assert given.values(kind.record_spec), f"{name}.{given.name}: no enum values"
        if given.dataset is not None:
            assert given.dataset in NAMES


def test_every_dataset_but_those_with_a_module_has_a_built_command():
    assert set(DATASET_COMMANDS) == set(NAMES) - set(MODULES)
    assert not [path.stem for path in (REPO / "src" / "wco_cli" / "cli" / "commands").glob("*.py")
                if path.stem in DATASET_COMMANDS]


@pytest.mark.parametrize("name", DATASET_COMMANDS)
def test_a_commands_help_comes_from_its_declaration(wco, name):
    kind = dataset_class(name)
    assert kind.summary and kind.examples
    text = joined(wco(name, "--help").stdout)
    assert joined(kind.summary) in text
    assert all(example in text for example in kind.examples)
    for given in kind.filters.values():
        if not given.positional:
            assert given.flag in text
        values = given.values(kind.record_spec)
        if values:
            assert joined(f"{', '.join(values[:-1])} or {values[-1]}") in text, given.name
    for switch in kind.switches:
        assert switch.flag in text


def test_a_flag_filter_is_a_flag(wco):
    kind = dataset_class("members")
    assert kind.filters["with_eu"].kind == FLAG
    with_eu = wco("members", "--with-eu", "--json").json()
    assert len(with_eu) == len(wco("members", "--json").json()) + 1


# ---- every dataset, everywhere ----------------------------------------------------------------

def run_wco(*args: str, data: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`wco ARGS` as a person runs it (the console script's main, not the test app)."""
    extra = ["--data-dir", str(data)] if data is not None else []
    return subprocess.run([sys.executable, "-m", "wco_cli", *extra, *args], capture_output=True,
                          text=True, env=subprocess_env(NO_COLOR="1", COLUMNS="200", **env),
                          timeout=120)


def test_every_command_is_in_the_top_level_help_in_order():
    section = run_wco("--help").stdout.split("Commands:\n")[1].split("\n\n")[0]
    listed = [line.split()[0] for line in section.splitlines() if not line.startswith("   ")]
    assert listed == list(COMMANDS)


def test_every_dataset_is_in_schema_validate_export_and_search(tmp_path, wco):
    views = wco("schema", "--list").stdout.split()
    detail_views = wco("schema", "--list", "--detail").stdout.split()
    valid = run_wco("validate")
    assert valid.returncode == 0, valid.stderr
    export = tmp_path / "wco.db"
    assert wco("export", "--sqlite", str(export)).exit_code == 0
    with sqlite3.connect(export) as connection:
        tables = {row[0] for row in connection.execute("select name from sqlite_master")}
    search_help = " ".join(wco("search", "--help").stdout.split())
    for name in NAMES:
        kind = dataset_class(name)
        assert set(kind.views) <= set(views)
        assert kind.detail_spec is None or name in detail_views
        assert name in tables
        if kind.stored_as_records:
            assert f" {name}" in valid.stdout.split("valid (")[1]
        if kind.search_kind:
            assert kind.search_kind in search_index.kinds() and kind.search_kind in search_help
            assert wco("search", "customs", "--kind", kind.search_kind).exit_code == 0


@pytest.mark.parametrize("name", DATASET_COMMANDS)
def test_every_dataset_command_completes_its_names(name):
    kind = dataset_class(name)
    first = Database().dataset(name).completions()[0]
    argument = kind.command_argument()
    words = f"wco {name} {first[:2]}" if argument or any(
        f.positional for f in kind.filters.values()) else f"wco {name} --"
    env = subprocess_env(_WCO_COMPLETE="complete_bash", COMP_WORDS=words,
                         COMP_CWORD=str(len(words.split()) - 1))
    out = subprocess.run([sys.executable, "-m", "wco_cli"], env=env, capture_output=True,
                         text=True, timeout=60).stdout.split()
    wanted = first if argument or any(f.positional for f in kind.filters.values()) \
        else next(iter(kind.filters.values())).flag
    assert wanted in out, (words, out[:10])


# ---- search never leaves a dataset out -------------------------------------------------------

QUERIES = [("training", None), ("trainng", None), ("kenya", None), ("rilo", "office"),
           ("nairobi", None), ("cote", None), ("DE", None), ("mikuria", None),
           ("wakandia", None), ("revised kyoto convention", None), ("convention", "fact"),
           ("the", None), ("kenya", "bogus")]


def outcome(db: Database, text: str, kind: str | None) -> list[dict] | str:
    try:
        return ranking.search(db, text, kind)
    except Exception as error:  # noqa: BLE001 - compared, not raised
        return f"{type(error).__name__}: {error}"


def copy_of_data(tmp_path: Path, hs: bool = False) -> Path:
    """A copy of the bundled data; the HS files only where `wco validate` must pass."""
    target = tmp_path / "data"
    shutil.copytree(bundled_dir(), target, ignore=None if hs else shutil.ignore_patterns("hs"))
    return target


def test_an_edited_file_is_read_and_the_index_answers_for_the_rest(tmp_path):
    data = copy_of_data(tmp_path)
    members = data / "members.json"
    members.write_text(members.read_text(encoding="utf-8").replace(
        '"name": "Kenya"', '"name": "Wakandia"'), encoding="utf-8")
    index = search_index.index_of(Database(data))
    assert isinstance(index, search_index.Combined)
    built = Database(data)
    search_index.built_index(built)
    for text, kind in QUERIES:
        assert outcome(Database(data), text, kind) == outcome(built, text, kind), text
    assert "does not cover offices, members" in search_index.staleness(Database(data))


def test_a_dataset_the_index_does_not_know_is_read_from_its_file(tmp_path):
    data = copy_of_data(tmp_path, hs=True)
    path = data / search_index.INDEX_FILE
    state = json.loads(path.read_text(encoding="utf-8"))
    del state["datasets"]["history"]  # as if history had been added after the index was built
    path.write_text(json.dumps(state), encoding="utf-8")
    assert search_index.prebuilt_index(Database(data)) is None
    built = Database(data)
    search_index.built_index(built)
    for text, kind in [*QUERIES, ("mikuriya", "event"), ("2013", None)]:
        assert outcome(Database(data), text, kind) == outcome(built, text, kind), text
    result = run_wco("validate", data=data)
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == (
        "stale: search index (search_index.json) does not cover history; search reads it from "
        f"the data files (rebuild it: {search_index.REBUILD})")


def test_the_bundled_index_is_current_and_validate_says_nothing_of_it():
    assert search_index.staleness(Database()) is None
    assert "search index" not in run_wco("validate").stdout


def test_each_datasets_documents_are_where_the_index_says():
    state = json.loads((bundled_dir() / search_index.INDEX_FILE).read_text(encoding="utf-8"))
    assert set(state["datasets"]) == set(NAMES)
    for name, part in state["datasets"].items():
        first, last = part["documents"]
        assert {doc[0] for doc in state["documents"][first:last]} <= {part["kind"]}
        assert part["kind"] == dataset_class(name).search_kind
        assert set(part["reads"]) <= set(record_files())


# ---- the recipe, followed in a scratch copy -----------------------------------------------------

TOYS = [
    {"id": "teddy", "name": "Zebulon Teddy", "color": "red", "region": "esa",
     "sources": ["seed-004"], "as_of": "2013"},
    {"id": "kite", "name": "Quixotic Kite", "color": "blue", "region": "europe",
     "sources": ["seed-004"], "as_of": "2013"},
]
TOY_MODULE = '''"""Toys: a dataset added by README's recipe in a test's scratch copy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wco_cli.datasets.base import SOURCE_BRIEF, Dataset, Document, Record, Row
from wco_cli.datasets.regions import REGION
from wco_cli.filters import ENUM, Filter, declare

COLOURS = "enum:red,blue"


class Toys(Dataset):
    name = "toys"
    noun = "toy"
    search_kind = "toy"
    record_spec = {"id": "id", "name": "str", "color": COLOURS, "region": "ref:regions",
                   "sources": "[ref:sources]", "as_of": "date"}
    views = {"toys": {"id": "id", "name": "str", "color": COLOURS, "region": "id",
                      "sources": "[id]", "as_of": "date"}}
    columns = {"toys": ("id", "name", "color")}
    detail_spec = {**record_spec, "region": "id", "sources": [SOURCE_BRIEF]}
    filters = declare(Filter("color", "Its colour", ENUM, metavar="COLOUR"), REGION)
    summary = "Toys of the WCO, by colour and region."
    examples = ("wco toys --color red", "wco toys teddy")
    title = "WCO toys"

    def list_rows(self, color: str | None = None, region: str | None = None,
                  **filters: Any) -> list[Row]:
        self._no_other_filters(filters)
        color = self._choice("color", color)
        regions = self.db.regions.selected_ids(region)
        return [{**{key: record[key] for key in self.main_view()},
                 "sources": list(record["sources"])}
                for record in self._records if color in (None, record["color"])
                and (regions is None or record["region"] in regions)]

    def detail_of(self, record: Record) -> Row:
        return {**record, "sources": self._sources_of(record["sources"])}

    def documents(self) -> Iterator[Document]:
        for toy in self._records:
            yield "toy", toy["id"], toy["name"], [], toy["color"]


DATASET = Toys
'''


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (sources, data, scripts, README) with a dataset `toys` added by
    the recipe: its data file, its module, and its line in the registry. Nothing else."""
    root = tmp_path_factory.mktemp("scratch")
    for part in ("src", "data", "scripts"):
        shutil.copytree(REPO / part, root / part,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(REPO / "README.md", root / "README.md")
    (root / "data" / "toys.json").write_text(json.dumps(TOYS), encoding="utf-8")
    (root / "src" / "wco_cli" / "datasets" / "toys.py").write_text(TOY_MODULE, encoding="utf-8")
    registry = root / "src" / "wco_cli" / "datasets" / "__init__.py"
    text = registry.read_text(encoding="utf-8")
    line = '    history: Registered[History] = Registered("wco_cli.datasets.history")\n'
    assert line in text
    toys = '    toys: Registered[Dataset] = Registered("wco_cli.datasets.toys")\n'
    registry.write_text(text.replace(line, line + toys), encoding="utf-8")
    return root


def in_scratch(root: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """ARGV run with the scratch copy's sources first on the path (a python -m or a script)."""
    environment = subprocess_env(NO_COLOR="1", COLUMNS="200", PYTHONPATH=str(root / "src"),
                                 PYTHONDONTWRITEBYTECODE="1", **env)
    environment.pop("WCO_DATA_DIR", None)
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, cwd=root,
                          env=environment, timeout=300)


def scratch_wco(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return in_scratch(root, "-m", "wco_cli", *args, **env)


def test_the_scratch_copy_runs_its_own_sources(scratch):
    found = in_scratch(scratch, "-c", "import wco_cli; print(wco_cli.__file__)")
    assert found.stdout.strip() == str(scratch / "src" / "wco_cli" / "__init__.py")


def test_a_dataset_added_by_the_recipe_has_its_command(scratch):
    helped = scratch_wco(scratch, "--help").stdout
    assert "toys" in helped and "Toys of the WCO, by colour and region." in " ".join(
        helped.split())
    own = " ".join(scratch_wco(scratch, "toys", "--help").stdout.split())
    assert "--color COLOUR Its colour: red or blue." in own and "-r, --region REGION" in own
    assert [row["id"] for row in json.loads(scratch_wco(scratch, "toys", "--json").stdout)] \
        == ["teddy", "kite"]
    red = json.loads(scratch_wco(scratch, "toys", "--color", "RED", "--region", "africa",
                                 "--json").stdout)
    assert [row["id"] for row in red] == ["teddy"]
    wrong = scratch_wco(scratch, "toys", "--color", "green")
    assert wrong.returncode == 2 and "(valid: red, blue)" in wrong.stderr
    detail = json.loads(scratch_wco(scratch, "toys", "kite", "--json").stdout)
    assert detail["sources"][0]["id"] == "seed-004"
    assert scratch_wco(scratch, "toys", "nothing").returncode == 1
    table = scratch_wco(scratch, "toys", FORCE_COLOR="1").stdout
    assert "WCO toys" in table


def test_a_dataset_added_by_the_recipe_is_searched_without_rebuilding_the_index(scratch):
    found = json.loads(scratch_wco(scratch, "search", "zebulon", "--json").stdout)
    assert [(row["kind"], row["id"]) for row in found] == [("toy", "teddy")]
    kind = json.loads(scratch_wco(scratch, "search", "quixotic", "--kind", "toy", "--json").stdout)
    assert [row["id"] for row in kind] == ["kite"]
    assert "toy" in scratch_wco(scratch, "search", "--help").stdout
    # The index still answers for the other datasets.
    assert json.loads(scratch_wco(scratch, "search", "kenya", "--json").stdout)[0]["id"] == \
        "kenya"


def test_a_dataset_added_by_the_recipe_is_in_schema_validate_export_and_completion(scratch):
    assert "toys" in scratch_wco(scratch, "schema", "--list").stdout.split()
    schema = json.loads(scratch_wco(scratch, "schema", "toys", "--detail").stdout)
    assert "color" in schema["properties"]
    valid = scratch_wco(scratch, "validate")
    assert valid.returncode == 0, valid.stderr
    assert ", 2 toys" in valid.stdout
    assert "stale: search index (search_index.json) does not cover toys" in valid.stdout
    export = scratch / "toys.db"
    assert scratch_wco(scratch, "export", "--sqlite", str(export)).returncode == 0
    with sqlite3.connect(export) as connection:
        assert connection.execute("select count(*) from toys").fetchone() == (2,)
    for words, wanted in [("wco to", "toys"), ("wco toys --color r", "red"),
                          ("wco toys ki", "kite"), ("wco search x --kind t", "toy")]:
        out = scratch_wco(scratch, _WCO_COMPLETE="complete_bash", COMP_WORDS=words,
                          COMP_CWORD=str(len(words.split()) - 1)).stdout.split()
        assert wanted in out, (words, out)


def test_the_readme_check_fails_until_it_is_regenerated_and_the_index_until_rebuilt(scratch):
    stale = in_scratch(scratch, "scripts/readme_reference.py", "--check")
    assert stale.returncode == 1
    assert "+| `wco toys` | Toys of the WCO, by colour and region. |" in stale.stdout
    assert "+| `toys` | `data/toys.json` | toy | `wco toys` | `toy` | `toys` |" in stale.stdout
    # Regenerated, README lists it; its own section, with its options, is still to be written.
    regenerated = in_scratch(scratch, "scripts/readme_reference.py")
    assert regenerated.returncode == 1
    assert "`wco toys` has no section with its options" in regenerated.stderr
    readme = scratch / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "- `wco toys --json` (`wco schema toys`): `id` (id), `name` (str)" in text
    section = ("### `wco toys` — toys\n\n<!-- generated: options toys -->\n"
               "<!-- end generated -->\n\nTwo toys, by colour.\n\n")
    readme.write_text(text.replace("### `wco hs`", section + "### `wco hs`", 1), encoding="utf-8")
    assert in_scratch(scratch, "scripts/readme_reference.py", "--check").returncode == 1
    assert in_scratch(scratch, "scripts/readme_reference.py").returncode == 0
    assert in_scratch(scratch, "scripts/readme_reference.py", "--check").returncode == 0
    text = readme.read_text(encoding="utf-8")
    assert "| `--color COLOUR` | Its colour: red or blue. |" in text
    assert "    wco toys [--color red|blue] [--region REGION]" in text
    assert in_scratch(scratch, "scripts/build_search.py").returncode == 0
    assert "search index" not in scratch_wco(scratch, "validate").stdout
    assert json.loads(scratch_wco(scratch, "search", "zebulon", "--json").stdout)[0]["id"] == \
        "teddy"
