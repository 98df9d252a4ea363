"""
Zoom events schedule DAGs through asset watchers on a real deployment: api-server, scheduler,
dag-processor and triggerer, on SQLite and on Postgres.

Two DAGs run side by side, each against an emulated Zoom account of its own (one asset per account):
one on an asset watched by the WebSocket trigger, one on an asset watched by the polling trigger.
Recordings complete while the socket is open, while the socket is down (reconciliation), while the
triggerer is stopped, and right before its whole process group is killed (``kill -9``: once after
Airflow stored the recording's asset event, once right after the triggerer fired it). Each watcher
must make exactly one asset event per recording, but for the recordings it sent in the commit delay
before a kill, which it may send again (at least once): none may be missed, and every recording must
reach a DAG run.
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

    # Several of the triggerer's one-second sync rounds, as the default is; shorter, so the test
    # waits out the delay in seconds rather than half-minutes.
    COMMIT_DELAY = 5.0
    WATCHERS = {
        "zoom_ws_events": ZoomWebSocketEventTrigger(
            subscription_id=os.environ["ZOOM_TEST_SUBSCRIPTION"],
            websocket_url=os.environ["ZOOM_TEST_WS_URL"],
            events=["recording.completed"],
            min_backoff=0.2,
            max_backoff=1.0,
            commit_delay=COMMIT_DELAY,
        ),
        "zoom_polling_events": ZoomRecordingPollingTrigger(
            zoom_conn_id="zoom_poll", poll_interval=1.0, commit_delay=COMMIT_DELAY
        ),
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
@pytest.mark.timeout(900)
@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_watchers_run_a_dag_per_recording_across_a_drop_a_restart_and_a_hard_kill(tmp_path, database):
    from airflow_provider_zoom.testing import ZoomEmulator
    from airflow_provider_zoom.testing.emulator.websocket import DEFAULT_SUBSCRIPTION_ID, websocket_url
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
            _wait(deployment, lambda: _sockets(zoom)["open"] == 1, "the socket opening")
            _wait(deployment, lambda: _listings(zoom) >= 2 and _listings(polled) >= 2, "the first listings")
            completed: dict[str, list[str]] = {WS_DAG: [], POLL_DAG: []}
            scenario_of: dict[str, str] = {}

            def complete(scenario: str) -> list[str]:
                """A recording completes in each account."""
                made = []
                for dag_id, emulator in ((WS_DAG, zoom), (POLL_DAG, polled)):
                    uuid = _control(emulator, "POST", "recordings", user_id="me")["uuid"]
                    completed[dag_id].append(uuid)
                    scenario_of[uuid] = scenario
                    made.append(uuid)
                return made

            def all_sent() -> None:
                _wait(deployment, lambda: _events_for_all(deployment, completed), "asset events for all")

            def all_saved() -> None:
                """Wait out the commit delay: every recording sent so far is in its watcher's watermark."""
                everything = {u for uuids in completed.values() for u in uuids}
                _wait(deployment, lambda: everything <= _saved_as_sent(deployment), "the watermarks saved")

            def reopened(opened: int) -> None:
                _wait(deployment, lambda: _sockets(zoom)["opened"] > opened, "the socket reopening")

            # 1. A recording completes while the socket is open.
            complete("socket")
            all_sent()

            # 2. The socket drops and stays down while two recordings complete.
            _control(zoom, "POST", "ws/drop", refuse=True)
            _wait(deployment, lambda: 503 in _sockets(zoom)["refused"], "a refusal")
            complete("drop")
            complete("drop")
            _control(zoom, "POST", "ws/drop", refuse=False, drop=False)
            all_sent()

            # 3. The triggerer restarts gracefully (past the commit delay); a recording completes while it
            # is down, and one over the new socket.
            all_saved()
            opened = _sockets(zoom)["opened"]
            stop_at = time.monotonic()
            deployment.stop_process("triggerer")
            complete("restart")
            deployment.start_process("triggerer")
            reopened(opened)
            restarted_in = time.monotonic() - stop_at
            complete("restart")
            all_sent()

            # 4. The triggerer's whole process group is killed (kill -9) within the commit delay of a
            # recording whose asset event Airflow has stored: the watcher sends it again after the restart.
            all_saved()
            complete("stored-then-kill")
            all_sent()
            opened = _sockets(zoom)["opened"]
            deployment.kill_process("triggerer")
            deployment.start_process("triggerer")
            reopened(opened)
            all_sent()

            # 5. Killed again right after it fired a recording's event: Airflow may not have stored that
            # event yet. A recording completes after the restart.
            all_saved()
            fired = complete("fired-then-kill")
            _wait(deployment, lambda: _fired(deployment, fired), "the triggerer firing the events")
            opened = _sockets(zoom)["opened"]
            deployment.kill_process("triggerer")
            deployment.start_process("triggerer")
            reopened(opened)
            complete("fired-then-kill")
            all_sent()
            _settled(deployment, out)

            # 6. One more recording once every run has ended: its run takes every event still waiting
            # (see docs/events.md), so each earlier recording reaches a run.
            complete("final")
            all_sent()
            runs, asset_events = _settled(deployment, out)
            ws_state = _sockets(zoom)
            watermarks = len(_watermarks(deployment))
            fired_lines = _fired_lines(deployment)

    fired_count = Counter(u for line in fired_lines for u in scenario_of if u in line)
    report = _report(database, completed, scenario_of, asset_events, runs, fired_count)
    report.update(socket=ws_state, watermarks=watermarks, triggerer_restart_s=round(restarted_in, 1))
    report["seconds"] = round(time.monotonic() - began, 1)
    text = json.dumps(report)
    print(text)
    for dag_id, events in asset_events.items():
        sent = Counter(e["uuid"] for e in events)
        # Nothing missed; nothing twice but what the hard kill may send again (at least once).
        assert set(sent) == set(completed[dag_id]), text
        assert all(sent[u] == 1 for u in completed[dag_id] if not scenario_of[u].endswith("kill")), text
        # The runs: each recording reaches at most as many runs as it has asset events, and each run's
        # events are the ones Airflow recorded.
        consumed = Counter(u for run in runs if run["dag_id"] == dag_id for u in run["uuids"])
        assert all(consumed[u] <= sent[u] for u in consumed), (dag_id, consumed, text)
        assert all(consumed[u] for u in completed[dag_id] if scenario_of[u] != "final"), text
        assert set(consumed) == {e["uuid"] for e in events if e["runs"]}, text
        # Airflow hands an event that arrives while a run is being created to the next run (see
        # docs/events.md); every event not consumed yet is younger than the DAG's last run.
        last_run = max(e["timestamp"] for e in events if e["runs"])
        assert all(e["timestamp"] > last_run for e in events if not e["runs"]), text
    assert ws_state["opened"] >= 5 and ws_state["distinct_tokens"] == ws_state["opened"], text
    assert report["watermarks"] == 2, text


