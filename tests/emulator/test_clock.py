"""The emulator's clock: deadlines pass when a test moves it, from Python or over the control API."""

from __future__ import annotations

import pytest
import requests

from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.testing.emulator.clock import EmulatorClock

from .conftest import Api, fetch_token


def test_the_clock_runs_from_its_source_plus_what_was_advanced() -> None:
    now = [1000.0]
    clock = EmulatorClock(lambda: now[0])
    assert clock() == 1000.0
    assert clock.advance(30) == 1030.0
    now[0] = 1001.0
    assert (clock(), clock.offset) == (1031.0, 30.0)
    for bad in (-1, "5", None, float("nan"), True):
        with pytest.raises(ValueError, match="seconds: must be a number of seconds, 0 or more"):
            clock.advance(bad)  # type: ignore[arg-type]
    assert clock.offset == 30.0


def test_an_access_token_expires_when_the_clock_passes_its_lifetime(zoom: ZoomEmulator) -> None:
    token = fetch_token(zoom)
    headers = {"Authorization": f"Bearer {token}"}
    zoom.advance_clock(zoom.config.token_ttl - 60)
    assert requests.get(f"{zoom.api_base_url}/users/me", headers=headers, timeout=10).status_code == 200
    zoom.advance_clock(61)
    reply = requests.get(f"{zoom.api_base_url}/users/me", headers=headers, timeout=10)
    assert reply.status_code == 401
    assert reply.json() == {"code": 124, "message": "Access token is expired."}


def test_the_control_api_moves_the_clock(zoom: ZoomEmulator, api: Api) -> None:
    token = api.get("/users", params={"page_size": 1}).json()["next_page_token"]
    before = zoom.state.clock()
    moved = requests.post(
        f"{zoom.base_url}/_emulator/clock", json={"advance": zoom.config.page_token_ttl + 1}, timeout=10
    )
    assert moved.status_code == 200
    assert moved.json()["now"] >= before + zoom.config.page_token_ttl + 1
    assert api.get("/users", params={"page_size": 1, "next_page_token": token}).status_code == 400
    for body, field in (({"advance": -5}, "advance"), ({"advance": "soon"}, "advance"), ({"by": 5}, "by")):
        bad = requests.post(f"{zoom.base_url}/_emulator/clock", json=body, timeout=10)
        assert bad.status_code == 400 and field in bad.json()["message"], body
    assert zoom.state.clock() < moved.json()["now"] + 60  # refused requests moved nothing
