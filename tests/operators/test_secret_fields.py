"""
Credentials in Zoom's replies (``start_url`` with the host's ``zak``, ``download_access_token``) stay
out of every task's XCom unless the task was asked for them, and are masked when they are returned.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import airflow_provider_zoom.operators
import airflow_provider_zoom.sensors
import airflow_provider_zoom.transfers
from airflow_provider_zoom._contract.facts import SECRET_REPLY_FIELDS
from airflow_provider_zoom.operators.api import ZoomApiOperator
from airflow_provider_zoom.operators.base import ZoomBaseOperator
from airflow_provider_zoom.operators.meetings import (
    ZoomCreateMeetingOperator,
    ZoomGetMeetingOperator,
    ZoomListMeetingsOperator,
    ZoomUpdateMeetingOperator,
)
from airflow_provider_zoom.operators.recordings import ZoomGetMeetingRecordingsOperator
from airflow_provider_zoom.operators.webinars import ZoomCreateWebinarOperator, ZoomGetWebinarOperator
from airflow_provider_zoom.sensors.zoom import ZoomApiSensor

START_URL = "https://zoom.test/s/777?zak=host-zak-secret"
MEETING = {"id": 777, "topic": "Sync", "join_url": "https://zoom.test/j/777?pwd=abc", "start_url": START_URL}


def _operator_classes():
    for package in (airflow_provider_zoom.operators, airflow_provider_zoom.transfers):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == info.name and issubclass(cls, ZoomBaseOperator):
                    yield cls


@pytest.fixture
def masked(monkeypatch):
    import airflow.sdk.log

    seen: list[str] = []
    original = airflow.sdk.log.mask_secret
    monkeypatch.setattr(
        airflow.sdk.log,
        "mask_secret",
        lambda secret, *a, **k: (seen.append(secret), original(secret, *a, **k)),
    )
    return seen


@pytest.mark.parametrize(
    "cls", sorted(_operator_classes(), key=lambda c: c.__name__), ids=lambda c: c.__name__
)
def test_every_operator_returns_through_the_scrub(cls):
    assert getattr(cls.execute, "_scrubs_secrets", False), f"{cls.__name__}.execute skips scrub_reply"


def test_the_secret_fields_are_zooms_credentials():
    assert {"start_url", "zak", "download_access_token"} <= SECRET_REPLY_FIELDS
    assert not {"join_url", "id", "password"} & SECRET_REPLY_FIELDS


def test_create_meeting_leaves_start_url_out_by_default(zoom_api, masked):
    zoom_api.register("POST", "/users/me/meetings", json=MEETING, status_code=201)
    result = ZoomCreateMeetingOperator(task_id="c", topic="Sync").execute(context={})
    assert result == {"id": 777, "topic": "Sync", "join_url": MEETING["join_url"]}
    assert START_URL in masked


def test_create_meeting_returns_start_url_when_asked_and_masks_it(zoom_api, masked):
    zoom_api.register("POST", "/users/me/meetings", json=MEETING, status_code=201)
    result = ZoomCreateMeetingOperator(task_id="c", topic="Sync", include_start_url=True).execute(context={})
    assert result["start_url"] == START_URL
    assert START_URL in masked


@pytest.mark.parametrize(
    ("make", "method", "path"),
    [
        (lambda: ZoomGetMeetingOperator(task_id="g", meeting_id=777), "GET", "/meetings/777"),
        (lambda: ZoomCreateWebinarOperator(task_id="w", topic="Sync"), "POST", "/users/me/webinars"),
        (lambda: ZoomGetWebinarOperator(task_id="gw", webinar_id=777), "GET", "/webinars/777"),
        (
            lambda: ZoomApiOperator(task_id="raw", endpoint="/users/me/meetings", method="POST", json={}),
            "POST",
            "/users/me/meetings",
        ),
    ],
    ids=["get_meeting", "create_webinar", "get_webinar", "raw_api"],
)
def test_meeting_and_webinar_replies_lose_start_url(zoom_api, make, method, path):
    zoom_api.register(method, path, json=MEETING)
    result = make().execute(context={})
    assert "start_url" not in result and result["join_url"] == MEETING["join_url"]


def test_update_meeting_read_back_loses_start_url(zoom_api):
    zoom_api.register("PATCH", "/meetings/777", status_code=204)
    zoom_api.register("GET", "/meetings/777", json=MEETING)
    result = ZoomUpdateMeetingOperator(task_id="u", meeting_id=777, topic="New").execute(context={})
    assert "start_url" not in result


def test_nested_and_listed_credentials_are_dropped(zoom_api):
    zoom_api.register(
        "GET",
        "/users/me/meetings",
        json={"meetings": [MEETING, {**MEETING, "id": 778}], "next_page_token": ""},
    )
    rows = ZoomListMeetingsOperator(task_id="l").execute(context={})
    assert [sorted(row) for row in rows] == [["id", "join_url", "topic"]] * 2


def test_download_access_token_only_when_included(zoom_api, masked):
    reply = {"uuid": "u", "id": 777, "recording_files": [], "download_access_token": "dl-secret"}
    zoom_api.register("GET", "/meetings/777/recordings", json=reply)
    plain = ZoomGetMeetingRecordingsOperator(task_id="r", meeting_id=777).execute(context={})
    asked = ZoomGetMeetingRecordingsOperator(
        task_id="r2", meeting_id=777, include_fields="download_access_token"
    ).execute(context={})
    assert "download_access_token" not in plain
    assert asked["download_access_token"] == "dl-secret"
    assert "dl-secret" in masked


def test_api_sensor_returns_the_reply_without_start_url(zoom_api):
    zoom_api.register("GET", "/meetings/777", json=MEETING)
    sensor = ZoomApiSensor(task_id="s", endpoint="/meetings/777", poke_interval=1, timeout=5)
    result = sensor.execute(context={})
    assert result is not None and "start_url" not in result and result["join_url"] == MEETING["join_url"]
