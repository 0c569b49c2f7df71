#!/usr/bin/env bash
# Installs what Microchimera needs outside SwiftPM, when it is missing:
# OpenBLAS (Debian package libopenblas-dev) and NLopt (libnlopt-dev), both
# found through pkg-config.
# With --test, also what only the test suite uses: Graphviz `dot` (Debian
# package graphviz), which checks the output of `microchimera describe --dot`,
# and rsvg-convert (librsvg2-bin) and pngtopnm (netpbm), which render the
# figures `microchimera run` draws so a test can look at their pixels, and
# chromium with chromium-driver (its chromedriver), the real browser that
# scripts/browser-test.sh drives through Selenium to test the teaching page.
# As root it runs apt-get; otherwise it prints the exact command and fails
# for a required package, or only notes a missing test tool (the tests that
# need it are skipped and say why).
set -euo pipefail

missing=()
optional=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists openblas; then
    missing+=(libopenblas-dev)
fi
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists nlopt; then
    missing+=(libnlopt-dev)
fi
# Extra packages a caller needs, as arguments: "command:package"; --test adds the test tools.
for arg in "$@"; do
    if [ "$arg" = "--test" ]; then
        command -v dot >/dev/null 2>&1 || optional+=(graphviz)
        command -v rsvg-convert >/dev/null 2>&1 || optional+=(librsvg2-bin)
        command -v pngtopnm >/dev/null 2>&1 || optional+=(netpbm)
        command -v chromium >/dev/null 2>&1 || optional+=(chromium)
        command -v chromedriver >/dev/null 2>&1 || optional+=(chromium-driver)
        continue
    fi
    cmd="${arg%%:*}"; pkg="${arg#*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ] && [ ${#optional[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "installing: ${missing[*]} ${optional[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" "${optional[@]}" >/dev/null
elif [ ${#missing[@]} -gt 0 ]; then
    echo "Microchimera needs: ${missing[*]}" >&2
    echo "Install with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]} ${optional[*]}" >&2
    exit 1
else
    echo "note: ${optional[*]} is not installed; the tests that need it will be skipped." >&2
    echo "  sudo apt-get install -y ${optional[*]}" >&2
fi
