# Set-up and checks. Every target creates what it needs: a .venv with pinned installs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: venv test lint format demo bench clean ci dist release-check docs test-matrix

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

# What CI runs: the suite on the newest Airflow, the release artifact, the docs.
ci: test release-check docs

# Wheel and sdist, built from this checkout with the pinned hatchling, checked by twine.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --sdist --wheel --outdir dist .
	$(BIN)/twine check --strict dist/*

# The wheel alone in a fresh venv (only its declared dependencies): Airflow must see the provider.
release-check: dist
	$(BIN)/python scripts/check_release.py dist

DOCS_STAMP := $(VENV)/.installed-docs

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,docs]"
	touch $(DOCS_STAMP)

# API reference from the docstrings; any warning fails the build.
docs: $(DOCS_STAMP)
	$(BIN)/python -m sphinx -E -q -W --keep-going -b html docs docs/_build/html

# Every supported Airflow minor x Python (venvs under .matrix/); see scripts/test_matrix.py.
# Narrow it with MATRIX_ARGS="--airflow 3.0,3.3 --python 3.11".
MATRIX_ARGS ?=
test-matrix:
	$(PYTHON) scripts/test_matrix.py $(MATRIX_ARGS)

clean:
	rm -rf $(VENV) .airflow-demo .matrix .release-venv dist docs/_build docs/_generated
