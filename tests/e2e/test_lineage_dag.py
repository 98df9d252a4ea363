"""
The OpenLineage events of a real DAG run: ``airflow dags test`` with the OpenLineage provider's
listener and its file transport, against the Zoom emulator.

The archive task is mapped over meeting UUIDs, as in the webhook-driven archive DAG.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from airflow_provider_zoom.transfers.recordings.provenance import is_record_name
from tests.harness.airflow_env import dag_run_succeeded, run_dag_test

pytestmark = pytest.mark.e2e
pytest.importorskip("airflow.providers.openlineage")
pytest.importorskip("pyarrow")

DAG_ID = "zoom_lineage_probe"
DAG_FILE = textwrap.dedent(
    '''
    """Lineage probe: a report extract and a mapped archive, as the event-driven DAG maps it."""

    from __future__ import annotations

    import os

    from airflow.sdk import DAG

    from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator
    from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator

    DEST = os.environ["PROBE_DEST"]

    with DAG(dag_id="zoom_lineage_probe", schedule=None, catchup=False):
        ZoomReportToObjectStorageOperator(
            task_id="participants",
            extract="webinar_participants",
            path_params={"webinar_id": os.environ["PROBE_WEBINAR"]},
            dest=f"{DEST}/reports/participants.parquet",
        )
        ZoomRecordingsToObjectStorageOperator.partial(task_id="archive", dest=f"{DEST}/archive/").expand(
            meeting_id=[os.environ["PROBE_MEETING"]]
        )
    '''
)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    from airflow_provider_zoom.testing import ZoomEmulator

    work = tmp_path_factory.mktemp("lineage")
    dag_file = work / f"{DAG_ID}.py"
    dag_file.write_text(DAG_FILE)
    events = work / "openlineage.jsonl"
    out = work / "out"
    with ZoomEmulator(seed=31, recording_size=64 * 1024, users=1, meetings_per_user=2) as zoom:
        [webinar] = zoom.state.past_webinars.values()
        meeting = next(m for m in zoom.state.past_meetings.values() if m.get("_recording"))
        env = {
            **zoom.connection_env(),
            "PROBE_DEST": f"file://{out}",
            "PROBE_WEBINAR": webinar.get("uuid") or str(webinar["id"]),
            "PROBE_MEETING": meeting["uuid"],
            "AIRFLOW__OPENLINEAGE__NAMESPACE": "zoom-tests",
            "AIRFLOW__OPENLINEAGE__TRANSPORT": json.dumps(
                {"type": "file", "log_file_path": str(events), "append": True}
            ),
        }
        result = run_dag_test(dag_file, DAG_ID, env=env, timeout=300)
    assert dag_run_succeeded(result), result.stdout[-6000:] + result.stderr[-6000:]
    lines = events.read_text().splitlines() if events.exists() else []
    return {"events": [json.loads(line) for line in lines], "out": out, "meeting": meeting}


def complete(run, task_id: str) -> dict:
    [event] = [
        e for e in run["events"] if e["eventType"] == "COMPLETE" and e["job"]["name"] == f"{DAG_ID}.{task_id}"
    ]
    return event


def test_the_report_task_emits_the_zoom_report_in_and_the_parquet_file_out(run):
    event = complete(run, "participants")
    assert event["job"]["namespace"] == "zoom-tests"
    [source] = event["inputs"]
    assert source["namespace"] == "zoom://emulator-account"
    assert source["name"].startswith("report/webinars/") and source["name"].endswith("/participants")
    [out] = event["outputs"]
    path = run["out"] / "reports" / "participants.parquet"
    assert (out["namespace"], out["name"]) == ("file", str(path))
    stats = out["outputFacets"]["outputStatistics"]
    assert stats["size"] == path.stat().st_size

    import pyarrow.parquet as pq

    assert stats["rowCount"] == pq.read_metadata(path).num_rows > 0
    assert [f["name"] for f in out["facets"]["schema"]["fields"]][:2] == ["customer_key", "duration"]


def test_the_mapped_archive_task_emits_the_meeting_in_and_every_file_out(run):
    event = complete(run, "archive")
    [source] = event["inputs"]
    uuid = run["meeting"]["uuid"].replace("+", "-").replace("/", "_")
    assert (source["namespace"], source["name"]) == ("zoom://emulator-account", f"meetings/{uuid}/recordings")
    on_disk = {
        str(p): p.stat().st_size
        for p in (run["out"] / "archive").rglob("*")
        if p.is_file() and not p.name.startswith("zoom-manifest-") and not is_record_name(p.name)
    }
    emitted = {o["name"]: o["outputFacets"]["outputStatistics"]["size"] for o in event["outputs"]}
    assert emitted == on_disk and len(emitted) >= 2
