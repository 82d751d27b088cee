#!/usr/bin/env bash
# Starts or stops the real services the tests use (none yet beyond the binary itself; PostgreSQL,
# MariaDB, etcd and slapd join as their storage and connector backends land).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?folder}
case "$cmd" in
  start) : ;;
  stop) : ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
