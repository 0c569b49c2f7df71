#!/usr/bin/env bash
# Installs what Microchimera needs outside SwiftPM, when it is missing:
# OpenBLAS (Debian package libopenblas-dev, found through pkg-config).
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists openblas; then
    missing+=(libopenblas-dev)
fi
# Extra packages a caller needs (e.g. the test suite), as arguments: "command:package".
for pair in "$@"; do
    cmd="${pair%%:*}"; pkg="${pair#*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "Microchimera needs: ${missing[*]}" >&2
    echo "Install with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
