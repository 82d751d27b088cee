#!/usr/bin/env bash
# Starts or stops the real services the tests use, on loopback in DIR: PostgreSQL and MariaDB.
# Their addresses go to DIR/services.env (sourced by scripts and read by the tests through
# DEXCC_SERVICES_DIR); a test whose service is missing there skips.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?folder}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

# A loopback port nothing listens on, so parallel runs (other worktrees) do not collide.
free_port() {
  local p
  while :; do
    p=$(shuf -i 20000-59999 -n 1)
    ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
}

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

case "$cmd" in
  start)
    chmod 755 "$dir"
    : > "$dir/services.env"
    start_postgres
    start_mariadb
    ;;
  stop)
    stop_postgres
    stop_mariadb
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
