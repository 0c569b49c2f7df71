#!/usr/bin/env python3
"""Make a STAND-IN sweep.csv from several `microchimera run` calls on a parameter grid.

`microchimera sweep` (issue #6) does not exist yet. Until it does, this script
runs `microchimera run SCENARIO --set PATH=VALUE ...` once per point of the
full grid of the --vary values and writes DIR/sweep.csv in the layout the
issue describes: a `point` index column, one column per varied path (holding
the value exactly as given, e.g. `0.02 /day`), then the columns of each
point's timeseries.csv. Points are numbered in grid order, the last --vary
varying fastest. Each point's run folder is kept under DIR/runs/<point>/.

It is used by scripts/test-plots.sh to exercise heatmap.py; replace it with
`microchimera sweep` once that exists.
"""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
from pathlib import Path

import pandas as pd

import mcplot as mc


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='example: python3 plots/standin_sweep.py --bin .build/release/microchimera '
               'scenarios/single-pregnancy.yaml --vary cell_types.progenitor.homing.bone_marrow="0.002 /day,0.02 /day" '
               '--vary cell_types.progenitor.tissues.bone_marrow.death="0.0012 /day,0.0024 /day" '
               '--set cell_types.mature.share=0.95 --out out/standin-sweep')
    p.add_argument("scenario", help="scenario file")
    p.add_argument("--bin", required=True, help="path of the microchimera executable")
    p.add_argument("--vary", action="append", required=True, metavar="PATH=V1,V2,...",
                   help="a parameter path and its values, comma-separated (repeatable)")
    p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                   help="an override applied at every point (repeatable)")
    p.add_argument("--method", default="moments", help="method of every run (default: %(default)s)")
    p.add_argument("--replicates", type=int, help="replicates of every run (stochastic methods)")
    p.add_argument("--out", required=True, help="output directory (sweep.csv and runs/)")
    return p.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    axes: list[tuple[str, list[str]]] = []
    for spec in args.vary:
        path, sep, values = spec.partition("=")
        if not sep or not path or not values:
            raise mc.PlotError(f"--vary {spec!r}: expected PATH=V1,V2,...")
        axes.append((path.strip(), [v.strip() for v in values.split(",") if v.strip()]))
    paths = [a[0] for a in axes]
    if len(set(paths)) != len(paths):
        raise mc.PlotError("--vary: a path is given twice")
    out = Path(args.out)
    frames = []
    for point, combo in enumerate(itertools.product(*[a[1] for a in axes])):
        run_dir = out / "runs" / str(point)
        cmd = [args.bin, "run", args.scenario, "--out", str(run_dir), "--method", args.method, "--quiet"]
        if args.replicates:
            cmd += ["--replicates", str(args.replicates)]
        for s in args.set:
            cmd += ["--set", s]
        for path, value in zip(paths, combo):
            cmd += ["--set", f"{path}={value}"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise mc.PlotError(f"point {point} failed (exit {done.returncode}): {' '.join(cmd)}\n"
                               f"{done.stderr.strip()}")
        ts = mc.read_timeseries(run_dir)
        columns = {"point": point, **dict(zip(paths, combo))}
        frames.append(pd.concat([pd.DataFrame({k: [v] * len(ts) for k, v in columns.items()}), ts], axis=1))
    sweep = pd.concat(frames, ignore_index=True)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "sweep.csv.tmp"
    sweep.to_csv(tmp, index=False)
    tmp.replace(out / "sweep.csv")
    print(f"wrote {out / 'sweep.csv'} ({len(frames)} points, {len(sweep)} rows; a stand-in for `microchimera sweep`)")


if __name__ == "__main__":
    mc.run_main(main)
    sys.exit(0)
