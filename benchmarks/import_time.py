"""
Import time of the provider's own modules, in fresh interpreters.

Each run is ``python -X importtime -c "import <module>"``; the figure is the sum of the self times of
the ``airflow_provider_zoom`` modules it lists (Airflow's and the standard library's imports are left
out: they are paid once per process whatever the provider does). Prints the median over the runs.

Run: ``.venv/bin/python benchmarks/import_time.py [--runs 21] [--module airflow_provider_zoom.hooks.zoom]
[--top 10]``. Asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys

PACKAGE = "airflow_provider_zoom"
#: The import budget of a provider module (hooks.zoom's), for the ratio printed.
BUDGET_MS = 30.0
_LINE = re.compile(r"import time:\s+(\d+)\s+\|\s+\d+\s+\|\s*(\S+)\s*$")


def sample(module: str) -> dict[str, int]:
    """One fresh interpreter: the self time (microseconds) of each provider module imported."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    times: dict[str, int] = {}
    for line in out.splitlines():
        m = _LINE.match(line)
        if m and (m.group(2) == PACKAGE or m.group(2).startswith(PACKAGE + ".")):
            times[m.group(2)] = int(m.group(1))
    return times


def compile_package() -> None:
    """An installed wheel ships bytecode; an editable checkout would otherwise measure the compiler."""
    # Located the way the measured interpreters see it (same working directory and path).
    where = subprocess.run(
        [sys.executable, "-c", f"import os, {PACKAGE} as p; print(os.path.dirname(p.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[-1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], check=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="fresh interpreters to run (default 21)")
    parser.add_argument("--module", default=f"{PACKAGE}.hooks.zoom", help="the module to import")
    parser.add_argument("--top", type=int, default=0, help="also list the N slowest modules (median)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    compile_package()
    samples = [sample(args.module) for _ in range(args.runs)]
    totals = [sum(s.values()) / 1000 for s in samples]
    print(f"import {args.module}: provider modules' self time over {args.runs} runs")
    median, low, high = statistics.median(totals), min(totals), max(totals)
    print(f"  median {median:6.1f} ms   min {low:6.1f} ms   max {high:6.1f} ms")
    print(
        f"  ratio to the {BUDGET_MS:.0f} ms budget: "
        f"median {median / BUDGET_MS:.2f}x, min {low / BUDGET_MS:.2f}x"
    )
    if args.top:
        names = {name for s in samples for name in s}
        medians = sorted(
            ((statistics.median(s.get(name, 0) for s in samples) / 1000, name) for name in names),
            reverse=True,
        )
        for ms, name in medians[: args.top]:
            print(f"  {ms:6.2f} ms  {name}")


if __name__ == "__main__":
    main()
