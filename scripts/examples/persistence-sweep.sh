#!/usr/bin/env bash
# A sweep from the shell: for clearance half-lives of mature fetal cells from
# 1 day to 1 year and progenitor homing to bone marrow from 0.0005 to 0.01 per
# day, how likely is the son's cells' presence in his mother's blood 27 years
# on? (Above about 0.02 per day the default biology diverges: the run is then
# refused, docs/scenario-format.md "Bounds".)
# Exact moments make each point take seconds; --at keeps only the times asked.
#
# Usage: scripts/examples/persistence-sweep.sh [OUT]   (default out/persistence-sweep)
# Interrupt it and run it again: finished points are kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-out/persistence-sweep}
BIN=${MICROCHIMERA:-$(swift build -c release --show-bin-path)/microchimera}
[ -x "$BIN" ] || swift build -c release --product microchimera

"$BIN" sweep scenarios/single-pregnancy.yaml --method moments \
    --vary 'cell_types.mature.clearance.half_life=1 day:1 year:6:log' \
    --vary 'cell_types.progenitor.homing.bone_marrow=0.0005 /day:0.01 /day:5:log' \
    --at '1 year,27 years' --out "$OUT"

# The probability at 27 years, blood, per point (columns by name, so the
# order of --vary does not matter).
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
         $col["time_years"] > 26.9 && $col["host"] == "mother" && $col["cell_type"] == "all" && $col["compartment"] == "blood" {
             printf "%-12s %-12s P(present) = %.3f\n", $col["cell_types.mature.clearance.half_life"],
                    $col["cell_types.progenitor.homing.bone_marrow"], $col["p_present"] }' "$OUT/sweep.csv"
