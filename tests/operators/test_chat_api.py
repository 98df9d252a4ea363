"""Team Chat operators and the raw ZoomApiOperator."""

from __future__ import annotations

import base64
import hashlib

import pytest

from airflow_provider_zoom.exceptions import ZoomApiError, ZoomConfigError
from airflow_provider_zoom.operators.api import ZoomApiOperator
from airflow_provider_zoom.operators.chat import (
    ZoomListChatChannelsOperator,
    ZoomListChatMessagesOperator,
    ZoomSendChatMessageOperator,
)


def test_chat_operators(zoom_api):
    zoom_api.register("GET", "/chat/users/me/channels", json={"channels": [{"id": "c1"}]})
    zoom_api.register("GET", "/chat/users/me/messages", json={"messages": [{"id": "m1"}]})
    zoom_api.register("POST", "/chat/users/me/messages", json={"id": "m2"}, status_code=201)
    assert ZoomListChatChannelsOperator(task_id="c").execute({}) == [{"id": "c1"}]
    assert ZoomListChatMessagesOperator(task_id="m", to_channel="c1", date="2026-01-05").execute({}) == [
        {"id": "m1"}
    ]
    assert zoom_api.query(zoom_api.call()) == {"to_channel": "c1", "date": "2026-01-05", "page_size": "50"}
    assert ZoomSendChatMessageOperator(task_id="s", to_channel="c1", message="Done").execute({}) == {
        "id": "m2"
    }
    assert zoom_api.body(zoom_api.call()) == {"message": "Done", "to_channel": "c1"}


def test_chat_either_or_checked():
    with pytest.raises(ZoomConfigError) as err:
        ZoomSendChatMessageOperator(task_id="s", message="x")
    assert err.value.field == "to_contact or to_channel"
    with pytest.raises(ZoomConfigError):
        ZoomListChatMessagesOperator(task_id="m", to_channel="c1", to_contact="a@example.com")


def test_api_operator_json(zoom_api):
    zoom_api.register("POST", "/users/me/meetings", json={"id": 1}, status_code=201)
    op = ZoomApiOperator(
        task_id="a",
        endpoint="users/me/meetings",
        method="post",
        query_params={"x": "1", "skip": None},
        json={"topic": "T"},
        headers={"X-Trace": "t1"},
    )
    assert op.execute({}) == {"id": 1}
    request = zoom_api.call()
    assert request.method == "POST" and zoom_api.query(request) == {"x": "1"}
    assert zoom_api.body(request) == {"topic": "T"} and request.headers["X-Trace"] == "t1"
    assert request.headers["Authorization"] == "Bearer tok-123"


def test_api_operator_paginates(zoom_api):
    zoom_api.register(
        "GET",
        "/users",
        response_list=[
            {"json": {"users": [{"id": 1}, {"id": 2}], "next_page_token": "n"}},
            {"json": {"users": [{"id": 3}], "next_page_token": ""}},
        ],
    )
    assert ZoomApiOperator(task_id="p", endpoint="/users", items_key="users", max_results=3).execute({}) == [
        {"id": 1},
        {"id": 2},
        {"id": 3},
    ]


def test_api_operator_text_and_binary(zoom_api):
    zoom_api.register(
        "GET", "/meetings/1/invitation.txt", text="hello", headers={"Content-Type": "text/plain"}
    )
    zoom_api.register(
        "GET", "/files/f1", content=b"\x00\x01binary", headers={"Content-Type": "application/octet-stream"}
    )
    assert (
        ZoomApiOperator(task_id="t", endpoint="/meetings/1/invitation.txt", response_type="text").execute({})
        == "hello"
    )
    result = ZoomApiOperator(task_id="b", endpoint="/files/f1", response_type="binary").execute({})
    assert result == {
        "content_type": "application/octet-stream",
        "size": 8,
        "sha256": hashlib.sha256(b"\x00\x01binary").hexdigest(),
        "base64": base64.b64encode(b"\x00\x01binary").decode(),
    }
    small = ZoomApiOperator(task_id="b2", endpoint="/files/f1", response_type="binary", max_binary_bytes=4)
    assert "base64" not in small.execute({})


def test_api_operator_multipart(zoom_api, tmp_path):
    upload = tmp_path / "avatar.png"
    upload.write_bytes(b"PNGDATA")
    zoom_api.register("POST", "/users/me/picture", status_code=201, json={})
    ZoomApiOperator(
        task_id="f", endpoint="/users/me/picture", method="POST", files={"pic_file": str(upload)}
    ).execute({})
    request = zoom_api.call()
    assert b'name="pic_file"; filename="avatar.png"' in request.body and b"PNGDATA" in request.body


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"endpoint": "https://evil.example.com/steal"}, "endpoint"),
        ({"endpoint": "//evil.example.com/x"}, "endpoint"),
        ({"endpoint": ""}, "endpoint"),
        ({"endpoint": "/users", "method": "TRACE"}, "method"),
        ({"endpoint": "/users", "response_type": "xml"}, "response_type"),
        ({"endpoint": "/users", "json": {"a": 1}, "data": {"b": 2}}, "json / data"),
        ({"endpoint": "/users", "method": "POST", "items_key": "users"}, "items_key"),
        ({"endpoint": "/users", "max_retries": -1}, "max_retries"),
    ],
)
def test_api_operator_checks(kwargs, field):
    with pytest.raises(ZoomConfigError) as err:
        ZoomApiOperator(task_id="x", **kwargs)
    assert err.value.field == field


def test_api_operator_templated_endpoint_checked_before_request(zoom_api):
    op = ZoomApiOperator(task_id="x", endpoint="{{ params.url }}")
    op.endpoint = "http://elsewhere.example.com/v2/users"
    with pytest.raises(ZoomConfigError) as err:
        op.execute({})
    assert err.value.field == "endpoint"
    assert zoom_api.calls == []


def test_api_operator_retry_options_reach_the_hook(zoom_api):
    op = ZoomApiOperator(task_id="r", endpoint="/users/me", max_retries=0, timeout=7)
    assert op.hook.retry_policy.max_retries == 0
    assert op.hook.timeout == 7
    zoom_api.register("GET", "/users/me", [{"status_code": 503, "json": {"code": 1}}, {"json": {"id": "me"}}])
    with pytest.raises(ZoomApiError):  # no retry budget: the 503 fails at once
        op.execute({})
    assert len(zoom_api.calls) == 1
