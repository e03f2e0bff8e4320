# Thin wrapper: install what is missing, build, run the demo or the tests.
# `make demo` and `make check` work as root on a fresh Debian 12 machine.

BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=

# Debian packages the build and the tests need.
DEB_PACKAGES = build-essential cmake pkg-config \
               libigraph-dev libgsl-dev libcjson-dev libglpk-dev \
               valgrind python3 python3-jsonschema locales doxygen graphviz

.PHONY: all deps build build-asan demo check check-normal check-asan clean

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

check: check-normal check-asan

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
