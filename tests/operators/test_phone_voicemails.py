"""The voicemail list and call recording deletion operators against the Zoom emulator."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom.operators.phone import (
    ZoomDeletePhoneRecordingOperator,
    ZoomListPhoneVoicemailsOperator,
)

pytestmark = [pytest.mark.timeout(60), pytest.mark.clock]


def test_voicemails_of_the_runs_interval_come_with_their_download_url(emulator):
    zoom = emulator(users=2)
    today = dt.datetime.now(dt.timezone.utc).date()
    rows = ZoomListPhoneVoicemailsOperator(
        task_id="vm", from_=str(today - dt.timedelta(days=9)), to=str(today)
    ).execute(context={})
    assert {r["id"] for r in rows} == {v["id"] for v in zoom.state.voicemails}
    assert len(rows) == 2
    assert all(r["download_url"].startswith(zoom.state.base_url) for r in rows)
    sent = [r for r in zoom.state.requests if r["path"] == "/v2/phone/voice_mails"]
    assert dict(sent[0]["query"])["from"] == str(today - dt.timedelta(days=9))


def test_delete_removes_one_call_recording(emulator):
    zoom = emulator(users=2)
    gone, kept = zoom.state.phone_recordings
    deleted = ZoomDeletePhoneRecordingOperator(task_id="del", recording_id=gone["id"]).execute(context={})
    assert deleted == {"recording_id": gone["id"]}
    assert [r["id"] for r in zoom.state.phone_recordings] == [kept["id"]]
