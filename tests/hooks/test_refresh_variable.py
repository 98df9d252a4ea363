"""
Refresh-token OAuth through the Variable: the stored access token is shared, a refresh token Zoom
refused is never sent twice, and a failed write of the rotated token fails the task, saying how to
recover, without the token. (Separate task processes: tests/e2e/test_refresh_token_processes.py.)
"""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import parse_qs

import pytest

from airflow_provider_zoom.exceptions import ZoomAuthError, ZoomRefreshTokenStaleError
from airflow_provider_zoom.hooks import _refresh_variable
from airflow_provider_zoom.hooks.zoom import ZoomHook
from tests.conftest import API, TOKEN_URL

VARIABLE = "zoom_refresh"


class Store:
    """The Variable store as the Task SDK shows it: get and set by name; set may fail."""

    def __init__(self, **values: str) -> None:
        self.values = dict(values)
        self.sets: list[str] = []
        self.failures: list[Exception] = []  # raised by the next set calls, in order
        self.lands_before_failing = False  # the write is stored, then the call fails anyway

    def get(self, key, default=None, **_):
        return self.values.get(key, default)

    def set(self, key, value, description=None, **_):
        self.sets.append(value)
        if self.failures:
            if self.lands_before_failing:
                self.values[key] = value
            raise self.failures.pop(0)
        self.values[key] = value


@pytest.fixture
def store(monkeypatch, zoom_conn):
    from airflow.sdk import Variable

    s = Store()
    monkeypatch.setattr(Variable, "get", staticmethod(s.get))
    monkeypatch.setattr(Variable, "set", staticmethod(s.set))
    zoom_conn(auth_type="refresh_token", refresh_token_variable=VARIABLE, refresh_token="extra-rt")
    return s


@pytest.fixture
def hook(store) -> ZoomHook:
    h = ZoomHook()
    h.waits = []
    h._sleep = h.waits.append
    return h


def _sent_refresh_tokens(mock) -> list[str]:
    return [parse_qs(r.text)["refresh_token"][0] for r in mock.request_history if r.url == TOKEN_URL]


def _stored(access: str, refresh: str, expires_in: float = 3600) -> str:
    return json.dumps(
        {"refresh_token": refresh, "access_token": access, "expires_at": time.time() + expires_in}
    )


def test_a_fresh_stored_access_token_is_used_without_a_refresh(store, hook, mock):
    store.values[VARIABLE] = _stored("at-shared", "rt-1")
    mock.get(f"{API}/users/me", json={"id": "me"})

    hook.request("GET", "/users/me")

    assert _sent_refresh_tokens(mock) == []
    assert mock.request_history[-1].headers["Authorization"] == "Bearer at-shared"


def test_an_expiring_stored_access_token_is_refreshed(store, hook, mock):
    store.values[VARIABLE] = _stored("at-old", "rt-1", expires_in=30)
    mock.post(TOKEN_URL, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600})

    assert hook.get_access_token() == "at-2"
    assert _sent_refresh_tokens(mock) == ["rt-1"]
    assert json.loads(store.values[VARIABLE])["refresh_token"] == "rt-2"


def test_a_bare_refresh_token_is_read_and_replaced_by_json(store, hook, mock):
    store.values[VARIABLE] = "rt-bare"
    mock.post(TOKEN_URL, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600})

    hook.get_access_token()

    assert _sent_refresh_tokens(mock) == ["rt-bare"]
    stored = json.loads(store.values[VARIABLE])
    assert (stored["refresh_token"], stored["access_token"]) == ("rt-2", "at-2")


def test_the_extra_refresh_token_is_used_while_the_variable_does_not_exist(store, hook, mock):
    mock.post(TOKEN_URL, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600})
    hook.get_access_token()
    assert _sent_refresh_tokens(mock) == ["extra-rt"]


