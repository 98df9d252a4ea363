"""RequestAttempts: the decisions both hooks' request loops take, reply by reply, without I/O."""

from __future__ import annotations

import json

import pytest

from airflow_provider_zoom._http.retry import RequestAttempts, RetryPolicy
from airflow_provider_zoom.exceptions import ZoomAuthError, ZoomRateLimitError, ZoomTransientError

REFUSED = json.dumps({"code": 124, "message": "Invalid access token."}).encode()


def _attempts(**kwargs: bool) -> RequestAttempts:
    policy = RetryPolicy(max_retries=2, token_refetches=1, uniform=lambda low, high: low)
    return RequestAttempts(policy, "GET", "/users/me", "https://api.zoom.test/v2/users/me", **kwargs)


def test_a_success_is_handed_back():
    assert _attempts().after_reply(200, {}, b"") is None


def test_5xx_are_retried_within_the_count_then_raised():
    attempts = _attempts()
    assert [attempts.after_reply(503, {}, b"").wait for _ in range(2)] == [0.5, 1.0]
    with pytest.raises(ZoomTransientError, match="max_retries=2"):
        attempts.after_reply(503, {}, b"")


def test_a_refused_token_asks_for_a_new_one_once_then_raises():
    attempts = _attempts(refetch_tokens=True)
    step = attempts.after_reply(401, {}, REFUSED)
    assert step is not None and step.new_token and step.wait == 0.0
    with pytest.raises(ZoomAuthError, match="refused 2 access tokens"):
        attempts.after_reply(401, {}, REFUSED)


def test_a_given_token_is_never_replaced():
    with pytest.raises(ZoomAuthError):
        _attempts(refetch_tokens=False).after_reply(401, {}, REFUSED)


def test_a_daily_limit_is_raised_at_once():
    headers = {"X-RateLimit-Type": "Daily-limit", "Retry-After": "2030-01-01T00:00:00Z"}
    with pytest.raises(ZoomRateLimitError, match="resets at 2030-01-01"):
        _attempts().after_reply(429, headers, b"{}")


def test_the_token_request_hands_its_refusal_back_to_be_parsed():
    attempts = _attempts(raise_errors=False)
    assert attempts.after_reply(400, {}, b'{"reason": "Invalid client_id or client_secret"}') is None


def test_a_dropped_connection_is_retried_then_raised():
    attempts = _attempts()
    assert attempts.after_connection_error(ConnectionError()).wait == 0.5
    assert attempts.after_connection_error(ConnectionError()).wait == 1.0
    with pytest.raises(ZoomTransientError, match="could not reach"):
        attempts.after_connection_error(ConnectionError())
