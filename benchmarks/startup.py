"""Start-up benchmark: wco commands against bare Python and a minimal Typer app.

Run from an environment where wco is installed (not editable, so bytecode is compiled):
    python benchmarks/startup.py [--rounds 15]
Runs are interleaved round by round, so load on the machine hits every command alike; the
table gives the best time of each, its ratio to `python -c pass` and to the minimal Typer
app, and peak memory (max RSS). Not part of the tests: timings on shared machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import json, sys
import typer
app = typer.Typer()
@app.command()
def main(json_: bool = typer.Option(False, "--json")):
    json.dump([{"city": "Nairobi"}], sys.stdout)
    sys.stdout.write("\\n")
app()
'''

# Budgets from issue 6: --json commands <= 7x bare Python and <= 1.15x the minimal Typer app;
# table output <= 9x bare Python; max RSS <= 1.2x the minimal Typer app.
JSON_COMMANDS = [
    ["offices", "--region", "africa", "--json"], ["facts", "--json"], ["goals", "--json"],
    ["history", "--json"], ["members", "--json"], ["regions", "--json"],
]
TABLE_COMMANDS = [["offices", "--region", "africa"], ["facts"], ["history"]]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in ms and the child's max RSS in KiB for one run."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    if status != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    wco = shutil.which("wco") or str(Path(sys.executable).with_name("wco"))
    env = {**os.environ, "NO_COLOR": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "minimal_typer_app.py"
        app.write_text(MINIMAL_APP)
        cases = {"python -c pass": [sys.executable, "-c", "pass"],
                 "import typer": [sys.executable, "-c", "import typer"],
                 "minimal typer app --json": [sys.executable, str(app), "--json"]}
        for command in JSON_COMMANDS + TABLE_COMMANDS:
            cases["wco " + " ".join(command)] = [wco, *command]
        best = {name: float("inf") for name in cases}
        rss = {name: 0 for name in cases}
        for _ in range(args.rounds):
            for name, argv in cases.items():
                elapsed, peak = run_once(argv, env)
                best[name] = min(best[name], elapsed)
                rss[name] = max(rss[name], peak)
    bare, typer_app = best["python -c pass"], best["minimal typer app --json"]
    import typer

    print(f"Python {sys.version.split()[0]}, Typer {typer.__version__}, best of {args.rounds} interleaved rounds\n")
    print(f"{'command':44} {'ms':>7} {'x bare':>7} {'x app':>7} {'RSS MiB':>8} {'x app':>6}  budget")
    failures = 0
    for name in cases:
        ratio_bare, ratio_app = best[name] / bare, best[name] / typer_app
        ratio_rss = rss[name] / rss["minimal typer app --json"]
        verdict = ""
        if name.startswith("wco "):
            missed = []
            if name.endswith("--json"):
                missed += ["7x bare"] if ratio_bare > 7 else []
                missed += ["1.15x app"] if ratio_app > 1.15 else []
            elif ratio_bare > 9:
                missed.append("9x bare")
            missed += ["1.2x RSS"] if ratio_rss > 1.2 else []
            verdict = "ok" if not missed else "over " + ", ".join(missed)
            failures += bool(missed)
        print(f"{name:44} {best[name]:7.1f} {ratio_bare:7.2f} {ratio_app:7.2f} {rss[name] / 1024:8.1f} {ratio_rss:6.2f}  {verdict}")
    print(f"\n{failures} command(s) over budget" if failures else "\nall commands within budget")
    if typer_app / bare > 7:
        print(f"note: the minimal Typer app alone is {typer_app / bare:.2f}x bare Python here, so no Typer "
              "command can meet the 7x budget on this machine; compare against the app column.")


if __name__ == "__main__":
    main()
