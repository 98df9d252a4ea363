"""
Refresh-token OAuth across task processes: separate ``airflow dags test`` processes share one
metadata database (SQLite) and its Variable through the Task SDK, and ask the emulator for a token
at the same moment. The emulator honours each refresh token once, as Zoom does.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROCESSES = 8
VARIABLE = "zoom_refresh_token"

# Each DAG's task waits at a barrier (a socket the test releases once every task has connected), so
# all of them need their first token at the same moment, as mapped tasks starting together do.
DAG_SOURCE = textwrap.dedent(
    """
    import os
    import socket

    from airflow.sdk import DAG, task

    from airflow_provider_zoom.hooks.zoom import ZoomHook

    for index in range(int(os.environ["ZOOM_TEST_PROCESSES"])):
        with DAG(f"refresh_token_{index}", schedule=None) as dag:

            @task
            def call_zoom():
                with socket.create_connection(("127.0.0.1", int(os.environ["ZOOM_TEST_BARRIER"]))) as s:
                    s.recv(1)
                return ZoomHook().get_current_user()["id"]

            call_zoom()
        globals()[dag.dag_id] = dag
    """
)


class Barrier:
    """A loopback socket that holds every connected task until ``parties`` have connected."""

    def __init__(self, parties: int) -> None:
        self.parties = parties
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]

    def release_when_full(self, procs: list[subprocess.Popen[str]], timeout: float) -> None:
        """Release the tasks once all have connected; fail as soon as too many processes have ended."""
        import time

        deadline = time.monotonic() + timeout
        # Short accept timeouts only to notice processes that ended before reaching the barrier.
        self.server.settimeout(1.0)
        waiting: list[socket.socket] = []
        try:
            while len(waiting) < self.parties:
                try:
                    conn, _ = self.server.accept()
                except TimeoutError:
                    # A process that ended has not connected (a connected one waits in recv).
                    ended = [p for p in procs if p.poll() is not None]
                    if ended or time.monotonic() > deadline:
                        output = "\n---\n".join((p.stdout.read() if p.stdout else "")[-3000:] for p in ended)
                        raise AssertionError(
                            f"{len(waiting)} of {self.parties} tasks arrived:\n{output}"
                        ) from None
                    continue
                waiting.append(conn)
            for conn in waiting:
                conn.sendall(b"1")
        finally:
            for conn in waiting:
                conn.close()
            self.server.close()


def _airflow(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "airflow", *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, (args, result.stdout[-3000:], result.stderr[-3000:])
    return result.stdout


def _exchange(zoom, refresh_token: str) -> int:
    import requests

    reply = requests.post(
        f"{zoom.oauth_base_url}/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        auth=(zoom.client_id, zoom.client_secret),
        timeout=30,
    )
    return reply.status_code


@pytest.mark.e2e
@pytest.mark.timeout(900)
def test_parallel_task_processes_share_one_rotating_refresh_token(tmp_path: Path) -> None:
    from airflow_provider_zoom.testing import ZoomEmulator
    from tests.harness.airflow_env import airflow_env, dag_run_succeeded, prepare_home

    dag_file = tmp_path / "refresh_token_dags.py"
    dag_file.write_text(DAG_SOURCE)
    home = tmp_path / "airflow"
    dags = prepare_home(home, [dag_file])
    barrier = Barrier(PROCESSES)
    with ZoomEmulator(seed=3) as zoom:
        conn = zoom.connection()
        conn["extra"].update(auth_type="refresh_token", refresh_token_variable=VARIABLE)
        env = airflow_env(
            home,
            dags,
            {
                "AIRFLOW_CONN_ZOOM_DEFAULT": json.dumps(conn),
                "ZOOM_TEST_BARRIER": str(barrier.port),
                "ZOOM_TEST_PROCESSES": str(PROCESSES),
            },
        )
        # The DAGs enter the database once, before the processes that would all insert them at once.
        _airflow(env, "dags", "reserialize")
        # A bare refresh token, as earlier versions stored it.
        _airflow(env, "variables", "set", VARIABLE, zoom.initial_refresh_token)
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "airflow", "dags", "test", f"refresh_token_{index}"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for index in range(PROCESSES)
        ]
        try:
            barrier.release_when_full(procs, timeout=600)
            outputs = [proc.communicate(timeout=600)[0] for proc in procs]
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
        failed = [
            out[-3000:]
            for proc, out in zip(procs, outputs, strict=True)
            if not dag_run_succeeded(subprocess.CompletedProcess(proc.args, proc.returncode, out, ""))
        ]
        stored = _airflow(env, "variables", "get", VARIABLE).strip()
        with zoom.state.lock:
            grants = list(zoom.state.token_grants)

        assert not failed, f"{len(failed)} of {PROCESSES} task processes failed:\n" + "\n---\n".join(failed)
        # Every process got a token; at least one refresh happened and not one per process.
        assert 1 <= grants.count("refresh_token") < PROCESSES, grants
        # The Variable ends holding a refresh token Zoom still honours.
        assert _exchange(zoom, json.loads(stored)["refresh_token"]) == 200
        for out in outputs:
            assert zoom.client_secret not in out and json.loads(stored)["access_token"] not in out
