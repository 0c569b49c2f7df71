#!/usr/bin/env python3
"""How Microchimera's cost grows: trajectories, horizon, compartments, cohort size.

Runs the release `microchimera` on generated variants of the reference model
Benchmarks/models/ref-linear-7.yaml and on Benchmarks/models/cohort-single-pregnancy.yaml,
one process at a time, and reads each run's `wall_time_seconds` from run.json
(from before the scenario is read to after the statistics; process start and
file writing excluded). Writes one CSV row per run:

    dimension,x,method,threads,seconds,cpu_seconds,per_unit

`seconds` is the median of `--repeats` runs (default 3; the machines are
shared and single runs are noisy); `cpu_seconds` is the median user + system
time of the process (from getrusage; it includes process start and writing
files, and on one thread it is less disturbed by other work on the machine). `per_unit` is seconds divided by x (cost
per trajectory, per year of horizon, per compartment, per woman): flat when
the cost grows linearly.

Dimensions:
- trajectories: ref-linear-7, exact and fast, 1,000 to 16,000 trajectories, one thread;
- horizon: ref-linear-7, exact, 4,000 trajectories, 10 to 50 years, one thread;
- compartments: blood and k tissues (k = 3 to 48) with ref-linear-7's kinetics
  (the homing rate 0.0102/day shared evenly), exact with 2,000 trajectories on
  one thread, and moments;
- cohort: cohort-single-pregnancy.yaml with 256 to 2,048 women (fast, all cores;
  women are shared out in chunks of 8).

Standard library only; `make scaling` runs it and draws the figure with plots/scaling.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "Benchmarks/models/ref-linear-7.yaml"
COHORT = ROOT / "Benchmarks/models/cohort-single-pregnancy.yaml"


def tissues_model(k: int) -> str:
    """Blood (10,000 cells) and k tissues with ref-linear-7's per-tissue kinetics."""
    homing = 0.0102 / k
    lines = ["name: scaling-" + str(k), "horizon: 18262.5 days", "output:", "  every: 365.25 days", "network:",
             "  compartments:", "    - { name: B, initial: 10000 }"]
    lines += [f"    - {{ name: T{i} }}" for i in range(k)]
    lines += ["  flows:", "    - { from: B, to: out, rate: 0.34657 /day }"]
    for i in range(k):
        lines += [f"    - {{ from: B, to: T{i}, rate: {homing:.6g} /day }}",
                  f"    - {{ from: T{i}, to: B, rate: 0.0002 /day }}",
                  f"    - {{ from: T{i}, to: out, rate: 0.0012 /day }}"]
    lines += ["  divisions:"] + [f"    - {{ in: T{i}, rate: 0.0010 /day }}" for i in range(k)]
    return "\n".join(lines) + "\n"


REPEATS = 3


def run(binary: Path, scenario: Path, out: Path, args: list[str]) -> tuple[float, float]:
    """The medians of `wall_time_seconds` and of CPU time over REPEATS runs of `microchimera run`."""
    command = [str(binary), "run", str(scenario), "--out", str(out), "--quiet", "--no-plot", *args]
    walls, cpus = [], []
    for _ in range(REPEATS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            sys.exit(f"scaling: {' '.join(command)} failed:\n{done.stderr}")
        walls.append(json.loads((out / "run.json").read_text())["wall_time_seconds"])
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--microchimera", type=Path, required=True, help="the release binary")
    parser.add_argument("--out", type=Path, required=True, help="the CSV to write")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="threads of the cohort runs (default: nproc)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement, the median is kept (default 3)")
    a = parser.parse_args()
    global REPEATS
    REPEATS = max(1, a.repeats)
    rows = []

    def record(dimension: str, x: float, method: str, threads: int, measured: tuple[float, float]) -> None:
        seconds, cpu = measured
        rows.append({"dimension": dimension, "x": x, "method": method, "threads": threads, "seconds": f"{seconds:.4f}",
                     "cpu_seconds": f"{cpu:.4f}", "per_unit": f"{seconds / x:.6g}"})
        print(f"scaling: {dimension:12s} x={x:<8g} {method:8s} threads={threads} {seconds:8.3f} s wall {cpu:8.3f} s CPU", flush=True)

    with tempfile.TemporaryDirectory(prefix="mc-scaling-") as tmp:
        work = Path(tmp)
        for n in [1000, 2000, 4000, 8000, 16000]:
            for method in ["exact", "fast"]:
                record("trajectories", n, method, 1, run(a.microchimera, REFERENCE, work / "r",
                                                         ["--method", method, "--replicates", str(n), "--threads", "1"]))
        for years in [10, 20, 30, 40, 50]:
            record("horizon", years, "exact", 1, run(a.microchimera, REFERENCE, work / "r",
                                                     ["--method", "exact", "--replicates", "4000", "--threads", "1",
                                                      "--set", f"horizon={years} years"]))
        for k in [3, 6, 12, 24, 48]:
            scenario = work / f"tissues-{k}.yaml"
            scenario.write_text(tissues_model(k))
            record("compartments", k + 1, "exact", 1, run(a.microchimera, scenario, work / "r",
                                                          ["--method", "exact", "--replicates", "2000", "--threads", "1"]))
            record("compartments", k + 1, "moments", 1, run(a.microchimera, scenario, work / "r", ["--method", "moments"]))
        for women in [256, 512, 1024, 2048]:
            record("cohort", women, "fast", a.threads, run(a.microchimera, COHORT, work / "r",
                                                           ["--method", "fast", "--threads", str(a.threads),
                                                            "--set", f"cohort.size={women}"]))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"scaling: wrote {a.out}")


if __name__ == "__main__":
    main()
