#!/usr/bin/env bash
# Set up everything RescueDesk needs on a Linux machine: system packages (when
# root on Debian/Ubuntu), the .venv with the package and its test extras, and
# compiled Qt translations.  Idempotent and fast when nothing has changed:
# pip only runs again when pyproject.toml is newer than .venv/.setup-stamp.
#
# Usage: scripts/setup.sh        (also run by `make setup`, `make run`, `make test`)
# Env:   PYTHON=/path/to/python3.x   interpreter for a new .venv (>= 3.11)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.venv
STAMP="$VENV/.setup-stamp"

say()  { printf '==> %s\n' "$*"; }
warn() { printf 'setup.sh: warning: %s\n' "$*" >&2; }
die()  { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- python ----
py_ok() {  # is $1 a python >= 3.11?
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
    local c
    for c in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
        if command -v "$c" >/dev/null 2>&1 && py_ok "$c"; then
            command -v "$c"
            return 0
        fi
    done
    return 1
}

need_venv=0
if [[ ! -e $VENV ]]; then
    need_venv=1
elif ! py_ok "$VENV/bin/python"; then
    # Never delete an existing environment behind the user's back.
    die "$VENV exists but $VENV/bin/python does not run or is older than 3.11; remove it (make distclean) and run set-up again"
fi

# ------------------------------------------------------- system packages ----
# Qt 6 runtime libraries the PySide6 wheels need (offscreen and xcb platforms),
# plus a CJK TrueType font for PDFs and screenshots, and poppler-utils (pdftoppm,
# pdffonts) to look at generated PDFs.
DEB_PACKAGES=(
    fonts-wqy-microhei poppler-utils
    libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
    libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
    libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
)

# The server tools: the tests start throwaway servers (scripts/with-postgres.sh) and a
# primary with a hot standby (tests/concurrency/test_standby.py: initdb, pg_ctl,
# pg_basebackup), so all of them, in one bin directory, or the Debian packages.
have_pg_server_tools() {
    local d
    for d in $(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || echo /nonexistent)")") \
             /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres && -x $d/pg_basebackup ]] && return 0
    done
    return 1
}
if ! have_pg_server_tools; then
    DEB_PACKAGES+=(postgresql postgresql-client)
fi

# A new venv needs python3 >= 3.11 with venv/ensurepip (Debian splits those off).
if (( need_venv )); then
    if ! py=$(find_python); then
        DEB_PACKAGES+=(python3 python3-venv)
    elif ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        DEB_PACKAGES+=(python3-venv)
    fi
fi

if command -v dpkg >/dev/null 2>&1; then
    missing=()
    for p in "${DEB_PACKAGES[@]}"; do
        # `dpkg -s` also succeeds for removed packages with config files left; check Status.
        [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == "install ok installed" ]] ||
            missing+=("$p")
    done
    if (( ${#missing[@]} )); then
        if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
            say "installing Debian packages: ${missing[*]}"
            if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
                   DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
                       --no-install-recommends "${missing[@]}"; }; then
                warn "apt-get failed; continuing without: ${missing[*]}"
            fi
        else
            if [[ $(id -u) -ne 0 ]]; then why="not root"; else why="no apt-get"; fi
            warn "these Debian packages are missing ($why, so not installing them):"
            warn "  sudo apt-get install --no-install-recommends ${missing[*]}"
        fi
    fi
else
    warn "no dpkg: make sure a CJK font (WenQuanYi Micro Hei), the Qt 6 xcb/EGL runtime" \
         "libraries and PostgreSQL (for the tests) are installed"
fi

# ------------------------------------------------------------------ venv ----
if (( need_venv )); then
    py=$(find_python) || die "Python >= 3.11 is required (python3 is $(python3 --version 2>&1 || echo missing)); set PYTHON=/path/to/python3.11+"
    say "creating $VENV with $py ($("$py" --version 2>&1))"
    if ! "$py" -m venv "$VENV"; then
        rm -rf "$VENV"   # only the half-made environment created just now
        die "'$py -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"
    fi
    rm -f "$STAMP"
fi

if [[ ! -f "$STAMP" || pyproject.toml -nt "$STAMP" || ! -x "$VENV/bin/rescuedesk" ]]; then
    [[ -f rescuedesk/__init__.py ]] || die "rescuedesk/__init__.py not found: run this from a complete checkout"
    say "installing rescuedesk into $VENV (pip install -e '.[test]')"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip || warn "could not upgrade pip; continuing"
    "$VENV/bin/python" -m pip install --quiet -e '.[test]'
    touch "$STAMP"
fi

# ---------------------------------------------------------- translations ----
shopt -s nullglob
ts_files=(resources/translations/*.ts)
shopt -u nullglob
if (( ${#ts_files[@]} )); then
    lrelease=""
    if [[ -x "$VENV/bin/pyside6-lrelease" ]]; then
        lrelease="$VENV/bin/pyside6-lrelease"
    elif command -v lrelease >/dev/null 2>&1; then
        lrelease=$(command -v lrelease)
    fi
    if [[ -z $lrelease ]]; then
        warn "no pyside6-lrelease/lrelease found; Qt translations not compiled"
    else
        for ts in "${ts_files[@]}"; do
            qm="${ts%.ts}.qm"
            if [[ ! -f $qm || $ts -nt $qm ]]; then
                say "compiling $ts"
                "$lrelease" -silent "$ts" -qm "$qm"
            fi
        done
    fi
fi
