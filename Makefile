# Vouch: two commands set everything up on a fresh Debian machine.
#   make demo   a complete demo CA in var/ and its site in site/
#   make test   the whole test suite, with the real tools it judges against
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=
DATA ?= var

.PHONY: all setup build demo test lint format clean

all: build

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --product vouch

demo: build
	$$($(SWIFT) build $(SWIFT_BUILD_FLAGS) --show-bin-path)/vouch demo --data $(DATA)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

test: setup lint
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --build-tests
	$(SWIFT) test $(SWIFT_BUILD_FLAGS) --skip-build

clean:
	rm -rf .build var
	find site -mindepth 1 ! -name README.md -delete
