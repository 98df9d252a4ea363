"""
Archive recordings from the local Zoom emulator under download faults, N runs per fault, and print
per fault: runs tried, runs whose archive succeeded (or, where the world changes, did what it
must), partial files left, wrong bytes archived, files trashed in Zoom without a verified archive,
files lost and S3 uploads left open. All but the first two must be 0 (exit status 1 if not).

Faults: none, dropped connections (mid-chunk), resumes answered from the wrong start, with another
total, with 416, with a body past the range, or ignored (200), streams that stall to a drip, a
subprocess killed with SIGKILL mid-download twice and then rerun; and a world changing under the
run: a transcript listed mid-run, two meetings of one day and topic archived by one task each under
a template that gives them one name, topics of long multi-byte text, and S3 refusing every
multipart completion; Zoom Phone call recordings under dropped connections, deleted once
verified; and compliance archive files under dropped connections, with a file Zoom adds mid-run, and
to S3 refusing every multipart completion, released or deleted once verified. See
``tests/harness/faults.py`` for what each run does and checks.

Usage::

    python benchmarks/archive_faults.py              # 10 runs of each fault
    python benchmarks/archive_faults.py --runs 5 --faults drops,416,crash_rerun
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

# The harnesses these runs share with the tests live in the checkout's tests/ package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")
# The runs fail files on purpose: keep their log lines out of the table's way.
os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "CRITICAL")


def main() -> int:
    from airflow_provider_zoom.testing import ZoomEmulator
    from tests.harness.faults import FAULTS, run_faults, table

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per fault (default 10)")
    parser.add_argument("--faults", default=",".join(FAULTS), help="comma-separated faults (default: all)")
    parser.add_argument("--size", type=int, default=3 << 20, help="bytes per MP4 recording (default 3 MiB)")
    args = parser.parse_args()
    faults = [f.strip() for f in args.faults.split(",") if f.strip()]
    unknown = sorted(set(faults) - set(FAULTS))
    if unknown or args.runs < 1:
        parser.error(f"--faults: unknown {unknown}; use {', '.join(FAULTS)}" if unknown else "--runs: >= 1")
    logging.disable(logging.CRITICAL)
    started = time.monotonic()
    with ZoomEmulator(recording_size=args.size, users=2, meetings_per_user=2, seed=7) as zoom:
        os.environ.update(zoom.connection_env())
        with tempfile.TemporaryDirectory(prefix="zoom-faults-") as root:
            tallies = run_faults(zoom, faults, args.runs, Path(root))
    print(table(tallies))
    print(f"{sum(t.runs for t in tallies)} runs in {time.monotonic() - started:.0f}s")
    return 0 if all(t.clean for t in tallies) else 1


if __name__ == "__main__":
    sys.exit(main())
