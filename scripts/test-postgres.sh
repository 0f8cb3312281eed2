#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: `start <dir>` creates and starts one in <dir> and prints its
# connection URL; `stop <dir>` stops it (the caller removes <dir>). Unix socket only (no TCP at all), so
# parallel runs only need distinct folders. Durability is off (fsync, synchronous_commit,
# full_page_writes): the data is thrown away, speed matters.
#
# Binaries: Debian's `postgresql` package puts them in /usr/lib/postgresql/<major>/bin, not on PATH;
# PG_BINDIR overrides. initdb and pg_ctl refuse root, so as root they run as the `postgres` user, who
# must own <dir> (this script chowns it; <dir>'s parents must be traversable by that user, as /tmp is).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop <dir>" >&2
  exit 2
}
[ "$#" -eq 2 ] || usage
action=$1
dir=$(realpath -m -- "$2")
# The socket's file name carries the port; any free number works since nothing listens on TCP.
port=${TEST_POSTGRES_PORT:-54329}

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ]; then
    echo "$PG_BINDIR"
    return
  fi
  # The newest installed major version.
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "${candidate:-/usr/lib/postgresql/15/bin}"
}
bindir=$(find_bindir)
if [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "PostgreSQL server binaries not found in $bindir: install Debian's postgresql package (apt-get install postgresql) or set PG_BINDIR." >&2
  exit 1
fi

# Runs a server binary as the current user, or as `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  start)
    mkdir -p "$dir/sock"
    if [ "$(id -u)" -eq 0 ]; then
      chown -R postgres: "$dir"
    fi
    # initdb refuses a non-empty data folder; a folder from an earlier run is an error, not reused.
    if ! as_owner "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2
      exit 1
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -s start \
      -o "-k $dir/sock -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"; then
      cat "$dir/postgres.log" >&2
      exit 1
    fi
    # libpq's URL form for a socket folder (empty host, `host=` parameter); node-postgres and WHATWG URL
    # both parse it, so tests can swap the database name in the path.
    echo "postgresql:///postgres?host=$dir/sock&port=$port&user=postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -s stop
    fi
    ;;
  *)
    usage
    ;;
esac
