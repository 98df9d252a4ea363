"""The meeting-automation example DAG, run under ``airflow dags test`` against the Zoom emulator."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.compat import without_airflow_30_masker_lines

DAG_FILE = Path(__file__).resolve().parents[2] / "example_dags" / "zoom_meeting_automation.py"


@pytest.mark.e2e
def test_meeting_automation_dag_runs_against_the_emulator(tmp_path):
    from airflow_provider_zoom.testing import ZoomEmulator
    from tests.harness.airflow_env import dag_run_succeeded, run_dag_test

    with ZoomEmulator(seed=7) as zoom:
        meetings_before = set(zoom.state.meetings)
        home = tmp_path / "airflow"
        result = run_dag_test(
            DAG_FILE, "zoom_meeting_automation", env=zoom.connection_env(), home=home, timeout=480
        )
        output = result.stdout + result.stderr
        assert dag_run_succeeded(result), output[-5000:]

        with zoom.state.lock:
            created = [m for mid, m in zoom.state.deleted_meetings.items() if mid not in meetings_before]
            assert len(created) == 1, "the DAG should have created exactly one meeting and deleted it"
            meeting = created[0]
            assert meeting["id"] not in zoom.state.meetings
            registrants = zoom.state.registrants.get(meeting["id"], [])
            emails = sorted(r["email"] for r in registrants)
            statuses = {r["status"] for r in registrants}
            requests = [(r["method"], r["path"]) for r in zoom.state.requests]

        # The update step renamed it with the registrant count and lengthened it.
        assert meeting["topic"].endswith(", 3 registered)"), meeting["topic"]
        assert meeting["duration"] == 60
        assert meeting["settings"]["approval_type"] == 0
        assert emails == ["ada.lovelace@example.com", "alan.turing@example.com", "grace.hopper@example.com"]
        assert statuses == {"approved"}

        mid = meeting["id"]
        for expected in [
            ("POST", "/v2/users/me/meetings"),
            ("POST", f"/v2/meetings/{mid}/batch_registrants"),
            ("GET", f"/v2/meetings/{mid}/invitation"),
            ("PATCH", f"/v2/meetings/{mid}"),
            ("GET", f"/v2/meetings/{mid}/registrants"),
            ("DELETE", f"/v2/meetings/{mid}"),
        ]:
            assert expected in requests, (expected, requests)
        # No secret reached the task logs.
        assert zoom.client_secret not in without_airflow_30_masker_lines(output)

    # The worker stored the create task's extra link, built from the id it pushed.
    with sqlite3.connect(home / "airflow.db") as db:
        links = dict(
            db.execute("SELECT task_id, value FROM xcom WHERE key = '_link_ZoomMeetingLink'").fetchall()
        )
    assert json.loads(links["create_meeting"]) == f"https://zoom.us/meeting/{mid}"
