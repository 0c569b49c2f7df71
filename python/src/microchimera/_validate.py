"""``microchimera.validate``: check a scenario through ``microchimera validate --format json``."""

from __future__ import annotations

import json
import os
from typing import Any, Mapping, Sequence

from pathlib import Path

from ._binary import failure, find_binary, invoke
from ._inputs import ScenarioFile, ScenarioLike, SetValue, output_folder, scenario_file, set_arguments
from .errors import Diagnostic, MicrochimeraError, ScenarioError


def validate(scenario: ScenarioLike, set: Mapping[str, SetValue] | None = None) -> dict[str, Any]:
    """Checks a scenario (with overrides) and returns the size of its compiled network.

    ``scenario`` is a file's path, YAML text (a string with a line break) or a
    mapping; ``set`` maps override paths to values, as ``--set PATH=VALUE``.
    Returns a dict with ``name``, ``level`` (``network`` or ``biology``),
    ``compartments``, ``flows``, ``divisions``, ``inflows``, ``boluses``,
    ``horizon_days`` and ``output_times``. Raises ``ScenarioError`` listing
    every problem, each with file, line, column, key and message, when the
    scenario is invalid, cannot be read or an override is malformed.

    >>> microchimera.validate("scenarios/single-pregnancy.yaml")["compartments"]
    38
    >>> microchimera.validate("name: x\\nhorizon: 10 yeers\\n")
    Traceback (most recent call last):
    ...
    microchimera.errors.ScenarioError: <scenario text>:1:1: error: missing required key 'output' ...
    """
    with scenario_file(scenario) as source:
        report = _report(source, set_arguments(set))
    if report["valid"]:
        return dict(report["network"])
    raise report["exception"]


def _report(source: ScenarioFile, overrides: list[str], timeout: float | None = 600) -> dict[str, Any]:
    """The JSON report of ``validate --format json``; when invalid, with the ``ScenarioError`` under ``exception``."""
    process = invoke(["validate", source.path, "--format", "json", *overrides], timeout=timeout)
    try:
        report: dict[str, Any] = json.loads(process.stdout)
        valid = bool(report["valid"])
    except (ValueError, KeyError, TypeError):
        error = failure(process) if process.returncode != 0 else None
        if error is not None and "--format" in error.message:
            raise MicrochimeraError(
                f"this microchimera binary does not know `validate --format json` (it says: {error.message}); "
                "rebuild it from this repository (`make release`) or point MICROCHIMERA_BIN at a newer one",
                exit_code=error.exit_code, command=error.command, stderr=error.stderr, stdout=error.stdout,
            ) from None
        if error is not None:
            raise error from None
        raise MicrochimeraError(
            f"`microchimera validate --format json` printed no JSON report: {process.stdout[:500]!r}",
            exit_code=process.returncode, command=[str(a) for a in process.args], stdout=process.stdout,
        ) from None
    if valid:
        return report
    diagnostics = [
        Diagnostic(source.label(d["file"]), d.get("line"), d.get("column"), d.get("key", ""), source.relabel(d["message"]))
        for d in report.get("diagnostics", [])
    ]
    message = "\n".join(str(d) for d in diagnostics) or f"the scenario is invalid ({report.get('error')})"
    report["exception"] = ScenarioError(
        message, diagnostics, exit_code=process.returncode, command=[str(a) for a in process.args],
        stderr=process.stderr, stdout=process.stdout,
    )
    return report


def scenario_failure(error: MicrochimeraError, source: ScenarioFile, overrides: list[str]) -> MicrochimeraError:
    """The error to raise for a failed command on ``source``: a ``ScenarioError`` with diagnostics when
    the scenario (with ``overrides``) does not validate, else ``error`` as it is.

    Only an exit status that can mean a bad scenario (64 malformed ``--set``,
    65 invalid, 66 unreadable) is checked again, by one ``validate --format json``.
    """
    if error.exit_code not in (64, 65, 66):
        return error
    try:
        report = _report(source, overrides, timeout=120)
    except MicrochimeraError:
        return error
    if report["valid"]:
        return error
    scenario_error: ScenarioError = report["exception"]
    return ScenarioError(
        source.relabel(error.message), scenario_error.diagnostics, exit_code=error.exit_code,
        command=error.command, stderr=error.stderr, stdout=error.stdout,
    )


def command_on_scenario(
    command: str, scenario: ScenarioLike, out: str | os.PathLike[str] | None, arguments: Sequence[str],
    set: Mapping[str, SetValue] | None, timeout: float | None,
) -> Path:
    """Runs ``microchimera COMMAND SCENARIO --out OUT --quiet ARGUMENTS --set ...`` and returns the folder written.

    ``out=None`` makes a new temporary folder (after the binary is found, so a
    missing binary leaves no folder behind). A failure raises ``scenario_failure``'s
    error: a ``ScenarioError`` with every diagnostic when the scenario (with its
    overrides) does not validate, else the command's ``MicrochimeraError``.
    """
    overrides = set_arguments(set)
    find_binary()
    folder = output_folder(out, command)
    with scenario_file(scenario) as source:
        process = invoke([command, source.path, "--out", str(folder), "--quiet", *arguments, *overrides], timeout=timeout)
        if process.returncode != 0:
            raise scenario_failure(failure(process), source, overrides)
    return folder
