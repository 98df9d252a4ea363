"""The compliance archive operators against the Zoom emulator: the run's interval, results, and effects."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom.operators.archiving import (
    ZoomDeleteMeetingArchiveFilesOperator,
    ZoomGetArchiveFileStatisticsOperator,
    ZoomGetMeetingArchiveFilesOperator,
    ZoomListArchiveFilesOperator,
    ZoomSetArchiveFileAutoDeleteOperator,
)
from airflow_provider_zoom.testing.emulator.routes.archiving import add_archive

pytestmark = [pytest.mark.timeout(60), pytest.mark.clock]


def test_list_covers_the_runs_interval_in_seven_day_windows(emulator):
    zoom = emulator(users=1)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    interval = {
        "data_interval_start": now - dt.timedelta(days=10),
        "data_interval_end": now + dt.timedelta(hours=1),
    }
    archived = {p["uuid"] for p in zoom.state.past_meetings.values() if p.get("_archive")}
    assert archived  # the seed archives the latest instances

    rows = ZoomListArchiveFilesOperator(task_id="list").execute(context=interval)
    assert {m["uuid"] for m in rows} == archived
    windows = [r for r in zoom.state.requests if r["path"] == "/v2/archive_files"]
    assert len(windows) == 2
    sent = [dict(r["query"]) for r in windows]
    assert sent[0]["from"] == interval["data_interval_start"].strftime("%Y-%m-%dT%H:%M:%SZ")
    end = interval["data_interval_end"] - dt.timedelta(seconds=1)
    assert sent[1]["to"] == end.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_get_release_and_delete_one_instances_archive(emulator):
    zoom = emulator(users=1)
    past = zoom.state.add_recorded_meeting(topic="Archived")
    add_archive(zoom.state, past["uuid"])
    got = ZoomGetMeetingArchiveFilesOperator(task_id="get", meeting_uuid=past["uuid"]).execute(context={})
    assert got["status"] == "completed" and len(got["archive_files"]) == 3
    file_id = got["archive_files"][0]["id"]

    kept = ZoomSetArchiveFileAutoDeleteOperator(task_id="keep", file_id=file_id, auto_delete=False)
    assert kept.execute(context={}) == {"file_id": file_id, "auto_delete": False}
    assert past["_archive"]["_files"][0]["auto_delete"] is False

    stats = ZoomGetArchiveFileStatisticsOperator(task_id="stats").execute(context={})
    assert stats["statistic_by_file_status"]["completed_file_count"] >= 3

    deleted = ZoomDeleteMeetingArchiveFilesOperator(task_id="del", meeting_uuid=past["uuid"])
    assert deleted.execute(context={}) == {"meeting_uuid": past["uuid"]}
    assert "_archive" not in zoom.state.past_meetings[past["uuid"]]
