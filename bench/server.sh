# Starting and stopping the dexcc under test, for bench/run.sh and bench/profile.sh (sourced).
SERVER_PID=

# require_executables SCRIPT FILE...: exits naming the first FILE that is not an executable.
require_executables() {
  local script=$1
  shift
  for tool in "$@"; do
    [ -x "$tool" ] || { echo "$script: $tool is missing; run make bench" >&2; exit 1; }
  done
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_ready PORT [TRIES]: until discovery answers (TRIES x 25 ms, 10 s by default).
wait_ready() {
  for _ in $(seq 1 "${2:-400}"); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/dex/.well-known/openid-configuration" && return 0
    sleep 0.025
  done
  echo "dexcc did not become ready on port $1" >&2
  return 1
}

# start_server CONFIG PORT LOG [WRAPPER...]: runs `[WRAPPER] dexcc serve CONFIG`, sets SERVER_PID.
# A wrapper (valgrind) keeps the PID, as it runs the program in its own process.
start_server() {
  local config=$1 port=$2 log=$3
  shift 3
  "$@" "$DEXCC" serve "$config" > "$log" 2>&1 &
  SERVER_PID=$!
  wait_ready "$port" $(($# > 0 ? 4000 : 400)) || { tail -20 "$log" >&2; return 1; }
}

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill -TERM "$SERVER_PID" 2> /dev/null || true
  wait "$SERVER_PID" 2> /dev/null || true
  SERVER_PID=
}
