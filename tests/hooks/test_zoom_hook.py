"""ZoomHook: auth, token caching, retries, rate limits, errors, paths, pagination, date windows, downloads."""

from __future__ import annotations

import base64
import io
import json
import logging
import threading
import time
from urllib.parse import parse_qs

import pytest
import requests
import requests_mock as rm

from airflow_provider_zoom._http.config import ZoomConnectionConfig
from airflow_provider_zoom.exceptions import (
    ZoomApiError,
    ZoomAuthError,
    ZoomConfigError,
    ZoomNotFoundError,
    ZoomRateLimitError,
    ZoomTransientError,
)
from airflow_provider_zoom.hooks.zoom import ZoomHook
from tests.conftest import ACCOUNT_ID, API, CLIENT_ID, CLIENT_SECRET, TOKEN_URL


def token_reply(token: str = "tok-1", expires_in: int = 3600, **extra: object) -> dict:
    return {"access_token": token, "token_type": "bearer", "expires_in": expires_in, "scope": "a b", **extra}


@pytest.fixture
def hook(zoom_conn) -> ZoomHook:
    h = ZoomHook()
    h._sleep = lambda seconds: None  # retries are asserted by count and wait, not by real time
    return h


@pytest.fixture
def mock():
    with rm.Mocker() as m:
        yield m


def token_calls(mock) -> list:
    return [r for r in mock.request_history if r.url.startswith(TOKEN_URL)]


def api_calls(mock) -> list:
    return [r for r in mock.request_history if r.url.startswith(API)]


