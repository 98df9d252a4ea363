"""Cached tokens stay with the credential that fetched them and the API host they were fetched for."""

from __future__ import annotations

import asyncio
import base64

import httpx
import pytest
import requests_mock as rm

from airflow_provider_zoom._http.aio import ASYNC_TOKEN_CACHE, AsyncZoomClient
from airflow_provider_zoom._http.config import ZoomConnectionConfig
from airflow_provider_zoom.exceptions import ZoomAuthError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from tests.conftest import ACCOUNT_ID, API, CLIENT_ID, CLIENT_SECRET, OAUTH, TOKEN_URL

OTHER_API = "https://api.elsewhere.test/v2"
WRONG_SECRET = "not-the-client-secret"


def _basic(secret: str) -> str:
    return "Basic " + base64.b64encode(f"{CLIENT_ID}:{secret}".encode()).decode()


def _token_endpoint(request, context):
    """Zoom's token endpoint: only the real secret gets a token, a new one per call."""
    if request.headers.get("Authorization") != _basic(CLIENT_SECRET):
        context.status_code = 401
        return {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}
    _token_endpoint.issued += 1
    return {"access_token": f"good-token-{_token_endpoint.issued}", "expires_in": 3600}


@pytest.fixture
def mock():
    _token_endpoint.issued = 0
    with rm.Mocker() as m:
        m.post(TOKEN_URL, json=_token_endpoint)
        m.get(f"{API}/users/me", json={"id": "u1", "email": "owner@example.com"})
        m.get(f"{OTHER_API}/users/me", json={"id": "u2"})
        yield m


def _conn(monkeypatch, conn_id: str, *, password: str = CLIENT_SECRET, api: str = API) -> None:
    import json

    extra = {"account_id": ACCOUNT_ID, "api_base_url": api, "oauth_base_url": OAUTH}
    conn = {"conn_type": "zoom", "login": CLIENT_ID, "password": password, "extra": extra}
    monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(conn))


def test_wrong_secret_does_not_reuse_a_good_token(monkeypatch, mock):
    _conn(monkeypatch, "zoom_good")
    _conn(monkeypatch, "zoom_wrong", password=WRONG_SECRET)
    assert ZoomHook("zoom_good").test_connection()[0] is True

    ok, message = ZoomHook("zoom_wrong").test_connection()

    assert ok is False
    assert "Invalid client_id or client_secret" in message
    with pytest.raises(ZoomAuthError):
        ZoomHook("zoom_wrong").request("GET", "/users/me")


def test_another_api_host_gets_its_own_token(monkeypatch, mock):
    _conn(monkeypatch, "zoom_good")
    _conn(monkeypatch, "zoom_elsewhere", api=OTHER_API)
    ZoomHook("zoom_good").request("GET", "/users/me")

    ZoomHook("zoom_elsewhere").request("GET", "/users/me")

    sent = {r.url.split("/v2")[0]: r.headers["Authorization"] for r in mock.request_history if "/v2" in r.url}
    assert sent[API.split("/v2")[0]] == "Bearer good-token-1"
    assert sent[OTHER_API.split("/v2")[0]] == "Bearer good-token-2"


def test_same_connection_fields_share_one_token(monkeypatch, mock):
    _conn(monkeypatch, "zoom_a")
    _conn(monkeypatch, "zoom_b")
    ZoomHook("zoom_a").request("GET", "/users/me")
    ZoomHook("zoom_b").request("GET", "/users/me")
    assert _token_endpoint.issued == 1


def test_the_key_holds_no_secret():
    config = ZoomConnectionConfig.from_fields(
        "c",
        login=CLIENT_ID,
        password=CLIENT_SECRET,
        extra={"auth_type": "refresh_token", "refresh_token": "refresh-secret-value"},
    )
    text = repr(config.cache_key)
    assert CLIENT_SECRET not in text and "refresh-secret-value" not in text
    other = ZoomConnectionConfig.from_fields(
        "c",
        login=CLIENT_ID,
        password=WRONG_SECRET,
        extra={"auth_type": "refresh_token", "refresh_token": "refresh-secret-value"},
    )
    assert other.cache_key != config.cache_key


# ---------------------------------------------------------------------------------------- async client
def _config(*, password: str = CLIENT_SECRET, api: str = API) -> ZoomConnectionConfig:
    extra = {"account_id": ACCOUNT_ID, "api_base_url": api, "oauth_base_url": OAUTH}
    return ZoomConnectionConfig.from_fields("c", login=CLIENT_ID, password=password, extra=extra)


def _async_handler(seen: list[tuple[str, str]]):
    issued = iter(range(1, 100))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            if request.headers.get("Authorization") != _basic(CLIENT_SECRET):
                return httpx.Response(401, json={"reason": "Invalid client_id or client_secret"})
            return httpx.Response(
                200, json={"access_token": f"good-token-{next(issued)}", "expires_in": 3600}
            )
        seen.append((request.url.host, request.headers["Authorization"]))
        return httpx.Response(200, json={"id": "u"})

    return handler


def _call(config: ZoomConnectionConfig, handler) -> None:
    async def go():
        async with AsyncZoomClient(config, transport=httpx.MockTransport(handler)) as client:
            await client.request("GET", "/users/me")

    asyncio.run(go())


def test_async_client_keys_tokens_the_same_way():
    ASYNC_TOKEN_CACHE.clear()
    seen: list[tuple[str, str]] = []
    handler = _async_handler(seen)
    try:
        _call(_config(), handler)
        with pytest.raises(ZoomAuthError):
            _call(_config(password=WRONG_SECRET), handler)
        _call(_config(api=OTHER_API), handler)
    finally:
        ASYNC_TOKEN_CACHE.clear()
    assert seen == [("api.zoom.test", "Bearer good-token-1"), ("api.elsewhere.test", "Bearer good-token-2")]
