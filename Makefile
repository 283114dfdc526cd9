# One toolchain: a plain venv + pip (pip finds the local CPU build of torch==2.13.0).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser postgres run serve test test-pg test-fast lint fuzz bench eval readme clean

# Browser tests: Debian's Chromium (never a downloaded browser) and axe-core from npm.
CHROMIUM ?= /usr/bin/chromium
AXE_VERSION := 4.11.0
AXE := .cache/axe-core-$(AXE_VERSION)/axe.min.js

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || (echo "Skjønnsassistenten trenger Python 3.11 eller nyere ($(PY) er for gammel eller mangler). Bruk f.eks. make run PY=python3.12." >&2; exit 1)
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@echo "Installerer Python-pakkene i $(VENV) (første gang et par minutter og ca. 2,2 GB; pip skriver lite underveis) …"
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,llm]'
	@touch $(STAMP)

# make run PORT=8080 HOST=0.0.0.0 (or SKJONN_PORT / SKJONN_HOST in the environment or .env)
run: install
	$(BIN)/skjonn ingest
	$(BIN)/skjonn serve$(if $(HOST), --host $(HOST))$(if $(PORT), --port $(PORT))

browser: $(AXE)
	@test -x $(CHROMIUM) || (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null))
	@test -x $(CHROMIUM) || (echo "Chromium mangler: installer Debian-pakken chromium" >&2; exit 1)

$(AXE):
	@mkdir -p $(dir $(AXE))
	cd $(dir $(AXE)) && npm pack axe-core@$(AXE_VERSION) --silent >/dev/null && tar -xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js && mv package/axe.min.js . && rm -rf package axe-core-$(AXE_VERSION).tgz

# PostgreSQL for the tests: Debian's server binaries (the tests start a throwaway cluster)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || (apt-get install -y -q postgresql >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null))
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || (echo "PostgreSQL mangler: installer Debian-pakken postgresql" >&2; exit 1)

# Every suite on SQLite (the default), then the record suites again on PostgreSQL.
test: install browser postgres
	SKJONN_TEST_POSTGRES=required SKJONN_AXE_JS=$(abspath $(AXE)) $(BIN)/python -m pytest -q
	$(MAKE) --no-print-directory test-pg

# store, archive, feedback, API, ingest and CLI suites with every table in PostgreSQL
test-pg: install postgres
	SKJONN_TEST_POSTGRES=required SKJONN_TEST_DATABASE=postgresql $(BIN)/python -m pytest -q \
		tests/store tests/archive tests/api tests/ingest tests/commands

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

# the readers and the record importer, many more examples than in `make test`, random seed
fuzz: install
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-3000} FUZZ_RANDOM=1 $(BIN)/python -m pytest -q -m fuzz tests/fuzz

# ruff's checks and formatting, then mypy (its config and files are in pyproject.toml)
lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

bench: install postgres
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.answers
	$(BIN)/python -m bench.precheck
	$(BIN)/python -m bench.archive --n 10000 --backends sqlite,postgresql
	$(BIN)/python -m bench.incremental --n 10000
	$(BIN)/python -m bench.load --seconds 60
	$(BIN)/python -m bench.load --seconds 60 --servers 2
	$(BIN)/python -m bench.bombs
	$(BIN)/python -m bench.ingest_race --rounds 20

eval: install
	SKJONN_TODAY=2024-05-15 $(BIN)/skjonn eval retrieval
	SKJONN_TODAY=2024-05-15 $(BIN)/skjonn eval answers
	$(BIN)/skjonn eval precheck
	$(BIN)/skjonn eval similar

# rewrite the README's checked examples (<!-- example: … --> blocks) from the real output
readme: install
	$(BIN)/python -m tests.fixtures.readme --write

clean:
	rm -rf $(VENV) .pytest_cache .cache
