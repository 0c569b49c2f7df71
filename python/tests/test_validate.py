"""microchimera.validate and the ScenarioError of run: every diagnostic with file, line, column and key."""

from __future__ import annotations

import pytest

import microchimera as mc

from conftest import SMALL

#: Three problems on known lines: the missing `output` (reported at the root, 1:1), an unknown unit (2:10), an unknown key (3:1).
INVALID = "name: x\nhorizon: 10 yeers\nfoo: 1\n"


def places(error: mc.ScenarioError) -> list[tuple]:
    return [(d.line, d.column, d.key) for d in error.diagnostics]


def test_invalid_text_lists_every_problem_at_its_place():
    with pytest.raises(mc.ScenarioError) as caught:
        mc.validate(INVALID)
    e = caught.value
    assert places(e) == [(1, 1, ""), (2, 10, "horizon"), (3, 1, "foo")]
    assert {d.file for d in e.diagnostics} == {"<scenario text>"}
    assert e.exit_code == 65
    assert (e.line, e.column, e.key) == (1, 1, "")
    assert "missing required key 'output'" in e.diagnostics[0].message
    assert "did you mean 'years'" in e.diagnostics[1].message
    assert "unknown key 'foo'" in e.diagnostics[2].message
    assert str(e.diagnostics[1]).startswith("<scenario text>:2:10: error: horizon: unknown time unit 'yeers'")
    assert str(e).splitlines() == [str(d) for d in e.diagnostics]


def test_invalid_file_names_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(INVALID)
    with pytest.raises(mc.ScenarioError) as caught:
        mc.validate(path)
    assert [d.file for d in caught.value.diagnostics] == [str(path)] * 3
    assert places(caught.value)[1] == (2, 10, "horizon")


def test_valid_scenarios_give_the_network_size(root):
    small = mc.validate(SMALL)
    assert small == {"name": "small", "level": "network", "compartments": 2, "flows": 2, "divisions": 0, "inflows": 0,
                     "boluses": 0, "horizon_days": 730.5, "output_times": 3}
    default = mc.validate(str(root / "scenarios/single-pregnancy.yaml"), set={"horizon": "60 years"})
    assert default["level"] == "biology" and default["horizon_days"] == 21915 and default["compartments"] > 10


def test_unreadable_file_and_bad_overrides(tmp_path):
    with pytest.raises(mc.ScenarioError) as missing:
        mc.validate(tmp_path / "missing.yaml")
    assert missing.value.exit_code == 66
    assert (missing.value.line, missing.value.column) == (None, None)
    assert missing.value.diagnostics[0].message == "cannot read the scenario file: no such file"

    with pytest.raises(mc.ScenarioError) as malformed:
        mc.validate(SMALL, set={"a..b": 1})
    assert malformed.value.exit_code == 64
    assert malformed.value.key == "a..b" and "empty key" in malformed.value.diagnostics[0].message

    with pytest.raises(mc.ScenarioError) as bad_value:
        mc.validate(SMALL, set={"horizon": "10 yeers"})
    assert bad_value.value.exit_code == 65
    assert bad_value.value.key == "horizon" and "yeers" in bad_value.value.diagnostics[0].message
    assert bad_value.value.file.startswith("--set")


def test_run_of_an_invalid_scenario_raises_scenario_error_and_writes_nothing(tmp_path):
    with pytest.raises(mc.ScenarioError) as caught:
        mc.run(INVALID, method="moments", out=tmp_path / "never")
    e = caught.value
    assert e.exit_code == 65 and places(e) == [(1, 1, ""), (2, 10, "horizon"), (3, 1, "foo")]
    assert "<scenario text>:2:10: error: horizon" in str(e)  # the run's own message, with the text's name
    assert not (tmp_path / "never").exists()
    assert isinstance(e, mc.MicrochimeraError)
