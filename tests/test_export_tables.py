"""What `wco export --sqlite` writes: a table per dataset view with the columns of its --json
rows, a child table per list with a foreign key and an index, every citation, full-text
indexes Datasette finds, the HS tables, and Datasette's metadata beside it."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import installed_wco, subprocess_env

from wco_cli import Database, bundled
from wco_cli.datasets import NAMES, dataset_class
from wco_cli.errors import InvalidValue
from wco_cli.export import export_sqlite
from wco_cli.store import bundled_dir


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "wco.db"
    export_sqlite(Database(), path, metadata=path.with_name("wco.json"))
    return path


@pytest.fixture
def connection(exported: Path) -> Any:
    found = sqlite3.connect(exported)
    yield found
    found.close()


def tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%' "
        "AND name NOT LIKE 'sqlite_%'")}


def columns(connection: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]


def view_tables() -> list[tuple[str, str, tuple[str, ...]]]:
    """(dataset, table, the command printing its rows) of every dataset view exported."""
    found = []
    db = Database()
    for name in NAMES:
        kind = dataset_class(name)
        for table in db.dataset(name).export_tables():
            if table.name in kind.views:
                found.append((name, table.name, kind.command_of(table.name)))
    return found


@pytest.mark.parametrize("dataset, table, command", view_tables(),
                         ids=[table for _, table, _ in view_tables()])
def test_each_view_table_has_exactly_the_keys_of_its_json_rows(connection, wco, dataset, table,
                                                                command):
    rows = wco(*command, "--json").json()
    assert rows, command
    assert columns(connection, table) == list(rows[0])
    records = len(bundled().dataset(dataset).records)
    count = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    assert count >= len(rows)
    if table == dataset and dataset not in ("facts", "goals"):
        assert count == records  # every record, not only today's


@pytest.mark.parametrize("table", ["sources", "regions", "history", "goals", "goal_sets", "hs"])
def test_tables_of_whole_lists_hold_the_json_rows_themselves(connection, wco, table):
    command = dataset_class("goals" if table == "goal_sets" else table).command_of(table)
    rows = wco(*command, "--json").json()
    connection.row_factory = sqlite3.Row
    found = [dict(row) for row in connection.execute(f'SELECT * FROM "{table}"')]
    for row in found:
        for key, value in row.items():
            if isinstance(value, str) and value[:1] in "[{":
                row[key] = json.loads(value)
    expected = [{k: int(v) if isinstance(v, bool) else v for k, v in row.items()}
                for row in rows]
    assert sorted(map(json.dumps, found)) == sorted(map(json.dumps, expected))


def test_a_researchers_first_query_works(connection):
    found = connection.execute("SELECT name, country FROM offices WHERE id = 'rilo-esa'")
    assert found.fetchone() == ("RILO Eastern and Southern Africa", "Zimbabwe")
    assert connection.execute("SELECT count(*) FROM offices WHERE type = 'rilo'").fetchone()[0] \
        >= 11


def test_every_reference_holds_and_every_foreign_key_is_indexed(connection):
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    children = 0
    for table in sorted(tables(connection)):
        indexed = [tuple(row[2] for row in connection.execute(f'PRAGMA index_info("{i[1]}")'))
                   for i in connection.execute(f'PRAGMA index_list("{table}")').fetchall()]
        keys: dict[int, tuple[str, ...]] = {}
        for key in connection.execute(f'PRAGMA foreign_key_list("{table}")'):
            keys[key[0]] = (*keys.get(key[0], ()), key[3])
        for key_columns in keys.values():
            children += 1
            assert any(i[:len(key_columns)] == key_columns for i in indexed), (table, key_columns)
    assert children > 30


@pytest.mark.parametrize("child, parent, column", [
    ("offices_hosts", "offices", "office_id"), ("instruments_party_counts", "instruments",
                                                 "instrument_id"),
    ("fact_values", "fact_series", "fact_id"), ("citations", "sources", "source_id"),
    ("members_aliases", "members", "member_id"), ("offices_serves", "members", "member_id"),
    ("goals", "goal_sets", "set"), ("facts", "fact_series", "id"),
    ("offices_hosts_sources", "offices_hosts", "host_id"),
    ("fact_values_sources", "sources", "source_id"),
    ("instruments_party_counts_sources", "sources", "source_id"),
    ("council_sources", "council", "council_id"), ("history_sources", "sources", "source_id"),
])
def test_each_list_is_a_child_table_with_a_foreign_key(connection, child, parent, column):
    keys = [(row[2], row[3]) for row in connection.execute(f'PRAGMA foreign_key_list("{child}")')]
    assert (parent, column) in keys


def raw(name: str) -> list[dict[str, Any]]:
    return json.loads((bundled_dir() / f"{name}.json").read_text(encoding="utf-8"))


def cited(value: Any) -> set[str]:
    """Every source id a record cites anywhere within it (its `sources` lists)."""
    if isinstance(value, dict):
        return set(value.get("sources") or ()).union(*map(cited, value.values()))
    if isinstance(value, list):
        return set().union(*map(cited, value))
    return set()


def test_every_citation_is_there_counted_as_in_the_data(connection):
    expected: Counter[str] = Counter()
    for name in NAMES:
        if name != "sources":  # the HS sections are read from the HS files, not a JSON file
            stored = dataset_class(name).stored_as_records
            for record in raw(name) if stored else Database().dataset(name).records:
                expected.update(cited(record))
    found = dict(connection.execute("SELECT source_id, count(*) FROM citations GROUP BY 1"))
    assert found == dict(expected)
    assert found["seed-001"] >= 34
    stated = dict(connection.execute("SELECT id, citations FROM sources WHERE citations > 0"))
    assert stated == found
    assert connection.execute(
        "SELECT dataset, record_id FROM citations WHERE cited_by = 'offices:rilo-esa' "
        "LIMIT 1").fetchone() == ("offices", "rilo-esa")


def test_every_dated_value_host_and_party_count_is_a_row_with_its_sources(connection):
    facts = raw("facts")
    assert connection.execute("SELECT count(*) FROM fact_values").fetchone()[0] == sum(
        len(f["values"]) for f in facts)
    assert connection.execute("SELECT count(*) FROM fact_values_sources").fetchone()[0] == sum(
        len(set(v["sources"])) for f in facts for v in f["values"])
    members = connection.execute(
        "SELECT value, as_of FROM fact_values WHERE fact_id = 'members' ORDER BY position")
    assert [row for row in members][-1][0] >= 187
    offices = raw("offices")
    assert connection.execute("SELECT count(*) FROM offices_hosts").fetchone()[0] == sum(
        len(o["hosts"]) for o in offices)
    assert connection.execute("SELECT count(*) FROM offices_hosts_sources").fetchone()[0] == sum(
        len(set(h["sources"])) for o in offices for h in o["hosts"])
    counts = sum(len(Database().instruments.detail(i)["party_counts"])
                 for i in Database().instruments.ids())
    assert connection.execute("SELECT count(*) FROM instruments_party_counts").fetchone()[0] \
        == counts > 0
    hosts = connection.execute(
        "SELECT h.country FROM offices_hosts h JOIN offices o ON o.id = h.office_id "
        "WHERE o.id = 'rilo-esa' ORDER BY h.position").fetchall()
    assert hosts == [("Kenya",), ("Zimbabwe",)]
    goals = connection.execute("SELECT count(*) FROM goals").fetchone()[0]
    assert goals == sum(len(s["items"]) for s in raw("goals"))


def test_names_and_descriptions_have_full_text_indexes_datasette_finds(connection):
    found = dict(connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\'"))
    for table in ("offices", "members", "instruments", "history", "facts", "goals", "sources",
                  "council", "hs_codes"):
        assert f'content="{table}"' in found[f"{table}_fts"]
    offices = connection.execute(
        "SELECT id FROM offices WHERE rowid IN "
        "(SELECT rowid FROM offices_fts WHERE offices_fts MATCH 'intelligence')").fetchall()
    assert ("rilo-esa",) in offices
    coffee = connection.execute(
        "SELECT code FROM hs_codes WHERE edition = '2022' AND rowid IN "
        "(SELECT rowid FROM hs_codes_fts WHERE hs_codes_fts MATCH 'roasted coffee')").fetchall()
    assert ("090121",) in coffee
    # Accents are folded: Côte d'Ivoire is found as cote.
    assert connection.execute("SELECT count(*) FROM members_fts WHERE members_fts MATCH 'cote'"
                              ).fetchone()[0] >= 1


def test_the_hs_tables_hold_every_code_and_unsds_tables(connection):
    db = Database()
    assert connection.execute("SELECT count(*) FROM hs_codes").fetchone()[0] == sum(
        1 for _ in db.hs.all_codes())
    assert connection.execute(
        "SELECT level, parent, description FROM hs_codes WHERE edition = '2022' "
        "AND code = '090121'").fetchone() == ("subheading", "0901", "Coffee; roasted, not "
                                              "decaffeinated")
    # The example of the changelog: 8471.30 of 2012 is one code of 2017, 1:1.
    assert connection.execute(
        "SELECT newer_code, relationship FROM hs_conversions WHERE older_edition = '2012' "
        "AND newer_edition = '2017' AND older_code = '847130'").fetchall() == [("847130", "1:1")]
    pairs = {row for row in connection.execute(
        "SELECT DISTINCT older_edition, newer_edition FROM hs_conversions")}
    assert pairs == {("1992", "1996"), ("1996", "2002"), ("2002", "2007"), ("2007", "2012"),
                     ("2012", "2017"), ("2017", "2022")}
    others = {row[0] for row in connection.execute(
        "SELECT DISTINCT classification FROM hs_concordances")}
    assert others == {"sitc3", "sitc4", "bec4"}
    # Every pair of each of UNSD's tables exported, each table named with its source.
    for table, older in [("hs_conversions", "older_edition"),
                         ("hs_concordances", "classification")]:
        found = dict(connection.execute(
            f"SELECT newer_edition || '>' || {older}, count(*) FROM {table} GROUP BY 1"))
        stated = dict(connection.execute(
            "SELECT newer_edition || '>' || older, pairs FROM hs_unsd_tables "
            "WHERE exported_as = ?", (table,)))
        assert found == stated
    assert connection.execute("SELECT source FROM hs_unsd_tables WHERE newer_edition = '2022' "
                              "AND older = '2017'").fetchone()[0].startswith("UN Statistics")
    # Where UNSD has a direct table, `wco hs CODE --to` relates the codes the table holds.
    for code, to in [("090121", "sitc4"), ("847130", "bec4"), ("030389", "sitc3")]:
        converted = db.hs.convert(code, to, edition="2022", limit=None)
        assert converted["path"] == ["2022", to]
        found = {row[0] for row in connection.execute(
            "SELECT older_code FROM hs_concordances WHERE newer_edition = '2022' "
            "AND newer_code = ? AND classification = ?", (code, to))}
        assert found == {row["code"] for row in converted["related"]}, code
    assert connection.execute("SELECT end_use FROM hs_classification_codes WHERE "
                              "classification = 'bec4' AND code = '111'").fetchone()[0] \
        is not None


def test_datasettes_metadata_describes_the_database_and_every_table(exported, connection):
    meta = json.loads(exported.with_name("wco.json").read_text(encoding="utf-8"))
    fields = ("source", "source_url", "license", "license_url")
    assert all(meta[field] for field in ("title", "description", *fields))
    described = meta["databases"]["wco"]["tables"]
    assert set(described) == tables(connection)
    for table, entry in described.items():
        assert all(entry[field] for field in ("description", *fields)), table
    assert "UN Statistics Division" in described["hs_conversions"]["source"]
    assert "PDDL" in described["hs"]["license"]


def test_progress_is_reported_from_zero_to_the_whole(tmp_path):
    seen: list[tuple[int, int]] = []
    export_sqlite(Database(), tmp_path / "p.db", on_progress=lambda d, t: seen.append((d, t)))
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == list(range(len(seen)))
    assert len({t for _, t in seen}) == 1 and seen[-1][1] > 30


def test_the_metadata_file_is_refused_like_the_database(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n")
    with pytest.raises(InvalidValue, match="not a JSON object"):
        export_sqlite(Database(), tmp_path / "a.db", metadata=notes)
    assert notes.read_text() == "mine\n" and not (tmp_path / "a.db").exists()
    with pytest.raises(InvalidValue, match="must not be the database"):
        export_sqlite(Database(), tmp_path / "a.db", metadata=tmp_path / "a.db")
    with pytest.raises(InvalidValue, match="no directory"):
        export_sqlite(Database(), tmp_path / "a.db", metadata=tmp_path / "no" / "m.json")
    export_sqlite(Database(), tmp_path / "a.db", metadata=notes, force=True)
    assert json.loads(notes.read_text())["databases"]["a"]["tables"]["offices"]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".wco-tmp")] == []


def test_the_command_writes_the_metadata_and_says_so(tmp_path):
    import subprocess

    result = subprocess.run([installed_wco(), "export", "--sqlite", str(tmp_path / "w.db"),
                             "--metadata", str(tmp_path / "w.json")], capture_output=True,
                            text=True, env=subprocess_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"{tmp_path / 'w.json'}: Datasette metadata of" in result.stdout
    assert json.loads((tmp_path / "w.json").read_text())["databases"]["w"]
    bad = subprocess.run([installed_wco(), "export", "--sqlite", str(tmp_path / "w.db"),
                          "--metadata", str(tmp_path)], capture_output=True, text=True,
                         env=subprocess_env(), timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "--metadata" in bad.stderr and "is a directory" in bad.stderr
