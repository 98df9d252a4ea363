"""ZoomArchiveCompleteSensor waits through 404 and processing; its trigger fires on completion."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

import pytest

from airflow_provider_zoom._http.aio import ASYNC_TOKEN_CACHE
from airflow_provider_zoom.sensors.zoom import ZoomArchiveCompleteSensor
from airflow_provider_zoom.triggers.zoom import ZoomArchiveCompleteTrigger
from airflow_provider_zoom.version_compat import TaskDeferred
from tests.conftest import API, TOKEN_URL

UUID = "/ajXp112QmuoKj4854875=="
PATH = f"{API}/past_meetings/%252Fajxp112qmuokj4854875%253D%253D/archive_files"
NOT_FOUND = {
    "status_code": 404,
    "json": {"code": 3301, "message": "There is no archive file for this meeting."},
}


def archive(status: str, *file_statuses: str) -> dict:
    files = [{"id": f"f{i}", "status": s, "file_type": "MP4"} for i, s in enumerate(file_statuses)]
    return {"uuid": UUID, "status": status, "archive_files": files}


@pytest.fixture
def api(requests_mock, zoom_conn):
    zoom_conn(max_retries=0)
    requests_mock.post(TOKEN_URL, json={"access_token": "tok", "expires_in": 3600})
    return requests_mock


def test_sensor_waits_through_404_and_processing_then_returns_the_archive(api):
    done = archive("completed", "completed", "failed")
    route = api.get(
        PATH.lower(),
        [
            NOT_FOUND,
            {"json": archive("processing", "processing")},
            {"json": archive("completed", "completed", "processing")},
            {"json": done},
        ],
    )
    sensor = ZoomArchiveCompleteSensor(task_id="a", meeting_uuid=UUID, poke_interval=0, timeout=30)
    assert sensor.execute(context={}) == done
    assert route.call_count == 4


def test_sensor_defers_to_its_trigger_when_not_complete(api):
    api.get(PATH.lower(), json=archive("processing", "processing"))
    sensor = ZoomArchiveCompleteSensor(
        task_id="a", meeting_uuid=UUID, deferrable=True, poke_interval=7, timeout=120
    )
    with pytest.raises(TaskDeferred) as info:
        sensor.execute(context={})
    assert isinstance(info.value.trigger, ZoomArchiveCompleteTrigger)
    assert info.value.timeout == dt.timedelta(seconds=120)
    classpath, kwargs = info.value.trigger.serialize()
    assert classpath == "airflow_provider_zoom.triggers.zoom.ZoomArchiveCompleteTrigger"
    assert kwargs == {
        "meeting_uuid": UUID,
        "zoom_conn_id": "zoom_default",
        "poke_interval": 7.0,
        "initial_delay": 7.0,
    }


def test_sensor_without_uuid_names_the_field():
    from airflow_provider_zoom.exceptions import ZoomConfigError

    with pytest.raises(ZoomConfigError, match="meeting_uuid"):
        ZoomArchiveCompleteSensor(task_id="a", meeting_uuid="").execute(context={})


def test_trigger_fires_once_the_emulator_completes_the_archive(monkeypatch):
    from airflow_provider_zoom.testing import ZoomEmulator
    from airflow_provider_zoom.testing.emulator.routes.archiving import add_archive, complete_archive

    ASYNC_TOKEN_CACHE.clear()
    with ZoomEmulator(seed=7, users=1, meetings_per_user=1, recording_size=1024) as zoom:
        conn = zoom.connection()
        conn["extra"]["max_retries"] = 0
        monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))
        past = zoom.state.add_recorded_meeting(topic="Archived later")
        add_archive(zoom.state, past["uuid"], complete_after=None)
        polled = [r for r in zoom.state.requests if r["path"].endswith("/archive_files")]

        async def complete_after_a_processing_poll():
            # Completed only once the trigger has seen it processing, however slow its first poll.
            while not [r for r in zoom.state.requests if r["path"].endswith("/archive_files")]:
                await asyncio.sleep(0.05)
            complete_archive(zoom.state, past["uuid"])

        async def scenario():
            completer = asyncio.create_task(complete_after_a_processing_poll())
            agen = ZoomArchiveCompleteTrigger(meeting_uuid=past["uuid"], poke_interval=0.1).run()
            try:
                return (await asyncio.wait_for(agen.__anext__(), 30)).payload
            finally:
                await agen.aclose()
                completer.cancel()

        event = asyncio.run(scenario())
        polled = [r for r in zoom.state.requests if r["path"].endswith("/archive_files")]
    ASYNC_TOKEN_CACHE.clear()
    assert event["status"] == "success"
    assert event["value"]["uuid"] == past["uuid"] and event["value"]["status"] == "completed"
    assert len(polled) >= 2
