#!/usr/bin/env bash
# Coverage-guided fuzzing with AFL++ (GCC assembler instrumentation; Debian's gcc plugin mode refuses
# this gcc build): builds the fuzz targets with afl-g++
# and ASan into build-afl/, then fuzzes each target (or the one named) for SECONDS seconds.
# Findings land in build-afl/findings/<target>/; crashes are copied to fuzz/crashes/ for triage.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${SECONDS_PER_TARGET:-120}
# Every target in fuzz/targets/ unless one is named.
targets=${1:-$(cd fuzz/targets && ls -- *.cc | sed 's/\.cc$//' | tr '\n' ' ')}
./scripts/install-deps.sh
# AFL++ and the gcc plugin headers are only needed here, not for building or testing dexcc.
missing=()
for p in afl++; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# afl-g++ optimises (-O3), and GCC 12 then warns, wrongly, that Beast's parser may read an
# uninitialised boost::optional (basic_parser::content_length inlined into do_field); with -Werror
# that stopped every target that links the HTTP library.
CC=afl-gcc CXX=afl-g++ cmake -S . -B build-afl -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDEXCC_AFL=ON \
  -DDEXCC_SANITIZE=ON -DCMAKE_CXX_FLAGS=-Wno-maybe-uninitialized \
  -DCMAKE_CXX_COMPILER_LAUNCHER= -DCMAKE_C_COMPILER_LAUNCHER= >/dev/null
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 ASAN_OPTIONS=abort_on_error=1:symbolize=0
mkdir -p fuzz/crashes
for t in $targets; do
  ninja -C build-afl "fuzz_$t" >/dev/null
  out=build-afl/findings/$t
  rm -rf "$out"; mkdir -p "$(dirname "$out")"
  timeout --signal=INT $((SECONDS_PER_TARGET + 30)) afl-fuzz -V "$SECONDS_PER_TARGET" -m none -i "fuzz/corpus/$t" -o "$out" \
    -- "build-afl/fuzz/fuzz_$t" >"build-afl/afl-$t.log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  execs=$(awk -F: '/execs_done/ {gsub(/ /,"",$2); print $2}' "$stats" 2>/dev/null || echo ?)
  crashes=$(ls "$out/default/crashes" 2>/dev/null | grep -vc README || true)
  echo "fuzz $t: $execs executions, $crashes crashes"
  if [[ "$crashes" != "0" ]]; then cp "$out"/default/crashes/id* fuzz/crashes/ 2>/dev/null || true; fi
done
