"""Fixtures: one emulator per test session, a fresh access token per test, options reset after each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
import requests

from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.testing.emulator.config import DEFAULT_QPS

SEED = 7
RECORDING_SIZE = 256 * 1024


@pytest.fixture(scope="session")
def zoom() -> Iterator[ZoomEmulator]:
    with ZoomEmulator(seed=SEED, recording_size=RECORDING_SIZE) as emulator:
        yield emulator


def fetch_token(zoom: ZoomEmulator) -> str:
    reply = requests.post(
        f"{zoom.oauth_base_url}/oauth/token",
        data={"grant_type": "account_credentials", "account_id": zoom.account_id},
        auth=(zoom.client_id, zoom.client_secret),
        timeout=10,
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["access_token"]


class Api:
    """Minimal Zoom client for these tests: ``api.get("/users/me")`` -> ``requests.Response``."""

    def __init__(self, zoom: ZoomEmulator, token: str) -> None:
        self.zoom = zoom
        self.token = token
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def url(self, path: str) -> str:
        return f"{self.zoom.api_base_url}{path}"

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def api(zoom: ZoomEmulator) -> Iterator[Api]:
    client = Api(zoom, fetch_token(zoom))
    yield client
    client.session.close()


@pytest.fixture(autouse=True)
def _restore_options(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "zoom" not in request.fixturenames:
        return
    zoom: ZoomEmulator = request.getfixturevalue("zoom")
    zoom.state.set_options(
        rate_limit=False,
        qps=dict(DEFAULT_QPS),
        daily_limit=30000,
        fault_rate=0.0,
        download_401_rate=0.0,
        meeting_create_daily_cap=100,
        token_ttl=3600,
        page_token_ttl=900.0,
        strict=False,
    )
    zoom.state.rate_limiter.reset()
    zoom.state.create_update_counts.clear()


def double_encode(uuid: str) -> str:
    """Zoom's rule for UUIDs starting with ``/`` or containing ``//``."""
    return quote(quote(uuid, safe=""), safe="")
