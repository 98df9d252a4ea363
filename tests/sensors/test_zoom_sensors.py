"""Zoom sensors in poking mode (requests-mock), their deferral and their resumption from trigger events."""

from __future__ import annotations

import datetime as dt

import pytest
from airflow.sdk import PokeReturnValue

from airflow_provider_zoom.exceptions import (
    ZoomApiError,
    ZoomAuthError,
    ZoomConfigError,
    ZoomNotFoundError,
    ZoomRateLimitError,
)
from airflow_provider_zoom.sensors.zoom import (
    ZoomApiSensor,
    ZoomMeetingEndedSensor,
    ZoomParticipantsReportSensor,
    ZoomRecordingReadySensor,
    ZoomWebinarRegistrantsSensor,
)
from airflow_provider_zoom.triggers.base import error_event
from airflow_provider_zoom.triggers.zoom import (
    ZoomApiTrigger,
    ZoomMeetingEndedTrigger,
    ZoomParticipantsReportTrigger,
    ZoomRecordingReadyTrigger,
    ZoomWebinarRegistrantsTrigger,
)
from airflow_provider_zoom.version_compat import AirflowException, AirflowSkipException, TaskDeferred
from tests.conftest import API, TOKEN_URL

NOT_FOUND = {"status_code": 404, "json": {"code": 3301, "message": "There is no recording for this meeting."}}
SCOPE_ERROR = {
    "status_code": 400,
    "json": {"code": 4711, "message": "Invalid access token, does not contain scopes:[meeting:read:admin]."},
}
BAD_REQUEST = {"status_code": 400, "json": {"code": 300, "message": "Invalid meeting id."}}


def recording(*statuses: str | None, file_types: tuple[str, ...] = ()) -> dict:
    files = []
    for i, status in enumerate(statuses):
        kind = file_types[i] if i < len(file_types) else "MP4"
        entry = {"file_type": kind, "download_url": f"{API}/rec/{i}"}
        if status is not None:
            entry.update(id=f"f{i}", status=status)
        files.append(entry)
    return {"uuid": "abc==", "id": 123, "recording_files": files}


@pytest.fixture
def api(requests_mock, zoom_conn):
    zoom_conn(max_retries=0)  # retries are the hook's business; here every reply is seen once
    requests_mock.post(TOKEN_URL, json={"access_token": "tok", "expires_in": 3600})
    return requests_mock


def run_poking(sensor):
    """Run the sensor's own poke loop (poke_interval=0) and return its XCom value."""
    return sensor.execute(context={})


# ---------------------------------------------------------------------------------------- recordings


def test_recording_sensor_waits_through_404_and_processing_then_returns_recording(api):
    done = recording("completed", "completed", None, file_types=("MP4", "M4A", "TIMELINE"))
    route = api.get(
        f"{API}/meetings/123/recordings",
        [NOT_FOUND, {"json": recording("processing", "completed")}, {"json": done}],
    )
    sensor = ZoomRecordingReadySensor(task_id="rec", meeting_id=123, poke_interval=0, timeout=30)
    assert run_poking(sensor) == done
    assert route.call_count == 3


def test_recording_sensor_file_types_and_min_files(api):
    api.get(
        f"{API}/meetings/123/recordings",
        json=recording("completed", "processing", file_types=("M4A", "MP4")),
    )
    only_audio = ZoomRecordingReadySensor(task_id="a", meeting_id=123, file_types=["m4a"])
    assert isinstance(only_audio.poke({}), PokeReturnValue)
    with_video = ZoomRecordingReadySensor(task_id="b", meeting_id=123, file_types=["M4A", "MP4"])
    assert with_video.poke({}) is False
    two_audio = ZoomRecordingReadySensor(task_id="c", meeting_id=123, file_types="M4A", min_files=2)
    assert two_audio.poke({}) is False
    rendered = ZoomRecordingReadySensor(task_id="d", meeting_id=123, file_types="M4A, MP4")
    assert rendered.poke({}) is False  # the processing MP4 counts once the string is split


def test_recording_sensor_auth_error_fails_at_once(api):
    route = api.get(f"{API}/meetings/123/recordings", **SCOPE_ERROR)
    sensor = ZoomRecordingReadySensor(task_id="rec", meeting_id=123, poke_interval=0, timeout=30)
    with pytest.raises(ZoomAuthError) as info:
        run_poking(sensor)
    assert info.value.missing_scopes == ["meeting:read:admin"]
    assert route.call_count == 1


