# Python virtual environments for the scripts that need pinned packages from
# PyPI (scripts/test-plots.sh, scripts/plots-venv.sh, Benchmarks/peers/run.sh).
# Sourced, not run; the caller defines `die MESSAGE`.

# venv_stamp REQUIREMENTS PYTHON: a hash of the requirements file and the
# Python version, stored next to a venv to say what is installed in it.
venv_stamp() {
    { cat "$1"; "$2" --version 2>&1; } | sha256sum | cut -d' ' -f1
}

# venv_current VENV STAMP_FILE STAMP: whether VENV exists and was built for STAMP.
venv_current() {
    [ -x "$1/bin/python" ] && [ "$(cat "$2" 2>/dev/null)" = "$3" ]
}

# venv_create PYTHON VENV LOG TAG: a fresh virtual environment at VENV. When
# `python -m venv` fails and we are root with apt-get, python3-venv is
# installed first (a bare Debian image lacks it). TAG prefixes messages.
venv_create() {
    local python=$1 venv=$2 log=$3 tag=$4
    rm -rf "$venv"
    if "$python" -m venv "$venv" 2>"$log"; then return 0; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "$tag: $python -m venv failed; installing python3-venv"
        apt-get install -y -q python3-venv >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q python3-venv >/dev/null; } \
            || die "could not install python3-venv with apt-get"
        rm -rf "$venv"
        "$python" -m venv "$venv" 2>"$log" || die "$python -m venv $venv failed: $(cat "$log")"
    else
        die "$python -m venv $venv failed (install python3-venv): $(cat "$log")"
    fi
}

# venv_pip VENV LOG ARGS...: pip install into VENV, binary wheels only, bounded retries.
venv_pip() {
    local venv=$1 log=$2; shift 2
    "$venv/bin/python" -m pip install --disable-pip-version-check --only-binary=:all: \
        --retries 2 --timeout 30 -q "$@" >"$log" 2>&1
}
