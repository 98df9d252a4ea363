"""
A signed Zoom event posted to a real ``airflow api-server`` runs a DAG scheduled on its asset, once.

Runs Airflow in a throw-away AIRFLOW_HOME with SQLite: ``db migrate``, ``dags reserialize``, the
API server (which loads the plugin from the package's entry point) and, briefly, the scheduler.
Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

import pytest
import requests

from airflow_provider_zoom.testing.emulator.events import (
    build_event,
    post_signed,
    run_url_validation,
    send_event,
)
from airflow_provider_zoom.version_compat import AIRFLOW_V_3_1_PLUS

pytestmark = pytest.mark.e2e

SECRET = "e2e-webhook-secret-7d2a"
ACCOUNT = "emulator-account"
DAG_ID = "zoom_webhook_consumer"

CONSUMER_DAG = """
import json
import pathlib

from airflow.sdk import DAG, Asset, task

from airflow_provider_zoom.webhooks.events import meeting_uuids, zoom_events

OUT = pathlib.Path({out!r})

with DAG({dag_id!r}, schedule=[Asset("zoom://{account}/recording.completed")], catchup=False):

    @task
    def record(triggering_asset_events=None, run_id=None):
        line = {{
            "run_id": run_id,
            "uuids": meeting_uuids(triggering_asset_events, "recording.completed"),
            "extras": [dict(e) for e in zoom_events(triggering_asset_events)],
        }}
        with OUT.open("a") as f:
            f.write(json.dumps(line) + "\\n")

    record()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(home: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW__", "AIRFLOW_CONN_"))}
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
            "AIRFLOW__CORE__PARALLELISM": "2",
            # Paused DAGs get no queued asset events, and a new DAG starts paused by default.
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": "e2e-jwt-secret-not-for-production",
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "1",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "AIRFLOW_CONN_ZOOM_DEFAULT": json.dumps(
                {"conn_type": "zoom", "extra": {"account_id": ACCOUNT, "webhook_secret_token": SECRET}}
            ),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    )
    return result


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        # A session of its own, so the server and the workers it forks stop together.
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_for(what: str, check: Callable[[], object], timeout: float, log: Path | None = None) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except requests.RequestException:
            value = None
        if value:
            return value
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}\n{tail}")


def _rest_client(base: str) -> requests.Session:
    """A session carrying a token for Airflow's REST API, as the all-admins simple auth manager issues.

    Airflow 3.0, 3.2 and 3.3 add such a token to every request themselves; 3.1 does not, and answers
    401 to a request without one. ``GET /auth/token`` gives one on every minor.
    """
    reply = requests.get(f"{base}/auth/token", timeout=10)
    assert reply.status_code == 201, reply.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"
    return session


