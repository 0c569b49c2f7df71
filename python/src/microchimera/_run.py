"""``microchimera.run``: one scenario through ``microchimera run``, its files as DataFrames."""

from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ._inputs import ScenarioLike, SetValue, option, whole
from ._tables import read_table
from ._validate import command_on_scenario

__all__ = ["Result", "run", "load_run"]


class Result:
    """The files of one ``microchimera run``, read on first use.

    - ``out``: the output folder (a ``Path``);
    - ``manifest``: ``run.json`` as a dict (tool version, the scenario's SHA-256,
      every resolved parameter, seed, method, replicates, wall time, outputs);
    - ``timeseries``, ``summary``: ``timeseries.csv`` and ``summary.csv``, always written;
    - ``assay``: ``assay.csv``, or ``None`` when the scenario has no assays (or runs at network level);
    - ``prevalence``: ``prevalence.csv``, or ``None`` unless the scenario is a cohort with assays;
    - ``individuals``: ``individuals.csv`` (cohorts with assays), or ``None``;
    - ``trajectories``: the ``trajectories=`` file, or ``None`` when none was asked for.

    The columns are exactly those of docs/output.md; series names (``host``,
    ``origin``, ``cell_type``, ``compartment``) are strings (empty at network
    level), and a statistic the method does not give (``moments`` gives no
    quantiles) is NaN. A file is "written" when run.json's ``outputs`` lists
    it, so a stale file of an earlier run in the folder is never read.

    >>> r = microchimera.run("scenarios/single-pregnancy.yaml", method="moments")
    >>> blood = r.timeseries.query("host == 'mother' and origin == 'son' and cell_type == 'all' and compartment == 'blood'")
    >>> blood.plot(x="time_years", y="mean", logy=True)
    """

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out).absolute()
        manifest_path = self.out / "run.json"
        try:
            self.manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"{manifest_path}: no such file; {self.out} is not the output folder of a microchimera run") from None
        self.files: list[str] = list(self.manifest.get("outputs", []))

    def __repr__(self) -> str:
        method = self.manifest.get("method", {}).get("ran", "?")
        name = self.manifest.get("scenario", {}).get("name", "?")
        return f"<microchimera.Result {name!r}, method {method}, in {str(self.out)!r}: {', '.join(self.files)}>"

    def _table(self, name: str) -> pd.DataFrame | None:
        if name not in self.files:
            return None
        return read_table(self.out / name)

    def _required(self, name: str) -> pd.DataFrame:
        table = self._table(name)
        if table is None:
            raise FileNotFoundError(f"{self.out}/run.json lists no {name}: the folder does not hold a complete run")
        return table

    @cached_property
    def timeseries(self) -> pd.DataFrame:
        """``timeseries.csv``: one row per output time and series (mean, sd, quantiles, ``p_present``)."""
        return self._required("timeseries.csv")

    @cached_property
    def summary(self) -> pd.DataFrame:
        """``summary.csv``: one row per series (peak, probability present 1 to 50 years on, time to loss)."""
        return self._required("summary.csv")

    @cached_property
    def assay(self) -> pd.DataFrame | None:
        """``assay.csv`` (what the scenario's assays detect), or ``None`` when the run wrote none."""
        return self._table("assay.csv")

    @cached_property
    def prevalence(self) -> pd.DataFrame | None:
        """``prevalence.csv`` (the fraction of a cohort's women an assay detects), or ``None`` when the run wrote none."""
        return self._table("prevalence.csv")

    @cached_property
    def individuals(self) -> pd.DataFrame | None:
        """``individuals.csv`` (one row per woman, assay and time, cohorts with assays), or ``None``."""
        return self._table("individuals.csv")

    @cached_property
    def trajectories(self) -> pd.DataFrame | None:
        """Every replicate's counts (``run(..., trajectories=True)``), or ``None`` when not asked for."""
        names = [f for f in self.files if f.endswith(".csv") and f not in _STANDARD_CSV and f != "-" and not f.startswith("/")]
        return read_table(self.out / names[0]) if names else None

    @property
    def method(self) -> str:
        """The method that ran (``exact``, ``fast`` or ``moments``)."""
        return str(self.manifest["method"]["ran"])


_STANDARD_CSV = frozenset({"timeseries.csv", "summary.csv", "assay.csv", "prevalence.csv", "individuals.csv"})


def run(
    scenario: ScenarioLike,
    method: str | None = None,
    replicates: int | None = None,
    seed: int | None = None,
    set: Mapping[str, SetValue] | None = None,
    out: str | os.PathLike[str] | None = None,
    *,
    threads: int | None = None,
    plot: bool = True,
    trajectories: bool | str = False,
    individual: int | None = None,
    timeout: float | None = None,
) -> Result:
    """Runs a scenario with ``microchimera run`` and returns its files.

    - ``scenario``: a file's path, YAML text (a string with a line break) or a mapping;
    - ``method``: ``auto`` (the binary's default), ``exact``, ``fast`` or ``moments``;
    - ``replicates``, ``seed``, ``threads``: as ``--replicates``, ``--seed``, ``--threads``
      (``None``: the binary's defaults, 1,000 replicates and a fixed seed);
    - ``set``: overrides, ``{"horizon": "20 years", "cohort.size": 50}``, applied in order;
    - ``out``: the output folder; ``None`` makes a new temporary folder (kept: the
      result is read from it; ``result.out`` says where);
    - ``plot=False``: no figures (``--no-plot``); ``trajectories=True`` (or a file
      name inside ``out``) also writes every replicate's counts; ``individual=K``
      re-runs woman K of a cohort;
    - ``timeout``: seconds before the run is stopped (``None``: no limit).

    Raises ``ScenarioError`` (with every diagnostic) when the scenario or an
    override is invalid, ``MicrochimeraError`` with the command's message and
    exit code for any other failure, ``BinaryNotFoundError`` when no binary is found.

    >>> r = microchimera.run("scenarios/single-pregnancy.yaml", replicates=200, seed=7,
    ...                      set={"output.every": "1 year"})
    >>> r.summary[["host", "origin", "compartment", "p_present_30y"]].head()
    """
    options = [
        *option("--method", method), *whole("replicates", replicates), *whole("seed", seed),
        *whole("threads", threads), *whole("individual", individual),
    ]
    if not plot:
        options.append("--no-plot")
    if trajectories is True:
        options += ["--trajectories", "trajectories.csv"]
    elif isinstance(trajectories, str) and trajectories:
        if trajectories == "-" or trajectories.startswith("/dev/"):
            raise ValueError("trajectories= names a file inside out; streams (-, /dev/...) cannot be read back")
        options += ["--trajectories", trajectories]
    return Result(command_on_scenario("run", scenario, out, options, set, timeout))


def load_run(out: str | os.PathLike[str]) -> Result:
    """The ``Result`` of a run already in folder ``out`` (e.g. one made with the command line).

    >>> microchimera.load_run("out/single-pregnancy").summary
    """
    return Result(out)
