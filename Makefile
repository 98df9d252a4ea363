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

.PHONY: venv test test-clock lint format demo bench scale faults clean

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
	$(MAKE) --no-print-directory test-clock

# The suite must pass on any day: rerun the tests that read the date under pinned clocks.
test-clock: $(STAMP)
	for now in $(CLOCK_PINS); do \
		ZOOM_TESTS_NOW=$$now $(BIN)/python -m pytest -q -p no:cacheprovider -m clock || exit 1; \
	done

demo: $(STAMP)
	$(BIN)/python -m airflow_provider_zoom.testing.demo

bench: $(STAMP)
	$(BIN)/python benchmarks/hook.py
	$(BIN)/python benchmarks/archive.py --quick
	$(BIN)/python benchmarks/rate_limits.py --quick

$(SCALE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,scale]"
	touch $(SCALE_STAMP)

scale: $(SCALE_STAMP)
	$(BIN)/python benchmarks/scale.py --tasks $(N) --executor $(EXECUTOR) $(SCALE_ARGS)

# The archive under download faults and kill -9, 10 runs each; fails unless nothing is lost or wrong.
faults: $(STAMP)
	$(BIN)/python benchmarks/archive_faults.py $(FAULTS_ARGS)

clean:
	rm -rf $(VENV) .airflow-demo
