"""The export in the tools researchers use: Datasette over it (full-text search, a fact's values
as rows, a facet, the metadata), and DuckDB re-expressing a trade table of HS2017 codes in
HS2022 through the exported conversion table, exactly as README's recipe does."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import subprocess_env

from wco_cli import Database
from wco_cli.export import export_sqlite


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tools") / "wco.db"
    export_sqlite(Database(), path, metadata=path.with_name("metadata.json"))
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def datasette(exported: Path) -> Any:
    """Datasette serving the export with its metadata on 127.0.0.1: a function getting JSON."""
    pytest.importorskip("datasette")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from datasette.cli import cli; cli()", "serve", str(exported),
         "-m", str(exported.with_name("metadata.json")), "--host", "127.0.0.1", "--port",
         str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=subprocess_env())

    def get(path: str) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
            return json.load(answer)

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get("/-/versions.json")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"datasette did not start: {server.stderr.read()!r}"
                                         if server.stderr else "datasette did not start"
                                         ) from None
                time.sleep(0.2)
        yield get
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_datasette_searches_the_full_text_index(datasette):
    found = datasette("/wco/offices.json?_search=intelligence&_shape=objects")
    assert found["rows"] and "rilo-esa" in {row["id"] for row in found["rows"]}
    assert all(row["type"] == "rilo" for row in found["rows"])
    coffee = datasette("/wco/hs_codes.json?_search=roasted+coffee&edition=2022&_shape=objects")
    assert "090121" in {row["code"] for row in coffee["rows"]}


def test_datasette_gives_a_facts_values_as_rows_of_the_child_table(datasette, exported):
    import sqlite3

    with sqlite3.connect(exported) as connection:
        expected = connection.execute(
            "SELECT count(*) FROM fact_values WHERE fact_id = 'members'").fetchone()[0]
    found = datasette("/wco/fact_values.json?fact_id=members&_shape=objects&_size=max"
                      "&_sort=position")
    assert len(found["rows"]) == expected > 3
    assert {row["id"] for row in found["rows"]} == {"members"}
    assert found["rows"][-1]["value"] >= 187
    linked = datasette("/wco/fact_values_sources.json?_shape=objects&fact_value_id="
                       f"{found['rows'][-1]['fact_value_id']}")
    assert linked["rows"]


def test_datasette_facets_a_column(datasette):
    found = datasette("/wco/offices.json?_facet=type&_size=0")
    counts = {item["value"]: item["count"] for item in found["facet_results"]["type"]["results"]}
    assert set(counts) == {"rilo", "rocb", "rtc"} and sum(counts.values()) == 50


def test_datasette_shows_the_metadata(datasette):
    meta = datasette("/-/metadata.json")
    assert meta["title"] and meta["license_url"]
    assert meta["databases"]["wco"]["tables"]["hs_conversions"]["source"].startswith(
        "UN Statistics Division")


# ---- DuckDB: README's recipe, run as written there (with N trade rows, not 10 million) -------

def recipe(database: Path, folder: Path, n: int) -> tuple[list[tuple[str, float]], Any]:
    """README "Export": (the rows in HS2022, the DuckDB connection holding the trade table)."""
    import csv
    import sqlite3

    import duckdb

    # 1. The HS2017 -> HS2022 pairs from the export, as CSV (DuckDB reads it without any
    #    extension); `links` is how many HS2022 codes each HS2017 code relates to.
    with sqlite3.connect(database) as db, open(folder / "hs2017_hs2022.csv", "w",
                                              newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["hs2017", "hs2022", "links"])
        writer.writerows(db.execute(
            "SELECT older_code, newer_code, count(*) OVER (PARTITION BY older_code) "
            "FROM hs_conversions WHERE older_edition = '2017' AND newer_edition = '2022'"))
    duck = duckdb.connect()
    duck.execute(f"""CREATE TABLE conversion AS SELECT * FROM read_csv(
        '{folder / "hs2017_hs2022.csv"}', header = true,
        columns = {{'hs2017': 'VARCHAR', 'hs2022': 'VARCHAR', 'links': 'INTEGER'}})""")
    # 2. A trade table of HS2017 subheadings and values (yours would be read from a file).
    duck.execute(f"""CREATE TABLE trade AS
        SELECT codes.hs2017, (i % 1000 + 1)::DOUBLE AS value
        FROM range({n}) AS r(i)
        JOIN (SELECT hs2017, row_number() OVER (ORDER BY hs2017) - 1 AS k
              FROM (SELECT DISTINCT hs2017 FROM conversion)) AS codes
          ON codes.k = i % (SELECT count(DISTINCT hs2017) FROM conversion)""")
    # 3. Each value in HS2022: split evenly among the codes its HS2017 code relates to.
    hs2022 = duck.execute("""
        SELECT c.hs2022, sum(t.value / c.links) AS value
        FROM trade AS t JOIN conversion AS c USING (hs2017)
        GROUP BY c.hs2022 ORDER BY c.hs2022""").fetchall()
    return hs2022, duck


def test_duckdb_reexpresses_hs2017_trade_in_hs2022(exported, tmp_path):
    pytest.importorskip("duckdb")
    rows, duck = recipe(exported, tmp_path, 100_000)
    total = duck.execute("SELECT sum(value), count(*) FROM trade").fetchone()
    assert total[1] == 100_000
    assert sum(value for _, value in rows) == pytest.approx(total[0])
    found = dict(rows)
    # 0901.21 (roasted coffee) is 1:1 between the editions: its value carries over whole.
    coffee = duck.execute("SELECT sum(value) FROM trade WHERE hs2017 = '090121'").fetchone()[0]
    assert found["090121"] == pytest.approx(coffee)
    # Every HS2022 value is its share of each HS2017 code's value, worked out here apart.
    import sqlite3

    with sqlite3.connect(exported) as connection:
        pairs = connection.execute(
            "SELECT older_code, newer_code FROM hs_conversions "
            "WHERE older_edition = '2017' AND newer_edition = '2022'").fetchall()
    links = Counter(older for older, _ in pairs)
    traded = dict(duck.execute("SELECT hs2017, sum(value) FROM trade GROUP BY 1").fetchall())
    expected: Counter[str] = Counter()
    for older, newer in pairs:
        expected[newer] += traded.get(older, 0) / links[older]
    assert found == pytest.approx({code: v for code, v in expected.items() if v})
    # 8517.12 (mobile phones) of HS2017 reaches 8517.13 and 8517.14 of HS2022.
    assert {"851713", "851714"} <= {newer for older, newer in pairs if older == "851712"}
    assert all(len(code) == 6 for code in found)  # codes keep their leading zeros
