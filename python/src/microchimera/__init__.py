"""Microchimera from Python: run scenarios, sweeps and fits, read the results as pandas DataFrames.

A thin client of the ``microchimera`` command line: every function runs the
release binary (found as ``find_binary`` says) and reads the files it writes;
nothing is computed in Python, so results are the same bytes as from the shell.

>>> import microchimera as mc
>>> r = mc.run("scenarios/single-pregnancy.yaml", method="moments", set={"output.every": "1 year"})
>>> r.summary.query("compartment == 'total' and cell_type == 'all'")[["host", "origin", "p_present_30y"]]
>>> table = mc.sweep("scenarios/single-pregnancy.yaml", method="moments", at="30 years",
...                  vary={"cell_types.progenitor.clearance.half_life": "0.25 days:16 days:5:log"})
>>> mc.validate("scenarios/single-pregnancy.yaml")["compartments"]
38

See docs/python.md in the repository.
"""

from __future__ import annotations

from ._binary import binary_version, find_binary
from ._fit import FitResult, fit, load_fit
from ._run import Result, load_run, run
from ._sweep import load_sweep, sweep
from ._validate import validate
from .errors import BinaryNotFoundError, Diagnostic, MicrochimeraError, ScenarioError

#: The package's version; the binary reports its own (``binary_version()``).
__version__ = "0.1.0"

__all__ = [
    "__version__",
    "run",
    "Result",
    "load_run",
    "sweep",
    "load_sweep",
    "fit",
    "FitResult",
    "load_fit",
    "validate",
    "find_binary",
    "binary_version",
    "MicrochimeraError",
    "ScenarioError",
    "BinaryNotFoundError",
    "Diagnostic",
]
