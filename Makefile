# The two commands: `make demo` and `make test`. Both install what is missing, configure and build into out/.
# Robustness (docs/robustness.md): `make sanitize` (ASan + UBSan build in out-asan/, then its tests) and
# `make fuzz FUZZ_SECONDS=60 [FUZZ="npy npz"]` (libFuzzer harnesses in out-fuzz/).
OUT       ?= out
JOBS      ?= $(shell nproc)
BUILD_TYPE ?= Release

.PHONY: all deps configure build demo test install clean sanitize fuzz

# `make sanitize` builds everything with ASan + UBSan and runs the whole suite; narrower:
#   make sanitize SANITIZE_TARGETS="test_io io_write_fixture fuzzers" SANITIZE_TESTS='^(io|io_.*|fuzz_.*)$$'
SANITIZE_TESTS ?= .
SANITIZE_TARGETS ?= all
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
