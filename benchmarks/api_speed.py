"""Python API speed: microseconds per `get` by id or code, beside a plain dict lookup.

    python benchmarks/api_speed.py [--number 20000] [--rounds 5]

For a few datasets and codes (an ISO alpha-3 code, an alpha-2 code, an id, in any case), the
best of ROUNDS timeit runs of NUMBER calls each, once the dataset is loaded and its index built:
- `get`: `db.NAME.get(code)`, which hands out a fresh copy of the record;
- `dict`: `records[code]` on a plain dict of the same records (no copy): the floor of a lookup;
- `dict+copy`: the same lookup and a deep copy by `copy.deepcopy`, for comparison with what
  `get` does. `get` finds a record with one dict lookup; the rest of its time is the copy,
  so a large record (an office with its hosts, a fact with its dated values) costs more.

Standard library and the package only. The checkout's src/ comes first on sys.path. Not part
of the tests: timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import copy
import sys
import timeit
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wco_cli.store import Database  # noqa: E402

CASES = [("members", "KEN"), ("members", "ke"), ("members", "zimbabwe"),
         ("regions", "esa"), ("sources", "g01"), ("history", None),
         ("offices", "rilo-ap"), ("facts", "members")]


def best(statement: object, number: int, rounds: int) -> float:
    """Microseconds per call of STATEMENT, the best of ROUNDS runs of NUMBER calls."""
    runs = timeit.repeat(statement, number=number, repeat=rounds)  # type: ignore[arg-type]
    return min(runs) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    db = Database()
    best(lambda: db.members.get("KEN"), args.number, 1)  # warm up: load, index, CPU clock
    print(f"{'dataset':<10} {'code':<14} {'get':>8} {'dict':>8} {'dict+copy':>10}  (µs per call)")
    for name, code in CASES:
        dataset = db.dataset(name)
        code = code or dataset.ids()[-1]
        plain = {key.casefold(): record for record in dataset.records
                 for key in dataset.codes(record) if key}
        assert dataset.get(code) == plain[code.casefold()]
        wanted = code.casefold()
        get = best(lambda d=dataset, c=code: d.get(c), args.number, args.rounds)
        lookup = best(lambda p=plain, w=wanted: p[w], args.number, args.rounds)
        copied = best(lambda p=plain, w=wanted: copy.deepcopy(p[w]), args.number // 10 or 1,
                      args.rounds)
        print(f"{name:<10} {code[:14]:<14} {get:8.2f} {lookup:8.2f} {copied:10.2f}")


if __name__ == "__main__":
    main()
