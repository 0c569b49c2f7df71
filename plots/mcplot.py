"""Shared helpers for the plots/ scripts: reading Microchimera's files, the
palette, the figure style, log axes with a zero strip, and saving.

Every script in plots/ imports this module; it has no command line of its own.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no display needed, no GUI toolkit imported

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullFormatter  # noqa: E402

DEFAULT_RUN = Path("out/single-pregnancy")

# Columns of timeseries.csv (docs/output.md), in order.
TEXT_COLUMNS = ["host", "origin", "cell_type", "compartment"]
STAT_COLUMNS = ["mean", "sd", "q05", "q25", "q50", "q75", "q95", "p_present"]
TIME_COLUMNS = ["time_days", "time_years"]
TIMESERIES_COLUMNS = TIME_COLUMNS + TEXT_COLUMNS + STAT_COLUMNS

STAT_LABELS = {
    "mean": "mean cells",
    "sd": "SD of cells",
    "q05": "5th percentile of cells",
    "q25": "25th percentile of cells",
    "q50": "median cells",
    "q75": "75th percentile of cells",
    "q95": "95th percentile of cells",
    "p_present": "P(cells present)",
}

# Paul Tol's "muted" scheme (colour-blind safe; https://personal.sron.nl/~pault/),
# with black kept for totals. Known compartments get a fixed colour so that
# blood is the same colour in every figure; other names take the rest in order.
TOL_MUTED = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
             "#882255", "#44AA99", "#999933", "#AA4499", "#DDDDDD"]
KNOWN_COLOURS = {
    "blood": "#CC6677", "bone_marrow": "#332288", "thyroid": "#DDCC77",
    "liver": "#117733", "lung": "#88CCEE", "heart": "#882255",
    "brain": "#44AA99", "skin": "#999933", "kidney": "#AA4499",
    "total": "#000000",
}
# Okabe & Ito (2008), for categories that are not compartments (assays, origins).
OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
             "#56B4E9", "#F0E442", "#000000"]


class PlotError(Exception):
    """A problem with the input that the user can fix; printed without a traceback."""


def palette(names: list[str]) -> dict[str, str]:
    """Colours for compartment names: fixed for known ones, the scheme's rest for others."""
    spare = [c for c in TOL_MUTED if c not in KNOWN_COLOURS.values()] + TOL_MUTED
    out, k = {}, 0
    for name in names:
        if name in KNOWN_COLOURS:
            out[name] = KNOWN_COLOURS[name]
        else:
            out[name] = spare[k % len(spare)]
            k += 1
    return out


def apply_style() -> None:
    """A sober publication style: readable fonts, no top/right spines, light grid."""
    plt.rcParams.update({
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#E5E5E5",
        "grid.linewidth": 0.6,
        "axes.axisbelow": True,
        "legend.frameon": False,
        "savefig.dpi": 200,
        "figure.dpi": 100,
        "svg.fonttype": "none",
        "pdf.fonttype": 42,
    })


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]
    """Print `message` to stderr with the script's name and exit with status 2."""
    print(f"{Path(sys.argv[0]).name}: error: {message}", file=sys.stderr)
    sys.exit(2)


def run_main(main) -> None:
    """Call `main()`, turning a PlotError into a one-line message and exit status 2."""
    try:
        main()
    except PlotError as e:
        fail(str(e))


# ---------------------------------------------------------------- reading


def find_file(path: Path, name: str, hint: str = "make one with `microchimera run SCENARIO --out DIR`") -> Path:
    """`path` if it is a file, else `path/name`; a clear error (with `hint`) when missing."""
    path = Path(path)
    candidate = path / name if path.is_dir() else path
    if not candidate.is_file():
        raise PlotError(f"{candidate}: no such file (expected {name}; {hint})")
    return candidate


def read_csv(path: Path, required: list[str]) -> pd.DataFrame:
    """Read a Microchimera CSV, keeping empty text cells as "" and checking columns."""
    try:
        df = pd.read_csv(path, keep_default_na=False, na_values={c: [""] for c in STAT_COLUMNS})
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise PlotError(f"{path}: cannot read as CSV: {e}") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise PlotError(f"{path}: missing column(s) {', '.join(missing)}; "
                        f"found {', '.join(map(str, df.columns))}")
    if df.empty:
        raise PlotError(f"{path}: has a header but no rows")
    for c in TEXT_COLUMNS:
        if c in df.columns:
            df[c] = df[c].astype(str)
    return df


