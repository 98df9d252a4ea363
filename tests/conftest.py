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
