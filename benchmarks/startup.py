"""Start-up benchmark: what a person waits for, on the paths a person sees.

Run it with the Python of an environment where wco is installed:

    python benchmarks/startup.py [--rounds N] [--quick] [--scaling]

What it measures, in interleaved rounds (round 1 runs every case once, round 2 every case once,
...) so that load on the machine falls on every case alike:

- tables as a person sees them: on a real pseudo-terminal (120x40, TERM=xterm-256color, colour
  allowed), the benchmark reading everything the command prints;
- `wco --help` and `wco offices --help` on the same kind of terminal;
- --json output into a pipe, as in `wco facts --json | jq`;
- baselines: `python -c pass`, and a minimal Typer app both into a pipe and on a terminal;
  and, for comparison only, that app ending as wco does (os._exit once its output is
  flushed, skipping Python's teardown), so that what wco adds on its own can be read.

Each case reports its best (minimum) and median wall time, the spread (median / best: how noisy
the machine was), the best time as a multiple of `python -c pass` and of the minimal Typer app
on the same kind of output, and its peak memory (max RSS from os.wait4, median over the rounds)
as a multiple of that same minimal app. Every command runs from compiled bytecode, as from an
installed wheel: bytecode is written to a temporary cache in a warm-up round that is not
counted, and the environment is a person's (no NO_COLOR, COLUMNS or WCO_DATA_DIR).

BUDGETS below holds every limit; the last lines name each path over budget, or say that all
are within it. The exit status is 0 either way (this is a report), unless a command fails: then
it stops and names the command.

The scaling case (run at the end by default, alone with --scaling, skipped by --quick) copies
the bundled data directory twice into a temporary directory, one copy with members.json at 10x
its size, checks both with `wco validate`, and times `wco --data-dir DIR members --json` on
each, interleaved.

Timings on shared machines are noisy: read the spread column, and re-run before trusting one
table. Not part of the tests.
"""

from __future__ import annotations

import argparse
import fcntl
import itertools
import json
import os
import pty
import shutil
import statistics
import string
import struct
import subprocess
import sys
import tempfile
import termios
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# Every limit, as a multiple of the minimal Typer app on the same kind of output (time: best
# of the rounds; memory: median max RSS). "scaling" is 10x members over the bundled copy.
BUDGETS: dict[str, float] = {
    "table": 1.55,  # a table on a terminal
    "help": 1.30,  # --help on a terminal
    "search": 1.20,  # search training --json
    "json": 1.15,  # every other --json path
    "hs words": 1.25,  # hs roasted coffee --json
    "memory piped": 1.20,
    "memory terminal": 1.35,
    "scaling": 2.00,
}

MINIMAL = "minimal typer app --json"
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

# The same app ended as wco ends (cli.run): at once, once its output is flushed, without
# Python's teardown. Shown for comparison only; "x app" is always over MINIMAL_APP.
MINIMAL_APP_ENDED_AT_ONCE = MINIMAL_APP.replace("import json, sys", "import json, os, sys").replace(
    "\napp()\n", "\ntry:\n    app()\nexcept SystemExit as done:\n    sys.stdout.flush()\n"
    "    os._exit(done.code or 0)\n")
ENDED_AT_ONCE = "typer app ended by os._exit --json"

