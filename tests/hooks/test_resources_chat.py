"""ZoomHook Team Chat actions."""

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


def test_list_channels_uses_chat_page_size(hook, zoom_api):
    zoom_api.register(
        "GET", "/chat/users/me/channels", json={"channels": [{"id": "c1"}], "next_page_token": ""}
    )
    assert hook.list_chat_channels() == [{"id": "c1"}]
    assert zoom_api.query(zoom_api.call()) == {"page_size": "50"}


def test_list_messages(hook, zoom_api):
    zoom_api.register("GET", "/chat/users/me/messages", json={"messages": [{"id": "m1"}]})
    assert hook.list_chat_messages(
        to_channel="c1",
        from_="2026-01-01T00:00:00+02:00",
        to="2026-01-02T00:00:00Z",
        search_type="message",
        search_key="deploy",
        include_deleted_and_edited_message=True,
    ) == [{"id": "m1"}]
    assert zoom_api.query(zoom_api.call()) == {
        "to_channel": "c1",
        "from": "2025-12-31T22:00:00Z",
        "to": "2026-01-02T00:00:00Z",
        "search_type": "message",
        "search_key": "deploy",
        "include_deleted_and_edited_message": "true",
        "page_size": "50",
    }


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "to_contact or to_channel"),
        ({"to_contact": "a@example.com", "to_channel": "c1"}, "to_contact / to_channel"),
        ({"to_channel": "c1", "search_type": "message"}, "search_type / search_key"),
        ({"to_channel": "c1", "search_type": "emoji", "search_key": "x"}, "search_type"),
        ({"to_channel": "c1", "date": "01/02/2026"}, "date"),
    ],
)
def test_list_messages_checks(hook, zoom_api, kwargs, field):
    with pytest.raises(ZoomConfigError) as err:
        hook.list_chat_messages(**kwargs)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_send_message(hook, zoom_api):
    zoom_api.register("POST", "/chat/users/me/messages", json={"id": "m9"}, status_code=201)
    assert hook.send_chat_message(
        message="Hello", to_contact="a@example.com", reply_main_message_id="m1"
    ) == {"id": "m9"}
    assert zoom_api.body(zoom_api.call()) == {
        "message": "Hello",
        "to_contact": "a@example.com",
        "reply_main_message_id": "m1",
    }
    with pytest.raises(ZoomConfigError) as err:
        hook.send_chat_message(message="x" * 4097, to_channel="c1")
    assert err.value.field == "message"
    with pytest.raises(ZoomConfigError) as err:
        hook.send_chat_message(message="", to_channel="c1")
    assert err.value.field == "message"
    assert len(zoom_api.calls) == 1


def test_list_messages_follows_zoom_where_it_is_looser(hook, zoom_api):
    # Zoom's reference: a search may span all of a user's chats, and date may go with from/to.
    zoom_api.register("GET", "/chat/users/me/messages", json={"messages": []})
    hook.list_chat_messages(search_type="message", search_key="deploy")
    assert zoom_api.query(zoom_api.call()) == {
        "search_type": "message",
        "search_key": "deploy",
        "page_size": "50",
    }
    hook.list_chat_messages(to_channel="c1", date="2026-01-01", from_="2026-01-01T00:00:00Z")
    assert zoom_api.query(zoom_api.call())["date"] == "2026-01-01"
