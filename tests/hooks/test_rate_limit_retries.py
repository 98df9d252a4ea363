"""Per-second rate limits under contention: jitter on top of Retry-After, and a time budget, not a count."""

from __future__ import annotations

import asyncio
import heapq
import math
import random

import httpx
import pytest
import requests_mock as rm

from airflow_provider_zoom._http.aio import AsyncZoomClient
from airflow_provider_zoom._http.config import ZoomConnectionConfig
from airflow_provider_zoom._http.retry import RetryPolicy
from airflow_provider_zoom.exceptions import ZoomRateLimitError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from tests.conftest import API, TOKEN_URL

QPS_429 = {
    "status_code": 429,
    "headers": {"Retry-After": "1", "X-RateLimit-Type": "QPS", "X-RateLimit-Category": "Light"},
    "json": {"code": 429, "message": "You have reached the maximum per-second rate limit for this API."},
}
QPS_HEADERS = QPS_429["headers"]


def simulate(policy: RetryPolicy, *, callers: int, requests_each: int, rate: int) -> tuple[int, int, float]:
    """
    Callers sharing a fixed-window limiter of ``rate`` per second, on a virtual clock.

    Each caller makes its requests one after another and follows ``policy`` on every 429 (with
    ``Retry-After`` to the next window, like Zoom and the emulator). Returns (done, failed callers,
    time of the last success).
    """
    events = [(0.0, caller, 1, 0.0, requests_each) for caller in range(callers)]
    used: dict[int, int] = {}
    done = failed = 0
    last = 0.0
    while events:
        now, caller, attempt, waited, left = heapq.heappop(events)
        window = int(now)
        if used.get(window, 0) < rate:
            used[window] = used.get(window, 0) + 1
            done += 1
            last = now
            if left > 1:
                heapq.heappush(events, (now + 0.01, caller, 1, 0.0, left - 1))
            continue
        retry_after = max(1, math.ceil(window + 1 - now))
        headers = {**QPS_HEADERS, "Retry-After": str(retry_after)}
        wait = policy.wait_for_status(429, headers, "", attempt, waited=waited)
        if wait is None:
            failed += 1
            continue
        heapq.heappush(events, (now + wait, caller, attempt + 1, waited + wait, left))
    return done, failed, last


def test_eight_callers_at_one_per_second_all_succeed():
    policy = RetryPolicy(max_retries=5, uniform=random.Random(12).uniform)
    done, failed, last = simulate(policy, callers=8, requests_each=1, rate=1)
    assert (done, failed) == (8, 0)
    assert last < 10  # eight requests at one per second: hardly a second lost


def test_many_callers_use_at_least_ninety_percent_of_the_rate():
    policy = RetryPolicy(max_retries=5, uniform=random.Random(3).uniform)
    done, failed, last = simulate(policy, callers=40, requests_each=25, rate=10)
    assert failed == 0 and done == 1000
    assert done / (last + 1) / 10 >= 0.9


def test_a_count_alone_fails_callers_that_only_wait_their_turn():
    # The old behaviour, for contrast: no jitter, no time budget: two of eight callers fail.
    policy = RetryPolicy(max_retries=5, rate_limit_budget=0, uniform=lambda low, high: low)
    assert simulate(policy, callers=8, requests_each=1, rate=1)[:2] == (6, 2)


def test_jitter_goes_on_top_of_retry_after():
    def highest(low: float, high: float) -> float:
        return high

    def lowest(low: float, high: float) -> float:
        return low

    for attempt, spread in ((1, 0.25), (2, 0.5), (3, 1.0), (5, 2.0), (9, 2.0)):
        assert RetryPolicy(uniform=highest).wait_for_status(429, QPS_HEADERS, "", attempt) == 1.0 + spread
        assert RetryPolicy(uniform=lowest).wait_for_status(429, QPS_HEADERS, "", attempt) == 1.0
    waits = {RetryPolicy().wait_for_status(429, QPS_HEADERS, "", 2) for _ in range(50)}
    assert len(waits) > 40 and all(1.0 <= w <= 3.0 for w in waits)


def test_daily_limit_still_fails_at_once():
    daily = {"X-RateLimit-Type": "Daily-limit", "Retry-After": "2030-01-01T00:00:00Z"}
    assert RetryPolicy().wait_for_status(429, daily, "", 1) is None


def test_zero_retries_still_disables_retrying():
    assert RetryPolicy(max_retries=0).wait_for_status(429, QPS_HEADERS, "", 1) is None


# ---------------------------------------------------------------------------------------- the hook
@pytest.fixture
def mock():
    with rm.Mocker() as m:
        m.post(TOKEN_URL, json={"access_token": "tok", "expires_in": 3600})
        yield m


def _hook(waits: list[float]) -> ZoomHook:
    hook = ZoomHook()
    hook._sleep = waits.append
    return hook


def test_hook_waits_out_a_long_contention_within_the_time_budget(zoom_conn, mock):
    waits: list[float] = []
    mock.get(f"{API}/users/me", [QPS_429] * 40 + [{"json": {"id": "u1"}}])
    assert _hook(waits).request("GET", "/users/me") == {"id": "u1"}
    assert len(waits) == 40  # far past max_retries=5
    assert sum(waits) <= 300


def test_hook_gives_up_when_the_time_budget_is_spent(zoom_conn, mock):
    zoom_conn(rate_limit_budget=30)
    waits: list[float] = []
    mock.get(f"{API}/users/me", **QPS_429)
    with pytest.raises(ZoomRateLimitError) as exc:
        _hook(waits).request("GET", "/users/me")
    assert 30 - 3 < sum(waits) <= 30  # the next wait (at most Retry-After 1 + jitter 2) did not fit
    assert len(waits) > 5
    assert "rate_limit_budget=30" in str(exc.value)
    assert exc.value.category == "Light"


def test_budget_zero_leaves_429s_to_the_count(zoom_conn, mock):
    zoom_conn(rate_limit_budget=0, max_retries=2)
    waits: list[float] = []
    mock.get(f"{API}/users/me", **QPS_429)
    with pytest.raises(ZoomRateLimitError, match="max_retries=2"):
        _hook(waits).request("GET", "/users/me")
    assert len(waits) == 2


def test_bad_budget_names_the_field(zoom_conn):
    from airflow_provider_zoom.exceptions import ZoomConfigError

    zoom_conn(rate_limit_budget="soon")
    with pytest.raises(ZoomConfigError, match="rate_limit_budget"):
        ZoomHook().config  # noqa: B018


def _async_get(handler, waits: list[float]):
    """GET /users/me with the async client over ``handler``, recording its sleeps instead of sleeping."""
    from airflow_provider_zoom._http.aio import ASYNC_TOKEN_CACHE

    config = ZoomConnectionConfig.from_fields(
        "c",
        login="id",
        password="secret",
        extra={"account_id": "a", "api_base_url": API, "oauth_base_url": TOKEN_URL.rsplit("/oauth", 1)[0]},
    )

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def go():
        async with AsyncZoomClient(config, transport=httpx.MockTransport(handler)) as client:
            client._sleep = sleep
            return await client.request("GET", "/users/me")

    ASYNC_TOKEN_CACHE.clear()
    try:
        return asyncio.run(go())
    finally:
        ASYNC_TOKEN_CACHE.clear()


def test_async_client_shares_the_policy():
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        calls.append(request.url.path)
        if len(calls) <= 20:
            return httpx.Response(429, headers=QPS_HEADERS, json=QPS_429["json"])
        return httpx.Response(200, json={"id": "u"})

    waits: list[float] = []
    assert _async_get(handler, waits) == {"id": "u"}
    assert len(waits) == 20 and all(1.0 <= w <= 3.0 for w in waits)


# ---------------------------------------------------------------------------------------- replaced tokens
def test_async_client_retries_a_replaced_token_with_jitter_then_says_so():
    from airflow_provider_zoom.exceptions import ZoomAuthError

    tokens: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/token":
            tokens.append(f"tok-{len(tokens) + 1}")
            return httpx.Response(200, json={"access_token": tokens[-1], "expires_in": 3600})
        return httpx.Response(401, json={"code": 124, "message": "Invalid access token."})

    waits: list[float] = []
    with pytest.raises(ZoomAuthError, match="another process") as exc:
        _async_get(handler, waits)
    policy = RetryPolicy()
    assert len(tokens) == policy.token_refetches + 1
    assert len(waits) == policy.token_refetches - 1  # the first refusal is refetched at once
    assert "check the connection's client ID" not in str(exc.value)
