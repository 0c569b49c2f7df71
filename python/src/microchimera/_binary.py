"""Finding the ``microchimera`` executable and running it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Iterator, Sequence

from .errors import BinaryNotFoundError, MicrochimeraError

ENVIRONMENT_VARIABLE = "MICROCHIMERA_BIN"

_HOW_TO_BUILD = (
    "build it in the repository with `make release` (it is then found at .build/release/microchimera "
    "when Python runs inside the repository), put a built `microchimera` on PATH, "
    f"or set {ENVIRONMENT_VARIABLE}=/path/to/microchimera"
)


def _executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _repository_roots() -> Iterator[Path]:
    """Folders holding the Swift package: the current folder or one above it, then the package's own (editable installs)."""
    seen: set[Path] = set()
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if folder in seen:
                continue
            seen.add(folder)
            if (folder / "Package.swift").is_file() and (folder / "Sources" / "microchimera").is_dir():
                yield folder


def _release_builds(root: Path) -> Iterator[Path]:
    """Release builds of a repository, `make release`'s first, then `make test`'s."""
    yield root / ".build" / "release" / "microchimera"
    yield from sorted(root.glob(".build/*/release/microchimera"))
    yield from sorted(root.glob(".build-test/*/release/microchimera"))


def find_binary() -> Path:
    """The ``microchimera`` executable this package runs.

    Looked for, in order:

    1. the environment variable ``MICROCHIMERA_BIN`` (when set, it must name an
       executable file: it is never silently passed over);
    2. ``microchimera`` on ``PATH``;
    3. a release build of the repository that holds the current folder (or the
       package's source, for an editable install): ``.build/release/`` (``make
       release``), then ``.build-test/<triple>/release/`` (``make test``).

    Raises ``BinaryNotFoundError`` saying how to build one when none is found.

    >>> microchimera.find_binary()
    PosixPath('/home/me/microchimera/.build/release/microchimera')
    """
    named = os.environ.get(ENVIRONMENT_VARIABLE)
    if named:
        path = Path(named).expanduser()
        if _executable(path):
            return path
        why = "does not exist" if not path.exists() else "is not an executable file"
        raise BinaryNotFoundError(
            f"{ENVIRONMENT_VARIABLE}={named!r} {why}: point it at a built microchimera "
            f"(e.g. .build/release/microchimera after `make release`) or unset it to search PATH"
        )
    on_path = shutil.which("microchimera")
    if on_path:
        return Path(on_path)
    for root in _repository_roots():
        for candidate in _release_builds(root):
            if _executable(candidate):
                return candidate
    raise BinaryNotFoundError(f"no microchimera executable found: {_HOW_TO_BUILD}")


def invoke(arguments: Sequence[str], *, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """Runs the binary with ``arguments`` and returns what it did, without checking the exit status.

    Standard input is closed; output is decoded as UTF-8 (undecodable bytes
    replaced). Raises ``MicrochimeraError`` when the process cannot start or
    does not finish within ``timeout`` seconds (it is then killed).
    """
    command = [str(find_binary()), *arguments]
    try:
        return subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as e:
        raise MicrochimeraError(
            f"`{' '.join(command)}` did not finish within {timeout} s and was stopped; "
            "pass a larger timeout= (or None), fewer replicates or a cheaper method",
            command=command,
        ) from e
    except OSError as e:
        raise BinaryNotFoundError(f"cannot start {command[0]}: {e.strerror or e}; {_HOW_TO_BUILD}", command=command) from e


def failure(process: subprocess.CompletedProcess[str]) -> MicrochimeraError:
    """The error of a process that exited with a non-zero status: its own message and exit code."""
    command = [str(a) for a in process.args]
    message = process.stderr.strip() or process.stdout.strip()
    if process.returncode < 0:
        message = f"`{command[0]}` was killed by signal {-process.returncode}" + (f": {message}" if message else "")
        code = None
    else:
        code = process.returncode
        if not message:
            message = f"`{' '.join(command)}` exited with status {code} and printed nothing"
    return MicrochimeraError(message, exit_code=code, command=command, stderr=process.stderr, stdout=process.stdout)


def binary_version() -> str:
    """The version the binary reports (``microchimera --version``), e.g. ``'0.1.0'``."""
    process = invoke(["--version"], timeout=60)
    if process.returncode != 0:
        raise failure(process)
    return process.stdout.strip()
