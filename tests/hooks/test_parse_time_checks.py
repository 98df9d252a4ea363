"""Parse-time checks run a hook method's own checks without a connection, and swallow nothing."""

from __future__ import annotations

import pytest

from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks._checks import check_arguments, plan_request
from airflow_provider_zoom.hooks._resources.actions import ZoomActions
from airflow_provider_zoom.hooks.zoom import ZoomHook


def test_the_checks_stop_at_the_first_request_and_say_which(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_ZOOM_DEFAULT", raising=False)  # no connection is read
    planned = plan_request("get_meeting", meeting_id=85746065432)
    assert planned is not None
    assert (planned.method, planned.path) == ("GET", "/meetings/85746065432")
    listed = plan_request("list_chat_channels", max_results=5)
    assert listed is not None and listed.path == "/chat/users/me/channels"


def test_a_refused_argument_names_its_field():
    with pytest.raises(ZoomConfigError) as err:
        check_arguments("create_meeting", topic="t", duration=-5)
    assert err.value.field == "duration"


def test_an_unknown_argument_is_raised_not_swallowed():
    with pytest.raises(TypeError, match="user_idd"):
        check_arguments("get_user", user_idd="me")


def test_any_other_error_is_raised_not_swallowed(monkeypatch):
    def broken(self, **kwargs):
        raise KeyError("a bug in the method")

    monkeypatch.setattr(ZoomActions, "get_user", broken)
    with pytest.raises(KeyError, match="a bug in the method"):
        check_arguments("get_user", user_id="me")


def test_the_hook_has_no_checks_only_mode():
    hook = ZoomHook()
    assert not hasattr(hook, "_checks_only")
    assert not hasattr(hook, "check_arguments")