def _report(
    database: str,
    completed: dict[str, list[str]],
    scenario_of: dict[str, str],
    asset_events: dict[str, list[dict[str, Any]]],
    runs: list[dict[str, Any]],
    fired: Counter[str],
) -> dict[str, Any]:
    """
    Per watcher and scenario: recordings completed, events the triggerer fired, asset events Airflow
    stored, duplicates, missed, runs.
    """
    figures: dict[str, Any] = {}
    for dag_id, uuids in completed.items():
        sent = Counter(e["uuid"] for e in asset_events[dag_id])
        dag_runs = [r for r in runs if r["dag_id"] == dag_id]
        per_scenario: dict[str, dict[str, int]] = {}
        for scenario in dict.fromkeys(scenario_of[u] for u in uuids):
            mine = [u for u in uuids if scenario_of[u] == scenario]
            per_scenario[scenario] = {
                "emitted": len(mine),
                "fired": sum(fired[u] for u in mine),
                "asset_events": sum(sent[u] for u in mine),
                "duplicates": sum(max(sent[u] - 1, 0) for u in mine),
                "missed": sum(1 for u in mine if not sent[u]),
                "runs": sum(1 for r in dag_runs if set(r["uuids"]) & set(mine)),
                "without_run_yet": sum(1 for u in mine if not any(u in r["uuids"] for r in dag_runs)),
            }
        figures[dag_id] = {"runs": len(dag_runs), "scenarios": per_scenario}
    return {"database": database, "figures": figures}


def _sockets(zoom: Any) -> dict[str, Any]:
    return _control(zoom, "GET", "ws/connections")


def _fired_lines(deployment: Any) -> list[str]:
    """The triggerer's "Trigger fired event" log lines, of every run of it (they share one log file)."""
    log = deployment.logs / "triggerer.log"
    text = log.read_text(errors="replace") if log.exists() else ""
    return [line for line in text.splitlines() if "Trigger fired event" in line]


def _fired(deployment: Any, uuids: list[str]) -> bool:
    """Whether the triggerer has logged firing an event for each recording."""
    fired = _fired_lines(deployment)
    return all(any(u in line for line in fired) for u in uuids)


def _saved_as_sent(deployment: Any) -> set[str]:
    """The recordings the watchers' saved watermarks hold as sent."""
    sent: set[str] = set()
    for state in _watermarks(deployment):
        sent.update(state.get("seen") or {})
    return sent


def _watermarks(deployment: Any) -> list[dict[str, Any]]:
    """Each watcher's saved watermark: Airflow 3.3's asset state store, a Variable before 3.3."""
    from airflow_provider_zoom.version_compat import AIRFLOW_V_3_3_PLUS

    if AIRFLOW_V_3_3_PLUS:
        values = [row[0] for row in _query(deployment, "SELECT value FROM asset_state_store")]
    else:
        # Variables are encrypted in the database: the REST API reads them.
        found = deployment.api("GET", "variables", params={"limit": 100})["variables"]
        values = [v["value"] for v in found if v["key"].startswith("zoom_event_state_")]
    states = []
    for value in values:
        state = json.loads(value) if isinstance(value, str) else value
        states.append(json.loads(state) if isinstance(state, str) else state)
    return states


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
