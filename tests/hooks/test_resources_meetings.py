"""ZoomHook meeting actions: exact requests, return values, and local checks before any request."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from tests.operators.conftest import make_hook, mocked_zoom


@pytest.fixture
def zoom_api(monkeypatch):
    yield from mocked_zoom(monkeypatch)


@pytest.fixture
def hook(zoom_api):
    return make_hook()


def test_create_meeting_sends_checked_body(hook, zoom_api):
    zoom_api.register(
        "POST", "/users/me/meetings", json={"id": 85746065, "join_url": "https://j"}, status_code=201
    )
    result = hook.create_meeting(
        topic="Weekly sync",
        type=8,
        start_time=dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        duration=45,
        password="a@b-c_d*1",
        agenda="Plans",
        recurrence={"type": 2, "repeat_interval": 1, "weekly_days": [2, 4], "end_times": 10},
        settings={"join_before_host": True, "approval_type": 0, "auto_recording": "cloud"},
        settings_extra={"waiting_room": False},
        tracking_fields=[{"field": "team", "value": "data"}],
    )
    assert result == {"id": 85746065, "join_url": "https://j"}
    request = zoom_api.call()
    assert request.method == "POST" and zoom_api.path(request) == "/users/me/meetings"
    assert request.headers["Authorization"] == "Bearer tok-123"
    assert zoom_api.body(request) == {
        "topic": "Weekly sync",
        "type": 8,
        "start_time": "2026-03-02T08:30:00Z",
        "duration": 45,
        "password": "a@b-c_d*1",
        "agenda": "Plans",
        "recurrence": {"type": 2, "repeat_interval": 1, "weekly_days": "2,4", "end_times": 10},
        "settings": {
            "join_before_host": True,
            "approval_type": 0,
            "auto_recording": "cloud",
            "waiting_room": False,
        },
        "tracking_fields": [{"field": "team", "value": "data"}],
    }


def test_create_meeting_local_time_with_timezone(hook, zoom_api):
    zoom_api.register("POST", "/users/host%40example.com/meetings", json={"id": 1})
    hook.create_meeting(
        "host@example.com", topic="t", start_time="2026-03-02T09:30:00", timezone="Europe/Berlin"
    )
    assert zoom_api.body(zoom_api.call())["start_time"] == "2026-03-02T09:30:00"
    assert zoom_api.body(zoom_api.call())["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"password": "longer-than-10"}, "password"),
        ({"agenda": "x" * 2001}, "agenda"),
        ({"type": 4}, "type"),
        ({"type": 8}, "recurrence"),
        ({"type": 8, "recurrence": {"type": 1, "repeat_interval": 100}}, "recurrence.repeat_interval"),
        ({"type": 8, "recurrence": {"type": 2, "repeat_interval": 51}}, "recurrence.repeat_interval"),
        ({"type": 8, "recurrence": {"type": 3, "repeat_interval": 11}}, "recurrence.repeat_interval"),
        ({"type": 8, "recurrence": {"type": 1, "end_times": 61}}, "recurrence.end_times"),
        (
            {"type": 8, "recurrence": {"type": 1, "end_times": 2, "end_date_time": "2026-05-01T00:00:00Z"}},
            "recurrence.end_times / recurrence.end_date_time",
        ),
        ({"type": 8, "recurrence": {"type": 2, "weekly_days": "1,8"}}, "recurrence.weekly_days"),
        ({"type": 8, "recurrence": {"type": 3, "monthly_day": 32}}, "recurrence.monthly_day"),
        (
            {"type": 8, "recurrence": {"type": 3, "monthly_week": 5, "monthly_week_day": 1}},
            "recurrence.monthly_week",
        ),
        ({"type": 2, "recurrence": {"type": 1}}, "recurrence"),
        ({"settings": {"approval_type": 3}}, "settings.approval_type"),
        ({"settings": {"audio": "radio"}}, "settings.audio"),
        ({"settings": {"auto_recording": "tape"}}, "settings.auto_recording"),
        ({"settings": {"waiting_rooom": True}}, "settings.waiting_rooom"),
        ({"settings": {"jbh_time": 7}}, "settings.jbh_time"),
        ({"default_passcode": True}, "default_passcode"),
        ({"settings": {"host_video": "yes"}}, "settings.host_video"),
        ({"start_time": "next tuesday"}, "start_time"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"duration": 0}, "duration"),
        ({"topic": "x" * 201}, "topic"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_create_meeting_rejects_locally(hook, zoom_api, fields, field):
    with pytest.raises(ZoomConfigError) as err:
        hook.create_meeting(**fields)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_get_meeting(hook, zoom_api):
    zoom_api.register("GET", "/meetings/123", json={"id": 123, "topic": "t"})
    assert hook.get_meeting(123, occurrence_id="169", show_previous_occurrences=True) == {
        "id": 123,
        "topic": "t",
    }
    assert zoom_api.query(zoom_api.call()) == {"occurrence_id": "169", "show_previous_occurrences": "true"}


def test_update_meeting_patch_only_given_fields(hook, zoom_api):
    zoom_api.register("PATCH", "/meetings/123", status_code=204)
    assert hook.update_meeting(123, occurrence_id="169", topic="New", duration=30) == {}
    request = zoom_api.call()
    assert request.method == "PATCH"
    assert zoom_api.query(request) == {"occurrence_id": "169"}
    assert zoom_api.body(request) == {"topic": "New", "duration": 30}


def test_meeting_rules_follow_zoom(hook, zoom_api):
    zoom_api.register("POST", "/users/me/meetings", json={"id": 1}, status_code=201)
    zoom_api.register("PATCH", "/meetings/123", status_code=204)
    # Screen-share-only meetings (type 10), the meeting recurrence maxima and special passcode characters.
    hook.create_meeting(topic="Share", type=10, password="p!#a$1")
    assert zoom_api.body(zoom_api.call()) == {"topic": "Share", "type": 10, "password": "p!#a$1"}
    hook.create_meeting(type=8, recurrence={"type": 1, "repeat_interval": 99})
    hook.update_meeting(123, type=8, recurrence={"type": 2, "repeat_interval": 50})
    assert zoom_api.body(zoom_api.call())["recurrence"] == {"type": 2, "repeat_interval": 50}
    # Zoom's meeting update body has no default_password.
    with pytest.raises(ZoomConfigError) as err:
        hook.update_meeting(123, default_password=True)
    assert err.value.field == "default_password"


def test_update_meeting_needs_a_field_and_an_id(hook, zoom_api):
    with pytest.raises(ZoomConfigError, match="nothing to update"):
        hook.update_meeting(123)
    with pytest.raises(ZoomConfigError) as err:
        hook.update_meeting("", topic="x")
    assert err.value.field == "meeting_id"
    assert zoom_api.calls == []


def test_delete_meeting(hook, zoom_api):
    zoom_api.register("DELETE", "/meetings/123", status_code=204)
    assert hook.delete_meeting(123, schedule_for_reminder=False, cancel_meeting_reminder=True) == {}
    assert zoom_api.query(zoom_api.call()) == {
        "schedule_for_reminder": "false",
        "cancel_meeting_reminder": "true",
    }


def test_list_meetings_paginates(hook, zoom_api):
    zoom_api.register(
        "GET",
        "/users/me/meetings",
        [
            {"json": {"meetings": [{"id": 1}, {"id": 2}], "next_page_token": "p2"}},
            {"json": {"meetings": [{"id": 3}], "next_page_token": ""}},
        ],
    )
    result = hook.list_meetings(type="upcoming", from_=dt.date(2026, 1, 1), to="2026-01-31", timezone="UTC")
    assert [m["id"] for m in result] == [1, 2, 3]
    first, second = zoom_api.calls
    assert zoom_api.query(first) == {
        "type": "upcoming",
        "from": "2026-01-01",
        "to": "2026-01-31",
        "timezone": "UTC",
        "page_size": "300",
    }
    assert zoom_api.query(second)["next_page_token"] == "p2"


def test_list_meetings_max_results_and_bad_type(hook, zoom_api):
    zoom_api.register("GET", "/users/me/meetings", json={"meetings": [{"id": 1}, {"id": 2}, {"id": 3}]})
    assert len(hook.list_meetings(max_results=2)) == 2
    calls = len(zoom_api.calls)
    with pytest.raises(ZoomConfigError) as err:
        hook.list_meetings(type="past")
    assert err.value.field == "type"
    assert len(zoom_api.calls) == calls


def test_invitation_and_status(hook, zoom_api):
    zoom_api.register("GET", "/meetings/123/invitation", json={"invitation": "Join me"})
    zoom_api.register("PUT", "/meetings/123/status", status_code=204)
    assert hook.get_meeting_invitation(123) == {"invitation": "Join me"}
    assert hook.update_meeting_status(123, "end") == {}
    assert zoom_api.body(zoom_api.call()) == {"action": "end"}
    with pytest.raises(ZoomConfigError) as err:
        hook.update_meeting_status(123, "pause")
    assert err.value.field == "action"
    assert len(zoom_api.calls) == 2


def test_past_meetings_double_encode_uuid(hook, zoom_api):
    uuid = "/ajXp112QmuoKj4854875=="
    encoded = "%252FajXp112QmuoKj4854875%253D%253D"
    zoom_api.register("GET", f"/past_meetings/{encoded}", json={"uuid": uuid})
    zoom_api.register(
        "GET", f"/past_meetings/{encoded}/participants", json={"participants": [{"id": "a"}, {"id": "b"}]}
    )
    zoom_api.register("GET", "/past_meetings/123/instances", json={"meetings": [{"uuid": "u1"}]})
    assert hook.get_past_meeting(uuid) == {"uuid": uuid}
    assert zoom_api.path(zoom_api.call()) == f"/past_meetings/{encoded}"
    assert hook.list_past_meeting_participants(uuid, max_results=1) == [{"id": "a"}]
    assert hook.list_past_meeting_instances(123) == [{"uuid": "u1"}]


@pytest.mark.parametrize(
    ("method", "create"), [("create_meeting", True), ("update_meeting", False)], ids=["create", "update"]
)
def test_meeting_fields_are_declared_once_as_zoom_names_them(method, create):
    import inspect

    from airflow_provider_zoom._contract import facts
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.validation import MEETING, SCHEDULE_ENDPOINTS, MeetingFields

    # The fields are one TypedDict, shared by create and update: ``**fields: Unpack[MeetingFields]``.
    params = inspect.signature(getattr(ZoomHook, method)).parameters
    assert params["fields"].kind is inspect.Parameter.VAR_KEYWORD
    assert params["fields"].annotation == "Unpack[MeetingFields]"
    named = set(MeetingFields.__annotations__)
    create_body = set(facts.endpoint(*SCHEDULE_ENDPOINTS[MEETING, True]).fields("body"))
    body = set(facts.endpoint(*SCHEDULE_ENDPOINTS[MEETING, create]).fields("body"))
    # Every field Zoom's body takes has its own argument; the others are ours (sent unchecked).
    assert body <= named
    assert named - create_body == {"settings_extra", "extra_fields"}
    doc = MeetingFields.__doc__
    assert [n for n in named if f":param {n}:" not in doc] == []


def test_create_meeting_takes_every_field_as_a_keyword(hook, zoom_api):
    zoom_api.register("POST", "/users/me/meetings", json={"id": 1}, status_code=201)
    hook.create_meeting(
        topic="T",
        agenda="A",
        settings={"host_video": True},
        settings_extra={"waiting_room": True},
        extra_fields={"is_simulive": False},
    )
    assert zoom_api.body(zoom_api.call()) == {
        "topic": "T",
        "agenda": "A",
        "settings": {"host_video": True, "waiting_room": True},
        "is_simulive": False,
    }
