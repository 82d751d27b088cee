#!/usr/bin/env bash
# Starts or stops the real services the tests use (etcd so far; PostgreSQL, MariaDB and slapd
# join as their storage and connector backends land). Each service is one pair of functions.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?folder}

# A free loopback TCP port (the kernel picks it, so parallel runs in other worktrees never clash).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# etcd (Debian's 3.4): one member on loopback, data in DIR/etcd; tests read DIR/etcd/endpoint.
# Skipped with a note when etcd is not installed: the etcd tests then skip themselves.
start_etcd() {
  command -v etcd > /dev/null || { echo "services: etcd not installed, etcd tests will skip" >&2; return 0; }
  local d="$dir/etcd" client peer
  mkdir -p "$d"
  client=$(free_port); peer=$(free_port)
  etcd --name dexcc-test --data-dir "$d/data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "dexcc-test=http://127.0.0.1:$peer" --initial-cluster-state new \
    --logger=zap --log-outputs=stderr > "$d/etcd.log" 2>&1 &
  echo $! > "$d/etcd.pid"
  for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$client/health" > /dev/null; then
      echo "http://127.0.0.1:$client" > "$d/endpoint"
      return 0
    fi
    sleep 0.1
  done
  echo "services: etcd did not answer within 30 s; see $d/etcd.log" >&2
  return 1
}
stop_etcd() {
  local pidfile="$dir/etcd/etcd.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2> /dev/null || true
  for _ in $(seq 1 200); do kill -0 "$pid" 2> /dev/null || break; sleep 0.05; done
  rm -f "$pidfile" "$dir/etcd/endpoint"
}

case "$cmd" in
  start) start_etcd ;;
  stop) stop_etcd ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
