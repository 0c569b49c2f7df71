#!/usr/bin/env python3
"""Small multiples by compartment: one panel per tissue, for one host and origin.

Each panel shows the mean number of cells (line) with the 25-75% and 5-95%
bands over the replicates on a log axis with a zero strip, and the probability
that any cells are present (dashed, right-hand axis, 0 to 1). All panels share
the time axis and, by default, the cell axis, so tissues compare at a glance.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

import mcplot as mc


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: python3 plots/tissues.py out/single-pregnancy --host mother --origin son "
               "--xscale log -o tissues.png")
    p.add_argument("run", nargs="?", default=str(mc.DEFAULT_RUN),
                   help="run directory or its timeseries.csv (default: %(default)s)")
    p.add_argument("-o", "--output", help="output file, .png/.pdf/.svg (default: RUN/plot-tissues.png)")
    p.add_argument("--host", help="host (default: the first in the file)")
    p.add_argument("--origin", help="origin of the cells (default: the first the host carries)")
    p.add_argument("--cell-type", help="cell type (default: 'all', the sum over types, when present)")
    p.add_argument("--compartments", default="all",
                   help="comma-separated compartments to show, in order (default: every one, with total last)")
    p.add_argument("--no-total", action="store_true", help="leave out the 'total' panel")
    p.add_argument("--no-p-present", action="store_true", help="do not draw P(present)")
    p.add_argument("--independent-y", action="store_true",
                   help="give each panel its own cell axis (default: one shared axis)")
    p.add_argument("--xscale", choices=["linear", "log"], default="linear",
                   help="time axis: linear years (default) or log years")
    p.add_argument("--columns", type=int, help="panels per row (default: 4, fewer for few panels)")
    p.add_argument("--decades", type=float, default=6.0,
                   help="depth of the log cell axis in decades (default: %(default)s)")
    p.add_argument("--title", help="figure title (default: scenario name, host and origin)")
    return p.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    mc.apply_style()
    ts = mc.read_timeseries(Path(args.run))
    manifest = mc.read_manifest(Path(args.run))
    host = mc.choose(ts, "host", args.host)
    ts = ts[ts["host"] == host]
    origin = mc.choose(ts, "origin", args.origin)
    ts = ts[ts["origin"] == origin]
    cell_type = mc.choose(ts, "cell_type", args.cell_type, prefer=("all",))
    ts = ts[ts["cell_type"] == cell_type]

    present = list(dict.fromkeys(ts["compartment"]))
    if args.compartments == "all":
        comps = [c for c in present if c != "total"] + ([] if args.no_total or "total" not in present else ["total"])
    else:
        comps = [c.strip() for c in args.compartments.split(",") if c.strip()]
        unknown = [c for c in comps if c not in present]
        if unknown:
            raise mc.PlotError(f"--compartments: no compartment {', '.join(map(repr, unknown))} for "
                               f"host {host!r}, origin {origin!r}; present: {', '.join(present)}")
    quantiles = mc.has_quantiles(ts)
    colours = mc.palette(present)

    ncols = args.columns or (len(comps) if len(comps) <= 4 else math.ceil(len(comps) / math.ceil(len(comps) / 4)))
    ncols = max(1, min(ncols, len(comps)))
    nrows = math.ceil(len(comps) / ncols)
    fig = plt.figure(figsize=(3.0 * ncols + 0.6, 2.4 * nrows + 0.9), layout="constrained")
    cell = mc.strip_grid(fig, nrows, ncols, strip_ratio=0.12)
    cols = ["mean"] + (["q95"] if quantiles else [])
    shared = mc.log_limits(ts[ts["compartment"].isin(comps)][cols].to_numpy().ravel(), args.decades)
    t_pos = ts["time_years"][ts["time_years"] > 0].min()
    t_max = ts["time_years"].max()
    first = None
    for k, comp in enumerate(comps):
        r, c = divmod(k, ncols)
        s = ts[ts["compartment"] == comp].sort_values("time_days")
        z = mc.ZeroStripAxes(fig, cell(r, c), sharex=first.ax if first else None)
        first = first or z
        limits = mc.log_limits(s[cols].to_numpy().ravel(), args.decades) if args.independent_y else shared
        z.set_limits(*limits)
        x = s["time_years"].to_numpy()
        colour = colours[comp]
        if quantiles:
            z.band(x, s["q05"], s["q95"], color=colour, alpha=0.15)
            z.band(x, s["q25"], s["q75"], color=colour, alpha=0.35)
        z.line(x, s["mean"].to_numpy(), color=colour, lw=1.5)
        z.ax.set_title(comp.replace("_", " "), loc="left", fontsize=10, color=colour if comp != "total" else "k")
        if not args.no_p_present and s["p_present"].notna().any():
            tw = z.ax.twinx()
            tw.plot(x, s["p_present"], color="#333333", ls="--", lw=1.0)
            tw.set_ylim(0, 1.05)
            tw.grid(False)
            tw.spines["right"].set_visible(True)
            tw.spines["top"].set_visible(False)
            tw.spines["bottom"].set_visible(False)
            tw.set_yticks([0, 0.5, 1])
            if c == ncols - 1:
                tw.set_ylabel("P(present)", fontsize=9)
            else:
                tw.tick_params(labelright=False)
        if c == 0:
            z.ax.set_ylabel("cells")
        elif not args.independent_y:
            z.ax.tick_params(labelleft=False)
        last_row = r == nrows - 1 or (r == nrows - 2 and k + ncols >= len(comps))
        if last_row:
            z.zero.set_xlabel("years")
        else:
            z.zero.tick_params(labelbottom=False)
    mc.years_axis(first.ax, args.xscale, t_pos, t_max, narrow=True)

    scenario = (manifest or {}).get("scenario", {}).get("name")
    who = f"cells of {origin} in {host}" if host else "network"
    if cell_type and cell_type != "all":
        who += f", {cell_type} cells"
    fig.suptitle(args.title or (f"{scenario}: {who}" if scenario else who), fontsize=12, fontweight="bold")
    handles = [Line2D([], [], color="#444444", lw=1.5, label="mean cells")]
    if quantiles:
        handles += [Patch(color="#444444", alpha=0.45, label="25-75% of replicates"),
                    Patch(color="#444444", alpha=0.18, label="5-95% of replicates")]
    if not args.no_p_present:
        handles.append(Line2D([], [], color="#333333", ls="--", lw=1.0, label="P(present), right axis"))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles))
    out = Path(args.output) if args.output else mc.default_output(Path(args.run), "plot-tissues")
    mc.save(fig, out)


if __name__ == "__main__":
    mc.run_main(main)
