#!/usr/bin/env python3
"""Sweep heatmap: one statistic of one series at one time, over two swept parameters.

Reads sweep.csv (one row per sweep point, series and output time: a `point`
column, one column per varied parameter path, and the columns of
timeseries.csv). Pick the two parameter columns for the axes, the statistic
(default p_present), the time in years (the nearest output time is used) and
the series (host, origin, cell type, compartment). A full grid is drawn as
coloured cells with their values written in; other designs (Latin hypercube,
random) as coloured points. Axes are logarithmic when a parameter's values span
more than a factor of 20 (override with --xscale/--yscale). Values such as
`0.02 /day` are read as the number 0.02 with the unit `/day`.
"""

from __future__ import annotations

import argparse
import math
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm, Normalize

import mcplot as mc

NON_PARAMETER = set(mc.TIMESERIES_COLUMNS) | {"point", "method"}
VALUE_WITH_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: python3 plots/heatmap.py out/sweep --time 30 --compartment blood -o heatmap.png")
    p.add_argument("sweep", nargs="?", default="out/sweep",
                   help="sweep directory or its sweep.csv (default: %(default)s)")
    p.add_argument("-o", "--output", help="output file, .png/.pdf/.svg (default: DIR/plot-heatmap.png)")
    p.add_argument("--x", help="parameter column on the x axis (default: the first parameter column)")
    p.add_argument("--y", help="parameter column on the y axis (default: the second parameter column)")
    p.add_argument("--fix", action="append", default=[], metavar="COLUMN=VALUE",
                   help="hold another parameter column at a value (needed when more than two were varied)")
    p.add_argument("--stat", default="p_present", choices=mc.STAT_COLUMNS,
                   help="statistic to colour by (default: %(default)s)")
    p.add_argument("--time", type=float, help="time in years (default: the last output time)")
    p.add_argument("--host", help="host (default: the first in the file)")
    p.add_argument("--origin", help="origin (default: the first the host carries)")
    p.add_argument("--cell-type", help="cell type (default: 'all' when present)")
    p.add_argument("--compartment", help="compartment (default: 'total' when present)")
    p.add_argument("--xscale", choices=["auto", "linear", "log"], default="auto", help="x axis scale (default: auto)")
    p.add_argument("--yscale", choices=["auto", "linear", "log"], default="auto", help="y axis scale (default: auto)")
    p.add_argument("--colour-scale", choices=["auto", "linear", "log"], default="auto",
                   help="colour scale (default: linear 0-1 for p_present, log when values span 100x)")
    p.add_argument("--no-values", action="store_true", help="do not write the values in the cells")
    p.add_argument("--title", help="figure title")
    return p.parse_args(argv)


def numeric(column: pd.Series, name: str) -> tuple[np.ndarray, str]:
    """A parameter column as numbers and its unit ('' when the values are plain numbers)."""
    as_number = pd.to_numeric(column, errors="coerce")
    if as_number.notna().all():
        return as_number.to_numpy(dtype=float), ""
    values, units = [], set()
    for v in column.astype(str):
        m = VALUE_WITH_UNIT.match(v)
        if not m:
            raise mc.PlotError(f"column {name!r}: cannot read {v!r} as a number with a unit")
        values.append(float(m.group(1)))
        units.add(m.group(2))
    if len(units) > 1:
        raise mc.PlotError(f"column {name!r}: values in different units ({', '.join(sorted(units))}); "
                           f"write them in one unit")
    return np.array(values), units.pop()


def scale_for(values: np.ndarray, choice: str) -> str:
    """'log' when asked, or when auto and all values are positive and span more than 20x."""
    if choice != "auto":
        if choice == "log" and (values <= 0).any():
            raise mc.PlotError("a log axis needs positive parameter values")
        return choice
    positive = values[values > 0]
    return "log" if len(positive) == len(values) and positive.max() / positive.min() > 20 else "linear"


def edges(centres: np.ndarray, scale: str) -> np.ndarray:
    """Cell edges halfway between grid values (geometrically on a log axis)."""
    c = np.log10(centres) if scale == "log" else centres.astype(float)
    if len(c) == 1:
        e = np.array([c[0] - 0.5, c[0] + 0.5]) if scale == "log" else np.array([c[0] * 0.9, c[0] * 1.1 + 1e-12])
    else:
        mid = (c[1:] + c[:-1]) / 2
        e = np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])
    return 10 ** e if scale == "log" else e


