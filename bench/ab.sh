#!/usr/bin/env bash
# A/B comparison of two dexcc binaries: alternating rounds of the same scenarios on the same
# generated config, so machine drift hits both alike. Prints one TSV row per run.
# Usage: bench/ab.sh BEFORE_BINARY AFTER_BINARY [BUILD_DIR]   (BUILD_DIR holds bench/dexcc_load)
# Knobs: AB_ROUNDS (3), AB_SCENARIOS ("discovery jwks introspect login"), AB_ALG (ES256),
#        AB_STORAGE (memory), BENCH_SECONDS (3), BENCH_CONNECTIONS (8).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/ab.sh BEFORE_BINARY AFTER_BINARY [BUILD_DIR]" >&2; exit 2; }
BEFORE=$1 AFTER=$2 BUILD=${3:-build-release}
LOAD=$BUILD/bench/dexcc_load
. bench/config.sh
. bench/server.sh
require_executables bench/ab.sh "$BEFORE" "$AFTER" "$LOAD"
OUT=$(mktemp -d /tmp/dexcc-ab.XXXXXX)
trap 'stop_server; rm -rf "$OUT"' EXIT

"$LOAD" --header | sed 's/^/binary\tround\t/'
for round in $(seq 1 "${AB_ROUNDS:-3}"); do
  for label in before after; do
    if [ $label = before ]; then DEXCC=$BEFORE; else DEXCC=$AFTER; fi
    port=$(free_port)
    bench_config "$OUT/config.yaml" "$port" "${AB_STORAGE:-memory}" "${AB_ALG:-ES256}" "$OUT" "${BENCH_CONNECTIONS:-8}"
    start_server "$OUT/config.yaml" "$port" "$OUT/server.log"
    for s in ${AB_SCENARIOS:-discovery jwks introspect login}; do
      "$LOAD" --port "$port" --pid "$SERVER_PID" --scenario "$s" --connections "${BENCH_CONNECTIONS:-8}" \
        --seconds "${BENCH_SECONDS:-3}" | sed "s/^/$label\t$round\t/"
    done
    stop_server
  done
done
