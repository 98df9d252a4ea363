"""Webinar and user operators."""

from __future__ import annotations

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.operators.users import (
    ZoomCreateUserOperator,
    ZoomDeleteUserOperator,
    ZoomGetUserOperator,
    ZoomListUsersOperator,
    ZoomUpdateUserOperator,
)
from airflow_provider_zoom.operators.webinars import (
    ZoomCreateWebinarOperator,
    ZoomDeleteWebinarOperator,
    ZoomGetWebinarOperator,
    ZoomListWebinarAbsenteesOperator,
    ZoomListWebinarParticipantsOperator,
    ZoomListWebinarsOperator,
    ZoomUpdateWebinarOperator,
)


class FakeTI:
    def __init__(self) -> None:
        self.pushed: dict[str, object] = {}

    def xcom_push(self, key: str, value: object) -> None:
        self.pushed[key] = value


def test_webinar_lifecycle(zoom_api):
    zoom_api.register("POST", "/users/me/webinars", json={"id": 555, "topic": "Launch"})
    zoom_api.register("PATCH", "/webinars/555", status_code=204)
    zoom_api.register("GET", "/webinars/555", json={"id": 555, "topic": "Launch v2"})
    zoom_api.register("DELETE", "/webinars/555", status_code=204)
    ti = FakeTI()
    created = ZoomCreateWebinarOperator(task_id="c", topic="Launch", type=5, duration=60).execute({"ti": ti})
    assert created == {"id": 555, "topic": "Launch"}
    assert zoom_api.body(zoom_api.call()) == {"topic": "Launch", "type": 5, "duration": 60}
    assert ti.pushed == {"zoom_webinar_id": 555}
    assert ZoomUpdateWebinarOperator(task_id="u", webinar_id=555, topic="Launch v2").execute({}) == {
        "id": 555,
        "topic": "Launch v2",
    }
    assert ZoomGetWebinarOperator(task_id="g", webinar_id=555).execute({})["topic"] == "Launch v2"
    assert ZoomDeleteWebinarOperator(task_id="d", webinar_id=555).execute({})["deleted"] is True
    assert [r.method for r in zoom_api.calls] == ["POST", "PATCH", "GET", "GET", "DELETE"]


def test_webinar_checks():
    with pytest.raises(ZoomConfigError) as err:
        ZoomCreateWebinarOperator(task_id="c", type=2)
    assert err.value.field == "type"
    with pytest.raises(ZoomConfigError) as err:
        ZoomListWebinarsOperator(task_id="l", type="past")
    assert err.value.field == "type"


def test_webinar_lists(zoom_api):
    zoom_api.register("GET", "/users/me/webinars", json={"webinars": [{"id": 1}, {"id": 2}]})
    zoom_api.register("GET", "/past_webinars/555/participants", json={"participants": [{"id": "p"}]})
    zoom_api.register("GET", "/past_webinars/555/absentees", json={"registrants": [{"id": "a"}]})
    assert ZoomListWebinarsOperator(task_id="l", max_results=1).execute({}) == [{"id": 1}]
    assert ZoomListWebinarParticipantsOperator(task_id="p", webinar_id=555).execute({}) == [{"id": "p"}]
    assert ZoomListWebinarAbsenteesOperator(task_id="a", webinar_id=555).execute({}) == [{"id": "a"}]


def test_user_operators(zoom_api):
    zoom_api.register("POST", "/users", json={"id": "u1", "email": "n@example.com"}, status_code=201)
    zoom_api.register("GET", "/users/u1", json={"id": "u1"})
    zoom_api.register("PATCH", "/users/u1", status_code=204)
    zoom_api.register("DELETE", "/users/u1", status_code=204)
    zoom_api.register("GET", "/users", json={"users": [{"id": "u1"}]})
    info = {"email": "n@example.com", "type": 1, "first_name": "N"}
    assert ZoomCreateUserOperator(task_id="c", user_info=info).execute({})["id"] == "u1"
    assert zoom_api.body(zoom_api.call()) == {"action": "create", "user_info": info}
    assert ZoomGetUserOperator(task_id="g", user_id="u1").execute({}) == {"id": "u1"}
    result = ZoomUpdateUserOperator(
        task_id="u", user_id="u1", profile={"dept": "Data", "timezone": "UTC"}
    ).execute({})
    assert result == {"id": "u1", "updated": ["dept", "timezone"]}
    assert zoom_api.body(zoom_api.call()) == {"dept": "Data", "timezone": "UTC"}
    assert ZoomDeleteUserOperator(task_id="d", user_id="u1").execute({}) == {
        "id": "u1",
        "action": "disassociate",
    }
    assert zoom_api.query(zoom_api.call()) == {"action": "disassociate"}
    assert ZoomListUsersOperator(task_id="l", status="active").execute({}) == [{"id": "u1"}]


def test_user_checks(zoom_api):
    with pytest.raises(ZoomConfigError) as err:
        ZoomCreateUserOperator(task_id="c", action="invite", user_info={"email": "n@example.com", "type": 1})
    assert err.value.field == "action"
    with pytest.raises(ZoomConfigError) as err:
        ZoomUpdateUserOperator(task_id="u", user_id="u1", profile={"pmi": "0123456789"})
    assert err.value.field == "pmi"
    op = ZoomDeleteUserOperator(task_id="d", user_id="u1", transfer_recording="{{ params.t }}")
    op.transfer_recording = "true"
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "transfer_email"
    assert zoom_api.calls == []