# ---------------------------------------------------------------------------- auth
def test_server_to_server_token_request_format(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users/me", json={"id": "u1"})

    assert hook.request("GET", "/users/me") == {"id": "u1"}

    (call,) = token_calls(mock)
    assert call.method == "POST"
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert call.headers["Authorization"] == f"Basic {expected}"
    assert parse_qs(call.text) == {"grant_type": ["account_credentials"], "account_id": [ACCOUNT_ID]}
    assert api_calls(mock)[0].headers["Authorization"] == "Bearer tok-1"


def test_token_is_cached_across_requests_and_hooks(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users/me", json={"id": "u1"})
    for _ in range(5):
        hook.request("GET", "/users/me")
    ZoomHook().request("GET", "/users/me")
    assert len(token_calls(mock)) == 1
    assert len(api_calls(mock)) == 6


def test_token_refetched_when_close_to_expiry(hook, mock):
    mock.post(TOKEN_URL, [{"json": token_reply("short", expires_in=30)}, {"json": token_reply("long")}])
    mock.get(f"{API}/users/me", json={})
    hook.request("GET", "/users/me")
    hook.request("GET", "/users/me")
    assert len(token_calls(mock)) == 2
    assert api_calls(mock)[-1].headers["Authorization"] == "Bearer long"


def test_token_cache_is_thread_safe(hook, mock):
    def slow_token(request, context):
        time.sleep(0.2)
        return token_reply()

    mock.post(TOKEN_URL, json=slow_token)
    mock.get(f"{API}/users/me", json={"ok": True})
    errors: list[BaseException] = []

    def worker():
        try:
            hook.request("GET", "/users/me")
        except BaseException as err:  # pragma: no cover - surfaced by the assert below
            errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(token_calls(mock)) == 1
    assert len(api_calls(mock)) == 8


def test_invalid_token_code_124_refreshes_once_and_retries(hook, mock):
    mock.post(TOKEN_URL, [{"json": token_reply("old")}, {"json": token_reply("new")}])
    mock.get(
        f"{API}/users/me",
        [
            {"status_code": 401, "json": {"code": 124, "message": "Invalid access token."}},
            {"json": {"id": "u1"}},
        ],
    )
    assert hook.request("GET", "/users/me") == {"id": "u1"}
    assert [c.headers["Authorization"] for c in api_calls(mock)] == ["Bearer old", "Bearer new"]
    assert len(token_calls(mock)) == 2


def test_token_refused_again_and_again_blames_a_replaced_token(hook, mock):
    waits: list[float] = []
    hook._sleep = waits.append
    mock.post(TOKEN_URL, [{"json": token_reply(f"tok-{i}")} for i in range(1, 9)])
    mock.get(f"{API}/users/me", status_code=401, json={"code": 124, "message": "Invalid access token."})
    with pytest.raises(ZoomAuthError) as exc:
        hook.request("GET", "/users/me")
    assert exc.value.code == 124
    sent = [c.headers["Authorization"] for c in api_calls(mock)]
    assert sent == [f"Bearer tok-{i}" for i in range(1, 7)]  # the first and five new ones
    assert len(token_calls(mock)) == 6
    # the first refusal is refetched at once, later ones after a growing random spread
    assert len(waits) == 4 and all(0 <= w <= 2 ** (i + 1) for i, w in enumerate(waits))
    assert "another process" in str(exc.value)
    assert "check the connection's client ID" not in str(exc.value)


def test_token_replaced_by_another_process_recovers(hook, mock):
    hook._sleep = lambda seconds: None
    mock.post(TOKEN_URL, [{"json": token_reply(f"tok-{i}")} for i in range(1, 6)])
    refused = {"status_code": 401, "json": {"code": 124, "message": "Invalid access token."}}
    mock.get(f"{API}/users/me", [refused, refused, {"json": {"id": "u1"}}])
    assert hook.request("GET", "/users/me") == {"id": "u1"}
    assert len(token_calls(mock)) == 3


def test_a_single_refusal_of_the_given_token_keeps_the_credentials_hint(zoom_conn, mock):
    zoom_conn(auth_type="access_token", access_token="given-token")
    mock.get(f"{API}/users/me", status_code=401, json={"code": 124, "message": "Invalid access token."})
    with pytest.raises(ZoomAuthError) as exc:
        ZoomHook().request("GET", "/users/me")
    assert len(api_calls(mock)) == 1
    assert "check the connection's client ID" in str(exc.value)


def test_bad_client_credentials_say_so(hook, mock):
    mock.post(TOKEN_URL, status_code=401, json={"reason": "Invalid client_id or client_secret", "error": "x"})
    with pytest.raises(ZoomAuthError) as exc:
        hook.request("GET", "/users/me")
    assert "Invalid client_id or client_secret" in str(exc.value)
    assert "Client ID" in str(exc.value)
    assert not api_calls(mock)


def test_access_token_auth_uses_given_token(zoom_conn, mock):
    zoom_conn(auth_type="access_token", access_token="given-token")
    mock.get(f"{API}/users/me", json={"id": "u"})
    ZoomHook().request("GET", "/users/me")
    assert not token_calls(mock)
    assert api_calls(mock)[0].headers["Authorization"] == "Bearer given-token"


def test_refresh_token_rotation_is_stored_in_variable(zoom_conn, mock, monkeypatch):
    from airflow.sdk import Variable

    store = {"zoom_refresh": "rt-1"}
    monkeypatch.setattr(Variable, "get", staticmethod(lambda key, default=None: store.get(key, default)))
    monkeypatch.setattr(
        Variable, "set", staticmethod(lambda key, value, description=None: store.__setitem__(key, value))
    )
    zoom_conn(auth_type="refresh_token", refresh_token_variable="zoom_refresh")
    mock.post(TOKEN_URL, json=token_reply("at-1", refresh_token="rt-2"))
    mock.get(f"{API}/users/me", json={})

    ZoomHook().request("GET", "/users/me")

    assert parse_qs(token_calls(mock)[0].text) == {"grant_type": ["refresh_token"], "refresh_token": ["rt-1"]}
    stored = json.loads(store["zoom_refresh"])
    assert (stored["refresh_token"], stored["access_token"]) == ("rt-2", "at-1")


# ---------------------------------------------------------------------------- retries and rate limits
def test_qps_429_honours_retry_after_seconds(hook, mock):
    waits: list[float] = []
    hook._sleep = waits.append
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users",
        [
            {
                "status_code": 429,
                "headers": {"Retry-After": "7", "X-RateLimit-Type": "QPS", "X-RateLimit-Category": "Medium"},
                "json": {"code": 429, "message": "You have reached the maximum per-second rate limit."},
            },
            {"json": {"users": []}},
        ],
    )
    assert hook.request("GET", "/users") == {"users": []}
    [wait] = waits
    assert 7.0 <= wait <= 7.25  # Retry-After plus up to a quarter second of jitter on the first retry


def test_qps_429_honours_retry_after_date(hook, mock):
    waits: list[float] = []
    hook._sleep = waits.append
    when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 20))
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users",
        [{"status_code": 429, "headers": {"Retry-After": when}, "json": {}}, {"json": {"users": []}}],
    )
    hook.request("GET", "/users")
    assert len(waits) == 1
    assert 15 <= waits[0] <= 21


