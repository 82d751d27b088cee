# dexcc: the two set-up commands (make run, make test) and the build steps they share.
BUILD ?= build
JOBS ?= $(shell nproc)
# ccache: paths relative to the checkout and the build folder's path left out of the hash, so a
# clone anywhere on this machine reuses what another clone compiled.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= 1
CONFIG ?= examples/config-dev.yaml

.PHONY: deps configure build run test unit sanitize tsan bench format clean

deps:
	./scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	mkdir -p var/sqlite
	$(BUILD)/dexcc serve $(CONFIG)

test: build
	./scripts/run-tests.sh $(BUILD)

# Unit tests only (fast).
unit: build
	cd $(BUILD) && ctest -L unit --output-on-failure -j $(JOBS)

# Unit tests under AddressSanitizer and UndefinedBehaviorSanitizer, in their own build folder.
sanitize: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDEXCC_SANITIZE=ON -DDEXCC_BUILD_E2E=OFF >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest -L unit --output-on-failure -j $(JOBS)

# ThreadSanitizer: the server, unit and storage tests built with -fsanitize=thread in build-tsan
# (-O1, line tables only, to keep the third build short), the unit and storage tests run, then a
# multi-threaded load of the TSan server driven by the normal build's e2e_tests (scripts/tsan.sh).
tsan: build
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEXCC_TSAN=ON -DDEXCC_BUILD_E2E=OFF \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" >/dev/null
	cmake --build build-tsan -j $(JOBS)
	./scripts/tsan.sh build-tsan $(BUILD)

# Release build of the server and bench/ only (no tests), then every benchmark; rewrites the
# generated part of docs/benchmarks.md. BENCH_SECONDS=1 gives a quick pass (see bench/run.sh).
bench: deps
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DDEXCC_BUILD_BENCH=ON -DDEXCC_BUILD_TESTS=OFF >/dev/null
	cmake --build build-release -j $(JOBS) --target dexcc dexcc_load dexcc_startup dexcc_ceiling dexcc_micro
	./bench/run.sh build-release

format:
	find src tests bench fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-asan build-tsan build-release
