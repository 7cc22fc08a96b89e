# The two commands the README gives: `make serve` and `make test`. Both set everything up first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: serve test build offline publish check lock pdf setup browser-deps

# Two installs from two hash-pinned locks: the site's packages (serve, build, check, publish) and, for make test
# only, the test packages on top (pytest, Playwright, mypy, ruff, ...).
SITE_ENV := $(VENV)/.site-installed
TEST_ENV := $(VENV)/.test-installed
# Zensical, the second generator, in a venv of its own (its own lock), kept out of the site's packages.
VENV_ZENSICAL := .venv-zensical
ZENSICAL_ENV := $(VENV_ZENSICAL)/.installed
# The Azure Static Web Apps CLI, whose emulator the hosting tests serve the site with.
SWA_CLI := tests/build/node_modules/.bin/swa

## serve: build the site (strict) and serve it on http://127.0.0.1:8000 with live reload
serve: $(SITE_ENV)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## test: every test (unit, built HTML, Chromium against nginx); installs chromium, nginx and axe-core when missing
test: $(TEST_ENV) browser-deps $(ZENSICAL_ENV) $(SWA_CLI)
	$(BIN)/python -m pytest -c tests/pytest.ini --rootdir .

## build: the strict static build into site/
build: $(SITE_ENV)
	$(BIN)/mkdocs build --strict --site-dir site

## offline: a copy that works from a folder or zip opened with file:// (search included): site-offline.zip
offline: $(SITE_ENV)
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline
	cd site-offline && ../$(BIN)/python -m zipfile -c ../site-offline.zip .

## publish: build and check a new release, then point the $(PUBLISH_DIR) symlink at it in one step
PUBLISH_DIR ?= public
publish: $(SITE_ENV)
	PYTHONPATH=hooks $(BIN)/python -m faqsite publish "$(PUBLISH_DIR)"

## rollback: point the $(PUBLISH_DIR) symlink back at the release that was live before, in one step
.PHONY: rollback
rollback: $(SITE_ENV)
	PYTHONPATH=hooks $(BIN)/python -m faqsite rollback "$(PUBLISH_DIR)"

## check: validate the content without building
check: $(SITE_ENV)
	PYTHONPATH=hooks $(BIN)/python -m faqsite check .

## pdf: the all-questions page as a PDF for an audit evidence folder (needs chromium)
pdf: build browser-deps
	chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
	  --print-to-pdf=evidence.pdf --no-pdf-header-footer "file://$(CURDIR)/site/all-questions/index.html"

## evidence: the release's evidence pack: a PDF per answer, the exports and manifest.json (evidence/, evidence.zip)
## EVIDENCE_IDS=ENC-001,ENC-046 limits it to those answers. Build from a full clone: versions come from git.
.PHONY: evidence
evidence: build browser-deps
	PYTHONPATH=hooks $(BIN)/python -m faqsite.release.evidence site evidence $(if $(EVIDENCE_IDS),--ids $(EVIDENCE_IDS))

## pregenerate: the generation step alone: build/pregenerated/ (docs/, overrides/, mkdocs.yml without the hook)
.PHONY: pregenerate zensical
pregenerate: $(SITE_ENV)
	PYTHONPATH=hooks $(BIN)/python -m faqsite pregenerate build/pregenerated

## zensical: the site built by Zensical from the pre-generated project, strictly: build/zensical/site/
zensical: $(SITE_ENV) $(ZENSICAL_ENV)
	PYTHONPATH=hooks $(BIN)/python -m faqsite pregenerate build/zensical --for zensical
	$(VENV_ZENSICAL)/bin/zensical build --strict -f build/zensical/mkdocs.yml

## sources: build, then check every cited page's revision and every outbound link (report: .cache/sources/report.json)
.PHONY: sources
sources: build
	PYTHONPATH=hooks $(BIN)/python -m faqsite sources --site site $(SOURCES_ARGS)

## mutants: one-line mutants of the core (tools/mutants.py), each tested without a browser: killed, survived, score
.PHONY: mutants
mutants: $(TEST_ENV)
	$(BIN)/python tools/mutants.py $(MUTANTS_ARGS)

## lock: regenerate requirements/site.txt and requirements/test.txt (hashes) from their .in files
lock:
	$(PYTHON) -m venv /tmp/pip-tools-venv && /tmp/pip-tools-venv/bin/pip install -q pip-tools
	/tmp/pip-tools-venv/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras \
	  -o requirements/site.txt requirements/site.in
	/tmp/pip-tools-venv/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras \
	  -o requirements/test.txt requirements/test.in
	/tmp/pip-tools-venv/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras \
	  -o requirements/zensical.txt requirements/zensical.in

setup: $(SITE_ENV)

# Debian's python3 needs python3-venv for `python3 -m venv`; it is installed when missing (as root or with sudo).
$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python 3.11.5 or newer is needed (Debian 13, or PYTHON=/path/to/python3.11+)")'
	$(PYTHON) -m venv $(VENV) 2>/dev/null || { rm -rf $(VENV); \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }

$(SITE_ENV): requirements/site.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/site.txt
	touch $@

$(TEST_ENV): requirements/site.txt requirements/test.txt | $(VENV)/bin/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/site.txt -r requirements/test.txt
	touch $@ $(SITE_ENV)

$(VENV_ZENSICAL)/bin/python: | $(VENV)/bin/python
	$(PYTHON) -m venv $(VENV_ZENSICAL)

$(ZENSICAL_ENV): requirements/zensical.txt | $(VENV_ZENSICAL)/bin/python
	$(VENV_ZENSICAL)/bin/pip install --quiet --require-hashes --no-deps -r requirements/zensical.txt
	touch $@

# --ignore-scripts: keytar (used only to deploy) would download a prebuilt binary, which fails offline.
$(SWA_CLI): tests/build/package.json tests/build/package-lock.json
	cd tests/build && npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

browser-deps: tests/browser/node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null && [ -x /usr/sbin/nginx ] || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium nginx-light >/dev/null; }

tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --silent
	touch $@
