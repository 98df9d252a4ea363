"""Every id is checked before a request is sent, with an error that names the argument."""

from __future__ import annotations

import pytest
import requests_mock as rm

from airflow_provider_zoom._http.paths import api_path, check_id
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from tests.conftest import API, TOKEN_URL

UUID = "aDYlohsHRtCd4ii1uC2+hA=="


@pytest.fixture
def hook(zoom_conn) -> ZoomHook:
    return ZoomHook()


@pytest.fixture
def mock():
    with rm.Mocker() as m:
        m.register_uri(rm.ANY, rm.ANY, json={})
        m.post(TOKEN_URL, json={"access_token": "tok", "expires_in": 3600})
        yield m


BAD_MEETING_IDS = [
    {"a": 1},
    None,
    -1,
    0,
    "-5",
    2**64,
    "abc",
    "12 34",
    True,
    1.5,
    ["1"],
    "x" * 10_000,
]


@pytest.mark.parametrize("value", BAD_MEETING_IDS, ids=repr)
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda h, v: h.get_meeting(v), "meeting_id"),
        (lambda h, v: h.delete_meeting(v), "meeting_id"),
        (lambda h, v: h.get_meeting_recordings(v), "meeting_id"),
        (lambda h, v: h.delete_meeting_recordings(v), "meeting_id"),
        (lambda h, v: h.get_past_meeting(v), "meeting_uuid"),
        (lambda h, v: h.list_meeting_registrants(v), "meeting_id"),
        (lambda h, v: h.get_webinar(v), "webinar_id"),
        (lambda h, v: h.delete_webinar(v), "webinar_id"),
        (lambda h, v: h.get_webinar_report(v), "webinar_id"),
    ],
    ids=["get_meeting", "delete_meeting", "recordings", "delete_recordings", "past", "registrants",
         "get_webinar", "delete_webinar", "webinar_report"],
)  # fmt: skip
def test_bad_meeting_and_webinar_ids_never_reach_zoom(hook, mock, call, field, value):
    with pytest.raises(ZoomConfigError) as exc:
        call(hook, value)
    assert exc.value.field == field
    assert not mock.request_history
    assert len(str(exc.value)) < 300  # a 10,000-character id is not echoed whole


BAD_USER_IDS = [
    None,
    {"a": 1},
    "",
    "x" * 10_000,
    "two words",
    "a/b",
    "../me",
    "ada@",
    f"{'a' * 250}@example.com",
]


@pytest.mark.parametrize("value", BAD_USER_IDS, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize(
    "call",
    [
        lambda h, v: h.get_user(v),
        lambda h, v: h.delete_user(v),
        lambda h, v: h.list_meetings(v),
        lambda h, v: h.list_recordings(v, "2024-05-01", "2024-05-02"),
        lambda h, v: h.create_meeting(v, topic="t", type=2, start_time="2030-01-01T10:00:00Z", duration=30),
    ],
    ids=["get_user", "delete_user", "list_meetings", "list_recordings", "create_meeting"],
)
def test_bad_user_ids_never_reach_zoom(hook, mock, call, value):
    with pytest.raises(ZoomConfigError) as exc:
        call(hook, value)
    assert exc.value.field == "user_id"
    assert not mock.request_history


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("meeting_id", 85746065432, 85746065432),
        ("meeting_id", " 85746065432 ", 85746065432),
        ("meeting_id", UUID, UUID),
        ("meeting_id", "/ajXp112QmuoKj4854875==", "/ajXp112QmuoKj4854875=="),
        ("meeting_uuid", "4444AAAiAAAAAiAiAiiAii==", "4444AAAiAAAAAiAiAiiAii=="),
        ("webinar_id", "91234567890", 91234567890),
        ("meeting_id", 2**63 - 1, 2**63 - 1),
        ("user_id", "me", "me"),
        ("user_id", "KDcuGIm1QgePTO8WbOqwIQ", "KDcuGIm1QgePTO8WbOqwIQ"),
        ("user_id", "ada.lovelace+zoom@example.com", "ada.lovelace+zoom@example.com"),
        ("registrant_id", "9tboDiHUQAeOnbmudzWa5g", "9tboDiHUQAeOnbmudzWa5g"),
        ("recording_id", "a2f19f96-9294-4f51-8134-6f0eea108eb2", "a2f19f96-9294-4f51-8134-6f0eea108eb2"),
    ],
)
def test_good_ids_pass(field, value, expected):
    assert check_id(field, value) == expected


@pytest.mark.parametrize("value", [None, "", {"a": 1}, -3, "with space", "x" * 300, "tab\there", False])
def test_other_ids_are_checked_too(value):
    with pytest.raises(ZoomConfigError) as exc:
        api_path("/webinars/{webinar_id}/panelists/{panelist_id}", webinar_id=UUID, panelist_id=value)
    assert exc.value.field == "panelist_id"


def test_good_ids_are_sent(hook, mock):
    hook.get_meeting(" 85746065432 ")
    hook.get_user("ada@example.com")
    assert [r.path for r in mock.request_history if r.url.startswith(API)] == [
        "/v2/meetings/85746065432",
        "/v2/users/ada%40example.com",
    ]


# ---------------------------------------------------------------------------------------- other arguments
def test_reversed_meeting_range_is_refused_before_any_request(hook, mock):
    with pytest.raises(ZoomConfigError) as exc:
        hook.list_meetings("me", from_="2024-05-10", to="2024-05-01")
    assert exc.value.field == "from_"
    assert not mock.request_history


def test_list_meetings_operator_refuses_a_reversed_range_at_parse_time():
    from airflow_provider_zoom.operators.meetings import ZoomListMeetingsOperator

    with pytest.raises(ZoomConfigError, match="from_"):
        ZoomListMeetingsOperator(task_id="t", from_="2024-05-10", to="2024-05-01")
    # templated ends are checked when the task runs
    ZoomListMeetingsOperator(task_id="t", from_="{{ ds }}", to="2024-05-01")


def test_list_meetings_operator_refuses_a_reversed_range_at_run_time(zoom_conn, mock):
    from airflow_provider_zoom.operators.meetings import ZoomListMeetingsOperator

    op = ZoomListMeetingsOperator(task_id="t", from_="{{ ds }}", to="2024-05-01")
    op.from_ = "2024-05-10"  # as rendered
    with pytest.raises(ZoomConfigError, match="from_"):
        op.execute(context={})
    assert not mock.request_history


def test_bogus_trash_type_is_refused(hook, mock):
    from airflow_provider_zoom.operators.recordings import ZoomListRecordingsOperator

    with pytest.raises(ZoomConfigError) as exc:
        hook.list_recordings("me", trash=True, trash_type="bogus")
    assert exc.value.field == "trash_type"
    with pytest.raises(ZoomConfigError, match="trash_type"):
        ZoomListRecordingsOperator(task_id="t", trash=True, trash_type="bogus")
    assert not mock.request_history
    hook.list_recordings("me", trash=True, trash_type="recording_file")
    [sent] = [r for r in mock.request_history if r.url.startswith(API)]
    assert sent.qs["trash_type"] == ["recording_file"]