def test_recording_sensor_other_4xx_fails(api):
    api.get(f"{API}/meetings/123/recordings", **BAD_REQUEST)
    sensor = ZoomRecordingReadySensor(task_id="rec", meeting_id=123, poke_interval=0, timeout=30)
    with pytest.raises(ZoomApiError) as info:
        run_poking(sensor)
    assert info.value.code == 300 and not isinstance(info.value, ZoomNotFoundError)


def test_soft_fail_skips_on_auth_error(api):
    api.get(f"{API}/meetings/123/recordings", status_code=401, json={"code": 124, "message": "Invalid token"})
    sensor = ZoomRecordingReadySensor(task_id="rec", meeting_id=123, soft_fail=True, poke_interval=0)
    with pytest.raises(AirflowSkipException, match="Invalid token"):
        run_poking(sensor)


def test_transient_errors_are_not_yet(api):
    route = api.get(
        f"{API}/meetings/123/recordings",
        [
            {"status_code": 503, "json": {"code": 503, "message": "down"}},
            {"status_code": 429, "json": {"message": "per-second"}, "headers": {"X-RateLimit-Type": "QPS"}},
            {"json": recording("completed")},
        ],
    )
    sensor = ZoomRecordingReadySensor(task_id="rec", meeting_id=123, poke_interval=0, timeout=30)
    assert run_poking(sensor)["id"] == 123
    assert route.call_count == 3


def test_daily_limit_fails_fast(api):
    api.get(
        f"{API}/meetings/123/recordings",
        status_code=429,
        json={"code": 429, "message": "You have reached the maximum daily rate limit for this API."},
        headers={"X-RateLimit-Type": "Daily-limit", "Retry-After": "2030-01-01T00:00:00Z"},
    )
    sensor = ZoomRecordingReadySensor(task_id="rec", meeting_id=123, poke_interval=0, timeout=30)
    with pytest.raises(ZoomRateLimitError, match="2030-01-01"):
        run_poking(sensor)


def test_sensor_times_out_when_never_ready(api):
    from airflow_provider_zoom.version_compat import AirflowSensorTimeout

    api.get(f"{API}/meetings/123/recordings", **NOT_FOUND)
    sensor = ZoomRecordingReadySensor(task_id="rec", meeting_id=123, poke_interval=0, timeout=0)
    with pytest.raises(AirflowSensorTimeout):
        run_poking(sensor)


def test_bad_arguments_fail_before_calling_zoom(api):
    with pytest.raises(ZoomConfigError, match="min_files"):
        ZoomRecordingReadySensor(task_id="r", meeting_id=1, min_files=0)
    with pytest.raises(ZoomConfigError, match="exactly one"):
        ZoomParticipantsReportSensor(task_id="p", meeting_id=1, webinar_id=2)
    with pytest.raises(ZoomConfigError, match="request_method"):
        ZoomApiSensor(task_id="a", endpoint="/users/me", request_method="DELETE")
    with pytest.raises(ZoomConfigError, match="endpoint"):
        ZoomApiSensor(task_id="b", endpoint="https://evil.example/users/me")
    sensor = ZoomApiSensor(task_id="b", endpoint="{{ params.where }}")
    sensor.endpoint = "https://evil.example/users/me"  # as rendered
    with pytest.raises(ZoomConfigError, match="endpoint"):
        sensor.execute(context={})
    assert not api.called


# ---------------------------------------------------------------------------------------- meetings


def test_meeting_ended_waits_while_started_then_returns_past_meeting(api):
    api.get(
        f"{API}/meetings/555",
        [{"json": {"id": 555, "status": "started"}}, {"json": {"id": 555, "status": "waiting"}}],
    )
    past = {"uuid": "u1", "id": 555, "end_time": "2030-01-01T10:30:00Z"}
    past_route = api.get(f"{API}/past_meetings/555", json=past)
    sensor = ZoomMeetingEndedSensor(task_id="m", meeting_id=555, poke_interval=0, timeout=30)
    assert run_poking(sensor) == past
    assert past_route.call_count == 1  # not asked while the meeting was in progress


