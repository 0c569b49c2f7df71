"""microchimera.sweep: the table is sweep.csv, and each point is the run of its values."""

from __future__ import annotations

import json

import pytest

import microchimera as mc
from microchimera._tables import TEXT_COLUMNS

from conftest import SMALL, assert_frame_is_csv

HALF_LIFE = "network.flows[0].half_life"
HOMING = "network.flows[1].rate"


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "grid"
    return mc.sweep(SMALL, vary={HALF_LIFE: ["1 day", "2 days", "4 days"], HOMING: "0.002 /day:0.008 /day:2"},
                    method="moments", at=["1 year", "2 years"], out=out)


def test_grid_table_is_sweep_csv(grid):
    out = grid.attrs["out"]
    assert_frame_is_csv(grid, __import__("pathlib").Path(out) / "sweep.csv", TEXT_COLUMNS)
    assert list(grid.columns[:4]) == ["point", HALF_LIFE, HOMING, "method"]
    # 3 x 2 points, 2 times, 3 series (blood, marrow, total).
    assert len(grid) == 6 * 2 * 3 and sorted(set(grid["point"])) == list(range(6))
    assert set(grid["time_years"]) == {1.0, 2.0}
    # List items as written; a range's values in the base unit of their family.
    assert set(grid[HALF_LIFE]) == {"1 day", "2 days", "4 days"}
    assert set(grid[HOMING]) == {"0.002 /day", "0.008 /day"}
    manifest = grid.attrs["sweep"]
    assert manifest == json.loads((__import__("pathlib").Path(out) / "sweep.json").read_text())
    assert manifest["design"] == "grid" and [v["path"] for v in manifest["vary"]] == [HALF_LIFE, HOMING]


def test_each_point_is_the_run_of_its_values(grid, tmp_path):
    """Point k's rows equal a moments run with point k's values set (the sweep computes nothing else)."""
    for point in (0, 5):
        rows = grid[grid.point == point]
        values = {HALF_LIFE: rows[HALF_LIFE].iloc[0], HOMING: rows[HOMING].iloc[0]}
        run = mc.run(SMALL, method="moments", set=values, out=tmp_path / f"p{point}").timeseries
        at = run[run.time_days.isin(rows.time_days)].reset_index(drop=True)
        columns = ["time_days", "compartment", "mean", "sd", "p_present"]
        assert rows[columns].reset_index(drop=True).equals(at[columns]), f"point {point}"


def test_lhs_design_resumes_in_its_folder(tmp_path):
    args = dict(vary={HALF_LIFE: "1 day:4 days", HOMING: "0.001 /day:0.01 /day:log"}, design="lhs", points=4, seed=9,
                method="moments", at="2 years", out=tmp_path / "lhs")
    first = mc.sweep(SMALL, **args)
    assert sorted(set(first["point"])) == [0, 1, 2, 3]
    # Values drawn inside the ranges, written in days and per day.
    days = first[HALF_LIFE].str.removesuffix(" days").astype(float)
    rates = first[HOMING].str.removesuffix(" /day").astype(float)
    assert days.between(1, 4).all() and rates.between(0.001, 0.01).all()
    assert days.nunique() == 4 and rates.nunique() == 4
    again = mc.sweep(SMALL, **args)  # the same folder: nothing computed again, the same table
    assert again.equals(first)
    assert mc.load_sweep(tmp_path / "lhs").equals(first)


def test_bad_sweeps(tmp_path):
    with pytest.raises(ValueError, match="at least one parameter"):
        mc.sweep(SMALL, vary={})
    with pytest.raises(mc.MicrochimeraError) as caught:
        mc.sweep(SMALL, vary={HALF_LIFE: "1 day:2 days:3"}, at="2 yeers", method="moments", out=tmp_path / "s")
    assert caught.value.exit_code == 64 and "2 yeers" in str(caught.value)
    with pytest.raises(mc.ScenarioError) as invalid:
        mc.sweep("name: x\nhorizon: 10 yeers\n", vary={HALF_LIFE: "1 day,2 days"}, out=tmp_path / "t")
    assert invalid.value.diagnostics[1].key == "horizon"


#: A biology-level scenario with two assays: 4000 male progenitor and 1000 mature cells transfused at day 30.
TRANSFUSED = """\
name: transfused
horizon: 1 year
output: { times: [40 days] }
tissues: []
cell_types:
  progenitor: { share: 0.2, clearance: 0.05 /day, differentiation: { mature: 0 /day } }
  mature: { share: 0.8, clearance: 0.5 /day }
events:
  - transfusion: { donor: donor, sex: male, at: 30 days, into: blood, cells: { progenitor: 4000, mature: 1000 } }
assays:
  - { name: draw, marker: y_chromosome, sample: 10 mL, times: [40 days, 90 days] }
  - { name: deep, marker: y_chromosome, sample: 20 mL, limit_of_detection: 2, times: [60 days] }
"""

CLEARANCE = "cell_types.progenitor.clearance"


def test_assay_table_is_sweep_assay_csv_and_each_point_is_run(tmp_path):
    """table="assay" returns sweep-assay.csv: each point's assay.csv rows, the run's numbers at its values."""
    out = tmp_path / "assays"
    table = mc.sweep(TRANSFUSED, vary={CLEARANCE: ["0.02 /day", "0.1 /day"]}, method="moments", out=out, table="assay")
    assert_frame_is_csv(table, out / "sweep-assay.csv", TEXT_COLUMNS)
    assert list(table.columns[:5]) == ["point", CLEARANCE, "method", "assay", "host"]
    assert "p_detect" in table.columns and len(table) == 2 * 3
    assert table.attrs["sweep"]["vary"][0]["path"] == CLEARANCE
    assert mc.load_sweep(out).equals(mc.sweep(TRANSFUSED, vary={CLEARANCE: ["0.02 /day", "0.1 /day"]}, method="moments", out=out))
    for point, value in enumerate(["0.02 /day", "0.1 /day"]):
        rows = table[table.point == point].reset_index(drop=True)
        run = mc.run(TRANSFUSED, method="moments", set={CLEARANCE: value}, out=tmp_path / f"r{point}").assay
        assert list(rows.assay) == list(run.assay) and list(rows.time_days) == list(run.time_days)
        assert (abs(rows.p_detect - run.p_detect) <= 1e-12 * run.p_detect).all(), f"point {point}"


def test_assay_table_errors(grid):
    with pytest.raises(ValueError, match="choose 'sweep'"):
        mc.load_sweep(grid.attrs["out"], table="assays")
    with pytest.raises(FileNotFoundError, match="has no assay rows"):
        mc.load_sweep(grid.attrs["out"], table="assay")
