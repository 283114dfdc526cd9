# One toolchain: a plain venv + pip (pip finds the local CPU build of torch==2.13.0).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run serve test test-fast lint bench eval clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,llm]'
	@touch $(STAMP)

run: install
	$(BIN)/skjonn ingest
	$(BIN)/skjonn serve

test: install
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.answers
	$(BIN)/python -m bench.precheck
	$(BIN)/python -m bench.archive --n 10000

eval: install
	SKJONN_TODAY=2024-05-15 $(BIN)/skjonn eval retrieval
	SKJONN_TODAY=2024-05-15 $(BIN)/skjonn eval answers
	$(BIN)/skjonn eval precheck
	$(BIN)/skjonn eval similar

clean:
	rm -rf $(VENV) .pytest_cache
