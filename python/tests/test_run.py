"""microchimera.run: the DataFrames are the files the binary wrote, cell for cell and byte for byte."""

from __future__ import annotations

import json
import math

import pytest

import microchimera as mc
from microchimera._tables import TEXT_COLUMNS

from conftest import SMALL, assert_frame_is_csv


def same_bytes(frame, path) -> bool:
    """Whether pandas writes ``frame`` back as exactly the bytes of ``path`` (the tool writes the shortest round-trip decimals, as Python)."""
    return frame.to_csv(index=False, lineterminator="\n") == path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stochastic(root, tmp_path_factory):
    """The default scenario, 20 replicates of the fast method, yearly output: a second or two."""
    out = tmp_path_factory.mktemp("run") / "single"
    return mc.run(root / "scenarios/single-pregnancy.yaml", method="fast", replicates=20, seed=3,
                  set={"output.every": "1 year"}, out=out)


def test_tables_are_the_csv_files(stochastic):
    r = stochastic
    assert r.files[:2] == ["timeseries.csv", "summary.csv"] and "assay.csv" in r.files
    for name, frame in [("timeseries.csv", r.timeseries), ("summary.csv", r.summary), ("assay.csv", r.assay)]:
        assert_frame_is_csv(frame, r.out / name, TEXT_COLUMNS)
        assert same_bytes(frame, r.out / name), name
    # The fast method gives quantiles: some are positive (cells were simulated), none missing.
    assert r.timeseries["q95"].notna().all() and (r.timeseries["q95"] > 0).any()
    assert r.prevalence is None and r.individuals is None and r.trajectories is None


def test_manifest_is_run_json(stochastic):
    r = stochastic
    assert r.manifest == json.loads((r.out / "run.json").read_text())
    assert r.manifest["seed"] == 3
    assert r.manifest["replicates"] == {"requested": 20, "simulated": 20}
    assert r.method == "fast" and r.manifest["method"]["requested"] == "fast"
    assert r.manifest["overrides"] == [{"path": "output.every", "value": "1 year"}]
    assert mc.load_run(r.out).summary.equals(r.summary)


def test_same_seed_same_bytes_other_seed_other_numbers(root, tmp_path):
    args = dict(method="fast", replicates=20, set={"output.every": "5 years"})
    a = mc.run(root / "scenarios/single-pregnancy.yaml", seed=11, out=tmp_path / "a", **args)
    b = mc.run(root / "scenarios/single-pregnancy.yaml", seed=11, out=tmp_path / "b", **args)
    c = mc.run(root / "scenarios/single-pregnancy.yaml", seed=12, out=tmp_path / "c", **args)
    assert (a.out / "timeseries.csv").read_bytes() == (b.out / "timeseries.csv").read_bytes()
    assert a.timeseries.equals(b.timeseries)
    assert not a.timeseries["mean"].equals(c.timeseries["mean"])


def test_moments_has_no_quantiles_and_text_scenario_and_numbers_in_set(tmp_path):
    # YAML text, a number override, the moments method: the mean at time 0 is the initial count set.
    r = mc.run(SMALL, method="moments", set={"network.compartments.blood.initial": 250}, out=tmp_path / "m")
    t = r.timeseries
    assert r.method == "moments" and r.manifest["overrides"] == [{"path": "network.compartments.blood.initial", "value": "250"}]
    assert t[["q05", "q25", "q50", "q75", "q95"]].isna().all().all()
    assert t["mean"].notna().all() and t["p_present"].notna().all()
    # Network level: the series' names are empty strings (not NaN), the compartments are the scenario's and the total.
    assert set(t["host"]) == {""} and set(t["compartment"]) == {"blood", "marrow", "total"}
    start = t[(t.time_days == 0) & (t.compartment == "blood")]
    assert start["mean"].tolist() == [250.0]
    # Blood empties at rate k = ln2/2 + 0.004 per day, a share 0.004/k of it into marrow, which keeps its
    # cells: the exact mean in marrow one year on is 250 (0.004/k) (1 - e^{-k t}).
    k = math.log(2) / 2 + 0.004
    year = t[(t.time_days == 365.25) & (t.compartment == "marrow")]["mean"].iloc[0]
    assert math.isclose(year, 250 * 0.004 / k * -math.expm1(-k * 365.25), rel_tol=1e-9)
    assert r.assay is None  # network level: no assays
    assert_frame_is_csv(t, r.out / "timeseries.csv", TEXT_COLUMNS)


def test_mapping_scenario_float_override_trajectories_no_plot(tmp_path):
    scenario = {
        "name": "mapping",
        "horizon": "1 year",
        "output": {"every": "6 months"},
        "network": {"compartments": [{"name": "blood", "initial": 10}], "flows": [{"from": "blood", "to": "out", "rate": "0.01 /day"}]},
    }
    r = mc.run(scenario, method="exact", replicates=7, seed=1, set={"network.flows[0].rate": "0.1 /day"},
               trajectories=True, plot=False, out=tmp_path / "t")
    assert r.manifest["scenario"]["name"] == "mapping"
    assert "timeline.svg" not in r.files and not (r.out / "timeline.svg").exists()
    traj = r.trajectories
    assert list(traj.columns) == ["replicate", "time_days", "compartment", "count"]
    assert sorted(set(traj["replicate"])) == list(range(7))
    assert len(traj) == 7 * len(set(r.timeseries["time_days"]))  # one compartment: a row per replicate and time
    assert_frame_is_csv(traj, r.out / "trajectories.csv", TEXT_COLUMNS)
    # The timeseries' mean is the mean of the trajectories at each time.
    means = traj.groupby("time_days")["count"].mean()
    blood = r.timeseries[r.timeseries.compartment == "blood"].set_index("time_days")["mean"]
    assert all(math.isclose(means[t], blood[t], rel_tol=1e-12) for t in blood.index)


def test_cohort_prevalence_and_individuals(root, tmp_path):
    r = mc.run(root / "scenarios/cohort-blood-draw.yaml", set={"cohort.size": 6}, out=tmp_path / "cohort")
    assert r.prevalence is not None and r.individuals is not None
    assert_frame_is_csv(r.prevalence, r.out / "prevalence.csv", TEXT_COLUMNS)
    assert_frame_is_csv(r.individuals, r.out / "individuals.csv", TEXT_COLUMNS)
    assert same_bytes(r.prevalence, r.out / "prevalence.csv")
    assert set(r.individuals["individual"]) == set(range(6))
    p = r.prevalence
    assert ((p["detected"] <= p["samples"]) & (p["fraction_detected"] == p["detected"] / p["samples"])).all()


def test_relative_out_is_taken_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = mc.run(SMALL, method="moments", out="relative/run")
    assert r.out == tmp_path / "relative" / "run" and (tmp_path / "relative/run/timeseries.csv").is_file()
    monkeypatch.chdir("/")  # the result still reads its files
    assert len(r.timeseries) == 3 * 3
