"""Run the test suite on every supported Airflow minor and Python version, each in its own venv.

One venv per (Airflow minor, Python) under ``.matrix/``, pinned by ``constraints/airflow-<minor>.txt``
(the newest minor uses ``constraints.txt``, the file ``make test`` uses). Three stages run in each:
``unit`` (no emulator, no Airflow processes), ``emulator`` (tests against the local Zoom emulator)
and ``e2e`` (DAG runs with Airflow processes; by default on the oldest and newest minor only).
Prints a Markdown table and writes it to ``.matrix/results.md``. Python interpreters are found as
``python3.X`` on ``PATH`` or in pyenv's versions; a missing one is reported, not installed.

    python scripts/test_matrix.py                       # the whole matrix
    python scripts/test_matrix.py --airflow 3.0 --python 3.11 --stages unit,emulator
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX_DIR = ROOT / ".matrix"

# Airflow minor -> (constraints file, Pythons that minor supports: its own requires-python).
MINORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "3.0": ("constraints/airflow-3.0.txt", ("3.10", "3.11", "3.12")),
    "3.1": ("constraints/airflow-3.1.txt", ("3.10", "3.11", "3.12", "3.13")),
    "3.2": ("constraints/airflow-3.2.txt", ("3.10", "3.11", "3.12", "3.13")),
    "3.3": ("constraints.txt", ("3.10", "3.11", "3.12", "3.13")),
}
STAGES = ("unit", "emulator", "e2e")
SUMMARY = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)")


def _emulator_paths() -> list[str]:
    """Test files that run against the emulator: ``tests/emulator/`` and ``*emulator*.py`` files."""
    paths = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py") if "emulator" in p.name}
    paths.add("tests/emulator")
    return sorted(paths)


def _pytest_args(stage: str) -> list[str]:
    emulator = _emulator_paths()
    if stage == "unit":
        return ["tests", "-m", "not e2e", *[f"--ignore={p}" for p in emulator]]
    if stage == "emulator":
        return [*emulator, "-m", "not e2e"]
    return ["tests", "-m", "e2e"]


def _interpreter(python: str) -> str | None:
    """``python3.X`` from PATH, else from a pyenv install (whose shims refuse versions not selected)."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = [shutil.which(f"python{python}")]
    candidates += [str(p) for p in sorted(pyenv_root.glob(f"versions/{python}.*/bin/python{python}"))]
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0:
            return candidate
    return None


def _venv(minor: str, python: str, constraints: Path) -> Path | str:
    """Create (or reuse, if its pins are unchanged) the venv; returns its path or why it failed."""
    interpreter = _interpreter(python)
    if interpreter is None:
        return f"python{python} not installed"
    venv = MATRIX_DIR / f"airflow-{minor}-py{python}"
    digest = hashlib.sha256(
        constraints.read_bytes()
        + (ROOT / "pyproject.toml").read_bytes()
        + (ROOT / "emulator" / "pyproject.toml").read_bytes()
    ).hexdigest()
    stamp = venv / ".installed"
    if stamp.exists() and stamp.read_text() == digest:
        return venv
    shutil.rmtree(venv, ignore_errors=True)
    steps = [
        [interpreter, "-m", "venv", str(venv)],
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", "--upgrade", "pip>=24"],
        [
            str(venv / "bin/python"),
            "-m",
            "pip",
            "install",
            "-q",
            "-c",
            str(constraints),
            "-e",
            ".[dev,emulator]",
            "-e",
            "./emulator",
        ],
    ]
    for step in steps:
        done = subprocess.run(step, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            (MATRIX_DIR / f"airflow-{minor}-py{python}.install.log").write_text(done.stdout + done.stderr)
            return "install failed (see .matrix/*.install.log)"
    stamp.write_text(digest)
    return venv


def _run_stage(venv: Path, stage: str, log: Path) -> str:
    command = [str(venv / "bin/python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *_pytest_args(stage)]
    env = {**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    log.write_text(done.stdout + done.stderr)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts = {kind: int(n) for n, kind in SUMMARY.findall(tail) if kind != "deselected"}
    if not counts:
        return f"exit {done.returncode}, no summary"
    return ", ".join(f"{n} {kind}" for kind, n in counts.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--airflow", default=",".join(MINORS), help="comma-separated minors")
    parser.add_argument("--python", default="", help="comma-separated Pythons (default: all each supports)")
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--e2e-all", action="store_true", help="end-to-end on every minor, not only the ends")
    args = parser.parse_args(argv)
    minors = [m for m in args.airflow.split(",") if m]
    unknown = [m for m in minors if m not in MINORS]
    if unknown:
        parser.error(f"--airflow: unknown minor(s) {unknown}; known: {list(MINORS)}")
    stages = [s for s in args.stages.split(",") if s]
    ends = {next(iter(MINORS)), list(MINORS)[-1]}
    MATRIX_DIR.mkdir(exist_ok=True)
    rows = ["| Airflow | Python | unit | emulator | end-to-end |", "| --- | --- | --- | --- | --- |"]
    failed = False
    for minor in minors:
        constraints_file, pythons = MINORS[minor]
        wanted = [p for p in (args.python.split(",") if args.python else pythons) if p in pythons]
        for python in wanted:
            cells = dict.fromkeys(STAGES, "not run")
            label = minor
            venv = _venv(minor, python, ROOT / constraints_file)
            if isinstance(venv, str):
                cells = dict.fromkeys(STAGES, venv)
                failed = failed or "install" in venv
            else:
                airflow_version = subprocess.run(
                    [str(venv / "bin/python"), "-c", "import airflow; print(airflow.__version__)"],
                    capture_output=True,
                    text=True,
                ).stdout.strip()
                label = f"{minor} ({airflow_version})" if airflow_version else minor
                for stage in stages:
                    if stage == "e2e" and not args.e2e_all and minor not in ends:
                        continue
                    log = MATRIX_DIR / f"airflow-{minor}-py{python}.{stage}.log"
                    cells[stage] = _run_stage(venv, stage, log)
                    failed = failed or "failed" in cells[stage] or "error" in cells[stage]
                    print(f"airflow {label} python {python} {stage}: {cells[stage]}", flush=True)
            rows.append(f"| {label} | {python} | {cells['unit']} | {cells['emulator']} | {cells['e2e']} |")
    table = "\n".join(rows) + "\n"
    (MATRIX_DIR / "results.md").write_text(table)
    print(table)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
