"""Run the test suite on every supported Airflow minor and Python version, each in its own venv.

One venv per (Airflow minor, Python) under ``.matrix/``, pinned by ``constraints/airflow-<minor>.txt``
(the newest minor uses ``constraints.txt``, the file ``make test`` uses). Three stages run in each:
``unit`` (no emulator, no Airflow processes), ``emulator`` (tests against the local Zoom emulator)
and ``e2e`` (DAG runs with Airflow processes; by default on the oldest and newest minor only).
Prints a Markdown table, writes it to ``.matrix/results.md`` and ends with the totals on one line.
Exits non-zero when a venv does not install, a stage fails, or a stage runs no test. Python
interpreters are found as ``python3.X`` on ``PATH`` or in pyenv's versions; a missing one fails its
cells, it is not installed.

    python scripts/test_matrix.py                       # the whole matrix
    python scripts/test_matrix.py --airflow 3.0 --python 3.11 --stages unit,emulator
    python scripts/test_matrix.py --airflow oldest --python current --stages unit,emulator  # make test
    python scripts/test_matrix.py --airflow 3.1 --python current --stages e2e --e2e-all \
        --pytest-args "tests/e2e/test_event_watchers.py -k sqlite"     # some tests only
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATRIX_DIR = ROOT / ".matrix"

# The Pythons the project supports (as its classifiers say); a new one is one more entry here.
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# Airflow minor, oldest first -> (its pins, the first Python it does not run on: Airflow's own
# requires-python). The newest minor's pins are constraints.txt. A new minor is one more line here.
MINORS: dict[str, tuple[str, str]] = {
    "3.0": ("constraints/airflow-3.0.txt", "3.13"),
    "3.1": ("constraints/airflow-3.1.txt", "3.14"),
    "3.2": ("constraints/airflow-3.2.txt", "3.15"),
    "3.3": ("constraints.txt", "3.15"),
}
STAGES = ("unit", "emulator", "e2e")
SUMMARY = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)")
# pytest's exit code when it collected no test: for a stage that is a failure, not a pass.
NO_TESTS_COLLECTED = 5


def _version(python: str) -> tuple[int, ...]:
    return tuple(int(part) for part in python.split("."))


def pythons_of(minor: str) -> list[str]:
    """The supported Pythons that ``minor`` runs on."""
    below = _version(MINORS[minor][1])
    return [p for p in PYTHONS if _version(p) < below]


def _emulator_paths() -> list[str]:
    """Test files that run against the emulator: ``tests/emulator/`` and ``*emulator*.py`` files."""
    paths = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py") if "emulator" in p.name}
    paths.add("tests/emulator")
    return sorted(paths)


# pip's resolution of every constraints file is checked once, by the suite on the newest minor; in a
# cell, installing the venv from its pins is that check for its own file and Python.
RESOLUTION_TEST = "tests/test_packaging.py::test_pip_resolves_the_project_against_the_pins"


def _pytest_args(stage: str, extra: list[str] | None = None) -> list[str]:
    """A stage's pytest arguments; test paths among ``extra`` take the place of the stage's own."""
    extra = list(extra or [])
    paths = [a for a in extra if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    emulator = _emulator_paths()
    if stage == "unit":
        ignored = [f"--ignore={p}" for p in emulator]
        args = [*(paths or ["tests"]), "-m", "not e2e", f"--deselect={RESOLUTION_TEST}", *ignored]
    elif stage == "emulator":
        args = [*(paths or emulator), "-m", "not e2e"]
    else:
        args = [*(paths or ["tests"]), "-m", "e2e"]
    return args + [a for a in extra if a not in paths]


def _interpreter(python: str) -> str | None:
    """``python3.X`` from PATH, else from a pyenv install (whose shims refuse versions not selected)."""
    if python == "{}.{}".format(*sys.version_info[:2]):
        return sys.executable
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
    pip = [str(venv / "bin/python"), "-m", "pip", "--disable-pip-version-check"]
    steps = [
        [interpreter, "-m", "venv", str(venv)],
        [*pip, "install", "-q", "--upgrade", "pip>=24"],
        [*pip, "install", "-q", "-c", str(constraints), "-e", ".[dev,emulator]", "-e", "./emulator"],
        # gs:// for the tests: the Google provider from its pin, without its dependency tree (Makefile).
        [*pip, "install", "-q", "--no-deps", "-c", str(constraints), "apache-airflow-providers-google"],
    ]
    started = time.monotonic()
    for step in steps:
        done = subprocess.run(step, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            log = MATRIX_DIR / f"airflow-{minor}-py{python}.install.log"
            log.write_text(done.stdout + done.stderr)
            return f"install failed (see {log.relative_to(ROOT)})"
    stamp.write_text(digest)
    print(f"airflow {minor} python {python}: venv made in {time.monotonic() - started:.0f} s", flush=True)
    return venv


def _run_stage(
    venv: Path, stage: str, log: Path, extra: list[str] | None = None
) -> tuple[str, dict[str, int], bool]:
    """Runs one stage: (what the table shows, the counts, whether it passed)."""
    command = [
        str(venv / "bin/python"),
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        *_pytest_args(stage, extra),
    ]
    # An AIRFLOW_HOME per venv: minors differ in what they write there, and make test runs the oldest
    # minor's stages beside the newest's.
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "AIRFLOW_HOME": str(venv / "airflow-home"),
    }
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    log.write_text(done.stdout + done.stderr)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    counts: dict[str, int] = {}
    for n, kind in SUMMARY.findall(tail):
        kind = "errors" if kind.startswith("error") else kind
        counts[kind] = counts.get(kind, 0) + int(n)
    if done.returncode == NO_TESTS_COLLECTED:
        return "no test ran", counts, False
    text = ", ".join(f"{n} {kind}" for kind, n in counts.items()) or f"exit {done.returncode}, no summary"
    passed = done.returncode == 0 and counts.get("passed", 0) > 0
    return (text if passed else f"FAILED: {text}"), counts, passed


def _pick(values: str, known: list[str], aliases: dict[str, str], what: str, parser) -> list[str]:
    picked = [aliases.get(v, v) for v in values.split(",") if v]
    unknown = [v for v in picked if v not in known]
    if unknown:
        parser.error(f"--{what}: unknown {unknown}; known: {known} or {list(aliases)}")
    return picked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--airflow", default=",".join(MINORS), help="comma-separated minors, or oldest / newest"
    )
    parser.add_argument(
        "--python",
        default="",
        help="comma-separated Pythons; current: this interpreter's, or the newest a minor runs on if it\n"
        "does not run on this one; default: all each minor supports",
    )
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--e2e-all", action="store_true", help="end-to-end on every minor, not only the ends")
    parser.add_argument(
        "--pytest-args",
        default="",
        help="more pytest arguments for every stage (shell words); test paths among them replace the\n"
        'stage\'s own, e.g. "tests/e2e/test_event_watchers.py -k sqlite"',
    )
    args = parser.parse_args(argv)
    order = list(MINORS)
    minors = _pick(args.airflow, order, {"oldest": order[0], "newest": order[-1]}, "airflow", parser)
    current = "{}.{}".format(*sys.version_info[:2])
    pythons = _pick(args.python, list(PYTHONS), {"current": current}, "python", parser)
    stages = _pick(args.stages, list(STAGES), {}, "stages", parser)
    ends = {order[0], order[-1]}
    MATRIX_DIR.mkdir(exist_ok=True)
    rows = ["| Airflow | Python | unit | emulator | end-to-end |", "| --- | --- | --- | --- | --- |"]
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    failed = False
    for minor in minors:
        constraints_file = MINORS[minor][0]
        supported = pythons_of(minor)
        if args.python == "current":
            # This interpreter, or the newest Python the minor runs on if it does not run on this one.
            wanted = [current if current in supported else supported[-1]]
        else:
            wanted = [p for p in pythons if p in supported] if pythons else supported
        if not wanted:
            print(f"airflow {minor}: runs on none of {pythons} (only {supported})", flush=True)
            failed = True
        for python in wanted:
            cells = dict.fromkeys(STAGES, "not run")
            label = minor
            venv = _venv(minor, python, ROOT / constraints_file)
            if isinstance(venv, str):
                cells = dict.fromkeys(STAGES, venv)
                failed = True
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
                    started = time.monotonic()
                    cells[stage], counts, ok = _run_stage(venv, stage, log, shlex.split(args.pytest_args))
                    failed = failed or not ok
                    totals["passed"] += counts.get("passed", 0)
                    failures = counts.get("failed", 0) + counts.get("errors", 0)
                    # A stage that failed without a failing test (no test ran, a crash) counts as one.
                    totals["failed"] += failures or (not ok)
                    totals["skipped"] += counts.get("skipped", 0)
                    took = f"{time.monotonic() - started:.0f} s"
                    print(f"airflow {label} python {python} {stage}: {cells[stage]} ({took})", flush=True)
            rows.append(f"| {label} | {python} | {cells['unit']} | {cells['emulator']} | {cells['e2e']} |")
    table = "\n".join(rows) + "\n"
    (MATRIX_DIR / "results.md").write_text(table)
    print(table)
    print(f"matrix: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
