# Microchimera: `make run` runs the default scenario, `make test` the whole suite.
# Both first install what is missing outside SwiftPM (OpenBLAS and NLopt via apt-get as root;
# for `make test` also Graphviz, whose `dot` checks `describe --dot`, Chromium and
# chromium-driver for the teaching page's browser test, and Python virtual
# environments in .build-plots/ and .build-browser/ with plots/requirements.txt
# and browser/requirements.txt from PyPI).

SCENARIO ?= scenarios/single-pregnancy.yaml
OUT ?= out/$(basename $(notdir $(SCENARIO)))
SWIFT ?= swift
ARGS ?=
# Replicates of `make run`: enough for a picture in seconds. The CLI's own
# default is 1000; pass REPLICATES=1000 (or more) for publication-grade tables.
REPLICATES ?= 100

.PHONY: run demo serve test deps test-deps build release bench peers scaling calibrate clean

deps:
	@bash scripts/ensure-deps.sh

test-deps:
	@bash scripts/ensure-deps.sh --test

release: deps
	$(SWIFT) build -c release --product microchimera

run: release
	@"$$($(SWIFT) build -c release --show-bin-path)/microchimera" run "$(SCENARIO)" --out "$(OUT)" --replicates $(REPLICATES) $(ARGS)
	@echo "files are in $(OUT)/"

# A teaching scenario of the library, drawn and narrated in the terminal.
NAME ?= single-pregnancy
demo: release
	@"$$($(SWIFT) build -c release --show-bin-path)/microchimera" demo "$(NAME)"

# The teaching page on http://127.0.0.1:8321/ (the library's scenarios; Ctrl-C stops).
# ARGS are passed to `microchimera serve`, e.g. ARGS='--open' or ARGS='--port 0'.
serve: release
	@"$$($(SWIFT) build -c release --show-bin-path)/microchimera" serve $(ARGS)

build: deps
	$(SWIFT) build

# The suite runs in release mode (with -enable-testing for @testable imports):
# its statistical tests simulate millions of events, 10-50x slower in debug.
# It builds in its own folder so that its flags never mix with `make run`'s build.
TEST_FLAGS = -c release -Xswiftc -enable-testing --scratch-path .build-test

# First scripts/architecture-graph.sh checks that docs/images/architecture.dot
# still draws Package.swift's targets (no build, no network), and
# scripts/embed-page.sh --check that the teaching page embedded in
# Sources/MicrochimeraServer/PageAssets.swift is what page/ holds.
# After the Swift suite, scripts/calibrate.sh --check verifies in seconds that
# docs/calibration/, docs/validation.md, the table of docs/model.md and
# BiologyDefaults+Calibrated.swift still match the suite and the model (stale: run
# `make calibrate`); then scripts/test-plots.sh renders every plots/ script against
# small runs of the binary just built (its venv and figures are in .build-plots/),
# scripts/browser-test.sh loads the teaching page of `microchimera serve` in headless
# Chromium through Selenium (skipped, with the reason, where Chromium cannot be
# installed), scripts/load-test.sh puts 20 pages moving sliders on the server for
# 30 s (loopback only) and prints the latencies, scripts/sbml-test.sh checks `export --sbml`
# with python-libsbml, libRoadRunner and COPASI (pinned in scripts/sbml/requirements.txt,
# venv in .build-sbml/; docs/interop.md),
# and scripts/test-slurm.sh starts a real single-node Slurm (as root; installs
# slurmctld, slurmd, slurm-client and munge), runs a 4-shard sweep as a job
# array with a dependent merge, and compares it byte for byte with a local sweep.
test: test-deps
	SWIFT="$(SWIFT)" bash scripts/architecture-graph.sh --check
	bash scripts/embed-page.sh --check
	$(SWIFT) build --build-tests $(TEST_FLAGS)
	$(SWIFT) test --skip-build $(TEST_FLAGS)
	BIN="$$($(SWIFT) build $(TEST_FLAGS) --show-bin-path)/microchimera" bash scripts/calibrate.sh --check
	SWIFT="$(SWIFT)" bash scripts/test-plots.sh
	SWIFT="$(SWIFT)" bash scripts/browser-test.sh
	SWIFT="$(SWIFT)" bash scripts/load-test.sh
	SWIFT="$(SWIFT)" bash scripts/python-test.sh
	SWIFT="$(SWIFT)" bash scripts/sbml-test.sh
	bash scripts/test-slurm.sh --sweep "$$($(SWIFT) build $(TEST_FLAGS) --show-bin-path)/microchimera" \
	    scenarios/single-pregnancy.yaml --method moments --at '1 year,27 years' \
	    --vary 'cell_types.mature.clearance.half_life=1 day,1 year' \
	    --vary 'cell_types.progenitor.homing.bone_marrow=0.001 /day,0.01 /day'

# Benchmarks (ordo-one/benchmark) live in a nested package so they stay out of the main build.
bench: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

# Microchimera and its peers (COPASI, GillesPy2, libRoadRunner from PyPI, pinned in
# Benchmarks/peers/requirements.txt, in a venv under .build-peers/) on ref-linear-7,
# one table of speed and correctness: .build-peers/peers.md and peers.csv.
# ARGS are passed to Benchmarks/peers/peers.py, e.g. ARGS='--trajectories 10000'.
peers: deps
	SWIFT="$(SWIFT)" bash Benchmarks/peers/run.sh $(ARGS)

# How the cost grows with trajectories, horizon, compartments and cohort size:
# .build-scaling/scaling.csv and scaling.png (drawn by plots/scaling.py).
scaling: deps
	SWIFT="$(SWIFT)" bash scripts/scaling.sh

# The joint fit of the calibration suite (data/calibration.yaml) with leave-one-study-out
# validation; rewrites docs/calibration/, docs/validation.md, the parameter table of
# docs/model.md and Sources/BiologyModel/BiologyDefaults+Calibrated.swift. Under 15 minutes on 2 cores.
calibrate: release
	SWIFT="$(SWIFT)" BIN="$$($(SWIFT) build -c release --show-bin-path)/microchimera" bash scripts/calibrate.sh

clean:
	rm -rf .build .build-test .build-plots .build-browser .build-peers .build-scaling .build-python .build-sbml out
