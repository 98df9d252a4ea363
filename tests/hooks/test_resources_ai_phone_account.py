"""ZoomHook's AI Companion, transcript, Zoom Phone and scope helpers: month windows, downloads and filters."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from airflow_provider_zoom.exceptions import ZoomApiError
from tests.conftest import API, api_calls


def test_list_meeting_summaries_walks_months_as_whole_utc_days(hook, mock):
    mock.get(
        f"{API}/meetings/meeting_summaries",
        [
            {"json": {"summaries": [{"meeting_uuid": "a"}], "next_page_token": "p2"}},
            {"json": {"summaries": [{"meeting_uuid": "b"}], "next_page_token": ""}},
            {"json": {"summaries": [{"meeting_uuid": "c"}], "next_page_token": ""}},
        ],
    )
    found = hook.list_meeting_summaries(dt.date(2026, 1, 20), dt.date(2026, 2, 25))
    assert [s["meeting_uuid"] for s in found] == ["a", "b", "c"]
    windows = [(c.qs["from"][0], c.qs["to"][0]) for c in api_calls(mock) if "next_page_token" not in c.qs]
    assert windows == [
        ("2026-01-20t00:00:00z", "2026-02-19t23:59:59z"),
        ("2026-02-20t00:00:00z", "2026-02-25t23:59:59z"),
    ]
    assert api_calls(mock)[1].qs["next_page_token"] == ["p2"]


def test_transcript_not_downloadable_says_so(hook, mock):
    mock.get(f"{API}/meetings/123/transcript", json={"can_download": False, "download_url": ""})
    with pytest.raises(ZoomApiError, match="does not allow downloading"):
        hook.download_meeting_transcript(123)
    assert len(api_calls(mock)) == 1


def test_classic_scopes_cover_granular_ones():
    from airflow_provider_zoom._contract.scopes import missing_scope_message, scope_report

    report = scope_report(
        {
            "recordings": ["cloud_recording:read:list_user_recordings:admin"],
            "phone": ["phone:read:list_numbers"],
        },
        ["cloud_recording:read:admin", "phone:read"],
    )
    assert report["missing"] == {}
    message = missing_scope_message(
        ["meeting:read:summary:admin"], method="GET", path="/meetings/1/meeting_summary"
    )
    assert "meeting:read:summary:admin" in message and "AI Companion summaries" in message
    assert "GET /meetings/1/meeting_summary" in message


def test_streamed_transcript_helper_writes_into_a_file_object(hook, mock):
    mock.get(
        f"{API}/meetings/5/transcript",
        json={"can_download": True, "download_url": "https://zoom.test/rec/t5"},
    )
    mock.get("https://zoom.test/rec/t5", content=b"WEBVTT\n")
    buffer = io.BytesIO()
    result = hook.download_meeting_transcript_to(5, buffer)
    assert buffer.getvalue() == b"WEBVTT\n" and result.bytes_written == 7


def test_call_log_filters_keep_keys_not_given_as_arguments(zoom_conn):
    import requests_mock as rm

    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from tests.conftest import API, TOKEN_URL

    with rm.Mocker() as mock:
        mock.post(TOKEN_URL, json={"access_token": "t", "expires_in": 3600})
        mock.get(f"{API}/phone/call_history", json={"call_history": [], "next_page_token": ""})
        ZoomHook().list_phone_call_logs(
            "2026-01-01", "2026-01-02", filters={"keyword": "Ada", "directions": "inbound"}
        )
        sent = [r for r in mock.request_history if "/phone/" in r.url][0]
    assert sent.qs["keyword"] == ["ada"]  # requests-mock lower-cases query values
    assert sent.qs["directions"] == ["inbound"]
