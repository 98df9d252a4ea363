"""Download links, data-interval defaults, pools and Zoom's daily limit, seen from the operators."""

from __future__ import annotations

import datetime as dt
import logging

import pendulum
import pytest

from airflow_provider_zoom.exceptions import ZoomRateLimitError
from airflow_provider_zoom.operators.ai import ZoomListMeetingSummariesOperator
from airflow_provider_zoom.operators.download_links import ZoomGetRecordingDownloadLinksOperator
from airflow_provider_zoom.operators.phone import (
    ZoomListPhoneCallLogsOperator,
    ZoomListPhoneRecordingsOperator,
)
from airflow_provider_zoom.operators.recordings import ZoomListRecordingsOperator
from tests.conftest import API, api_calls


# ---------------------------------------------------------------------------- download links
def test_download_links_carry_the_meeting_token_masked_and_unlogged(zoom_conn, mock, caplog, monkeypatch):
    masked = []
    monkeypatch.setattr("airflow.sdk.log.mask_secret", lambda value, *a, **k: masked.append(value))
    mock.get(
        f"{API}/meetings/88/recordings",
        json={
            "uuid": "u88",
            "id": 88,
            "topic": "Weekly",
            "download_access_token": "dl-secret-token",
            "recording_files": [
                {"id": "a", "file_type": "MP4", "download_url": "https://zoom.test/rec/download/a"},
                {
                    "id": "b",
                    "file_type": "TRANSCRIPT",
                    "download_url": "https://zoom.test/rec/download/b?x=1",
                },
                {"id": "c", "file_type": "CHAT", "download_url": "https://zoom.test/rec/download/c"},
            ],
        },
    )
    before = dt.datetime.now(dt.timezone.utc)
    op = ZoomGetRecordingDownloadLinksOperator(
        task_id="links", meeting_id=88, ttl=600, file_types=["mp4", "TRANSCRIPT"]
    )
    with caplog.at_level(logging.DEBUG):
        links = op.execute({})
    assert [f["id"] for f in links["files"]] == ["a", "b"]
    assert (
        links["files"][0]["download_url"] == "https://zoom.test/rec/download/a?access_token=dl-secret-token"
    )
    assert (
        links["files"][1]["download_url"]
        == "https://zoom.test/rec/download/b?x=1&access_token=dl-secret-token"
    )
    expires = dt.datetime.fromisoformat(links["expires_at"].replace("Z", "+00:00"))
    assert before + dt.timedelta(seconds=598) <= expires <= before + dt.timedelta(seconds=601)
    (call,) = api_calls(mock)
    assert call.qs == {"include_fields": ["download_access_token"], "ttl": ["600"]}
    assert "dl-secret-token" in masked
    assert "dl-secret-token" not in caplog.text


@pytest.mark.parametrize(("ttl", "field"), [(0, "ttl"), (604801, "ttl"), ("soon", "ttl")])
def test_download_link_ttl_is_checked_at_parse_time(ttl, field):
    from airflow_provider_zoom.exceptions import ZoomConfigError

    with pytest.raises(ZoomConfigError) as info:
        ZoomGetRecordingDownloadLinksOperator(task_id="links", meeting_id=1, ttl=ttl)
    assert info.value.field == field


# ---------------------------------------------------------------------------- data interval defaults
DAYS = [pendulum.datetime(2026, 3, d, tz="UTC") for d in (30, 31)] + [pendulum.datetime(2026, 4, 1, tz="UTC")]


@pytest.mark.parametrize(
    ("make", "path", "items_key"),
    [
        (lambda: ZoomListRecordingsOperator(task_id="r"), "/users/me/recordings", "meetings"),
        (lambda: ZoomListPhoneRecordingsOperator(task_id="p"), "/phone/recordings", "recordings"),
        (lambda: ZoomListPhoneCallLogsOperator(task_id="c"), "/phone/call_history", "call_logs"),
        (lambda: ZoomListMeetingSummariesOperator(task_id="s"), "/meetings/meeting_summaries", "summaries"),
    ],
)
def test_consecutive_daily_runs_cover_each_day_exactly_once(zoom_conn, mock, make, path, items_key):
    mock.get(f"{API}{path}", json={items_key: [], "next_page_token": ""})
    for start in DAYS:
        context = {"data_interval_start": start, "data_interval_end": start.add(days=1)}
        make().execute(context)
    sent = [(c.qs["from"][0][:10], c.qs["to"][0][:10]) for c in api_calls(mock)]
    assert sent == [("2026-03-30", "2026-03-30"), ("2026-03-31", "2026-03-31"), ("2026-04-01", "2026-04-01")]


def test_explicit_range_overrides_the_data_interval(zoom_conn, mock):
    mock.get(f"{API}/phone/recordings", json={"recordings": [], "next_page_token": ""})
    context = {"data_interval_start": DAYS[0], "data_interval_end": DAYS[0].add(days=1)}
    ZoomListPhoneRecordingsOperator(task_id="p", from_="2026-01-01", to="2026-01-31").execute(context)
    assert (api_calls(mock)[0].qs["from"], api_calls(mock)[0].qs["to"]) == (["2026-01-01"], ["2026-01-31"])


# ---------------------------------------------------------------------------- pools and the daily limit
def test_operators_accept_a_rate_limit_pool():
    op = ZoomListPhoneCallLogsOperator(task_id="calls", pool="zoom_heavy", pool_slots=1)
    assert (op.pool, op.pool_slots) == ("zoom_heavy", 1)
    op = ZoomListMeetingSummariesOperator(task_id="summaries", pool="zoom_medium")
    assert op.pool == "zoom_medium"


def test_daily_limit_429_fails_fast_with_the_reset_time(zoom_conn, mock):
    reset = "2026-11-25T00:00:00Z"
    mock.get(
        f"{API}/phone/call_history",
        status_code=429,
        headers={
            "X-RateLimit-Category": "Heavy",
            "X-RateLimit-Type": "Daily-limit",
            "X-RateLimit-Limit": "30000",
            "X-RateLimit-Remaining": "0",
            "Retry-After": reset,
        },
        json={"code": 429, "message": "You have reached the maximum daily rate limit for this API."},
    )
    op = ZoomListPhoneCallLogsOperator(
        task_id="calls", from_="2026-11-01", to="2026-11-02", pool="zoom_heavy"
    )
    sleeps: list[float] = []
    op.hook._sleep = sleeps.append
    with pytest.raises(ZoomRateLimitError) as info:
        op.execute({})
    assert reset in str(info.value)
    assert info.value.limit_type == "Daily-limit" and info.value.category == "Heavy"
    assert len(api_calls(mock)) == 1
    assert sleeps == []


def test_daily_cap_without_rate_limit_headers_also_fails_fast(zoom_conn, mock):
    mock.get(
        f"{API}/meetings/meeting_summaries",
        status_code=429,
        json={"code": 429, "message": "You have exceeded the daily rate limit of (100) for this API."},
    )
    op = ZoomListMeetingSummariesOperator(task_id="s", from_="2026-11-01", to="2026-11-01")
    sleeps: list[float] = []
    op.hook._sleep = sleeps.append
    with pytest.raises(ZoomRateLimitError, match="resets at 00:00 UTC"):
        op.execute({})
    assert len(api_calls(mock)) == 1 and sleeps == []
