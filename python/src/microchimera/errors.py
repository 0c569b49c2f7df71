"""The exceptions the package raises, and the diagnostics of an invalid scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

__all__ = ["Diagnostic", "MicrochimeraError", "BinaryNotFoundError", "ScenarioError"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a scenario, where it is and what was expected.

    The fields are those of ``microchimera validate --format json``:

    - ``file``: the scenario file as given (``<scenario text>`` for a scenario
      passed as YAML text, the base file for a problem inside an ``extends:``
      base, ``--set PATH`` for an override's value);
    - ``line`` and ``column``: 1-based (columns counted in Unicode code points),
      or ``None`` when the problem has no place in a file (an unreadable file, a
      malformed override);
    - ``key``: the key path in the document, e.g. ``network.flows[2].rate``
      (``""`` for the document's root);
    - ``message``: what is wrong and what was expected.

    ``str(diagnostic)`` is the line the command line prints:

    >>> str(Diagnostic("s.yaml", 2, 10, "horizon", "unknown time unit 'yeers'"))
    "s.yaml:2:10: error: horizon: unknown time unit 'yeers'"
    """

    file: str
    line: int | None
    column: int | None
    key: str
    message: str

    def __str__(self) -> str:
        location = self.file
        if self.line is not None:
            location += f":{self.line}"
            if self.column is not None:
                location += f":{self.column}"
        subject = f"{self.key}: " if self.key else ""
        return f"{location}: error: {subject}{self.message}"


class MicrochimeraError(Exception):
    """The ``microchimera`` command failed.

    ``str(error)`` is the command's own message (its standard error: what was
    wrong and how to fix it). Attributes:

    - ``exit_code``: the command's exit status (BSD ``sysexits``: 64 usage,
      65 invalid data, 66 unreadable input, 70 internal error, 73 cannot write
      output), or ``None`` when it did not finish (no binary, a timeout, a
      signal);
    - ``command``: the command line that ran, as a list;
    - ``stderr`` and ``stdout``: what it printed.
    """

    def __init__(
        self,
        message: str,
        *,
        exit_code: int | None = None,
        command: Sequence[str] = (),
        stderr: str = "",
        stdout: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.command = list(command)
        self.stderr = stderr
        self.stdout = stdout


class BinaryNotFoundError(MicrochimeraError):
    """No usable ``microchimera`` executable was found; the message says how to build or point to one."""


class ScenarioError(MicrochimeraError):
    """A scenario (or an override of it) is invalid or cannot be read.

    ``diagnostics`` lists every problem found, in the order the command line
    prints them; ``file``, ``line``, ``column`` and ``key`` are those of the
    first, for the common case of one problem:

    >>> try:
    ...     microchimera.validate("name: x\\nhorizon: 10 yeers\\n")
    ... except microchimera.ScenarioError as e:
    ...     for d in e.diagnostics:
    ...         print(d.line, d.column, d.key)
    1 1
    2 10 horizon
    """

    def __init__(
        self,
        message: str,
        diagnostics: Sequence[Diagnostic],
        *,
        exit_code: int | None = None,
        command: Sequence[str] = (),
        stderr: str = "",
        stdout: str = "",
    ) -> None:
        super().__init__(message, exit_code=exit_code, command=command, stderr=stderr, stdout=stdout)
        self.diagnostics: list[Diagnostic] = list(diagnostics)

    @property
    def file(self) -> str | None:
        """The file of the first diagnostic."""
        return self.diagnostics[0].file if self.diagnostics else None

    @property
    def line(self) -> int | None:
        """The line of the first diagnostic (1-based), or ``None``."""
        return self.diagnostics[0].line if self.diagnostics else None

    @property
    def column(self) -> int | None:
        """The column of the first diagnostic (1-based), or ``None``."""
        return self.diagnostics[0].column if self.diagnostics else None

    @property
    def key(self) -> str | None:
        """The key path of the first diagnostic (``""`` for the document's root)."""
        return self.diagnostics[0].key if self.diagnostics else None
