#!/usr/bin/env bash
# Run a command with a PostgreSQL server available for the tests.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Exports RESCUEDESK_TEST_PG_URL (an admin SQLAlchemy URL, psycopg 3 driver,
# e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres; the tests create
# their own databases from it), runs CMD and exits with CMD's exit code.
#
#  1. RESCUEDESK_TEST_PG_URL already set        -> used as is.
#  2. a server on 127.0.0.1:5432 lets user postgres in without a password
#                                                -> used.
#  3. otherwise a throwaway cluster (initdb -A trust) is started on a free
#     port from 54329 upward in a temporary directory and removed on exit.
#     As root, the cluster runs as the `postgres` system user.
#
# RESCUEDESK_FORCE_THROWAWAY_PG=1 skips step 2.
set -euo pipefail

die()  { printf 'with-postgres.sh: error: %s\n' "$*" >&2; exit 2; }
note() { printf 'with-postgres.sh: %s\n' "$*" >&2; }

(( $# )) || die "usage: $0 CMD [ARGS...]"

# ------------------------------------------------------- 1. given URL -------
if [[ -n ${RESCUEDESK_TEST_PG_URL:-} ]]; then
    exec "$@"
fi

# ------------------------------------------- 2. existing server on 5432 -----
existing_server_ok() {
    # Never let PG* variables from the environment redirect the probe.
    local -a clean_env=(env -u PGHOST -u PGHOSTADDR -u PGPORT -u PGUSER -u PGDATABASE -u PGSERVICE)
    if command -v psql >/dev/null 2>&1; then
        [[ $("${clean_env[@]}" psql -X -w -h 127.0.0.1 -p 5432 -U postgres -d postgres \
                 -tAc 'select 1' 2>/dev/null) == 1 ]]
    elif command -v pg_isready >/dev/null 2>&1; then
        "${clean_env[@]}" pg_isready -q -h 127.0.0.1 -p 5432 -U postgres -d postgres
    else
        return 1
    fi
}

if [[ ${RESCUEDESK_FORCE_THROWAWAY_PG:-0} != 1 ]] && existing_server_ok; then
    export RESCUEDESK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    note "using the PostgreSQL server on 127.0.0.1:5432"
    exec "$@"
fi

# ---------------------------------------------- 3. throwaway cluster --------
find_pg_bindir() {
    local d c
    local -a cands=()
    if c=$(command -v initdb 2>/dev/null); then
        cands+=("$(dirname "$(readlink -f "$c")")")
    fi
    # newest version first
    while IFS= read -r d; do cands+=("$d"); done < <(
        compgen -G '/usr/lib/postgresql/*/bin' | sort -rV)
    for d in "${cands[@]}"; do
        if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
            printf '%s\n' "$d"
            return 0
        fi
    done
    return 1
}

PGBIN=$(find_pg_bindir) || die "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found on PATH or in /usr/lib/postgresql/*/bin; run scripts/setup.sh as root (installs postgresql) or set RESCUEDESK_TEST_PG_URL"

# initdb and postgres refuse to run as root: use the postgres system user.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root and there is no 'postgres' system user to run a throwaway PostgreSQL cluster as; create one (useradd --system postgres), run as a normal user, or set RESCUEDESK_TEST_PG_URL"
    if command -v runuser >/dev/null 2>&1; then
        as_pg=(runuser -u postgres --)
    else
        as_pg=(su_postgres)
    fi
fi
su_postgres() {  # su fallback: quote the command for /bin/sh -c
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
}

# Unix socket paths are limited to ~100 bytes, and as root the directory must
# be reachable by the postgres user, so stay in /tmp in those cases.
tmpbase=${TMPDIR:-/tmp}
if [[ $(id -u) -eq 0 || ${#tmpbase} -gt 60 ]]; then tmpbase=/tmp; fi
PGTMP=$(mktemp -d "$tmpbase/rescuedesk-pg.XXXXXX")
PGDATA_DIR=$PGTMP/data

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ -f $PGDATA_DIR/postmaster.pid ]]; then
        "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGTMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

chmod 700 "$PGTMP"
if (( ${#as_pg[@]} )); then
    chown postgres: "$PGTMP"
fi

if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then
    locale_opts=(--locale=C.UTF-8)
else
    locale_opts=(--no-locale)
fi
if ! "${as_pg[@]}" "$PGBIN/initdb" -A trust -U postgres -E UTF8 "${locale_opts[@]}" \
        -D "$PGDATA_DIR" >"$PGTMP/initdb.log" 2>&1; then
    cat "$PGTMP/initdb.log" >&2
    die "initdb failed"
fi

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port=""
for p in $(seq 54329 54428); do
    port_in_use "$p" && continue
    if "${as_pg[@]}" "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGTMP/server.log" -w -t 60 \
            -o "-p $p -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 2>&1; then
        port=$p
        break
    fi
    # Lost a race for the port?  Try the next one; anything else is fatal.
    if ! grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' \
            "$PGTMP/server.log" 2>/dev/null; then
        cat "$PGTMP/server.log" >&2 2>/dev/null || true
        die "could not start a throwaway PostgreSQL cluster with $PGBIN/pg_ctl"
    fi
    : >"$PGTMP/server.log"
done
[[ -n $port ]] || die "no free port for a throwaway PostgreSQL cluster in 54329-54428"

export RESCUEDESK_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
note "started a throwaway PostgreSQL cluster ($PGBIN) on 127.0.0.1:$port"

rc=0
"$@" || rc=$?
exit "$rc"
