"""Request checks against the facts distilled from Zoom's reference: lenient where Zoom is, strict on demand.

Zoom ignores query parameters and body fields it does not know, and refuses wrong types, enums,
bounds and missing required fields; the emulator does the same by default and records the unknown
names, so the project's own tests (tests/conftest.py) fail when a request carries any.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
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


@pytest.mark.unknown_names_allowed
def test_unknown_names_are_ignored_and_recorded(zoom: ZoomEmulator, api: Api) -> None:
    listed = api.get("/users", params={"status": "active", "no_such": "1"})
    assert listed.status_code == 200, listed.text
    # A client that repeats path ids as query or body fields, as Zoom lets it.
    created = api.post(
        "/users/me/meetings", json={"topic": "x", "user_id": "me", "settings": {"no_such": True}}
    )
    assert created.status_code == 201, created.text
    meeting_id = created.json()["id"]
    assert api.get(f"/meetings/{meeting_id}", params={"id": str(meeting_id)}).status_code == 200
    expected = [
        {"method": "GET", "path": "/v2/users", "names": ["query.no_such"]},
        {
            "method": "POST",
            "path": "/v2/users/me/meetings",
            "names": ["body.user_id", "body.settings.no_such"],
        },
        {"method": "GET", "path": f"/v2/meetings/{meeting_id}", "names": ["query.id"]},
    ]
    assert zoom.unknown_names() == expected
    assert requests.get(f"{zoom.base_url}/_emulator/unknown_names", timeout=10).json() == expected
    assert zoom.state.requests[-1]["unknown_names"] == ["query.id"]
    assert requests.delete(f"{zoom.base_url}/_emulator/unknown_names", timeout=10).status_code == 204
    assert zoom.unknown_names() == []
    zoom.check_no_unknown_names()  # nothing left to complain about


@pytest.mark.unknown_names_allowed
def test_check_names_each_request_with_unknown_names(zoom: ZoomEmulator, api: Api) -> None:
    api.get("/users", params={"no_such": "1"})
    with pytest.raises(AssertionError, match=r"GET /v2/users: query\.no_such"):
        zoom.check_no_unknown_names()
    zoom.check_no_unknown_names()  # the check cleared what it reported


def test_wrong_values_are_refused_by_default(zoom: ZoomEmulator, api: Api) -> None:
    create = "/users/me/meetings"
    assert _fields(api.post(create, json={"topic": "x", "type": 7})) == ["type"]
    assert _fields(api.post(create, json={"topic": "x" * 201})) == ["topic"]
    assert _fields(api.post(create, json={"topic": "x", "duration": "long"})) == ["duration"]
    assert _fields(api.get("/users", params={"status": "gone"})) == ["status"]
    meeting = next(m for m in zoom.state.meetings.values() if m["settings"]["approval_type"] == 0)
    assert _fields(api.post(f"/meetings/{meeting['id']}/registrants", json={"first_name": "No mail"})) == [
        "email"
    ]
    created = api.post(create, json={"topic": "Fine", "type": 2, "settings": {"approval_type": 0}})
    assert created.status_code == 201, created.text


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


@pytest.mark.unknown_names_allowed
def test_strict_refuses_unknown_names_with_their_path(zoom: ZoomEmulator, api: Api) -> None:
    zoom.state.set_options(strict=True)
    assert _fields(api.get("/users", params={"status": "active", "no_such": "1"})) == ["no_such"]
    assert api.get("/users", params={"status": "active"}).status_code == 200
    create = "/users/me/meetings"
    assert _fields(api.post(create, json={"topic": "x", "settings": {"no_such": True}})) == [
        "settings.no_such"
    ]
    webinar = next(iter(zoom.state.webinars.values()))
    panelists = {
        "panelists": [{"email": "p@example.org", "name": "P"}, {"email": "q@example.org", "bogus": 1}]
    }
    assert _fields(api.post(f"/webinars/{webinar['id']}/panelists", json=panelists)) == ["panelists[1].bogus"]
    # Refused or not, the names are recorded.
    assert [s["names"] for s in zoom.unknown_names()] == [
        ["query.no_such"],
        ["body.settings.no_such"],
        ["body.panelists[1].bogus"],
    ]


@pytest.mark.unknown_names_allowed
def test_an_unknown_field_is_ignored_while_known_ones_apply(zoom: ZoomEmulator, api: Api) -> None:
    user = next(u for u in zoom.state.users.values() if u["role_id"] != "0")
    assert api.patch(f"/users/{user['id']}", json={"role_id": "0", "job_title": "Lead"}).status_code == 204
    assert user["role_id"] != "0" and user["_details"]["job_title"] == "Lead"


def test_strict_is_an_emulator_option() -> None:
    with ZoomEmulator(users=1, meetings_per_user=0, strict=True) as strict:
        assert strict.config.strict is True
        assert strict.state.snapshot()["strict"] is True
    with pytest.raises(ValueError, match="strict"):
        ZoomEmulator(strict="yes")


def test_problems_of_one_request() -> None:
    assert request_problems("GET", "/users", [("status", "active")], None) == []
    assert request_problems("GET", "/users", [("status", "active"), ("x", "1")], None) == []
    strict = request_problems("GET", "/users", [("status", "active"), ("x", "1")], None, strict=True)
    assert [p["field"] for p in strict] == ["x"]
    # Paths the provider never calls are not in the facts and are left to the routes.
    assert request_problems("GET", "/phone/users/me/call_logs", [("x", "1")], None, strict=True) == []


_SUITE = """
import pytest
import requests

from airflow_provider_zoom.testing import ZoomEmulator


@pytest.fixture(scope="module")
def zoom():
    with ZoomEmulator(users=1, meetings_per_user=0) as emulator:
        yield emulator


def _token(zoom):
    reply = requests.post(
        f"{zoom.oauth_base_url}/oauth/token",
        data={"grant_type": "account_credentials", "account_id": zoom.account_id},
        auth=(zoom.client_id, zoom.client_secret),
        timeout=10,
    )
    return {"Authorization": "Bearer " + reply.json()["access_token"]}


def _get(zoom, params):
    return requests.get(f"{zoom.api_base_url}/users", params=params, headers=_token(zoom), timeout=10)


def test_sends_an_unknown_name(zoom):
    assert _get(zoom, {"no_such": "1"}).status_code == 200


@pytest.mark.unknown_names_allowed
def test_sends_one_on_purpose(zoom):
    assert _get(zoom, {"on_purpose": "1"}).status_code == 200


@pytest.fixture
def careless_setup(zoom):
    assert _get(zoom, {"from_setup": "1"}).status_code == 200


def test_whose_fixture_sends_an_unknown_name(careless_setup):
    pass


def test_sends_only_known_names(zoom):
    assert _get(zoom, {"status": "active"}).status_code == 200
"""


def test_the_suite_fails_a_test_whose_requests_carried_unknown_names(tmp_path: Path) -> None:
    """The project's conftest hook, run on a suite of four tests: only the two careless ones fail."""
    (tmp_path / "test_suite.py").write_text(textwrap.dedent(_SUITE))
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "tests.conftest",
            "--rootdir",
            str(tmp_path),
            "-o",
            "markers=unknown_names_allowed",
            str(tmp_path / "test_suite.py"),
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "2 failed, 2 passed" in out, out
    assert "FAILED" in out and "test_sends_an_unknown_name" in out, out
    assert "test_whose_fixture_sends_an_unknown_name" in out, out
    assert "GET /v2/users: query.no_such" in out and "GET /v2/users: query.from_setup" in out, out
    assert "on_purpose" not in out, out