def test_meeting_ended_404_past_meeting_is_not_yet_and_3001_meeting_uses_past_record(api):
    api.get(f"{API}/meetings/555", status_code=404, json={"code": 3001, "message": "Meeting does not exist"})
    api.get(
        f"{API}/past_meetings/555",
        [
            {"status_code": 404, "json": {"code": 3001, "message": "Meeting does not exist"}},
            {"json": {"uuid": "u1", "end_time": "2030-01-01T10:30:00Z"}},
        ],
    )
    sensor = ZoomMeetingEndedSensor(task_id="m", meeting_id=555, poke_interval=0, timeout=30)
    assert run_poking(sensor)["uuid"] == "u1"


def test_meeting_ended_occurrence_ignores_earlier_occurrences(api):
    api.get(
        f"{API}/meetings/555", json={"id": 555, "status": "waiting", "start_time": "2030-01-08T10:00:00Z"}
    )
    api.get(f"{API}/past_meetings/555", json={"uuid": "old", "end_time": "2030-01-01T10:30:00Z"})
    sensor = ZoomMeetingEndedSensor(task_id="m", meeting_id=555, occurrence_id="1893492000000")
    assert sensor.poke({}) is False
    assert api.request_history[-2].qs == {"occurrence_id": ["1893492000000"]}
    explicit = ZoomMeetingEndedSensor(task_id="n", meeting_id=555, ended_after="2029-12-31T00:00:00+00:00")
    assert explicit.poke({}).xcom_value["uuid"] == "old"


def test_meeting_ended_auth_error_fails(api):
    api.get(f"{API}/meetings/555", status_code=403, json={"code": 3000, "message": "Cannot access"})
    with pytest.raises(ZoomAuthError):
        ZoomMeetingEndedSensor(task_id="m", meeting_id=555, poke_interval=0).execute(context={})


# ---------------------------------------------------------------------------------------- reports


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"meeting_id": 77}, "/report/meetings/77/participants"),
        ({"webinar_id": 88}, "/report/webinars/88/participants"),
    ],
)
def test_participants_report_sensor(api, kwargs, path):
    route = api.get(
        f"{API}{path}",
        [
            {"status_code": 404, "json": {"code": 3001, "message": "Meeting does not exist"}},
            {"json": {"participants": [], "total_records": 0, "next_page_token": ""}},
            {"json": {"participants": [{"id": "p1", "name": "Ann"}], "total_records": 1}},
        ],
    )
    sensor = ZoomParticipantsReportSensor(task_id="p", poke_interval=0, timeout=30, **kwargs)
    assert run_poking(sensor) is None
    assert route.call_count == 3


def test_participants_report_other_4xx_fails(api):
    api.get(
        f"{API}/report/meetings/77/participants", status_code=400, json={"code": 200, "message": "No plan"}
    )
    with pytest.raises(ZoomApiError, match="No plan"):
        run_poking(ZoomParticipantsReportSensor(task_id="p", meeting_id=77, poke_interval=0))


# ---------------------------------------------------------------------------------------- registrants


def test_webinar_registrants_sensor_counts_up(api):
    def page(n: int) -> dict:
        people = [{"id": f"r{i}", "email": f"r{i}@example.com"} for i in range(n)]
        return {"json": {"registrants": people, "total_records": n, "next_page_token": ""}}

    route = api.get(f"{API}/webinars/900/registrants", [NOT_FOUND, page(1), page(3)])
    sensor = ZoomWebinarRegistrantsSensor(
        task_id="w", webinar_id=900, min_registrants=3, status="approved", poke_interval=0, timeout=30
    )
    assert run_poking(sensor) is None
    assert route.call_count == 3
    assert route.last_request.qs["status"] == ["approved"]


def test_webinar_registrants_bad_status_fails_before_zoom(api):
    sensor = ZoomWebinarRegistrantsSensor(task_id="w", webinar_id=900, min_registrants=1, status="maybe")
    with pytest.raises(ZoomConfigError, match="status"):
        sensor.execute(context={})
    assert not api.called


# ---------------------------------------------------------------------------------------- generic


