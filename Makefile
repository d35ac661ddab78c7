PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Only for local runs and tests; production must set its own SECRET_KEY.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-not-a-secret}

.PHONY: install lock system-packages run test lint bench-pdf bench loadtest backup restore

# Exactly the versions and files of the lock (uv, which makes the lock, among them).
LOCKED := $(VENV)/.locked
$(LOCKED): requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

# Then the project itself, and a check that the lock holds all that pyproject.toml names.
$(INSTALLED): $(LOCKED) pyproject.toml
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check || { echo "Does pyproject.toml name a package the lock lacks? Run make lock."; exit 1; }
	touch $@

install: $(INSTALLED)

# Keeps the locked versions that still fit; make lock LOCK_ARGS=--upgrade takes the newest.
LOCK := $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
	--quiet --custom-compile-command "make lock" $(LOCK_ARGS)
lock: $(LOCKED) ## Regenerate the hashed lock files from pyproject.toml
	$(LOCK) -o requirements/base.txt
	$(LOCK) --extra dev -o requirements/dev.txt

# Chromium for browser tests, fonts and Pango for WeasyPrint, wrk for benchmarks.
system-packages:
	./.ci/system-packages

run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install system-packages
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The PDF of a synthetic follow-up with 100 goals: our time against WeasyPrint's alone.
BENCH_PDF_DB := /tmp/huddinge-bench-pdf.sqlite3
bench-pdf: install
	rm -f $(BENCH_PDF_DB)
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) DATABASE_URL=sqlite:///$(BENCH_PDF_DB) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(TEST_ENV) DATABASE_URL=sqlite:///$(BENCH_PDF_DB) $(BIN)/python manage.py bench_pdf
	rm -f $(BENCH_PDF_DB)

# Requests/s of every kind of public page, cached and uncached, against /healthz,
# on a fresh PostgreSQL database with the large synthetic dataset (see README).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/huddinge_bench
bench: install system-packages
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) timeout 1800 $(BIN)/python bench/bench.py

# 60 s of 32 connections on the public pages while an official edits in the admin.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/huddinge_loadtest
loadtest: install system-packages
	LOADTEST_DATABASE_URL=$(LOADTEST_DATABASE_URL) timeout 900 $(BIN)/python bench/loadtest.py

# pg_dump/pg_restore on PostgreSQL, dumpdata/loaddata on SQLite (DATABASE_URL decides).
backup: install
	$(TEST_ENV) $(BIN)/python manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/huddinge-….dump"; exit 2; }
	$(TEST_ENV) $(BIN)/python manage.py restore "$(FILE)"
