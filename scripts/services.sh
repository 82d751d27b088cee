#!/usr/bin/env bash
# Starts or stops the real services the tests use, on loopback in DIR: PostgreSQL, MariaDB, etcd
# and kube-apiserver. Each service is one pair of functions. PostgreSQL's and MariaDB's addresses go
# to DIR/services.env, etcd's to DIR/etcd/endpoint, kube-apiserver's to DIR/kube-apiserver/server
# (read by the tests through DEXCC_SERVICES_DIR); a
# test whose service is missing skips.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?folder}

# A free loopback TCP port (the kernel picks it, so parallel runs in other worktrees never clash).
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

# Waits until a PID has exited (or is a zombie: PID 1 here reaps late, stack-notes §4).
wait_gone() { while ps -o stat= -p "$1" 2>/dev/null | grep -qv Z; do sleep 0.05; done; }

start_postgres() {
  local d=$dir/pg PG_PORT=${DEXCC_PG_PORT:-$(free_port)}
  mkdir -p "$d/sock"; chown -R postgres:postgres "$d"
  runuser -u postgres -- "$PGBIN/initdb" -D "$d/data" -U postgres --auth=trust -E UTF8 --no-locale \
    --no-sync > "$d/initdb.log"
  # max_connections: each conformance test opens its own database and pool, and the replica
  # tests run two processes with full pools.
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$d/data" -l "$d/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $d/sock -c fsync=off -c max_connections=300" \
    start > /dev/null
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE dex" > /dev/null
  echo "DEXCC_PG_HOST=127.0.0.1" >> "$dir/services.env"
  echo "DEXCC_PG_PORT=$PG_PORT" >> "$dir/services.env"
  echo "DEXCC_PG_SOCKET_DIR=$d/sock" >> "$dir/services.env"
  echo "DEXCC_PG_DATA=$d/data" >> "$dir/services.env"
  echo "DEXCC_PG_BIN=$PGBIN" >> "$dir/services.env"
}

stop_postgres() {
  [ -f "$dir/pg/data/postmaster.pid" ] || return 0
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$dir/pg/data" -m fast -w stop > /dev/null || true
}

start_mariadb() {
  local d=$dir/mariadb MARIADB_PORT=${DEXCC_MARIADB_PORT:-$(free_port)}
  mkdir -p "$d"; chown mysql:mysql "$d"
  mariadb-install-db --no-defaults --user=mysql --datadir="$d/data" --skip-test-db > "$d/install.log" 2>&1
  mariadbd --no-defaults --user=mysql --datadir="$d/data" --socket="$d/mysqld.sock" --port="$MARIADB_PORT" \
    --bind-address=127.0.0.1 --pid-file="$d/mysqld.pid" --log-error="$d/error.log" \
    --skip-log-bin --innodb-flush-log-at-trx-commit=0 --max-connections=300 > /dev/null 2>&1 &
  local ok=
  for _ in $(seq 1 300); do
    if mariadb-admin --no-defaults --socket="$d/mysqld.sock" -uroot ping > /dev/null 2>&1; then ok=1; break; fi
    sleep 0.1
  done
  [ -n "$ok" ] || { echo "services: mariadb did not start (see $d/error.log)" >&2; return 1; }
  # The dex user may create databases: each conformance test gets a fresh one.
  mariadb --no-defaults --socket="$d/mysqld.sock" -uroot -e "CREATE DATABASE dex;
    CREATE USER 'dex'@'127.0.0.1' IDENTIFIED BY 'dexpw'; GRANT ALL ON *.* TO 'dex'@'127.0.0.1';"
  echo "DEXCC_MYSQL_HOST=127.0.0.1" >> "$dir/services.env"
  echo "DEXCC_MYSQL_PORT=$MARIADB_PORT" >> "$dir/services.env"
  echo "DEXCC_MYSQL_SOCKET=$d/mysqld.sock" >> "$dir/services.env"
  echo "DEXCC_MYSQL_USER=dex" >> "$dir/services.env"
  echo "DEXCC_MYSQL_PASSWORD=dexpw" >> "$dir/services.env"
}

