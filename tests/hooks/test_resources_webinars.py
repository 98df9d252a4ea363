"""ZoomHook webinar actions."""

from __future__ import annotations

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from tests.operators.conftest import make_hook, mocked_zoom


@pytest.fixture
def zoom_api(monkeypatch):
    yield from mocked_zoom(monkeypatch)


@pytest.fixture
def hook(zoom_api):
    return make_hook()


def test_create_webinar(hook, zoom_api):
    zoom_api.register("POST", "/users/me/webinars", json={"id": 555}, status_code=201)
    assert hook.create_webinar(
        topic="Launch",
        type=9,
        start_time="2026-04-01T15:00:00Z",
        recurrence={
            "type": 3,
            "monthly_week": -1,
            "monthly_week_day": 5,
            "end_date_time": "2026-12-31T00:00:00+00:00",
        },
        settings={"panelists_video": True, "practice_session": True, "approval_type": 1},
    ) == {"id": 555}
    assert zoom_api.body(zoom_api.call()) == {
        "topic": "Launch",
        "type": 9,
        "start_time": "2026-04-01T15:00:00Z",
        "recurrence": {
            "type": 3,
            "monthly_week": -1,
            "monthly_week_day": 5,
            "end_date_time": "2026-12-31T00:00:00Z",
        },
        "settings": {"panelists_video": True, "practice_session": True, "approval_type": 1},
    }


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": 2}, "type"),
        ({"type": 9}, "recurrence"),
        ({"settings": {"participant_video": True}}, "settings.participant_video"),
        ({"pre_schedule": True}, "pre_schedule"),
        ({"type": 9, "recurrence": {"type": 1, "end_times": 0}}, "recurrence.end_times"),
        ({"type": 9, "recurrence": {"type": 1, "repeat_interval": 91}}, "recurrence.repeat_interval"),
        ({"type": 9, "recurrence": {"type": 2, "repeat_interval": 13}}, "recurrence.repeat_interval"),
        ({"type": 9, "recurrence": {"type": 3, "repeat_interval": 4}}, "recurrence.repeat_interval"),
        ({"default_password": True}, "default_password"),
    ],
)
def test_create_webinar_rejects_locally(hook, zoom_api, fields, field):
    with pytest.raises(ZoomConfigError) as err:
        hook.create_webinar(**fields)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_get_update_delete_webinar(hook, zoom_api):
    zoom_api.register("GET", "/webinars/555", json={"id": 555})
    zoom_api.register("PATCH", "/webinars/555", status_code=204)
    zoom_api.register("DELETE", "/webinars/555", status_code=204)
    assert hook.get_webinar(555, occurrence_id="7") == {"id": 555}
    assert zoom_api.query(zoom_api.call()) == {"occurrence_id": "7"}
    assert hook.update_webinar(555, agenda="New agenda") == {}
    assert zoom_api.body(zoom_api.call()) == {"agenda": "New agenda"}
    assert hook.delete_webinar(555, cancel_webinar_reminder=True) == {}
    assert zoom_api.query(zoom_api.call()) == {"cancel_webinar_reminder": "true"}


def test_list_webinars_participants_absentees(hook, zoom_api):
    zoom_api.register("GET", "/users/me/webinars", json={"webinars": [{"id": 1}]})
    zoom_api.register("GET", "/past_webinars/555/participants", json={"participants": [{"id": "p"}]})
    zoom_api.register("GET", "/past_webinars/555/absentees", json={"registrants": [{"id": "a"}]})
    assert hook.list_webinars(type="upcoming") == [{"id": 1}]
    assert zoom_api.query(zoom_api.call()) == {"type": "upcoming", "page_size": "300"}
    assert hook.list_webinar_participants(555) == [{"id": "p"}]
    assert hook.list_webinar_absentees(555, occurrence_id="7") == [{"id": "a"}]
    assert zoom_api.query(zoom_api.call())["occurrence_id"] == "7"
    with pytest.raises(ZoomConfigError):
        hook.list_webinars(type="past")
    assert len(zoom_api.calls) == 3


def test_webinar_passcode_default_and_update_body(hook, zoom_api):
    zoom_api.register("POST", "/users/me/webinars", json={"id": 555}, status_code=201)
    hook.create_webinar(topic="T", default_passcode=True)
    assert zoom_api.body(zoom_api.call()) == {"topic": "T", "default_passcode": True}
    # Zoom's webinar update body has neither field: refused before any request.
    for field in ("default_passcode", "template_id"):
        with pytest.raises(ZoomConfigError) as err:
            hook.update_webinar(555, **{field: "x"})
        assert err.value.field == field
    assert len(zoom_api.calls) == 1


@pytest.mark.parametrize(
    ("method", "create"), [("create_webinar", True), ("update_webinar", False)], ids=["create", "update"]
)
def test_webinar_fields_are_declared_once_as_zoom_names_them(method, create):
    import inspect

    from airflow_provider_zoom._contract import facts
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.validation import SCHEDULE_ENDPOINTS, WEBINAR, WebinarFields

    # The fields are one TypedDict, shared by create and update: ``**fields: Unpack[WebinarFields]``.
    params = inspect.signature(getattr(ZoomHook, method)).parameters
    assert params["fields"].kind is inspect.Parameter.VAR_KEYWORD
    assert params["fields"].annotation == "Unpack[WebinarFields]"
    named = set(WebinarFields.__annotations__)
    create_body = set(facts.endpoint(*SCHEDULE_ENDPOINTS[WEBINAR, True]).fields("body"))
    # Zoom's simulive fields are rare; they travel in extra_fields.
    simulive = {"is_simulive", "record_file_id", "transition_to_live", "simulive_delay_start"}
    assert create_body - simulive <= named
    assert named - create_body == {"settings_extra", "extra_fields"}
    doc = WebinarFields.__doc__
    assert [n for n in named if f":param {n}:" not in doc] == []


def test_stray_webinar_keyword_is_refused_by_name(hook, zoom_api):
    with pytest.raises(ZoomConfigError) as err:
        hook.create_webinar(topic="T", colour="red")
    assert err.value.field == "colour"
    assert zoom_api.calls == []
