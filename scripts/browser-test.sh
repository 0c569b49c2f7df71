#!/usr/bin/env bash
# The teaching page in a real browser (browser/test_page.py): `microchimera serve`
# on a free loopback port, driven through Debian's chromium and chromium-driver
# by Selenium, from a virtual environment under .build-browser/ holding
# browser/requirements.txt (installed only when that file or the Python version
# changed: a hash stamp says what is installed). Run by `make test` after the
# Swift suite.
#
#   scripts/browser-test.sh [--docs] [test_page.py options...]
#       --docs writes the screenshots to docs/images/teaching/ (docs/teaching.md).
#
# Chromium and its driver come from scripts/ensure-deps.sh --test (apt-get, as
# root). When they are missing and cannot be installed (not root), the test is
# skipped with the reason and the script exits 0; anything else that goes wrong
# (no Python, PyPI unreachable, the page misbehaves) fails it.
#
# Environment: MICROCHIMERA (the binary; default: the release build of
# .build-test, the same flags as the Makefile's TEST_FLAGS), PYTHON (default
# python3, >= 3.11), SWIFT (default swift).
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}
WORK=$ROOT/.build-browser
VENV=$WORK/venv

die() { echo "browser-test: FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------- chromium and its driver
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        bash scripts/ensure-deps.sh chromium:chromium chromedriver:chromium-driver \
            || die "could not install chromium and chromium-driver with apt-get"
    else
        echo "browser-test: skipped: chromium and chromium-driver are not installed and this is not root"
        echo "  (as root: sudo apt-get install -y chromium chromium-driver, or make test-deps)"
        exit 0
    fi
fi
command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 \
    || die "chromium or chromedriver still missing after installing chromium and chromium-driver"

# ---------------------------------------------------------------- Python and the virtual environment
. scripts/lib-venv.sh
venv_require_python "$PYTHON" 11 browser/requirements.txt
venv_ensure "$PYTHON" "$VENV" browser/requirements.txt browser-test

# ---------------------------------------------------------------- the binary
if [ -z "${MICROCHIMERA:-}" ]; then
    TEST_FLAGS=(-c release -Xswiftc -enable-testing --scratch-path .build-test)
    bin_dir=$("$SWIFT" build "${TEST_FLAGS[@]}" --show-bin-path) || die "swift build --show-bin-path failed"
    MICROCHIMERA=$bin_dir/microchimera
    if [ ! -x "$MICROCHIMERA" ]; then
        echo "browser-test: building microchimera (${TEST_FLAGS[*]})"
        "$SWIFT" build "${TEST_FLAGS[@]}" --product microchimera || die "swift build of microchimera failed"
    fi
fi
[ -x "$MICROCHIMERA" ] || die "no executable $MICROCHIMERA"

# The test's own readers (narration, pregnancies) on inputs with known answers.
"$VENV/bin/python" browser/check_helpers.py || die "browser/check_helpers.py: the test's readers are wrong"

# Selenium is told where chromedriver is; it must not look for (or download) another.
export SE_OFFLINE=true
exec "$VENV/bin/python" browser/test_page.py --binary "$MICROCHIMERA" --work "$WORK/page-test" "$@"
