"""
Zoom events schedule DAGs through asset watchers on a real deployment: api-server, scheduler,
dag-processor and triggerer, on SQLite and on Postgres.

Two DAGs run side by side, each against an emulated Zoom account of its own (one asset per account):
one on an asset watched by the WebSocket trigger, one on an asset watched by the polling trigger.
Recordings complete while the socket is open, while the socket is down (reconciliation), and while the
triggerer is stopped. Each watcher must make exactly one asset event per recording, and no recording
may reach two DAG runs.
"""

from __future__ import annotations

import contextlib
import json
import textwrap
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests

WS_DAG = "zoom_ws_events"
POLL_DAG = "zoom_polling_events"

DAG_SOURCE = textwrap.dedent(
    """
    import json
    import os

    from airflow.sdk import DAG, Asset, AssetWatcher, task

    from airflow_provider_zoom.triggers.polling import ZoomRecordingPollingTrigger
    from airflow_provider_zoom.triggers.websocket import ZoomWebSocketEventTrigger
    from airflow_provider_zoom.webhooks.events import meeting_uuids

    WATCHERS = {
        "zoom_ws_events": ZoomWebSocketEventTrigger(
            subscription_id=os.environ["ZOOM_TEST_SUBSCRIPTION"],
            websocket_url=os.environ["ZOOM_TEST_WS_URL"],
            events=["recording.completed"],
            min_backoff=0.2,
            max_backoff=1.0,
        ),
        "zoom_polling_events": ZoomRecordingPollingTrigger(zoom_conn_id="zoom_poll", poll_interval=1.0),
    }
    ACCOUNTS = {"zoom_ws_events": "ZOOM_TEST_WS_ACCOUNT", "zoom_polling_events": "ZOOM_TEST_POLL_ACCOUNT"}

    for dag_id, trigger in WATCHERS.items():
        uri = f"zoom://{os.environ[ACCOUNTS[dag_id]]}/recording.completed"
        asset = Asset(name=dag_id, uri=uri, watchers=[AssetWatcher(name=dag_id, trigger=trigger)])
        with DAG(dag_id, schedule=[asset], max_active_runs=1) as dag:

            @task
            def record(**context):
                uuids = meeting_uuids(context["triggering_asset_events"])
                line = {"dag_id": context["dag"].dag_id, "run_id": context["run_id"], "uuids": uuids}
                with open(os.environ["ZOOM_TEST_OUT"], "a") as out:
                    out.write(json.dumps(line) + "\\n")

            record()
        globals()[dag_id] = dag
    """
)


def _control(zoom: Any, method: str, path: str, **body: Any) -> Any:
    reply = requests.request(method, f"{zoom.base_url}/_emulator/{path}", json=body or None, timeout=10)
    assert reply.status_code < 300, reply.text
    return reply.json() if reply.content else None


def _runs(out: Path) -> list[dict[str, Any]]:
    if not out.exists():
        return []
    return [json.loads(line) for line in out.read_text().splitlines() if line.strip()]


