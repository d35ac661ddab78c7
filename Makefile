PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Only for local runs and tests; production must set its own SECRET_KEY.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-not-a-secret}

.PHONY: install system-packages run test lint bench-pdf

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(INSTALLED)

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

# The PDF of a synthetic follow-up with 100 goals: our time against WeasyPrint's alone.
BENCH_PDF_DB := /tmp/huddinge-bench-pdf.sqlite3
bench-pdf: install
	rm -f $(BENCH_PDF_DB)
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) DATABASE_URL=sqlite:///$(BENCH_PDF_DB) $(BIN)/python manage.py migrate --noinput --verbosity 0
	$(TEST_ENV) DATABASE_URL=sqlite:///$(BENCH_PDF_DB) $(BIN)/python manage.py bench_pdf
	rm -f $(BENCH_PDF_DB)
