"""How long `wco export --sqlite` takes: the whole export, the HS part (reading every code,
UNSD's tables and the SITC/BEC codes with the HS package's bulk readers, and writing them with
their indexes and full-text index), and hs_codes alone; each the best of --rounds runs in this
process with cold HS caches, as wall-clock and CPU time (CPU time is steadier on a busy machine).

    python benchmarks/export_speed.py --rounds 5
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wco_cli import Database
from wco_cli.export import _create, _write, export_sqlite
from wco_cli.export_tables import _extra_sheet
from wco_cli.hscodes.tables import clear_cache


def timed(run: Callable[[], object]) -> tuple[float, float]:
    clear_cache()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def hs_tables(path: Path, only: str | None = None) -> dict[str, int]:
    """The HS dataset's extra tables (or the one named ONLY), read and written into PATH."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    sheets = [_extra_sheet(table, "hs") for table in Database().hs.extra_tables()
              if only in (None, table.name)]
    for sheet in sheets:
        _create(connection, sheet)
    counts = {sheet.name: _write(connection, sheet) for sheet in sheets}
    connection.execute("COMMIT")
    connection.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        runs = {
            "hs_codes alone": lambda: hs_tables(folder / "codes.db", "hs_codes"),
            "HS part": lambda: hs_tables(folder / "hs.db"),
            "whole export": lambda: export_sqlite(Database(), folder / "wco.db"),
        }
        for label, run in runs.items():
            times = [timed(run) for _ in range(rounds)]
            print(f"{label + ':':16} {min(t[0] for t in times):.3f} s wall, "
                  f"{min(t[1] for t in times):.3f} s CPU (best of {rounds})")
        rows = hs_tables(folder / "hs.db")
        print("HS rows: " + ", ".join(f"{n} {table}" for table, n in rows.items()))


if __name__ == "__main__":
    main()
