#!/usr/bin/env bash
# The SBML export checked by real tools (scripts/sbml/check.py): python-libsbml
# validates every library scenario's `microchimera export --sbml` with every
# consistency check on, libRoadRunner and COPASI simulate it and must equal the
# moments engine's exact mean within 1e-6 relative at every output time, and a
# stochastic ensemble of COPASI's direct method must agree within 4 standard
# errors (docs/interop.md). Run by `make test`.
#
# The tools come from PyPI, pinned in scripts/sbml/requirements.txt, in a virtual
# environment under .build-sbml/ (installed only when that file or the Python
# version changed: a hash stamp says what is installed).
#
# Environment: MICROCHIMERA (the binary; default: the release build of
# .build-test, the same flags as the Makefile's TEST_FLAGS), PYTHON (default
# python3, >= 3.10), SWIFT (default swift). Arguments are passed to check.py
# (scenario files; default: the library, Benchmarks/models and scripts/sbml/edges.yaml).
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}
WORK=$ROOT/.build-sbml
VENV=$WORK/venv
start=$(date +%s)

die() { echo "sbml-test: FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------- Python and the virtual environment
. scripts/lib-venv.sh
venv_require_python "$PYTHON" 10 scripts/sbml/requirements.txt
venv_ensure "$PYTHON" "$VENV" scripts/sbml/requirements.txt sbml-test

# ---------------------------------------------------------------- the binary
if [ -z "${MICROCHIMERA:-}" ]; then
    TEST_FLAGS=(-c release -Xswiftc -enable-testing --scratch-path .build-test)
    bin_dir=$("$SWIFT" build "${TEST_FLAGS[@]}" --show-bin-path) || die "swift build --show-bin-path failed"
    MICROCHIMERA=$bin_dir/microchimera
    if [ ! -x "$MICROCHIMERA" ]; then
        echo "sbml-test: building microchimera (${TEST_FLAGS[*]})"
        "$SWIFT" build "${TEST_FLAGS[@]}" --product microchimera || die "swift build of microchimera failed"
    fi
fi
[ -x "$MICROCHIMERA" ] || die "no executable $MICROCHIMERA"

# ---------------------------------------------------------------- the checks
rm -rf "$WORK/work"
PYTHONUNBUFFERED=1 "$VENV/bin/python" scripts/sbml/check.py --binary "$MICROCHIMERA" --work "$WORK/work" "$@" \
    || die "the SBML export disagrees with libsbml, libRoadRunner or COPASI (above); files in $WORK/work"
echo "sbml-test: passed in $(( $(date +%s) - start )) s"