def test_webhook_event_runs_the_dag_once(tmp_path):
    home = tmp_path / "airflow"
    (home / "dags").mkdir(parents=True)
    out = home / "runs.jsonl"
    (home / "dags" / "zoom_webhook_consumer.py").write_text(
        textwrap.dedent(CONSUMER_DAG.format(out=str(out), dag_id=DAG_ID, account=ACCOUNT))
    )
    port = _free_port()
    env = _env(home, port)
    airflow = [sys.executable, "-m", "airflow"]
    base = f"http://127.0.0.1:{port}"
    url = f"{base}/zoom/webhooks/zoom_default"

    _run([*airflow, "db", "migrate"], env)
    api_log = home / "api-server.log"
    scheduler_log = home / "scheduler.log"
    api = _start([*airflow, "api-server", "--host", "127.0.0.1", "--port", str(port)], env, api_log)
    scheduler = None
    try:
        # Parse the DAG while the API server starts; the DAG creates the asset in the database.
        _run([*airflow, "dags", "reserialize"], env)
        _wait_for(
            "the API server", lambda: requests.get(f"{base}/api/v2/monitor/health", timeout=2).ok, 60, api_log
        )
        rest = _rest_client(base)

        def api_get(path: str, **params) -> dict:
            # Airflow (3.0 to 3.3.2) answers 500 when listing asset events while a run they created is
            # still queued (its start_date is None, which AssetEventResponse rejects): retry a while.
            deadline = time.monotonic() + 60
            while True:
                response = rest.get(f"{base}/api/v2{path}", params=params, timeout=10)
                if response.status_code != 500 or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert response.status_code == 200, api_log.read_text(errors="replace")[-6000:]
            return response.json()

        def zoom_events() -> list[dict]:
            events = api_get("/assets/events", limit=100)["asset_events"]
            return [e for e in events if e["uri"] == f"zoom://{ACCOUNT}/recording.completed"]

        def uuids_of(events: list[dict]) -> list[str]:
            return [e["extra"]["payload"]["object"]["uuid"] for e in events]

        assert api_get(f"/dags/{DAG_ID}")["is_paused"] is False

        # The endpoint answers Zoom's challenge and rejects deliveries not signed with the secret.
        ok, message = run_url_validation(url, secret_token=SECRET)
        assert ok, message
        assert send_event(url, "recording.completed", secret_token="not-the-secret")[0] == 401

        # First delivery: one asset event, one queued event for the consumer DAG.
        event = build_event("recording.completed", account_id=ACCOUNT)
        first_uuid = event["payload"]["object"]["uuid"]
        body = json.dumps(event).encode()
        status, text = post_signed(url, body, secret_token=SECRET)
        assert (status, json.loads(text)) == (200, {"status": "registered"})
        [recorded] = zoom_events()
        assert uuids_of([recorded]) == [first_uuid]
        assert recorded["extra"]["zoom_download_token_received"] is True
        assert event["download_token"] not in json.dumps(recorded)
        assert api_get(f"/dags/{DAG_ID}/assets/queuedEvents")["total_entries"] == 1

        # Zoom's redelivery: same body, later timestamp header, new signature.
        status, text = post_signed(url, body, secret_token=SECRET, timestamp=int(time.time()) + 2)
        assert (status, json.loads(text)) == (200, {"status": "duplicate"})
        assert len(zoom_events()) == 1

        # The scheduler turns the queued event into a run that sees it in triggering_asset_events.
        scheduler = _start([*airflow, "scheduler", "--skip-serve-logs"], env, scheduler_log)

        def finished_runs() -> list[dict]:
            runs = api_get(f"/dags/{DAG_ID}/dagRuns")["dag_runs"]
            return runs if runs and all(r["state"] in ("success", "failed") for r in runs) else []

        [run] = _wait_for("the asset-triggered DAG run", finished_runs, 60, scheduler_log)
        assert run["run_type"] == "asset_triggered"
        assert run["state"] == "success", scheduler_log.read_text(errors="replace")[-4000:]
        [line] = [json.loads(x) for x in out.read_text().splitlines()]
        assert line["uuids"] == [first_uuid]
        assert event["download_token"] not in json.dumps(line["extras"])

        # Another redelivery after the run, then a new meeting's event (sent with the
        # command-line tool when it is installed): only the new event gets a run.
        status, text = post_signed(url, body, secret_token=SECRET, timestamp=int(time.time()) + 4)
        assert (status, json.loads(text)) == (200, {"status": "duplicate"})
        second_payload = json.loads(json.dumps(event["payload"]))
        second_payload["object"]["uuid"] = "SecondMeetingUuid0000=="
        if find_spec("airflow_provider_zoom.testing.emulator.cli") is not None:
            payload_file = home / "payload.json"
            payload_file.write_text(json.dumps(second_payload))
            cli = [
                sys.executable,
                "-m",
                "airflow_provider_zoom.testing.emulator.cli",
                "send-event",
                "recording.completed",
            ]
            cli += ["--to", url, "--secret", SECRET, "--payload-file", str(payload_file)]
            result = _run(cli, env, timeout=30)
            assert "HTTP 200" in result.stdout, result.stdout
        else:
            assert (
                send_event(url, "recording.completed", secret_token=SECRET, payload=second_payload)[0] == 200
            )
        assert sorted(uuids_of(zoom_events())) == sorted([first_uuid, "SecondMeetingUuid0000=="])

        def second_run() -> dict | None:
            runs = api_get(f"/dags/{DAG_ID}/dagRuns")["dag_runs"]
            return next((r for r in runs if r["dag_run_id"] != run["dag_run_id"]), None)

        run2 = _wait_for("a run for the second event", second_run, 30, scheduler_log)
        consumed = api_get(f"/dags/{DAG_ID}/dagRuns/{run2['dag_run_id']}/upstreamAssetEvents")
        assert uuids_of(consumed["asset_events"]) == ["SecondMeetingUuid0000=="]
        queued = rest.get(f"{base}/api/v2/dags/{DAG_ID}/assets/queuedEvents", timeout=10)
        if not AIRFLOW_V_3_1_PLUS and queued.status_code == 404:
            pass  # Airflow 3.0 answers 404, not an empty list, when nothing is queued
        else:
            assert queued.status_code == 200 and queued.json()["total_entries"] == 0, queued.text
        assert api_get(f"/dags/{DAG_ID}/dagRuns")["total_entries"] == 2
    finally:
        if scheduler is not None:
            _stop(scheduler)
        _stop(api)

    server_log = api_log.read_text(errors="replace")
    assert "recorded on asset zoom://emulator-account/recording.completed" in server_log
    for secret in (SECRET, event["download_token"]):
        assert secret not in server_log


