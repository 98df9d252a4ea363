"""The archive's steps alone: planning, rows, manifest entries, the source's day range."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import FrozenInstanceError
from pathlib import PurePosixPath
from urllib.parse import parse_qs, urlsplit

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator
from airflow_provider_zoom.transfers.recordings.manifest import ManifestEntry
from airflow_provider_zoom.transfers.recordings.plan import (
    RecordingFile,
    Selection,
    check_collisions,
    plan_meeting,
)
from airflow_provider_zoom.transfers.recordings.results import (
    STATUS_ARCHIVED,
    STATUS_FAILED,
    STATUS_NOT_READY,
    STATUS_SKIPPED,
    FileRow,
)
from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator
from airflow_provider_zoom.validation import check_low_speed

LOG = logging.getLogger(__name__)
MEETING = {"uuid": "abc/+==", "id": 123, "topic": "Sync", "start_time": "2024-03-05T10:00:00Z"}


def item(file_id: str, file_type: str = "MP4", **extra):
    return {
        "id": file_id,
        "file_type": file_type,
        "recording_type": "shared_screen_with_speaker_view",
        "recording_start": "2024-03-05T10:00:00Z",
        "status": "completed",
        "download_url": f"https://zoom.test/rec/{file_id}",
        "file_size": 10,
        **extra,
    }


def selection(tmp_path, **kwargs) -> Selection:
    from airflow.sdk import ObjectStoragePath

    return Selection(
        dest=ObjectStoragePath(f"file://{tmp_path}/"), template="{meeting_id}/{file_id}.{ext}", **kwargs
    )


def a_file(tmp_path, entry=None) -> RecordingFile:
    entry = entry or item("f1")
    chosen = selection(tmp_path)
    return RecordingFile(
        MEETING, entry, entry["id"], f"123/{entry['id']}.mp4", chosen.dest / f"123/{entry['id']}.mp4", 10
    )


# ---------------------------------------------------------------------- planning
def test_a_plan_sorts_files_into_jobs_waiting_rows_and_left_out(tmp_path):
    meeting = {
        **MEETING,
        "recording_files": [
            item("ready"),
            item("audio", "M4A", recording_type="audio_only"),
            item("busy", status="processing"),
            item("no-url", download_url=None),
            item("unsized", file_size=None),
            # No status: follows the rest of its recording, which is still processing.
            {**item("cc", "CC"), "status": None, "recording_type": None},
        ],
    }
    plan = plan_meeting(
        meeting, selection(tmp_path, recording_types=frozenset({"shared_screen_with_speaker_view"})), LOG
    )

    assert [job.file_key for job in plan.jobs] == ["ready", "unsized"]
    assert [job.expected_size for job in plan.jobs] == [10, None]
    assert [(row.file.file_key, row.status, row.reason) for row in plan.not_ready] == [
        ("busy", STATUS_NOT_READY, "processing"),
        ("no-url", STATUS_NOT_READY, "no download_url"),
        ("cc", STATUS_NOT_READY, "processing"),
    ]
    assert plan.unselected == 1
    assert plan.manifest is not None and plan.manifest.name == "zoom-manifest-abc_-==.json"
    assert str(plan.manifest.parent).endswith("/123")
    with pytest.raises(FrozenInstanceError):
        plan.unselected = 0  # type: ignore[misc]


def test_a_meeting_without_files_plans_nothing(tmp_path):
    plan = plan_meeting({**MEETING, "recording_files": []}, selection(tmp_path), LOG)
    assert (plan.jobs, plan.not_ready, plan.manifest) == ((), (), None)


def test_selection_keeps_files_without_a_recording_type():
    chosen = Selection(
        dest=PurePosixPath("/x"),
        template="{file_id}",
        file_types=frozenset({"CC", "MP4"}),
        recording_types=frozenset({"audio_only"}),
    )  # type: ignore[arg-type]
    assert chosen.wants({"file_type": "cc"})
    assert not chosen.wants({"file_type": "MP4", "recording_type": "gallery_view"})
    assert not chosen.wants({"file_type": "M4A", "recording_type": "audio_only"})


def test_two_files_on_one_key_name_the_template(tmp_path):
    chosen = Selection(dest=selection(tmp_path).dest, template="{topic}.{ext}")
    plan = plan_meeting({**MEETING, "recording_files": [item("a"), item("b")]}, chosen, LOG)
    with pytest.raises(ZoomConfigError) as err:
        check_collisions([plan])
    assert err.value.field == "path_template"


# ---------------------------------------------------------------------- rows
def test_rows_keep_their_xcom_shape_per_status(tmp_path):
    file = a_file(tmp_path)
    archived = FileRow(file, STATUS_ARCHIVED, size=10, sha256="ab", verified=True).to_xcom()
    assert list(archived) == [
        "meeting_uuid",
        "meeting_id",
        "file_id",
        "file_key",
        "file_type",
        "recording_type",
        "recording_start",
        "recording_end",
        "key",
        "path",
        "bytes",
        "sha256",
        "status",
        "verified",
    ]
    assert archived["path"] == f"file://{tmp_path}/123/f1.mp4"
    assert (archived["bytes"], archived["status"], archived["verified"]) == (10, "archived", True)
    waiting = FileRow(file, STATUS_NOT_READY, reason="processing").to_xcom()
    assert waiting["reason"] == "processing" and "verified" not in waiting and waiting["bytes"] is None
    failed = FileRow(file, STATUS_FAILED, error="ZoomApiError: no").to_xcom()
    assert failed["error"] == "ZoomApiError: no" and "reason" not in failed
    assert FileRow(file, STATUS_SKIPPED, size=10, verified=True).done
    assert not FileRow(file, STATUS_ARCHIVED, size=10).done  # written, not verified


# ---------------------------------------------------------------------- manifest entries
def test_manifest_entries_read_back_and_keep_what_a_skip_does_not_know(tmp_path):
    before = ManifestEntry.from_json(
        {
            "file_key": "f1",
            "path": "123/f1.mp4",
            "size": 10,
            "sha256": "old",
            "archived_at": "then",
            "later": 1,
        }
    )
    assert before.sha256 == "old" and before.file_type is None
    # A key a newer version wrote is kept, and written back, not dropped.
    assert before.extra == {"later": 1}
    assert before.to_json()["later"] == 1 and before.to_json()["sha256"] == "old"
    assert "extra" not in before.to_json()
    file = a_file(tmp_path)
    skipped = ManifestEntry.of(FileRow(file, STATUS_SKIPPED, size=10, verified=True), before, "now")
    assert (skipped.sha256, skipped.archived_at, skipped.url) == (
        "old",
        "then",
        f"file://{tmp_path}/123/f1.mp4",
    )
    archived = ManifestEntry.of(
        FileRow(file, STATUS_ARCHIVED, size=10, sha256="new", verified=True), before, "now"
    )
    assert (archived.sha256, archived.archived_at, archived.path) == ("new", "now", "123/f1.mp4")
    assert skipped.extra == archived.extra == {"later": 1}


# ---------------------------------------------------------------------- the day range
def test_both_transfers_are_zoom_operators_with_one_day_range_rule():
    assert issubclass(ZoomRecordingsToObjectStorageOperator, ZoomBaseOperator)
    assert issubclass(ZoomReportToObjectStorageOperator, ZoomBaseOperator)


def test_a_half_given_range_is_completed_from_the_data_interval(fake_zoom, tmp_path):
    fake_zoom.add_meeting()
    context = {
        "data_interval_start": dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc),
        "data_interval_end": dt.datetime(2024, 3, 8, tzinfo=dt.timezone.utc),
    }
    ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", user_id="me", from_="2024-03-03"
    ).execute(context)
    [listing] = [r for r in fake_zoom.mocker.request_history if "/users/me/recordings" in r.url]
    query = parse_qs(urlsplit(listing.url).query)
    assert (query["from"], query["to"]) == (["2024-03-03"], ["2024-03-07"])


# ---------------------------------------------------------------------- parse-time checks
@pytest.mark.parametrize(
    ("limit", "window", "field"),
    [
        (-1, 60, "download_speed_limit"),
        ("fast", 60, "download_speed_limit"),
        (1000, float("nan"), "download_speed_time"),
        (1000, 0, "download_speed_time"),
    ],
)
def test_low_speed_settings_name_the_bad_one(limit, window, field):
    with pytest.raises(ZoomConfigError) as err:
        check_low_speed(limit, window, prefix="download_")
    assert err.value.field == field
    check_low_speed(0, 0)  # the limit off needs no window


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"max_active_downloads": "4"}, "max_active_downloads"),
        ({"max_active_downloads": 65}, "max_active_downloads"),
        ({"upload_block_size": 1024}, "upload_block_size"),
        ({"download_token_ttl": 604801}, "download_token_ttl"),
        ({"download_token_ttl": None}, "download_token_ttl"),
    ],
)
def test_tuning_arguments_are_refused_at_parse_time(kwargs, field):
    with pytest.raises(ZoomConfigError) as err:
        ZoomRecordingsToObjectStorageOperator(task_id="a", dest="file:///tmp/x/", **kwargs)
    assert err.value.field == field
