"""Pagination and downloads over requests-mock: an expired next_page_token restarts the walk without
repeating rows, per-meeting recordings take one request, and a refused download retries with the
meeting's download token."""

from __future__ import annotations

import io
import logging

import pytest

from airflow_provider_zoom.exceptions import ZoomApiError
from tests.conftest import API, TOKEN_URL, api_calls

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
    assert names == ["Ada", "Guest", "Bob"]  # the unidentifiable guest is not repeated
