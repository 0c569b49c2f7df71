#!/usr/bin/env bash
# Test of the Python package (python/, docs/python.md): installs the pinned
# python/requirements-test.txt into a virtual environment under .build-python/
# (only when that file or the Python version changed: a hash stamp says what is
# installed), installs the package from python/ into it (as `pip install
# ./python` does, built from a copy so that the source tree stays clean), runs
# its tests (pytest python/tests) against the release test binary, and executes
# every notebook of examples/ with nbclient, failing on any error and on a
# notebook committed with outputs or a plt.show() cell that draws nothing (the
# executed copies are kept in .build-python/executed/). Run by `make test` after
# the Swift suite.
#
# Environment: BIN or MICROCHIMERA_BIN (the binary; default: the release build
# of .build-test, the same flags as the Makefile's TEST_FLAGS), PYTHON (default
# python3, >= 3.11), SWIFT (default swift). Arguments are passed to pytest
# (e.g. -k sweep, -x).
set -uo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
SWIFT=${SWIFT:-swift}
WORK=$ROOT/.build-python
VENV=$WORK/venv
start=$(date +%s)

die() { echo "python-test: FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------- Python and the virtual environment
. scripts/lib-venv.sh
venv_require_python "$PYTHON" 11 python/requirements-test.txt
venv_ensure "$PYTHON" "$VENV" python/requirements-test.txt python-test
PY=$VENV/bin/python

# ---------------------------------------------------------------- the binary
BIN=${BIN:-${MICROCHIMERA_BIN:-}}
if [ -z "$BIN" ]; then
    TEST_FLAGS=(-c release -Xswiftc -enable-testing --scratch-path .build-test)
    bin_dir=$("$SWIFT" build "${TEST_FLAGS[@]}" --show-bin-path) || die "swift build --show-bin-path failed"
    BIN=$bin_dir/microchimera
    if [ ! -x "$BIN" ]; then
        echo "python-test: building microchimera (${TEST_FLAGS[*]})"
        "$SWIFT" build "${TEST_FLAGS[@]}" --product microchimera || die "swift build of microchimera failed"
    fi
fi
[ -x "$BIN" ] || die "no executable $BIN"
export MICROCHIMERA_BIN=$BIN
export PYTHONDONTWRITEBYTECODE=1
unset MPLBACKEND  # the notebooks' kernel draws inline, as in Jupyter

# ---------------------------------------------------------------- the package, installed as a user would
t0=$(date +%s)
rm -rf "$WORK/package"
mkdir -p "$WORK/package"
tar -C python --exclude='*.egg-info' --exclude=build --exclude=__pycache__ -cf - pyproject.toml README.md src \
    | tar -C "$WORK/package" -xf - || die "could not copy python/ to $WORK/package"
"$PY" -m pip install --disable-pip-version-check -q --no-build-isolation --no-deps --force-reinstall "$WORK/package" \
    >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log" >&2; die "pip install of the package failed"; }
installed=$("$PY" -c 'import microchimera; print(microchimera.__file__)') || die "the installed package does not import"
case $installed in
    "$VENV"/*) ;;
    *) die "microchimera was imported from $installed, not from the virtual environment" ;;
esac
echo "python-test: package installed ($(( $(date +%s) - t0 )) s); binary $BIN"

# ---------------------------------------------------------------- pytest
t0=$(date +%s)
"$PY" -m pytest -q -p no:cacheprovider python/tests "$@" || die "pytest python/tests"
echo "python-test: pytest $(( $(date +%s) - t0 )) s"

# ---------------------------------------------------------------- the example notebooks
t0=$(date +%s)
shopt -s nullglob
notebooks=(examples/*.ipynb)
[ ${#notebooks[@]} -gt 0 ] || die "no notebook in examples/"
"$PY" - "${notebooks[@]}" <<'EOF' || die "an example notebook failed (see above)"
"""Executes each notebook in its own folder, as Jupyter would, in a kernel of this environment."""
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

failed = False
for name in sys.argv[1:]:
    path = Path(name)
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    executed = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))]
    if executed:
        print(f"{path}: cells {executed} were committed with outputs; clear them "
              f"(jupyter nbconvert --clear-output --inplace {path})", file=sys.stderr)
        failed = True
        continue
    t0 = time.monotonic()
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as e:
        print(f"{path}: {e}", file=sys.stderr)
        failed = True
        continue
    # Every cell that shows a figure must have drawn one (a PNG in its outputs).
    plots = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and "plt.show()" in c.source]
    blank = [i for i in plots if not any("image/png" in o.get("data", {}) for o in notebook.cells[i].get("outputs", []))]
    if blank:
        print(f"{path}: cells {blank} call plt.show() but no figure came out", file=sys.stderr)
        failed = True
        continue
    executed_copy = Path(".build-python/executed") / path.name
    executed_copy.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, executed_copy)
    print(f"python-test: {path}: {len(notebook.cells)} cells executed, {len(plots)} figures, {time.monotonic() - t0:.1f} s "
          f"(executed copy: {executed_copy})")
sys.exit(1 if failed else 0)
EOF
echo "python-test: notebooks $(( $(date +%s) - t0 )) s"
echo "python-test: passed, $(( $(date +%s) - start )) s in all"
