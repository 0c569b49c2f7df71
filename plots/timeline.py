#!/usr/bin/env python3
"""Persistence timeline: cells over the years, one panel per host, from timeseries.csv.

Each panel shows, per compartment, the mean number of cells (line), the
25-75% band (dark) and the 5-95% band (light) over the replicates, on a log
axis with a strip underneath for exactly zero cells. Transfer windows
(shaded) and boluses (dotted lines) come from the compiled network in
run.json when it is there. A host that carries cells of several origins gets
one panel per origin; when there are more than six such panels (a cohort) and
no --host, only the first host is shown.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

import mcplot as mc


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] + "\n\n" + "\n\n".join(__doc__.split("\n\n")[1:]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: python3 plots/timeline.py out/single-pregnancy -o timeline.png")
    p.add_argument("run", nargs="?", default=str(mc.DEFAULT_RUN),
                   help="run directory or its timeseries.csv (default: %(default)s)")
    p.add_argument("-o", "--output", help="output file, .png/.pdf/.svg (default: RUN/plot-timeline.png)")
    p.add_argument("--host", help="only this host (default: every host)")
    p.add_argument("--origin", help="only cells of this origin (default: every origin)")
    p.add_argument("--cell-type", default=None,
                   help="cell type to show (default: 'all', the sum over types, when present)")
    p.add_argument("--compartments", default="auto",
                   help="comma-separated compartments, 'all', or 'auto' (default): blood and the "
                        "three compartments holding most cells at the last output time")
    p.add_argument("--no-markers", action="store_true", help="do not mark transfer windows and boluses")
    p.add_argument("--xscale", choices=["linear", "log"], default="linear",
                   help="time axis: linear years (default) or log years (shows the first weeks)")
    p.add_argument("--decades", type=float, default=6.0,
                   help="depth of the log cell axis in decades below its top (default: %(default)s)")
    p.add_argument("--title", help="figure title (default: the scenario's name from run.json)")
    p.add_argument("--width", type=float, default=9.0, help="figure width in inches (default: %(default)s)")
    return p.parse_args(argv)


def pick_compartments(df, spec: str) -> list[str]:
    """The compartments to draw for one panel, in the order of the file."""
    present = [c for c in dict.fromkeys(df["compartment"]) if c != "total"] or ["total"]
    if spec == "all":
        return present
    if spec != "auto":
        wanted = [s.strip() for s in spec.split(",") if s.strip()]
        unknown = [w for w in wanted if w not in set(df["compartment"])]
        if unknown:
            raise mc.PlotError(f"--compartments: no compartment {', '.join(map(repr, unknown))}; "
                               f"present: {', '.join(dict.fromkeys(df['compartment']))}")
        return wanted
    last = df[df["time_days"] == df["time_days"].max()]
    by_mean = last[last["compartment"].isin(present)].sort_values("mean", ascending=False)
    chosen = ["blood"] if "blood" in present else []
    for c in by_mean["compartment"]:
        if len(chosen) >= 4:
            break
        if c not in chosen:
            chosen.append(c)
    return [c for c in present if c in chosen]


def main(argv=None) -> None:
    args = parse_args(argv)
    mc.apply_style()
    ts = mc.read_timeseries(Path(args.run))
    manifest = mc.read_manifest(Path(args.run))
    cell_type = mc.choose(ts, "cell_type", args.cell_type, prefer=("all",))
    ts = mc.select(ts, host=args.host, origin=args.origin, cell_type=cell_type)
    panels = list(dict.fromkeys(zip(ts["host"], ts["origin"])))
    if len(panels) > 6 and args.host is None:
        first_host = panels[0][0]
        print(f"timeline.py: {len(panels)} host-origin pairs; showing host {first_host!r} only "
              f"(choose with --host)", file=sys.stderr)
        ts = ts[ts["host"] == first_host]
        panels = [p for p in panels if p[0] == first_host]
    markers = [] if args.no_markers else mc.markers_from_manifest(manifest)
    quantiles = mc.has_quantiles(ts)

    fig = plt.figure(figsize=(args.width, 0.4 + 2.9 * len(panels)), layout="constrained")
    cell = mc.strip_grid(fig, len(panels), 1)
    colours = mc.palette(list(dict.fromkeys(ts["compartment"])))
    handles: dict[str, object] = {}
    first = None
    t_max = ts["time_years"].max()
    for k, (host, origin) in enumerate(panels):
        part = ts[(ts["host"] == host) & (ts["origin"] == origin)]
        comps = pick_compartments(part, args.compartments)
        part = part[part["compartment"].isin(comps)]
        z = mc.ZeroStripAxes(fig, cell(k, 0), sharex=first.ax if first else None)
        first = first or z
        cols = ["mean"] + (["q95"] if quantiles else [])
        z.set_limits(*mc.log_limits(part[cols].to_numpy().ravel(), args.decades))
        for comp in comps:
            s = part[part["compartment"] == comp].sort_values("time_days")
            x = s["time_years"].to_numpy()
            c = colours[comp]
            if quantiles:
                z.band(x, s["q05"], s["q95"], color=c, alpha=0.13)
                z.band(x, s["q25"], s["q75"], color=c, alpha=0.30)
            h = z.line(x, s["mean"].to_numpy(), color=c, lw=1.6, label=comp.replace("_", " "))
            handles.setdefault(comp.replace("_", " "), h)
        for m in markers:
            if (m.host, m.origin) != (host, origin):
                continue
            for ax in (z.ax, z.zero):
                if m.kind == "transfer":
                    h = ax.axvspan(m.start_years, m.end_years, color="#BBBBBB", alpha=0.35, lw=0, zorder=0)
                    if ax is z.ax:
                        handles.setdefault("transfer window", h)
                else:
                    h = ax.axvline(m.start_years, color="#555555", ls=":", lw=1.1, zorder=1)
                    if ax is z.ax:
                        handles.setdefault("bolus (cells released at once)", h)
        who = (f"in {host}: cells of every origin" if origin == "all" else f"in {host}: cells of {origin}") \
            if host else "network"
        if cell_type and cell_type != "all":
            who += f" ({cell_type})"
        z.ax.set_title(who, loc="left", fontsize=10)
        z.ax.set_ylabel("cells")
        z.zero.set_xlabel("years since the start of the scenario" if k == len(panels) - 1 else "")
        if k != len(panels) - 1:
            z.zero.tick_params(labelbottom=False)
    mc.years_axis(first.ax, args.xscale, ts["time_years"][ts["time_years"] > 0].min(), t_max)

    title = args.title or (manifest or {}).get("scenario", {}).get("name") or "Microchimera run"
    fig.suptitle(title, fontsize=12, fontweight="bold")
    method = (manifest or {}).get("method", {}).get("ran")
    reps = (manifest or {}).get("replicates", {}).get("simulated")
    note = ("line: mean; bands: 25-75% and 5-95% of replicates" if quantiles
            else "line: mean (this run has no quantiles, so no bands)")
    women = ((manifest or {}).get("cohort") or {}).get("size")
    if women:
        note = note.replace("of replicates", "of women") + f"; cohort of {women} women"
    elif method:
        note += f"; method {method}" + (f", {reps} replicates" if reps else "")
    fig.legend(list(handles.values()), list(handles.keys()), loc="outside right upper",
               title="compartment", alignment="left")
    fig.supxlabel(note, fontsize=8, color="#555555")  # below everything, so panels stay aligned
    out = Path(args.output) if args.output else mc.default_output(Path(args.run), "plot-timeline")
    mc.save(fig, out)


if __name__ == "__main__":
    mc.run_main(main)
