#!/usr/bin/env bash
# Profiles the login scenario (memory storage, RS256) under callgrind and prints the functions
# with the most instructions. Usage: bench/profile.sh BUILD_DIR WORK_DIR
# Only the load phase is collected: start-up (key generation) is left out with --collect-atstart=no.
set -euo pipefail
BUILD=$1
WORK=$2
SECS=${BENCH_PROFILE_SECONDS:-10}
DEXCC=$BUILD/dexcc
. bench/config.sh
. bench/server.sh
trap stop_server EXIT

port=$(free_port)
bench_config "$WORK/profile.yaml" "$port" memory RS256 "$WORK"
start_server "$WORK/profile.yaml" "$port" "$WORK/profile.log" \
  valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$WORK/callgrind.out"
callgrind_control -i on "$SERVER_PID" > /dev/null
"$BUILD/bench/dexcc_load" --port "$port" --pid "$SERVER_PID" --scenario login --connections 2 --seconds "$SECS" \
  > "$WORK/profile-load.tsv"
callgrind_control -i off "$SERVER_PID" > /dev/null
stop_server
logins=$(cut -f4 "$WORK/profile-load.tsv")
echo "logins profiled: $logins"
echo
echo "-- exclusive (self) cost"
callgrind_annotate --inclusive=no "$WORK/callgrind.out" 2> /dev/null | sed -n '/^Ir/,$p' | head -22
echo
echo "-- inclusive cost"
callgrind_annotate --inclusive=yes "$WORK/callgrind.out" 2> /dev/null | sed -n '/^Ir/,$p' | head -40