stop_mariadb() {
  [ -f "$dir/mariadb/mysqld.pid" ] || return 0
  local p; p=$(cat "$dir/mariadb/mysqld.pid")
  kill "$p" 2>/dev/null || true
  wait_gone "$p"
}

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

# kube-apiserver (a test-only tool that scripts/build-kube-apiserver.sh builds into a cache folder)
# on loopback over the etcd above (keys under /registry), with token auth and RBAC; tests read
# DIR/kube-apiserver/{server,ca.crt}. Skipped with a note when it is not built: the kubernetes
# tests then start a private one or skip themselves.
start_kube_apiserver() {
  local bin="${DEXCC_KUBE_APISERVER:-${DEXCC_TOOLS_CACHE:-$HOME/.cache/dexcc-tools}/kube-apiserver-v1.34.4/kube-apiserver}"
  [ -x "$bin" ] || { echo "services: kube-apiserver not built (scripts/build-kube-apiserver.sh), kubernetes tests will skip" >&2; return 0; }
  [ -f "$dir/etcd/endpoint" ] || { echo "services: no etcd, so no kube-apiserver" >&2; return 0; }
  local d="$dir/kube-apiserver" port
  mkdir -p "$d"
  port=$(free_port)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=dexcc test CA" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2> /dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
    -keyout "$d/serving.key" -out "$d/serving.csr" 2> /dev/null
  openssl x509 -req -in "$d/serving.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile <(printf "subjectAltName=IP:127.0.0.1,DNS:localhost") -out "$d/serving.crt" 2> /dev/null
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/sa.key" 2> /dev/null
  openssl pkey -in "$d/sa.key" -pubout -out "$d/sa.pub" 2> /dev/null
  printf 'admin-token,admin,admin,system:masters\nnobody-token,nobody,nobody\nreader-token,reader,reader\n' > "$d/tokens.csv"
  "$bin" --etcd-servers="$(cat "$dir/etcd/endpoint")" --secure-port="$port" --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 --cert-dir="$d/certs" --tls-cert-file="$d/serving.crt" \
    --tls-private-key-file="$d/serving.key" --service-account-key-file="$d/sa.pub" \
    --service-account-signing-key-file="$d/sa.key" --service-account-issuer=https://kubernetes.default.svc \
    --token-auth-file="$d/tokens.csv" --authorization-mode=RBAC --service-cluster-ip-range=10.0.0.0/24 \
    --disable-admission-plugins=ServiceAccount --enable-priority-and-fairness=false --profiling=false \
    > "$d/kube-apiserver.log" 2>&1 &
  echo $! > "$d/kube-apiserver.pid"
  for _ in $(seq 1 600); do
    if curl -sf --cacert "$d/ca.crt" -H "Authorization: Bearer admin-token" "https://127.0.0.1:$port/readyz" > /dev/null; then
      echo "https://127.0.0.1:$port" > "$d/server"
      return 0
    fi
    sleep 0.1
  done
  echo "services: kube-apiserver did not become ready within 60 s; see $d/kube-apiserver.log" >&2
  return 1
}
stop_kube_apiserver() {
  local pidfile="$dir/kube-apiserver/kube-apiserver.pid" pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  kill "$pid" 2> /dev/null || true
  for _ in $(seq 1 400); do kill -0 "$pid" 2> /dev/null || break; sleep 0.05; done
  rm -f "$pidfile" "$dir/kube-apiserver/server"
}

case "$cmd" in
  start)
    chmod 755 "$dir"
    : > "$dir/services.env"
    start_postgres
    start_mariadb
    start_etcd
    start_kube_apiserver
    ;;
  stop)
    stop_kube_apiserver
    stop_postgres
    stop_mariadb
    stop_etcd
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
