"""Errors: no binary (and how to build one), where the binary is found, bad options, failed runs."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import microchimera as mc
from microchimera import _binary

from conftest import SMALL


@pytest.fixture(scope="session")
def real_binary() -> Path:
    """The binary the tests run, found before any test hides it."""
    return mc.find_binary()


@pytest.fixture
def nowhere(monkeypatch, tmp_path):
    """No MICROCHIMERA_BIN, an empty PATH, a current folder outside any repository, and no repository above the package."""
    monkeypatch.delenv("MICROCHIMERA_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(_binary, "__file__", str(tmp_path / "site-packages" / "microchimera" / "_binary.py"))
    return tmp_path


def link(target: Path, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def test_missing_binary_says_how_to_build_it(nowhere, monkeypatch):
    with pytest.raises(mc.BinaryNotFoundError) as caught:
        mc.find_binary()
    assert "make release" in str(caught.value) and "MICROCHIMERA_BIN" in str(caught.value)
    assert caught.value.exit_code is None
    # run, sweep and fit say so before they make a temporary output folder.
    scratch = nowhere / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    for call in (lambda: mc.run(SMALL), lambda: mc.sweep(SMALL, vary={"horizon": "1 year,2 years"}),
                 lambda: mc.fit(nowhere / "x.fit.yaml")):
        with pytest.raises(mc.BinaryNotFoundError, match="make release"):
            call()
    assert list(scratch.iterdir()) == []


def test_environment_variable_must_name_an_executable(monkeypatch, tmp_path):
    monkeypatch.setenv("MICROCHIMERA_BIN", str(tmp_path / "no-such-binary"))
    with pytest.raises(mc.BinaryNotFoundError) as caught:
        mc.validate(SMALL)
    assert "MICROCHIMERA_BIN" in str(caught.value) and "does not exist" in str(caught.value)
    not_executable = tmp_path / "microchimera"
    not_executable.write_text("#!/bin/sh\n")
    monkeypatch.setenv("MICROCHIMERA_BIN", str(not_executable))
    with pytest.raises(mc.BinaryNotFoundError, match="not an executable file"):
        mc.find_binary()


def test_found_on_path_then_in_a_repository(nowhere, real_binary):
    on_path = link(real_binary, nowhere / "bin" / "microchimera")
    os.environ["PATH"] = str(on_path.parent)
    assert mc.find_binary() == on_path
    os.environ["PATH"] = str(nowhere / "empty-path")

    repo = nowhere / "repo"
    (repo / "Sources" / "microchimera").mkdir(parents=True)
    (repo / "Package.swift").write_text("// swift-tools-version:6.1\n")
    (repo / "scenarios").mkdir()
    os.chdir(repo / "scenarios")  # a folder inside the repository
    test_build = link(real_binary, repo / ".build-test" / "x86_64-unknown-linux-gnu" / "release" / "microchimera")
    assert mc.find_binary() == test_build
    release = link(real_binary, repo / ".build" / "release" / "microchimera")
    assert mc.find_binary() == release  # `make release`'s build first
    assert mc.validate(SMALL)["compartments"] == 2  # and it runs


def test_bad_options_raise_the_binarys_usage_error(tmp_path):
    with pytest.raises(mc.MicrochimeraError) as caught:
        mc.run(SMALL, method="bogus", out=tmp_path / "a")
    assert caught.value.exit_code == 64 and "bogus" in str(caught.value)
    assert not isinstance(caught.value, mc.ScenarioError)  # the scenario is fine
    with pytest.raises(mc.MicrochimeraError) as zero:
        mc.run(SMALL, method="exact", replicates=0, out=tmp_path / "b")
    assert zero.value.exit_code == 64 and "replicates" in str(zero.value)
    # Caught in Python before the binary runs.
    with pytest.raises(TypeError, match="whole number"):
        mc.run(SMALL, replicates=2.5)
    with pytest.raises(TypeError, match="expected text"):
        mc.run(SMALL, set={"horizon": ["1 year"]})
    with pytest.raises(ValueError, match="contains '='"):
        mc.run(SMALL, set={"horizon=1 year": 1})


def test_output_problems_and_timeouts(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("mine\n")
    with pytest.raises(mc.MicrochimeraError) as caught:
        mc.run(SMALL, method="moments", out=a_file)
    assert caught.value.exit_code == 64 and "a-file" in str(caught.value)
    assert a_file.read_text() == "mine\n"
    with pytest.raises(mc.MicrochimeraError, match="did not finish within") as slow:
        mc.run(SMALL, method="exact", replicates=10_000_000, out=tmp_path / "slow", timeout=0.5)
    assert slow.value.exit_code is None


def test_binary_version_matches_the_package():
    assert mc.binary_version() == mc.__version__
