#!/usr/bin/env bash
# Load test of the teaching page's server (browser/load_test.py, standard
# library only, no virtual environment): `microchimera serve` on a free
# loopback port, 20 clients each moving a slider (POST /api/edit, then
# POST /api/answer with increasing sequence numbers) for 30 s; no errors
# (409 superseded is counted, not an error), memory flat, and the p50/p95/max
# latencies printed. Loopback only, bounded in time; it stops by itself.
# Run by `make test` after the browser test.
#
#   scripts/load-test.sh [load_test.py options: --clients N --seconds S --scenario NAME]
#
# Environment: MICROCHIMERA (the binary; default: the release build of
# .build-test, the same flags as the Makefile's TEST_FLAGS), PYTHON (default
# python3, >= 3.11), SWIFT (default swift).
set -uo pipefail

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}

die() { echo "load-test: FAILED: $*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || die "no $PYTHON on PATH (browser/load_test.py needs Python >= 3.11)"
"$PYTHON" -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" \
    || die "$PYTHON is $("$PYTHON" --version 2>&1); browser/load_test.py needs Python >= 3.11"

if [ -z "${MICROCHIMERA:-}" ]; then
    TEST_FLAGS=(-c release -Xswiftc -enable-testing --scratch-path .build-test)
    bin_dir=$("$SWIFT" build "${TEST_FLAGS[@]}" --show-bin-path) || die "swift build --show-bin-path failed"
    MICROCHIMERA=$bin_dir/microchimera
    if [ ! -x "$MICROCHIMERA" ]; then
        echo "load-test: building microchimera (${TEST_FLAGS[*]})"
        "$SWIFT" build "${TEST_FLAGS[@]}" --product microchimera || die "swift build of microchimera failed"
    fi
fi
[ -x "$MICROCHIMERA" ] || die "no executable $MICROCHIMERA"

exec "$PYTHON" browser/load_test.py --binary "$MICROCHIMERA" "$@"
