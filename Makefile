# dexcc: the two set-up commands (make run, make test) and the build steps they share.
BUILD ?= build
JOBS ?= $(shell nproc)
CONFIG ?= examples/config-dev.yaml

.PHONY: deps configure build run test unit sanitize bench format clean

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
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDEXCC_SANITIZE=ON >/dev/null
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest -L unit --output-on-failure -j $(JOBS)

# Release build of the server and bench/ only (no tests), then every benchmark; rewrites the
# generated part of docs/benchmarks.md. BENCH_SECONDS=1 gives a quick pass (see bench/run.sh).
bench: deps
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DDEXCC_BUILD_BENCH=ON -DDEXCC_BUILD_TESTS=OFF >/dev/null
	cmake --build build-release -j $(JOBS) --target dexcc dexcc_load dexcc_startup dexcc_ceiling dexcc_micro
	./bench/run.sh build-release

format:
	find src tests bench fuzz -name '*.cc' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) build-asan build-release
