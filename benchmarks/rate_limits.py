"""
Many tasks sharing one account's rate limit: achieved request rate against the limit, and failures.

N tasks (threads, or processes with ``--processes``, each with its own token cache) call one endpoint
of a rate-limit category as fast as they can against the local Zoom emulator, whose limiter refuses
what exceeds the category's per-second rate with 429 and ``Retry-After``. The provider's retry policy
(``Retry-After`` plus full jitter, a time budget for per-second limits) must keep the account's budget
used (>= 90 % of the rate) without failing a task.

Usage::

    python benchmarks/rate_limits.py                  # the standard scenarios
    python benchmarks/rate_limits.py --quick          # shorter runs (make bench)
    python benchmarks/rate_limits.py --category Heavy --rate 10 --tasks 16 --requests 30
    python benchmarks/rate_limits.py --processes --single-active-token   # tokens across processes

Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

# Hundreds of retry warnings would bury the table (set before Airflow configures its logging).
os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "ERROR")

CONN_ID = "zoom_rate_bench"
# One endpoint per category (see airflow_provider_zoom.testing.emulator.ratelimit).
CALLS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "Light": ("/users/me", None),
    "Medium": ("/users", {"page_size": 1}),
    "Heavy": ("/report/daily", None),
}


@dataclass(frozen=True)
class Scenario:
    category: str
    rate: int
    tasks: int
    requests: int


STANDARD = [
    Scenario("Light", 1, 8, 4),  # eight tasks at one request per second
    Scenario("Heavy", 10, 8, 40),  # Heavy at the Pro plan's 10 per second
    Scenario("Medium", 20, 16, 40),  # Medium at the Pro plan's 20 per second, twice the tasks
]
QUICK = [Scenario("Light", 1, 8, 2), Scenario("Heavy", 10, 8, 20)]


def one_task(category: str, requests: int) -> tuple[int, str | None, float, float]:
    """Make ``requests`` calls with a hook of its own; return (ok, error, first start, last end)."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    path, params = CALLS[category]
    hook = ZoomHook(CONN_ID)
    assert hook.config.conn_id == CONN_ID  # read the connection before the clock starts
    ok = 0
    start = time.monotonic()
    try:
        for _ in range(requests):
            hook.request("GET", path, params=params)
            ok += 1
    except Exception as err:  # a failed task is a figure, not a crash
        return ok, f"{type(err).__name__}: {str(err).splitlines()[0]}", start, time.monotonic()
    return ok, None, start, time.monotonic()


def _process_task(category: str, requests: int, out: Any) -> None:
    out.put(one_task(category, requests))


def run(scenario: Scenario, *, processes: bool, single_active_token: bool) -> dict[str, Any]:
    from airflow_provider_zoom.hooks.zoom import ZoomHook  # noqa: F401  imported before the clock starts
    from airflow_provider_zoom.testing import ZoomEmulator

    qps = {"Light": 30, "Medium": 20, "Heavy": 10, "Resource-intensive": 10, scenario.category: scenario.rate}
    with ZoomEmulator(users=2, meetings_per_user=1, single_active_token=single_active_token) as zoom:
        os.environ[f"AIRFLOW_CONN_{CONN_ID.upper()}"] = json.dumps(zoom.connection(CONN_ID))
        zoom.state.set_options(rate_limit=True, qps=qps)
        results: list[tuple[int, str | None, float, float]] = []
        started = time.monotonic()
        if processes:
            ctx = multiprocessing.get_context("fork")
            queue = ctx.Queue()
            workers = [
                ctx.Process(target=_process_task, args=(scenario.category, scenario.requests, queue))
                for _ in range(scenario.tasks)
            ]
            for worker in workers:
                worker.start()
            results = [queue.get() for _ in workers]
            for worker in workers:
                worker.join()
        else:
            lock = threading.Lock()

            def thread_task() -> None:
                result = one_task(scenario.category, scenario.requests)
                with lock:
                    results.append(result)

            threads = [threading.Thread(target=thread_task) for _ in range(scenario.tasks)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        wall = time.monotonic() - started
        statuses = [r["status"] for r in zoom.state.requests]
        tokens = zoom.state.tokens_issued
    ok = sum(r[0] for r in results)
    errors = [r[1] for r in results if r[1]]
    # From the first task's first request to the last task's end: the time the account was busy.
    busy = max(r[3] for r in results) - min(r[2] for r in results)
    return {
        "scenario": scenario,
        "ok": ok,
        "failed_tasks": len(errors),
        "errors": sorted(set(errors)),
        "wall": wall,
        "busy": busy,
        "rate": ok / busy,
        "share": ok / busy / scenario.rate,
        "429s": statuses.count(429),
        "401s": statuses.count(401),
        "tokens": tokens,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="shorter runs")
    parser.add_argument("--category", choices=sorted(CALLS), help="run one scenario of this category")
    parser.add_argument("--rate", type=int, default=10, help="the category's limit, requests per second")
    parser.add_argument("--tasks", type=int, default=8, help="parallel tasks")
    parser.add_argument("--requests", type=int, default=20, help="requests per task")
    parser.add_argument("--processes", action="store_true", help="tasks are processes (own token caches)")
    parser.add_argument(
        "--single-active-token", action="store_true", help="the emulator revokes older tokens on issue"
    )
    args = parser.parse_args()
    if args.category:
        scenarios = [Scenario(args.category, args.rate, args.tasks, args.requests)]
    else:
        scenarios = QUICK if args.quick else STANDARD
    mode = "processes" if args.processes else "threads"
    if args.single_active_token:
        mode += ", single active token"
    print(
        f"Tasks share one account's limit ({mode}); rate = successful requests / busy time "
        "(first request of any task to the end of the last task)."
    )
    header = (
        f"{'category':<9} {'limit/s':>7} {'tasks':>5} {'req/task':>8} {'ok':>5} {'failed':>6} "
        f"{'wall s':>7} {'busy s':>7} {'rate/s':>7} {'of limit':>8} {'429s':>5} {'401s':>5} {'tokens':>6}"
    )
    print(header)
    print("-" * len(header))
    for scenario in scenarios:
        r = run(scenario, processes=args.processes, single_active_token=args.single_active_token)
        print(
            f"{scenario.category:<9} {scenario.rate:>7} {scenario.tasks:>5} {scenario.requests:>8} "
            f"{r['ok']:>5} {r['failed_tasks']:>6} {r['wall']:>7.1f} {r['busy']:>7.1f} {r['rate']:>7.2f} "
            f"{r['share']:>8.1%} {r['429s']:>5} {r['401s']:>5} {r['tokens']:>6}"
        )
        for error in r["errors"]:
            print(f"    failed: {error}")


if __name__ == "__main__":
    main()