def test_api_sensor_response_check(api):
    route = api.get(
        f"{API}/meetings/1/recordings",
        [NOT_FOUND, {"json": {"recording_count": 0}}, {"json": {"recording_count": 2}}],
    )
    sensor = ZoomApiSensor(
        task_id="api",
        endpoint="/meetings/1/recordings",
        request_params={"include_fields": "x"},
        response_check=lambda data: data["recording_count"] > 0,
        poke_interval=0,
        timeout=30,
    )
    assert run_poking(sensor) == {"recording_count": 2}
    assert route.call_count == 3
    assert route.last_request.qs == {"include_fields": ["x"]}


def test_api_sensor_auth_error_fails(api):
    api.get(f"{API}/users/me", status_code=401, json={"code": 124, "message": "Invalid access token."})
    with pytest.raises(ZoomAuthError):
        run_poking(ZoomApiSensor(task_id="api", endpoint="/users/me", poke_interval=0))


# ---------------------------------------------------------------------------------------- deferral


@pytest.mark.parametrize(
    ("sensor", "trigger_cls", "fields"),
    [
        (
            ZoomRecordingReadySensor(task_id="r", meeting_id=123, file_types=["MP4"], min_files=2),
            ZoomRecordingReadyTrigger,
            {"meeting_id": 123, "file_types": ["MP4"], "min_files": 2},
        ),
        (
            ZoomMeetingEndedSensor(task_id="m", meeting_id=555, occurrence_id="9"),
            ZoomMeetingEndedTrigger,
            {"meeting_id": 555, "occurrence_id": "9", "ended_after": None},
        ),
        (
            ZoomParticipantsReportSensor(task_id="p", webinar_id=88),
            ZoomParticipantsReportTrigger,
            {"meeting_id": None, "webinar_id": 88},
        ),
        (
            ZoomWebinarRegistrantsSensor(task_id="w", webinar_id=900, min_registrants=5),
            ZoomWebinarRegistrantsTrigger,
            {"webinar_id": 900, "min_registrants": 5, "status": None, "occurrence_id": None},
        ),
        (
            ZoomApiSensor(task_id="a", endpoint="/users/me"),
            ZoomApiTrigger,
            {"endpoint": "/users/me", "params": None, "request_method": "GET"},
        ),
    ],
    ids=lambda v: getattr(v, "__name__", None) if isinstance(v, type) else None,
)
def test_deferrable_sensor_defers_when_not_ready(api, sensor, trigger_cls, fields):
    api.get(requests_mock_any(), **NOT_FOUND)
    sensor.deferrable = True
    sensor.poke_interval = 7
    sensor.timeout = 120
    with pytest.raises(TaskDeferred) as info:
        sensor.execute(context={})
    deferred = info.value
    assert isinstance(deferred.trigger, trigger_cls)
    assert deferred.method_name == "execute_complete"
    assert deferred.timeout == dt.timedelta(seconds=120)
    classpath, kwargs = deferred.trigger.serialize()
    assert classpath == f"airflow_provider_zoom.triggers.zoom.{trigger_cls.__name__}"
    assert kwargs == {**fields, "zoom_conn_id": "zoom_default", "poke_interval": 7.0, "initial_delay": 7.0}


def requests_mock_any():
    import re

    return re.compile(f"{re.escape(API)}/.*")


def test_deferrable_sensor_returns_at_once_when_ready(api):
    api.get(f"{API}/meetings/123/recordings", json=recording("completed"))
    sensor = ZoomRecordingReadySensor(task_id="r", meeting_id=123, deferrable=True)
    assert sensor.execute(context={})["id"] == 123


def test_deferrable_sensor_fails_at_once_on_auth_error_without_deferring(api):
    api.get(f"{API}/meetings/123/recordings", **SCOPE_ERROR)
    sensor = ZoomRecordingReadySensor(task_id="r", meeting_id=123, deferrable=True)
    with pytest.raises(ZoomAuthError):
        sensor.execute(context={})


