#!/usr/bin/env bash
# Runs a command with the real test services (PostgreSQL, MariaDB, etcd, kube-apiserver) started on
# loopback in a temp folder named by $DEXCC_SERVICES_DIR, and stops them whatever happens.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
services_dir=$(mktemp -d /tmp/dexcc-services.XXXXXX)
chmod 755 "$services_dir"
export DEXCC_SERVICES_DIR="$services_dir"
cleanup() { "$ROOT/scripts/services.sh" stop "$services_dir" || true; rm -rf "$services_dir"; }
trap cleanup EXIT
# The kubernetes storage tests need a real kube-apiserver, built from Go modules once and cached.
"$ROOT/scripts/build-kube-apiserver.sh" > /dev/null || echo "with-services: kube-apiserver not built; kubernetes tests will skip" >&2
"$ROOT/scripts/services.sh" start "$services_dir"
"$@"
