#!/usr/bin/env python3
"""Read a sweep.csv with pandas, find where 27-year persistence in blood is
above 50%, and draw the heatmap with plots/heatmap.py.

Usage (after scripts/examples/persistence-sweep.sh, in the plots/ virtual
environment: python3 -m venv .venv && .venv/bin/pip install -r plots/requirements.txt):

    .venv/bin/python scripts/examples/persistence_heatmap.py [out/persistence-sweep]
"""

import subprocess
import sys
from pathlib import Path

import pandas as pd

root = Path(__file__).resolve().parents[2]
out = Path(sys.argv[1] if len(sys.argv) > 1 else root / "out" / "persistence-sweep")
sweep = pd.read_csv(out / "sweep.csv")
x, y = "cell_types.mature.clearance.half_life", "cell_types.progenitor.homing.bone_marrow"
blood = sweep[(sweep.host == "mother") & (sweep.cell_type == "all") & (sweep.compartment == "blood")
              & (sweep.time_years.sub(27).abs() < 0.1)]
table = blood.pivot(index=y, columns=x, values="p_present")
by_number = lambda labels: sorted(labels, key=lambda text: float(text.split()[0]))  # "0.5 /day" -> 0.5
table = table.reindex(index=by_number(table.index), columns=by_number(table.columns))
print("P(son's cells in blood at 27 years):")
print(table.to_string(float_format=lambda p: f"{p:.2f}"))
above = blood[blood.p_present > 0.5]
print(f"\n{len(above)} of {len(blood)} points have P > 0.5")

figure = out / "persistence-heatmap.png"
subprocess.run([sys.executable, str(root / "plots" / "heatmap.py"), str(out), "--x", x, "--y", y,
                "--time", "27", "--host", "mother", "--compartment", "blood", "-o", str(figure)], check=True)
print(f"wrote {figure}")