def test_daily_limit_fails_fast_with_reset_time(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users/u1/recordings",
        status_code=429,
        headers={
            "X-RateLimit-Type": "Daily-limit",
            "X-RateLimit-Category": "Heavy",
            "Retry-After": "2026-11-25T00:00:00Z",
        },
        json={"code": 429, "message": "You have reached the maximum daily rate limit for this API."},
    )
    with pytest.raises(ZoomRateLimitError) as exc:
        hook.request("GET", "/users/u1/recordings")
    assert len(api_calls(mock)) == 1
    assert exc.value.category == "Heavy"
    assert "2026-11-25T00:00:00Z" in str(exc.value)
    assert "Heavy" in str(exc.value)


def test_per_host_create_cap_without_headers_fails_fast(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.post(
        f"{API}/users/me/meetings",
        status_code=429,
        json={
            "code": 429,
            "message": "You have exceeded the daily rate limit of (100) for Create meeting / Update meeting "
            "API requests for the user, me",
        },
    )
    with pytest.raises(ZoomRateLimitError) as exc:
        hook.request("POST", "/users/me/meetings", json={"topic": "x"})
    assert len(api_calls(mock)) == 1
    assert "00:00 UTC" in str(exc.value)


def test_5xx_backoff_is_bounded(zoom_conn, mock):
    zoom_conn(max_retries=2)
    hook = ZoomHook()
    waits: list[float] = []
    hook._sleep = waits.append
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users", status_code=503, text="<html><title>Service Unavailable</title></html>")
    with pytest.raises(ZoomTransientError) as exc:
        hook.request("GET", "/users")
    assert len(api_calls(mock)) == 3
    assert len(waits) == 2
    assert waits[0] <= 1.0 and waits[1] <= 2.0  # exponential with jitter, capped per step
    assert "Service Unavailable" in str(exc.value)
    assert "Gave up after 3 attempt(s)" in str(exc.value)


def test_connection_error_is_retried(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users", [{"exc": requests.ConnectionError("reset")}, {"json": {"users": [1]}}])
    assert hook.request("GET", "/users") == {"users": [1]}


def test_connection_error_budget_exhausted(zoom_conn, mock):
    zoom_conn(max_retries=1)
    hook = ZoomHook()
    hook._sleep = lambda s: None
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users", exc=requests.ConnectionError("refused"))
    with pytest.raises(ZoomTransientError) as exc:
        hook.request("GET", "/users")
    assert exc.value.status_code == 0
    assert len(api_calls(mock)) == 2


# ---------------------------------------------------------------------------- errors
def test_json_error_maps_to_not_found_with_readable_message(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/meetings/123", status_code=404, json={"code": 3001, "message": "Meeting does not exist: 123."}
    )
    with pytest.raises(ZoomNotFoundError) as exc:
        hook.get_meeting(123)
    err = exc.value
    assert (err.status_code, err.code, err.method, err.path) == (404, 3001, "GET", "/meetings/123")
    assert str(err) == "GET /meetings/123 -> 404 (code 3001): Meeting does not exist: 123."


def test_validation_errors_list_fields(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.post(
        f"{API}/users/me/meetings",
        status_code=400,
        json={
            "code": 300,
            "message": "Validation Failed.",
            "errors": [{"field": "agenda", "message": "Too long"}],
        },
    )
    with pytest.raises(ZoomApiError) as exc:
        hook.request("POST", "/users/me/meetings", json={})
    assert exc.value.code == 300
    assert "agenda: Too long" in str(exc.value)


def test_missing_scope_is_named(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users/me",
        status_code=400,
        json={
            "code": 4711,
            "message": "Invalid access token, does not contain scopes:[user:read:user:admin].",
        },
    )
    with pytest.raises(ZoomAuthError) as exc:
        hook.request("GET", "/users/me")
    assert exc.value.missing_scopes == ["user:read:user:admin"]
    assert "user:read:user:admin" in str(exc.value)


def test_non_json_error_body_is_readable(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users",
        status_code=502,
        headers={"Content-Type": "text/html"},
        text="<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    )
    hook.retry_policy  # noqa: B018 - build it before changing the budget
    hook.__dict__["retry_policy"] = type(hook.retry_policy)(max_retries=0)
    with pytest.raises(ZoomApiError) as exc:
        hook.request("GET", "/users")
    assert "502 Bad Gateway" in str(exc.value)
    assert exc.value.status_code == 502


def test_errors_survive_pickling():
    import pickle

    err = ZoomRateLimitError(
        status_code=429, code=429, zoom_message="m", method="GET", path="/x", category="Heavy"
    )
    clone = pickle.loads(pickle.dumps(err))
    assert isinstance(clone, ZoomRateLimitError)
    assert (clone.category, clone.path, str(clone)) == ("Heavy", "/x", str(err))


# ---------------------------------------------------------------------------- paths
@pytest.mark.parametrize(
    ("uuid", "expected"),
    [
        ("/ajXp112QmuoKj4854875==", "%252FajXp112QmuoKj4854875%253D%253D"),
        ("abQx7Z//cdKp3Wq9LmNrTu==", "abQx7Z%252F%252FcdKp3Wq9LmNrTu%253D%253D"),
        ("sMYhEiZuzyPU8EKUF/CWuA==", "sMYhEiZuzyPU8EKUF%252FCWuA%253D%253D"),
        ("4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii%3D%3D"),
        (85746065432, "85746065432"),
    ],
)
def test_uuid_double_encoding_on_the_wire(hook, mock, uuid, expected):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(rm.ANY, json={"recording_files": []})
    hook.get_meeting_recordings(uuid)
    sent = api_calls(mock)[0]
    assert sent.path == f"/v2/meetings/{expected}/recordings".lower()
    assert sent.url.split("/v2", 1)[1].split("?")[0] == f"/meetings/{expected}/recordings"


def test_empty_id_is_rejected_before_any_request(hook, mock):
    with pytest.raises(ValueError, match="meeting_id"):
        hook.get_meeting_recordings("  ")
    assert not mock.request_history


# ---------------------------------------------------------------------------- pagination
def test_paginate_by_next_page_token(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users",
        [
            {"json": {"users": [{"id": 1}, {"id": 2}], "next_page_token": "t2"}},
            {"json": {"users": [{"id": 3}], "next_page_token": ""}},
        ],
    )
    assert [u["id"] for u in hook.paginate("/users", items_key="users", page_size=1000)] == [1, 2, 3]
    first, second = api_calls(mock)
    assert first.qs == {"page_size": ["300"]}  # capped at Zoom's maximum
    assert second.qs == {"page_size": ["300"], "next_page_token": ["t2"]}


def test_paginate_by_page_number(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    pages = [
        {"json": {"registrants": [{"id": i}], "page_number": n, "page_count": 3}}
        for n, i in ((1, "a"), (2, "b"), (3, "c"))
    ]
    mock.get(f"{API}/meetings/1/registrants", pages)
    items = list(hook.paginate("/meetings/1/registrants", items_key="registrants"))
    assert [i["id"] for i in items] == ["a", "b", "c"]
    assert [c.qs.get("page_number") for c in api_calls(mock)] == [None, ["2"], ["3"]]


def test_paginate_max_results_stops_early(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users",
        [
            {"json": {"users": [{"id": 1}, {"id": 2}], "next_page_token": "t2"}},
            {"json": {"users": [{"id": 3}, {"id": 4}], "next_page_token": "t3"}},
            {"json": {"users": [{"id": 5}], "next_page_token": ""}},
        ],
    )
    assert [u["id"] for u in hook.paginate("/users", items_key="users", max_results=3)] == [1, 2, 3]
    assert len(api_calls(mock)) == 2


def test_paginate_is_lazy(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users", json={"users": [{"id": 1}], "next_page_token": "again"})
    items = hook.paginate("/users", items_key="users")
    assert next(items) == {"id": 1}
    assert len(api_calls(mock)) == 1


def test_expired_page_token_restarts_and_deduplicates(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    expired = {
        "status_code": 400,
        "json": {"code": 300, "message": "The next page token is invalid or expired."},
    }
    mock.get(
        f"{API}/users",
        [
            {"json": {"users": [{"id": 1}, {"id": 2}], "next_page_token": "t2"}},
            expired,
            {"json": {"users": [{"id": 1}, {"id": 2}], "next_page_token": "t2b"}},
            {"json": {"users": [{"id": 3}], "next_page_token": ""}},
        ],
    )
    assert [u["id"] for u in hook.paginate("/users", items_key="users")] == [1, 2, 3]


# ---------------------------------------------------------------------------- date windows
def test_recordings_over_a_long_range_walk_month_windows(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users/me/recordings", json={"meetings": [{"uuid": "m"}], "next_page_token": ""})
    meetings = hook.list_recordings("me", "2024-01-31", "2024-04-10")
    windows = [(c.qs["from"][0], c.qs["to"][0]) for c in api_calls(mock)]
    assert windows == [
        ("2024-01-31", "2024-02-29"),  # a leap year's February ends the window that starts on Jan 31
        ("2024-03-01", "2024-03-31"),
        ("2024-04-01", "2024-04-10"),
    ]
    assert len(meetings) == 3


def test_reversed_range_is_a_clear_error(hook, mock):
    with pytest.raises(ZoomConfigError, match="from_"):
        hook.list_recordings("me", "2024-03-01", "2024-02-01")
    assert not mock.request_history


# ---------------------------------------------------------------------------- configuration
@pytest.mark.parametrize(
    ("extra", "login", "field"),
    [
        ({"account_id": ""}, "id", "account_id"),
        ({"auth_type": "jwt"}, "id", "auth_type"),
        ({"api_base_url": "api.zoom.us/v2"}, "id", "api_base_url"),
        ({"oauth_base_url": "ftp://zoom.us"}, "id", "oauth_base_url"),
        ({"timeout": "soon"}, "id", "timeout"),
        ({"max_retries": "-1"}, "id", "max_retries"),
        ({"account_id": "a"}, "", "login"),
        ({"auth_type": "refresh_token"}, "id", "refresh_token"),
        ({"auth_type": "access_token"}, "id", "access_token"),
    ],
)
def test_bad_configuration_names_the_field(extra, login, field):
    base = {"account_id": "acc"}
    base.update(extra)
    with pytest.raises(ZoomConfigError) as exc:
        ZoomConnectionConfig.from_fields("zoom_default", login=login, password="secret", extra=base)
    assert exc.value.field == field
    assert field in str(exc.value)


def test_bad_configuration_fails_before_any_network_call(zoom_conn, mock):
    zoom_conn(account_id="")
    with pytest.raises(ZoomConfigError, match="account_id"):
        ZoomHook().request("GET", "/users/me")
    assert not mock.request_history


def test_prefixed_extra_fields_are_read():
    config = ZoomConnectionConfig.from_fields(
        "c", login="id", password="s", extra={"extra__zoom__account_id": "acc", "extra__zoom__timeout": "5"}
    )
    assert (config.account_id, config.timeout) == ("acc", 5.0)


def test_config_repr_hides_secrets():
    config = ZoomConnectionConfig.from_fields(
        "c", login="id", password="super-secret", extra={"account_id": "a", "webhook_secret_token": "whs"}
    )
    assert "super-secret" not in repr(config)
    assert "whs" not in repr(config)


# ---------------------------------------------------------------------------- secrets in logs
def test_no_secret_reaches_debug_logs(zoom_conn, mock, caplog, capsys, monkeypatch):
    from airflow.sdk import Variable

    monkeypatch.setattr(Variable, "get", staticmethod(lambda key, default=None: "refresh-secret-1"))
    monkeypatch.setattr(Variable, "set", staticmethod(lambda key, value, description=None: None))
    zoom_conn(auth_type="refresh_token", refresh_token_variable="v")
    hook = ZoomHook()
    hook._sleep = lambda s: None
    mock.post(TOKEN_URL, json=token_reply("access-secret-1", refresh_token="refresh-secret-2"))
    mock.get(
        f"{API}/users",
        [
            {"status_code": 500, "json": {"code": 500, "message": "oops"}},
            {"exc": requests.ConnectionError("reset")},
            {"json": {"users": [{"id": 1}], "next_page_token": ""}},
        ],
    )
    mock.get(
        "https://zoom.test/rec/download/f1",
        request_headers={"Authorization": "Bearer url-secret-3"},
        status_code=302,
        headers={"Location": "https://cdn.test/f1?sig=1"},
    )
    mock.get("https://cdn.test/f1", content=b"data", headers={"Content-Length": "4"})
    with caplog.at_level(logging.DEBUG):
        list(hook.paginate("/users", items_key="users"))
        hook.download("https://zoom.test/rec/download/f1?access_token=url-secret-3", io.BytesIO())
    captured = capsys.readouterr()
    text = "\n".join([*(r.getMessage() for r in caplog.records), captured.out, captured.err])
    assert "retry" in text  # the retry cycle was logged ...
    for secret in (CLIENT_SECRET, "access-secret-1", "refresh-secret-1", "refresh-secret-2", "url-secret-3"):
        assert secret not in text  # ... but no secret was


# ---------------------------------------------------------------------------- downloads
def test_download_follows_redirect_without_token_and_hashes(hook, mock):
    import hashlib

    data = b"x" * 5000
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/rec/download/f1", status_code=302, headers={"Location": "https://cdn.test/f1?sig=abc"})
    mock.get("https://cdn.test/f1", content=data, headers={"Content-Length": str(len(data))})
    buf = io.BytesIO()
    result = hook.download(f"{API}/rec/download/f1", buf, expected_size=len(data))
    assert buf.getvalue() == data
    assert result.bytes_written == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    zoom_call, cdn_call = [r for r in mock.request_history if not r.url.startswith(TOKEN_URL)]
    assert zoom_call.headers["Authorization"] == "Bearer tok-1"
    assert "Authorization" not in cdn_call.headers


def test_download_size_mismatch_fails(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get("https://cdn.test/f1", content=b"abc", headers={"Content-Length": "3"})
    mock.get(f"{API}/rec/download/f1", status_code=302, headers={"Location": "https://cdn.test/f1"})
    with pytest.raises(ZoomApiError, match="file_size is 10"):
        hook.download(f"{API}/rec/download/f1", io.BytesIO(), expected_size=10)


def test_download_uses_fallback_token_after_401(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/rec/download/f1",
        [
            {"status_code": 401, "json": {"code": 124, "message": "Invalid access token."}},
            {"status_code": 302, "headers": {"Location": "https://cdn.test/f1"}},
        ],
    )
    mock.get("https://cdn.test/f1", content=b"ok", headers={"Content-Length": "2"})
    buf = io.BytesIO()
    hook.download(f"{API}/rec/download/f1", buf, fallback_access_token=lambda: "dl-token")
    first, second = [r for r in mock.request_history if r.url.startswith(f"{API}/rec")]
    assert first.headers["Authorization"] == "Bearer tok-1"
    assert second.headers["Authorization"] == "Bearer dl-token"
    assert buf.getvalue() == b"ok"


# ---------------------------------------------------------------------------- test_connection
def test_test_connection_ok(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(f"{API}/users/me", json={"id": "u1", "email": "owner@example.com"})
    ok, message = hook.test_connection()
    assert ok
    assert "owner@example.com" in message


def test_test_connection_bad_credentials(hook, mock):
    mock.post(TOKEN_URL, status_code=401, json={"reason": "Invalid client_id or client_secret"})
    ok, message = hook.test_connection()
    assert not ok
    assert "Invalid client_id or client_secret" in message


def test_test_connection_missing_account_id(zoom_conn):
    zoom_conn(account_id="")
    ok, message = ZoomHook().test_connection()
    assert not ok
    assert "account_id" in message


def test_test_connection_unreachable(zoom_conn, mock):
    zoom_conn(max_retries=0)
    mock.post(TOKEN_URL, exc=requests.ConnectionError("refused"))
    ok, message = ZoomHook().test_connection()
    assert not ok
    assert "Could not reach" in message


def test_test_connection_names_a_missing_scope(hook, mock):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(
        f"{API}/users/me",
        status_code=400,
        json={
            "code": 4711,
            "message": "Invalid access token, does not contain scopes:[user:read:user:admin].",
        },
    )
    ok, message = hook.test_connection()
    assert not ok
    assert "user:read:user:admin" in message
    assert "Credentials work" in message


def test_test_connection_reports_families_the_scopes_do_not_cover(hook, mock):
    mock.post(TOKEN_URL, json=token_reply(scope="user:read:admin"))
    mock.get(f"{API}/users/me", json={"id": "u1", "email": "owner@example.com"})
    ok, message = hook.test_connection()
    assert ok
    assert "Missing scopes" in message or "cannot use" in message


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.test/rec/download/f1",  # another host
        "https://zoom.test.evil.example/rec/download/f1",  # a host that only starts like Zoom's
        "http://zoom.test/rec/download/f1",  # the token would travel in clear text
        "https://zoom.test:8443/rec/download/f1",  # another port
    ],
)
def test_download_sends_no_token_off_the_connections_hosts(hook, mock, url):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(rm.ANY, content=b"data")
    with pytest.raises(ZoomConfigError, match="url.*Zoom hosts") as err:
        hook.download(url + "?access_token=url-secret", io.BytesIO())
    assert "url-secret" not in str(err.value)
    assert mock.request_history == []  # nothing was sent, not even a token request


@pytest.mark.parametrize(
    "url", ["https://zoom.test/rec/download/f1", "https://us06web.zoom.test/rec/download/f1"]
)
def test_download_sends_the_token_to_zoom_web_hosts(hook, mock, url):
    mock.post(TOKEN_URL, json=token_reply())
    mock.get(url, content=b"data", headers={"Content-Length": "4"})
    buf = io.BytesIO()
    hook.download(url, buf)
    assert buf.getvalue() == b"data"
    assert mock.request_history[-1].headers["Authorization"] == "Bearer tok-1"
