# Thin wrapper: install what is missing, build, run the demo or the tests.
# `make demo` and `make check` work as root on a fresh Debian 12 machine.

BUILD      ?= build
BUILD_ASAN ?= build-asan
BUILD_FUZZ ?= build-fuzz
FUZZ_SECONDS ?= 10
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

# Debian packages the build and the tests need.
DEB_PACKAGES = build-essential cmake pkg-config \
               libigraph-dev libgsl-dev libcjson-dev libglpk-dev libzstd-dev \
               valgrind python3 python3-jsonschema python3-pip locales doxygen graphviz \
               clang libclang-rt-14-dev

.PHONY: all deps build build-asan build-fuzz demo check check-normal check-asan check-fuzz fuzz docs map bench clean

all: build

deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "need root to install:$$missing" >&2; exit 2; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_ARGS)
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DEFN_SANITIZE=ON \
	  -DEFN_VALGRIND=OFF $(CMAKE_ARGS)
	cmake --build $(BUILD_ASAN) -j $(JOBS)

build-fuzz: deps
	CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=Debug -DEFN_FUZZ=ON \
	  -DEFN_VALGRIND=OFF -DEFN_FUZZ_SECONDS=$(FUZZ_SECONDS) $(CMAKE_ARGS)
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target fuzz_network fuzz_scenario

demo: build
	@if [ -x $(BUILD)/examples/east_west_corridor ]; then \
	  $(BUILD)/examples/east_west_corridor; \
	else \
	  $(BUILD)/bindings/cli/efn validate && $(BUILD)/bindings/cli/efn info; \
	fi

check-normal: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

check-asan: build-asan
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# A short libFuzzer run of every target (FUZZ_SECONDS each).
check-fuzz: build-fuzz
	cd $(BUILD_FUZZ) && ctest --output-on-failure -L fuzz

# A long run: make fuzz FUZZ_SECONDS=3600
fuzz: check-fuzz

check: check-normal check-asan check-fuzz

# Benchmarks against peer libraries; writes docs/performance.md.
bench: build
	sh tests/bench/run.sh $(BUILD)

# The API reference (Doxygen), in $(BUILD)/docs/api/html.
docs: build
	cmake --build $(BUILD) --target docs

# The corridor's 2023 gas flow map in docs/images, from the DOT export.
map: build
	$(BUILD)/bindings/cli/efn export --format dot --flow --year 2023 \
	  --commodity gas --colour utilisation --size 24 --no-edge-labels \
	  | neato -n -Tpng -Gdpi=60 -o docs/images/corridor-gas-2023.png

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) $(BUILD_FUZZ)
