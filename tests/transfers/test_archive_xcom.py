"""Small XComs: past ``max_xcom_rows`` files the archive returns counts and manifest paths."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from airflow_provider_zoom._values.dates import utc_today
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator, archive_totals
from airflow_provider_zoom.transfers.recordings.provenance import is_record_name

# Expectations follow the same clock the emulator seeds from; rerun under pinned clocks.
pytestmark = pytest.mark.clock


@pytest.fixture(scope="module")
def emulator():
    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(recording_size=4096, seed=5, users=2, meetings_per_user=2) as zoom:
        yield zoom


@pytest.fixture
def zoom(emulator, monkeypatch):
    emulator.state.reset()
    for key, value in emulator.connection_env().items():
        monkeypatch.setenv(key, value)
    return emulator


def archive(tmp_path: Path, **kwargs):
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="archive", dest=f"file://{tmp_path}/", from_=utc_today(), to=utc_today(), **kwargs
    )
    return op.execute(context={})


def test_rows_up_to_the_threshold_then_counts_and_manifests(zoom, tmp_path):
    rows = archive(tmp_path / "a", max_xcom_rows=None)
    assert isinstance(rows, list) and len(rows) >= 12
    assert archive(tmp_path / "b", max_xcom_rows=len(rows)) == [
        {**r, "path": r["path"].replace(f"{tmp_path}/a/", f"{tmp_path}/b/")} for r in rows
    ]

    totals = archive(tmp_path / "c", max_xcom_rows=len(rows) - 1)
    files = [
        p
        for p in (tmp_path / "c").rglob("*")
        if p.is_file() and "zoom-manifest-" not in p.name and not is_record_name(p.name)
    ]
    manifests = sorted((tmp_path / "c").rglob("zoom-manifest-*.json"))
    assert totals == {
        "files": len(files),
        "archived": len(files),
        "skipped": 0,
        "not_ready": 0,
        "left_in_zoom": 0,
        "kept_in_zoom": 0,
        "bytes": sum(p.stat().st_size for p in files),
        "in_zoom_reasons": {},
        "manifests": [f"file://{p}" for p in manifests],
    }
    assert len(manifests) == len({r["meeting_uuid"] for r in rows})
    # The manifests hold what the rows held: every file's path, size and sha256.
    entries = {e["url"]: e for m in manifests for e in json.loads(m.read_text())["files"]}
    assert sorted(entries) == sorted(f"file://{p}" for p in files)
    assert len(json.dumps(totals)) < len(json.dumps(rows)) / 4

    # A rerun skips everything and says so in its counts.
    again = archive(tmp_path / "c", max_xcom_rows=0)
    assert again["skipped"] == again["files"] == len(files) and again["archived"] == 0


def test_archive_totals_adds_up_rows_and_earlier_totals():
    rows = [
        {"status": "archived", "bytes": 10},
        {"status": "skipped", "bytes": 5},
        {"status": "not_ready", "bytes": None, "reason": "processing"},
        {"status": "archived", "bytes": 4, "kept_in_zoom": "resized"},
        {"status": "left_in_zoom", "bytes": None, "reason": "listed late"},
        {"status": "left_in_zoom", "bytes": None, "reason": "listed late"},
    ]
    earlier = {
        "files": 2,
        "archived": 1,
        "skipped": 1,
        "not_ready": 0,
        "left_in_zoom": 1,
        "bytes": 7,
        "in_zoom_reasons": {"filtered": 1},
        "manifests": ["m2", "m1"],
    }
    assert archive_totals([rows, earlier, None, []], manifests=["m1", "m3"]) == {
        "files": 5,
        "archived": 3,
        "skipped": 2,
        "not_ready": 1,
        "left_in_zoom": 3,
        "kept_in_zoom": 1,
        "bytes": 26,
        "in_zoom_reasons": {"filtered": 1, "listed late": 2, "resized": 1},
        "manifests": ["m1", "m2", "m3"],
    }


@pytest.mark.parametrize("value", [-1, 1.5, "10", True])
def test_max_xcom_rows_must_be_a_count(value):
    with pytest.raises(ZoomConfigError, match="max_xcom_rows"):
        ZoomRecordingsToObjectStorageOperator(task_id="t", dest="file:///tmp/x/", max_xcom_rows=value)
