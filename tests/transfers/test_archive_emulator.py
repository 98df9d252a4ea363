"""The archive against the local Zoom emulator: real HTTP, redirects to another origin, dropped streams."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator, file_identity

pytestmark = pytest.mark.clock

RECORDING_SIZE = 5 * 512 * 1024  # > one 1 MiB read, so a cut stream resumes with Range


@pytest.fixture(scope="module")
def emulator():
    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(recording_size=RECORDING_SIZE, seed=11, users=2, meetings_per_user=2) as zoom:
        yield zoom


@pytest.fixture
def zoom(emulator, monkeypatch):
    """A freshly seeded emulator behind ``zoom_default``; the hook does not sleep between retries."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    emulator.state.set_options(fault_rate=0.0, download_fault_rate=None, download_401_rate=0.0)
    emulator.state.reset()
    for key, value in emulator.connection_env().items():
        monkeypatch.setenv(key, value)
    real_init = ZoomHook.__init__

    def fast_init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self._sleep = lambda _seconds: None

    monkeypatch.setattr(ZoomHook, "__init__", fast_init)
    return emulator


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def expected_files(zoom, meetings) -> dict[tuple[str, str], str]:
    """(meeting uuid, file identity) -> the sha256 an archived copy must have."""
    from airflow_provider_zoom.testing import expected_sha256

    expected = {}
    for meeting in meetings:
        for item in meeting["recording_files"]:
            info = zoom.state.download_file(item["download_url"])
            expected[(meeting["uuid"], file_identity(meeting, item))] = expected_sha256(
                info["key"], info["size"]
            )
    return expected


def listed(zoom):
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    return ZoomHook().list_account_recordings(today(), today())


def test_account_archive_matches_zoom_byte_for_byte(zoom, dest):
    meetings = listed(zoom)
    expected = expected_files(zoom, meetings)
    assert len(expected) >= 6  # every seeded recording has MP4, M4A, TRANSCRIPT, CHAT, CC, TIMELINE

    op = ZoomRecordingsToObjectStorageOperator(
        task_id="archive", dest=dest.url, dest_conn_id=dest.conn_id, from_=today(), to=today()
    )
    rows = op.execute(context={})

    assert {(r["meeting_uuid"], r["file_key"]): r["sha256"] for r in rows} == expected
    for row in rows:
        assert hashlib.sha256(dest.read(row["key"])).hexdigest() == row["sha256"]
    # The bearer token never reached the CDN origin, which did serve every file.
    assert len(zoom.state.cdn_requests) == len(expected)
    assert not any(r["authorization"] for r in zoom.state.cdn_requests)


def test_dropped_streams_resume_to_identical_copies(zoom, dest):
    expected = expected_files(zoom, listed(zoom))
    resumed = False
    # Which reads the emulator cuts depends on its fault seed; try seeds until one cut lands mid-file
    # (after a full read), so the copy must be completed with a Range request.
    for seed in range(10):
        zoom.state.set_options(fault_rate=0.4, fault_seed=seed)
        zoom.state.cdn_requests.clear()
        op = ZoomRecordingsToObjectStorageOperator(
            task_id="archive",
            dest=f"{dest.url}seed{seed}/",
            dest_conn_id=dest.conn_id,
            from_=today(),
            to=today(),
            max_active_downloads=1,
        )
        rows = op.execute(context={})
        assert {(r["meeting_uuid"], r["file_key"]): r["sha256"] for r in rows} == expected
        for row in rows:
            assert hashlib.sha256(dest.read(f"seed{seed}/{row['key']}")).hexdigest() == row["sha256"]
        if any(r["range"] and r["range"] != "bytes=0-" for r in zoom.state.cdn_requests):
            resumed = True
            break
    assert resumed, "no download was cut mid-file: the test proves nothing"
    assert not any(".partial" in k for k in dest.list_keys())


def test_trash_after_archive_then_rerun_is_a_no_op(zoom, tmp_path):
    [meeting, *_] = listed(zoom)
    kwargs = {"task_id": "a", "dest": f"file://{tmp_path}/", "meeting_id": meeting["uuid"]}
    rows = ZoomRecordingsToObjectStorageOperator(delete_after_archive="trash", **kwargs).execute(context={})
    assert {r["status"] for r in rows} == {"archived"}
    assert meeting["uuid"] not in {m["uuid"] for m in listed(zoom)}  # trashed in Zoom
    assert (
        ZoomRecordingsToObjectStorageOperator(delete_after_archive="trash", **kwargs).execute(context={})
        == []
    )


def test_processing_recording_is_skipped_and_not_trashed(zoom, tmp_path):
    past = zoom.state.add_recorded_meeting(
        "me", topic="Still processing", ready_after=3600, uuid="StillProcessingMeeting01=="
    )
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=past["uuid"], delete_after_archive="trash"
    )
    rows = op.execute(context={})
    assert {r["status"] for r in rows if r["file_id"]} == {"not_ready"}
    assert all(not f["_trashed"] for f in past["_recording"]["_files"])


def test_rerun_downloads_nothing(zoom, tmp_path):
    kwargs = {"task_id": "a", "dest": f"file://{tmp_path}/", "from_": today(), "to": today()}
    first = ZoomRecordingsToObjectStorageOperator(**kwargs).execute(context={})
    served = len(zoom.state.cdn_requests)
    second = ZoomRecordingsToObjectStorageOperator(**kwargs).execute(context={})
    assert {r["status"] for r in second} == {"skipped"}
    assert len(second) == len(first)
    assert len(zoom.state.cdn_requests) == served


def test_webhook_download_token_archives_the_meeting(zoom, tmp_path):
    [meeting, *_] = listed(zoom)
    token = zoom.state.issue_download_token(meeting["uuid"])
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"], download_token=token
    )
    rows = op.execute(context={})
    assert {r["status"] for r in rows} == {"archived"}


def test_download_refusing_oauth_falls_back_to_the_meeting_token(zoom, tmp_path):
    [meeting, *_] = listed(zoom)
    zoom.state.set_options(download_401_rate=1.0)
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="a", dest=f"file://{tmp_path}/", meeting_id=meeting["uuid"]
    )
    rows = op.execute(context={})
    assert {r["status"] for r in rows} == {"archived"}
    assert not any(r["authorization"] for r in zoom.state.cdn_requests)


def test_streams_that_keep_breaking_fail_leaving_nothing_behind(zoom, dest):
    """Every download is cut: the operator fails, no object at any final path, nothing trashed in Zoom."""
    from airflow_provider_zoom.version_compat import AirflowException

    meetings = listed(zoom)
    zoom.state.set_options(download_fault_rate=1.0)
    zoom.state.requests.clear()
    op = ZoomRecordingsToObjectStorageOperator(
        task_id="archive",
        dest=f"{dest.url}broken/",
        dest_conn_id=dest.conn_id,
        from_=today(),
        to=today(),
        delete_after_archive="trash",
        max_active_downloads=2,
    )
    with pytest.raises(AirflowException, match="could not be archived; nothing was deleted"):
        op.execute(context={})
    media = [k for k in dest.list_keys() if k.lower().endswith((".mp4", ".m4a"))]
    assert media == []  # a cut file never appears at its final path
    assert not any(".partial" in k for k in dest.list_keys())
    assert not [r for r in zoom.state.requests if r["method"] == "DELETE"]  # nothing trashed
    assert {m["uuid"] for m in listed(zoom)} == {m["uuid"] for m in meetings}
