"""Microchimera and its peers on ref-linear-7, in one run: one table of speed and correctness.

Run by `make peers` (Benchmarks/peers/run.sh, which installs the peers and builds the
release binary first). Every tool simulates the same number of trajectories of
Benchmarks/models/ref-linear-7.yaml, one process at a time:

- COPASI (direct method), GillesPy2 (SSACSolver, C++) and libRoadRunner (gillespie),
  each in its own process (peer_worker.py), timing only the calls that simulate
  (model building and compiling excluded);
- GillesPy2's tau-leaping solvers (TauLeapingCSolver, TauHybridCSolver), with
  --tau-trajectories trajectories (they are much slower per trajectory here);
- `microchimera run --method exact|fast --threads 1|all cores`, timed by the
  `wall_time_seconds` of its run.json: from before the scenario is read to after the
  summary statistics, so it includes setup (reading the YAML, building the model)
  but not process start or writing files. The process wall time is in the CSV too.

Correctness: the exact mean and sd of every compartment and of the total come from
`microchimera run --method moments` (deterministic). For each tool,
z = (mean_tool - mean_exact) / (sd_exact / sqrt(N)) at years 1, 10, 30, 50, for every
compartment and the total, skipping a point where sd_exact is 0 or where fewer than 50
of the N trajectories are expected to hold a cell there (N * P(present) < 50, with the
exact P(present) of the moments run: such a mean is far from normal); the table shows
the largest |z|. A correct sampler gives |z| < 4 at all (at most 32) points except with
probability about 0.2%, so a tool with |z| >= 4 is marked WRONG, and its speed is not a
speed-up.

Writes peers.md and peers.csv to --work with the date, commit and machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import math
import os
import platform
import site
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHECK_YEARS = (1, 10, 30, 50)
Z_LIMIT = 4.0
MIN_PRESENT = 50  # expected non-empty trajectories for a point to be checked (see score)

# (tool, method, label, install packages it needs)
PEERS = [
    ("copasi", "direct", "COPASI", "direct method (directMethod)", ("python-copasi", "copasi-basico")),
    ("gillespy2", "ssa-c", "GillesPy2", "SSACSolver (C++ SSA)", ("gillespy2",)),
    ("roadrunner", "gillespie", "libRoadRunner", "gillespie", ("libroadrunner",)),
]
TAU_PEERS = [
    ("gillespy2", "tau-leaping-c", "GillesPy2", "TauLeapingCSolver (C++ tau-leaping)", ("gillespy2",)),
    ("gillespy2", "tau-hybrid-c", "GillesPy2", "TauHybridCSolver (C++ tau-hybrid)", ("gillespy2",)),
]


@dataclass
class Row:
    """One line of the table."""

    tool: str
    method: str
    threads: int
    trajectories: int
    seconds: float | None = None
    process_seconds: float | None = None
    means: dict[str, list[float]] | None = None  # series -> mean at each output index
    error: str | None = None
    is_microchimera: bool = False
    max_z: float | None = None
    worst: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.trajectories / self.seconds if self.seconds else None

    @property
    def correct(self) -> bool:
        return self.error is None and self.max_z is not None and self.max_z < Z_LIMIT


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "(no output)"


def run_peer(tool, method, label, method_label, packages, n, seed, args) -> Row:
    row = Row(f"{label}", method_label, 1, n)
    missing = [p for p in packages if (args.work / "install-errors" / p).exists()]
    if missing:
        row.error = "not installed: " + "; ".join(
            last_line((args.work / "install-errors" / p).read_text()) for p in missing)
        return row
    out = args.work / "runs" / f"{tool}-{method}.json"
    out.unlink(missing_ok=True)
    env = dict(os.environ)
    # GillesPy2 compiles its C++ solvers with `<resolved sys.executable> -m SCons`: the
    # resolved path is the base interpreter, outside the venv, so it must see the venv's packages.
    env["PYTHONPATH"] = os.pathsep.join([str(HERE)] + site.getsitepackages())
    command = [sys.executable, str(HERE / "peer_worker.py"), tool, method, str(args.model), str(n), str(seed), str(out)]
    print(f"peers: {label} {method_label}, {n} trajectories ...", flush=True)
    t0 = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        row.error = f"timed out after {args.timeout} s"
        return row
    row.process_seconds = time.perf_counter() - t0
    (args.work / "runs" / f"{tool}-{method}.log").write_text(done.stdout + done.stderr)
    if done.returncode != 0 or not out.exists():
        row.error = f"exit {done.returncode}: {last_line(done.stderr or done.stdout)}"
        return row
    result = json.loads(out.read_text())
    row.seconds, row.means = result["seconds"], result["means"]
    row.tool = result["version"]
    return row


def microchimera(args, name: str, extra: list[str]) -> tuple[Path, float]:
    """Runs the binary into work/runs/NAME; returns the directory and the process wall time."""
    out = args.work / "runs" / name
    command = [str(args.microchimera), "run", str(args.model), "--out", str(out), "--quiet", "--no-plot",
               "--seed", str(args.seed)] + extra
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {done.returncode}: {last_line(done.stderr or done.stdout)}")
    return out, seconds


def read_timeseries(directory: Path) -> dict[str, dict[float, tuple[float, float, float]]]:
    """timeseries.csv as series -> time in years -> (mean, sd, p_present)."""
    table: dict[str, dict[float, tuple[float, float, float]]] = {}
    with open(directory / "timeseries.csv", newline="") as f:
        for r in csv.DictReader(f):
            table.setdefault(r["compartment"], {})[round(float(r["time_years"]), 6)] = (
                float(r["mean"]), float(r["sd"]), float(r["p_present"] or "nan"))
    return table


def run_microchimera(args, method: str, threads: int, n: int, version: str) -> Row:
    row = Row(version, method, threads, n, is_microchimera=True)
    print(f"peers: Microchimera {method} --threads {threads}, {n} trajectories ...", flush=True)
    try:
        out, row.process_seconds = microchimera(
            args, f"microchimera-{method}-t{threads}", ["--method", method, "--replicates", str(n), "--threads", str(threads)])
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        row.error = str(error)[-200:]
        return row
    manifest = json.loads((out / "run.json").read_text())
    row.seconds = manifest["wall_time_seconds"]
    row.extra["events"] = manifest.get("events_simulated")
    series = read_timeseries(out)
    row.means = {name: [series[name][round(year, 6)][0] for year in sorted(series[name])] for name in series}
    return row


def score(row: Row, exact: dict[str, dict[float, tuple[float, float, float]]], every_years: float) -> None:
    """Sets row.max_z and row.worst: the largest |z| over series and CHECK_YEARS.

    A point counts only where the normal approximation of the sample mean holds:
    sd_exact > 0 and N * P(present) >= MIN_PRESENT, the expected number of
    trajectories in which the compartment holds any cell. Below that the mean is
    made of a handful of non-empty trajectories and is far from normal: at year 50,
    blood is non-empty in 0.012% of trajectories, so with N = 1,000 a single
    trajectory holding 2 cells gives |z| = 5.4 from a correct sampler.
    """
    if row.means is None:
        return
    best = -1.0
    row.extra["points"] = 0
    for name, by_year in exact.items():
        if name not in row.means:
            row.error = f"no series {name} in its output"
            return
        for year in CHECK_YEARS:
            mean, sd, present = by_year[float(year)]
            if sd == 0 or not row.trajectories * present >= MIN_PRESENT:
                continue
            row.extra["points"] += 1
            index = int(round(year / every_years))
            z = (row.means[name][index] - mean) / (sd / math.sqrt(row.trajectories))
            if abs(z) > best:
                best, row.worst = abs(z), f"{name}, year {year}"
    row.max_z = best


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
        memory = f"{mem_kb / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration):
        memory = "unknown"
    os_name = platform.platform()
    try:
        os_name = next(l.split("=", 1)[1].strip('"') for l in Path("/etc/os-release").read_text().splitlines()
                       if l.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        pass
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "memory": memory, "os": os_name,
            "python": platform.python_version()}


def commit() -> str:
    def git(*a):
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def fmt(x, digits=2, suffix=""):
    return "—" if x is None else f"{x:,.{digits}f}{suffix}"


def table(rows: list[Row], reference: Row | None) -> tuple[list[str], list[list[str]]]:
    header = ["tool", "method", "threads", "trajectories", "simulation wall time (s)", "trajectories/s",
              "× Microchimera exact, 1 thread", "max |z| (where)", "verdict"]
    body = []
    for r in rows:
        ratio = r.rate / reference.rate if (reference and reference.rate and r.rate) else None
        z = "—" if r.max_z is None else f"{r.max_z:.2f} ({r.worst}; {r.extra['points']} points)"
        if r.error:
            verdict = f"ERROR: {r.error}"
        else:
            verdict = "ok" if r.correct else f"WRONG (|z| ≥ {Z_LIMIT:g})"
        body.append([r.tool, r.method, str(r.threads), f"{r.trajectories:,}", fmt(r.seconds, 3),
                     fmt(r.rate, 1), fmt(ratio, 3, "×"), z, verdict])
    return header, body


def text_table(header, body) -> str:
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(b) for b in body])


def markdown_table(header, body) -> str:
    esc = lambda c: c.replace("|", "\\|")
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(rows + ["| " + " | ".join(esc(c) for c in b) + " |" for b in body])


def summary(rows: list[Row]) -> list[str]:
    """The speed-ups against the fastest correct peer (issue #7's targets: 20× exact, 100× fast)."""
    peers = [r for r in rows if not r.is_microchimera and r.correct and r.rate]
    if not peers:
        return ["No peer gave a correct answer, so no speed-up is claimed."]
    best = max(peers, key=lambda r: r.rate)
    lines = [f"Fastest correct peer: {best.tool}, {best.method}, {best.rate:,.1f} trajectories/s."]
    for r in rows:
        if r.is_microchimera and r.rate:
            note = "" if r.correct else " — but WRONG, so no speed-up"
            lines.append(f"Microchimera {r.method} --threads {r.threads}: {r.rate / best.rate:,.1f}× that peer{note}.")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trajectories", type=int, default=1000, help="trajectories of every tool (default 1000)")
    parser.add_argument("--tau-trajectories", type=int, default=100,
                        help="trajectories of GillesPy2's tau-leaping solvers (default 100; 0 skips them)")
    parser.add_argument("--seed", type=int, default=1, help="base seed of every tool (default 1)")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="all-cores thread count (default: nproc)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds allowed to each tool (default 3600)")
    parser.add_argument("--model", type=Path, default=ROOT / "Benchmarks/models/ref-linear-7.yaml")
    parser.add_argument("--microchimera", type=Path, required=True, help="the release binary")
    parser.add_argument("--work", type=Path, default=ROOT / ".build-peers")
    parser.add_argument("--install-seconds", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.trajectories < 2 or args.tau_trajectories < 0:
        parser.error("--trajectories must be at least 2 and --tau-trajectories at least 0")
    (args.work / "runs").mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(HERE))
    import refmodel
    try:
        model = refmodel.load(args.model)
    except refmodel.ModelError as error:
        print(f"peers: {error}", file=sys.stderr)
        return 2
    every_years = model.every / 365.25
    started = time.perf_counter()
    version = subprocess.run([str(args.microchimera), "--version"], capture_output=True, text=True).stdout.strip()
    version = f"Microchimera {version}".strip()

    print("peers: exact moments (microchimera run --method moments)", flush=True)
    moments_dir, _ = microchimera(args, "moments", ["--method", "moments"])
    exact = {name: by_year for name, by_year in read_timeseries(moments_dir).items()}

    n = args.trajectories
    rows = [run_microchimera(args, m, t, n, version) for m in ("exact", "fast") for t in (1, args.threads)]
    rows += [run_peer(*p, n, args.seed, args) for p in PEERS]
    if args.tau_trajectories:
        rows += [run_peer(*p, args.tau_trajectories, args.seed, args) for p in TAU_PEERS]
    for r in rows:
        score(r, exact, every_years)
    reference = next((r for r in rows if r.is_microchimera and r.method == "exact" and r.threads == 1 and r.rate), None)
    header, body = table(rows, reference)
    notes = summary(rows)
    run_seconds = time.perf_counter() - started

    info = machine()
    date = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    described = (f"{info['nproc']} cores ({info['cpu']}), {info['memory']} memory, {info['os']}, "
                 f"Python {info['python']}")
    command = "make peers" + (f" ARGS='--trajectories {n}'" if n != 1000 else "")
    print()
    print(text_table(header, body))
    print()
    for line in notes:
        print(line)
    print(f"\nDate {date}, commit {commit()}, {described}. Run took {run_seconds:.0f} s"
          + (f", install {args.install_seconds} s." if args.install_seconds else " (peers already installed)."))

    md = [f"Date {date}, commit {commit()}, command `{command}`.", "",
          f"Machine: {described}.", "", markdown_table(header, body), ""] + [f"- {line}" for line in notes]
    md += ["", f"Reference: `{args.model.relative_to(ROOT) if args.model.is_relative_to(ROOT) else args.model}`; "
           f"exact moments from `microchimera run --method moments`; |z| over every compartment and the total "
           f"at years {', '.join(map(str, CHECK_YEARS))}, where sd > 0 and N·P(present) ≥ {MIN_PRESENT} "
           "(\"points\": how many of the 32 were checked). Microchimera's time is `wall_time_seconds` of run.json "
           "(includes reading the scenario and building the model); the peers' times are their simulation calls only."]
    (args.work / "peers.md").write_text("\n".join(md) + "\n")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["date", "commit", "machine"] + header + ["process wall time (s)", "events", "points checked"])
    for r, b in zip(rows, body):
        writer.writerow([date, commit(), described] + b + [fmt(r.process_seconds, 3), r.extra.get("events", ""),
                                                           r.extra.get("points", "")])
    (args.work / "peers.csv").write_text(buffer.getvalue())
    print(f"peers: wrote {args.work / 'peers.md'} and {args.work / 'peers.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
