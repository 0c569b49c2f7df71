#!/usr/bin/env bash
# Integration test of scripts/slurm/ on a REAL single-node Slurm cluster that
# this script starts (scripts/slurm/local-cluster.sh) in a temporary folder and
# always stops again, by PID, on exit.
#
#   scripts/test-slurm.sh
#       Plumbing test. Submits, with scripts/slurm/submit-sweep.sh, a 4-task
#       array (sweep.sbatch) and its dependent merge job (merge.sbatch), with
#       MICROCHIMERA set to a stand-in written below (stand_in): its `sweep`
#       writes one line naming its array task, shard and arguments into its
#       --out folder; its `merge` concatenates the shards it is given into
#       merged/sweep.csv. The test checks that every job COMPLETED with exit
#       code 0 and that merged/sweep.csv is exactly the 4 expected lines, in
#       order (built here independently of the jobs).
#
#   scripts/test-slurm.sh --sweep BINARY SCENARIO [SWEEP OPTIONS...]
#       The real thing: runs `BINARY sweep SCENARIO [SWEEP OPTIONS...]`
#       locally, submits the same sweep as 4 shards plus merge to the cluster,
#       and compares the two sweep.csv byte for byte (cmp).
#       Passed with the binary of main a9f2403 on a 4-point moments sweep:
#         --sweep BIN scenarios/single-pregnancy.yaml --method moments \
#           --vary 'cell_types.mature.clearance.half_life=1 day,1 year' \
#           --vary 'cell_types.progenitor.homing.bone_marrow=0.001 /day,0.01 /day' \
#           --at '1 year,27 years'
#
# Needs root (slurmd launches jobs; the daemons run as root): otherwise prints
# "skipped: ..." and exits 0. Installs slurmctld slurmd slurm-client munge
# through scripts/ensure-deps.sh when they are missing.
# Environment: SLURM_TEST_TIMEOUT (seconds to wait for the jobs, default 120),
# SLURM_TEST_KEEP=1 keeps the temporary folder (it is kept anyway on failure).
set -uo pipefail

CALLER_DIR=$PWD
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
SHARDS=4
TIMEOUT=${SLURM_TEST_TIMEOUT:-120}
KEEP=${SLURM_TEST_KEEP:-0}   # read now: every SLURM_* variable is unset below
PATH=$PATH:/usr/sbin:/sbin

