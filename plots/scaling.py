#!/usr/bin/env python3
"""Cost growth: wall time against trajectories, horizon, compartments and cohort size.

Reads the CSV written by Benchmarks/scaling/scaling.py (`make scaling`):
columns dimension, x, method, threads, seconds, per_unit. Draws one log-log
panel per dimension, a line per method, and a dashed line of slope 1 through
each method's first point: a method on its dashed line grows linearly.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

import mcplot as mc

PANELS = [("trajectories", "trajectories"), ("horizon", "horizon (years)"),
          ("compartments", "compartments"), ("cohort", "women in the cohort")]
METHOD_COLOURS = {"exact": "#332288", "fast": "#CC6677", "moments": "#117733"}


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: python3 plots/scaling.py .build-scaling/scaling.csv -o docs/scaling.png")
    p.add_argument("csv", help="the CSV of Benchmarks/scaling/scaling.py")
    p.add_argument("-o", "--output", help="output file, .png/.pdf/.svg (default: next to the CSV, scaling.png)")
    return p.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    path = mc.find_file(Path(args.csv), "scaling.csv", hint="make one with `make scaling`")
    try:
        df = pd.read_csv(path)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise mc.PlotError(f"{path}: cannot read it as CSV ({e})")
    missing = {"dimension", "x", "method", "seconds"} - set(df.columns)
    if missing:
        raise mc.PlotError(f"{path}: missing columns {sorted(missing)}; expected the CSV of Benchmarks/scaling/scaling.py")
    mc.apply_style()
    fig, axes = plt.subplots(1, len(PANELS), figsize=(3.2 * len(PANELS), 3.2))
    for ax, (dimension, label) in zip(axes, PANELS):
        part = df[df["dimension"] == dimension]
        ax.set_xscale("log")
        ax.set_yscale("log")
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            axis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(label)
        ax.set_title(dimension)
        if part.empty:
            ax.text(0.5, 0.5, "not measured", transform=ax.transAxes, ha="center", va="center")
            continue
        for method, rows in part.groupby("method"):
            rows = rows.sort_values("x")
            colour = METHOD_COLOURS.get(method, "#444444")
            threads = int(rows["threads"].iloc[0]) if "threads" in rows else 1
            ax.plot(rows["x"], rows["seconds"], "o-", color=colour, label=f"{method}, {threads} thread{'s' if threads > 1 else ''}")
            x0, y0 = rows["x"].iloc[0], rows["seconds"].iloc[0]
            ax.plot(rows["x"], y0 * rows["x"] / x0, "--", color=colour, linewidth=0.8, alpha=0.7)
        ax.legend(loc="upper left")
    axes[0].set_ylabel("wall time (s)")
    fig.suptitle("Microchimera: cost growth (dashed: proportional to the first point)", fontsize=11)
    fig.tight_layout()
    mc.save(fig, Path(args.output) if args.output else path.with_name("scaling.png"))


if __name__ == "__main__":
    mc.run_main(main)
