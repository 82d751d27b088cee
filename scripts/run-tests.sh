#!/usr/bin/env bash
# Runs every test through CTest, with the real services the tests need started on loopback
# (scripts/with-services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
export DEXCC_BINARY="$PWD/$BUILD/dexcc"
export DEXCC_SOURCE_DIR="$PWD"
scripts/with-services.sh ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)" --timeout 600
