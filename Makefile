# The README's commands. `make run` and `make test` install what is missing.
SHELL := /bin/bash
.DEFAULT_GOAL := run
CARGO ?= cargo
export PATH := $(HOME)/.cargo/bin:$(PATH)

FUZZ_TARGETS := exchange_line package_reader scanner
FUZZ_SECONDS ?= 300

## Fuzz each target for FUZZ_SECONDS (default 5 minutes) with libFuzzer.
# cargo-fuzz wants nightly features; RUSTC_BOOTSTRAP lets the stable
# toolchain (the only one available here) enable them.
fuzz: deps-test
	@for t in $(FUZZ_TARGETS); do \
	  echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS)) || exit 1; \
	done

## The short form for CI: 20 seconds per target.
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=20

## Kill a writer 200 times with SIGKILL; every acknowledged save must survive;
## then 1,000 simulated power cuts on a FUSE disk model (tests/powercut).
crash-test: deps-run
	CRASH_CYCLES=200 $(CARGO) test -p veerkracht-store --test crash -- --nocapture
	$(MAKE) --no-print-directory powercut POWERCUT_CUTS=1000

## Power cuts during every CLI operation on a FUSE model of a disk cache:
## the control run (fsync ignored) must fail, the real run must not.
POWERCUT_CUTS ?= 60
powercut-bins:
	$(CARGO) build -q -p veerkracht-cli -p veerkracht-store --bins

powercut: powercut-bins
	tests/powercut/run.sh --control --cuts 18
	tests/powercut/run.sh --no-selftest --regressions
	tests/powercut/run.sh --cuts $(POWERCUT_CUTS)


.PHONY: package package-test test-install test-licences licences
.PHONY: bench bench-tiny fuzz fuzz-short crash-test powercut powercut-bins run test deps-run deps-test ui bindings check-rust test-rust test-ui test-package e2e app screenshots clean

deps-run:
	@scripts/deps.sh run

deps-test:
	@scripts/deps.sh test

# The web front end, embedded into the app binary at build time.
ui:
	@npm --prefix ui run --silent build

app: deps-run ui
	$(CARGO) build -p veerkracht-app -p veerkracht-cli

## Start the desktop app on its default vault (the platform data directory).
run: app
	$(CARGO) run -q -p veerkracht-app

## Every test: formatting, lints, Rust tests, UI checks and tests, end to end.
test: deps-test ui check-rust test-rust test-ui test-licences test-package powercut bench-tiny fuzz-short e2e test-install

check-rust:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

test-rust:
	$(CARGO) test --workspace

test-ui:
	npm --prefix ui run --silent check
	npm --prefix ui run --silent test

## Signal packages end to end: export, verify, frictionless validate, oracle, merge, ledger.
test-package:
	tests/package/run.sh

e2e:
	@if [ -x tests/e2e/run.sh ]; then tests/e2e/run.sh; else echo "no end-to-end suite yet"; fi

## The licence list is current (regenerate with `make licences`).
test-licences:
	python3 scripts/licences.py check

## The .deb installed, run (CLI and app) and removed; the .rpm inspected.
## In `make test` with debug builds (same layout); `make package-test`: release.
test-install:
	tests/install/run.sh --debug

## .deb and .rpm of the app and the CLI, release builds, into dist/ (offline).
package: deps-run
	scripts/package.sh

package-test: deps-test
	tests/install/run.sh

## Regenerate THIRD-PARTY-LICENSES.md and licences/third-party.json after a
## dependency changed (installs cargo-about; asks npm for license-checker).
licences: deps-test
	scripts/licences.sh

## Renew docs/screenshots from a run of the end-to-end test.
screenshots: deps-test ui
	rm -rf tests/e2e/screens
	tests/e2e/run.sh
	mkdir -p docs/screenshots && cp tests/e2e/screens/*.png docs/screenshots/

## Performance figures at 10k, 100k and 1M encounters, DuckDB alongside, and
## the package test with all eleven releases of the independent audit's order
## (release builds, the .deb, about 45 minutes; not part of `make test`).
bench: deps-test ui
	tests/bench/run.sh
	VEERKRACHT_RELEASES=full tests/package/run.sh

## The bench at 1k encounters with debug builds: keeps it working (in `make test`).
bench-tiny: ui
	tests/bench/run.sh tiny

## Regenerate the committed TypeScript bindings after changing a command or DTO.
bindings:
	VEERKRACHT_WRITE_BINDINGS=1 $(CARGO) test -q -p veerkracht-app --lib bindings

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
