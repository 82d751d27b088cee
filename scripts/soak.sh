#!/usr/bin/env bash
# Soak: every flow at once against one dexcc on one storage backend for a few minutes, reporting the
# server's RSS and open descriptors over time, and each flow's operations, errors and p99 latency in
# the first and the last window. A leak (RSS or descriptors growing with the request count) is a bug.
# Not run in CI.
# Usage: scripts/soak.sh STORAGE [SECONDS] [BUILD_DIR]
#   STORAGE: memory | sqlite3 | postgres | mysql | etcd (the last three on servers started here
#   with scripts/services.sh); SECONDS: total run, default 180; BUILD_DIR: default build-release
#   (what `make bench` builds; any build configured with -DDEXCC_BUILD_BENCH=ON that has the dexcc
#   and dexcc_load targets will do).
# Knobs: SOAK_WINDOW (seconds per measurement window, default 15), SOAK_CONNECTIONS (per flow,
#   default 2), SOAK_KEEP=1 keeps the results folder.
set -euo pipefail
cd "$(dirname "$0")/.."
STORAGE=${1:?usage: scripts/soak.sh memory|sqlite3|postgres|mysql|etcd [SECONDS] [BUILD_DIR]}
TOTAL=${2:-180}
BUILD=${3:-build-release}
WINDOW=${SOAK_WINDOW:-15}
CONNS=${SOAK_CONNECTIONS:-2}
DEXCC=$BUILD/dexcc
LOAD=$BUILD/bench/dexcc_load
# Every flow dexcc_load drives; the device flow (code request and polling) is driven with curl below.
FLOWS="discovery jwks login refresh userinfo introspect password"
. bench/config.sh
. bench/server.sh
require_executables scripts/soak.sh "$DEXCC" "$LOAD"

OUT=$(mktemp -d /tmp/dexcc-soak.XXXXXX)
trap 'stop_server; [ ! -s "$OUT/services/services.env" ] || scripts/services.sh stop "$OUT/services" > /dev/null 2>&1; [ "${SOAK_KEEP:-0}" != 0 ] || rm -rf "$OUT"' EXIT
port=$(free_port)

storage_yaml() {
  case "$STORAGE" in
    memory) printf 'storage:\n  type: memory\n' ;;
    sqlite3) printf 'storage:\n  type: sqlite3\n  config:\n    file: %s/dex.db\n' "$OUT" ;;
    postgres | mysql | etcd)
      # The database servers run as their own users, who must reach the folder.
      chmod 755 "$OUT"
      mkdir -p "$OUT/services"
      scripts/services.sh start "$OUT/services" > "$OUT/services.log" 2>&1 || { cat "$OUT/services.log" >&2; exit 1; }
      # shellcheck disable=SC1091
      . "$OUT/services/services.env"
      if [ "$STORAGE" = postgres ]; then
        psql -h "$DEXCC_PG_HOST" -p "$DEXCC_PG_PORT" -U postgres -qc "CREATE DATABASE soak" > /dev/null
        printf 'storage:\n  type: postgres\n  config:\n    host: %s\n    port: %s\n    database: soak\n' \
          "$DEXCC_PG_HOST" "$DEXCC_PG_PORT"
        printf '    user: postgres\n    ssl:\n      mode: disable\n'
      elif [ "$STORAGE" = mysql ]; then
        mariadb --no-defaults -S "$DEXCC_MYSQL_SOCKET" -u root -e "CREATE DATABASE soak"  # its user may use any database
        printf 'storage:\n  type: mysql\n  config:\n    host: %s\n    port: %s\n    database: soak\n' \
          "$DEXCC_MYSQL_HOST" "$DEXCC_MYSQL_PORT"
        printf '    user: %s\n    password: %s\n    ssl:\n      mode: "false"\n' "$DEXCC_MYSQL_USER" "$DEXCC_MYSQL_PASSWORD"
      else
        printf "storage:\n  type: etcd\n  config:\n    endpoints: ['%s']\n    namespace: 'soak/'\n" \
          "$(cat "$OUT/services/etcd/endpoint")"
      fi
      ;;
    *) echo "scripts/soak.sh: unknown storage $STORAGE" >&2; exit 2 ;;
  esac
}

