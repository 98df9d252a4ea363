"""Compliance archive files to every store through the recordings pipeline, against the Zoom emulator."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from airflow_provider_zoom.testing import expected_sha256
from airflow_provider_zoom.testing.emulator.routes.archiving import add_archive, add_archive_file
from airflow_provider_zoom.transfers.archives import ZoomArchiveFilesToObjectStorageOperator
from airflow_provider_zoom.transfers.recordings import MANIFEST_PREFIX
from airflow_provider_zoom.version_compat import AirflowException

pytestmark = pytest.mark.clock


def window() -> dict[str, str]:
    now = dt.datetime.now(dt.timezone.utc)
    return {"from_": (now - dt.timedelta(days=9)).isoformat(), "to": now.isoformat()}


def archived(zoom) -> dict[str, dict]:
    return {p["uuid"]: p for p in zoom.state.past_meetings.values() if p.get("_archive")}


def expected(zoom) -> dict[tuple[str, str], str]:
    found = {}
    for uuid, past in archived(zoom).items():
        for record in past["_archive"]["_files"]:
            found[(uuid, record["id"])] = expected_sha256(record["_key"], record["_size"])
    return found


def test_every_archive_file_is_copied_byte_for_byte_with_its_manifest(emulated_zoom, dest):
    zoom = emulated_zoom
    want = expected(zoom)
    assert len(want) >= 6  # the seed archives two instances of three files each

    op = ZoomArchiveFilesToObjectStorageOperator(
        task_id="archive", dest=dest.url, dest_conn_id=dest.conn_id, **window()
    )
    rows = op.execute(context={})

    assert {(r["meeting_uuid"], r["file_key"]): r["sha256"] for r in rows} == want
    assert {r["status"] for r in rows} == {"archived"}
    for row in rows:
        assert hashlib.sha256(dest.read(row["key"])).hexdigest() == row["sha256"]
    manifests = [k for k in dest.list_keys() if k.rsplit("/", 1)[-1].startswith(MANIFEST_PREFIX)]
    assert len(manifests) == len(archived(zoom))
    # Seven-day windows: nine days take two listings.
    assert len([r for r in zoom.state.requests if r["path"] == "/v2/archive_files"]) == 2

    again = ZoomArchiveFilesToObjectStorageOperator(
        task_id="archive", dest=dest.url, dest_conn_id=dest.conn_id, **window()
    ).execute(context={})
    assert {r["status"] for r in again} == {"skipped"}


def _held(zoom, uuid: str) -> None:
    for record in zoom.state.past_meetings[uuid]["_archive"]["_files"]:
        record["auto_delete"] = False


def test_release_lets_auto_delete_only_the_verified_files_and_a_late_file_stays_held(
    emulated_zoom, dest, monkeypatch
):
    zoom = emulated_zoom
    past = zoom.state.add_recorded_meeting(topic="Late file")
    add_archive(zoom.state, past["uuid"])
    _held(zoom, past["uuid"])
    late: dict = {}
    real_archive = ZoomArchiveFilesToObjectStorageOperator._archive

    def archive_then_zoom_adds_a_file(self, *args, **kwargs):
        outcomes = real_archive(self, *args, **kwargs)
        record = add_archive_file(zoom.state, past["uuid"], size=2048)
        record["auto_delete"] = False  # held, like the rest
        late.update(record)
        return outcomes

    monkeypatch.setattr(ZoomArchiveFilesToObjectStorageOperator, "_archive", archive_then_zoom_adds_a_file)
    rows = ZoomArchiveFilesToObjectStorageOperator(
        task_id="archive",
        dest=dest.url,
        dest_conn_id=dest.conn_id,
        meeting_uuid=past["uuid"],
        delete_after_archive="release",
    ).execute(context={})

    files = {r["_token"]: r for r in zoom.state.past_meetings[past["uuid"]]["_archive"]["_files"]}
    released = {r["id"] for r in files.values() if r["auto_delete"]}
    assert released == {r["file_key"] for r in rows if r["status"] == "archived"}
    assert len(released) == 3
    assert files[late["_token"]]["auto_delete"] is False
    assert [r["file_key"] for r in rows if r["status"] == "left_in_zoom"] == [late["id"]]


def test_delete_keeps_the_archive_when_zoom_lists_a_file_added_mid_run(emulated_zoom, dest, monkeypatch):
    zoom = emulated_zoom
    past = zoom.state.add_recorded_meeting(topic="Late file, delete")
    add_archive(zoom.state, past["uuid"])
    real_archive = ZoomArchiveFilesToObjectStorageOperator._archive

    def archive_then_zoom_adds_a_file(self, *args, **kwargs):
        outcomes = real_archive(self, *args, **kwargs)
        add_archive_file(zoom.state, past["uuid"], size=2048)
        return outcomes

    monkeypatch.setattr(ZoomArchiveFilesToObjectStorageOperator, "_archive", archive_then_zoom_adds_a_file)
    rows = ZoomArchiveFilesToObjectStorageOperator(
        task_id="archive",
        dest=dest.url,
        dest_conn_id=dest.conn_id,
        meeting_uuid=past["uuid"],
        delete_after_archive="delete",
    ).execute(context={})

    # Zoom deletes archive files only all together: with a file not archived, nothing goes.
    assert "_archive" in zoom.state.past_meetings[past["uuid"]]
    assert len(zoom.state.past_meetings[past["uuid"]]["_archive"]["_files"]) == 4
    assert [r["status"] for r in rows].count("left_in_zoom") == 1
    kept = [r for r in rows if r.get("kept_in_zoom")]
    assert len(kept) == 3


def test_delete_goes_only_when_zoom_lists_exactly_the_verified_files(emulated_zoom, dest):
    zoom = emulated_zoom
    past = zoom.state.add_recorded_meeting(topic="Deleted archive")
    add_archive(zoom.state, past["uuid"])
    rows = ZoomArchiveFilesToObjectStorageOperator(
        task_id="archive",
        dest=dest.url,
        dest_conn_id=dest.conn_id,
        meeting_uuid=past["uuid"],
        delete_after_archive="delete",
    ).execute(context={})
    assert len(rows) == 3 and {r["status"] for r in rows} == {"archived"}
    assert "_archive" not in zoom.state.past_meetings[past["uuid"]]


def test_a_store_failing_at_the_last_step_releases_and_deletes_nothing(emulated_zoom, dest, monkeypatch):
    from airflow_provider_zoom._storage import objects as _storage

    zoom = emulated_zoom
    past = zoom.state.add_recorded_meeting(topic="Short store")
    add_archive(zoom.state, past["uuid"])
    _held(zoom, past["uuid"])
    real_info = _storage.object_info

    def short_info(path):
        info = real_info(path)
        if info is not None and path.name.endswith(".mp4"):
            info = {**info, "size": info["size"] - 1}
        return info

    monkeypatch.setattr(_storage, "object_info", short_info)
    for action in ("release", "delete"):
        op = ZoomArchiveFilesToObjectStorageOperator(
            task_id="archive",
            dest=dest.url,
            dest_conn_id=dest.conn_id,
            meeting_uuid=past["uuid"],
            delete_after_archive=action,
        )
        with pytest.raises(AirflowException, match="archive file"):
            op.execute(context={})
        files = zoom.state.past_meetings[past["uuid"]]["_archive"]["_files"]
        assert [f["auto_delete"] for f in files] == [False, False, False]  # nothing released
    assert not [r for r in zoom.state.requests if r["method"] in ("PATCH", "DELETE")]


def test_processing_files_wait_and_bad_inputs_name_their_field(emulated_zoom, tmp_path):
    from airflow_provider_zoom.exceptions import ZoomConfigError

    zoom = emulated_zoom
    past = zoom.state.add_recorded_meeting(topic="Processing")
    add_archive(zoom.state, past["uuid"], complete_after=None)
    rows = ZoomArchiveFilesToObjectStorageOperator(
        task_id="archive",
        dest=f"file://{tmp_path}/",
        meeting_uuid=past["uuid"],
        delete_after_archive="delete",
    ).execute(context={})
    assert {r["status"] for r in rows} == {"not_ready"}
    assert "_archive" in zoom.state.past_meetings[past["uuid"]]

    with pytest.raises(ZoomConfigError, match="delete_after_archive"):
        ZoomArchiveFilesToObjectStorageOperator(
            task_id="a", dest=f"file://{tmp_path}/", meeting_uuid=past["uuid"], delete_after_archive="trash"
        ).execute(context={})
    with pytest.raises(ZoomConfigError, match="user_id"):
        ZoomArchiveFilesToObjectStorageOperator(task_id="a", dest=f"file://{tmp_path}/", user_id="me")
    with pytest.raises(ZoomConfigError, match="query_date_type"):
        ZoomArchiveFilesToObjectStorageOperator(
            task_id="a", dest=f"file://{tmp_path}/", query_date_type="start_time", **window()
        ).execute(context={})


@pytest.fixture(scope="module")
def large_emulator():
    from airflow_provider_zoom.testing import ZoomEmulator

    # Files larger than one 1 MiB read, so a cut stream is completed with a Range request.
    with ZoomEmulator(recording_size=5 * 512 * 1024, seed=11, users=1, meetings_per_user=2) as zoom:
        yield zoom


def test_dropped_streams_resume_to_identical_copies(large_emulator, dest, monkeypatch):
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    zoom = large_emulator
    zoom.state.reset()
    for key, value in zoom.connection_env().items():
        monkeypatch.setenv(key, value)
    real_init = ZoomHook.__init__

    def fast_init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        self._sleep = lambda _seconds: None

    monkeypatch.setattr(ZoomHook, "__init__", fast_init)
    want = expected(zoom)
    resumed = False
    # Which reads the emulator cuts depends on its fault seed: try seeds until one cut lands mid-file.
    for seed in range(10):
        zoom.state.set_options(fault_rate=0.4, fault_seed=seed)
        zoom.state.cdn_requests.clear()
        rows = ZoomArchiveFilesToObjectStorageOperator(
            task_id="archive",
            dest=f"{dest.url}seed{seed}/",
            dest_conn_id=dest.conn_id,
            max_active_downloads=1,
            **window(),
        ).execute(context={})
        assert {(r["meeting_uuid"], r["file_key"]): r["sha256"] for r in rows} == want
        for row in rows:
            assert hashlib.sha256(dest.read(f"seed{seed}/{row['key']}")).hexdigest() == row["sha256"]
        if any(r["range"] and r["range"] != "bytes=0-" for r in zoom.state.cdn_requests):
            resumed = True
            break
    zoom.state.set_options(fault_rate=0.0)
    assert resumed, "no download was cut mid-file: the test proves nothing"
    assert not any(".partial" in k for k in dest.list_keys())


def test_a_download_zoom_refuses_fails_clearly_and_never_asks_for_a_recording_token(emulated_zoom, tmp_path):
    zoom = emulated_zoom
    past = zoom.state.add_recorded_meeting(topic="Refused download")
    add_archive(zoom.state, past["uuid"])
    zoom.state.set_options(download_401_rate=1.0)  # every OAuth download refused
    try:
        with pytest.raises(AirflowException) as raised:
            ZoomArchiveFilesToObjectStorageOperator(
                task_id="archive",
                dest=f"file://{tmp_path}/",
                meeting_uuid=past["uuid"],
                delete_after_archive="delete",
            ).execute(context={})
    finally:
        zoom.state.set_options(download_401_rate=0.0)
    message = str(raised.value)
    assert "3 of 3 archive file(s) could not be archived" in message
    assert message.count("archive files download with the OAuth token only") == 3
    # Archive files have no meeting download token: the cloud recordings' route is never asked.
    assert not [r for r in zoom.state.requests if "/recordings" in r["path"]]
    assert zoom.state.access_tokens and not any(token in message for token in zoom.state.access_tokens)
    assert "_archive" in zoom.state.past_meetings[past["uuid"]]  # nothing deleted


def test_totals_count_the_files_left_in_zoom_with_their_reason(emulated_zoom, tmp_path, monkeypatch):
    zoom = emulated_zoom
    past = zoom.state.add_recorded_meeting(topic="Late file, totals")
    add_archive(zoom.state, past["uuid"])
    _held(zoom, past["uuid"])
    real_archive = ZoomArchiveFilesToObjectStorageOperator._archive

    def archive_then_zoom_adds_a_file(self, *args, **kwargs):
        outcomes = real_archive(self, *args, **kwargs)
        add_archive_file(zoom.state, past["uuid"], size=2048)["auto_delete"] = False
        return outcomes

    monkeypatch.setattr(ZoomArchiveFilesToObjectStorageOperator, "_archive", archive_then_zoom_adds_a_file)
    totals = ZoomArchiveFilesToObjectStorageOperator(
        task_id="archive",
        dest=f"file://{tmp_path}/",
        meeting_uuid=past["uuid"],
        delete_after_archive="delete",
        max_xcom_rows=0,
    ).execute(context={})

    # Zoom deletes an archive only whole: the late file stays unarchived, the three archived ones stay too.
    assert (totals["files"], totals["left_in_zoom"], totals["kept_in_zoom"]) == (3, 1, 3)
    assert sum(totals["in_zoom_reasons"].values()) == 4
    assert any("only after this run's listing" in reason for reason in totals["in_zoom_reasons"])
