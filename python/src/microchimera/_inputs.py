"""Turning Python arguments into the command line's: scenario files, ``--set`` values, option lists."""

from __future__ import annotations

import hashlib
import json
import math
import numbers
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence, Union

#: A scenario (or fit file): a path, YAML text (a string with a line break), or a mapping (written as JSON, which YAML reads).
ScenarioLike = Union[str, "os.PathLike[str]", Mapping[str, Any]]

#: A value for ``--set``: text as in a scenario (``"10 years"``, ``"0.01 /day"``), a number or a bool.
SetValue = Union[str, int, float, bool]

class ScenarioFile:
    """The path the binary reads, and how problems in it are to be named.

    A scenario given as text or a mapping is written to a temporary file;
    messages name it ``<scenario text>`` (``<fit file text>``) instead of that file's path.
    """

    def __init__(self, path: str, temporary: bool, what: str = "scenario") -> None:
        self.path = path
        self.temporary = temporary
        self.text_label = f"<{what} text>"

    def label(self, file: str) -> str:
        """``file`` as the user knows it: the temporary file of a text scenario becomes ``<scenario text>``."""
        return self.text_label if self.temporary and file == self.path else file

    def relabel(self, text: str) -> str:
        """``text`` with the temporary file's path replaced by ``<scenario text>``."""
        return text.replace(self.path, self.text_label) if self.temporary else text


@contextmanager
def scenario_file(scenario: ScenarioLike, what: str = "scenario") -> Iterator[ScenarioFile]:
    """A file holding ``scenario``: the path itself, or for text or a mapping a file named by its content.

    A string is YAML text when it contains a line break, else a path. A
    mapping is written as JSON (YAML 1.2 reads JSON), so its relative paths
    (``extends:``) are relative to the temporary folder: use absolute ones.
    Text is written once to ``<temporary folder>/microchimera-text-<user>/<SHA-256>.yaml``
    and left there, so that the same text is the same file: a sweep of it
    resumes (its identity includes the scenario's path) and run.json names it
    the same way every time.
    """
    if isinstance(scenario, Mapping):
        text = json.dumps(scenario, indent=1, allow_nan=False, default=_json_default) + "\n"
    elif isinstance(scenario, os.PathLike):
        yield ScenarioFile(os.fspath(scenario), temporary=False)
        return
    elif isinstance(scenario, str):
        if "\n" not in scenario:
            if not scenario.strip():
                raise ValueError(f"the {what} is an empty string: give a file's path or its YAML text")
            yield ScenarioFile(scenario, temporary=False)
            return
        text = scenario
    else:
        raise TypeError(f"the {what} must be a path, YAML text or a mapping, not {type(scenario).__name__}")
    yield ScenarioFile(str(_text_file(text, what)), temporary=True, what=what)


def _text_file(text: str, what: str) -> Path:
    """The file holding ``text``, named by its SHA-256, written atomically when missing."""
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:32]
    user = getattr(os, "getuid", lambda: "user")()
    folder = Path(tempfile.gettempdir()) / f"microchimera-text-{user}"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{what.replace(' ', '-')}-{digest}.yaml"
    if not path.is_file() or path.read_bytes() != data:
        fd, partial = tempfile.mkstemp(dir=folder, prefix=".partial-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(partial, path)
    return path


def _json_default(value: Any) -> Any:
    """Numbers of numpy and similar types, and paths, for ``json.dumps``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    raise TypeError(f"cannot write a {type(value).__name__} into a scenario: use text, numbers, lists and mappings")


def value_text(value: SetValue, where: str) -> str:
    """A ``--set`` value as the command line reads it: text as given, ``true``/``false``, numbers in full precision.

    >>> value_text(0.1, "x"), value_text(3, "x"), value_text(True, "x"), value_text("2 days", "x")
    ('0.1', '3', 'true', '2 days')
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"{where}: {number} is not a finite number")
        return repr(number)
    raise TypeError(f"{where}: expected text (e.g. '10 years'), a number or a bool, not {type(value).__name__}")


def set_arguments(values: Mapping[str, SetValue] | None) -> list[str]:
    """``{"horizon": "10 years"}`` as ``["--set", "horizon=10 years"]``, in the mapping's order."""
    if values is None:
        return []
    if not isinstance(values, Mapping):
        raise TypeError(f"set= must be a mapping of override paths to values, e.g. {{'horizon': '10 years'}}, not {type(values).__name__}")
    arguments: list[str] = []
    for path, value in values.items():
        if not isinstance(path, str) or not path.strip():
            raise ValueError(f"set=: {path!r} is not an override path such as 'cell_types.mature.clearance.half_life'")
        if "=" in path:
            raise ValueError(f"set=: the path {path!r} contains '='; give the value separately: {{'{path.split('=')[0]}': ...}}")
        arguments += ["--set", f"{path}={value_text(value, f'set[{path!r}]')}"]
    return arguments


def option(name: str, value: Any) -> list[str]:
    """``["--name", "value"]``, or nothing when ``value`` is ``None``."""
    if value is None:
        return []
    if isinstance(value, bool):
        raise TypeError(f"{name.lstrip('-')}= takes a value, not {value}")
    return [name, str(value)]


def whole(name: str, value: Any) -> list[str]:
    """``option`` for a whole number (replicates, seed, threads...): refuses 2.5 or "ten" before the binary does."""
    if value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}= must be a whole number, not {value!r}")
    return [f"--{name}", str(int(value))]


def comma_list(name: str, values: str | Sequence[Any]) -> str:
    """A list for the command line, ``a,b,c``; a string is taken as already written."""
    if isinstance(values, str):
        return values
    items = [value_text(v, name) if not isinstance(v, str) else v for v in values]
    for item in items:
        if "," in item:
            raise ValueError(f"{name}: the value {item!r} contains a comma, which separates values")
    if not items:
        raise ValueError(f"{name}: the list is empty")
    return ",".join(items)


def output_folder(out: str | os.PathLike[str] | None, prefix: str) -> Path:
    """``out`` as an absolute path (a relative one is taken from the current folder, as the binary does),
    or a new temporary folder (kept, since the results are read from it) when ``None``."""
    if out is None:
        return Path(tempfile.mkdtemp(prefix=f"microchimera-{prefix}-"))
    return Path(out).absolute()
