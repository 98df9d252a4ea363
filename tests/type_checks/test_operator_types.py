"""
What a DAG author's type checker says of the provider's tasks: every mistake in ``dag_mistakes.py``
flagged (a wrong type or a missing required argument for each task class), nothing in ``dag_clean.py``.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.operators.test_conventions import CLASSES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MISTAKES = HERE / "dag_mistakes.py"
CLEAN = HERE / "dag_clean.py"
_EXPECTED = re.compile(r"#\s*([EN]):\s*(.+)$")
_REPORTED = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<kind>error|note): (?P<text>.*?)(?:  \[(?P<code>[\w-]+)\])?$"
)


def expected(path: Path) -> set[tuple[int, str]]:
    """(line, error code) for ``# E: code, code`` and (line, note text) for ``# N: text``."""
    found: set[tuple[int, str]] = set()
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        match = _EXPECTED.search(line)
        if match and match.group(1) == "E":
            found |= {(number, code.strip()) for code in match.group(2).split(",")}
        elif match:
            found.add((number, match.group(2).strip()))
    return found


@pytest.fixture(scope="module")
def reported() -> dict[str, set[tuple[int, str]]]:
    """What mypy (with the project's settings) reports for each file, as :func:`expected` lists it."""
    # A cache of this interpreter's own: the oldest minor's venv runs this test at the same time in
    # `make test`, and a cache shared between two Airflows' types gives each the other's answers.
    cache = ROOT / ".mypy_cache" / f"tests-{hashlib.sha256(sys.prefix.encode()).hexdigest()[:12]}"
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--show-error-codes", "--hide-error-context"]
        + ["--no-pretty", "--cache-dir", str(cache), str(MISTAKES), str(CLEAN)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode in (0, 1), run.stderr
    out: dict[str, set[tuple[int, str]]] = {MISTAKES.name: set(), CLEAN.name: set()}
    for line in run.stdout.splitlines():
        match = _REPORTED.match(line)
        assert match, f"unexpected mypy output: {line}"
        if match["kind"] == "error":
            out[Path(match["path"]).name].add((int(match["line"]), match["code"]))
        elif match["text"].startswith("Revealed type"):
            out[Path(match["path"]).name].add((int(match["line"]), match["text"]))
    return out


def test_every_deliberate_mistake_is_flagged_and_nothing_else(
    reported: dict[str, set[tuple[int, str]]],
) -> None:
    want = expected(MISTAKES)
    got = reported[MISTAKES.name]
    assert sorted(want - got) == [], "mistakes the type checker does not flag"
    assert sorted(got - want) == [], "reported but not expected"


def test_correct_use_of_every_task_class_passes(reported: dict[str, set[tuple[int, str]]]) -> None:
    assert reported[CLEAN.name] == set()


def test_every_task_class_has_a_flagged_mistake_and_a_clean_use() -> None:
    flagged = "\n".join(line for line in MISTAKES.read_text().splitlines() if "# E:" in line)
    clean = CLEAN.read_text()
    for cls in CLASSES:
        assert re.search(rf"\b{cls.__name__}\(", flagged), f"{cls.__name__} has no flagged mistake"
        assert re.search(rf"\b{cls.__name__}\(", clean), f"{cls.__name__} has no clean use"
