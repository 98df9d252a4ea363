"""OpenLineage of the transfers, read through the OpenLineage provider's own extractor machinery."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import pytest

from airflow_provider_zoom.transfers._lineage import safe_id, source_name, storage_dataset_id

pytest.importorskip("airflow.providers.openlineage")
pytest.importorskip("pyarrow")


@pytest.fixture
def zoom(emulated_zoom):
    return emulated_zoom


def extract(task):
    """What the OpenLineage listener asks for when a task succeeds."""
    from airflow.providers.openlineage.extractors.manager import ExtractorManager
    from airflow.utils.state import TaskInstanceState

    dagrun = SimpleNamespace(run_id="manual__1", dag_id="d")
    ti = SimpleNamespace(task_id=task.task_id, dag_id="d", run_id="manual__1", try_number=1, map_index=-1)
    return ExtractorManager().extract_metadata(dagrun, task, TaskInstanceState.SUCCESS, task_instance=ti)


def test_report_extract_lineage_has_the_report_in_and_the_file_out(zoom, tmp_path):
    from airflow_provider_zoom.hooks.extracts import extract_columns
    from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator

    [webinar] = zoom.state.past_webinars.values()
    ref = webinar.get("uuid") or str(webinar["id"])
    op = ZoomReportToObjectStorageOperator(
        task_id="participants",
        extract="webinar_participants",
        path_params={"webinar_id": ref},
        dest=f"file://{tmp_path}/participants.parquet",
    )
    result = op.execute(context={})
    lineage = extract(op)
    [source] = lineage.inputs
    assert (source.namespace, source.name) == (
        "zoom://emulator-account",
        f"report/webinars/{safe_id(ref)}/participants",
    )
    [out] = lineage.outputs
    assert (out.namespace, out.name) == ("file", f"{tmp_path}/participants.parquet")
    stats = out.outputFacets["outputStatistics"]
    assert (stats.rowCount, stats.size) == (result["rows"], result["bytes"])
    assert result["rows"] > 0
    fields = [(f.name, f.type) for f in out.facets["schema"].fields]
    assert fields == list(extract_columns("webinar_participants").items())


def test_archive_lineage_has_each_meeting_in_and_each_file_out(zoom, tmp_path):
    from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator

    meeting = next(m for m in zoom.state.past_meetings.values() if m.get("_recording"))
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="archive", meeting_id=meeting["uuid"], dest=f"file://{tmp_path}/archive/"
    )
    rows = op.execute(context={})
    lineage = extract(op)
    assert [(d.namespace, d.name) for d in lineage.inputs] == [
        ("zoom://emulator-account", f"meetings/{safe_id(meeting['uuid'])}/recordings")
    ]
    archived = {r["path"].removeprefix("file://"): r["bytes"] for r in rows if r["status"] == "archived"}
    assert archived
    outputs = {d.name: d.outputFacets["outputStatistics"].size for d in lineage.outputs}
    assert outputs == archived
    assert {d.namespace for d in lineage.outputs} == {"file"}
    for name, size in outputs.items():
        assert (tmp_path / name.removeprefix(f"{tmp_path}/")).stat().st_size == size


def test_no_lineage_before_the_task_ran_and_no_failure_without_a_connection(tmp_path, monkeypatch):
    from airflow_provider_zoom.transfers._lineage import recordings_lineage
    from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator

    op = ZoomReportToObjectStorageOperator(task_id="r", extract="users", dest=f"file://{tmp_path}/u.jsonl")
    assert op.get_openlineage_facets_on_complete(None) is None
    monkeypatch.delenv("AIRFLOW_CONN_ZOOM_DEFAULT", raising=False)
    rows = [{"meeting_uuid": "a/b+c==", "path": "s3://bucket/zoom/x.mp4", "bytes": 3, "status": "archived"}]
    lineage = recordings_lineage(
        rows + [{"status": "failed", "path": "s3://bucket/zoom/y.mp4"}], "missing_conn"
    )
    assert [(d.namespace, d.name) for d in lineage.inputs] == [
        ("zoom://missing_conn", "meetings/a_b-c==/recordings")
    ]
    assert [(d.namespace, d.name) for d in lineage.outputs] == [("s3://bucket", "zoom/x.mp4")]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://bucket/zoom/a.mp4", ("s3://bucket", "zoom/a.mp4")),
        ("gs://b/k/x.parquet", ("gs://b", "k/x.parquet")),
        ("file:///data/zoom/a.csv", ("file", "/data/zoom/a.csv")),
    ],
)
def test_dataset_names_follow_openlineage_naming(url, expected):
    assert storage_dataset_id(url) == expected


def test_source_name_fills_ids_url_safe():
    assert source_name("/report/webinars/{webinar_id}/participants", {"webinar_id": "ab/c+d=="}) == (
        "report/webinars/ab_c-d==/participants"
    )
    assert source_name("/users/{user_id}/recordings", {}) == "users/{user_id}/recordings"


def test_importing_the_transfers_does_not_import_openlineage():
    code = (
        "import sys\n"
        "import airflow_provider_zoom.transfers.recordings, airflow_provider_zoom.transfers.reports\n"
        # Airflow's provider discovery reads the OpenLineage provider's info module; nothing more may load.
        "heavy = ('openlineage', 'pyarrow', 'airflow.providers.openlineage.extractors',"
        " 'airflow.providers.openlineage.plugins', 'airflow.providers.common.compat.openlineage')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