def fmt(v: float, stat: str) -> str:
    """A short label for a cell value."""
    if not np.isfinite(v):
        return ""
    if stat == "p_present":
        return f"{v:.2f}"
    if v == 0:
        return "0"
    if 10 <= abs(v) < 1e4:
        return f"{v:.0f}"
    if abs(v) < 10:
        return f"{v:.2g}"
    mantissa, exponent = f"{v:.1e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def main(argv=None) -> None:
    args = parse_args(argv)
    mc.apply_style()
    path = mc.find_file(Path(args.sweep), "sweep.csv", "make one with `microchimera sweep`")
    df = mc.read_csv(path, mc.TIMESERIES_COLUMNS)
    params = [c for c in df.columns if c not in NON_PARAMETER]
    if len(params) < 2:
        raise mc.PlotError(f"{path}: a heatmap needs two varied parameters; found {len(params)} "
                           f"({', '.join(params) or 'none'})")
    xcol = args.x or params[0]
    ycol = args.y or next(p for p in params if p != xcol)
    for name, col in (("--x", xcol), ("--y", ycol)):
        if col not in params:
            raise mc.PlotError(f"{name} {col!r}: not a parameter column; parameter columns: {', '.join(params)}")
    if xcol == ycol:
        raise mc.PlotError("--x and --y name the same column")

    host = mc.choose(df, "host", args.host)
    df = df[df["host"] == host]
    origin = mc.choose(df, "origin", args.origin)
    df = df[df["origin"] == origin]
    cell_type = mc.choose(df, "cell_type", args.cell_type, prefer=("all",))
    df = df[df["cell_type"] == cell_type]
    compartment = mc.choose(df, "compartment", args.compartment, prefer=("total",))
    df = df[df["compartment"] == compartment]
    for spec in args.fix:
        col, sep, value = spec.partition("=")
        if not sep or col not in params:
            raise mc.PlotError(f"--fix {spec!r}: expected COLUMN=VALUE with one of {', '.join(params)}")
        df = df[df[col].astype(str) == value]
        if df.empty:
            raise mc.PlotError(f"--fix {spec!r}: no rows with that value")

    times = np.unique(df["time_years"].to_numpy(dtype=float))
    wanted = times.max() if args.time is None else args.time
    t = times[np.argmin(np.abs(times - wanted))]
    df = df[df["time_years"] == t]
    if df[args.stat].isna().all():
        raise mc.PlotError(f"{path}: column {args.stat!r} is empty for this selection "
                           f"(moments runs have no quantiles; choose --stat mean, sd or p_present)")
    if df.duplicated([xcol, ycol]).any():
        others = [p for p in params if p not in (xcol, ycol)]
        raise mc.PlotError(f"several rows share one ({xcol}, {ycol}) pair: hold the other parameter(s) "
                           f"with --fix ({', '.join(others)})")

    x, xunit = numeric(df[xcol], xcol)
    y, yunit = numeric(df[ycol], ycol)
    z = df[args.stat].to_numpy(dtype=float)
    xscale, yscale = scale_for(x, args.xscale), scale_for(y, args.yscale)
    if args.stat == "p_present" and args.colour_scale != "log":
        norm = Normalize(0, 1)
    else:
        finite = z[np.isfinite(z)]
        positive = finite[finite > 0]
        use_log = args.colour_scale == "log" or (
            args.colour_scale == "auto" and len(positive) == len(finite) and positive.max() / positive.min() >= 100)
        norm = LogNorm(positive.min(), positive.max()) if use_log else Normalize(finite.min(), finite.max())

    xs, ys = np.unique(x), np.unique(y)
    full_grid = len(df) == len(xs) * len(ys)
    fig, ax = plt.subplots(figsize=(6.4, 5.0), layout="constrained")
    cmap = plt.get_cmap("viridis")
    if full_grid:
        grid = np.full((len(ys), len(xs)), np.nan)
        for xi, yi, zi in zip(x, y, z):
            grid[np.searchsorted(ys, yi), np.searchsorted(xs, xi)] = zi
        mesh = ax.pcolormesh(edges(xs, xscale), edges(ys, yscale), np.ma.masked_invalid(grid),
                             cmap=cmap, norm=norm, edgecolors="white", linewidth=1.5)
        if not args.no_values and len(xs) * len(ys) <= 225:
            for i, yi in enumerate(ys):
                for j, xi in enumerate(xs):
                    v = grid[i, j]
                    if np.isfinite(v):
                        light = norm(v) < 0.6 if np.isfinite(norm(v)) else True
                        ax.text(xi, yi, fmt(v, args.stat), ha="center", va="center", fontsize=9,
                                color="white" if light else "black")
        ax.grid(False)
    else:
        mesh = ax.scatter(x, y, c=z, cmap=cmap, norm=norm, s=60, edgecolors="k", linewidths=0.4)
    ax.set_xscale(xscale)
    ax.set_yscale(yscale)
    if full_grid:
        for axis, ticks, scale in ((ax.xaxis, xs, xscale), (ax.yaxis, ys, yscale)):
            if len(ticks) <= 12:
                axis.set_ticks(ticks, labels=[f"{v:g}" for v in ticks])
                axis.set_minor_locator(plt.NullLocator())
    ax.set_xlabel(xcol + (f" ({xunit})" if xunit else ""))
    ax.set_ylabel(ycol + (f" ({yunit})" if yunit else ""))
    bar = fig.colorbar(mesh, ax=ax, shrink=0.9)
    bar.set_label(mc.STAT_LABELS[args.stat])
    series = "/".join(v for v in (host, origin, cell_type, compartment) if v) or "network"
    fixed = "".join(f", {s}" for s in args.fix)
    subtitle = f"{series} at {t:g} years{fixed}"
    if args.time is not None and not math.isclose(t, args.time, rel_tol=0, abs_tol=1e-9):
        subtitle += f" (nearest output time to {args.time:g})"
    ax.set_title(subtitle, fontsize=9, color="#444444", loc="left")
    fig.suptitle(args.title or f"{mc.STAT_LABELS[args.stat]} over the sweep", fontsize=12, fontweight="bold")
    out = Path(args.output) if args.output else mc.default_output(Path(args.sweep), "plot-heatmap")
    mc.save(fig, out)


if __name__ == "__main__":
    mc.run_main(main)
