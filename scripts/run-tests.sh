#!/usr/bin/env bash
# Runs every test through CTest: starts the real services the tests need on loopback in a temp
# folder, runs the suite, and stops the services whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${1:-build}
export DEXCC_BINARY="$PWD/$BUILD/dexcc"
export DEXCC_SOURCE_DIR="$PWD"

services_dir=$(mktemp -d /tmp/dexcc-services.XXXXXX)
chmod 755 "$services_dir"
export DEXCC_SERVICES_DIR="$services_dir"
cleanup() { "$ROOT/scripts/services.sh" stop "$services_dir" || true; rm -rf "$services_dir"; }
trap cleanup EXIT
# The kubernetes storage tests need a real kube-apiserver, built from Go modules once and cached.
scripts/build-kube-apiserver.sh > /dev/null || echo "run-tests: kube-apiserver not built; kubernetes tests will skip" >&2
./scripts/services.sh start "$services_dir"

cd "$BUILD"
ctest --output-on-failure -j "$(nproc)" --timeout 600
