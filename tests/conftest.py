"""Shared fixtures: a ``zoom`` connection in the environment and a clean token cache per test."""

from __future__ import annotations

import json
import os

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
