# Boligvei — `make help` lists the targets.
SHELL := /bin/bash
# The first interpreter that really runs and is 3.11 or newer (pyenv shims may exist and fail).
PYTHON ?= $(shell for p in python3 python3.12 python3.11 python3.13; do \
  if $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then command -v $$p; break; fi; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# In development the public address follows the served one, so that the letters' and the flyer's
# links and QR codes point at this server (`make run PORT=8123`); set PUBLIC_URL to override.
PUBLIC_URL ?= http://$(HOST):$(PORT)
DEV := DEBUG=true PUBLIC_URL=$(PUBLIC_URL)

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(VENV)/.installed node_modules/.installed fonts ## Create the virtualenv, install pinned Python and npm packages and the fonts

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Boligvei needs Python 3.11 or newer (python3 on the PATH)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json
	npm install --no-package-lock --no-audit --no-fund --loglevel=error
	touch $@

run: setup ## Run the app with the synthetic demo municipality on http://127.0.0.1:8000 (PORT=, HOST= to change)
	$(DEV) $(BIN)/boligvei migrate --no-input
	$(DEV) $(BIN)/boligvei createcachetable
	$(DEV) $(BIN)/boligvei demo --if-empty
	$(DEV) $(BIN)/boligvei letters_resume
	@echo "Boligvei: http://$(HOST):$(PORT)/ (with a background worker for letters; public address $(PUBLIC_URL))"
	$(DEV) $(BIN)/boligvei db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEV) $(BIN)/boligvei runserver $(HOST):$(PORT)

# Every PDF prints names in Latin, Cyrillic, Arabic, Ethiopic, Thai, CJK and emoji (core/documents.py).
FONT_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
fonts: ## Install Debian's Noto fonts for the PDFs (if missing)
	@test -f /usr/share/fonts/truetype/noto/NotoSansEthiopic-Regular.ttf \
	  -a -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
	  -a -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES) >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES) >/dev/null; fi; }

browser: ## Install Debian's Chromium for the browser tests (if missing)
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

test: setup browser ## Run every test (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/lint-imports
	$(BIN)/pytest

# The vulnerability data come from PyPI's per-release JSON and npm's advisory endpoint. Where a
# machine cannot reach them (a mirror without them), the audit says so loudly and skips rather
# than pass with nothing checked or fail every build for the network.
PYPI_VULNS := https://pypi.org/pypi/pip/24.0/json
NPM_VULNS := https://registry.npmjs.org/-/npm/v1/security/advisories/bulk

audit: setup ## Check the installed Python and npm packages for known vulnerabilities
	@if curl -sf -o /dev/null --max-time 20 $(PYPI_VULNS); then \
	  $(BIN)/pip-audit --strict --skip-editable --progress-spinner off; \
	else echo "DEPENDENCY AUDIT SKIPPED (Python): $(PYPI_VULNS) does not answer from this machine"; fi
	@if curl -sf -o /dev/null --max-time 20 -X POST -H 'content-type: application/json' -d '{}' $(NPM_VULNS); then \
	  npm audit --omit=dev; \
	else echo "DEPENDENCY AUDIT SKIPPED (npm): $(NPM_VULNS) does not answer from this machine"; fi

bench: setup ## Benchmark the register pages on PostgreSQL, logged in with two factors (BENCH_DATABASE names the database; docs/benchmarks.md)
	$(BIN)/python -m benchmarks.register

clean: ## Remove the virtualenv, npm packages and local data
	rm -rf $(VENV) node_modules var

.PHONY: help setup fonts run browser test audit bench clean