def _wait(deployment: Any, predicate: Any, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        deployment.check_alive()
        if time.monotonic() > deadline:
            logs = {s.name: s.tail(2500) for s in deployment.services if s.name in ("triggerer", "scheduler")}
            raise AssertionError(f"{what} did not happen within {timeout:.0f} s\n{logs}")
        time.sleep(0.2)


def _events_for_all(deployment: Any, completed: dict[str, list[str]]) -> bool:
    """Whether each watcher has made an asset event for every recording completed in its account."""
    return all(
        set(uuids) <= {e["uuid"] for e in _asset_events(deployment, dag)} for dag, uuids in completed.items()
    )


@pytest.mark.e2e
@pytest.mark.timeout(600)
@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_watchers_run_a_dag_once_per_recording_across_a_drop_and_a_triggerer_restart(tmp_path, database):
    from airflow_provider_zoom.testing import ZoomEmulator
    from airflow_provider_zoom.testing.emulator.websocket import DEFAULT_SUBSCRIPTION_ID, websocket_url
    from airflow_provider_zoom.version_compat import AIRFLOW_V_3_3_PLUS
    from tests.harness.deployment import AirflowDeployment, find_postgres_bin

    if database == "postgres":
        find_postgres_bin()  # fails naming the missing binaries rather than skipping
    began = time.monotonic()
    dag_file = tmp_path / "zoom_event_watchers.py"
    dag_file.write_text(DAG_SOURCE)
    out = tmp_path / "runs.jsonl"
    options: dict[str, Any] = {"users": 1, "meetings_per_user": 0, "recording_size": 1024}
    with (
        ZoomEmulator(seed=5, account_id="ws-account", **options) as zoom,
        ZoomEmulator(seed=6, account_id="polling-account", **options) as polled,
    ):
        env = {
            **zoom.connection_env(),
            **polled.connection_env("zoom_poll"),
            "ZOOM_TEST_WS_ACCOUNT": zoom.account_id,
            "ZOOM_TEST_POLL_ACCOUNT": polled.account_id,
            "ZOOM_TEST_SUBSCRIPTION": DEFAULT_SUBSCRIPTION_ID,
            "ZOOM_TEST_WS_URL": websocket_url(zoom.base_url),
            "ZOOM_TEST_OUT": str(out),
        }
        with AirflowDeployment(tmp_path / "deployment", [dag_file], env=env, database=database) as deployment:
            for dag_id in (WS_DAG, POLL_DAG):
                deployment.wait_for_dag(dag_id)
            # Both watchers have started: the socket is open, and each watcher has listed once more after
            # its first listing (what is complete before that is history, never sent).
            _wait(
                deployment, lambda: _control(zoom, "GET", "ws/connections")["open"] == 1, "the socket opening"
            )
            _wait(deployment, lambda: _listings(zoom) >= 2 and _listings(polled) >= 2, "the first listings")
            completed: dict[str, list[str]] = {WS_DAG: [], POLL_DAG: []}

            def complete() -> None:
                """A recording completes in each account."""
                for dag_id, emulator in ((WS_DAG, zoom), (POLL_DAG, polled)):
                    completed[dag_id].append(_control(emulator, "POST", "recordings", user_id="me")["uuid"])

            # 1. A recording completes while the socket is open.
            complete()
            _wait(
                deployment,
                lambda: _events_for_all(deployment, completed),
                "asset events for the first recording",
            )

            # 2. The socket drops and stays down while two recordings complete.
            _control(zoom, "POST", "ws/drop", refuse=True)
            _wait(deployment, lambda: 503 in _control(zoom, "GET", "ws/connections")["refused"], "a refusal")
            complete()
            complete()
            _control(zoom, "POST", "ws/drop", refuse=False, drop=False)
            _wait(deployment, lambda: _events_for_all(deployment, completed), "asset events for the gap")

            # 3. The triggerer restarts; a recording completes while it is down.
            opened = _control(zoom, "GET", "ws/connections")["opened"]
            stop_at = time.monotonic()
            deployment.stop_process("triggerer")
            complete()
            deployment.start_process("triggerer")
            _wait(
                deployment,
                lambda: _control(zoom, "GET", "ws/connections")["opened"] > opened,
                "the socket reopening after the restart",
            )
            restarted_in = time.monotonic() - stop_at
            # 4. A last recording over the new socket: every earlier event has been handed over by then.
            complete()
            _wait(
                deployment, lambda: _events_for_all(deployment, completed), "asset events for every recording"
            )
            runs, asset_events = _settled(deployment, out)
            # Each watcher's watermark: Airflow 3.3's asset state store, a Variable before 3.3.
            if AIRFLOW_V_3_3_PLUS:
                watermarks = _query(deployment, "SELECT key FROM asset_state_store")
            else:
                watermarks = _query(
                    deployment, "SELECT key FROM variable WHERE key LIKE 'zoom_event_state_%'"
                )
            ws_state = _control(zoom, "GET", "ws/connections")

    waiting = {dag: [e["uuid"] for e in events if not e["runs"]] for dag, events in asset_events.items()}
    report = json.dumps(
        {
            "database": database,
            "completed": {dag: len(uuids) for dag, uuids in completed.items()},
            "asset_events": {dag: len(e) for dag, e in asset_events.items()},
            "runs": Counter(r["dag_id"] for r in runs),
            "consumed": {dag: sum(len(r["uuids"]) for r in runs if r["dag_id"] == dag) for dag in completed},
            "waiting_for_next_run": {dag: len(w) for dag, w in waiting.items()},
            "socket": ws_state,
            "triggerer_restart_s": round(restarted_in, 1),
            "seconds": round(time.monotonic() - began, 1),
        }
    )
    print(report)
    for dag_id, events in asset_events.items():
        # The watcher: one asset event per recording, none missed, none twice.
        assert Counter(e["uuid"] for e in events) == Counter(completed[dag_id]), report
        # The runs: no recording handed to two runs, and each run's events are the ones Airflow recorded.
        consumed = Counter(u for run in runs if run["dag_id"] == dag_id for u in run["uuids"])
        assert set(consumed.values()) <= {1}, (dag_id, consumed, report)
        assert set(consumed) == {e["uuid"] for e in events if e["runs"]}, report
        # Airflow hands an event that arrives while a run is being created to the next run (see
        # docs/events.md); every event not consumed yet is younger than the DAG's last run.
        last_run = max(e["timestamp"] for e in events if e["runs"])
        assert all(e["timestamp"] > last_run for e in events if not e["runs"]), report
    assert ws_state["opened"] >= 3 and ws_state["distinct_tokens"] == ws_state["opened"], report
    assert len(watermarks) == 2, watermarks


def _settled(deployment: Any, out: Path, patience: float = 5) -> tuple[list[dict], dict[str, list[dict]]]:
    """
    The runs' outputs and the asset events once no run is active and nothing changes between two looks.

    Waits up to ``patience`` seconds for every asset event to be consumed; past that, what is left is
    what Airflow keeps for the DAG's next run.
    """
    deadline = time.monotonic() + patience
    while True:
        _wait(deployment, lambda: _runs_finished(deployment), "every run finishing")
        runs = _runs(out)
        events = {dag: _asset_events(deployment, dag) for dag in (WS_DAG, POLL_DAG)}
        stable = _runs_finished(deployment) and len(_runs(out)) == len(runs)
        consumed = all(e["runs"] for found in events.values() for e in found)
        if stable and (consumed or time.monotonic() > deadline):
            return runs, events
        time.sleep(1)


def _runs_finished(deployment: Any) -> bool:
    for dag_id in (WS_DAG, POLL_DAG):
        runs = deployment.api("GET", f"dags/{dag_id}/dagRuns")["dag_runs"]
        if any(r["state"] not in ("success", "failed") for r in runs):
            return False
        assert all(r["state"] == "success" for r in runs), runs
    return True


def _listings(emulator: Any) -> int:
    return sum(1 for r in list(emulator.state.requests) if r["path"].endswith("/recordings"))


def _query(deployment: Any, sql: str) -> list[tuple]:
    """Rows from the deployment's metadata database (Airflow's API fails on runs not started yet)."""
    if deployment.postgres is not None:
        return [tuple(row) for row in deployment.postgres.execute(sql)]
    import sqlite3

    with contextlib.closing(sqlite3.connect(deployment.home / "airflow.db", timeout=30)) as conn:
        return conn.execute(sql).fetchall()


def _asset_events(deployment: Any, name: str) -> list[dict[str, Any]]:
    """Each asset event of the asset ``name``: its recording, when, and the runs that consumed it."""
    assert name.isidentifier()  # spelled into the SQL
    rows = _query(
        deployment,
        "SELECT e.id, e.timestamp, e.extra FROM asset_event e JOIN asset a ON a.id = e.asset_id "
        f"WHERE a.name = '{name}' ORDER BY e.id",
    )
    consumed: dict[int, list[int]] = {}
    for event_id, run_id in _query(deployment, "SELECT event_id, dag_run_id FROM dagrun_asset_event"):
        consumed.setdefault(event_id, []).append(run_id)
    found = []
    for event_id, timestamp, extra in rows:
        extra = json.loads(extra) if isinstance(extra, str) else extra
        assert extra.get("from_trigger") is True, extra
        found.append(
            {
                "uuid": extra["payload"]["payload"]["object"]["uuid"],
                "timestamp": timestamp,
                "runs": consumed.get(event_id, []),
            }
        )
    return found
