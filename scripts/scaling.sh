#!/usr/bin/env bash
# `make scaling`: how the cost grows with trajectories, horizon, compartments
# and cohort size (issue #7). Builds the release `microchimera`, runs
# Benchmarks/scaling/scaling.py (a few minutes on 2 cores) into
# .build-scaling/scaling.csv, and draws .build-scaling/scaling.png with
# plots/scaling.py in the plots/ virtual environment (.build-plots/venv,
# shared with scripts/test-plots.sh).
# Environment: PYTHON (default python3, >= 3.11), SWIFT (default swift).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}
WORK=$ROOT/.build-plots
VENV=$WORK/venv
OUT=$ROOT/.build-scaling

die() { echo "scaling: FAILED: $*" >&2; exit 1; }

. scripts/lib-venv.sh
venv_require_python "$PYTHON" 11 plots/requirements.txt
venv_ensure "$PYTHON" "$VENV" plots/requirements.txt scaling
mkdir -p "$OUT"

"$SWIFT" build -c release --product microchimera >"$OUT/swift-build.log" 2>&1 \
    || { tail -n 30 "$OUT/swift-build.log" >&2; die "swift build -c release failed (log: $OUT/swift-build.log)"; }
MICROCHIMERA=$("$SWIFT" build -c release --show-bin-path)/microchimera

"$PYTHON" Benchmarks/scaling/scaling.py --microchimera "$MICROCHIMERA" --out "$OUT/scaling.csv" "$@"
"$VENV/bin/python" plots/scaling.py "$OUT/scaling.csv" -o "$OUT/scaling.png"