def test_refused_refresh_uses_what_the_winning_process_stored(store, hook, mock):
    store.values[VARIABLE] = "rt-1"

    def token_endpoint(request, context):
        # Another process exchanged rt-1 a moment earlier and is storing its result now.
        store.values[VARIABLE] = _stored("at-winner", "rt-2")
        context.status_code = 400
        return {"reason": "Invalid Token!", "error": "invalid_request"}

    mock.post(TOKEN_URL, json=token_endpoint)

    assert hook.get_access_token() == "at-winner"
    assert _sent_refresh_tokens(mock) == ["rt-1"]
    assert len(hook.waits) == 1 and 0 < hook.waits[0] <= 8


def test_a_refused_refresh_token_is_never_sent_twice_and_the_wait_is_bounded(store, hook, mock):
    store.values[VARIABLE] = "rt-dead"
    mock.post(TOKEN_URL, status_code=400, json={"reason": "Invalid Token!", "error": "invalid_request"})

    with pytest.raises(ZoomAuthError, match="Invalid Token"):
        hook.get_access_token()

    assert _sent_refresh_tokens(mock) == ["rt-dead"]
    assert len(hook.waits) == _refresh_variable.REFRESH_ROUNDS - 1
    assert sum(hook.waits) <= 60


def test_a_refused_access_token_is_not_taken_from_the_variable_again(store, hook, mock):
    store.values[VARIABLE] = _stored("at-revoked", "rt-1")
    mock.get(
        f"{API}/users/me",
        [
            {"status_code": 401, "json": {"code": 124, "message": "Invalid access token."}},
            {"json": {"id": "me"}},
        ],
    )
    mock.post(TOKEN_URL, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600})

    hook.request("GET", "/users/me")

    assert _sent_refresh_tokens(mock) == ["rt-1"]
    assert mock.request_history[-1].headers["Authorization"] == "Bearer at-2"


def test_a_failed_write_is_retried(store, hook, mock):
    store.values[VARIABLE] = "rt-1"
    store.failures = [RuntimeError("API server error")]
    mock.post(TOKEN_URL, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600})

    assert hook.get_access_token() == "at-2"
    assert len(store.sets) == 2
    assert json.loads(store.values[VARIABLE])["refresh_token"] == "rt-2"


def test_a_write_that_landed_is_not_repeated(store, hook, mock):
    store.values[VARIABLE] = "rt-1"
    store.failures = [TimeoutError("reply lost")]
    store.lands_before_failing = True
    mock.post(TOKEN_URL, json={"access_token": "at-2", "refresh_token": "rt-2", "expires_in": 3600})

    hook.get_access_token()

    assert len(store.sets) == 1


def test_a_write_that_keeps_failing_fails_the_task_without_the_token(store, hook, mock, caplog, capsys):
    from airflow_provider_zoom.version_compat import AirflowFailException

    store.values[VARIABLE] = "rt-1"
    # A backend whose error echoes the value it was given.
    store.failures = [
        RuntimeError(f"cannot store {n}: rt-secret-2") for n in range(_refresh_variable.STORE_ATTEMPTS)
    ]
    mock.post(
        TOKEN_URL, json={"access_token": "at-secret-2", "refresh_token": "rt-secret-2", "expires_in": 3600}
    )

    with caplog.at_level(logging.DEBUG), pytest.raises(ZoomRefreshTokenStaleError) as caught:
        hook.get_access_token()

    err = caught.value
    assert isinstance(err, AirflowFailException)  # no task retries: they could only fail the same way
    assert len(store.sets) == _refresh_variable.STORE_ATTEMPTS
    message = str(err)
    assert VARIABLE in message and "stale" in message and "authorise the Zoom app again" in message
    captured = capsys.readouterr()
    logs = "\n".join(
        [message, repr(err), *(r.getMessage() for r in caplog.records), captured.out, captured.err]
    )
    assert "rt-secret-2" not in logs and "at-secret-2" not in logs
    assert store.values[VARIABLE] == "rt-1"
