#!/usr/bin/env bash
# Which kinetic parameters of the default biology decide whether a mother is
# still positive 30 years after delivering a son?
#
# A Sobol' sweep (Saltelli's scheme, N base points, N·(D+2) exact moments runs)
# of draw-30-years.yaml (the single-pregnancy scenario with one assay: a 10 mL
# blood draw, Y-chromosome qPCR, 30 years after delivery) over five kinetic
# parameters, each over a wide range around its default (log ranges: equal
# weight to every factor), then first-order and total Sobol' indices of
#   - p_detect of that assay (sweep-assay.csv): P(the draw is positive), exact
#     from the generating function, so noise-free; and, for comparison,
#   - the mean number of the son's cells in her blood then (sweep.csv: mean of
#     mother/son/all/blood), the number the draw samples from.
# --no-p-present skips p_present, the chance that her whole blood holds at least
# one of his cells (above 0.99999 at every point of these ranges); p_detect is
# still computed. docs/sensitivity.md shows and reads the tables.
#
# Usage: scripts/examples/sensitivity/persistence-sensitivity.sh [OUT] [N]
#        (default out/persistence-sensitivity, N = 256: 1792 runs, a few
#        minutes on 2 cores). Interrupt it and run it again: finished points
#        are kept. MICROCHIMERA=path/to/binary skips the build.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${1:-out/persistence-sensitivity}
N=${2:-256}
BIN=${MICROCHIMERA:-$(swift build -c release --show-bin-path)/microchimera}
[ -x "$BIN" ] || swift build -c release --product microchimera

# Delivery is at 40 weeks (280 days); 30 years later is 280 + 10957.5 days,
# the draw's sampling time in draw-30-years.yaml.
AT='11237.5 days'
"$BIN" sweep scripts/examples/sensitivity/draw-30-years.yaml --method moments --no-p-present --at "$AT" \
    --design sobol --points "$N" --seed 2026 \
    --vary 'cell_types.progenitor.clearance.half_life=3 days:60 days:log' \
    --vary 'cell_types.progenitor.homing.bone_marrow=0.00002 /day:0.0005 /day:log' \
    --vary 'cell_types.progenitor.tissues.bone_marrow.persistence.half_life=8 years:60 years:log' \
    --vary 'cell_types.progenitor.homing.liver=0.002 /day:0.05 /day:log' \
    --vary 'cell_types.mature.clearance.half_life=1 hour:1 day:log' \
    --out "$OUT"

"$BIN" sensitivity "$OUT" --quantity p_detect --series draw_10ml_30y --at "$AT" \
    --bootstrap 1000 --out "$OUT/p_detect"
"$BIN" sensitivity "$OUT" --quantity mean --series mother/son/all/blood --at "$AT" \
    --bootstrap 1000 --out "$OUT/mean"
echo "figures: $OUT/p_detect/sensitivity.svg $OUT/mean/sensitivity.svg"
