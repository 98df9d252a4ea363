"""
Every argument that names a Zoom endpoint or path, in every operator, sensor, transfer and trigger,
takes only a path under the connection's API base, so the bearer token cannot be sent elsewhere.

The arguments are found by name across the packages, so a new one is checked without being listed.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest
import requests_mock as rm
from airflow.sdk import BaseOperator
from airflow.triggers.base import BaseTrigger

import airflow_provider_zoom.operators
import airflow_provider_zoom.sensors
import airflow_provider_zoom.transfers
import airflow_provider_zoom.triggers
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.validation import check_endpoint

PACKAGES = (
    airflow_provider_zoom.operators,
    airflow_provider_zoom.sensors,
    airflow_provider_zoom.transfers,
    airflow_provider_zoom.triggers,
)
# Names that say "this is where a request goes".
ENDPOINT_NAME = re.compile(r"^(endpoint|path|url|uri)$|_(endpoint|path|url|uri)$")
# Names that match but say nothing about where a request goes, each with its reason.
NOT_ENDPOINTS = {
    "include_start_url": "a switch: whether the reply's start_url is returned",
    # Checked against the connection's hosts in the triggerer, before a token is sent
    # (tests/triggers/test_event_triggers.py::test_a_socket_url_off_the_connections_hosts_gets_no_token).
    "websocket_url": "Zoom's event socket, not an API path",
}
# Stand-ins for the other required arguments (and those an endpoint needs beside it), so each class
# can be built with only the value under test.
STAND_INS = {"task_id": "t", "items_key": "items", "dest": "file:///tmp/zoom-endpoint-rule/out.jsonl"}

BAD_FORMS = {
    "absolute URL": "http://other-host/collect",
    "https URL": "https://other-host/v2/users",
    "scheme-relative": "//other-host/collect",
    "backslash": "\\\\other-host\\collect",
    "encoded slashes": "%2F%2Fother-host/collect",
    "encoded backslash": "/users/%5C%5Cother-host",
    "traversal": "/users/../../oauth/token",
    "encoded traversal": "/users/%2E%2E/%2E%2E/oauth/token",
    "empty segment": "/users//me",
    "control character": "/users/me\x00",
    "encoded line break": "/users/me%0D%0AHost:%20other-host",
    "scheme without slashes": "other-host:8080/collect",
}
GOOD_FORMS = [
    "/users/me",
    "users/me",
    "/report/webinars/{webinar_id}/participants",
    "/meetings/%252Fab%252F%252Fc==/recordings?x=1",
]


def _classes():
    for package in PACKAGES:
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                task = issubclass(cls, (BaseOperator, BaseTrigger)) and not inspect.isabstract(cls)
                if task and cls.__module__ == info.name:
                    yield cls


def endpoint_arguments() -> list[tuple[type, str]]:
    found = []
    for cls in _classes():
        for name in inspect.signature(cls.__init__).parameters:
            if ENDPOINT_NAME.search(name) and name not in NOT_ENDPOINTS:
                found.append((cls, name))
    return sorted(found, key=lambda pair: (pair[0].__name__, pair[1]))


ARGUMENTS = endpoint_arguments()


def _build(cls: type, name: str, value: str):
    kwargs = {}
    for param in inspect.signature(cls.__init__).parameters.values():
        if param.name in ("self", name) or param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
            continue
        if param.name in STAND_INS:
            kwargs[param.name] = STAND_INS[param.name]
        elif param.default is param.empty:
            assert param.name in STAND_INS, f"add a stand-in for {cls.__name__}'s required {param.name!r}"
            kwargs[param.name] = STAND_INS[param.name]
    if issubclass(cls, BaseOperator):
        kwargs.setdefault("task_id", "t")
    return cls(**kwargs, **{name: value})


def test_the_walk_finds_the_endpoint_arguments():
    names = {(cls.__name__, name) for cls, name in ARGUMENTS}
    assert {
        ("ZoomApiOperator", "endpoint"),
        ("ZoomApiSensor", "endpoint"),
        ("ZoomReportToObjectStorageOperator", "endpoint"),
        ("ZoomApiTrigger", "endpoint"),
    } <= names


@pytest.mark.parametrize(("cls", "name"), ARGUMENTS, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("form", list(BAD_FORMS), ids=str)
def test_every_endpoint_argument_refuses_what_leaves_the_api(zoom_conn, cls, name, form):
    with pytest.raises(ZoomConfigError) as caught:
        _build(cls, name, BAD_FORMS[form])
    assert caught.value.field == name


@pytest.mark.parametrize(("cls", "name"), ARGUMENTS, ids=lambda v: getattr(v, "__name__", v))
def test_every_endpoint_argument_takes_a_path(zoom_conn, cls, name):
    _build(cls, name, "/report/daily")


@pytest.mark.parametrize("value", GOOD_FORMS)
def test_paths_under_the_base_pass(value):
    assert check_endpoint(value).startswith("/")


@pytest.mark.parametrize("form", list(BAD_FORMS), ids=str)
def test_the_hook_sends_no_token_outside_the_api_base(zoom_conn, form):
    hook = ZoomHook()
    with rm.Mocker() as mock:
        mock.post("https://zoom.test/oauth/token", json={"access_token": "tok", "expires_in": 3600})
        with pytest.raises(ZoomConfigError) as caught:
            hook.request("GET", BAD_FORMS[form])
        assert caught.value.field == "path"
        assert not [
            r
            for r in mock.request_history
            if "Authorization" in r.headers and "Bearer" in r.headers["Authorization"]
        ]


def test_a_rendered_endpoint_is_checked_before_any_request(zoom_conn, tmp_path):
    from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator

    op = ZoomReportToObjectStorageOperator(
        task_id="t", endpoint="{{ params.where }}", items_key="items", dest=f"file://{tmp_path}/out.jsonl"
    )
    op.endpoint = "http://other-host/collect"  # what the template rendered
    with rm.Mocker() as mock:
        with pytest.raises(ZoomConfigError) as caught:
            op.execute(context={})
        assert caught.value.field == "endpoint"
        assert not mock.request_history
    assert not (tmp_path / "out.jsonl").exists()
