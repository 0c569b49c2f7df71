"""``microchimera.sweep``: a scenario over varied parameters through ``microchimera sweep``."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Mapping, Sequence, Union

import pandas as pd

from ._inputs import ScenarioLike, SetValue, comma_list, option, whole
from ._tables import read_table
from ._validate import command_on_scenario

#: What one ``vary`` entry may be: a SPEC as the command line writes it
#: (``"1 day:1 year:20:log"``, ``"0.001 /day:0.1 /day"``, ``"1 day,1 week"``) or a list of values.
VarySpec = Union[str, Sequence[SetValue]]


def sweep(
    scenario: ScenarioLike,
    vary: Mapping[str, VarySpec],
    design: str | None = None,
    points: int | None = None,
    at: str | Sequence[str] | None = None,
    method: str | None = None,
    out: str | os.PathLike[str] | None = None,
    *,
    replicates: int | None = None,
    seed: int | None = None,
    set: Mapping[str, SetValue] | None = None,
    threads: int | None = None,
    p_present: bool = True,
    keep_runs: bool = False,
    table: str = "sweep",
    timeout: float | None = None,
) -> pd.DataFrame:
    """Runs ``microchimera sweep`` and returns ``sweep.csv`` (or ``sweep-assay.csv``) as a DataFrame.

    - ``vary``: each override path to vary, with its SPEC (the command line's
      ``--vary PATH=SPEC``: ``a:b:n``, ``a:b:n:log``, ``a,b,c``, or for
      ``design="lhs"``/``"random"`` ``a:b`` and ``a:b:log``; ends may carry units),
      or a list of values (``["1 day", "1 week"]``, ``[100, 1000]``);
    - ``design``: ``grid`` (the default: every combination), ``lhs`` or ``random``
      (with ``points``); ``at``: report only these times (``["1 year", "27 years"]``
      or ``"1 year,27 years"``);
    - ``method``, ``replicates`` (per point), ``seed``, ``threads``, ``set``: as for ``run``;
      ``p_present=False`` skips the probability of presence with ``moments``
      (``--no-p-present``); ``keep_runs=True`` keeps each point's run under ``out/runs/``;
    - ``out``: the sweep's folder (``None``: a new temporary folder). A sweep
      started again in the same folder resumes: only the missing points are computed;
    - ``table``: ``"sweep"`` (sweep.csv) or ``"assay"`` (sweep-assay.csv: each
      point's assay.csv rows, ``p_detect`` and the level, written when the
      scenario has assays sampled at output times of the sweep).

    The table has the columns of docs/output.md: ``point``, one column per
    varied path (named by the path, the value given at that point), ``method``,
    then those of timeseries.csv (or of assay.csv). ``table.attrs["sweep"]`` holds sweep.json
    (design, seed, the values of every point) and ``table.attrs["out"]`` the folder;
    ``load_sweep(out, table=...)`` reads the other table of the same sweep.

    >>> table = microchimera.sweep(
    ...     "scenarios/single-pregnancy.yaml", method="moments", at=["30 years"],
    ...     vary={"cell_types.progenitor.clearance.half_life": "0.25 days:16 days:5:log"})
    >>> table.query("compartment == 'blood' and cell_type == 'all'")
    """
    _table_file(table)
    if not isinstance(vary, Mapping) or not vary:
        raise ValueError("vary= needs at least one parameter, e.g. {'cell_types.mature.clearance.half_life': '1 day:1 year:5:log'}")
    arguments: list[str] = []
    for path, spec in vary.items():
        if not isinstance(path, str) or not path.strip() or "=" in path:
            raise ValueError(f"vary=: {path!r} is not an override path such as 'cell_types.mature.clearance.half_life'")
        arguments += ["--vary", f"{path}={comma_list(f'vary[{path!r}]', spec)}"]
    arguments += [*option("--design", design), *whole("points", points), *option("--method", method)]
    if at is not None:
        arguments += ["--at", comma_list("at", at)]
    arguments += [*whole("replicates", replicates), *whole("seed", seed), *whole("threads", threads)]
    if not p_present:
        arguments.append("--no-p-present")
    if keep_runs:
        arguments.append("--keep-runs")
    return load_sweep(command_on_scenario("sweep", scenario, out, arguments, set, timeout), table=table)


def load_sweep(out: str | os.PathLike[str], table: str = "sweep") -> pd.DataFrame:
    """``sweep.csv`` (``table="sweep"``) or ``sweep-assay.csv`` (``table="assay"``) of a finished sweep in
    folder ``out``, with ``attrs["sweep"]`` (sweep.json) and ``attrs["out"]``."""
    name = _table_file(table)
    folder = str(Path(out).absolute())
    if name == ASSAY_FILE and (Path(folder) / "sweep.csv").is_file() and not (Path(folder) / name).is_file():
        raise FileNotFoundError(
            f"{Path(folder) / name}: no such file; the sweep in {folder} has no assay rows: its scenario has no assays, "
            "or none samples at an output time of the sweep (at=): add an assay whose times are among the at= times"
        )
    frame = read_table(_path(folder, name))
    manifest: dict[str, Any] = json.loads(_path(folder, "sweep.json").read_text(encoding="utf-8"))
    frame.attrs["sweep"] = manifest
    frame.attrs["out"] = folder
    return frame


#: The file of each ``table=`` value.
ASSAY_FILE = "sweep-assay.csv"
_TABLES = {"sweep": "sweep.csv", "assay": ASSAY_FILE}


def _table_file(table: str) -> str:
    """The file of ``table`` (``"sweep"`` or ``"assay"``), or a ValueError saying which values exist."""
    if table not in _TABLES:
        raise ValueError(f"table={table!r} is not a table of a sweep; choose 'sweep' (sweep.csv) or 'assay' (sweep-assay.csv)")
    return _TABLES[table]


def _path(folder: str, name: str) -> Path:
    """``folder/name``, which must exist."""
    path = Path(folder) / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file; {folder} is not the folder of a finished sweep (a shard's folder has no sweep.csv: merge the shards first)")
    return path
