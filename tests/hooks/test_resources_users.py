"""ZoomHook user actions."""

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


def test_create_user(hook, zoom_api):
    zoom_api.register("POST", "/users", json={"id": "u1", "email": "n@example.com"}, status_code=201)
    info = {
        "email": "n@example.com",
        "type": 2,
        "first_name": "N",
        "feature": {"zoom_phone": True, "zoom_one_type": 16},
    }
    assert hook.create_user("create", info) == {"id": "u1", "email": "n@example.com"}
    assert zoom_api.body(zoom_api.call()) == {"action": "create", "user_info": info}


@pytest.mark.parametrize(
    ("action", "info", "field"),
    [
        ("make", {"email": "n@example.com", "type": 1}, "action"),
        ("create", {"email": "nope", "type": 1}, "user_info.email"),
        ("create", {"email": "n@example.com", "type": 3}, "user_info.type"),
        ("create", {"email": "n@example.com"}, "user_info.type"),
        ("create", {"email": "n@example.com", "type": 99}, "user_info.type"),
        ("create", {"email": "n@example.com", "type": 1, "password": "x"}, "user_info.password"),
        ("create", {"email": "n@example.com", "type": 1, "first_name": "x" * 65}, "user_info.first_name"),
        ("create", {"email": "n@example.com", "type": 1, "nickname": "x"}, "user_info.nickname"),
    ],
)
def test_create_user_rejects_locally(hook, zoom_api, action, info, field):
    with pytest.raises(ZoomConfigError) as err:
        hook.create_user(action, info)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_get_update_delete_user(hook, zoom_api):
    zoom_api.register("GET", "/users/n%40example.com", json={"id": "u1"})
    zoom_api.register("PATCH", "/users/u1", status_code=204)
    zoom_api.register("DELETE", "/users/u1", status_code=204)
    assert hook.get_user("n@example.com", login_type=100, encrypted_email=False) == {"id": "u1"}
    assert zoom_api.query(zoom_api.call()) == {"login_type": "100", "encrypted_email": "false"}
    assert (
        hook.update_user(
            "u1", first_name="N", pmi=3456789012, job_title="Eng", extra_fields={"about_me": "hi"}
        )
        == {}
    )
    assert zoom_api.body(zoom_api.call()) == {
        "first_name": "N",
        "pmi": 3456789012,
        "job_title": "Eng",
        "about_me": "hi",
    }
    hook.delete_user("u1", transfer_email="boss@example.com", transfer_meeting=True, transfer_recording=True)
    assert zoom_api.query(zoom_api.call()) == {
        "action": "disassociate",
        "transfer_email": "boss@example.com",
        "transfer_meeting": "true",
        "transfer_recording": "true",
    }


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda h: h.update_user("u1", pmi=123), "pmi"),
        (lambda h: h.update_user("u1", host_key="12ab"), "host_key"),
        (lambda h: h.update_user("u1", nickname="x"), "nickname"),
        (lambda h: h.update_user("u1"), "fields"),
        (lambda h: h.delete_user("u1", action="remove"), "action"),
        (lambda h: h.delete_user("u1", transfer_webinar=True), "transfer_email"),
        (lambda h: h.list_users(status="gone"), "status"),
        (lambda h: h.get_user(""), "user_id"),
    ],
)
def test_user_checks(hook, zoom_api, call, field):
    with pytest.raises(ZoomConfigError) as err:
        call(hook)
    assert err.value.field == field
    assert zoom_api.calls == []


def test_list_users(hook, zoom_api):
    zoom_api.register(
        "GET",
        "/users",
        response_list=[
            {"json": {"users": [{"id": "a"}], "next_page_token": "t"}},
            {"json": {"users": [{"id": "b"}], "next_page_token": ""}},
        ],
    )
    assert hook.list_users(status="pending", role_id="2", include_fields="host_key") == [
        {"id": "a"},
        {"id": "b"},
    ]
    assert zoom_api.query(zoom_api.call(0)) == {
        "status": "pending",
        "role_id": "2",
        "include_fields": "host_key",
        "page_size": "300",
    }


def test_user_checks_are_public_and_name_the_field():
    from airflow_provider_zoom.validation import USER_CREATE_ACTIONS, build_user_info, build_user_profile

    assert "ssoCreate" in USER_CREATE_ACTIONS
    assert build_user_profile({"pmi": "2345678901", "extra_fields": {"new": 1}}) == {
        "pmi": 2345678901,
        "new": 1,
    }
    with pytest.raises(ZoomConfigError) as err:
        build_user_info({"email": "n@example.com", "type": 99}, "create")
    assert err.value.field == "user_info.type"


def test_update_user_takes_the_profile_as_one_dict(hook, zoom_api):
    zoom_api.register("PATCH", "/users/u1", status_code=204)
    hook.update_user("u1", profile={"dept": "Data", "job_title": "x"}, job_title="Lead")
    assert zoom_api.body(zoom_api.call()) == {"dept": "Data", "job_title": "Lead"}
    with pytest.raises(ZoomConfigError) as err:
        hook.update_user("u1", profile=["dept"])
    assert err.value.field == "profile"
