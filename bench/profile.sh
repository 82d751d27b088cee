#!/usr/bin/env bash
# Profiles the login scenario (memory storage, RS256) under callgrind and prints the functions
# with the most instructions. Usage: bench/profile.sh BUILD_DIR WORK_DIR
# BENCH_PROFILE_SCENARIO, BENCH_PROFILE_ALG and BENCH_PROFILE_STORAGE (sqlite) profile something else.
# Only the load phase is measured: start-up (key generation) runs uninstrumented (--instr-atstart=no).
set -euo pipefail
BUILD=$1
WORK=$2
SECS=${BENCH_PROFILE_SECONDS:-10}
SCENARIO=${BENCH_PROFILE_SCENARIO:-login}
ALG=${BENCH_PROFILE_ALG:-RS256}
STORAGE=${BENCH_PROFILE_STORAGE:-memory}
DEXCC=$BUILD/dexcc
. bench/config.sh
. bench/server.sh
trap stop_server EXIT

port=$(free_port)
bench_config "$WORK/profile.yaml" "$port" "$STORAGE" "$ALG" "$WORK"
start_server "$WORK/profile.yaml" "$port" "$WORK/profile.log" \
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$WORK/callgrind.out"
callgrind_control -i on "$SERVER_PID" > /dev/null 2>&1
"$BUILD/bench/dexcc_load" --port "$port" --pid "$SERVER_PID" --scenario "$SCENARIO" --connections 2 --seconds "$SECS" \
  > "$WORK/profile-load.tsv"
callgrind_control -i off "$SERVER_PID" > /dev/null 2>&1
stop_server
ops=$(cut -f4 "$WORK/profile-load.tsv")
total=$(callgrind_annotate "$WORK/callgrind.out" 2> /dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
echo "$SCENARIO operations profiled ($ALG, $STORAGE storage): $ops; instructions per operation: $((total / ops))"
echo
# Template arguments and parameter lists are cut from the names so that each fits on a line.
top() {
  callgrind_annotate --inclusive="$1" "$WORK/callgrind.out" 2> /dev/null > "$WORK/annotate-$1.txt" || true
  sed -n '/^Ir/,$p' "$WORK/annotate-$1.txt" | sed -n '4,$p' | grep -v '^-*$' |
    perl -pe 's/\?\?\?:(0x[0-9a-f]+) \[.*\/([^\/\]]+)\]$/$2:$1, no symbol/; 1 while s/<[^<>]*>//g;
              1 while s/\([^()]*\)//g; s/ \[[^\]]*\]$//; s/\[abi:cxx11\]//g' |
    cut -c1-120 | head -n "$2" || true  # head closes the pipe early, by design
}
echo "-- exclusive (self) cost"
top no 20
echo
echo "-- inclusive cost"
top yes 45
