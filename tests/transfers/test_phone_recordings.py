"""Zoom Phone call recordings and voicemails to every store through the recordings pipeline."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.testing import expected_sha256
from airflow_provider_zoom.transfers.phone import ZoomPhoneRecordingsToObjectStorageOperator
from airflow_provider_zoom.transfers.recordings import MANIFEST_PREFIX
from airflow_provider_zoom.version_compat import AirflowException

pytestmark = pytest.mark.clock


def days(zoom) -> dict[str, str]:
    # The seed places calls up to a few days before the moment it runs.
    today = dt.datetime.now(dt.timezone.utc).date()
    return {"from_": str(today - dt.timedelta(days=9)), "to": str(today)}


def records(zoom, kind: str) -> list[dict]:
    return zoom.state.phone_recordings if kind == "recording" else zoom.state.voicemails


def expected(zoom, kind: str) -> dict[tuple[str, str], str]:
    return {(r["call_log_id"], r["id"]): expected_sha256(r["_key"], r["_size"]) for r in records(zoom, kind)}


def operator(dest, **kwargs) -> ZoomPhoneRecordingsToObjectStorageOperator:
    return ZoomPhoneRecordingsToObjectStorageOperator(
        task_id="phone", dest=dest.url, dest_conn_id=dest.conn_id, **kwargs
    )


@pytest.mark.parametrize("kind", ["recording", "voicemail"])
def test_every_phone_file_is_copied_byte_for_byte_with_its_manifest(emulated_zoom, dest, kind):
    zoom = emulated_zoom
    want = expected(zoom, kind)
    assert len(want) == 2  # the seed gives each of two users one recording and one voicemail

    rows = operator(dest, kind=kind, **days(zoom)).execute(context={})

    assert {(r["meeting_uuid"], r["file_key"]): r["sha256"] for r in rows} == want
    assert {r["status"] for r in rows} == {"archived"}
    assert all(r["key"].startswith(f"phone-{kind}s/") and r["key"].endswith(".mp3") for r in rows)
    for row in rows:
        assert hashlib.sha256(dest.read(row["key"])).hexdigest() == row["sha256"]
    manifests = [k for k in dest.list_keys() if k.rsplit("/", 1)[-1].startswith(MANIFEST_PREFIX)]
    assert len(manifests) == len(want)  # one per call

    again = operator(dest, kind=kind, **days(zoom)).execute(context={})
    assert {r["status"] for r in again} == {"skipped"}


def test_delete_removes_each_verified_recording_and_keeps_one_zoom_replaced_meanwhile(
    emulated_zoom, dest, monkeypatch
):
    zoom = emulated_zoom
    replaced = zoom.state.phone_recordings[0]
    original_id = replaced["id"]
    real_archive = ZoomPhoneRecordingsToObjectStorageOperator._archive

    def archive_then_zoom_replaces_a_recording(self, *args, **kwargs):
        outcomes = real_archive(self, *args, **kwargs)
        # The call now holds another recording than the one archived: it must stay in Zoom.
        replaced["id"] = f"{original_id}-new"
        return outcomes

    monkeypatch.setattr(
        ZoomPhoneRecordingsToObjectStorageOperator, "_archive", archive_then_zoom_replaces_a_recording
    )
    rows = operator(dest, delete_after_archive="delete", **days(zoom)).execute(context={})

    assert [r["id"] for r in zoom.state.phone_recordings] == [f"{original_id}-new"]
    deleted = [r for r in zoom.state.requests if r["method"] == "DELETE"]
    assert len(deleted) == 1 and original_id not in deleted[0]["path"]
    assert [r["file_key"] for r in rows if r["status"] == "left_in_zoom"] == [f"{original_id}-new"]
    assert len([r for r in rows if r["status"] == "archived"]) == 2


def test_a_store_failing_at_the_last_step_deletes_nothing(emulated_zoom, dest, monkeypatch):
    from airflow_provider_zoom._storage import objects as _storage

    zoom = emulated_zoom
    before = [r["id"] for r in zoom.state.phone_recordings]
    real_info = _storage.object_info

    def short_info(path):
        info = real_info(path)
        if info is not None and path.name.endswith(".mp3"):
            info = {**info, "size": info["size"] - 1}
        return info

    monkeypatch.setattr(_storage, "object_info", short_info)
    with pytest.raises(AirflowException, match="phone recording file"):
        operator(dest, delete_after_archive="delete", **days(zoom)).execute(context={})
    assert [r["id"] for r in zoom.state.phone_recordings] == before
    assert not [r for r in zoom.state.requests if r["method"] == "DELETE"]


def test_bad_inputs_name_their_field(emulated_zoom, tmp_path):
    zoom = emulated_zoom
    local = {"task_id": "p", "dest": f"file://{tmp_path}/"}
    with pytest.raises(ZoomConfigError, match="kind"):
        ZoomPhoneRecordingsToObjectStorageOperator(kind="fax", **local)
    with pytest.raises(ZoomConfigError, match="account_id"):
        ZoomPhoneRecordingsToObjectStorageOperator(account_id="me", **local)
    with pytest.raises(ZoomConfigError, match="user_id"):
        ZoomPhoneRecordingsToObjectStorageOperator(kind="voicemail", user_id="me", **local)
    with pytest.raises(ZoomConfigError, match="delete_after_archive"):
        ZoomPhoneRecordingsToObjectStorageOperator(
            kind="voicemail", delete_after_archive="delete", **local, **days(zoom)
        ).execute(context={})
    with pytest.raises(ZoomConfigError, match="delete_after_archive"):
        ZoomPhoneRecordingsToObjectStorageOperator(
            delete_after_archive="trash", **local, **days(zoom)
        ).execute(context={})
    assert not [r for r in zoom.state.requests if r["path"].startswith("/v2/phone")]


@pytest.fixture(scope="module")
def large_emulator():
    from airflow_provider_zoom.testing import ZoomEmulator

    # Phone files larger than one 1 MiB read (recordings 1/8, voicemails 1/16 of recording_size), so a
    # cut stream is completed with a Range request.
    with ZoomEmulator(recording_size=24 * 1024 * 1024, seed=11, users=1, meetings_per_user=1) as zoom:
        yield zoom


@pytest.mark.parametrize("kind", ["recording", "voicemail"])
def test_dropped_streams_resume_to_identical_copies(large_emulator, dest, monkeypatch, kind):
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
    want = expected(zoom, kind)
    resumed = False
    # Which reads the emulator cuts depends on its fault seed: try seeds until one cut lands mid-file.
    for seed in range(10):
        zoom.state.set_options(fault_rate=0.4, fault_seed=seed)
        zoom.state.cdn_requests.clear()
        rows = ZoomPhoneRecordingsToObjectStorageOperator(
            task_id="phone",
            kind=kind,
            dest=f"{dest.url}seed{seed}/",
            dest_conn_id=dest.conn_id,
            max_active_downloads=1,
            **days(zoom),
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


@pytest.mark.parametrize("kind", ["recording", "voicemail"])
def test_a_download_zoom_refuses_fails_clearly_and_never_asks_for_a_recording_token(
    emulated_zoom, tmp_path, kind
):
    zoom = emulated_zoom
    want = len(records(zoom, kind))
    zoom.state.set_options(download_401_rate=1.0)  # every OAuth download refused
    try:
        with pytest.raises(AirflowException) as raised:
            ZoomPhoneRecordingsToObjectStorageOperator(
                task_id="phone", dest=f"file://{tmp_path}/", kind=kind, **days(zoom)
            ).execute(context={})
    finally:
        zoom.state.set_options(download_401_rate=0.0)
    message = str(raised.value)
    assert f"{want} of {want} phone {kind} file(s) could not be archived" in message
    assert message.count("download with the OAuth token only") == min(want, 20)
    # A call has no download token: no meeting's recordings are asked for one.
    assert not [r for r in zoom.state.requests if r["path"].startswith("/v2/meetings/")]
    assert zoom.state.access_tokens and not any(token in message for token in zoom.state.access_tokens)
    assert len(records(zoom, kind)) == want  # nothing deleted