mode=plumbing
if [ "${1:-}" = "--sweep" ]; then
    [ $# -ge 3 ] || { echo "usage: $0 [--sweep BINARY SCENARIO [SWEEP OPTIONS...]]" >&2; exit 2; }
    mode=sweep
    BINARY=$2
    SCENARIO=$3
    shift 3
    SWEEP_ARGS=("$@")
    # Paths relative to where the script was called from (it works from the repository root).
    case "$BINARY" in /*) ;; */*) BINARY=$CALLER_DIR/$BINARY ;; esac
    case "$SCENARIO" in /*) ;; *) SCENARIO=$CALLER_DIR/$SCENARIO ;; esac
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--sweep BINARY SCENARIO [SWEEP OPTIONS...]]" >&2
    exit 2
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "test-slurm: skipped: needs root, to install Slurm and run slurmctld/slurmd/munged (running as uid $(id -u))"
    exit 0
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
t_start=$(now)

bash scripts/ensure-deps.sh slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munged:munge \
    || { echo "test-slurm: FAILED: could not install slurmctld slurmd slurm-client munge" >&2; exit 1; }

# No setting of an enclosing Slurm job or of the user's sbatch defaults applies here.
for v in $(compgen -e); do
    case "$v" in SLURM_*|SBATCH_*|SALLOC_*|SRUN_*|SQUEUE_*|SINFO_*|SCANCEL_*) unset "$v" ;; esac
done

WORK=$(cd "$(mktemp -d /tmp/mc-slurm.XXXXXX)" && pwd -P)
CLUSTER=$WORK/cluster
OUT=$WORK/out
failed=1

finish() {
    local status=$?
    local t_down t_end name pid pids=() left=""
    for name in munged slurmctld slurmd; do
        pid=$(cat "$CLUSTER/$name.pid" 2>/dev/null) && pids+=("$pid")
    done
    t_down=$(now)
    bash "$ROOT/scripts/slurm/local-cluster.sh" down "$CLUSTER" >/dev/null \
        || { echo "test-slurm: FAILED: local-cluster.sh down failed; see $CLUSTER" >&2; failed=1; }
    t_end=$(now)
    # Nothing started for the test may survive (an exited process awaiting its
    # reaping, state Z, is gone).
    for pid in "${pids[@]}"; do
        if [ -r "/proc/$pid/stat" ] && [ "$(sed -e 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)" != Z ]; then
            left="$left $pid"
        fi
    done
    if [ -n "$left" ]; then
        echo "test-slurm: FAILED: daemons still running after down:$left" >&2
        failed=1
    fi
    echo "test-slurm: shutdown $(elapsed "$t_down" "$t_end") s; total $(elapsed "$t_start" "$t_end") s"
    if [ $failed -eq 0 ] && [ "$KEEP" != 1 ]; then
        rm -rf "$WORK"
    else
        echo "test-slurm: files kept in $WORK"
    fi
    if [ $failed -ne 0 ]; then
        [ $status -ne 0 ] || status=1
        exit $status
    fi
}
trap finish EXIT
trap 'echo "test-slurm: interrupted" >&2; exit 130' INT TERM

fail() {
    echo "test-slurm: FAILED: $*" >&2
    local f
    for f in "$OUT"/logs/*.out "$CLUSTER"/slurmctld.log "$CLUSTER"/slurmd.log; do
        [ -f "$f" ] || continue
        echo "----- last lines of $f" >&2
        tail -n 20 "$f" >&2
    done
    exit 1
}

# ------------------------------------------------------------------ stand-in binary (plumbing mode)

# Writes WORK/stand-in, an executable that answers `sweep ... --shard K/N --out DIR`
# and `merge DIR... --out DIR` as the real binary's command lines look, and
# records what Slurm handed it.
stand_in() {
    cat >"$WORK/stand-in" <<'EOF'
#!/usr/bin/env bash
# Stand-in for `microchimera` in scripts/test-slurm.sh (not a simulator).
set -euo pipefail
cmd=$1; shift
out="" shard="" args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out=$2; shift 2 ;;
        --shard) shard=$2; shift 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
mkdir -p "$out"
case "$cmd" in
    sweep) printf 'task %s of %s, shard %s: %s\n' "$SLURM_ARRAY_TASK_ID" "$SLURM_ARRAY_TASK_COUNT" "$shard" "${args[*]}" >"$out/points.txt" ;;
    merge) for d in "${args[@]}"; do cat "$d/points.txt"; done >"$out/sweep.csv" ;;
    *) echo "stand-in: unknown command $cmd" >&2; exit 2 ;;
esac
EOF
    chmod +x "$WORK/stand-in"
}

# ------------------------------------------------------------------ cluster

t_up=$(now)
bash scripts/slurm/local-cluster.sh up "$CLUSTER" || fail "the cluster did not come up"
# shellcheck disable=SC1091
source "$CLUSTER/env"
t_submit=$(now)
echo "test-slurm: cluster up in $(elapsed "$t_up" "$t_submit") s"

if [ $mode = plumbing ]; then
    stand_in
    export MICROCHIMERA=$WORK/stand-in
    echo "plumbing" >"$WORK/scenario.yaml"
    SCENARIO=$WORK/scenario.yaml
    SWEEP_ARGS=(--vary "a.b=1 day:1 year:3:log" --points 7)
else
    export MICROCHIMERA=$BINARY
    echo "test-slurm: local sweep: $BINARY sweep $SCENARIO ${SWEEP_ARGS[*]} --out $WORK/local"
    "$BINARY" sweep "$SCENARIO" "${SWEEP_ARGS[@]}" --out "$WORK/local" >"$WORK/local.log" 2>&1 \
        || { cat "$WORK/local.log" >&2; fail "the local sweep failed"; }
    t_submit=$(now)
fi

ids=$(bash scripts/slurm/submit-sweep.sh --shards $SHARDS --out "$OUT" "$SCENARIO" "${SWEEP_ARGS[@]}") \
    || fail "submit-sweep.sh failed"
array_id=$(awk '$1 == "array" { print $2 }' <<<"$ids")
merge_id=$(awk '$1 == "merge" { print $2 }' <<<"$ids")
[ -n "$array_id" ] && [ -n "$merge_id" ] || fail "submit-sweep.sh printed no job ids: $ids"
echo "test-slurm: submitted array $array_id ($SHARDS tasks) and merge $merge_id"

# No accounting (no slurmdbd, no sacct): poll squeue until both jobs are gone.
deadline=$((SECONDS + TIMEOUT))
while :; do
    queue=$(squeue -h -o '%i %T %r' 2>&1) || fail "squeue failed: $queue"
    [ -z "$queue" ] && break
    if grep -q DependencyNeverSatisfied <<<"$queue"; then
        fail "an array task failed, so the merge job can never run: $queue"
    fi
    [ $SECONDS -lt $deadline ] || fail "jobs still queued after ${TIMEOUT}s: ${queue//$'\n'/; }"
    sleep 0.25
done
t_done=$(now)
echo "test-slurm: jobs finished $(elapsed "$t_submit" "$t_done") s after submission"

# Finished jobs stay known to slurmctld for MinJobAge (300 s): check each record.
states=$(scontrol -o show job "$array_id" 2>&1; scontrol -o show job "$merge_id" 2>&1)
records=$(grep -c '^JobId=' <<<"$states")
[ "$records" -eq $((SHARDS + 1)) ] || fail "expected $((SHARDS + 1)) job records, got $records: $states"
bad=$(grep -v 'JobState=COMPLETED .*ExitCode=0:0' <<<"$states" | grep '^JobId=' || true)
[ -z "$bad" ] || fail "jobs not COMPLETED with exit code 0: $bad"
# The array's tasks overlap when the node has several CPUs (reported, not asserted).
echo "test-slurm: task start times: $(grep -o 'StartTime=[^ ]*' <<<"$states" | cut -d= -f2 | sort | uniq -c | awk '{ printf "%s x%s  ", $2, $1 }')"

if [ $mode = plumbing ]; then
    expected=$WORK/expected.csv
    for ((i = 0; i < SHARDS; i++)); do
        # sweep.sbatch adds --threads 1: a task gets one CPU unless --cpus-per-task says more.
        printf 'task %s of %s, shard %s/%s: %s %s --threads 1\n' "$i" "$SHARDS" "$((i + 1))" "$SHARDS" \
            "$SCENARIO" "${SWEEP_ARGS[*]}"
    done >"$expected"
    cmp "$expected" "$OUT/merged/sweep.csv" \
        || { diff "$expected" "$OUT/merged/sweep.csv" >&2; fail "merged/sweep.csv differs from the expected $SHARDS lines"; }
    echo "test-slurm: ok: $SHARDS array tasks mapped to shards 1/$SHARDS..$SHARDS/$SHARDS, merge ran after all of them, in order"
else
    cmp "$WORK/local/sweep.csv" "$OUT/merged/sweep.csv" \
        || fail "sweep.csv of the cluster ($OUT/merged) differs from the local one ($WORK/local)"
    echo "test-slurm: ok: the merged sweep.csv of $SHARDS Slurm shards is byte-identical to the local sweep"
fi
failed=0
