#!/usr/bin/env bash
# Test of plots/: installs the pinned requirements into a virtual environment
# under .build-plots/ (only when plots/requirements.txt or the Python version
# changed: a hash stamp says what is installed), makes small runs with the
# built `microchimera`, runs every plots/ script on them and checks that each
# figure is a valid, non-blank PNG. Run by `make test` after `swift test`.
#
# Environment: MICROCHIMERA (the binary; default: the release build of
# .build-test, the same flags as the Makefile's TEST_FLAGS), PYTHON (default
# python3, >= 3.11), SWIFT (default swift).
#
# The sweep heatmap is tested on a 3 x 3 `microchimera sweep --method moments`.
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}
WORK=$ROOT/.build-plots
VENV=$WORK/venv
RUNS=$WORK/runs
FIGS=$WORK/figures
start=$(date +%s)

die() { echo "test-plots: FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------- Python and the virtual environment
. scripts/lib-venv.sh
venv_require_python "$PYTHON" 11 plots/requirements.txt
venv_ensure "$PYTHON" "$VENV" plots/requirements.txt test-plots
PY=$VENV/bin/python

# ---------------------------------------------------------------- the binary
if [ -z "${MICROCHIMERA:-}" ]; then
    TEST_FLAGS=(-c release -Xswiftc -enable-testing --scratch-path .build-test)
    bin_dir=$("$SWIFT" build "${TEST_FLAGS[@]}" --show-bin-path) || die "swift build --show-bin-path failed"
    MICROCHIMERA=$bin_dir/microchimera
    if [ ! -x "$MICROCHIMERA" ]; then
        echo "test-plots: building microchimera (${TEST_FLAGS[*]})"
        "$SWIFT" build "${TEST_FLAGS[@]}" --product microchimera || die "swift build of microchimera failed"
    fi
fi
[ -x "$MICROCHIMERA" ] || die "no executable $MICROCHIMERA"

# ---------------------------------------------------------------- small runs
rm -rf "$RUNS" "$FIGS"
mkdir -p "$RUNS" "$FIGS"
run() {  # run NAME ARGS...: a microchimera run into $RUNS/NAME, its output in $RUNS/NAME.log
    local name=$1; shift
    local t0; t0=$(date +%s)
    "$MICROCHIMERA" run "$@" --out "$RUNS/$name" --quiet >"$RUNS/$name.log" 2>&1 \
        || { cat "$RUNS/$name.log" >&2; die "microchimera run for $name failed: $*"; }
    echo "test-plots: run $name ($(( $(date +%s) - t0 )) s)"
}
# 30 replicates of the default scenario, output monthly (the plots need no more).
run single scenarios/single-pregnancy.yaml --replicates 30 --set 'output.every=1 month'
# A cohort of 10 women: prevalence.csv, and hosts that carry cells of several origins.
run cohort scenarios/cohort-blood-draw.yaml --set cohort.size=10
# The moments method: no quantiles, so the plots must draw means only.
run moments scenarios/single-pregnancy.yaml --method moments --set 'output.every=3 months'
t0=$(date +%s)
"$MICROCHIMERA" sweep scenarios/single-pregnancy.yaml --method moments --quiet \
    --vary 'cell_types.progenitor.clearance.half_life=0.25 days,2 days,16 days' \
    --vary 'cell_types.progenitor.tissues.bone_marrow.death=0.0012 /day:0.0024 /day:3' \
    --set cell_types.mature.share=0.95 --set 'output.every=1 year' --out "$RUNS/sweep" >"$RUNS/sweep.log" 2>&1 \
    || { cat "$RUNS/sweep.log" >&2; die "microchimera sweep failed"; }
echo "test-plots: sweep of 9 moments points ($(( $(date +%s) - t0 )) s)"

# ---------------------------------------------------------------- every script, every figure checked
# Each check runs as a background job (two at a time: matplotlib uses one core)
# and leaves FIGS/LABEL.ok or FIGS/LABEL.fail holding what it found.
JOBS=${PLOT_JOBS:-2}
check_png() {  # check_png FILE: PNG signature, > 20 KB, and not blank when read back
    "$PY" - "$1" <<'EOF'
import sys
from pathlib import Path
import matplotlib.image as mpimg
path = Path(sys.argv[1])
data = path.read_bytes()
assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG (signature {data[:8]!r})"
assert len(data) > 20_000, f"{path}: only {len(data)} bytes"
img = mpimg.imread(path)
assert img.ndim == 3 and img.shape[0] >= 400 and img.shape[1] >= 400, f"{path}: image is {img.shape}"
grey = img[..., :3].mean(axis=2)
inked = float((grey < 0.9).mean())          # share of pixels that are not (near) white
colourful = float((img[..., :3].std(axis=2) > 0.08).mean())  # pixels in colour, not grey
assert inked > 0.02, f"{path}: only {inked:.1%} of the pixels are not white: blank figure"
assert colourful > 0.005, f"{path}: only {colourful:.2%} of the pixels are coloured: no data drawn"
print(f"{img.shape[1]}x{img.shape[0]} px, {len(data) // 1024} KB, {inked:.0%} inked, {colourful:.0%} coloured")
EOF
}
started=0  # checks launched; every check calls throttle once before it starts
throttle() { started=$((started + 1)); while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done; }
result() { echo "$3" >"$FIGS/$1.$2"; }  # result LABEL ok|fail MESSAGE
figure() {  # figure LABEL SCRIPT ARGS...: run a script, check the PNG it writes (FIGS/LABEL.png)
    local label=$1 script=$2; shift 2
    local out=$FIGS/$label.png
    throttle
    (
        t0=$(date +%s)
        if ! "$PY" "plots/$script" "$@" -o "$out" >"$FIGS/$label.log" 2>&1; then
            result "$label" fail "plots/$script $* exited non-zero:
$(sed 's/^/    /' "$FIGS/$label.log")"
        elif ! info=$(check_png "$out" 2>&1); then
            result "$label" fail "plots/$script $*: $info"
        else
            result "$label" ok "plots/$script ($info, $(( $(date +%s) - t0 )) s)"
        fi
    ) &
}
other_format() {  # other_format EXT MAGIC: timeline.py writes a valid file by extension
    local ext=$1 magic=$2 out=$FIGS/timeline.$1
    throttle
    (
        if "$PY" plots/timeline.py "$RUNS/single" -o "$out" >"$FIGS/timeline-$ext.log" 2>&1 \
            && [ "$(head -c ${#magic} "$out")" = "$magic" ] && [ "$(stat -c %s "$out")" -gt 20000 ]; then
            result "timeline-$ext" ok "plots/timeline.py writes a $ext file ($(( $(stat -c %s "$out") / 1024 )) KB)"
        else
            result "timeline-$ext" fail "plots/timeline.py did not write a valid $ext file $out: $(cat "$FIGS/timeline-$ext.log")"
        fi
    ) &
}
expect_error() {  # expect_error LABEL PATTERN SCRIPT ARGS...: exit status 2 and a message matching PATTERN
    local label=$1 pattern=$2 script=$3; shift 3
    throttle
    (
        output=$("$PY" "plots/$script" "$@" 2>&1); status=$?
        if [ "$status" -eq 2 ] && grep -q -- "$pattern" <<<"$output"; then
            result "$label" ok "plots/$script refuses with: $output"
        else
            result "$label" fail "plots/$script $* gave status $status and: $output (expected status 2 and /$pattern/)"
        fi
    ) &
}

figure timeline        timeline.py "$RUNS/single"
figure timeline-log    timeline.py "$RUNS/single" --xscale log --compartments all
figure timeline-moment timeline.py "$RUNS/moments"
figure timeline-cohort timeline.py "$RUNS/cohort/timeseries.csv" --host mother
figure tissues         tissues.py "$RUNS/single" --host mother --origin son
figure tissues-log     tissues.py "$RUNS/single" --host son --cell-type progenitor --xscale log --no-total
figure prevalence      prevalence.py "$RUNS/cohort"
figure prevalence-cp   prevalence.py "$RUNS/cohort/prevalence.csv" --ci clopper-pearson
figure heatmap         heatmap.py "$RUNS/sweep" --time 27 --compartment blood
figure heatmap-mean    heatmap.py "$RUNS/sweep/sweep.csv" --stat mean --time 27 --compartment bone_marrow --host son
# plots/scaling.py on a small table in the format of Benchmarks/scaling/scaling.py
# (the real measurements take minutes: `make scaling`).
cat >"$RUNS/scaling.csv" <<'CSV'
dimension,x,method,threads,seconds,cpu_seconds,per_unit
trajectories,1000,exact,1,0.28,0.38,0.00028
trajectories,4000,exact,1,0.62,0.72,0.000155
trajectories,16000,exact,1,2.96,3.09,0.000185
horizon,10,exact,1,0.42,0.55,0.042
horizon,50,exact,1,0.66,0.79,0.0133
compartments,4,moments,1,0.009,0.043,0.0022
compartments,49,moments,1,0.40,0.84,0.0082
cohort,16,fast,2,2.9,5.6,0.18
cohort,128,fast,2,28.8,56.8,0.225
CSV
figure scaling         scaling.py "$RUNS/scaling.csv"
expect_error scaling-columns "missing columns" scaling.py "$RUNS/single/timeseries.csv"
other_format svg '<?xml'
other_format pdf '%PDF-'
# scripts/examples: the shell sweep and the pandas script that draws its heatmap.
throttle
(
    log=$FIGS/example.log
    if MICROCHIMERA="$MICROCHIMERA" bash scripts/examples/persistence-sweep.sh "$RUNS/example" >"$log" 2>&1 \
        && "$PY" scripts/examples/persistence_heatmap.py "$RUNS/example" >>"$log" 2>&1 \
        && grep -q "points have P > 0.5" "$log" && info=$(check_png "$RUNS/example/persistence-heatmap.png" 2>&1); then
        result example ok "scripts/examples: 30-point sweep, pandas table and heatmap ($info)"
    else
        result example fail "scripts/examples failed: $(sed 's/^/    /' "$log") ${info:-}"
    fi
) &
# Bad input: a clear message and status 2, no traceback.
expect_error no-sweep-csv "sweep.csv: no such file" heatmap.py "$RUNS/single"
expect_error unknown-host "present: 'mother', 'son'" timeline.py "$RUNS/single" --host nobody
expect_error no-quantiles "moments runs have no quantiles" heatmap.py "$RUNS/sweep" --stat q95
# The binomial intervals of prevalence.py, against closed forms and the file's Wilson columns.
throttle
(
    if out=$("$PY" plots/check_intervals.py "$RUNS/cohort/prevalence.csv" 2>&1); then
        result intervals ok "plots/check_intervals.py: $out"
    else
        result intervals fail "plots/check_intervals.py: $out"
    fi
) &
wait

expected=$started
passed=0
failed=0
for f in "$FIGS"/*.ok; do
    [ -e "$f" ] || continue
    echo "ok   $(basename "$f" .ok): $(cat "$f")"
    passed=$((passed + 1))
done
for f in "$FIGS"/*.fail; do
    [ -e "$f" ] || continue
    echo "FAIL $(basename "$f" .fail): $(cat "$f")" >&2
    failed=$((failed + 1))
done
if [ $((passed + failed)) -ne "$expected" ]; then
    echo "FAIL: $((passed + failed)) checks reported a result, $expected were started" >&2
    failed=$((expected - passed))
fi
echo "test-plots: figures in $FIGS, $(( $(date +%s) - start )) s in all"
echo "plots: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
    echo "test-plots: FAILED: $(cd "$FIGS" && ls -- *.fail 2>/dev/null | sed 's/\.fail$//' | tr '\n' ' ')" >&2
    exit 1
fi
