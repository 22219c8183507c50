# ceremony: `make run` serves the demo, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi.py
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
THREADS ?= 64

.PHONY: run test serve install translations static clean bench help

help:
	@echo "make run    set up, migrate, load the demo and serve on http://$(HOST):$(PORT)"
	@echo "make test   set up and run every test (SQLite, and PostgreSQL when one answers)"
	@echo "make serve  production: gunicorn against DATABASE_URL (PostgreSQL)"
	@echo "make bench  run the benchmarks under bench/ and print one summary table (QUICK=1: shorter; PEER=pretix)"

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP) translations static

# Front-end files taken from the npm registry are vendored into static/vendor by scripts/build_static.sh.
static:
	@if [ -x scripts/build_static.sh ]; then scripts/build_static.sh; fi

# Compiled catalogues are build output; every domain keeps its .po in <domain>/translations.
translations: $(STAMP)
	@for d in ceremony/*/translations; do $(BIN)/pybabel compile -f -d $$d --statistics 2>&1 | grep -v '^compiling' || true; done

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	@echo
	@echo "ceremony is serving on http://$(HOST):$(PORT)  (Ctrl-C to stop). Log in with:"
	@$(BIN)/flask demo logins
	@echo
	CEREMONY_SCHEDULER=on $(BIN)/flask run --host $(HOST) --port $(PORT) --with-threads

test: install
	@bash scripts/test.sh

serve: install
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL must point at PostgreSQL"; exit 2; }
	CEREMONY_ENV=production $(BIN)/flask db upgrade
	@# Every worker stands for the scheduler's leader lease; exactly one runs the jobs (docs/deploy.md).
	CEREMONY_ENV=production CEREMONY_SCHEDULER=on $(BIN)/gunicorn --workers $(WORKERS) --worker-class gthread --threads $(THREADS) \
		--bind $(HOST):$(PORT) --timeout 120 --graceful-timeout 30 wsgi:app

# One summary table at the end (bench/run_all.py). QUICK=1: shorter runs; PEER=pretix: side by side with pretix.
bench: install
	@QUICK=$(QUICK) PEER=$(PEER) $(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache
