"""Fixtures for operator and hook-action tests: a ``zoom_default`` connection to a mocked Zoom."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests_mock as rm

API = "https://api.zoom.test/v2"
OAUTH = "https://zoom.test"
TOKEN_URL = f"{OAUTH}/oauth/token"


class ZoomApiMock:
    """A requests-mock ``Mocker`` with helpers to read what reached the API (token calls excluded)."""

    def __init__(self, mocker: rm.Mocker) -> None:
        self.mocker = mocker

    def __getattr__(self, name):
        return getattr(self.mocker, name)

    def register(self, method: str, path: str, response_list=None, **kwargs):
        """Mock ``method`` on an API path (query strings are not matched: assert them on the history)."""
        if response_list is not None:
            return self.mocker.register_uri(method, API + path, response_list)
        return self.mocker.register_uri(method, API + path, **kwargs)

    @property
    def calls(self) -> list:
        return [r for r in self.mocker.request_history if r.url.startswith(API)]

    def call(self, index: int = -1):
        return self.calls[index]

    @staticmethod
    def path(request) -> str:
        """The request path relative to the API base, still encoded."""
        return urlsplit(request.url).path[len(urlsplit(API).path) :]

    @staticmethod
    def query(request) -> dict[str, str]:
        return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(urlsplit(request.url).query).items()}

    @staticmethod
    def body(request):
        return json.loads(request.body) if request.body else None


def mocked_zoom(monkeypatch):
    """Set ``AIRFLOW_CONN_ZOOM_DEFAULT``, mock the token endpoint, clear the token cache; yield the mock."""
    from airflow_provider_zoom._http.auth import TOKEN_CACHE

    conn = {
        "conn_type": "zoom",
        "login": "client-id",
        "password": "client-secret",
        "extra": {"account_id": "acct-1", "api_base_url": API, "oauth_base_url": OAUTH},
    }
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))
    TOKEN_CACHE.clear()
    with rm.Mocker() as mocker:
        mocker.post(
            TOKEN_URL,
            json={"access_token": "tok-123", "token_type": "bearer", "expires_in": 3600, "scope": "x"},
        )
        yield ZoomApiMock(mocker)
    TOKEN_CACHE.clear()


def make_hook():
    """A ZoomHook on ``zoom_default`` that does not sleep between retries."""
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    h = ZoomHook()
    h._sleep = lambda seconds: None
    return h


@pytest.fixture
def zoom_api(monkeypatch):
    yield from mocked_zoom(monkeypatch)


@pytest.fixture
def hook(zoom_api):
    return make_hook()
