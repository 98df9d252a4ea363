"""``scripts/test_matrix.py`` judges a stage by pytest's exit code: no test run is a failure too."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.test_packaging import MATRIX


@pytest.fixture
def stage_on(monkeypatch, tmp_path):
    """Runs a stage of this venv's pytest on a test file written here."""

    def run(source: str) -> tuple[str, dict[str, int], bool]:
        (tmp_path / "test_stage.py").write_text(source)
        monkeypatch.setattr(MATRIX, "_pytest_args", lambda stage, extra=None: [str(tmp_path)])
        return MATRIX._run_stage(Path(sys.prefix), "unit", tmp_path / "stage.log")

    return run


def test_a_stage_that_passes(stage_on):
    assert stage_on("def test_one():\n    assert 1 + 1 == 2\n") == ("1 passed", {"passed": 1}, True)


def test_a_stage_with_a_failing_test_fails(stage_on):
    text, counts, passed = stage_on("def test_one():\n    assert 1 + 1 == 3\n\ndef test_two():\n    pass\n")
    assert (text, counts, passed) == ("FAILED: 1 failed, 1 passed", {"failed": 1, "passed": 1}, False)


def test_a_stage_that_runs_no_test_fails(stage_on):
    """pytest's exit code 5: nothing collected. A stage must run tests to pass."""
    assert stage_on("def helper():\n    pass\n") == ("no test ran", {}, False)


def test_the_matrix_names_its_minors_oldest_first_with_their_pythons():
    minors = list(MATRIX.MINORS)
    assert minors == sorted(minors, key=lambda m: tuple(map(int, m.split("."))))
    assert MATRIX.pythons_of("3.0") == ["3.10", "3.11", "3.12"]
    assert MATRIX.pythons_of(minors[-1]) == list(MATRIX.PYTHONS)


def test_test_paths_given_replace_a_stages_own_and_other_arguments_follow():
    args = MATRIX._pytest_args("e2e", ["tests/e2e/test_event_watchers.py::test_x", "-k", "sqlite"])
    assert args == ["tests/e2e/test_event_watchers.py::test_x", "-m", "e2e", "-k", "sqlite"]
    assert MATRIX._pytest_args("e2e", ["-x"]) == ["tests", "-m", "e2e", "-x"]
    assert MATRIX._pytest_args("emulator", ["tests/triggers"])[:3] == ["tests/triggers", "-m", "not e2e"]