def read_timeseries(path: Path) -> pd.DataFrame:
    """timeseries.csv (a file or a run directory) as a DataFrame."""
    return read_csv(find_file(path, "timeseries.csv"), TIMESERIES_COLUMNS)


def read_manifest(run_dir: Path) -> dict | None:
    """run.json beside the CSV, or None when there is none."""
    p = Path(run_dir)
    p = p / "run.json" if p.is_dir() else p.parent / "run.json"
    if not p.is_file():
        return None
    try:
        return json.loads(p.read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise PlotError(f"{p}: cannot read as JSON: {e}") from None


def run_dir_of(path: Path) -> Path:
    """The run directory: `path` itself, or the folder of a file."""
    path = Path(path)
    return path if path.is_dir() else path.parent


def default_output(path: Path, stem: str, fmt: str = "png") -> Path:
    """`<run dir>/<stem>.<fmt>`: figures go next to the data they show."""
    return run_dir_of(path) / f"{stem}.{fmt}"


def select(df: pd.DataFrame, **filters: str | None) -> pd.DataFrame:
    """Rows whose text columns equal the given values (None leaves a column free).

    An unknown value is an error that lists the values present.
    """
    for column, value in filters.items():
        if value is None:
            continue
        values = list(dict.fromkeys(df[column]))
        if value not in values:
            shown = ", ".join(repr(v) for v in values) or "none"
            raise PlotError(f"no rows with {column} = {value!r}; present: {shown}")
        df = df[df[column] == value]
    return df


def choose(df: pd.DataFrame, column: str, value: str | None, prefer: tuple[str, ...] = ()) -> str:
    """`value` if given (checked), else the first of `prefer` present, else the first in file order."""
    values = list(dict.fromkeys(df[column]))
    if value is not None:
        if value not in values:
            raise PlotError(f"no rows with {column} = {value!r}; present: "
                            + ", ".join(repr(v) for v in values))
        return value
    for p in prefer:
        if p in values:
            return p
    return values[0]


def has_quantiles(df: pd.DataFrame) -> bool:
    """True when the quantile columns hold numbers (exact/fast runs; not moments)."""
    return bool(df[["q05", "q25", "q75", "q95"]].notna().any().all())


# ---------------------------------------------------------------- run.json events


@dataclass
class Marker:
    """Something to mark on a timeline: a transfer window or a bolus, from run.json."""
    host: str
    origin: str
    kind: str          # "transfer" (a span) or "bolus" (an instant)
    start_years: float
    end_years: float
    cells: int = 0


def split_compartment(name: str) -> tuple[str, str, str, str]:
    """'host/origin/cell_type/compartment' of a biology-level network, or ('', '', '', name)."""
    parts = name.split("/")
    if len(parts) == 4:
        return parts[0], parts[1], parts[2], parts[3]
    return "", "", "", name


def markers_from_manifest(manifest: dict | None) -> list[Marker]:
    """Transfer windows and boluses of `resolved` in run.json, merged per host and origin.

    run.json does not list pregnancies as such; what it records is the compiled
    network: inflows (placental transfer, by gestational step) and boluses
    (cells released at delivery, miscarriage, transfusion, ...). Overlapping or
    touching inflow windows of one host and origin are merged into one span;
    boluses at the same time for one host and origin are added up.
    """
    if not manifest or "resolved" not in manifest:
        return []
    resolved = manifest["resolved"]
    days_per_year = 365.25
    spans: dict[tuple[str, str], list[list[float]]] = {}
    for inflow in resolved.get("inflows", []):
        if inflow.get("rate_per_day", 0) <= 0:
            continue
        host, origin, _, _ = split_compartment(inflow["compartment"])
        spans.setdefault((host, origin), []).append([inflow["start_days"], inflow["end_days"]])
    markers: list[Marker] = []
    for (host, origin), windows in spans.items():
        windows.sort()
        merged = [windows[0][:]]
        for s, e in windows[1:]:
            if s <= merged[-1][1] + 1e-9:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        for s, e in merged:
            markers.append(Marker(host, origin, "transfer", s / days_per_year, e / days_per_year))
    boluses: dict[tuple[str, str, float], int] = {}
    for b in resolved.get("boluses", []):
        host, origin, _, _ = split_compartment(b["compartment"])
        key = (host, origin, b["at_days"])
        boluses[key] = boluses.get(key, 0) + int(b["cells"])
    for (host, origin, at), cells in boluses.items():
        markers.append(Marker(host, origin, "bolus", at / days_per_year, at / days_per_year, cells))
    return markers


# ---------------------------------------------------------------- log axes with a zero strip


def log_limits(values: np.ndarray, decades: float = 6.0) -> tuple[float, float]:
    """Limits of a log axis covering the positive `values`, at most `decades` decades deep.

    The top is the next power of ten above the largest value; the bottom is the
    power of ten below the smallest positive value, but no more than `decades`
    below the top, so a mean that decays to 1e-12 does not flatten the rest.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size == 0:
        return 0.1, 10.0
    top = 10 ** math.ceil(math.log10(v.max()) + 1e-9)
    bottom = 10 ** math.floor(math.log10(v.min()))
    bottom = max(bottom, top / 10 ** decades)
    if bottom >= top:
        bottom = top / 10
    return bottom, top


def strip_grid(fig, rows: int, columns: int, strip_ratio: float = 0.09):
    """A gridspec of `rows` x `columns` (log part, zero strip) pairs: cell(r, c) gives the pair."""
    gs = fig.add_gridspec(2 * rows, columns, height_ratios=[1 - strip_ratio, strip_ratio] * rows)
    return lambda r, c: (gs[2 * r, c], gs[2 * r + 1, c])


class ZeroStripAxes:
    """A log y axis with a thin strip underneath that stands for exactly zero.

    Cell counts are often exactly 0 (a lower quantile, or every cell gone), which
    a log axis cannot show. Values equal to 0 are drawn in the strip; a band whose
    lower edge is 0 runs through the bottom of the log axis into the strip, so a
    band reaching the strip reads "down to zero cells".
    """

    def __init__(self, fig, spec, sharex=None, strip_ratio: float = 0.09):
        """`spec`: one SubplotSpec to split, or a (log part, strip) pair of SubplotSpecs.

        Give a pair from one gridspec (see `strip_grid`) when several of these
        share a figure: constrained layout then aligns them all.
        """
        if isinstance(spec, tuple):
            main_spec, strip_spec = spec
        else:
            gs = spec.subgridspec(2, 1, height_ratios=[1 - strip_ratio, strip_ratio], hspace=0.04)
            main_spec, strip_spec = gs[0], gs[1]
        self.ax = fig.add_subplot(main_spec, sharex=sharex)
        self.zero = fig.add_subplot(strip_spec, sharex=self.ax)
        self.ax.set_yscale("log")
        self.ax.tick_params(labelbottom=False)
        self.ax.spines["bottom"].set_visible(False)
        self.ax.tick_params(axis="x", which="both", length=0)
        z = self.zero
        z.set_ylim(0, 1)
        z.yaxis.set_major_locator(FixedLocator([0.5]))
        z.set_yticklabels(["0"])
        z.grid(False, axis="y")
        z.spines["top"].set_visible(False)
        # Diagonal cut marks: the axis is broken between the strip and the log part.
        d = 0.012
        kw = dict(transform=self.ax.transAxes, color="k", clip_on=False, lw=0.8)
        self.ax.plot((-d, +d), (-d * 2, +d * 2), **kw)
        kw["transform"] = z.transAxes
        z.plot((-d, +d), (1 - d * 2 / strip_ratio * (1 - strip_ratio), 1 + d * 2 / strip_ratio * (1 - strip_ratio)), **kw)
        self.floor = None

    def set_limits(self, bottom: float, top: float) -> None:
        """Log limits of the upper part; zeros are drawn below `bottom`."""
        self.ax.set_ylim(bottom, top)
        self.floor = bottom
        self.ax.yaxis.set_major_locator(LogLocator(base=10, numticks=12))
        # Minor ticks only on shallow axes: on deep ones they are clutter (and slow to draw).
        if top / bottom <= 1e3:
            self.ax.yaxis.set_minor_locator(LogLocator(base=10, subs=np.arange(2, 10) * 0.1, numticks=12))
        else:
            self.ax.yaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        self.ax.yaxis.set_minor_formatter(NullFormatter())

    def _lifted(self, y: np.ndarray) -> np.ndarray:
        """Zeros (and values below the floor) moved just under the floor, so lines reach the edge."""
        y = np.asarray(y, dtype=float).copy()
        y[y < self.floor] = self.floor * 0.5
        return y

    def band(self, x, low, high, **kw) -> None:
        """A band from `low` to `high`; where `low` is 0 it continues into the zero strip."""
        low = np.asarray(low, dtype=float)
        high = np.asarray(high, dtype=float)
        ok = np.isfinite(low) & np.isfinite(high)
        self.ax.fill_between(x, self._lifted(low), self._lifted(high), where=ok, linewidth=0, **kw)
        kw.pop("label", None)
        at_zero = ok & (low <= 0) & (high > 0)
        both_zero = ok & (high <= 0)
        self.zero.fill_between(x, 0, 1, where=at_zero, linewidth=0, step=None, **kw)
        # A band that is all zero is only a line in the strip.
        if both_zero.any():
            y = np.where(both_zero, 0.5, np.nan)
            self.zero.plot(x, y, lw=0.8, alpha=kw.get("alpha", 0.3) * 2, color=kw.get("color"))

    def line(self, x, y, **kw):
        """A line: positive values on the log axis, exact zeros at the middle of the strip.

        Where the line drops to 0 it runs off the bottom of the log axis and on
        from the top of the strip to its middle, so it is never cut.
        """
        y = np.asarray(y, dtype=float)
        main = np.where(y > 0, y, np.where(y == 0, self.floor * 1e-3, np.nan))
        (h,) = self.ax.plot(x, main, **kw)
        kw.pop("label", None)
        zero = np.where(y == 0, 0.5, np.nan)
        for i in range(1, len(y)):
            if y[i] == 0 and y[i - 1] > 0:
                zero[i - 1] = 1.5
            if y[i - 1] == 0 and y[i] > 0:
                zero[i] = 1.5
        self.zero.plot(x, zero, **kw)
        return h


def years_axis(ax, scale: str, t_min_positive: float, t_max: float, narrow: bool = False) -> None:
    """A time axis in years: linear from 0, or log with plain-number ticks (0.1, 1, 10).

    `narrow` panels get only powers of ten on a log axis, so labels never collide.
    """
    if scale == "log":
        ax.set_xscale("log")
        ax.set_xlim(t_min_positive, t_max)
        candidates = (0.01, 0.1, 1, 10, 100) if narrow else \
            (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500)
        ticks = [t for t in candidates if t_min_positive <= t <= t_max * 1.0001]
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.xaxis.set_minor_formatter(NullFormatter())
    else:
        ax.set_xlim(0, t_max)


# ---------------------------------------------------------------- binomial intervals

Z95 = 1.959963984540054  # the 97.5% point of the standard normal


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials (Wilson 1927); (0, 1) when n = 0."""
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed in log space (exact to rounding)."""
    if p <= 0:
        return 1.0
    if p >= 1:
        return 1.0 if k >= n else 0.0
    log_factorial = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n + 1)))])
    j = np.arange(0, k + 1)
    log_pmf = (log_factorial[n] - log_factorial[j] - log_factorial[n - j]
               + j * math.log(p) + (n - j) * math.log1p(-p))
    return float(min(1.0, np.exp(log_pmf).sum()))


def clopper_pearson_interval(k: int, n: int, alpha: float = 0.05) -> tuple[float, float]:
    """Clopper-Pearson ("exact") interval: the p whose binomial tails at k equal alpha/2.

    Lower: P(X >= k | p) = alpha/2 (0 when k = 0); upper: P(X <= k | p) = alpha/2
    (1 when k = n). Solved by bisection to 1e-12; (0, 1) when n = 0.
    """
    if n <= 0:
        return 0.0, 1.0

    def solve(f, target):  # f increasing in p on (0, 1)
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = (lo + hi) / 2
            if f(mid) < target:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2

    lower = 0.0 if k == 0 else solve(lambda p: 1 - _binomial_cdf(k - 1, n, p), alpha / 2)
    upper = 1.0 if k == n else solve(lambda p: -_binomial_cdf(k, n, p), -alpha / 2)
    return lower, upper


# ---------------------------------------------------------------- saving


def save(fig, out: Path) -> None:
    """Save `fig` by the extension of `out` (.png, .pdf or .svg) and say where."""
    out = Path(out)
    if out.suffix.lower() not in (".png", ".pdf", ".svg"):
        raise PlotError(f"{out}: the output must end in .png, .pdf or .svg")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + f".tmp-{os.getpid()}{out.suffix}")
    fig.savefig(tmp, bbox_inches="tight", pad_inches=0.08)
    os.replace(tmp, out)  # never a half-written figure under the real name
    plt.close(fig)
    print(f"wrote {out}")
