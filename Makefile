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

## serve: build the site (strict) and serve it on http://127.0.0.1:8000 with live reload
serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:8000

## test: every test (unit, built HTML, Chromium against nginx); installs chromium, nginx and axe-core when missing
test: $(VENV)/.installed browser-deps
	$(BIN)/python -m pytest -c tests/pytest.ini --rootdir .

## build: the strict static build into site/
build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict --site-dir site

## offline: a copy that works from a folder or zip opened with file:// (search included): site-offline.zip
offline: $(VENV)/.installed
	OFFLINE=true $(BIN)/mkdocs build --strict --site-dir site-offline
	cd site-offline && ../$(BIN)/python -m zipfile -c ../site-offline.zip .

## publish: build and check a new release, then point the $(PUBLISH_DIR) symlink at it in one step
PUBLISH_DIR ?= public
publish: $(VENV)/.installed
	PYTHONPATH=hooks $(BIN)/python -m faqsite publish "$(PUBLISH_DIR)"

## check: validate the content without building
check: $(VENV)/.installed
	PYTHONPATH=hooks $(BIN)/python -m faqsite check .

## pdf: the all-questions page as a PDF for an audit evidence folder (needs chromium)
pdf: build browser-deps
	chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run \
	  --print-to-pdf=evidence.pdf --no-pdf-header-footer "file://$(CURDIR)/site/all-questions/index.html"

## lock: regenerate requirements/requirements.txt (hashes) from requirements/requirements.in
lock:
	$(PYTHON) -m venv /tmp/pip-tools-venv && /tmp/pip-tools-venv/bin/pip install -q pip-tools
	/tmp/pip-tools-venv/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras \
	  -o requirements/requirements.txt requirements/requirements.in

setup: $(VENV)/.installed

$(VENV)/.installed: requirements/requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11, 5) else "Python 3.11.5 or newer is needed")'
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/requirements.txt
	touch $@

browser-deps: tests/browser/node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null && [ -x /usr/sbin/nginx ] || { \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium nginx-light >/dev/null; }

tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --silent
	touch $@
