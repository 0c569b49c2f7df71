#!/usr/bin/env bash
# Which kinetic parameters of the default biology decide whether a mother
# still carries her son's cells in her blood 30 years after delivery?
#
# A Sobol' sweep (Saltelli's scheme, N base points, N·(D+2) exact moments runs)
# of the single-pregnancy scenario over five kinetic parameters, each over a
# wide range around its default (log ranges: equal weight to every factor),
# then first-order and total Sobol' indices of the expected number of the
# son's cells in her blood 30 years after delivery (mean of
# mother/son/all/blood at 30 years + 40 weeks), the number a blood draw
# samples from. (sweep.csv has no assay column, and p_present, the chance
# that her whole blood holds at least one of his cells, is above 0.99999 at
# every point of these ranges, so the sweep skips it: --no-p-present.)
# docs/sensitivity.md shows and reads the table.
#
# Usage: scripts/examples/sensitivity/persistence-sensitivity.sh [OUT] [N]
#        (default out/persistence-sensitivity, N = 256: 1792 runs, a few
#        minutes on 2 cores). Interrupt it and run it again: finished points
#        are kept.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:-out/persistence-sensitivity}
N=${2:-256}
BIN=${MICROCHIMERA:-$(swift build -c release --show-bin-path)/microchimera}
[ -x "$BIN" ] || swift build -c release --product microchimera

# Delivery is at 40 weeks (280 days); 30 years later is 280 + 10957.5 days.
AT='11237.5 days'
"$BIN" sweep scenarios/single-pregnancy.yaml --method moments --no-p-present --at "$AT" \
    --design sobol --points "$N" --seed 2026 \
    --vary 'cell_types.progenitor.clearance.half_life=3 days:60 days:log' \
    --vary 'cell_types.progenitor.homing.bone_marrow=0.00002 /day:0.0005 /day:log' \
    --vary 'cell_types.progenitor.tissues.bone_marrow.persistence.half_life=8 years:60 years:log' \
    --vary 'cell_types.progenitor.homing.liver=0.002 /day:0.05 /day:log' \
    --vary 'cell_types.mature.clearance.half_life=1 hour:1 day:log' \
    --out "$OUT"

"$BIN" sensitivity "$OUT" --series mother/son/all/blood --at "$AT" \
    --quantity mean --bootstrap 1000
echo "figure: $OUT/sensitivity.svg"
