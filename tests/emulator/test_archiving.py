"""The emulator's compliance archives: seven-day windows, completion on demand, downloads, deletion."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from airflow_provider_zoom._values.dates import to_zoom_datetime
from airflow_provider_zoom.testing.emulator.files import expected_sha256
from airflow_provider_zoom.testing.emulator.routes.archiving import (
    add_archive,
    add_archive_file,
    complete_archive,
)

from .conftest import double_encode

pytestmark = pytest.mark.clock


def _window(days: float = 7) -> dict[str, str]:
    now = dt.datetime.now(dt.timezone.utc)
    return {"from": to_zoom_datetime(now - dt.timedelta(days=days)), "to": to_zoom_datetime(now)}


def test_windows_longer_than_seven_days_are_refused_naming_from(api):
    reply = api.get("/archive_files", params=_window(7.5))
    assert reply.status_code == 400
    assert reply.json()["errors"][0]["field"] == "from"


def test_an_archive_stays_processing_until_completed_and_is_found_by_completion_time(zoom, api):
    past = zoom.state.add_recorded_meeting("me", topic="Archived later")
    add_archive(zoom.state, past["uuid"], complete_after=None)
    path = f"/past_meetings/{double_encode(past['uuid'])}/archive_files"
    pending = api.get(path).json()
    assert pending["status"] == "processing" and pending["complete_time"] == ""
    assert {f["status"] for f in pending["archive_files"]} == {"processing"}
    by_completion = {**_window(1), "query_date_type": "archive_complete_time"}
    listed = [m["uuid"] for m in api.get("/archive_files", params=by_completion).json()["meetings"]]
    assert past["uuid"] not in listed

    complete_archive(zoom.state, past["uuid"])
    done = api.get(path).json()
    assert done["status"] == "completed" and done["complete_time"]
    listed = [m["uuid"] for m in api.get("/archive_files", params=by_completion).json()["meetings"]]
    assert past["uuid"] in listed


def test_archive_files_download_whole_and_deletion_removes_them(zoom, api):
    past = zoom.state.add_recorded_meeting("me", topic="Downloaded archive")
    add_archive(zoom.state, past["uuid"], files=(("MP4", "MP4", "shared_screen_with_speaker_view"),))
    late = add_archive_file(zoom.state, past["uuid"], size=1234)
    path = f"/past_meetings/{double_encode(past['uuid'])}/archive_files"
    files = api.get(path).json()["archive_files"]
    assert [f["id"] for f in files][-1] == late["id"]
    for entry in files:
        body = api.session.get(entry["download_url"], timeout=30).content
        info = zoom.state.download_file(entry["download_url"])
        assert len(body) == entry["file_size"] == info["size"]
        assert hashlib.sha256(body).hexdigest() == expected_sha256(info["key"], info["size"])

    assert api.patch(f"/archive_files/{late['id']}", json={"auto_delete": False}).status_code == 204
    assert api.get(path).json()["archive_files"][-1]["auto_delete"] is False
    assert api.patch(f"/archive_files/{late['id']}", json={"auto_delete": "no"}).status_code == 400

    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404
    assert api.session.get(files[0]["download_url"], timeout=30).status_code == 404


def test_archive_files_download_with_the_oauth_token_only_not_the_meetings_download_token(zoom, api):
    import requests

    past = zoom.state.add_recorded_meeting("me", topic="Token-free archive")
    add_archive(zoom.state, past["uuid"], files=(("MP4", "MP4", "shared_screen_with_speaker_view"),))
    meeting_token = api.get(
        f"/meetings/{double_encode(past['uuid'])}/recordings",
        params={"include_fields": "download_access_token"},
    ).json()["download_access_token"]
    recording_url = past["_recording"]["_files"][0]
    archive_url = api.get(f"/past_meetings/{double_encode(past['uuid'])}/archive_files").json()[
        "archive_files"
    ][0]["download_url"]

    def status(url: str, token: str) -> int:
        answer = requests.get(
            url, headers={"Authorization": f"Bearer {token}"}, timeout=30, allow_redirects=False
        )
        return answer.status_code

    # The meeting's token opens its cloud recordings, never its compliance archive.
    assert status(zoom.state.download_url(recording_url["_token"]), meeting_token) == 302
    assert status(archive_url, meeting_token) == 401
    assert status(archive_url, api.session.headers["Authorization"].split()[1]) == 302


def test_statistics_count_files_by_status_and_extension(zoom, api):
    before = api.get("/archive_files/statistics", params=_window()).json()
    past = zoom.state.add_recorded_meeting("me", topic="Counted archive")
    add_archive(zoom.state, past["uuid"], complete_after=None)
    after = api.get("/archive_files/statistics", params=_window()).json()
    assert after["total_records"] == before["total_records"] + 1
    status_before, status_after = before["statistic_by_file_status"], after["statistic_by_file_status"]
    assert status_after["processing_file_count"] == status_before["processing_file_count"] + 3
    ext_before, ext_after = before["statistic_by_file_extension"], after["statistic_by_file_extension"]
    assert ext_after["mp4_file_count"] == ext_before["mp4_file_count"] + 1
