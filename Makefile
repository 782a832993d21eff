# Two commands: `make demo` and `make test`. Both set up .venv themselves.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Tests and notebooks run offline, with a fresh cache that a developer's warm cache can never stand in for.
TEST_ENV := WIJKASSETS_OFFLINE=1 WIJKASSETS_CACHE=$(CURDIR)/.test-cache MPLBACKEND=Agg

.PHONY: demo test lint types pytest lab bench bench-quick clean help

help:
	@echo "make demo         build the maps for the embedded Den Haag default (maps/)"
	@echo "make test         lint, type checks and all tests, notebooks included"
	@echo "make lab          start JupyterLab on the workshop notebooks"
	@echo "make bench        benchmarks against peers; rewrites bench/RESULTS.md (about 10 minutes)"
	@echo "make bench-quick  small benchmarks (under a minute)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "wijkassets needs Python 3.11 or newer; set PYTHON=python3.12 (for example)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/wijkassets demo --output maps

lint: $(STAMP)
	$(BIN)/ruff check wijkassets tests bench notebooks
	$(BIN)/ruff format --check wijkassets tests bench notebooks

types: $(STAMP)
	$(BIN)/mypy

# The notebooks are part of what users get: a missing notebook folder fails the run instead of being skipped.
# --durations=15 keeps the slowest tests in every log, to watch the 15-minute budget on 2 cores.
pytest: $(STAMP)
	rm -rf .test-cache
	$(TEST_ENV) $(BIN)/python -m pytest -n 2 --dist loadfile --durations=15 tests
	$(TEST_ENV) $(BIN)/python -m pytest -p no:cacheprovider --nbmake --nbmake-timeout=300 notebooks

test: lint types pytest

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

bench: $(STAMP)
	$(BIN)/python -m bench

bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

clean:
	rm -rf .test-cache .pytest_cache .mypy_cache .ruff_cache
