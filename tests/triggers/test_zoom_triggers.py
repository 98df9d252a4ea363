"""Zoom triggers run in an event loop: against the local Zoom emulator, and an httpx mock for odd replies."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from airflow_provider_zoom._http import aio
from airflow_provider_zoom._http.aio import ASYNC_TOKEN_CACHE, AsyncZoomClient
from airflow_provider_zoom._http.config import ZoomConnectionConfig
from airflow_provider_zoom.exceptions import ZoomAuthError, ZoomConfigError, ZoomNotFoundError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.triggers._conditions import error_from_dict
from airflow_provider_zoom.triggers.zoom import (
    ZoomApiTrigger,
    ZoomMeetingEndedTrigger,
    ZoomParticipantsReportTrigger,
    ZoomRecordingReadyTrigger,
    ZoomWebinarRegistrantsTrigger,
)
from tests.conftest import API, CLIENT_SECRET, TOKEN_URL


def first_event(trigger, timeout: float = 20.0):
    """Run the trigger until its first event (the way the triggerer does) and return the payload."""

    async def collect():
        agen = trigger.run()
        try:
            return (await asyncio.wait_for(agen.__anext__(), timeout)).payload
        finally:
            await agen.aclose()

    return asyncio.run(collect())


@pytest.fixture(autouse=True)
def _clear_async_tokens():
    ASYNC_TOKEN_CACHE.clear()
    yield
    ASYNC_TOKEN_CACHE.clear()


@pytest.fixture(scope="module")
def emulator():
    from airflow_provider_zoom.testing import ZoomEmulator

    with ZoomEmulator(seed=7, users=2, meetings_per_user=1, recording_size=1024) as zoom:
        yield zoom


@pytest.fixture
def zoom(emulator, monkeypatch):
    """The emulator, reset, with ``zoom_default`` pointing at it and no client-side retries."""
    emulator.state.reset()
    emulator.state.set_options(rate_limit=False, fault_rate=0.0)
    conn = emulator.connection()
    conn["extra"]["max_retries"] = 0  # let the trigger's own waiting handle 429/5xx
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))
    return emulator


def api_calls(zoom, suffix: str) -> list[dict]:
    return [r for r in zoom.state.requests if r["path"].endswith(suffix)]


# ---------------------------------------------------------------------------------------- emulator


def test_recording_trigger_waits_until_completed(zoom):
    # Before Airflow 3.2 the first connection lookup imports Airflow's ORM models (over a second, longer
    # than the recording takes here); a real triggerer has them loaded already.
    ZoomHook.get_connection("zoom_default")
    past = zoom.state.add_recorded_meeting(ready_after=1.0)
    trigger = ZoomRecordingReadyTrigger(meeting_id=past["uuid"], poke_interval=0.2)
    started = time.monotonic()
    event = first_event(trigger)
    assert event["status"] == "success"
    files = event["value"]["recording_files"]
    assert files and all(f.get("status", "completed") == "completed" for f in files if "id" in f)
    assert event["value"]["uuid"] == past["uuid"]
    assert time.monotonic() - started >= 0.9
    assert len(api_calls(zoom, "/recordings")) >= 3  # processing, processing..., completed


def test_recording_trigger_keeps_waiting_through_404(zoom):
    meeting_id = 93811112222

    path = f"/meetings/{meeting_id}/recordings"

    async def record_after_a_404():
        # The recording appears only once the trigger has been told 404, however slow the first poll.
        while 404 not in [r["status"] for r in api_calls(zoom, path)]:
            await asyncio.sleep(0.05)
        zoom.state.add_recorded_meeting(meeting_id=meeting_id)

    async def scenario():
        recorder = asyncio.create_task(record_after_a_404())
        trigger = ZoomRecordingReadyTrigger(meeting_id=meeting_id, poke_interval=0.2)
        agen = trigger.run()
        try:
            return (await asyncio.wait_for(agen.__anext__(), 20)).payload
        finally:
            await agen.aclose()
            recorder.cancel()

    event = asyncio.run(scenario())
    assert event["status"] == "success"
    assert event["value"]["id"] == meeting_id
    statuses = [r["status"] for r in api_calls(zoom, path)]
    assert 404 in statuses and statuses[-1] == 200


def test_recording_trigger_keeps_waiting_through_429(zoom):
    past = zoom.state.add_recorded_meeting()
    zoom.state.set_options(rate_limit=True, qps={"Light": 1})
    trigger = ZoomRecordingReadyTrigger(meeting_id=past["uuid"], poke_interval=0.05)
    # Three triggers share the account's one request per second: at least one is refused with 429.
    events = [first_event(trigger), first_event(trigger), first_event(trigger)]
    assert all(e["status"] == "success" for e in events)
    statuses = [r["status"] for r in api_calls(zoom, "/recordings")]
    assert 429 in statuses and statuses[-1] == 200


def test_meeting_ended_trigger_against_emulator(zoom):
    past = zoom.state.add_recorded_meeting()
    event = first_event(ZoomMeetingEndedTrigger(meeting_id=past["id"], poke_interval=0.1))
    assert event["status"] == "success"
    assert event["value"]["uuid"] == past["uuid"]
    assert event["value"]["end_time"]


def test_participants_report_trigger_against_emulator(zoom):
    past = zoom.state.add_recorded_meeting()
    event = first_event(ZoomParticipantsReportTrigger(meeting_id=past["uuid"], poke_interval=0.1))
    assert event == {"status": "success", "value": None}
    assert api_calls(zoom, "/participants")[-1]["query"]["page_size"] == "1"


def test_auth_error_is_an_error_event(zoom, monkeypatch):
    conn = zoom.connection()
    conn["password"] = "wrong-secret"
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))
    event = first_event(ZoomRecordingReadyTrigger(meeting_id=123, poke_interval=0.1))
    assert event["status"] == "error"
    assert event["error"]["type"] == "ZoomAuthError"
    assert event["error"]["path"] == "/oauth/token"
    assert "wrong-secret" not in json.dumps(event)
    assert isinstance(error_from_dict(event["error"], event["message"]), ZoomAuthError)


def test_missing_connection_field_is_an_error_event(monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps({"conn_type": "zoom", "login": "id"}))
    event = first_event(ZoomRecordingReadyTrigger(meeting_id=123))
    assert event["status"] == "error"
    assert event["error"]["type"] == "ZoomConfigError"
    assert isinstance(error_from_dict(event["error"], event["message"]), ZoomConfigError)


def test_refresh_token_auth_uses_the_hooks_token_logic(zoom, monkeypatch):
    conn = zoom.connection()
    conn["extra"].update(auth_type="refresh_token", refresh_token=zoom.initial_refresh_token)
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))
    from airflow_provider_zoom._http.auth import TOKEN_CACHE

    past = zoom.state.add_recorded_meeting()
    event = first_event(ZoomRecordingReadyTrigger(meeting_id=past["uuid"], poke_interval=0.1))
    assert event["status"] == "success"
    # the token came from the sync hook's process-wide cache (which rotates refresh tokens), not ours
    assert TOKEN_CACHE._tokens and not ASYNC_TOKEN_CACHE._tokens


def test_async_client_refuses_refresh_token_without_provider():
    config = ZoomConnectionConfig.from_fields(
        "c", login="id", password="s", extra={"auth_type": "refresh_token", "refresh_token": "r"}
    )
    with pytest.raises(ZoomConfigError, match="token_provider"):
        AsyncZoomClient(config)


# ---------------------------------------------------------------------------------------- mock transport


class Scripted:
    """An httpx transport that answers the token call and then the scripted API replies in order."""

    def __init__(self, *replies: httpx.Response) -> None:
        self.replies = list(replies)
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": f"tok{len(self.seen)}", "expires_in": 3600})
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def api_requests(self) -> list[httpx.Request]:
        return [r for r in self.seen if r.url.path != "/oauth/token"]


@pytest.fixture
def scripted(zoom_conn, monkeypatch):
    """Route the triggers' client through a scripted transport; returns a function taking the replies."""
    zoom_conn(max_retries=0)

    def install(*replies: httpx.Response) -> Scripted:
        script = Scripted(*replies)
        real = aio.AsyncZoomClient

        class ScriptedClient(real):
            def __init__(self, config, **kwargs):
                super().__init__(config, transport=httpx.MockTransport(script), **kwargs)

        monkeypatch.setattr(aio, "AsyncZoomClient", ScriptedClient)
        return script

    return install


