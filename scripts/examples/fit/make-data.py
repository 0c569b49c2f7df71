#!/usr/bin/env python3
"""Makes the synthetic data of the worked example in docs/fit.md.

The data are drawn from Microchimera itself at known parameter values (TRUTH),
so that the example shows what `microchimera fit` recovers and how wide its
intervals are; they are not measurements. For each study the exact
P(positive) and expected level come from `microchimera run --method moments`
(assay.csv); each `detected` row draws the number of positive women from a
binomial with that probability, each `mean_level` row draws the reported
group mean from a normal around the expected level with a standard error of
30% of it, and each `log_mean_level` row draws a geometric mean whose natural
log is normal around the log of the expected level with standard error 0.25. Python's random module with a fixed seed makes the draws.

Usage: python3 make-data.py PATH/TO/microchimera   (writes the three CSV files here)
"""
import csv
import math
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TRUTH = {
    "cell_types.progenitor.clearance.half_life": "3 days",
    "cell_types.progenitor.tissues.bone_marrow.self_renewal": "0.0108 /day",
    "cell_types.progenitor.homing.bone_marrow": "0.015 /day",
}
DELIVERY_DAYS = 280  # 40 weeks after conception, day 0 of the scenarios
STUDIES = {
    # study: (scenario, kind, times in days from day 0, women per time)
    "postpartum": ("postpartum.yaml", "log_mean_level", [DELIVERY_DAYS + 7 * w for w in (1, 2, 3, 4, 6, 8, 10, 13, 17, 26)], None),
    "decades": ("decades.yaml", "detected", [DELIVERY_DAYS + 365.25 * y for y in (2, 5, 10, 15, 20, 25, 30, 35, 40, 45)], 40),
    "marrow": ("marrow.yaml", "mean_level", [DELIVERY_DAYS + 365.25 * y for y in (1, 3, 5, 8, 12, 16, 20, 25, 30, 40)], None),
}


def predictions(binary, scenario, times):
    """P(positive) and expected level of the scenario's one assay at `times` (days)."""
    listed = "[" + ", ".join(f"{t!r} days" for t in times) + "]"
    args = [binary, "run", os.path.join(HERE, scenario), "--method", "moments", "--quiet",
            "--set", f"assays[0].times={listed}"]
    for path, value in TRUTH.items():
        args += ["--set", f"{path}={value}"]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(args + ["--out", out], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "assay.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
    by_time = {float(r["time_days"]): r for r in rows}
    return [(float(by_time[t]["p_detect"]), float(by_time[t]["mean_geq_per_1e5"])) for t in times]


def readable(days):
    return f"{days!r} days"


def main():
    binary = sys.argv[1]
    draw = random.Random(20261206)
    for study, (scenario, kind, times, women) in STUDIES.items():
        rows = []
        for t, (p, level) in zip(times, predictions(binary, scenario, times)):
            weeks = (t - DELIVERY_DAYS) / 7
            since = f"{weeks:g} weeks" if weeks < 300 and weeks == int(weeks) else f"{(t - DELIVERY_DAYS) / 365.25:g} years"
            source = f"synthetic: drawn by make-data.py from the model at the TRUTH values, {since} after delivery"
            if kind == "detected":
                positive = sum(draw.random() < p for _ in range(women))
                rows.append(["detected", "blood_y_qpcr", readable(t), women, positive, "", "", source])
            elif kind == "log_mean_level":
                value = level * math.exp(draw.gauss(0, 0.25))
                rows.append(["log_mean_level", "blood_y_qpcr", readable(t), "", "", f"{value:.4g}", "0.25", source])
            else:
                se = 0.3 * level
                value = max(draw.gauss(level, se), 0.05 * level)
                rows.append(["mean_level", "marrow_y_qpcr", readable(t), "", "", f"{value:.4g}", f"{se:.4g}", source])
        with open(os.path.join(HERE, f"{study}.csv"), "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["kind", "assay", "time", "n", "positive", "value", "se", "source"])
            writer.writerows(rows)


if __name__ == "__main__":
    main()
