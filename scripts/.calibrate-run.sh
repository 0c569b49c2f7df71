#!/usr/bin/env bash
# Fits the calibration suite (data/calibration.yaml) jointly and regenerates what it governs:
# docs/calibration/ (calibration.json, validation.csv, validation.svg and the joint fit's files),
# the validation section of docs/validation.md, the parameter table of docs/model.md and
# Sources/BiologyModel/BiologyDefaults+Calibrated.swift (rendered by scripts/render-calibration.py).
#
#   scripts/calibrate.sh            # build if needed, calibrate, rewrite the files (make calibrate)
#   scripts/calibrate.sh --check    # seconds: is everything current? exit 1 if stale (make test)
#
# Every data/alternatives/NAME.yaml is fitted too, as `--compare NAME=...`, for the AIC table.
# BIN=path/to/microchimera uses that binary instead of building one; THREADS and STARTS set
# --threads and --starts (STARTS defaults to 8). Every structure also starts from its shipped
# estimate (Calibrated.estimates and .structureEstimates in BiologyDefaults+Calibrated.swift, which
# this script rewrites), so a rerun never ends lower; the Latin-hypercube starts only look for
# other basins (on 2026-12-07 the best of 16 from scratch ended at -210.9 and of 8 at -236.3, where
# the cross-polish from the compared structures' estimates reached -176.2 and -119.3). With 4
# of them `make calibrate` took 4.6 minutes on 2 cores (2026-12-07, after the evaluations got
# 3-4 times cheaper; 24.6 before), so 8 it is.
# --check skips (exit 0, with a message) while docs/calibration/calibration.json does not exist.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-write}"
suite=data/calibration.yaml
dir=docs/calibration
stale="stale: run \`make calibrate\`"

if [[ "$mode" == --check && ! -f "$dir/calibration.json" ]]; then
    echo "calibrate.sh --check: skipped, $dir/calibration.json does not exist yet (make calibrate writes it)"
    exit 0
fi
if [[ ! -f "$suite" ]]; then
    echo "calibrate.sh: $suite does not exist; it lists the studies of data/ (see docs/fit.md)" >&2
    exit 1
fi
if [[ -z "${BIN:-}" ]]; then
    ${SWIFT:-swift} build -c release --product microchimera >&2
    BIN="$(${SWIFT:-swift} build -c release --show-bin-path)/microchimera"
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [[ "$mode" == --check ]]; then
    if ! "$BIN" calibrate "$suite" --check "$dir" --quiet; then
        exit 1
    fi
    python3 scripts/render-calibration.py "$dir" . "$tmp"
    status=0
    for file in docs/validation.md docs/model.md Sources/BiologyModel/BiologyDefaults+Calibrated.swift; do
        if ! diff -u "$file" "$tmp/$file" >&2; then
            echo "$file does not match $dir/calibration.json; $stale" >&2
            status=1
        fi
    done
    [[ $status == 0 ]] && echo "calibration current: $dir, docs/validation.md, docs/model.md, BiologyDefaults+Calibrated.swift"
    exit $status
fi

compare=()
for alternative in data/alternatives/*.yaml; do
    [[ -f "$alternative" ]] || continue
    name="$(basename "$alternative" .yaml)"
    compare+=(--compare "$name=$alternative")
done
"$BIN" calibrate "$suite" --out "$tmp/calibration" ${THREADS:+--threads "$THREADS"} --starts "${STARTS:-8}" "${compare[@]}"
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
mv "$tmp/calibration" "$dir"
python3 scripts/render-calibration.py "$dir" . .
echo "rewrote $dir/, docs/validation.md, docs/model.md and Sources/BiologyModel/BiologyDefaults+Calibrated.swift"
