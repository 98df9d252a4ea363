# Set-up and checks. Every target creates what it needs: a .venv with pinned installs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCALE_STAMP := $(VENV)/.installed-scale
PYTEST_ARGS ?=
# Instants the date-dependent (``clock``) tests are rerun at: a leap day's last hour, a new year's first.
CLOCK_PINS ?= 2028-02-29T23:15:00Z 2027-01-01T00:15:00Z
# make scale [N=200] [EXECUTOR=local|celery] [SCALE_ARGS="--parallelism 8 ..."]
N ?= 200
EXECUTOR ?= local
SCALE_ARGS ?=

.PHONY: venv azurite test test-newest test-checks test-e2e test-clock lint format demo bench scale faults dist release-check docs test-matrix test-oldest clean

# Azurite (Microsoft's Azure Storage emulator, for the Azure Blob Storage tests) from the committed
# npm lock file, into tests/azurite/node_modules (needs node and npm).
AZURITE_STAMP := tests/azurite/node_modules/.package-lock.json

venv: $(STAMP) $(AZURITE_STAMP)

azurite: $(AZURITE_STAMP)

$(AZURITE_STAMP): tests/azurite/package.json tests/azurite/package-lock.json
	npm ci --prefix tests/azurite --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(AZURITE_STAMP)

# gs:// for the tests: the Google provider from its pin, without its dependency tree (some sixty
# Google Cloud client libraries, ray and pandas among them, whose newest releases do not fit these
# pins); the dev extra brings gcsfs and what the provider's filesystem module imports.
GOOGLE_FS_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps apache-airflow-providers-google

# The provider and its emulator (a second distribution, emulator/), both editable from this checkout.
$(STAMP): pyproject.toml emulator/pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,emulator]" -e ./emulator
	$(GOOGLE_FS_INSTALL) -c constraints.txt
	touch $(STAMP)

# mypy and lint-imports (the layers: imports run down, never back up) read their settings from pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# What CI runs (.ci/run): lint, then side by side the newest Airflow's checks, its end-to-end tests
# (mostly waiting on Airflow's own processes, so a third job) and the unit and emulator tests on the
# oldest supported Airflow, each printed whole when it ends.
test: lint
	$(MAKE) --no-print-directory -j3 --output-sync=target test-checks test-e2e test-oldest

# The whole suite on the newest Airflow, with the clock reruns, the release artifact and the docs.
test-newest: test-checks test-e2e

# The suite on the newest Airflow but its end-to-end tests, the clock reruns, the release artifact
# and the docs.
test-checks: $(STAMP) $(AZURITE_STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not e2e" $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-clock
	$(MAKE) --no-print-directory release-check
	$(MAKE) --no-print-directory docs

# The end-to-end tests on the newest Airflow: DAG runs through Airflow's scheduler, triggerer and API
# server, on SQLite and Postgres.
test-e2e: $(STAMP) $(AZURITE_STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m e2e --durations=5 $(PYTEST_ARGS)

# The suite must pass on any day: rerun the tests that read the date under pinned clocks.
test-clock: $(STAMP)
	for now in $(CLOCK_PINS); do \
		ZOOM_TESTS_NOW=$$now $(BIN)/python -m pytest -q -p no:cacheprovider -m clock || exit 1; \
	done

demo: $(STAMP)
	$(BIN)/python -m tests.harness.demo

bench: $(STAMP)
	$(BIN)/python benchmarks/hook.py
	$(BIN)/python benchmarks/archive.py --quick
	$(BIN)/python benchmarks/rate_limits.py --quick
	$(BIN)/python benchmarks/webhooks.py --rounds 2

$(SCALE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,scale]"
	touch $(SCALE_STAMP)

scale: $(SCALE_STAMP)
	$(BIN)/python benchmarks/scale.py --tasks $(N) --executor $(EXECUTOR) $(SCALE_ARGS)

# The archive under download faults and kill -9, 10 runs each; fails unless nothing is lost or wrong.
faults: $(STAMP)
	$(BIN)/python benchmarks/archive_faults.py $(FAULTS_ARGS)

# Wheels and sdists of the provider and of its emulator, built from this checkout with the pinned
# hatchling, checked by twine.
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --no-isolation --sdist --wheel --outdir dist .
	$(BIN)/python -m build --no-isolation --sdist --wheel --outdir dist emulator
	$(BIN)/twine check --strict dist/*

# The provider's wheel alone in a fresh venv (only its declared dependencies): Airflow must see the
# provider and no emulator is there; then with the emulator's wheel the emulator serves.
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
test-matrix: $(AZURITE_STAMP)
	$(PYTHON) scripts/test_matrix.py $(MATRIX_ARGS)

# The unit and emulator stages on the oldest supported Airflow minor, in a venv of its own made from
# that minor's pins (.matrix/, kept while the pins are unchanged); fails if a stage fails or runs no test.
test-oldest: $(AZURITE_STAMP)
	$(PYTHON) scripts/test_matrix.py --airflow oldest --python current --stages unit,emulator

clean:
	rm -rf $(VENV) tests/azurite/node_modules .airflow-demo .matrix .release-venv dist docs/_build docs/_generated .mypy_cache .import_linter_cache
