"""Shared fixtures: a ``zoom`` connection in the environment, a clean token cache per test, a mocked
Zoom (requests-mock) and a Zoom emulator started on demand."""

from __future__ import annotations

import contextlib
import json
import os
import sys

import pytest

# Keep Airflow quiet and self-contained for in-process tests.
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
os.environ.setdefault("AIRFLOW__CORE__UNIT_TEST_MODE", "True")

API = "https://api.zoom.test/v2"
OAUTH = "https://zoom.test"
TOKEN_URL = f"{OAUTH}/oauth/token"
CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret-value"
ACCOUNT_ID = "test-account"

# ``ZOOM_TESTS_NOW=2027-01-31T12:00:00Z`` runs the suite with the clock moved to that instant (and
# ticking from there), so the tests that read the date can be checked on days other than today:
# ``make test`` reruns the ``clock`` tests at a month end, a year end and on a leap day.
_PINNED_CLOCK = os.environ.get("ZOOM_TESTS_NOW", "").strip()
_traveller = None


def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    if _PINNED_CLOCK:
        import time_machine

        _traveller = time_machine.travel(_PINNED_CLOCK, tick=True)
        _traveller.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _traveller is not None:
        _traveller.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """
    Fail a test whose requests to a Zoom emulator carried names outside Zoom's reference.

    Zoom ignores unknown query parameters and body fields, and so does the emulator; the project's
    own requests must still carry none, so every emulator of this process is checked before the test
    body (for its fixtures' requests) and after it (``@pytest.mark.unknown_names_allowed`` for the
    tests that send such names on purpose).
    """
    allowed = item.get_closest_marker("unknown_names_allowed") is not None
    _settle_unknown_names(allowed)
    result = yield
    _settle_unknown_names(allowed)
    return result


def _settle_unknown_names(allowed: bool) -> None:
    for zoom in _started_emulators():
        if allowed:
            zoom.clear_unknown_names()
        else:
            zoom.check_no_unknown_names()


def _started_emulators() -> list:
    # Only when a test has imported the emulator: most tests never start one.
    server = sys.modules.get("airflow_provider_zoom.testing.emulator.server")
    return server.started_emulators() if server is not None else []


def pytest_report_header(config: pytest.Config) -> str | None:
    return f"clock pinned at {_PINNED_CLOCK} (ZOOM_TESTS_NOW)" if _PINNED_CLOCK else None


def zoom_conn_json(**extra: object) -> str:
    base = {"account_id": ACCOUNT_ID, "api_base_url": API, "oauth_base_url": OAUTH}
    base.update(extra)
    return json.dumps({"conn_type": "zoom", "login": CLIENT_ID, "password": CLIENT_SECRET, "extra": base})


@pytest.fixture(autouse=True)
def _clear_token_cache():
    from airflow_provider_zoom._http.auth import TOKEN_CACHE

    TOKEN_CACHE.clear()
    yield
    TOKEN_CACHE.clear()


@pytest.fixture
def zoom_conn(monkeypatch):
    """Point ``zoom_default`` at a fake Zoom (api.zoom.test); returns a function to change its extra."""

    def set_conn(conn_id: str = "zoom_default", **extra: object) -> None:
        monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", zoom_conn_json(**extra))

    set_conn()
    return set_conn


TOKEN_SCOPES = "user:read:user:admin meeting:read:summary:admin cloud_recording:read:meeting_transcript:admin"


def token_reply(token: str = "tok-1", scope: str = TOKEN_SCOPES) -> dict:
    return {"access_token": token, "token_type": "bearer", "expires_in": 3600, "scope": scope}


def api_calls(mock) -> list:
    """The requests a test sent to the Zoom API (not the token endpoint, not downloads)."""
    return [r for r in mock.request_history if r.url.startswith(API)]


@pytest.fixture
def mock():
    """requests-mock with Zoom's token endpoint answering ``tok-1``."""
    import requests_mock as rm

    with rm.Mocker() as m:
        m.post(TOKEN_URL, json=token_reply())
        yield m


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
