#!/usr/bin/env bash
# Runs the scenario library with one binary and keeps every output, so that two
# binaries' outputs can be compared byte for byte (a refactor must keep them):
#
#   scripts/library-snapshot.sh OLD_BINARY /tmp/before
#   scripts/library-snapshot.sh NEW_BINARY /tmp/after
#   diff -r /tmp/before /tmp/after
#
# Every scenario of scenarios/, docs/validation/ and Benchmarks/models/ under
# auto, fast and moments (moments skipped where it takes minutes; exact only
# where it takes seconds), with describe, describe --dot and validate, a small
# moments sweep and the demo. Run from the repository; wall times, start times
# and the output folder's own path are masked so that only real differences show.
set -u
[[ $# -eq 2 ]] || { echo "usage: $0 BINARY DEST" >&2; exit 64; }
BIN=$(realpath "$1"); DEST=$2
cd "$(dirname "$0")/.."
rm -rf "$DEST"; mkdir -p "$DEST"; DEST=$(realpath "$DEST")
slow_moments=" two-pregnancies-miscarriage three-generations twins cohort-single-pregnancy cohort-blood-draw "
quick_exact=" ref-linear-7 single-pregnancy-network single-pregnancy cell-free-dna maternal-in-child "
for f in scenarios/*.yaml docs/validation/*.yaml Benchmarks/models/*.yaml; do
    n=$(basename "$f" .yaml)
    extra=()
    [[ $n == cohort-single-pregnancy ]] && extra=(--set cohort.size=40)
    for m in auto exact fast moments; do
        [[ $m == moments && $slow_moments == *" $n "* ]] && continue
        [[ $m == exact && $quick_exact != *" $n "* ]] && continue
        reps=40; [[ $m == exact ]] && reps=5
        "$BIN" run "$f" --out "$DEST/$n-$m" --method $m --replicates $reps --threads 2 --quiet "${extra[@]}" \
            > "$DEST/$n-$m.stdout" 2> "$DEST/$n-$m.stderr"
        echo "exit $?" >> "$DEST/$n-$m.stdout"
    done
    "$BIN" describe "$f" "${extra[@]}" > "$DEST/$n.describe" 2>&1
    "$BIN" describe "$f" --dot "${extra[@]}" > "$DEST/$n.dot" 2>&1
    "$BIN" validate "$f" "${extra[@]}" > "$DEST/$n.validate" 2>&1
done
"$BIN" sweep scenarios/single-pregnancy.yaml --method moments --at '1 year,27 years' --quiet --out "$DEST/sweep" \
    --vary 'cell_types.mature.clearance.half_life=1 day:1 year:3' \
    --vary 'cell_types.progenitor.homing.bone_marrow=0.001 /day,0.01 /day' > "$DEST/sweep.stdout" 2>&1
# The point store's batches follow the clock (saved every half second); sweep.csv is the product.
rm -rf "$DEST/sweep/points"
"$BIN" demo single-pregnancy --library scenarios --out "$DEST/demo" > "$DEST/demo.stdout" 2>&1
# Mask what differs between any two runs: wall and start times, the folder's path.
find "$DEST" -name '*.json' -exec sed -i -E \
    -e 's/("wall_time_seconds" *: *)[0-9.eE+-]+/\1T/' -e 's/("started_at" *: *)"[^"]*"/\1"T"/' {} +
sed -i -E -e "s#$DEST#DEST#g" -e 's/[0-9]+(\.[0-9]+)? ?(s|ms)\b/T/g' "$DEST"/*.stdout
