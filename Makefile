PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Only for local runs and tests; production must set its own SECRET_KEY.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-not-a-secret}

.DEFAULT_GOAL := help
.PHONY: help install lock system-packages run test lint messages bench-pdf bench loadtest backup restore db-stop
## help: lists these targets
## install: creates .venv and installs the project with its development tools, exactly as locked

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
## lock: regenerates the hashed lock files (requirements/) from pyproject.toml
lock: $(LOCKED)
	$(LOCK) -o requirements/base.txt
	$(LOCK) --extra dev -o requirements/dev.txt

help:
	@awk 'sub(/^## /, "") { i = index($$0, ": "); printf "  %-16s %s\n", substr($$0, 1, i - 1), substr($$0, i + 2) }' $(MAKEFILE_LIST)

## system-packages: installs the Debian packages the tests and benchmarks need (Chromium, fonts, Pango, wrk)
system-packages:
	./.ci/system-packages

## run: migrates, loads the demo data and the example program, creates the demo users and serves http://127.0.0.1:8000
run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	DEBUG=true $(BIN)/python manage.py load_example_program
	DEBUG=true $(BIN)/python manage.py create_demo_users
	@echo "Site: http://127.0.0.1:8000/  Admin: http://127.0.0.1:8000/admin/ (log in as a demo user above)"
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

## test: runs the whole test suite (PYTEST_ARGS=... passes options to pytest)
test: install system-packages
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

## lint: checks the code with ruff
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# English is the source language, so the English catalog translates each string to itself
# (msgen); msgmerge's fuzzy guesses are wrong there, so they are emptied first. The Swedish
# strings still to translate are listed at the end; the compiled catalogs are committed.
SV_PO := locale/sv/LC_MESSAGES/django.po
EN_PO := locale/en/LC_MESSAGES/django.po
## messages: updates the Swedish and English catalogs (locale/) from the source and compiles them
messages: install
	$(TEST_ENV) $(BIN)/python manage.py makemessages -l sv -l en --no-location --no-obsolete \
		--ignore .venv --ignore staticfiles --ignore tests --ignore bench
	msgattrib --clear-fuzzy --empty --clear-previous -o $(EN_PO) $(EN_PO)
	msgen -o $(EN_PO) $(EN_PO)
	$(TEST_ENV) $(BIN)/python manage.py compilemessages --ignore .venv
	@echo "Swedish still to translate in $(SV_PO) (untranslated, then fuzzy):"
	@msgattrib --untranslated $(SV_PO)
	@msgattrib --only-fuzzy $(SV_PO)

## db-stop: stops the embedded PostgreSQL server (.pgdata/) if it runs
db-stop: install
	$(BIN)/python -c "from huddinge_safety import embedded_db; embedded_db.stop()"

# In a transaction that is rolled back, on the database of DATABASE_URL or the embedded one.
## bench-pdf: times the PDF of a synthetic follow-up with 100 goals against WeasyPrint alone
bench-pdf: install
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python manage.py bench_pdf

# On a fresh PostgreSQL database with the large synthetic dataset (see README).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/huddinge_bench
## bench: requests/s of every kind of public page, cached and uncached, against /healthz
bench: install system-packages
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) timeout 1800 $(BIN)/python bench/bench.py

LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/huddinge_loadtest
## loadtest: 60 s of 32 connections on the public pages while an official edits in the admin
loadtest: install system-packages
	LOADTEST_DATABASE_URL=$(LOADTEST_DATABASE_URL) timeout 900 $(BIN)/python bench/loadtest.py

## backup: writes backups/huddinge-<date>-<time>.dump (pg_dump) of the database
backup: install
	$(TEST_ENV) $(BIN)/python manage.py backup

## restore: FILE=backups/huddinge-….dump replaces everything in the database (asks first)
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/huddinge-….dump"; exit 2; }
	$(TEST_ENV) $(BIN)/python manage.py restore "$(FILE)"
