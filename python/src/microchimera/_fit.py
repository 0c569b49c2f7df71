"""``microchimera.fit``: maximum likelihood and profile intervals through ``microchimera fit``."""

from __future__ import annotations

import copy
import json
import os
from functools import cached_property
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from ._binary import failure, find_binary, invoke
from ._inputs import ScenarioLike, SetValue, output_folder, scenario_file, set_arguments, whole
from ._tables import read_table
from .errors import MicrochimeraError

__all__ = ["FitResult", "fit", "load_fit"]


class FitResult:
    """The files of one ``microchimera fit`` (docs/fit.md), read on first use.

    - ``out``: the output folder; ``report``: ``fit.json`` as a dict;
    - ``estimates``: one row per free parameter, indexed by its name (its
      ``--set`` path, or its own name for a parameter of some studies), with
      ``estimate`` (base units: days, per day, cells, mL), ``estimate_text``,
      the 95% profile-likelihood interval ``low``, ``high`` (NaN when not
      identifiable), ``low_text``, ``high_text``, ``low_at_bound``,
      ``high_at_bound`` (the interval reaches the search bound: the data do not
      limit it on that side), ``identifiable``, ``scale``, ``min``, ``max``, ``note``;
    - ``residuals``: ``residuals.csv`` (observed, predicted, log-likelihood and
      Pearson residual of every observation);
    - ``profiles``: every profile point, columns ``parameter``, ``value``, ``log_likelihood``;
    - ``maximum_log_likelihood``, ``aic``; ``fitted``: each study's scenario
      with the estimates written in (``{study: Path}``), ready for ``run``.

    >>> f = microchimera.fit("scripts/examples/fit/persistence.fit.yaml")
    >>> f.estimates[["estimate_text", "low_text", "high_text"]]
    """

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out).absolute()
        path = self.out / "fit.json"
        try:
            self.report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no such file; {self.out} is not the output folder of a microchimera fit") from None

    def __repr__(self) -> str:
        return (f"<microchimera.FitResult {self.report.get('name', '?')!r}: {len(self.report.get('parameters', []))} parameters, "
                f"max log-likelihood {self.maximum_log_likelihood:.6g}, in {str(self.out)!r}>")

    @property
    def maximum_log_likelihood(self) -> float:
        """The maximum of the log-likelihood over the free parameters' box."""
        return float(self.report["maximum_log_likelihood"])

    @property
    def aic(self) -> float:
        """Akaike's information criterion, 2k − 2ℓ̂."""
        return float(self.report["aic"])

    @cached_property
    def estimates(self) -> pd.DataFrame:
        """One row per free parameter: the estimate and its 95% interval (see the class's docs)."""
        rows = []
        for p in self.report["parameters"]:
            ends = p.get("interval95") or [None, None]
            low, high = ends
            rows.append({
                "parameter": p["path"],
                "estimate": p["estimate"],
                "estimate_text": p["estimate_text"],
                "low": low["value"] if low else float("nan"),
                "high": high["value"] if high else float("nan"),
                "low_text": low["text"] if low else "",
                "high_text": high["text"] if high else "",
                "low_at_bound": bool(low["at_bound"]) if low else False,
                "high_at_bound": bool(high["at_bound"]) if high else False,
                "identifiable": bool(p["identifiable"]),
                "scale": p["scale"],
                "min": p["min"],
                "max": p["max"],
                "note": p["note"],
            })
        return pd.DataFrame(rows).set_index("parameter")

    @cached_property
    def residuals(self) -> pd.DataFrame:
        """``residuals.csv``: one row per observation."""
        return read_table(self.out / "residuals.csv")

    @cached_property
    def profiles(self) -> pd.DataFrame:
        """Every parameter's profile: the value and the profile log-likelihood there."""
        rows = [
            {"parameter": p["path"], "value": point["value"], "log_likelihood": point["log_likelihood"]}
            for p in self.report["parameters"] for point in p.get("profile", [])
        ]
        return pd.DataFrame(rows, columns=["parameter", "value", "log_likelihood"])

    @property
    def fitted(self) -> dict[str, Path]:
        """Each study's scenario with the estimates written in, by study name."""
        return {s["name"]: self.out / "fitted" / f"{s['name']}.yaml" for s in self.report.get("studies", [])}


def fit(
    fitfile: ScenarioLike,
    *,
    out: str | os.PathLike[str] | None = None,
    seed: int | None = None,
    starts: int | None = None,
    threads: int | None = None,
    replicates: int | None = None,
    set: Mapping[str, SetValue] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
) -> FitResult:
    """Fits a fit file's free parameters with ``microchimera fit`` and returns estimates and intervals.

    - ``fitfile``: a fit file's path (docs/fit.md), its YAML text (a string with
      a line break; its study paths must then be absolute), or a mapping with the
      same keys (``name``, ``studies``, ``free``, optionally ``set`` and
      ``method``), whose relative study paths are taken from ``base_dir``
      (default: the current folder);
    - ``starts``: optimiser starts (the binary's default is 8; fewer is faster
      and may miss the best basin), ``seed``, ``threads``, ``replicates``
      (stochastic methods), ``set`` (values fixed in every study): as the command line's;
    - ``out``: the output folder (``None``: a new temporary folder).

    Raises ``MicrochimeraError`` with the command's message (every problem of
    the fit file and its data files, with file, line, column and key) and exit code.

    >>> f = microchimera.fit({
    ...     "name": "half-life from postpartum draws",
    ...     "studies": [{"name": "postpartum", "scenario": "postpartum.yaml", "data": "postpartum.csv"}],
    ...     "free": {"cell_types.progenitor.clearance.half_life": {"min": "6 hours", "max": "60 days", "scale": "log"}},
    ... }, base_dir="scripts/examples/fit", starts=2)
    >>> f.estimates.loc["cell_types.progenitor.clearance.half_life", ["estimate", "low", "high"]]
    """
    if isinstance(fitfile, Mapping):
        fitfile = _absolute_studies(fitfile, Path(base_dir) if base_dir is not None else Path.cwd())
    elif base_dir is not None:
        raise ValueError("base_dir= applies to a fit given as a mapping; a fit file's relative paths are relative to its own folder")
    arguments = [*whole("seed", seed), *whole("starts", starts), *whole("threads", threads), *whole("replicates", replicates)]
    find_binary()  # before a temporary folder is made for nothing
    folder = output_folder(out, "fit")
    with scenario_file(fitfile, what="fit file") as source:
        process = invoke(["fit", source.path, "--out", str(folder), "--quiet", *arguments, *set_arguments(set)], timeout=timeout)
        if process.returncode != 0:
            error = failure(process)
            raise MicrochimeraError(source.relabel(error.message),
                                    exit_code=error.exit_code, command=error.command, stderr=error.stderr, stdout=error.stdout)
    return FitResult(folder)


def load_fit(out: str | os.PathLike[str]) -> FitResult:
    """The ``FitResult`` of a fit already in folder ``out``."""
    return FitResult(out)


def _absolute_studies(spec: Mapping[str, Any], base: Path) -> dict[str, Any]:
    """A copy of a fit mapping whose studies' relative ``scenario`` and ``data`` paths are made absolute from ``base``."""
    result = copy.deepcopy(dict(spec))
    studies = result.get("studies")
    if isinstance(studies, list):
        for study in studies:
            if isinstance(study, dict):
                for key in ("scenario", "data"):
                    value = study.get(key)
                    if isinstance(value, (str, os.PathLike)) and not os.path.isabs(os.fspath(value)):
                        study[key] = str((base / os.fspath(value)).resolve())
    return result
