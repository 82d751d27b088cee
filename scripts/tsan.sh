#!/usr/bin/env bash
# ThreadSanitizer run (make tsan), with the real services up: the unit and storage tests of the
# TSan build (the replica tests start the TSan server), then the threaded load test of the normal
# build's e2e_tests against the TSan server, $DEXCC_LOAD_SECONDS (20) per storage. A process that
# reported a race, a lock-order inversion or a bad unlock exits 66, which fails its test.
set -euo pipefail
cd "$(dirname "$0")/.."
TSAN_BUILD=${1:-build-tsan}
BUILD=${2:-build}
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 suppressions=$PWD/scripts/tsan.supp"
export DEXCC_BINARY="$PWD/$TSAN_BUILD/dexcc"
export DEXCC_SOURCE_DIR="$PWD"
export DEXCC_LOAD_SECONDS=${DEXCC_LOAD_SECONDS:-20}
scripts/with-services.sh bash -ec '
  ctest --test-dir "$1" -L unit -LE fuzz --output-on-failure -j "$(nproc)" --timeout 900
  "$2/tests/e2e/e2e_tests" --gtest_filter="Storage/E2EThreadedLoad.*"' tsan "$TSAN_BUILD" "$BUILD"
