#!/usr/bin/env python3
"""Prevalence curves of a cohort run, from prevalence.csv, with binomial 95% intervals.

Left: the fraction of women the assay detects at each age (points, one per
sampling age) with a 95% confidence interval (error bars), and the expected
fraction without the sampling draw (dashed). Right: the same by years since
the most recent delivery, in the file's bins (horizontal bars span a bin).
The intervals are computed here from the counts (`detected` of `samples`):
Wilson score intervals by default (the same as the file's ci95 columns), or
Clopper-Pearson ("exact") intervals with --ci clopper-pearson.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import PercentFormatter

import mcplot as mc

COLUMNS = ["assay", "by", "from_years", "to_years", "samples", "detected", "fraction_detected",
           "ci95_low", "ci95_high", "expected_fraction"]


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: python3 plots/prevalence.py out/cohort-blood-draw --ci clopper-pearson -o prevalence.pdf")
    p.add_argument("run", nargs="?", default="out/cohort-blood-draw",
                   help="cohort run directory or its prevalence.csv (default: %(default)s)")
    p.add_argument("-o", "--output", help="output file, .png/.pdf/.svg (default: RUN/plot-prevalence.png)")
    p.add_argument("--assay", action="append",
                   help="assay to show (repeatable; default: every assay in the file)")
    p.add_argument("--ci", choices=["wilson", "clopper-pearson"], default="wilson",
                   help="95%% interval computed from the counts (default: %(default)s)")
    p.add_argument("--no-expected", action="store_true",
                   help="leave out the expected fraction (the mean detection probability)")
    p.add_argument("--no-counts", action="store_true", help="do not write the sample counts under the points")
    p.add_argument("--title", help="figure title (default: the scenario's name from run.json)")
    return p.parse_args(argv)


def intervals(df, method: str) -> tuple[np.ndarray, np.ndarray]:
    """95% interval bounds for every row from its detected and samples counts."""
    f = mc.wilson_interval if method == "wilson" else mc.clopper_pearson_interval
    bounds = [f(int(k), int(n)) for k, n in zip(df["detected"], df["samples"])]
    return np.array([b[0] for b in bounds]), np.array([b[1] for b in bounds])


def draw(ax, rows, colour, label, dodge, args, binned: bool) -> None:
    """Points with interval bars (and bin spans when `binned`), the expected line, the counts."""
    rows = rows.sort_values("from_years")
    frac = rows["detected"] / rows["samples"].where(rows["samples"] > 0)
    low, high = intervals(rows, args.ci)
    if binned:
        x = (rows["from_years"] + rows["to_years"]) / 2 + dodge
        xerr = (rows["to_years"] - rows["from_years"]) / 2
    else:
        x = rows["from_years"] + dodge
        xerr = None
    ax.errorbar(x, frac, yerr=[frac - low, high - frac], xerr=xerr, fmt="o", ms=5, color=colour,
                ecolor=colour, elinewidth=1.2, capsize=3, label=f"{label}: detected")
    if not binned:
        ax.plot(x, frac, color=colour, lw=0.8, alpha=0.6)
    if not args.no_expected:
        ax.plot(x, rows["expected_fraction"], ls="--", lw=1.3, color=colour, alpha=0.9,
                marker="_" if binned else None, ms=12, label=f"{label}: expected (no sampling draw)")
    if not args.no_counts:
        above = ax.get_xaxis_transform()  # x in data, y in axes fraction: a row above the plot
        for xi, n in zip(x, rows["samples"]):
            ax.text(xi, 1.01, f"{int(n)}", transform=above, ha="center", va="bottom",
                    fontsize=7, color=colour)


def main(argv=None) -> None:
    args = parse_args(argv)
    mc.apply_style()
    path = mc.find_file(Path(args.run), "prevalence.csv", "a cohort run with assays writes it, e.g. "
                        "`microchimera run scenarios/cohort-blood-draw.yaml --out DIR`")
    prev = mc.read_csv(path, COLUMNS)
    manifest = mc.read_manifest(Path(args.run))
    assays = args.assay or list(dict.fromkeys(prev["assay"]))
    for a in assays:
        mc.select(prev, assay=a)  # an unknown assay is an error naming those present
    prev = prev[prev["assay"].isin(assays)]
    views = [v for v in ("age", "years_since_delivery") if (prev["by"] == v).any()]
    if not views:
        raise mc.PlotError(f"{path}: no rows with by = 'age' or 'years_since_delivery'")

    fig, axes = plt.subplots(1, len(views), figsize=(5.2 * len(views) + 0.8, 4.3), layout="constrained",
                             sharey=True, squeeze=False)
    colours = {a: mc.OKABE_ITO[i % len(mc.OKABE_ITO)] for i, a in enumerate(assays)}
    for ax, view in zip(axes[0], views):
        rows = prev[prev["by"] == view]
        step = np.diff(np.unique(rows["from_years"])).min() if rows["from_years"].nunique() > 1 else 1.0
        for i, assay in enumerate(assays):
            dodge = (i - (len(assays) - 1) / 2) * 0.12 * step
            draw(ax, rows[rows["assay"] == assay], colours[assay], assay, dodge, args, view != "age")
        ax.set_xlabel("age (years)" if view == "age" else "years since the most recent delivery")
        ax.set_title("by age" if view == "age" else "by years since delivery (5-year bins)", loc="left",
                     pad=6 if args.no_counts else 16)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylim(-0.015, min(1.0, max(0.2, float(intervals(rows, args.ci)[1].max()) * 1.08)))
    axes[0][0].set_ylabel("women detected")
    ci_name = "Wilson" if args.ci == "wilson" else "Clopper-Pearson"
    size = (manifest or {}).get("cohort", {}).get("size")
    title = args.title or (manifest or {}).get("scenario", {}).get("name") or "prevalence"
    fig.suptitle(title, fontsize=12, fontweight="bold")
    note = f"vertical bars: {ci_name} 95% interval from the counts" + \
        ("" if args.no_counts else "; numbers above: samples per point") + \
        (f"; cohort of {size} women" if size else "")
    handles, labels = axes[0][0].get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: (labels[i].split(": ")[0], "expected" in labels[i]))
    legend = fig.legend([handles[i] for i in order], [labels[i] for i in order], loc="outside lower center",
                        ncols=min(4, len(labels)), title=note, title_fontsize=8)
    legend.get_title().set_color("#555555")
    out = Path(args.output) if args.output else mc.default_output(Path(args.run), "plot-prevalence")
    mc.save(fig, out)


if __name__ == "__main__":
    mc.run_main(main)