# One static client per flow and load connection (<flow>-<i>): a new login of the one user replaces
# its refresh token per client, so flows must not share clients.
{
  echo "issuer: http://127.0.0.1:$port/dex"
  storage_yaml
  bench_server_yaml "$port" RS256
  cat <<YAML
staticClients:
  - id: device
    name: Device
    public: true
YAML
  for flow in $FLOWS; do
    for i in $(seq 0 $((CONNS - 1))); do
      printf "  - id: %s-%s\n    secret: soak-secret\n    name: Soak\n" "$flow" "$i"
      printf "    redirectURIs: ['http://127.0.0.1:5555/callback']\n"
    done
  done
  bench_users_yaml
} > "$OUT/config.yaml"
start_server "$OUT/config.yaml" "$port" "$OUT/dexcc.log"

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
fds() { find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }

# The device flow: a code request, then polls of the token endpoint (authorization_pending), until
# the window ends. Prints "requests errors" (an error is any answer other than the expected ones).
device_loop() {
  local end=$(($(date +%s) + WINDOW)) n=0 errors=0 code status
  while [ "$(date +%s)" -lt "$end" ]; do
    code=$(curl -s -d client_id=device -d scope=openid "http://127.0.0.1:$port/dex/device/code" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["device_code"])' 2> /dev/null) || code=
    n=$((n + 1))
    [ -n "$code" ] || { errors=$((errors + 1)); continue; }
    for _ in 1 2 3 4 5; do
      status=$(curl -s -o /dev/null -w '%{http_code}' -d client_id=device -d "device_code=$code" \
        -d grant_type=urn:ietf:params:oauth:grant-type:device_code "http://127.0.0.1:$port/dex/token")
      n=$((n + 1))
      [ "$status" = 400 ] || errors=$((errors + 1))  # authorization_pending (or slow_down)
    done
  done
  echo "$n $errors"
}

echo "scripts/soak.sh: $STORAGE for ${TOTAL}s in ${WINDOW}s windows, $CONNS connections per flow; results in $OUT" >&2
printf 'window\tseconds\trss_kib\topen_fds\tops\terrors\n' > "$OUT/series.tsv"
windows=$(((TOTAL + WINDOW - 1) / WINDOW))
start=$(date +%s)
echo "0	0	$(rss_kib)	$(fds)	0	0" >> "$OUT/series.tsv"
for w in $(seq 1 "$windows"); do
  pids=()
  for flow in $FLOWS; do
    "$LOAD" --port "$port" --pid "$SERVER_PID" --scenario "$flow" --connections "$CONNS" --seconds "$WINDOW" \
      --client "$flow:soak-secret" > "$OUT/w$w-$flow.tsv" 2> "$OUT/w$w-$flow.err" &
    pids+=($!)
  done
  device_loop > "$OUT/w$w-device.txt" &
  pids+=($!)
  for p in "${pids[@]}"; do wait "$p" || echo "window $w: a load process failed (see $OUT)" >&2; done
  ops=0 errs=0
  for flow in $FLOWS; do
    read -r o e < <(awk -F'\t' '{print $4, $8}' "$OUT/w$w-$flow.tsv")
    ops=$((ops + ${o:-0})) errs=$((errs + ${e:-0}))
  done
  read -r o e < "$OUT/w$w-device.txt"
  ops=$((ops + o)) errs=$((errs + e))
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$w" $(($(date +%s) - start)) "$(rss_kib)" "$(fds)" "$ops" "$errs" >> "$OUT/series.tsv"
done

echo "## RSS and open descriptors after each window (ops and errors: that window, every flow)"
column -t "$OUT/series.tsv"
echo
echo "## Per flow, first and last window"
printf 'flow\tfirst_ops\tfirst_errors\tfirst_p99_us\tlast_ops\tlast_errors\tlast_p99_us\n' > "$OUT/flows.tsv"
for flow in $FLOWS; do
  first=$(awk -F'\t' '{print $4 "\t" $8 "\t" $7}' "$OUT/w1-$flow.tsv")
  last=$(awk -F'\t' '{print $4 "\t" $8 "\t" $7}' "$OUT/w$windows-$flow.tsv")
  printf '%s\t%s\t%s\n' "$flow" "$first" "$last" >> "$OUT/flows.tsv"
done
read -r o1 e1 < "$OUT/w1-device.txt"
read -r o2 e2 < "$OUT/w$windows-device.txt"
printf 'device\t%s\t%s\t-\t%s\t%s\t-\n' "$o1" "$e1" "$o2" "$e2" >> "$OUT/flows.tsv"
column -t "$OUT/flows.tsv"
echo
echo "server errors logged: $(grep -c 'level=ERROR' "$OUT/dexcc.log" || true)"
