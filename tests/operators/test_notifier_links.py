"""ZoomChatNotifier and the meeting/webinar extra links."""

from __future__ import annotations

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.links import ZoomMeetingLink, ZoomWebinarLink
from airflow_provider_zoom.notifications.chat import ZoomChatNotifier


class FakeTI:
    task_id = "load"
    dag_id = "nightly"
    state = "failed"


def test_notifier_posts_rendered_message(zoom_api):
    zoom_api.register("POST", "/chat/users/me/messages", json={"id": "m1"}, status_code=201)
    notifier = ZoomChatNotifier(
        to_channel="{{ params.channel }}", message="{{ ti.task_id }} {{ ti.state }} in {{ run_id }}"
    )
    context = {"ti": FakeTI(), "run_id": "scheduled__1", "params": {"channel": "ch-9"}, "dag": None}
    assert notifier(context) is None
    assert zoom_api.body(zoom_api.call()) == {"message": "load failed in scheduled__1", "to_channel": "ch-9"}


def test_notifier_default_message(zoom_api):
    zoom_api.register("POST", "/chat/users/me/messages", json={"id": "m1"})
    ZoomChatNotifier(to_contact="oncall@example.com")({"ti": FakeTI(), "run_id": "r1", "dag": None})
    body = zoom_api.body(zoom_api.call())
    assert body["to_contact"] == "oncall@example.com"
    assert body["message"] == "Airflow: task load of DAG nightly (run r1) is failed."


def test_notifier_logs_instead_of_raising(zoom_api, capsys):
    zoom_api.register(
        "POST", "/chat/users/me/messages", status_code=404, json={"code": 4130, "message": "Channel gone"}
    )
    notifier = ZoomChatNotifier(to_channel="gone", message="hi")
    notifier.notify({})  # logged, not raised
    logged = capsys.readouterr()
    text = logged.out + logged.err
    assert "Could not post the Zoom Team Chat notification" in text
    assert "Channel gone" in text
    assert "tok-123" not in text and "client-secret" not in text
    strict = ZoomChatNotifier(to_channel="gone", message="hi", raise_on_error=True)
    with pytest.raises(Exception, match="Channel gone"):
        strict.notify({})


def test_notifier_needs_one_target():
    with pytest.raises(ZoomConfigError):
        ZoomChatNotifier(message="x")
    assert ZoomChatNotifier.template_fields == (
        "message",
        "to_channel",
        "to_contact",
        "user_id",
        "zoom_conn_id",
    )


def test_links_read_pushed_ids(monkeypatch):
    from airflow.sdk.execution_time import xcom

    stored = {"zoom_meeting_id": 85746065, "zoom_webinar_id": "9/9"}
    calls = []

    def get_value(*, ti_key, key):
        calls.append((ti_key, key))
        return stored.get(key)

    monkeypatch.setattr(xcom.XCom, "get_value", staticmethod(get_value))
    assert ZoomMeetingLink().get_link(None, ti_key="k") == "https://zoom.us/meeting/85746065"
    assert ZoomWebinarLink().get_link(None, ti_key="k") == "https://zoom.us/webinar/9%2F9"
    assert calls == [("k", "zoom_meeting_id"), ("k", "zoom_webinar_id")]
    stored.clear()
    assert ZoomMeetingLink().get_link(None, ti_key="k") == ""
    assert ZoomMeetingLink().name == "Zoom Meeting"


def test_operators_declare_links():
    from airflow_provider_zoom.operators.meetings import ZoomCreateMeetingOperator
    from airflow_provider_zoom.operators.webinars import ZoomCreateWebinarOperator

    assert [type(link) for link in ZoomCreateMeetingOperator.operator_extra_links] == [ZoomMeetingLink]
    assert [type(link) for link in ZoomCreateWebinarOperator.operator_extra_links] == [ZoomWebinarLink]


def test_provider_info_lists_my_modules():
    from airflow_provider_zoom.get_provider_info import get_provider_info

    info = get_provider_info()
    modules = [m for entry in info["operators"] for m in entry["python-modules"]]
    assert "airflow_provider_zoom.operators.meetings" in modules
    assert "airflow_provider_zoom.notifications.chat.ZoomChatNotifier" in info["notifications"]
    assert "airflow_provider_zoom.links.ZoomMeetingLink" in info["extra-links"]
