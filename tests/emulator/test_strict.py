"""Strict validation: every request is checked against the facts distilled from Zoom's reference."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.testing.emulator.validation import request_problems

from .conftest import Api


def _refused(reply: requests.Response) -> list[dict[str, Any]]:
    """The ``errors`` of a Zoom validation failure (and nothing else in the body)."""
    assert reply.status_code == 400, reply.text
    body = reply.json()
    assert set(body) == {"code", "message", "errors"}
    assert body["code"] == 300 and body["message"] == "Validation Failed."
    assert all(set(e) == {"field", "message"} and e["message"] for e in body["errors"])
    return body["errors"]


def _fields(reply: requests.Response) -> list[str]:
    return [e["field"] for e in _refused(reply)]


def test_unknown_query_parameter_is_named(zoom: ZoomEmulator, api: Api) -> None:
    assert _fields(api.get("/users", params={"status": "active", "no_such": "1"})) == ["no_such"]
    assert api.get("/users", params={"status": "active"}).status_code == 200


def test_query_enum_bounds_and_booleans(zoom: ZoomEmulator, api: Api) -> None:
    assert _fields(api.get("/users", params={"status": "gone"})) == ["status"]
    past = zoom.state.add_recorded_meeting("me", topic="Strict")
    ttl = {"include_fields": "download_access_token"}
    assert _fields(api.get(f"/meetings/{past['id']}/recordings", params={**ttl, "ttl": "604801"})) == ["ttl"]
    assert _fields(api.get(f"/meetings/{past['id']}/recordings", params={**ttl, "ttl": "soon"})) == ["ttl"]
    assert api.get(f"/meetings/{past['id']}/recordings", params={**ttl, "ttl": "0"}).status_code == 200
    meeting = api.post("/users/me/meetings", json={"topic": "Bools", "type": 2}).json()
    assert _fields(api.delete(f"/meetings/{meeting['id']}", params={"schedule_for_reminder": "True"})) == [
        "schedule_for_reminder"
    ]
    assert (
        api.delete(f"/meetings/{meeting['id']}", params={"schedule_for_reminder": "true"}).status_code == 204
    )


def test_body_fields_are_named_with_their_path(zoom: ZoomEmulator, api: Api) -> None:
    create = "/users/me/meetings"
    assert _fields(api.post(create, json={"topic": "x", "settings": {"no_such": True}})) == [
        "settings.no_such"
    ]
    assert _fields(api.post(create, json={"topic": "x", "type": 7})) == ["type"]
    assert _fields(api.post(create, json={"topic": "x" * 201})) == ["topic"]
    assert _fields(api.post(create, json={"topic": "x", "duration": "long"})) == ["duration"]
    webinar = next(iter(zoom.state.webinars.values()))
    panelists = {
        "panelists": [{"email": "p@example.org", "name": "P"}, {"email": "q@example.org", "bogus": 1}]
    }
    assert _fields(api.post(f"/webinars/{webinar['id']}/panelists", json=panelists)) == ["panelists[1].bogus"]
    created = api.post(create, json={"topic": "Fine", "type": 2, "settings": {"approval_type": 0}})
    assert created.status_code == 201, created.text


def test_lenient_lets_unknown_names_through_but_not_bad_values(zoom: ZoomEmulator, api: Api) -> None:
    zoom.state.set_options(lenient=True)
    assert api.get("/users", params={"no_such": "1"}).status_code == 200
    created = api.post("/users/me/meetings", json={"topic": "x", "settings": {"no_such": True}})
    assert created.status_code == 201, created.text
    assert _fields(api.post("/users/me/meetings", json={"topic": "x", "type": 7})) == ["type"]
    # An unknown field is ignored, as Zoom does, while the known ones are applied.
    user = next(u for u in zoom.state.users.values() if u["role_id"] != "0")
    assert api.patch(f"/users/{user['id']}", json={"role_id": "0", "job_title": "Lead"}).status_code == 204
    assert user["role_id"] != "0" and user["_details"]["job_title"] == "Lead"


def test_lenient_is_an_emulator_option() -> None:
    with ZoomEmulator(users=1, meetings_per_user=0, lenient=True) as lenient:
        assert lenient.config.lenient is True
    with pytest.raises(ValueError, match="lenient"):
        ZoomEmulator(lenient="yes")


def test_problems_of_one_request() -> None:
    assert request_problems("GET", "/users", [("status", "active")], None) == []
    strict = request_problems("GET", "/users", [("status", "active"), ("x", "1")], None)
    assert [p["field"] for p in strict] == ["x"]
    assert request_problems("GET", "/users", [("x", "1")], None, lenient=True) == []
    # Paths the provider never calls are not in the facts and are left to the routes.
    assert request_problems("GET", "/phone/users/me/call_logs", [("x", "1")], None) == []
