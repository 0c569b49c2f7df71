#!/usr/bin/env bash
# Submits a `microchimera sweep` to Slurm: a job array of N shards
# (sweep.sbatch, one shard per task) and a merge job (merge.sbatch) that runs
# when every task succeeded (--dependency=afterok).
#
#   submit-sweep.sh --shards N --out DIR [--max-parallel K] [--sbatch OPTION]...
#                   SCENARIO [SWEEP OPTIONS...]
#
#   --shards N        number of array tasks (shards 1/N..N/N)
#   --out DIR         shards go to DIR/shard-0..DIR/shard-(N-1), the merged
#                     sweep (sweep.csv, sweep.json) to DIR/merged, the job logs
#                     to DIR/logs; DIR must be on a file system the nodes share
#   --max-parallel K  at most K array tasks at once (--array=0-(N-1)%K)
#   --sbatch OPTION   an option for both sbatch calls, e.g. --sbatch --partition=short
#                     --sbatch --time=02:00:00 --sbatch --cpus-per-task=8 (repeatable)
#   SWEEP OPTIONS     those of `microchimera sweep` except --shard and --out
#
# If an array task fails, Slurm cancels the merge job (--kill-on-invalid-dep).
# Prints "array JOBID" and "merge JOBID" on stdout. sbatch's own environment
# variables (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...) apply too.
# Environment: MICROCHIMERA, the binary (default: `microchimera` on PATH); it is
# resolved to an absolute path here and passed to the jobs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd -P)
fail() { echo "submit-sweep: error: $*" >&2; exit 2; }
usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

shards="" out="" max_parallel="" sbatch_opts=()
while [ $# -gt 0 ]; do
    case "$1" in
        --shards) [ $# -ge 2 ] || fail "--shards needs a value"; shards=$2; shift 2 ;;
        --shards=*) shards=${1#*=}; shift ;;
        --out) [ $# -ge 2 ] || fail "--out needs a value"; out=$2; shift 2 ;;
        --out=*) out=${1#*=}; shift ;;
        --max-parallel) [ $# -ge 2 ] || fail "--max-parallel needs a value"; max_parallel=$2; shift 2 ;;
        --max-parallel=*) max_parallel=${1#*=}; shift ;;
        --sbatch) [ $# -ge 2 ] || fail "--sbatch needs a value"; sbatch_opts+=("$2"); shift 2 ;;
        --sbatch=*) sbatch_opts+=("${1#*=}"); shift ;;
        -h|--help) usage ;;
        --) shift; break ;;
        -*) fail "unknown option $1 (options of the sweep itself go after SCENARIO)" ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || usage
scenario=$1
shift
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || fail "--shards N is required, a positive integer (got '${shards}')"
[ -n "$out" ] || fail "--out DIR is required"
[ -z "$max_parallel" ] || [[ "$max_parallel" =~ ^[1-9][0-9]*$ ]] || fail "--max-parallel must be a positive integer (got '$max_parallel')"
for a in "$@"; do
    case "$a" in --out|--out=*|--shard|--shard=*) fail "do not pass $a after SCENARIO: submit-sweep sets --shard and --out (use --out DIR before SCENARIO)" ;; esac
done
[ -f "$scenario" ] || fail "no scenario file $scenario"
command -v sbatch >/dev/null 2>&1 || fail "no sbatch on PATH (is this a Slurm login node? for a local test cluster: source DIR/env)"

bin=${MICROCHIMERA:-microchimera}
if [[ "$bin" == */* ]]; then
    [ -x "$bin" ] || fail "MICROCHIMERA=$bin is not an executable file"
    bin=$(cd "$(dirname "$bin")" && pwd -P)/$(basename "$bin")
else
    resolved=$(command -v "$bin" 2>/dev/null) || fail "no '$bin' on PATH (set MICROCHIMERA to the binary)"
    bin=$resolved
fi
export MICROCHIMERA=$bin

mkdir -p "$out/logs"
out=$(cd "$out" && pwd -P)
scenario=$(cd "$(dirname "$scenario")" && pwd -P)/$(basename "$scenario")

range="0-$((shards - 1))"
[ -z "$max_parallel" ] || range="$range%$max_parallel"

# --parsable prints "jobid" or "jobid;cluster".
array_id=$(sbatch --parsable "${sbatch_opts[@]}" --array="$range" \
    --output="$out/logs/sweep-%A_%a.out" \
    "$here/sweep.sbatch" "$out" "$scenario" "$@") || fail "sbatch refused the array"
array_id=${array_id%%;*}
[[ "$array_id" =~ ^[0-9]+$ ]] || fail "sbatch printed '$array_id', not a job id"

# If a task fails, the merge can never run: Slurm cancels it instead of
# leaving it pending forever (resubmit the same command once the cause is fixed;
# the shards keep the points they finished).
if ! merge_id=$(sbatch --parsable "${sbatch_opts[@]}" --dependency="afterok:$array_id" \
    --kill-on-invalid-dep=yes \
    --output="$out/logs/merge-%j.out" \
    "$here/merge.sbatch" "$out" "$shards"); then
    scancel "$array_id" 2>/dev/null || true
    fail "sbatch refused the merge job; cancelled the array $array_id"
fi
merge_id=${merge_id%%;*}

echo "array $array_id"
echo "merge $merge_id"
echo "submit-sweep: $shards shards -> $out/shard-*, merged sweep -> $out/merged/sweep.csv, logs in $out/logs" >&2
