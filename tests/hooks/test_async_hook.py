"""ZoomAsyncHook: the same connection, retry decisions and errors as ZoomHook, over asyncio."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from airflow_provider_zoom._http.aio import ASYNC_TOKEN_CACHE
from airflow_provider_zoom._http.auth import TOKEN_CACHE
from airflow_provider_zoom._http.retry import RetryPolicy
from airflow_provider_zoom.exceptions import (
    ZoomApiError,
    ZoomConfigError,
)
from airflow_provider_zoom.hooks.zoom import ZoomAsyncHook, ZoomHook

Reply = tuple[int, dict[str, str], Any]


class ScriptedZoom:
    """
    A loopback HTTP server: the token endpoint hands out ``tok-1``, ``tok-2``, ...; every API call
    gets the next scripted reply (the last one repeats). It records what it was sent.
    """

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.token_reply: Reply | None = None
        self.seen: list[tuple[str, str, str]] = []
        self.tokens = 0
        self._lock = threading.Lock()
        script = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep the test output quiet
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                status, headers, body = script.next_reply(
                    self.command, self.path, self.headers.get("Authorization", "")
                )
                payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def next_reply(self, method: str, path: str, authorization: str) -> Reply:
        with self._lock:
            # Only API calls show their bearer token; the token request's Basic header is a secret.
            self.seen.append((method, path, authorization if path.startswith("/v2") else ""))
            if path.startswith("/oauth/token"):
                if self.token_reply is not None:
                    return self.token_reply
                self.tokens += 1
                return 200, {}, {"access_token": f"tok-{self.tokens}", "expires_in": 3600}
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def play(self, *replies: Reply, token_reply: Reply | None = None) -> None:
        """Start a fresh script (and forget what was sent)."""
        self.replies = list(replies)
        self.token_reply = token_reply
        self.seen = []
        self.tokens = 0


@pytest.fixture
def scripted(zoom_conn) -> Iterator[ScriptedZoom]:
    zoom = ScriptedZoom()
    zoom.thread.start()
    zoom_conn(api_base_url=f"{zoom.url}/v2", oauth_base_url=zoom.url)
    ASYNC_TOKEN_CACHE.clear()
    try:
        yield zoom
    finally:
        ASYNC_TOKEN_CACHE.clear()
        zoom.server.shutdown()
        zoom.server.server_close()


def _policy(**kwargs: Any) -> RetryPolicy:
    # The lowest point of every random range, so both loops' waits can be compared exactly.
    return RetryPolicy(uniform=lambda low, high: low, **kwargs)


def _outcome(call: Any) -> tuple[Any, ...]:
    try:
        return ("ok", call())
    except ZoomApiError as err:
        return (type(err).__name__, err.status_code, err.code, err.method, err.path, str(err))


def run_sync(policy: RetryPolicy) -> tuple[tuple[Any, ...], list[float]]:
    waits: list[float] = []
    TOKEN_CACHE.clear()
    hook = ZoomHook()
    hook._sleep = waits.append
    hook.retry_policy = policy
    return _outcome(lambda: hook.request("GET", "/users/me")), waits


def run_async(policy: RetryPolicy) -> tuple[tuple[Any, ...], list[float]]:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def go() -> Any:
        async with ZoomAsyncHook() as hook:
            client = await hook.get_client()
            client._sleep = sleep
            client.retry_policy = policy
            return await hook.request("GET", "/users/me")

    ASYNC_TOKEN_CACHE.clear()
    return _outcome(lambda: asyncio.run(go())), waits


def both(zoom: ScriptedZoom, *replies: Reply, policy: RetryPolicy | None = None, **kwargs: Any) -> list[Any]:
    """What the sync hook and then the async hook did with the same replies: outcome, waits, requests."""
    policy = policy or _policy()
    runs = []
    for run in (run_sync, run_async):
        zoom.play(*replies, **kwargs)
        outcome, waits = run(policy)
        runs.append((outcome, waits, list(zoom.seen)))
    return runs


ME: Reply = (200, {}, {"id": "u1", "email": "a@example.com"})
QPS: Reply = (
    429,
    {"Retry-After": "1", "X-RateLimit-Type": "QPS", "X-RateLimit-Category": "Light"},
    {"code": 429, "message": "You have reached the maximum per-second rate limit for this API."},
)
TOKEN_REFUSED: Reply = (401, {}, {"code": 124, "message": "Invalid access token."})


def test_a_429_with_retry_after_is_waited_out_the_same_way(scripted):
    sync, aio = both(scripted, QPS, QPS, ME)
    assert sync == aio
    outcome, waits, seen = sync
    assert outcome == ("ok", {"id": "u1", "email": "a@example.com"})
    assert waits == [1.0, 1.0]  # Retry-After, plus the lowest jitter
    assert [path for _, path, _ in seen] == ["/oauth/token"] + ["/v2/users/me"] * 3


def test_5xx_back_off_then_give_up_the_same_way(scripted):
    gateway: Reply = (502, {}, {"code": 502, "message": "Bad gateway"})
    sync, aio = both(scripted, gateway, gateway, ME)
    assert sync == aio
    assert sync[0][0] == "ok" and sync[1] == [0.5, 1.0]
    sync, aio = both(scripted, gateway, policy=_policy(max_retries=2))
    assert sync == aio
    outcome, waits, seen = sync
    assert outcome[:3] == ("ZoomTransientError", 502, 502)
    assert "max_retries=2" in outcome[-1]
    assert len(waits) == 2 and len(seen) == 1 + 3


def test_a_refused_token_is_replaced_once_the_same_way(scripted):
    sync, aio = both(scripted, TOKEN_REFUSED, ME)
    assert sync == aio
    outcome, waits, seen = sync
    assert outcome[0] == "ok"
    assert waits == []  # the first refusal fetches a new token at once
    assert seen == [
        ("POST", "/oauth/token", ""),
        ("GET", "/v2/users/me", "Bearer tok-1"),
        ("POST", "/oauth/token", ""),
        ("GET", "/v2/users/me", "Bearer tok-2"),
    ]


def test_tokens_refused_in_a_row_fail_the_same_way(scripted):
    sync, aio = both(scripted, TOKEN_REFUSED, policy=_policy(token_refetches=2))
    assert sync == aio
    outcome, _, seen = sync
    assert outcome[:3] == ("ZoomAuthError", 401, 124)
    assert "refused 3 access tokens" in outcome[-1]
    assert [auth for _, path, auth in seen if path.startswith("/v2")] == [
        "Bearer tok-1",
        "Bearer tok-2",
        "Bearer tok-3",
    ]


@pytest.mark.parametrize(
    "daily",
    [
        (
            429,
            {"X-RateLimit-Type": "Daily-limit", "Retry-After": "2030-01-01T00:00:00Z"},
            {"code": 429, "message": "You have exceeded the daily rate limit."},
        ),
        # The per-host meeting create/update cap may come without rate-limit headers.
        (429, {}, {"code": 429, "message": "You have reached the daily limit for creating meetings."}),
    ],
)
def test_a_daily_limit_fails_at_once_the_same_way(scripted, daily):
    sync, aio = both(scripted, daily)
    assert sync == aio
    outcome, waits, seen = sync
    assert outcome[0] == "ZoomRateLimitError"
    assert "resets at" in outcome[-1]
    assert waits == [] and len(seen) == 2


def test_a_refused_client_secret_fails_the_same_way(scripted):
    refused: Reply = (400, {}, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
    sync, aio = both(scripted, ME, token_reply=refused)
    assert sync == aio
    assert sync[0][0] == "ZoomAuthError"
    assert [path for _, path, _ in sync[2]] == ["/oauth/token"]


# ---------------------------------------------------------------------------------------- the hook itself
def test_the_async_hook_reads_the_connection_and_its_overrides(scripted, zoom_conn):
    zoom_conn(api_base_url=f"{scripted.url}/v2", oauth_base_url=scripted.url, max_retries=7, timeout=30)

    async def go() -> tuple[Any, ...]:
        async with ZoomAsyncHook(max_retries=1, timeout=5) as hook:
            client = await hook.get_client()
            return client.retry_policy.max_retries, client.config.timeout, await hook.get_token()

    retries, timeout, token = asyncio.run(go())
    assert (retries, timeout, token.access_token) == (1, 5, "tok-1")
    assert ZoomAsyncHook.conn_type == ZoomHook.conn_type == "zoom"
    assert ZoomAsyncHook.default_conn_name == ZoomHook.default_conn_name


def test_the_async_hook_refuses_paths_that_leave_the_api(scripted):
    scripted.play(ME)

    async def go() -> Any:
        async with ZoomAsyncHook() as hook:
            return await hook.request("GET", "//evil.example/users")

    with pytest.raises(ZoomConfigError, match="path"):
        asyncio.run(go())
    assert not [path for _, path, _ in scripted.seen if path.startswith("/v2")]


def test_the_async_hook_names_a_missing_connection(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_ZOOM_NOPE", raising=False)

    async def go() -> Any:
        return await ZoomAsyncHook("zoom_nope").request("GET", "/users/me")

    with pytest.raises(Exception, match="zoom_nope"):
        asyncio.run(go())
