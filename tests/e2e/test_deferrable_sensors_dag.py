"""The deferrable-sensor example DAG, run end to end under ``airflow dags test`` against the Zoom emulator."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.compat import without_airflow_30_masker_lines

DAG_FILE = Path(__file__).resolve().parents[2] / "example_dags" / "zoom_wait_for_recording.py"
READY_AFTER = 3.0


@pytest.mark.e2e
def test_wait_for_recording_dag_defers_until_the_recording_is_ready():
    from airflow_provider_zoom.testing import ZoomEmulator
    from tests.harness.airflow_env import dag_run_succeeded, run_dag_test

    with ZoomEmulator(seed=3, users=2, meetings_per_user=1, recording_size=4096) as zoom:
        past = zoom.state.add_recorded_meeting(meeting_id=84455566677, ready_after=3600)
        recordings_path = f"/v2/meetings/{past['id']}/recordings"
        made_ready_at: list[float] = []
        stop = threading.Event()

        def make_ready_after_first_look() -> None:
            # Airflow's start-up time varies: the delay counts from the sensor's first look, not from now.
            while not stop.wait(0.05):
                if any(r["path"] == recordings_path for r in list(zoom.state.requests)):
                    with zoom.state.lock:
                        past["_recording"]["_ready_at"] = time.time() + READY_AFTER
                    made_ready_at.append(time.time())
                    return

        watcher = threading.Thread(target=make_ready_after_first_look, daemon=True)
        watcher.start()
        try:
            result = run_dag_test(
                DAG_FILE,
                "zoom_wait_for_recording",
                env={**zoom.connection_env(), "ZOOM_POKE_INTERVAL": "1"},
                conf={"meeting_id": past["id"]},
                timeout=300,
            )
        finally:
            stop.set()
            watcher.join()
        output = result.stdout + result.stderr
        assert dag_run_succeeded(result), output[-4000:]

        calls = [r for r in zoom.state.requests if r["path"] == recordings_path]
        # The first look found the files processing, the trigger kept polling, the last look found them done.
        assert len(calls) >= 2, calls
        assert all(r["status"] == 200 for r in calls)
        assert made_ready_at and calls[-1]["time"] >= made_ready_at[0] + READY_AFTER - 0.1
        assert any(r["path"] == f"/v2/past_meetings/{past['id']}" for r in zoom.state.requests)

    # recording_ready deferred, and its trigger ran inline (``airflow dags test`` runs triggers itself)
    assert "Pausing task as DEFERRED" in output, output[-3000:]
    assert "running trigger in line" in output and "Trigger completed" in output
    assert "Recording " in output and "is ready" in output
    assert zoom.client_secret not in without_airflow_30_masker_lines(output)