def test_default_deferrable_follows_config(monkeypatch):
    monkeypatch.setenv("AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE", "True")
    import importlib

    import airflow_provider_zoom.sensors.base as base
    import airflow_provider_zoom.sensors.zoom as zoom
    from airflow_provider_zoom.version_compat import conf

    assert conf.getboolean("operators", "default_deferrable") is True
    assert ZoomRecordingReadySensor(task_id="r", meeting_id=1).deferrable is False  # default bound at import
    try:
        importlib.reload(base)
        sensor_cls = importlib.reload(zoom).ZoomRecordingReadySensor
        assert sensor_cls(task_id="r", meeting_id=1).deferrable is True
    finally:
        monkeypatch.delenv("AIRFLOW__OPERATORS__DEFAULT_DEFERRABLE")
        importlib.reload(base)
        importlib.reload(zoom)


# ---------------------------------------------------------------------------------------- resumption


def test_execute_complete_returns_value_and_rebuilds_errors():
    sensor = ZoomRecordingReadySensor(task_id="r", meeting_id=123)
    assert sensor.execute_complete({}, {"status": "success", "value": {"id": 123}}) == {"id": 123}

    err = ZoomAuthError(
        status_code=400,
        code=4711,
        zoom_message="no scope",
        method="GET",
        path="/meetings/123/recordings",
        missing_scopes=["cloud_recording:read:list_recording_files:admin"],
    )
    with pytest.raises(ZoomAuthError) as info:
        sensor.execute_complete({}, error_event(err).payload)
    assert info.value.missing_scopes == ["cloud_recording:read:list_recording_files:admin"]
    assert str(info.value) == str(err)

    with pytest.raises(AirflowException, match="boom"):
        sensor.execute_complete({}, {"status": "error", "message": "boom", "error": {"type": "KeyError"}})
    with pytest.raises(AirflowException, match="without an event"):
        sensor.execute_complete({}, None)


def test_resume_with_error_respects_soft_fail():
    sensor = ZoomRecordingReadySensor(task_id="r", meeting_id=123, soft_fail=True)
    event = error_event(ZoomApiError(status_code=400, code=300, zoom_message="bad", method="GET", path="/x"))
    with pytest.raises(AirflowSkipException):
        sensor.resume_execution("execute_complete", {"event": event.payload}, context={})


def test_api_sensor_redefers_when_check_is_false_until_deadline():
    import time

    sensor = ZoomApiSensor(
        task_id="a", endpoint="/users/me", response_check=lambda d: d.get("ok"), poke_interval=5, timeout=60
    )
    assert sensor.execute_complete({}, {"status": "success", "value": {"ok": True}}) == {"ok": True}
    deadline = time.time() + 30
    with pytest.raises(TaskDeferred) as info:
        sensor.execute_complete({}, {"status": "success", "value": {"ok": False}}, deadline=deadline)
    assert info.value.kwargs == {"deadline": deadline}
    assert info.value.trigger.initial_delay == 5
    assert 25 < info.value.timeout.total_seconds() <= 30

    from airflow_provider_zoom.version_compat import AirflowSensorTimeout

    with pytest.raises(AirflowSensorTimeout):
        sensor.execute_complete({}, {"status": "success", "value": {}}, deadline=time.time() - 1)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda v: v.check_endpoint("https://evil.example/users/me"), "endpoint"),
        (lambda v: v.check_endpoint("//evil.example/x", "request_endpoint"), "request_endpoint"),
        (lambda v: v.check_endpoint("  "), "endpoint"),
        (lambda v: v.check_method("request_method", "POST", v.READ_METHODS), "request_method"),
        (lambda v: v.check_method("method", "TRACE"), "method"),
        (lambda v: v.check_query_params("request_params", ["a"]), "request_params"),
    ],
)
def test_request_checks_shared_by_the_api_operator_and_sensor_name_the_field(call, field):
    from airflow_provider_zoom import validation

    with pytest.raises(ZoomConfigError) as info:
        call(validation)
    assert info.value.field == field


def test_request_checks_return_what_is_sent():
    from airflow_provider_zoom.validation import check_endpoint, check_method, check_query_params

    assert check_endpoint(" users/me ") == "/users/me"
    assert check_method("method", "patch") == "PATCH"
    assert check_query_params("request_params", None) is None
    assert check_query_params("request_params", {"a": 1}) == {"a": 1}


def test_api_sensor_sends_the_checked_endpoint(api):
    route = api.get(f"{API}/users/me", json={"id": "me"})
    assert run_poking(ZoomApiSensor(task_id="api", endpoint="users/me", poke_interval=0)) == {"id": "me"}
    assert route.call_count == 1
