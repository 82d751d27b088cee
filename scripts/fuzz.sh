#!/usr/bin/env bash
# Coverage-guided fuzzing with AFL++ (GCC assembler instrumentation; Debian's gcc plugin mode refuses
# this gcc build): builds the fuzz targets with afl-g++
# and ASan into build-afl/, then fuzzes each target (or the one named) for SECONDS_PER_TARGET
# seconds. Findings land in build-afl/findings/<target>/; crashes are copied to fuzz/crashes/ for
# triage; a Markdown table of the run goes to $FUZZ_LOG (docs/fuzzing.md keeps one).
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
# that stopped every target that links the HTTP library. The same inlining makes it see fmt's
# fill_t write past its 4-byte buffer (-Wstringop-overflow) where the storage library formats.
CC=afl-gcc CXX=afl-g++ cmake -S . -B build-afl -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDEXCC_AFL=ON \
  -DDEXCC_SANITIZE=ON -DCMAKE_CXX_FLAGS="-Wno-maybe-uninitialized -Wno-stringop-overflow" \
  -DCMAKE_CXX_COMPILER_LAUNCHER= -DCMAKE_C_COMPILER_LAUNCHER= >/dev/null
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 ASAN_OPTIONS=abort_on_error=1:symbolize=0
# Every target first, in one parallel build.
ninja -C build-afl $(for t in $targets; do printf 'fuzz_%s ' "$t"; done) >/dev/null
mkdir -p fuzz/crashes
# The campaign log: one Markdown row per target ($FUZZ_LOG, default build-afl/campaign.md).
log=${FUZZ_LOG:-build-afl/campaign.md}
{
  echo "Command: \`SECONDS_PER_TARGET=$SECONDS_PER_TARGET scripts/fuzz.sh\` ($(afl-fuzz -h 2>&1 | grep -o 'afl-fuzz++[0-9.a-z]*' | head -1), $(nproc) cores, $(date -u +%Y-%m-%d))."
  echo
  echo "| Target | Seconds | Executions | Executions/s | Corpus (start → end) | Edges covered | Stability | Crashes | Hangs |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$log"
field() { awk -F: -v k="$1" '$1 ~ "^"k" *$" {gsub(/ /,"",$2); print $2}' "$2" 2>/dev/null | head -1; }
for t in $targets; do
  out=build-afl/findings/$t
  rm -rf "$out"; mkdir -p "$(dirname "$out")"
  timeout --signal=INT $((SECONDS_PER_TARGET + 30)) afl-fuzz -V "$SECONDS_PER_TARGET" -m none -i "fuzz/corpus/$t" -o "$out" \
    -- "build-afl/fuzz/fuzz_$t" >"build-afl/afl-$t.log" 2>&1 || true
  stats="$out/default/fuzzer_stats"
  execs=$(field execs_done "$stats"); speed=$(field execs_per_sec "$stats")
  corpus=$(field corpus_count "$stats"); [[ -n "$corpus" ]] || corpus=$(field paths_total "$stats")
  seeds=$(ls "fuzz/corpus/$t" | wc -l)
  crashes=$(field saved_crashes "$stats"); [[ -n "$crashes" ]] || crashes=$(field unique_crashes "$stats")
  hangs=$(field saved_hangs "$stats"); [[ -n "$hangs" ]] || hangs=$(field unique_hangs "$stats")
  echo "fuzz $t: ${execs:-?} executions, ${crashes:-?} crashes"
  echo "| \`fuzz_$t\` | $SECONDS_PER_TARGET | ${execs:-?} | ${speed:-?} | $seeds → ${corpus:-?} | $(field bitmap_cvg "$stats") | $(field stability "$stats") | ${crashes:-?} | ${hangs:-?} |" >> "$log"
  if [[ "${crashes:-0}" != "0" ]]; then cp "$out"/default/crashes/id* fuzz/crashes/ 2>/dev/null || true; fi
done
echo "campaign log: $log"
