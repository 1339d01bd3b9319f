#!/usr/bin/env bash
# Starts or stops the TP4 lab's servers in the background.
#   apps/tp4/servers/run.sh start [tp4_servers.py options]   e.g. --seed 42, --ports iot=19999
#   apps/tp4/servers/run.sh stop | status | restart [options] | log
# State (pid, ports, log) lives in $TP4_RUN_DIR (default /tmp/tp4-servers-<uid>).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
run_dir=${TP4_RUN_DIR:-${TMPDIR:-/tmp}/tp4-servers-$(id -u)}
python=${TP4_PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=python3
pid_file=$run_dir/pid
port_file=$run_dir/ports.json
log_file=$run_dir/servers.log

running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

start() {
  if running; then
    echo "tp4 servers already running (pid $(cat "$pid_file")); ports: $(cat "$port_file" 2>/dev/null)"
    return 1
  fi
  mkdir -p "$run_dir"
  rm -f "$port_file"
  nohup "$python" "$here/tp4_servers.py" --port-file "$port_file" "$@" >"$log_file" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 100); do
    if [ -s "$port_file" ]; then
      echo "tp4 servers started (pid $(cat "$pid_file")): $(cat "$port_file")"
      echo "log: $log_file"
      return 0
    fi
    if ! running; then break; fi
    sleep 0.1
  done
  echo "tp4 servers failed to start:" >&2
  tail -n 20 "$log_file" >&2
  rm -f "$pid_file"
  return 1
}

stop() {
  if ! running; then
    echo "tp4 servers are not running"
    rm -f "$pid_file"
    return 0
  fi
  local pid
  pid=$(cat "$pid_file")
  kill "$pid"
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  rm -f "$pid_file" "$port_file"
  echo "tp4 servers stopped"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  start) start "$@" ;;
  stop) stop ;;
  restart) stop; start "$@" ;;
  status)
    if running; then echo "running (pid $(cat "$pid_file")): $(cat "$port_file" 2>/dev/null)"; else echo "stopped"; exit 3; fi ;;
  log) tail -n 50 "$log_file" ;;
  *) echo "usage: $0 start [options] | stop | restart [options] | status | log" >&2; exit 2 ;;
esac
