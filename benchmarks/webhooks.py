"""
Webhook answer times on a busy asset: median and 99th percentile with concurrent deliveries.

Starts a throw-away Postgres on loopback (or uses SQLite with ``--sqlite``), runs
``airflow db migrate``, creates the asset ``zoom://<account>/recording.completed`` and fills it with
0, 20,000 and 50,000 asset events from the last hour. At each level, rounds of ``--concurrency``
signed deliveries start at once (new events, then the same events redelivered) and each is timed
through :func:`~airflow_provider_zoom.webhooks.receiver.handle_delivery`, which is what the plugin
runs in its thread pool. The bound, measured in the same run, is the same deliveries answered
without the database write (connection, signature and parsing only); the budget is 1 s at the 99th
percentile (Zoom waits 3 s).

Run: ``.venv/bin/python benchmarks/webhooks.py [--sqlite] [--levels 0,20000,50000]``.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

# The harnesses these runs share with the tests live in the checkout's tests/ package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ACCOUNT = "bench-account"
EVENT = "recording.completed"
URI = f"zoom://{ACCOUNT}/{EVENT}"
SECRET = "bench-webhook-secret"
BUDGET_S = 1.0


def _env(home: Path, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url,
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__LAZY_DISCOVER_PROVIDERS": "True",
            "AIRFLOW_CONN_ZOOM_DEFAULT": json.dumps(
                {"conn_type": "zoom", "extra": {"account_id": ACCOUNT, "webhook_secret_token": SECRET}}
            ),
        }
    )
    return env


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _create_asset() -> None:
    from airflow.models.asset import AssetActive, AssetModel
    from airflow.utils.session import create_session

    with create_session() as session:
        session.add(AssetModel(name=URI, uri=URI, group="asset", extra={}))
        session.add(AssetActive(name=URI, uri=URI))


def _fill(count: int) -> None:
    """Add ``count`` events of the last hour to the asset, each with a Zoom extra of realistic size."""
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import insert, select

    from airflow_provider_zoom.testing.emulator.events import build_event
    from airflow_provider_zoom.webhooks.events import build_extra, delivery_key

    template = build_event(EVENT, account_id=ACCOUNT)
    now = datetime.now(timezone.utc)
    with create_session() as session:
        asset_id = session.scalar(select(AssetModel.id).where(AssetModel.uri == URI))
        rows = []
        for index in range(count):
            event = dict(template, event_ts=template["event_ts"] - 1000 * index - 1)
            key = delivery_key(event)
            rows.append(
                {
                    "asset_id": asset_id,
                    "extra": build_extra(event, account_id=ACCOUNT, conn_id="zoom_default", key=key),
                    "timestamp": now - timedelta(seconds=3500 * index / max(count, 1)),
                }
            )
            if len(rows) == 5000:
                session.execute(insert(AssetEvent), rows)
                rows = []
        if rows:
            session.execute(insert(AssetEvent), rows)


def _deliveries(round_no: int, concurrency: int) -> list[tuple[bytes, int]]:
    from airflow_provider_zoom.testing.emulator.events import build_event

    out = []
    for index in range(concurrency):
        event = build_event(EVENT, account_id=ACCOUNT)
        event["payload"]["object"]["uuid"] = f"bench-{round_no}-{index}-{time.monotonic_ns()}"
        out.append((json.dumps(event).encode(), int(time.time())))
    return out


def _timed_round(deliveries: list[tuple[bytes, int]], handle: Callable[..., object]) -> list[float]:
    from airflow_provider_zoom.webhooks.signature import compute_signature

    barrier = threading.Barrier(len(deliveries))

    def one(delivery: tuple[bytes, int]) -> float:
        body, ts = delivery
        signature = compute_signature(SECRET, timestamp=ts, body=body)
        barrier.wait()
        start = time.perf_counter()
        result = handle("zoom_default", body=body, signature=signature, timestamp=str(ts))
        elapsed = time.perf_counter() - start
        status = getattr(result, "status_code", None)
        if status != 200:
            raise RuntimeError(f"delivery answered {status}: {getattr(result, 'body', result)}")
        return elapsed

    with ThreadPoolExecutor(len(deliveries)) as pool:
        return list(pool.map(one, deliveries))


def _measure(level: int, rounds: int, concurrency: int) -> tuple[list[float], list[float], dict[str, int]]:
    """Answer times of new deliveries and of their redeliveries, and the outcomes counted."""
    from airflow_provider_zoom.webhooks import receiver

    samples: list[float] = []
    outcomes: dict[str, int] = {}
    original = receiver._register_asset_event

    def counting(**kwargs: object) -> str:
        outcome = original(**kwargs)  # type: ignore[arg-type]
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        return outcome

    receiver._register_asset_event = counting  # type: ignore[assignment]
    try:
        sent = []
        for round_no in range(rounds):
            deliveries = _deliveries(level * 100 + round_no, concurrency)
            sent.append(deliveries)
            samples += _timed_round(deliveries, receiver.handle_delivery)
        # Zoom's redeliveries: the same bodies, a new timestamp and signature.
        for deliveries in sent[:1]:
            again = [(body, int(time.time())) for body, _ in deliveries]
            samples += _timed_round(again, receiver.handle_delivery)
    finally:
        receiver._register_asset_event = original  # type: ignore[assignment]

    # The bound: the same path without the database write.
    def no_write(**kwargs: object) -> str:
        return receiver.REGISTERED

    bound: list[float] = []
    receiver._register_asset_event = no_write  # type: ignore[assignment]
    try:
        for round_no in range(rounds):
            bound += _timed_round(_deliveries(round_no, concurrency), receiver.handle_delivery)
    finally:
        receiver._register_asset_event = original  # type: ignore[assignment]
    return samples, bound, outcomes


def run_levels(levels: list[int], rounds: int, concurrency: int) -> int:
    import logging

    logging.getLogger("airflow_provider_zoom").setLevel(logging.WARNING)
    from airflow_provider_zoom.webhooks import receiver

    _create_asset()
    # Untimed: open the connection pool and load the connection before the first figures.
    _timed_round(_deliveries(-1, concurrency), receiver.handle_delivery)
    filled = 0
    print(
        f"{concurrency} concurrent deliveries, {rounds} rounds of new events + 1 round of redeliveries "
        f"per level; bound = same deliveries without the database write; budget {BUDGET_S:.0f} s at p99"
    )
    header = (
        f"{'events in last hour':>20} {'median ms':>10} {'p99 ms':>9} {'max ms':>9} "
        f"{'bound p99 ms':>13} {'p99/bound':>10} {'p99/budget':>11}  outcomes"
    )
    print(header)
    print("-" * len(header))
    for level in levels:
        if level > filled:
            _fill(level - filled)
            filled = level
        samples, bound, outcomes = _measure(level, rounds, concurrency)
        p99 = _percentile(samples, 0.99)
        bound_p99 = _percentile(bound, 0.99)
        print(
            f"{level:>20,} {statistics.median(samples) * 1000:>10.1f} {p99 * 1000:>9.1f} "
            f"{max(samples) * 1000:>9.1f} {bound_p99 * 1000:>13.1f} {p99 / bound_p99:>10.1f} "
            f"{p99 / BUDGET_S:>11.2f}  {json.dumps(outcomes, sort_keys=True)}",
            flush=True,
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--levels", default="0,20000,50000", help="events in the asset's last hour")
    parser.add_argument("--rounds", type=int, default=4, help="rounds of new deliveries per level")
    parser.add_argument("--concurrency", type=int, default=30, help="deliveries started at once")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of a loopback Postgres")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    if args.inner:
        return run_levels(levels, args.rounds, args.concurrency)

    from tests.harness.deployment import PostgresServer

    with tempfile.TemporaryDirectory(prefix="zoom-webhook-bench-") as tmp:
        root = Path(tmp)
        postgres = None
        try:
            if args.sqlite:
                db_url = f"sqlite:///{root / 'airflow.db'}"
            else:
                postgres = PostgresServer(root / "postgres").start()
                db_url = postgres.url
            print(f"metadata database: {'SQLite' if args.sqlite else 'Postgres on loopback'}", flush=True)
            env = _env(root / "airflow", db_url)
            subprocess.run(
                [sys.executable, "-m", "airflow", "db", "migrate"], env=env, check=True, capture_output=True
            )
            # Airflow reads its settings at import: measure in a process started with them.
            inner = [sys.executable, __file__, "--inner", "--levels", args.levels]
            inner += ["--rounds", str(args.rounds), "--concurrency", str(args.concurrency)]
            return subprocess.run(inner, env=env).returncode
        finally:
            if postgres is not None:
                postgres.stop()


if __name__ == "__main__":
    sys.exit(main())
