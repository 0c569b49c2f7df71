"""`microchimera sensitivity` against SALib on the very same sample and outputs.

The binary runs a `--design sobol` and a `--design morris` sweep of a small
network scenario (exact moments, so each point takes milliseconds) and
analyses them; SALib's `sobol.analyze` (calc_second_order=False) and
`morris.analyze` then analyse the sweep's own sample matrix (sweep.json) and
outputs (sweep.csv). Microchimera lays a Sobol' sweep out as SALib does
(per base point: A, AB_1 ... AB_D, B), checked here row by row, and uses the
same estimators (Saltelli 2010 S1, Jansen ST, outputs centred on their mean;
Morris effects per unit of the range, sigma with divisor r - 1), so the
point estimates must agree to rounding: 1e-9. The intervals differ by design
(SALib: normal approximation; Microchimera: bootstrap percentiles) and are
not compared.

Uses only the binary (env MICROCHIMERA_BIN), numpy, pandas and SALib.
"""
import json
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from SALib.analyze import morris as salib_morris
from SALib.analyze import sobol as salib_sobol

SCENARIO = """\
name: three rates
horizon: 100 days
output: { every: 25 days }
network:
  compartments:
    - { name: blood, initial: 200 }
    - { name: marrow }
  flows:
    - { from: blood, to: out, rate: 0.05 /day }
    - { from: blood, to: marrow, rate: 0.01 /day }
    - { from: marrow, to: out, rate: 0.02 /day }
"""

VARY = [
    "network.flows[0].rate=0.005 /day:0.05 /day:log",
    "network.flows[1].rate=0.001 /day:0.03 /day",
    "network.flows[2].rate=0.001 /day:0.1 /day:log",
]
D = len(VARY)


def binary() -> str:
    path = os.environ.get("MICROCHIMERA_BIN")
    if not path or not Path(path).is_file():
        pytest.skip("MICROCHIMERA_BIN does not name the microchimera binary (scripts/python-test.sh sets it)")
    return path


def run(*args: str) -> str:
    done = subprocess.run([binary(), *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"microchimera {' '.join(args)} failed ({done.returncode}):\n{done.stderr}"
    return done.stdout


def sweep_and_analyse(tmp: Path, design: str, points: int) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Runs the sweep and `sensitivity`; returns the sample (numbers, in the
    sweep's point order), the output per point and sensitivity.csv."""
    scenario = tmp / "three.yaml"
    scenario.write_text(SCENARIO)
    out = tmp / design
    args = ["sweep", str(scenario), "--method", "moments", "--at", "50 days", "--design", design,
            "--points", str(points), "--seed", "2026", "--out", str(out), "--quiet"]
    for v in VARY:
        args += ["--vary", v]
    run(*args)
    run("sensitivity", str(out), "--series", "///marrow", "--quantity", "mean", "--bootstrap", "200")
    manifest = json.loads((out / "sweep.json").read_text())
    assert manifest["design"] == design
    sample = np.array([[float(text.split()[0]) for text in row] for row in manifest["values"]])
    table = pd.read_csv(out / "sweep.csv")
    marrow = table[(table["compartment"] == "marrow") & (np.isclose(table["time_days"], 50.0))].sort_values("point")
    assert list(marrow["point"]) == list(range(len(sample))), "one marrow row at 50 days per point"
    result = pd.read_csv(out / "sensitivity.csv")
    return sample, marrow["mean"].to_numpy(), result


def problem() -> dict:
    return {"num_vars": D, "names": [v.split("=")[0] for v in VARY], "bounds": [[0.0, 1.0]] * D}


def test_sobol_matches_salib():
    with tempfile.TemporaryDirectory() as tmp:
        n = 64
        x, y, result = sweep_and_analyse(Path(tmp), "sobol", n)
    assert x.shape == (n * (D + 2), D)
    # The layout SALib expects: per base point A, AB_1 ... AB_D, B.
    for i in range(n):
        block = x[i * (D + 2):(i + 1) * (D + 2)]
        a, b = block[0], block[-1]
        for j in range(D):
            expected = a.copy()
            expected[j] = b[j]
            assert np.array_equal(block[1 + j], expected), f"base point {i}, AB_{j + 1}"
    assert list(result.columns) == ["quantity", "parameter", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    salib = salib_sobol.analyze(problem(), y, calc_second_order=False, num_resamples=100, seed=1)
    np.testing.assert_allclose(result["S1"], salib["S1"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result["ST"], salib["ST"], rtol=1e-9, atol=1e-12)
    assert (result["S1_low"] <= result["S1"]).all() and (result["S1"] <= result["S1_high"]).all()
    assert (result["ST_low"] <= result["ST"]).all() and (result["ST"] <= result["ST_high"]).all()
    assert result["ST"].max() > 0.1, "the marrow count depends on the rates"


def test_morris_matches_salib():
    with tempfile.TemporaryDirectory() as tmp:
        r = 40
        x, y, result = sweep_and_analyse(Path(tmp), "morris", r)
    assert x.shape == (r * (D + 1), D)
    assert list(result.columns)[:4] == ["quantity", "parameter", "mu_star", "sigma"]
    # SALib reads which parameter moved, and in which direction, from X; the
    # sweep's values are increasing functions of the unit coordinates.
    salib = salib_morris.analyze(problem(), x, y, num_levels=4, num_resamples=100, seed=1)
    np.testing.assert_allclose(result["mu_star"], salib["mu_star"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result["sigma"], salib["sigma"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result["mu"], salib["mu"], rtol=1e-9, atol=1e-12)