@pytest.mark.timeout(600)
def test_one_event_per_delivery_across_three_api_server_workers_on_postgres(tmp_path):
    """The same delivery posted to ``api-server --workers 3`` at once, again and again: one event each."""
    from concurrent.futures import ThreadPoolExecutor

    from tests.harness.deployment import PostgresServer

    home = tmp_path / "airflow"
    (home / "dags").mkdir(parents=True)
    (home / "dags" / "zoom_webhook_consumer.py").write_text(
        textwrap.dedent(CONSUMER_DAG.format(out=str(home / "runs.jsonl"), dag_id=DAG_ID, account=ACCOUNT))
    )
    postgres = PostgresServer(tmp_path / "postgres").start()
    api = None
    try:
        port = _free_port()
        env = _env(home, port)
        env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = postgres.url
        airflow = [sys.executable, "-m", "airflow"]
        base = f"http://127.0.0.1:{port}"
        url = f"{base}/zoom/webhooks/zoom_default"
        _run([*airflow, "db", "migrate"], env, timeout=300)
        _run([*airflow, "dags", "reserialize"], env, timeout=120)
        api_log = home / "api-server.log"
        serve = [*airflow, "api-server", "--host", "127.0.0.1", "--port", str(port), "--workers", "3"]
        # One connection per worker: a delivery must never need a second one while it holds the first.
        pool = {
            "AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_SIZE": "1",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_MAX_OVERFLOW": "0",
        }
        api = _start(serve, {**env, **pool}, api_log)
        _wait_for(
            "the API server",
            lambda: requests.get(f"{base}/api/v2/monitor/health", timeout=2).ok,
            180,
            api_log,
        )

        def send(body: bytes) -> tuple[int, str]:
            return post_signed(url, body, secret_token=SECRET)

        rounds, copies = 6, 12
        answers = []
        sent_uuids = []
        with ThreadPoolExecutor(copies) as pool:
            for index in range(rounds):
                event = build_event("recording.completed", account_id=ACCOUNT)
                event["payload"]["object"]["uuid"] = f"WorkersMeeting{index:04d}=="
                sent_uuids.append(event["payload"]["object"]["uuid"])
                body = json.dumps(event).encode()
                # Each copy on a connection of its own, so the workers share them out.
                replies = list(pool.map(send, [body] * copies))
                answers.append(sorted(json.loads(text)["status"] for _, text in replies))
                assert {status for status, _ in replies} == {200}, replies

        events = requests.get(f"{base}/api/v2/assets/events", params={"limit": 1000}, timeout=30).json()
        recorded = [
            e["extra"]["payload"]["object"]["uuid"]
            for e in events["asset_events"]
            if e["uri"] == f"zoom://{ACCOUNT}/recording.completed"
        ]
        duplicates = len(recorded) - len(set(recorded))
        assert sorted(recorded) == sorted(sent_uuids), f"{duplicates} duplicate asset events: {answers}"
        assert answers == [["duplicate"] * (copies - 1) + ["registered"]] * rounds
        assert len(set(_worker_pids(api_log))) == 3, api_log.read_text(errors="replace")[-4000:]
    finally:
        if api is not None:
            _stop(api)
        postgres.stop()


def _worker_pids(log: Path) -> list[str]:
    import re

    return re.findall(r"Started server process \[(\d+)\]", log.read_text(errors="replace"))