# Starts the command (argv[2:]), waits for it and writes "ms max-RSS-KiB exit-status" to the
# file descriptor argv[1]. A child's max RSS counts the memory of the process it was forked
# from, so the commands are forked from this small process (its peak is below that of
# `python -c pass`), not from the benchmark, whose own memory would hide theirs.
LAUNCHER = """
import os, sys, time
report, argv = int(sys.argv[1]), sys.argv[2:]
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execve(argv[0], argv, os.environ)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = (time.perf_counter() - start) * 1000
os.write(report, f"{elapsed} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""

TERMINAL_SIZE = (40, 120)  # rows, columns
DEFAULT_ROUNDS, QUICK_ROUNDS = 15, 5
SCALE = 10
# Variables that would change what the commands print, where they read data from, or whether
# they load compiled bytecode.
UNSET = ("NO_COLOR", "FORCE_COLOR", "PY_COLORS", "CLICOLOR_FORCE", "COLUMNS", "LINES",
         "WCO_DATA_DIR", "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")

TABLES = [["offices", "--region", "africa"], ["facts"], ["history"], ["members"],
          ["hs", "0901.21"], ["hs", "roasted", "coffee"]]
HELP = [["--help"], ["offices", "--help"]]
JSON = [["offices", "--region", "africa", "--json"], ["facts", "--json"], ["goals", "--json"],
        ["history", "--json"], ["members", "--json"], ["regions", "--json"],
        ["search", "training", "--json"], ["hs", "0901.21", "--json"],
        ["hs", "roasted", "coffee", "--json"], ["hs", "--json"]]
JSON_BUDGETS = {"search training --json": "search", "hs roasted coffee --json": "hs words"}


@dataclass
class Case:
    """One command line, run on a terminal or into a pipe, with the samples of every round."""

    label: str
    argv: list[str]
    terminal: bool
    budget: str | None = None  # a key of BUDGETS; None for the baselines
    times: list[float] = field(default_factory=list)  # ms
    peaks: list[int] = field(default_factory=list)  # KiB

    @property
    def output(self) -> str:
        return "tty" if self.terminal else "pipe"

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def memory(self) -> float:
        return statistics.median(self.peaks)


# ---- running one command -------------------------------------------------------------------

def terminal_pair() -> tuple[int, int]:
    """A pseudo-terminal (master, slave) with the window size of TERMINAL_SIZE."""
    master, slave = pty.openpty()
    rows, columns = TERMINAL_SIZE
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return master, slave


def drain(fd: int) -> bytes:
    """Everything written to FD's other end, until every writer has closed it (a pty's
    master reports that as EIO, a pipe as end of file)."""
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def run(argv: list[str], env: dict[str, str], terminal: bool) -> tuple[float, int, int, bytes]:
    """Run ARGV to its end: (wall ms, max RSS in KiB, exit status, what it printed).

    On a terminal the command gets the pty as stdin, stdout and stderr; otherwise stdout and
    stderr go into one pipe. Either way the output is read as it comes, so the command never
    blocks on a full buffer. The command is started, timed and reaped by LAUNCHER, which
    reports on a pipe of its own."""
    reader, writer = terminal_pair() if terminal else os.pipe()
    stdin = writer if terminal else subprocess.DEVNULL
    report_reader, report_writer = os.pipe()
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, str(report_writer), *argv]
    try:
        process = subprocess.Popen(launcher, stdin=stdin, stdout=writer, stderr=writer,
                                   env=env, pass_fds=(report_writer,))
    finally:
        os.close(writer)
        os.close(report_writer)
    try:
        output = drain(reader)
        report = drain(report_reader).decode()
    finally:
        os.close(reader)
        os.close(report_reader)
    if process.wait() != 0 or not report:
        tail = output.decode(errors="replace")[-800:]
        raise SystemExit(f"the launcher failed on: {' '.join(argv)}\n{tail}")
    elapsed, peak, status = report.split()
    return float(elapsed), int(peak), int(status), output


def measure(case: Case, env: dict[str, str]) -> None:
    """One sample of CASE; stop the benchmark if the command fails."""
    elapsed, peak, status, output = run(case.argv, env, case.terminal)
    if status != 0:
        tail = output.decode(errors="replace").strip()[-800:]
        raise SystemExit(f"failed (exit status {status}): {' '.join(case.argv)}\n{tail}")
    case.times.append(elapsed)
    case.peaks.append(peak)


def interleave(cases: list[Case], rounds: int, env: dict[str, str]) -> None:
    """One warm-up round (compiles bytecode, fills caches; not kept), then ROUNDS rounds."""
    for case in cases:
        measure(case, env)
        case.times.clear()
        case.peaks.clear()
    for _ in range(rounds):
        for case in cases:
            measure(case, env)


def user_env(pycache: Path) -> dict[str, str]:
    """The environment of a person at a colour terminal, without settings that change output.

    Bytecode goes to PYCACHE, written in the warm-up round and read in every later run, as an
    installed package's is: an editable install run with PYTHONDONTWRITEBYTECODE set would
    otherwise compile wco's modules from source on every run (Typer's come compiled)."""
    env = {name: value for name, value in os.environ.items() if name not in UNSET}
    env["TERM"] = "xterm-256color"
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    # A table longer than the terminal would go to a pager waiting for keys: the time measured
    # is the command's, up to the last line it writes.
    env["WCO_PAGER"] = ""
    return env


def find_wco() -> str:
    """The wco console script beside this Python, else the one on PATH."""
    beside = Path(sys.executable).with_name("wco")
    found = str(beside) if beside.exists() else shutil.which("wco")
    if not found:
        raise SystemExit("wco is not installed in this environment: install it first")
    return found


# ---- the start-up table ----------------------------------------------------------------------

def baselines(app: Path, app_ended_at_once: Path) -> list[Case]:
    return [Case("python -c pass", [sys.executable, "-c", "pass"], terminal=False),
            Case(MINIMAL, [sys.executable, str(app), "--json"], False),
            Case(MINIMAL, [sys.executable, str(app), "--json"], True),
            Case(ENDED_AT_ONCE, [sys.executable, str(app_ended_at_once), "--json"], False)]


def wco_cases(wco: str) -> list[Case]:
    def case(args: list[str], terminal: bool, budget: str) -> Case:
        return Case("wco " + " ".join(args), [wco, *args], terminal, budget)

    cases = [case(args, True, "table") for args in TABLES]
    cases += [case(args, True, "help") for args in HELP]
    for args in JSON:
        cases.append(case(args, False, JSON_BUDGETS.get(" ".join(args), "json")))
    return cases


def reference(cases: list[Case], terminal: bool) -> Case:
    """The minimal Typer app on the same kind of output."""
    return next(c for c in cases if c.label == MINIMAL and c.terminal == terminal)


def overages(case: Case, app: Case) -> list[str]:
    """What CASE exceeds, each as one line naming the path and by how much."""
    if case.budget is None:
        return []
    found = []
    name = f"{case.label} ({case.output})"
    limit, ratio = BUDGETS[case.budget], case.best / app.best
    if ratio > limit:
        extra = case.best - limit * app.best
        found.append(f"{name}: time {ratio:.2f}x app, budget {limit:.2f}x: "
                     f"{(ratio / limit - 1) * 100:.1f}% over (+{extra:.1f} ms)")
    limit = BUDGETS["memory terminal" if case.terminal else "memory piped"]
    ratio = case.memory / app.memory
    if ratio > limit:
        extra = (case.memory - limit * app.memory) / 1024
        found.append(f"{name}: memory {ratio:.2f}x app, budget {limit:.2f}x: "
                     f"{(ratio / limit - 1) * 100:.1f}% over (+{extra:.1f} MiB)")
    return found


def print_table(cases: list[Case]) -> list[str]:
    """The table of every case; returns the over-budget lines."""
    bare = cases[0]
    print(f"\n{'case':34} {'out':4} {'best':>6} {'median':>6} {'spread':>6} {'x bare':>6} "
          f"{'x app':>5} {'MiB':>5} {'x app':>5} {'limit':>5}  verdict")
    over: list[str] = []
    for case in cases:
        app = reference(cases, case.terminal)
        missed = overages(case, app)
        over += missed
        budget = f"{BUDGETS[case.budget]:.2f}" if case.budget else ""
        verdict = "" if case.budget is None else ("OVER" if missed else "ok")
        row = (f"{case.label:34} {case.output:4} {case.best:6.1f} {case.median:6.1f} "
               f"{case.median / case.best:6.2f} {case.best / bare.best:6.2f} "
               f"{case.best / app.best:5.2f} {case.memory / 1024:5.1f} "
               f"{case.memory / app.memory:5.2f} {budget:>5}  {verdict}")
        print(row.rstrip())
    spreads = sorted((c.median / c.best, c.label) for c in cases)
    print(f"\nspread (median/best): {statistics.median(s for s, _ in spreads):.2f} typical, "
          f"{spreads[-1][0]:.2f} worst ({spreads[-1][1]})")
    print("best, median: wall ms over the rounds; spread: median/best; x bare: best / python -c "
          "pass;\nx app: best time, then memory (MiB: median max RSS), over the minimal Typer app "
          "on the same\noutput (tty or pipe); limit: the time budget in x app; memory budget "
          f"{BUDGETS['memory terminal']:.2f}x on a tty, {BUDGETS['memory piped']:.2f}x in a pipe"
          f"\n{ENDED_AT_ONCE.removesuffix(' --json')}: the minimal app ending as wco does, without "
          "Python's teardown\n(for comparison: wco's paths over it are its own cost)")
    return over


def startup(wco: str, rounds: int, env: dict[str, str], tmp: Path) -> list[str]:
    app, app_ended_at_once = tmp / "minimal_typer_app.py", tmp / "typer_app_ended_at_once.py"
    app.write_text(MINIMAL_APP)
    app_ended_at_once.write_text(MINIMAL_APP_ENDED_AT_ONCE)
    cases = baselines(app, app_ended_at_once) + wco_cases(wco)
    interleave(cases, rounds, env)
    return print_table(cases)


# ---- scaling: members.json at 10x ------------------------------------------------------------

def free_codes(length: int, taken: set[str]) -> Iterator[str]:
    """Upper-case codes of LENGTH letters not in TAKEN, in order."""
    every = ("".join(letters)
             for letters in itertools.product(string.ascii_uppercase, repeat=length))
    return itertools.filterfalse(taken.__contains__, every)


def scaled_members(members: list[dict], factor: int) -> list[dict]:
    """MEMBERS and FACTOR - 1 copies of each, with unique ids, names, aliases and ISO codes.
    ISO alpha-2 has only 676 codes: copies take unused ones while they last, then none."""
    alpha2 = free_codes(2, {m["iso_alpha2"] for m in members if m["iso_alpha2"]})
    alpha3 = free_codes(3, {m["iso_alpha3"] for m in members if m["iso_alpha3"]})
    scaled = list(members)
    for n in range(2, factor + 1):
        for member in members:
            copy = json.loads(json.dumps(member))
            copy["id"] = f"{member['id']}-copy{n}"
            copy["name"] = f"{member['name']} (copy {n})"
            copy["aliases"] = [f"{alias} (copy {n})" for alias in member["aliases"]]
            copy["iso_alpha2"] = next(alpha2, None) if member["iso_alpha2"] else None
            copy["iso_alpha3"] = next(alpha3, None) if member["iso_alpha3"] else None
            scaled.append(copy)
    return scaled


def bundled_data() -> Path:
    """The data directory the installed wco reads by default."""
    try:
        from wco_cli.store import bundled_dir
    except ImportError:
        raise SystemExit("cannot import wco_cli: run with the Python wco is installed in") \
            from None
    return bundled_dir()


def data_copies(tmp: Path) -> tuple[Path, Path, int, int]:
    """(bundled copy, 10x copy, member records in each) under TMP."""
    plain, scaled = tmp / "bundled", tmp / f"members-x{SCALE}"
    shutil.copytree(bundled_data(), plain)
    shutil.copytree(plain, scaled)
    members = json.loads((plain / "members.json").read_text(encoding="utf-8"))
    more = scaled_members(members, SCALE)
    (scaled / "members.json").write_text(json.dumps(more, ensure_ascii=False, indent=1),
                                         encoding="utf-8")
    return plain, scaled, len(members), len(more)


def check_valid(wco: str, directory: Path, env: dict[str, str]) -> None:
    _, _, status, output = run([wco, "--data-dir", str(directory), "validate"], env, False)
    if status != 0:
        raise SystemExit(f"{directory} does not validate (exit status {status}):\n"
                         + output.decode(errors="replace")[-800:])


def scaling(wco: str, rounds: int, env: dict[str, str], tmp: Path) -> list[str]:
    plain, scaled, plain_count, scaled_count = data_copies(tmp)
    for directory in (plain, scaled):
        check_valid(wco, directory, env)
    cases = [Case(f"bundled copy ({plain_count} records)",
                  [wco, "--data-dir", str(plain), "members", "--json"], False, "scaling"),
             Case(f"members x{SCALE} ({scaled_count} records)",
                  [wco, "--data-dir", str(scaled), "members", "--json"], False, "scaling")]
    interleave(cases, rounds, env)
    print(f"\nScaling: wco --data-dir DIR members --json into a pipe, {rounds} interleaved "
          f"rounds; both copies validate")
    print(f"{'data':30} {'best':>6} {'median':>6} {'spread':>6} {'ms per 1,000 records':>21}")
    for case, count in zip(cases, (plain_count, scaled_count), strict=True):
        print(f"{case.label:30} {case.best:6.1f} {case.median:6.1f} "
              f"{case.median / case.best:6.2f} {case.best / count * 1000:21.1f}")
    ratio, limit = cases[1].best / cases[0].best, BUDGETS["scaling"]
    added = (cases[1].best - cases[0].best) / (scaled_count - plain_count) * 1000
    print(f"ratio x{SCALE} / bundled: {ratio:.2f} (budget {limit:.2f}), "
          f"{added:.1f} ms per 1,000 added records: {'OVER' if ratio > limit else 'ok'}")
    if ratio > limit:
        return [f"members --json with members x{SCALE}: {ratio:.2f}x the bundled copy, budget "
                f"{limit:.2f}x: {(ratio / limit - 1) * 100:.1f}% over"]
    return []


# ---- main ------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, help=f"rounds to run (default {DEFAULT_ROUNDS}, "
                                                   f"{QUICK_ROUNDS} with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"{QUICK_ROUNDS} rounds, no scaling case")
    parser.add_argument("--scaling", action="store_true", help="run only the scaling case")
    args = parser.parse_args()
    rounds = args.rounds or (QUICK_ROUNDS if args.quick else DEFAULT_ROUNDS)
    wco = find_wco()
    import typer

    print(f"Python {sys.version.split()[0]}, Typer {typer.__version__}, {rounds} interleaved "
          f"rounds after 1 warm-up; times in ms; terminal {TERMINAL_SIZE[1]}x{TERMINAL_SIZE[0]}"
          f"\n{wco}; bytecode compiled in the warm-up, cached in a temporary directory")
    over: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = user_env(Path(tmp) / "pycache")
        if not args.scaling:
            over += startup(wco, rounds, env, Path(tmp))
        if args.scaling or not args.quick:
            over += scaling(wco, rounds, env, Path(tmp))
    if over:
        print(f"\n{len(over)} over budget (x app: the minimal Typer app on the same output):")
        print("\n".join(f"  {line}" for line in over))
    else:
        print("\nall paths within budget")


if __name__ == "__main__":
    main()
