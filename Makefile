# Two commands do all the set-up on a fresh machine:
#   make docs   serve the docs site at http://127.0.0.1:8000 (until Ctrl-C)
#   make test   run every check: format, vet, tests (race), scenarios, docs,
#               and the site in a real browser (Chromium)
# and two more for later:
#   make site   a self-contained copy of the site in site/, for file:// or any host
#               (make docs and make site build the pages' Run buttons: make live)
#   make scenario NAME=pool_release   watch one scenario run (testdata/scripts)
#   make bench  the benchmarks against redigo and go-redis
#
# mkdocs is called as /usr/bin/mkdocs when Debian's is installed, because
# another python3 earlier on PATH may lack it.

MKDOCS := $(shell [ -x /usr/bin/mkdocs ] && echo /usr/bin/mkdocs || command -v mkdocs || echo mkdocs)
MKDOCS_PY := $(shell [ -x /usr/bin/mkdocs ] && echo /usr/bin/python3 || echo python3)
GO ?= go

.PHONY: docs test fmt-check vet gotest docs-build sitetest docs-deps site live bench bench-check stress scenario workshop w workshop-check

# Where `make test` builds the site to check it; sitetest reads the same build.
SITE_CHECK_DIR := $(or $(TMPDIR),/tmp)/redispy-site-check

docs: docs-deps live
	$(MKDOCS) serve -a 127.0.0.1:8000

test: fmt-check vet gotest workshop-check docs-build sitetest bench-check
	@echo "All checks passed. To watch one scenario run: make scenario NAME=pool_lazy_creation (SHOW=zh for Chinese; names: testdata/scripts/*.txtar)"

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

gotest:
	$(GO) test -race -count=1 ./...

# The workshop's checker (cmd/workshop): `make workshop` shows where you
# are, `make workshop ARGS="check"` runs the current exercise, `make w`
# watches it. See docs/workshop/index.md.
workshop:
	@$(GO) run ./cmd/workshop $(ARGS)

w:
	@$(GO) run ./cmd/workshop watch $(ARGS)

# Proves every exercise solvable: each stub fails exactly the tests its
# exercise.json lists, each reference passes with -race on miniredis and
# redis-server, and the pages, hints and list are current.
workshop-check:
	$(GO) run ./cmd/workshop dev check

docs-build: docs-deps live
	$(MKDOCS) build --strict --site-dir "$(SITE_CHECK_DIR)"

# The site as readers meet it, in headless Chromium (tools/sitetest, a Go
# module of its own so the main module needs no browser driver): every page
# in both languages, the search terms, the file:// copy, screenshots into
# $SCREENSHOT_DIR (default tools/sitetest/out), and the Run buttons: every
# scenario of every page run in the browser against its checked transcript,
# an edited script, the playground (tools/sitetest/live_test.go). Skipped
# with the reason when Chromium is missing; under CI=true that fails instead.
sitetest: docs-build
	cd tools/sitetest && $(GO) vet ./... && SITE_DIR="$(SITE_CHECK_DIR)" $(GO) test -count=1 -timeout 30m ./...

# Installs mkdocs and Material when missing: Debian's packages where apt-get
# exists (the versions the site is written for), pip elsewhere. Debian puts
# Material under /usr/share/mkdocs, so ask mkdocs which themes it knows.
docs-deps:
	@if ! $(MKDOCS) --version >/dev/null 2>&1 || ! $(MKDOCS_PY) -c "import sys, pymdownx, mkdocs.utils as u; sys.exit('material' not in u.get_theme_names())" >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
			$$SUDO apt-get update && $$SUDO apt-get install -y mkdocs mkdocs-material python3-pymdownx; \
		else \
			python3 -m pip install --user 'mkdocs==1.4.*' 'mkdocs-material==8.2.*' 'pymdown-extensions==9.5'; \
		fi; \
	fi

# A copy of the site to read from the file system or any static host:
# every link names an .html file, and search works from file:// too
# (tools/mkdocs/hooks.py, part 5). Open site/index.html.
site: docs-deps live
	$(MKDOCS) build --strict --no-directory-urls --site-dir site

# The pages' Run buttons and playground (tools/mkdocs/overrides/assets/
# javascripts/live.js): the port and miniredis compiled to WebAssembly
# (cmd/livescenario), Go's own wasm_exec.js from the installed Go, and a
# manifest with the module's size and the scenarios that cannot run in a
# browser. All three go to docs/assets/live/, which git ignores; a build
# of the site without them (mkdocs alone) has no Run buttons.
LIVE_DIR := docs/assets/live
live:
	@mkdir -p $(LIVE_DIR)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o $(LIVE_DIR)/redispy.wasm ./cmd/livescenario
	@root=$$($(GO) env GOROOT); \
	if [ -f "$$root/lib/wasm/wasm_exec.js" ]; then cp "$$root/lib/wasm/wasm_exec.js" $(LIVE_DIR)/; \
	else cp "$$root/misc/wasm/wasm_exec.js" $(LIVE_DIR)/; fi
	$(GO) run ./cmd/livescenario -manifest $(LIVE_DIR)/manifest.js -wasm $(LIVE_DIR)/redispy.wasm testdata/scripts

# tools/bench is a module of its own (redigo and go-redis stay out of
# go.mod), so ./... above does not reach it. This checks that it builds and
# that the three clients agree; it does not run the benchmarks.
bench-check:
	cd tools/bench && $(GO) vet ./... && $(GO) test -count=1 ./...

# The benchmarks against redigo and go-redis, on one redis-server. Each
# round runs every benchmark once, BENCH_ROUNDS rounds in all: -count would
# repeat each client's benchmark back to back, and a slow minute on a
# shared machine would then land on one client only. benchstat, when it can
# be had, shows medians with redispy as the base column (the sed gives it
# a client= key to make columns of).
BENCH_ROUNDS ?= 6
bench:
	cd tools/bench && $(GO) test -c -o bench.test && \
	for i in $$(seq $(BENCH_ROUNDS)); do ./bench.test -test.run '^$$' -test.bench . -test.benchmem; done | tee bench.txt
	@cd tools/bench && ! grep -q '^FAIL' bench.txt
	@cd tools/bench && sed -E 's#^(Benchmark[^/ ]+)/#\1/client=#' bench.txt > bench.client.txt && \
	{ benchstat -col /client bench.client.txt 2>/dev/null || \
	  $(GO) run golang.org/x/perf/cmd/benchstat@latest -col /client bench.client.txt || \
	  echo "benchstat unavailable: raw results are in tools/bench/bench.txt"; }

# Not part of make test: every package with timing tests, ROUNDS=20 times in
# a row under -race beside a two-core CPU hog (tools/stress.sh). A timing
# test must pass this, not only on a quiet machine.
stress:
	tools/stress.sh

# One scenario as a reader would watch it: a real run on miniredis
# (BACKEND=redis-server for the real server) prints its transcript, the
# commands with what they printed and the narration, in English or Chinese
# (SHOW=zh). The run is checked against the golden transcript too. The
# go test has no package argument so that its output is shown.
SHOW ?= en
BACKEND ?= miniredis
scenario:
	@if [ -z "$(NAME)" ] || [ ! -f "testdata/scripts/$(NAME).txtar" ]; then \
		echo "usage: make scenario NAME=scenario [SHOW=en|zh] [BACKEND=miniredis|redis-server]; the scenarios:"; \
		ls testdata/scripts/*.txtar | sed 's#.*/##; s#\.txtar$$##; s#^#  #'; exit 2; fi
	@$(GO) test -count=1 -run 'TestScripts/$(BACKEND)/$(NAME)$$' -args -show=$(SHOW)
