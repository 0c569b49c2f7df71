"""Reading the tool's CSV files into pandas, exactly: text stays text, numbers read back to the same doubles."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

#: Columns of the tool's CSV files that hold names or words, never numbers
#: (docs/output.md, docs/fit.md). They are read as text with empty cells kept
#: as ``""`` (a network-level run has an empty ``host``), so that no name is
#: ever taken for a missing value (``NA``, ``None``, ``null`` are names too).
TEXT_COLUMNS = frozenset(
    {
        "host", "origin", "cell_type", "compartment",  # series (timeseries, summary, sweep)
        "assay", "marker", "level_unit",  # assay.csv
        "by",  # prevalence.csv
        "method",  # sweep.csv
        "study", "kind", "source",  # residuals.csv
    }
)


def read_table(path: Path) -> pd.DataFrame:
    """A CSV file of the tool as a DataFrame, one column per CSV column in order.

    Text columns (``TEXT_COLUMNS``) are strings with empty cells as ``""``;
    every other column is numeric where every cell is a number (empty cells are
    NaN: a statistic the method does not give), else text (a sweep's column of
    values as written, ``1 day``). Numbers are parsed exactly (the shortest
    decimal the tool writes reads back to the same double).
    """
    with path.open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), None)
    if header is None:
        raise ValueError(f"{path} is empty: no header")
    text = [c for c in header if c in TEXT_COLUMNS]
    # pandas 3 parses decimals exactly by default (and deprecates the option); pandas 2 needs "round_trip".
    options: dict[str, Any] = {
        "dtype": {c: str for c in text},
        "keep_default_na": False,
        "na_values": {c: [""] for c in header if c not in TEXT_COLUMNS},
        "encoding": "utf-8",
    }
    if int(pd.__version__.split(".")[0]) < 3:
        options["float_precision"] = "round_trip"
    frame: pd.DataFrame = pd.read_csv(path, **options)
    return frame
