# Python virtual environments for the scripts that need pinned packages from
# PyPI (scripts/test-plots.sh, scripts/plots-venv.sh, Benchmarks/peers/run.sh).
# Sourced, not run; the caller defines `die MESSAGE`.

# venv_require_python PYTHON MINOR WHO: dies unless PYTHON is on PATH and is
# Python 3.MINOR or later; WHO says what needs it (for the message).
venv_require_python() {
    local python=$1 minor=$2 who=$3
    command -v "$python" >/dev/null 2>&1 || die "no $python on PATH ($who needs Python >= 3.$minor)"
    "$python" -c "import sys; sys.exit(0 if sys.version_info >= (3, $minor) else 1)" \
        || die "$python is $("$python" --version 2>&1); $who needs Python >= 3.$minor"
}

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

# venv_ensure PYTHON VENV REQUIREMENTS TAG: VENV holding REQUIREMENTS for
# PYTHON, installed only when the requirements or the Python version changed
# (the stamp file VENV.stamp says what is installed); dies when pip fails.
venv_ensure() {
    local python=$1 venv=$2 requirements=$3 tag=$4
    local stamp_file=$venv.stamp stamp
    stamp=$(venv_stamp "$requirements" "$python")
    mkdir -p "$(dirname "$venv")"
    if venv_current "$venv" "$stamp_file" "$stamp"; then
        echo "$tag: requirements already installed in $venv"
        return 0
    fi
    local t0 log
    t0=$(date +%s)
    log=$(dirname "$venv")/pip.log
    echo "$tag: installing $requirements into $venv"
    rm -f "$stamp_file"
    venv_create "$python" "$venv" "$(dirname "$venv")/venv.log" "$tag"
    if ! venv_pip "$venv" "$log" -r "$requirements"; then
        tail -n 15 "$log" >&2
        die "pip could not install $requirements into $venv (is PyPI reachable? full log: $log)"
    fi
    echo "$stamp" >"$stamp_file"
    echo "$tag: installed in $(( $(date +%s) - t0 )) s"
}
