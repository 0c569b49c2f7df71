"""microchimera.fit: estimates and intervals are fit.json's, residuals are residuals.csv."""

from __future__ import annotations

import json
import math

import pytest

import microchimera as mc
from microchimera._tables import TEXT_COLUMNS

from conftest import assert_frame_is_csv

HALF_LIFE = "cell_types.progenitor.clearance.half_life"


@pytest.fixture(scope="module")
def one_study(root, tmp_path_factory):
    """The worked example's postpartum study alone, its progenitors' half-life free: a few seconds."""
    spec = {
        "name": "postpartum half-life",
        "studies": [{"name": "postpartum", "scenario": "postpartum.yaml", "data": "postpartum.csv"}],
        "free": {HALF_LIFE: {"min": "6 hours", "max": "60 days", "scale": "log"}},
    }
    return mc.fit(spec, base_dir=root / "scripts/examples/fit", starts=2, out=tmp_path_factory.mktemp("fit") / "f")


def test_estimates_are_fit_json(one_study):
    f = one_study
    report = json.loads((f.out / "fit.json").read_text())
    assert f.report == report
    (p,) = report["parameters"]
    row = f.estimates.loc[HALF_LIFE]
    assert list(f.estimates.index) == [HALF_LIFE]
    assert row["estimate"] == p["estimate"] and row["estimate_text"] == p["estimate_text"]
    assert row["identifiable"] == p["identifiable"]
    low, high = p["interval95"]
    assert (row["low"], row["high"], row["low_text"], row["high_text"]) == (low["value"], high["value"], low["text"], high["text"])
    assert (row["low_at_bound"], row["high_at_bound"]) == (low["at_bound"], high["at_bound"])
    assert row["min"] == 0.25 and row["max"] == 60 and row["scale"] == "log"
    assert row["low"] <= row["estimate"] <= row["high"]
    assert f.maximum_log_likelihood == report["maximum_log_likelihood"] and f.aic == report["aic"]
    # The profile: the estimate is its maximum, and the interval's ends lie 1.92 (chi-square 3.84 / 2) below it.
    prof = f.profiles
    assert len(prof) == len(p["profile"]) and (prof["log_likelihood"] <= f.maximum_log_likelihood + 1e-6).all()
    assert math.isclose(f.maximum_log_likelihood - 1.92, min(prof.loc[prof.value.isin([row["low"], row["high"]]), "log_likelihood"]), abs_tol=0.05)


def test_residuals_and_fitted_scenarios(one_study, root):
    f = one_study
    assert_frame_is_csv(f.residuals, f.out / "residuals.csv", TEXT_COLUMNS)
    assert len(f.residuals) == 10 and set(f.residuals["study"]) == {"postpartum"}
    assert math.isclose(f.residuals["log_likelihood"].sum(), f.maximum_log_likelihood, rel_tol=1e-9)
    fitted = f.fitted["postpartum"]
    assert fitted.is_file()
    # The fitted scenario runs, with the estimate written in.
    assert mc.validate(fitted)["level"] == "biology"
    # The estimate is written into the progenitors' clearance in the base unit, the shortest decimal of the double.
    assert f"half_life: {float(f.estimates.loc[HALF_LIFE, 'estimate'])!r} days" in fitted.read_text()


def test_fit_file_problems_are_reported(root, tmp_path):
    spec = {
        "name": "broken",
        "studies": [{"name": "postpartum", "scenario": "postpartum.yaml", "data": "postpartum.csv"}],
        "free": {HALF_LIFE: {"min": "6 hours", "max": "60 days", "scael": "log"}},
    }
    with pytest.raises(mc.MicrochimeraError) as caught:
        mc.fit(spec, base_dir=root / "scripts/examples/fit", out=tmp_path / "never")
    assert caught.value.exit_code == 65
    assert "<fit file text>" in str(caught.value) and "scael" in str(caught.value)
    assert not (tmp_path / "never").exists()
    with pytest.raises(ValueError, match="base_dir"):
        mc.fit(root / "scripts/examples/fit/persistence.fit.yaml", base_dir=root)
