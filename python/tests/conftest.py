"""Shared fixtures of the package's tests: the repository, a small scenario, and an exact reader of the tool's CSV.

The tests run the real binary (MICROCHIMERA_BIN, set by scripts/python-test.sh
to the release test build) and compare what the package returns with the files
the binary wrote, read independently with the csv module.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]

#: A network-level scenario that runs in milliseconds: 100 cells in blood, cleared
#: with a half-life of 2 days, a few homing to marrow.
SMALL = """\
name: small
horizon: 2 years
output:
  every: 1 year
network:
  compartments:
    - { name: blood, initial: 100 }
    - { name: marrow }
  flows:
    - { from: blood, to: out, half_life: 2 days }
    - { from: blood, to: marrow, rate: 0.004 /day }
"""


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's root folder."""
    return ROOT


@pytest.fixture(scope="session", autouse=True)
def binary_is_given() -> None:
    """The tests run a real binary: fail at once, with the reason, when none is found."""
    import microchimera

    microchimera.find_binary()


def csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a CSV file, as text (the csv module, not pandas)."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def assert_frame_is_csv(frame: pd.DataFrame, path: Path, text_columns: set[str]) -> None:
    """``frame`` holds exactly the cells of the CSV file ``path``: the same columns in order, the same
    number of rows, text cells equal as strings, numeric cells equal to the double the text reads back
    as (empty cells NaN). Fails on the first difference, naming row and column."""
    header, rows = csv_rows(path)
    assert list(frame.columns) == header, f"{path.name}: columns {list(frame.columns)} != {header}"
    assert len(frame) == len(rows), f"{path.name}: {len(frame)} rows != {len(rows)}"
    for j, name in enumerate(header):
        column = frame[name].tolist()
        for i, row in enumerate(rows):
            text, value = row[j], column[i]
            if name in text_columns:
                assert value == text, f"{path.name} row {i + 2} {name}: {value!r} != {text!r}"
            elif text == "":
                assert isinstance(value, float) and math.isnan(value), f"{path.name} row {i + 2} {name}: {value!r} for an empty cell"
            else:
                try:
                    expected: object = float(text)
                except ValueError:
                    expected = text
                assert value == expected, f"{path.name} row {i + 2} {name}: {value!r} != {text!r}"
