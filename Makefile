# The two commands: `make demo` and `make test`. Both install what is missing, configure and build into out/.
# Robustness (docs/robustness.md): `make sanitize` (ASan + UBSan build in out-asan/, then its tests) and
# `make fuzz FUZZ_SECONDS=60 [FUZZ="npy npz"]` (libFuzzer harnesses in out-fuzz/).
OUT       ?= out
JOBS      ?= $(shell nproc)
BUILD_TYPE ?= Release

.PHONY: all deps configure build demo test install clean sanitize fuzz

# The suites that must pass under the sanitizers; `make sanitize SANITIZE_TESTS=. SANITIZE_TARGETS=all` runs everything.
SANITIZE_TESTS ?= ^(core|spatial|connect|io|io_.*|fuzz_.*)$$
SANITIZE_TARGETS ?= test_core test_spatial test_connect test_io io_write_fixture fuzzers
FUZZ_SECONDS ?= 60
FUZZ ?=

all: build

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(OUT) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

build: configure
	cmake --build $(OUT) -j $(JOBS)

demo: build
	$(OUT)/bin/neurowire demo -o $(OUT)/demo

test: build
	cd $(OUT) && ctest --output-on-failure -j $(JOBS)

install: build
	cmake --install $(OUT)

sanitize: deps
	cmake -S . -B out-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEUROWIRE_SANITIZE=ON
	cmake --build out-asan -j $(JOBS) --target $(SANITIZE_TARGETS)
	cd out-asan && ctest --output-on-failure -j $(JOBS) -R '$(SANITIZE_TESTS)'

fuzz:
	bash scripts/install-deps.sh --fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh $(FUZZ)

clean:
	rm -rf $(OUT)
