"""How long `wco export --sqlite` takes: the whole export, and the HS part alone (reading every
code, UNSD's tables and the SITC/BEC codes with the bulk readers, and writing them with their
indexes and full-text index), each the best of --rounds runs in this process with cold caches.

    python benchmarks/export_speed.py --rounds 5
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from wco_cli import Database
from wco_cli.export import _create, _write, export_sqlite
from wco_cli.export_tables import _extra_sheet
from wco_cli.hscodes.tables import clear_cache


def whole(folder: Path) -> float:
    clear_cache()
    started = time.perf_counter()
    export_sqlite(Database(), folder / "wco.db")
    return time.perf_counter() - started


def hs_part(folder: Path) -> tuple[float, dict[str, int]]:
    """The HS dataset's extra tables, read and written into a fresh database."""
    clear_cache()
    path = folder / "hs.db"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    started = time.perf_counter()
    connection.execute("BEGIN")
    counts = {}
    sheets = [_extra_sheet(table, "hs") for table in Database().hs.extra_tables()]
    for sheet in sheets:
        _create(connection, sheet)
    for sheet in sheets:
        counts[sheet.name] = _write(connection, sheet)
    connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        hs_times, counts = [], {}
        for _ in range(rounds):
            elapsed, counts = hs_part(folder)
            hs_times.append(elapsed)
        whole_times = [whole(folder) for _ in range(rounds)]
    rows = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(f"HS part:      {min(hs_times):.3f} s best of {rounds} ({rows})")
    print(f"whole export: {min(whole_times):.3f} s best of {rounds}")


if __name__ == "__main__":
    main()
