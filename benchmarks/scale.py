"""
The provider at scale on a real Airflow deployment, on loopback, under a temporary folder.

Starts a Postgres metadata database (the system's ``initdb``/``pg_ctl``), the Zoom emulator with many
users and meetings and Zoom's rate limits on, and Airflow's api-server, scheduler, dag-processor and
triggerer (LocalExecutor; with ``--executor celery`` also a Redis broker and two Celery workers). Then
runs the archive example DAG over one day holding ``--tasks`` recorded meetings (one mapped task each)
and, at the same time, the deferrable-sensor example DAG, both started through the REST API with an
explicit data interval. Prints tasks succeeded/failed, wall time, tasks/s, Zoom requests/s against
each category's limit, 429s, OAuth tokens issued, files verified and the peak XCom size. Everything it
started is stopped at the end, on failure and on Ctrl-C.

Usage::

    python benchmarks/scale.py                          # 200 mapped tasks, LocalExecutor
    python benchmarks/scale.py --tasks 60 --executor celery
    python benchmarks/scale.py --qps Light=4,Medium=2    # tighter rate limits than Zoom's Pro plan
    make scale N=200 EXECUTOR=celery
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

# The harnesses these runs share with the tests live in the checkout's tests/ package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EXECUTORS = {"local": "LocalExecutor", "celery": "CeleryExecutor"}


def parse_qps(text: str) -> dict[str, int]:
    from airflow_provider_zoom.testing.emulator.config import DEFAULT_QPS

    limits = dict(DEFAULT_QPS)
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        match = next((c for c in limits if c.lower() == name.strip().lower()), None)
        if match is None or not value.strip().isdigit() or int(value) < 1:
            raise argparse.ArgumentTypeError(
                f"--qps: {item!r} is not CATEGORY=N with a category of {', '.join(limits)} and N >= 1"
            )
        limits[match] = int(value)
    return limits


def parse_pools(text: str) -> dict[str, int]:
    pools = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        if not name.strip() or not value.strip().isdigit():
            raise argparse.ArgumentTypeError(f"--pools: {item!r} is not NAME=SLOTS")
        pools[name.strip()] = int(value)
    return pools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=200, help="mapped archive tasks (default 200)")
    parser.add_argument("--executor", choices=sorted(EXECUTORS), default="local", help="default local")
    parser.add_argument("--parallelism", type=int, default=8, help="task slots (default 8)")
    parser.add_argument(
        "--pools",
        type=parse_pools,
        default=parse_pools("zoom_light=6,zoom_medium=2,zoom_sensors=2"),
        help="pool slots, NAME=SLOTS,... (default zoom_light=6,zoom_medium=2,zoom_sensors=2)",
    )
    parser.add_argument(
        "--qps",
        type=parse_qps,
        default=parse_qps(""),
        help="the emulator's per-second limits, e.g. Light=30,Medium=20 (default: Zoom's Pro plan)",
    )
    parser.add_argument("--users", type=int, default=20, help="users hosting the meetings (default 20)")
    parser.add_argument(
        "--recording-size", type=int, default=64 * 1024, help="bytes per MP4 (default 64 KiB)"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, archive)")
    args = parser.parse_args(argv)
    if args.tasks < 1:
        parser.error("--tasks must be at least 1")

    from tests.harness.deployment import DeploymentError, find_postgres_bin, find_redis_server

    try:
        find_postgres_bin()
        if args.executor == "celery":
            find_redis_server()
    except DeploymentError as err:
        print(f"scale: {err}", file=sys.stderr)
        return 2

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGTERM unwinds like Ctrl-C, so the deployment's clean-up runs.
    signal.signal(signal.SIGTERM, interrupt)
    from tests.harness.scale import run_scale

    root = Path(tempfile.mkdtemp(prefix="zoom-scale-"))
    began = time.monotonic()

    def progress(message: str) -> None:
        print(f"[{time.monotonic() - began:6.1f} s] {message}", flush=True)

    try:
        result = run_scale(
            args.tasks,
            executor=EXECUTORS[args.executor],
            root=root,
            parallelism=args.parallelism,
            pools=args.pools,
            qps=args.qps,
            users=args.users,
            recording_size=args.recording_size,
            timeout=args.timeout,
            progress=progress,
        )
    except KeyboardInterrupt:
        print("scale: interrupted; everything it started is stopped.", file=sys.stderr)
        return 130
    except DeploymentError as err:
        print(f"scale: {err}\n(logs under {root})", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        if not args.keep:
            import shutil

            shutil.rmtree(root, ignore_errors=True)
    print()
    print(f"pools                   {args.pools}; parallelism {args.parallelism}")
    print(result.report())
    if args.keep:
        print(f"logs and archive        {root}")
    ok = (
        result.archive_state == "success"
        and result.sensor_state == "success"
        and result.failed == 0
        and result.files_verified == result.files_expected
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