def test_429_waits_retry_after_and_5xx_keep_waiting(scripted):
    script = scripted(
        httpx.Response(429, json={"code": 429, "message": "slow down"}, headers={"Retry-After": "0.3"}),
        httpx.Response(502, text="<html><title>Bad gateway</title></html>"),
        httpx.Response(200, json={"registrants": [{"id": "a"}], "total_records": 2}),
        httpx.Response(200, json={"registrants": [{"id": "a"}], "total_records": 3}),
    )
    trigger = ZoomWebinarRegistrantsTrigger(
        webinar_id=900, min_registrants=3, status="pending", poke_interval=0
    )
    started = time.monotonic()
    assert first_event(trigger) == {"status": "success", "value": None}
    assert time.monotonic() - started >= 0.3  # honoured Retry-After although poke_interval is 0
    calls = script.api_requests()
    assert len(calls) == 4
    assert str(calls[0].url) == f"{API}/webinars/900/registrants?page_size=1&status=pending"


def test_other_4xx_is_an_error_event_with_zoom_fields(scripted):
    scripted(httpx.Response(400, json={"code": 300, "message": "Invalid meeting id."}))
    event = first_event(ZoomApiTrigger(endpoint="/meetings/abc", poke_interval=0))
    assert event["status"] == "error"
    assert event["message"].startswith("GET /meetings/abc -> 400 (code 300)")
    assert event["error"] | {} == {
        "type": "ZoomApiError",
        "status_code": 400,
        "code": 300,
        "zoom_message": "Invalid meeting id.",
        "method": "GET",
        "path": "/meetings/abc",
        "errors": [],
        "hint": None,
    }


