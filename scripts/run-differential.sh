#!/usr/bin/env bash
# Differential test: runs generated queries on Spate and on a throwaway PostgreSQL 15 server
# started here on loopback, and compares the results. Usage: run-differential.sh [BUILD_DIR] [args…]
# Extra arguments go to spate_differential (e.g. --seed 7 --queries 500 --verbose).
# The server and its temporary directory are always removed; the exit code is the test's.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${1:-build}
shift || true
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
BIN="$BUILD_DIR/bin/spate_differential"
if [ ! -x "$BIN" ]; then
  echo "run-differential: $BIN not found (build the spate_differential target first)" >&2
  exit 1
fi

# PostgreSQL 15 is what the project targets; another installed major version is a fallback.
PG_BIN=""
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then PG_BIN=$dir; break; fi
done
if [ -z "$PG_BIN" ] && command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
  PG_BIN=$(pg_config --bindir)
fi
if [ -z "$PG_BIN" ]; then
  echo "run-differential: no PostgreSQL server binaries (install the postgresql package)" >&2
  exit 1
fi

# initdb refuses to run as root: the server runs as the postgres user the package creates.
as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
fi

PGD=$(mktemp -d /tmp/spate-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGD"
started=0
cleanup() {
  if [ "$started" -eq 1 ]; then
    (cd "$PGD" && as_pg "$PG_BIN/pg_ctl" -D "$PGD/data" -m immediate -w stop >/dev/null 2>&1) || true
  fi
  rm -rf "$PGD"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$PGD"  # the postgres user may not be able to enter the caller's directory
# --locale=C: string comparison and ORDER BY in byte order, as Spark compares UTF-8 strings.
as_pg "$PG_BIN/initdb" -D "$PGD/data" -A trust -U postgres --no-sync -E UTF8 --locale=C >"$PGD/initdb.log" 2>&1 || {
  cat "$PGD/initdb.log" >&2
  exit 1
}

# Port 55432 unless taken; then the next few.
port=""
for candidate in 55432 55433 55434 55435 55436 55437 55438 55439 55440 55441; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then continue; fi  # something listens
  if as_pg "$PG_BIN/pg_ctl" -D "$PGD/data" -l "$PGD/server.log" -w -t 30 \
      -o "-p $candidate -k $PGD -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
    port=$candidate
    started=1
    break
  fi
done
if [ -z "$port" ]; then
  echo "run-differential: could not start PostgreSQL; server log:" >&2
  cat "$PGD/server.log" >&2 || true
  exit 1
fi

export SPATE_PG_DSN="host=127.0.0.1 port=$port user=postgres dbname=postgres"
cd "$ROOT"
rc=0
timeout 600 "$BIN" "$@" || rc=$?
exit "$rc"
