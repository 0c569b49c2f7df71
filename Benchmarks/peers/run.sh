#!/usr/bin/env bash
# `make peers`: Microchimera and its peers (COPASI, GillesPy2, libRoadRunner) on
# the reference model Benchmarks/models/ref-linear-7.yaml, in one run, with one
# table of speed and correctness (issue #7).
#
# 1. Installs Benchmarks/peers/requirements.txt (pinned, from PyPI) into a
#    virtual environment in .build-peers/venv, only when that file or the Python
#    version changed (a hash stamp says what is installed). If the whole set
#    cannot be installed, each package is tried alone, so a peer that fails
#    shows up as an error row of the table instead of stopping the run.
# 2. Builds the release `microchimera` (swift build -c release).
# 3. Runs Benchmarks/peers/peers.py, which times every tool and writes the
#    table to .build-peers/peers.md and .build-peers/peers.csv.
#
# Arguments are passed to peers.py (e.g. --trajectories 10000; see --help).
# Environment: PYTHON (default python3, >= 3.10), SWIFT (default swift).
set -uo pipefail

cd "$(dirname "$0")/../.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}
WORK=$ROOT/.build-peers
VENV=$WORK/venv
REQUIREMENTS=Benchmarks/peers/requirements.txt
start=$(date +%s)

die() { echo "peers: FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------- the virtual environment
. scripts/lib-venv.sh
venv_require_python "$PYTHON" 10 Benchmarks/peers/requirements.txt
stamp_value=$(venv_stamp "$REQUIREMENTS" "$PYTHON")
mkdir -p "$WORK"
install_seconds=0
if venv_current "$VENV" "$WORK/requirements.stamp" "$stamp_value"; then
    echo "peers: requirements already installed in $VENV"
else
    echo "peers: installing $REQUIREMENTS into $VENV"
    rm -rf "$WORK/requirements.stamp" "$WORK/install-errors"
    venv_create "$PYTHON" "$VENV" "$WORK/venv.log" peers
    if venv_pip "$VENV" "$WORK/pip.log" -r "$REQUIREMENTS"; then
        echo "$stamp_value" >"$WORK/requirements.stamp"
    else
        # One package at a time: what installs is used, what does not becomes an
        # error row (peers.py reads install-errors/). No stamp: the next run retries.
        echo "peers: pip could not install the whole set (log: $WORK/pip.log); trying each package alone" >&2
        mkdir -p "$WORK/install-errors"
        grep -v -E '^\s*(#|$)' "$REQUIREMENTS" | while read -r requirement; do
            name=${requirement%%[=<>!~ ]*}
            if ! venv_pip "$VENV" "$WORK/pip-$name.log" "$requirement"; then
                echo "peers: could not install $requirement" >&2
                { echo "pip install $requirement failed:"; tail -n 3 "$WORK/pip-$name.log"; } >"$WORK/install-errors/$name"
            fi
        done
    fi
    install_seconds=$(( $(date +%s) - start ))
    echo "peers: installed in $install_seconds s"
fi

# ---------------------------------------------------------------- Microchimera, release build
echo "peers: building microchimera (swift build -c release --product microchimera)"
"$SWIFT" build -c release --product microchimera >"$WORK/swift-build.log" 2>&1 \
    || { tail -n 30 "$WORK/swift-build.log" >&2; die "swift build -c release --product microchimera failed (log: $WORK/swift-build.log)"; }
bin_dir=$("$SWIFT" build -c release --show-bin-path) || die "swift build --show-bin-path failed"
MICROCHIMERA=$bin_dir/microchimera
[ -x "$MICROCHIMERA" ] || die "no executable $MICROCHIMERA"

# ---------------------------------------------------------------- the comparison
exec "$VENV/bin/python" Benchmarks/peers/peers.py --microchimera "$MICROCHIMERA" --work "$WORK" \
    --install-seconds "$install_seconds" "$@"
