# The two commands: `make demo` and `make test`. Both install what is missing, configure and build into out/.
OUT       ?= out
JOBS      ?= $(shell nproc)
BUILD_TYPE ?= Release

.PHONY: all deps configure build demo test install clean

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

clean:
	rm -rf $(OUT)
