# Set-up and checks. Every target creates what it needs: a .venv with pinned installs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: venv test lint format demo bench faults clean

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

demo: $(STAMP)
	$(BIN)/python -m airflow_provider_zoom.testing.demo

bench: $(STAMP)
	$(BIN)/python benchmarks/hook.py
	$(BIN)/python benchmarks/archive.py --quick

# The archive under download faults and kill -9, 10 runs each; fails unless nothing is lost or wrong.
faults: $(STAMP)
	$(BIN)/python benchmarks/archive_faults.py $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) .airflow-demo
