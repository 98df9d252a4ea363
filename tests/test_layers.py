"""The layers declared in pyproject.toml hold, and a back-import breaks them (as ``make lint`` reports)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(where: Path) -> tuple[int, str]:
    """
    ``lint-imports`` on the package found first on ``where``, with the contracts in its pyproject.toml:
    its exit status and its report (without colour codes, which older releases print).
    """
    # A wide console, so each reported import stays on one line.
    env = {**os.environ, "PYTHONPATH": str(where), "COLUMNS": "250"}
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def test_imports_run_down_the_layers():
    status, report = _lint_imports(ROOT)
    assert status == 0, report
    assert "Imports run down the layers KEPT" in report
    assert "The hook's resources build on its shared modules KEPT" in report


def test_a_back_import_breaks_the_contract(tmp_path):
    shutil.copytree(
        ROOT / "airflow_provider_zoom",
        tmp_path / "airflow_provider_zoom",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    checks = tmp_path / "airflow_provider_zoom" / "validation" / "checks.py"
    # Deferred inside a function, as back-imports that dodge a circular import usually are.
    upward = "\n\ndef _upward():\n    from airflow_provider_zoom.operators.base import is_static\n"
    checks.write_text(checks.read_text() + upward)
    status, report = _lint_imports(tmp_path)
    assert status != 0
    assert "Imports run down the layers BROKEN" in report
    assert (
        "airflow_provider_zoom.validation is not allowed to import airflow_provider_zoom.operators" in report
    )
    assert "airflow_provider_zoom.validation.checks -> airflow_provider_zoom.operators.base" in report
