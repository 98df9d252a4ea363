"""The plumbing traps, reproduced against requests-mock: page-token expiry, unpaginated recordings,
download-token fallback, data-interval windows, pools and daily-limit fail-fast."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pendulum
import pytest

from airflow_provider_zoom.exceptions import ZoomApiError, ZoomRateLimitError
from airflow_provider_zoom.operators.ai import ZoomListMeetingSummariesOperator
from airflow_provider_zoom.operators.download_links import ZoomGetRecordingDownloadLinksOperator
from airflow_provider_zoom.operators.phone import (
    ZoomListPhoneCallLogsOperator,
    ZoomListPhoneRecordingsOperator,
)
from airflow_provider_zoom.operators.recordings import ZoomListRecordingsOperator
from tests.conftest import API, TOKEN_URL
from tests.gaps.conftest import api_calls

EXPIRED = {"status_code": 400, "json": {"code": 300, "message": "The next page token is invalid or expired."}}


def page(ids, token=""):
    return {"json": {"users": [{"id": i} for i in ids], "next_page_token": token}}


# ---------------------------------------------------------------------------- next_page_token expiry
def test_expired_page_token_restarts_and_deduplicates(hook, mock, caplog):
    mock.get(
        f"{API}/users",
        [page(["a", "b"], "t1"), EXPIRED, page(["a", "b"], "t2"), page(["c", "d"], "t3"), page(["e"])],
    )
    with caplog.at_level(logging.WARNING):
        users = list(hook.paginate("/users", items_key="users", page_size=2))
    assert [u["id"] for u in users] == ["a", "b", "c", "d", "e"]
    tokens = [c.qs.get("next_page_token", [None])[0] for c in api_calls(mock)]
    assert tokens == [None, "t1", None, "t2", "t3"]  # the crawl restarted from the first page
    assert "restarting the list" in caplog.text


def test_page_token_that_keeps_expiring_fails_loudly_instead_of_truncating(hook, mock):
    mock.get(f"{API}/users", [page(["a", "b"], "t"), EXPIRED] * 4)
    with pytest.raises(ZoomApiError) as info:
        list(hook.paginate("/users", items_key="users", page_size=2))
    assert "would be incomplete" in str(info.value)
    assert len(api_calls(mock)) == 8  # first try + 3 restarts, each failing on page 2


def test_expiry_on_items_without_ids_fails_loudly(hook, mock):
    mock.get(
        f"{API}/report/x",
        [{"json": {"rows": [{"n": 1}], "next_page_token": "t"}}, EXPIRED],
    )
    with pytest.raises(ZoomApiError, match="would be incomplete"):
        list(hook.paginate("/report/x", items_key="rows"))
    assert len(api_calls(mock)) == 2


# ---------------------------------------------------------------------------- per-meeting recordings
def test_meeting_recordings_is_one_request_without_page_params(hook, mock):
    files = [
        {"id": f"f{i}", "file_type": "MP4", "download_url": f"https://zoom.test/rec/{i}"} for i in range(40)
    ]
    mock.get(f"{API}/meetings/77/recordings", json={"id": 77, "recording_files": files})
    recording = hook.get_meeting_recordings(77)
    assert len(recording["recording_files"]) == 40
    (call,) = api_calls(mock)
    assert not {"page_size", "next_page_token", "page_number"} & set(call.qs)


# ---------------------------------------------------------------------------- download token fallback
def test_download_retries_with_the_meeting_token_after_a_401(hook, mock):
    mock.get(
        "https://zoom.test/rec/download/f1",
        [
            {"status_code": 401, "json": {"code": 124, "message": "Invalid access token."}},
            {"status_code": 302, "headers": {"Location": "https://cdn.zoom.test/f1?Signature=s"}},
        ],
    )
    mock.get("https://cdn.zoom.test/f1?Signature=s", content=b"x" * 1000)
    asked = []

    def meeting_token() -> str:
        asked.append(1)
        return "meeting-download-token"

    buffer = io.BytesIO()
    result = hook.download(
        "https://zoom.test/rec/download/f1", buffer, expected_size=1000, fallback_access_token=meeting_token
    )
    assert result.bytes_written == 1000 and buffer.getvalue() == b"x" * 1000
    assert asked == [1]
    sent = [r.headers.get("Authorization") for r in mock.request_history if "/rec/download/" in r.url]
    assert sent == ["Bearer tok-1", "Bearer meeting-download-token"]
    cdn = [r for r in mock.request_history if r.url.startswith("https://cdn.zoom.test/")]
    assert all("Authorization" not in r.headers for r in cdn)
    assert all("access_token" not in r.url for r in mock.request_history)  # never in a URL


def test_download_with_a_webhook_download_token_needs_no_oauth_token(hook, mock):
    mock.get("https://zoom.test/rec/download/f2", content=b"abc")
    hook.download("https://zoom.test/rec/download/f2", io.BytesIO(), access_token="webhook-download-token")
    (call,) = [r for r in mock.request_history if "/rec/download/" in r.url]
    assert call.headers["Authorization"] == "Bearer webhook-download-token"
    assert not [r for r in mock.request_history if r.url.startswith(TOKEN_URL)]


def test_second_401_after_fallback_fails_with_zoom_error(hook, mock):
    mock.get("https://zoom.test/rec/download/f3", status_code=401, json={"code": 124, "message": "Invalid."})
    with pytest.raises(ZoomApiError) as info:
        hook.download("https://zoom.test/rec/download/f3", io.BytesIO(), fallback_access_token="other")
    assert info.value.status_code == 401
    assert len([r for r in mock.request_history if "/rec/download/" in r.url]) == 2


# ---------------------------------------------------------------------------- download links
def test_download_links_carry_the_meeting_token_masked_and_unlogged(hook, mock, caplog, monkeypatch):
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
def test_consecutive_daily_runs_cover_each_day_exactly_once(hook, mock, make, path, items_key):
    mock.get(f"{API}{path}", json={items_key: [], "next_page_token": ""})
    for start in DAYS:
        context = {"data_interval_start": start, "data_interval_end": start.add(days=1)}
        make().execute(context)
    sent = [(c.qs["from"][0][:10], c.qs["to"][0][:10]) for c in api_calls(mock)]
    assert sent == [("2026-03-30", "2026-03-30"), ("2026-03-31", "2026-03-31"), ("2026-04-01", "2026-04-01")]


def test_explicit_range_overrides_the_data_interval(hook, mock):
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


def test_restart_never_repeats_rows_it_cannot_identify(hook, mock):
    rows = [{"id": "u1", "name": "Ada"}, {"id": "", "name": "Guest"}]
    mock.get(
        f"{API}/past_meetings/1/participants",
        [
            {"json": {"participants": rows, "next_page_token": "t"}},
            EXPIRED,
            {"json": {"participants": rows, "next_page_token": "t2"}},
            {"json": {"participants": [{"id": "u3", "name": "Bob"}], "next_page_token": ""}},
        ],
    )
    try:
        names = [p["name"] for p in hook.paginate("/past_meetings/1/participants", items_key="participants")]
    except ZoomApiError:
        return  # failing loudly is acceptable
    assert names == ["Ada", "Guest", "Bob"]  # today: ["Ada", "Guest", "Guest", "Bob"]
