"""Meeting operators: requests sent, values returned, checks before any request, templating, links."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.meetings import (
    ZoomCreateMeetingOperator,
    ZoomDeleteMeetingOperator,
    ZoomGetMeetingInvitationOperator,
    ZoomGetMeetingOperator,
    ZoomGetPastMeetingOperator,
    ZoomListMeetingsOperator,
    ZoomListPastMeetingInstancesOperator,
    ZoomListPastMeetingParticipantsOperator,
    ZoomUpdateMeetingOperator,
    ZoomUpdateMeetingStatusOperator,
)


class FakeTI:
    def __init__(self) -> None:
        self.pushed: dict[str, object] = {}

    def xcom_push(self, key: str, value: object) -> None:
        self.pushed[key] = value


def test_create_meeting_operator(zoom_api):
    zoom_api.register(
        "POST", "/users/host%40example.com/meetings", json={"id": 777, "topic": "Sync"}, status_code=201
    )
    ti = FakeTI()
    op = ZoomCreateMeetingOperator(
        task_id="create",
        user_id="host@example.com",
        topic="Sync",
        type=2,
        start_time=pendulum.datetime(2026, 5, 4, 10, 0, tz="UTC"),
        duration=30,
        settings={"mute_upon_entry": True, "registration_type": 1, "approval_type": 0},
    )
    assert op.execute(context={"ti": ti}) == {"id": 777, "topic": "Sync"}
    assert zoom_api.body(zoom_api.call()) == {
        "topic": "Sync",
        "type": 2,
        "start_time": "2026-05-04T10:00:00Z",
        "duration": 30,
        "settings": {"mute_upon_entry": True, "registration_type": 1, "approval_type": 0},
    }
    assert ti.pushed == {"zoom_meeting_id": 777}


def test_create_meeting_checks_at_parse_time_when_nothing_is_templated():
    with pytest.raises(ZoomConfigError) as err:
        ZoomCreateMeetingOperator(task_id="c", agenda="x" * 2001)
    assert err.value.field == "agenda"


def test_create_meeting_checks_after_templating_before_request(zoom_api):
    op = ZoomCreateMeetingOperator(task_id="c", password="{{ params.pw }}")
    op.password = "way-too-long-passcode"  # what templating produced
    with pytest.raises(ZoomConfigError) as err:
        op.execute(context={})
    assert err.value.field == "password"
    assert zoom_api.calls == []


def test_update_meeting_reads_back(zoom_api):
    zoom_api.register("PATCH", "/meetings/777", status_code=204)
    zoom_api.register("GET", "/meetings/777", json={"id": 777, "topic": "Renamed"})
    op = ZoomUpdateMeetingOperator(
        task_id="u", meeting_id="777", topic="Renamed", start_time="2026-05-04T12:00:00Z"
    )
    assert op.execute(context={}) == {"id": 777, "topic": "Renamed"}
    patch, get = zoom_api.calls
    assert patch.method == "PATCH" and zoom_api.body(patch) == {
        "topic": "Renamed",
        "start_time": "2026-05-04T12:00:00Z",
    }
    assert get.method == "GET"


def test_update_meeting_without_readback_and_missing_id(zoom_api):
    zoom_api.register("PATCH", "/meetings/777", status_code=204)
    op = ZoomUpdateMeetingOperator(task_id="u", meeting_id=777, duration=15, return_meeting=False)
    assert op.execute(context={}) == {"id": 777}
    assert len(zoom_api.calls) == 1
    # A static blank id fails when the DAG is parsed; a templated one when the task runs.
    with pytest.raises(ZoomConfigError) as err:
        ZoomUpdateMeetingOperator(task_id="u2", meeting_id="", duration=15)
    assert err.value.field == "meeting_id"
    op = ZoomUpdateMeetingOperator(task_id="u3", meeting_id="{{ params.id }}", duration=15)
    op.meeting_id = ""  # what templating produced
    with pytest.raises(ZoomConfigError) as err:
        op.execute(context={})
    assert err.value.field == "meeting_id"
    assert len(zoom_api.calls) == 1


def test_get_delete_invitation_status(zoom_api):
    zoom_api.register("GET", "/meetings/777", json={"id": 777})
    zoom_api.register("DELETE", "/meetings/777", status_code=204)
    zoom_api.register("GET", "/meetings/777/invitation", json={"invitation": "Join"})
    zoom_api.register("PUT", "/meetings/777/status", status_code=204)
    assert ZoomGetMeetingOperator(task_id="g", meeting_id=777).execute({}) == {"id": 777}
    assert ZoomDeleteMeetingOperator(task_id="d", meeting_id=777, cancel_meeting_reminder=True).execute(
        {}
    ) == {
        "id": 777,
        "occurrence_id": None,
        "deleted": True,
    }
    assert zoom_api.query(zoom_api.call()) == {"cancel_meeting_reminder": "true"}
    assert ZoomGetMeetingInvitationOperator(task_id="i", meeting_id=777).execute({}) == {"invitation": "Join"}
    assert ZoomUpdateMeetingStatusOperator(task_id="s", meeting_id=777, action="end").execute({}) == {
        "id": 777,
        "action": "end",
    }
    assert zoom_api.body(zoom_api.call()) == {"action": "end"}
    with pytest.raises(ZoomConfigError):
        ZoomUpdateMeetingStatusOperator(task_id="s2", meeting_id=777, action="stop")


def test_list_meetings_operator(zoom_api):
    zoom_api.register(
        "GET",
        "/users/me/meetings",
        response_list=[
            {"json": {"meetings": [{"id": 1}], "next_page_token": "n"}},
            {"json": {"meetings": [{"id": 2}], "next_page_token": ""}},
        ],
    )
    op = ZoomListMeetingsOperator(task_id="l", type="scheduled", from_=dt.date(2026, 1, 1), max_results="5")
    assert op.execute({}) == [{"id": 1}, {"id": 2}]
    assert zoom_api.query(zoom_api.call(0))["from"] == "2026-01-01"
    with pytest.raises(ZoomConfigError) as err:
        ZoomListMeetingsOperator(task_id="l2", max_results="0")  # checked when the DAG is parsed
    assert err.value.field == "max_results"
    op = ZoomListMeetingsOperator(task_id="l3", max_results="{{ params.n }}")
    op.max_results = "0"  # what templating produced
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "max_results"
    assert len(zoom_api.calls) == 2


def test_past_meeting_operators(zoom_api):
    zoom_api.register(
        "GET", "/past_meetings/Qx7ZcdKp3Wq9LmNrTuVwXy%3D%3D", json={"uuid": "Qx7ZcdKp3Wq9LmNrTuVwXy=="}
    )
    zoom_api.register(
        "GET", "/past_meetings/777/instances", json={"meetings": [{"uuid": "Qx7ZcdKp3Wq9LmNrTuVwXy=="}]}
    )
    zoom_api.register(
        "GET",
        "/past_meetings/Qx7ZcdKp3Wq9LmNrTuVwXy%3D%3D/participants",
        json={"participants": [{"id": "p"}]},
    )
    assert ZoomGetPastMeetingOperator(task_id="p", meeting_uuid="Qx7ZcdKp3Wq9LmNrTuVwXy==").execute({}) == {
        "uuid": "Qx7ZcdKp3Wq9LmNrTuVwXy=="
    }
    assert ZoomListPastMeetingInstancesOperator(task_id="i", meeting_id=777).execute({}) == [
        {"uuid": "Qx7ZcdKp3Wq9LmNrTuVwXy=="}
    ]
    assert ZoomListPastMeetingParticipantsOperator(
        task_id="pp", meeting_uuid="Qx7ZcdKp3Wq9LmNrTuVwXy=="
    ).execute({}) == [{"id": "p"}]