def test_api_trigger_returns_json_after_404(scripted):
    script = scripted(
        httpx.Response(404, json={"code": 3301, "message": "There is no recording for this meeting."}),
        httpx.Response(200, json={"recording_count": 1}),
    )
    event = first_event(ZoomApiTrigger(endpoint="/meetings/1/recordings", params={"a": "b"}, poke_interval=0))
    assert event == {"status": "success", "value": {"recording_count": 1}}
    assert [r.url.params["a"] for r in script.api_requests()] == ["b", "b"]


def test_invalid_token_is_refreshed_once(scripted):
    script = scripted(
        httpx.Response(401, json={"code": 124, "message": "Invalid access token."}),
        httpx.Response(200, json={"participants": [{"id": "p"}], "total_records": 1}),
    )
    event = first_event(ZoomParticipantsReportTrigger(webinar_id=88, poke_interval=0))
    assert event["status"] == "success"
    auth = [r.headers["Authorization"] for r in script.api_requests()]
    assert len(auth) == 2 and auth[0] != auth[1]
    assert sum(r.url.path == "/oauth/token" for r in script.seen) == 2
    assert str(script.api_requests()[0].url).startswith(f"{API}/report/webinars/88/participants")


def test_meeting_in_progress_keeps_waiting(scripted):
    script = scripted(
        httpx.Response(200, json={"id": 5, "status": "started"}),
        httpx.Response(200, json={"id": 5, "status": "waiting"}),
        httpx.Response(200, json={"uuid": "u", "end_time": "2030-01-01T10:00:00Z"}),
    )
    event = first_event(ZoomMeetingEndedTrigger(meeting_id=5, poke_interval=0))
    assert event["value"]["uuid"] == "u"
    assert [r.url.path for r in script.api_requests()] == [
        "/v2/meetings/5",
        "/v2/meetings/5",
        "/v2/past_meetings/5",
    ]


def test_async_client_retries_within_its_budget(zoom_conn):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/oauth/token":
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        if len(seen) < 3:
            return httpx.Response(503, json={"code": 503, "message": "busy"})
        return httpx.Response(404, json={"code": 3001, "message": "Meeting does not exist"})

    config = ZoomConnectionConfig.from_fields(
        "zoom_default",
        login="id",
        password=CLIENT_SECRET,
        extra={"account_id": "a", "api_base_url": API, "oauth_base_url": TOKEN_URL.rsplit("/oauth", 1)[0]},
    )

    async def go():
        async with AsyncZoomClient(config, transport=httpx.MockTransport(handler)) as client:
            client._sleep = lambda _s: asyncio.sleep(0)
            await client.request("GET", "/meetings/1")

    with pytest.raises(ZoomNotFoundError):
        asyncio.run(go())
    assert seen == ["/oauth/token", "/v2/meetings/1", "/v2/meetings/1"]


# ---------------------------------------------------------------------------------------- serialization


@pytest.mark.parametrize(
    "trigger",
    [
        ZoomRecordingReadyTrigger(meeting_id="abc/==", file_types=["MP4"], min_files=2, poke_interval=30),
        ZoomMeetingEndedTrigger(meeting_id=5, occurrence_id="16", ended_after="2030-01-01T00:00:00Z"),
        ZoomParticipantsReportTrigger(webinar_id=8, zoom_conn_id="other"),
        ZoomWebinarRegistrantsTrigger(webinar_id=9, min_registrants=10, status="approved", initial_delay=5),
        ZoomApiTrigger(endpoint="/users/me", params={"x": 1}, request_method="head"),
    ],
    ids=lambda t: type(t).__name__,
)
def test_serialize_round_trip_without_secrets(trigger, zoom_conn):
    import importlib

    classpath, kwargs = trigger.serialize()
    module, name = classpath.rsplit(".", 1)
    rebuilt = getattr(importlib.import_module(module), name)(**kwargs)
    assert type(rebuilt) is type(trigger)
    assert rebuilt.serialize() == (classpath, kwargs)
    text = json.dumps(kwargs)  # JSON-safe, and nothing but ids, filters and the connection id
    assert CLIENT_SECRET not in text and "token" not in text


def test_participants_trigger_needs_exactly_one_id():
    with pytest.raises(ValueError, match="exactly one"):
        ZoomParticipantsReportTrigger()
