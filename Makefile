# Vouch: two commands set everything up on a fresh Debian machine.
#   make demo   a complete demo CA in var/ and its site in site/
#   make test   the whole test suite, with the real tools it judges against
SWIFT ?= swift
SWIFT_BUILD_FLAGS ?=
DATA ?= var
FUZZ_SECONDS ?= 300

.PHONY: all setup build demo test lint format clean bench bench-quick bench-issuance bench-site bench-intake \
	check-site fuzz deb \
	test-sanitize

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
	scripts/fuzz.sh 5
	scripts/test-deb.sh

# The Debian package, in .build/deb/ (release build, static Swift standard library).
deb: setup
	scripts/deb.sh

# Each parser under libFuzzer and AddressSanitizer for FUZZ_SECONDS seconds (make fuzz FUZZ_SECONDS=N).
fuzz: setup
	scripts/fuzz.sh $(FUZZ_SECONDS)

# The whole suite under AddressSanitizer, then ThreadSanitizer (the CSR job and the CRLs sign on
# every core), each in a build folder of its own.
test-sanitize: setup
	ASAN_OPTIONS=detect_leaks=0 $(SWIFT) test --scratch-path .build-asan --sanitize=address
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --scratch-path .build-tsan --sanitize=thread

# The registry scale benchmark (not a test): query plans, GRDB against the sqlite3 shell on the same
# file, and the memory of cursor walks. `bench` seeds 1,000,000 members and 5,000,000 certificates.
bench: setup
	$(SWIFT) build -c release --product vouch-bench
	$$($(SWIFT) build -c release --show-bin-path)/vouch-bench --json .build/benchmarks/report.json
	$(MAKE) bench-issuance
	$(MAKE) bench-site
	$(MAKE) bench-intake

# Issuance and CRLs (issue 8): 10,000 queued CSRs through one CSR-job run against openssl speed and
# an openssl ca loop, peak RSS at two queue lengths, and 100,000 revoked certificates' CRLs.
bench-issuance: setup
	$(SWIFT) build -c release --product vouch-issuance-bench
	mkdir -p .build/benchmarks
	$$($(SWIFT) build -c release --show-bin-path)/vouch-issuance-bench --markdown .build/benchmarks/issuance.md
# Mail intake (issue 13): 10,000 varied messages (plain, multipart, encoded words, CSR attachments,
# S/MIME-signed) through one intake run, messages per second and peak RSS, against Python's email.
bench-intake: setup
	$(SWIFT) build -c release --product vouch-intake-bench
	mkdir -p .build/benchmarks
	$$($(SWIFT) build -c release --show-bin-path)/vouch-intake-bench --markdown .build/benchmarks/intake.md
# The site benchmark (issue 9): full builds at 20,000, 100,000 and 350,000 members against Debian's Hugo
# building as many pages in the same run (Hugo up to 100,000), then no-change and one-member rebuilds.
bench-site: setup
	$(SWIFT) build -c release --product vouch
	$(SWIFT) build -c release --product vouch-site-bench
	$$($(SWIFT) build -c release --show-bin-path)/vouch-site-bench --json .build/benchmarks/site-report.json

# The real-tool checks of the demo's site alone (they also run inside `make test`).
check-site: demo
	scripts/check-site.sh site index.html roots.html policies/cp.html statistics.html

bench-quick: setup
	$(SWIFT) build -c release --product vouch-bench
	$$($(SWIFT) build -c release --show-bin-path)/vouch-bench --members 100000 --json .build/benchmarks/report-100000.json

clean:
	rm -rf .build var
	find site -mindepth 1 ! -name README.md -delete
