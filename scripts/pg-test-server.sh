#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for tests and benchmarks (~1 s to start).
#
#   pg-test-server.sh run CMD [ARG…]   start a server in a temporary directory, run CMD with the
#                                      variables below set, always stop the server and remove the
#                                      directory; the exit code is CMD's
#   pg-test-server.sh start DIR        initdb and start a server in DIR (created; must be empty);
#                                      prints the variables below as shell exports (for eval) and
#                                      writes them to DIR/env
#   pg-test-server.sh pause DIR        stop the server, keeping its data (outage tests)
#   pg-test-server.sh resume DIR       start it again, on the same port
#   pg-test-server.sh stop DIR         stop the server and remove DIR
#
# Variables (for CMD, and in DIR/env):
#   SPATE_PG_DSN          libpq connection string of the superuser postgres
#   SPATE_TEST_PG_URL     the same server as a jdbc:postgresql: URL (user postgres)
#   SPATE_TEST_PG_PORT    its port on 127.0.0.1
#   SPATE_TEST_PG_DIR     DIR
#   SPATE_TEST_PG_SCRIPT  this script (tests call it to pause and resume the server)
#   PGURL, JDBC_URL       short names for scripts: the libpq string, the URL without a user
#
# The superuser postgres connects without a password; every other role must give its password
# (scram-sha-256), so tests can exercise authentication failures. The server runs with fsync off:
# its data is disposable. initdb refuses to run as root, so as root the server runs as the
# postgres user the postgresql package creates.
set -euo pipefail

SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

die() {
  echo "pg-test-server: $*" >&2
  exit 1
}

find_pg_bin() {
  local dir
  # PostgreSQL 15 is what the project targets; another installed major version is a fallback.
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return
    fi
  done
  if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  die "no PostgreSQL server binaries (install the postgresql package)"
}
PG_BIN=$(find_pg_bin)

as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
fi

server_options() {
  local dir=$1 port=$2
  echo "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" \
    "-c full_page_writes=off -c max_connections=100"
}

# pg_ctl start/stop in the server's directory: the postgres user may not be able to enter the
# caller's working directory.
pg_ctl_in() {
  local dir=$1
  shift
  (cd "$dir" && as_pg "$PG_BIN/pg_ctl" -D "$dir/data" "$@")
}

start_server() {
  local dir=$1
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
  # --locale=C: string comparison and ORDER BY in byte order, as Spark compares UTF-8 strings.
  (cd "$dir" && as_pg "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 \
    --locale=C >"$dir/initdb.log" 2>&1) || {
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  }
  cat >"$dir/data/pg_hba.conf" <<'EOF'
local all all                trust
host  all postgres 127.0.0.1/32 trust
host  all all      127.0.0.1/32 scram-sha-256
EOF
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/data/pg_hba.conf"

  # A random port among the high ones, so that concurrent runs rarely collide; the next ones when
  # taken.
  local base=$((20000 + RANDOM % 30000)) port="" candidate i
  for i in $(seq 0 19); do
    candidate=$((base + i))
    if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then continue; fi  # in use
    if pg_ctl_in "$dir" -l "$dir/server.log" -w -t 30 -o "$(server_options "$dir" "$candidate")" \
        start >/dev/null 2>&1; then
      port=$candidate
      break
    fi
  done
  if [ -z "$port" ]; then
    cat "$dir/server.log" >&2 || true
    die "could not start PostgreSQL"
  fi
  echo "$port" >"$dir/port"
  cat >"$dir/env" <<EOF
export SPATE_PG_DSN='host=127.0.0.1 port=$port user=postgres dbname=postgres'
export SPATE_TEST_PG_URL='jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres'
export SPATE_TEST_PG_PORT='$port'
export SPATE_TEST_PG_DIR='$dir'
export SPATE_TEST_PG_SCRIPT='$SCRIPT'
export PGURL='host=127.0.0.1 port=$port user=postgres dbname=postgres'
export JDBC_URL='jdbc:postgresql://127.0.0.1:$port/postgres'
EOF
}

stop_server() {
  local dir=$1 mode=${2:-immediate}
  [ -f "$dir/data/postmaster.pid" ] || return 0
  pg_ctl_in "$dir" -m "$mode" -w stop >/dev/null 2>&1 || true
}

resume_server() {
  local dir=$1 port
  port=$(cat "$dir/port")
  pg_ctl_in "$dir" -l "$dir/server.log" -w -t 30 -o "$(server_options "$dir" "$port")" start \
    >/dev/null 2>&1 || {
    tail -20 "$dir/server.log" >&2 || true
    die "could not restart PostgreSQL on port $port"
  }
}

command=${1:-}
shift || true
case "$command" in
  start)
    [ $# -eq 1 ] || die "usage: $0 start DIR"
    start_server "$1"
    cat "$1/env"
    ;;
  pause)
    [ $# -eq 1 ] || die "usage: $0 pause DIR"
    # fast: sessions are terminated as in a real restart, the data survives.
    stop_server "$1" fast
    ;;
  resume)
    [ $# -eq 1 ] || die "usage: $0 resume DIR"
    resume_server "$1"
    ;;
  stop)
    [ $# -eq 1 ] || die "usage: $0 stop DIR"
    stop_server "$1"
    rm -rf "$1"
    ;;
  run)
    [ $# -ge 1 ] || die "usage: $0 run CMD [ARG…]"
    DIR=$(mktemp -d /tmp/spate-pg.XXXXXX)
    cleanup() {
      stop_server "$DIR"
      rm -rf "$DIR"
    }
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    rmdir "$DIR"
    start_server "$DIR"
    # shellcheck disable=SC1091
    . "$DIR/env"
    rc=0
    "$@" || rc=$?
    exit "$rc"
    ;;
  *)
    die "usage: $0 run CMD [ARG…] | start DIR | pause DIR | resume DIR | stop DIR"
    ;;
esac
