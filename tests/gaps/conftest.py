"""Fixtures for the gap tests: a ZoomHook against requests-mock, and a running Zoom emulator."""

from __future__ import annotations

import contextlib

import pytest
import requests_mock as rm

from airflow_provider_zoom.hooks.zoom import ZoomHook
from tests.conftest import API, TOKEN_URL

TOKEN_SCOPES = "user:read:user:admin meeting:read:summary:admin cloud_recording:read:meeting_transcript:admin"


def token_reply(token: str = "tok-1", scope: str = TOKEN_SCOPES) -> dict:
    return {"access_token": token, "token_type": "bearer", "expires_in": 3600, "scope": scope}


def api_calls(mock) -> list:
    return [r for r in mock.request_history if r.url.startswith(API)]


@pytest.fixture
def mock():
    with rm.Mocker() as m:
        m.post(TOKEN_URL, json=token_reply())
        yield m


@pytest.fixture
def hook(zoom_conn) -> ZoomHook:
    h = ZoomHook()
    h._sleep = lambda seconds: None
    return h


@pytest.fixture
def emulator(monkeypatch):
    """Start a Zoom emulator with the given options and point ``zoom_default`` at it."""
    from airflow_provider_zoom.testing import ZoomEmulator

    stack = contextlib.ExitStack()

    def start(**options):
        zoom = stack.enter_context(ZoomEmulator(**options))
        for key, value in zoom.connection_env().items():
            monkeypatch.setenv(key, value)
        return zoom

    with stack:
        yield start
