"""Every emulator route's reply against the response type of Zoom's reference (names, types, enums).

Each endpoint in the facts has a case here that calls the emulator with representative arguments;
the JSON reply must pass ``facts.check_value`` against the endpoint's response schema, which refuses
fields the reference does not list. A route added to the emulator without a case fails the test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
import requests

from airflow_provider_zoom._contract import facts
from airflow_provider_zoom._values.dates import to_zoom_datetime, utc_today
from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.testing.emulator import real_replies
from airflow_provider_zoom.testing.emulator.app import create_app
from tests.contract.replies import emulator_only_reply, reply_schema

from .conftest import Api, fetch_token

# Expectations follow the same clock the emulator seeds from; rerun under pinned clocks.
pytestmark = pytest.mark.clock

# Where Zoom's reference contradicts itself, the emulator follows the reference's prose and the
# check allows it: ``file_type`` lists no TIMELINE although the same field's text says the files
# exist (and have no id, status, file_size, recording_type or play_url).
_PROSE_OVER_ENUM = {("recording_files", "file_type"): "TIMELINE"}


class Ids:
    """Seeded ids the cases address (taken from the emulator's state, not hard-coded)."""

    def __init__(self, zoom: ZoomEmulator) -> None:
        state = zoom.state
        self.zoom = zoom
        self.owner = state.get_user("me")
        self.other = next(u for u in state.users.values() if u["id"] != self.owner["id"])
        mine = [m for m in state.meetings.values() if m["host_id"] == self.owner["id"]]
        self.recurring = next(m for m in mine if m["type"] == 8)
        self.open_meeting = next(
            m for m in state.meetings.values() if m["type"] == 2 and m["settings"]["approval_type"] == 0
        )
        self.webinar = next(w for w in state.webinars.values() if w["start_time"] > _now())
        self.past_webinar = next(iter(state.past_webinars.values()))
        self.channel = next(iter(state.channels))

    def past(self, topic: str = "Conformance") -> dict[str, Any]:
        return self.zoom.state.add_recorded_meeting("me", topic=topic)

    def archived(self) -> dict[str, Any]:
        from airflow_provider_zoom.testing.emulator.routes.archiving import add_archive

        past = self.past("Archived")
        add_archive(self.zoom.state, past["uuid"])
        return past

    def meeting(self) -> dict[str, Any]:
        from airflow_provider_zoom.testing.emulator.factories import build_meeting

        with self.zoom.state.lock:
            return build_meeting(self.zoom.state, self.owner, {"topic": "Conformance", "type": 2})


def _u(uuid: str) -> str:
    """A UUID path segment encoded twice, as Zoom wants for UUIDs with ``/`` (harmless otherwise)."""
    return quote(quote(uuid, safe=""), safe="")


def _now() -> str:
    return to_zoom_datetime(dt.datetime.now(dt.timezone.utc))


def _days(back: int = 7) -> dict[str, str]:
    return {"from": str(utc_today() - dt.timedelta(days=back)), "to": str(utc_today())}


def _week() -> dict[str, str]:
    now = dt.datetime.now(dt.timezone.utc)
    return {"from": to_zoom_datetime(now - dt.timedelta(days=7)), "to": to_zoom_datetime(now)}


Case = Callable[[Api, Ids], requests.Response]


def _new_webinar(api: Api) -> int:
    return api.post("/users/me/webinars", json={"topic": "Short-lived", "type": 5}).json()["id"]


def _new_user(api: Api, email: str) -> str:
    body = {"action": "custCreate", "user_info": {"email": email, "type": 1}}
    return api.post("/users", json=body).json()["id"]


def _registrant_status(kind: str) -> Case:
    def call(api: Api, ids: Ids) -> requests.Response:
        target = ids.open_meeting if kind == "meetings" else ids.webinar
        store = ids.zoom.state.registrants if kind == "meetings" else ids.zoom.state.webinar_registrants
        first = store[target["id"]][0]
        body = {"action": "approve", "registrants": [{"id": first["id"], "email": first["email"]}]}
        return api.put(f"/{kind}/{target['id']}/registrants/status", json=body)

    return call


CASES: dict[str, Case] = {
    "POST /users/{userId}/meetings": lambda api, ids: api.post(
        "/users/me/meetings",
        json={"topic": "Created", "type": 8, "start_time": _now(), "recurrence": {"type": 1, "end_times": 2}},
    ),
    "GET /users/{userId}/meetings": lambda api, ids: api.get(
        "/users/me/meetings", params={"type": "scheduled"}
    ),
    "GET /meetings/{meetingId}": lambda api, ids: api.get(
        f"/meetings/{ids.recurring['id']}", params={"show_previous_occurrences": "true"}
    ),
    "PATCH /meetings/{meetingId}": lambda api, ids: api.patch(
        f"/meetings/{ids.meeting()['id']}", json={"topic": "Renamed", "duration": 45}
    ),
    "DELETE /meetings/{meetingId}": lambda api, ids: api.delete(f"/meetings/{ids.meeting()['id']}"),
    "GET /meetings/{meetingId}/invitation": lambda api, ids: api.get(
        f"/meetings/{ids.recurring['id']}/invitation"
    ),
    "PUT /meetings/{meetingId}/status": lambda api, ids: api.put(
        f"/meetings/{ids.meeting()['id']}/status", json={"action": "end"}
    ),
    "GET /past_meetings/{meetingId}": lambda api, ids: api.get(f"/past_meetings/{_u(ids.past()['uuid'])}"),
    "GET /past_meetings/{meetingId}/instances": lambda api, ids: api.get(
        f"/past_meetings/{ids.past()['id']}/instances"
    ),
    "GET /past_meetings/{meetingId}/participants": lambda api, ids: api.get(
        f"/past_meetings/{_u(ids.past()['uuid'])}/participants"
    ),
    "GET /past_meetings/{meetingId}/polls": lambda api, ids: api.get(
        f"/past_meetings/{_u(ids.past()['uuid'])}/polls"
    ),
    "GET /past_meetings/{meetingId}/qa": lambda api, ids: api.get(
        f"/past_meetings/{_u(ids.past()['uuid'])}/qa"
    ),
    "POST /meetings/{meetingId}/registrants": lambda api, ids: api.post(
        f"/meetings/{ids.open_meeting['id']}/registrants",
        json={"email": "new.registrant@example.org", "first_name": "New", "last_name": "One"},
    ),
    "GET /meetings/{meetingId}/registrants": lambda api, ids: api.get(
        f"/meetings/{ids.open_meeting['id']}/registrants", params={"status": "approved"}
    ),
    "POST /meetings/{meetingId}/batch_registrants": lambda api, ids: api.post(
        f"/meetings/{ids.open_meeting['id']}/batch_registrants",
        json={"auto_approve": True, "registrants": [{"email": "batch@example.org", "first_name": "Batch"}]},
    ),
    "PUT /meetings/{meetingId}/registrants/status": _registrant_status("meetings"),
    "POST /webinars/{webinarId}/registrants": lambda api, ids: api.post(
        f"/webinars/{ids.webinar['id']}/registrants",
        json={"email": "new.attendee@example.org", "first_name": "New"},
    ),
    "GET /webinars/{webinarId}/registrants": lambda api, ids: api.get(
        f"/webinars/{ids.webinar['id']}/registrants"
    ),
    "POST /webinars/{webinarId}/batch_registrants": lambda api, ids: api.post(
        f"/webinars/{ids.webinar['id']}/batch_registrants",
        json={"registrants": [{"email": "wbatch@example.org", "first_name": "Batch"}]},
    ),
    "PUT /webinars/{webinarId}/registrants/status": _registrant_status("webinars"),
    "POST /users/{userId}/webinars": lambda api, ids: api.post(
        "/users/me/webinars", json={"topic": "Created webinar", "type": 5, "start_time": _now()}
    ),
    "GET /users/{userId}/webinars": lambda api, ids: api.get("/users/me/webinars"),
    "GET /webinars/{webinarId}": lambda api, ids: api.get(f"/webinars/{ids.webinar['id']}"),
    "PATCH /webinars/{webinarId}": lambda api, ids: api.patch(
        f"/webinars/{ids.webinar['id']}", json={"agenda": "Updated agenda"}
    ),
    "DELETE /webinars/{webinarId}": lambda api, ids: api.delete(f"/webinars/{_new_webinar(api)}"),
    "GET /past_webinars/{webinarId}/participants": lambda api, ids: api.get(
        f"/past_webinars/{_u(ids.past_webinar['uuid'])}/participants"
    ),
    "GET /past_webinars/{webinarId}/absentees": lambda api, ids: api.get(
        f"/past_webinars/{_u(ids.past_webinar['uuid'])}/absentees"
    ),
    "GET /past_webinars/{webinarId}/polls": lambda api, ids: api.get(
        f"/past_webinars/{_u(ids.past_webinar['uuid'])}/polls"
    ),
    "GET /past_webinars/{webinarId}/qa": lambda api, ids: api.get(
        f"/past_webinars/{_u(ids.past_webinar['uuid'])}/qa"
    ),
    "GET /webinars/{webinarId}/panelists": lambda api, ids: api.get(
        f"/webinars/{ids.webinar['id']}/panelists"
    ),
    "POST /webinars/{webinarId}/panelists": lambda api, ids: api.post(
        f"/webinars/{ids.webinar['id']}/panelists",
        json={"panelists": [{"email": "new.panelist@example.org", "name": "New Panelist"}]},
    ),
    "DELETE /webinars/{webinarId}/panelists": lambda api, ids: api.delete(
        f"/webinars/{_new_webinar(api)}/panelists"
    ),
    "DELETE /webinars/{webinarId}/panelists/{panelistId}": lambda api, ids: api.delete(
        f"/webinars/{ids.webinar['id']}/panelists/{ids.zoom.state.panelists[ids.webinar['id']][0]['id']}"
    ),
    "GET /users/{userId}/recordings": lambda api, ids: api.get("/users/me/recordings", params=_days()),
    "GET /accounts/{accountId}/recordings": lambda api, ids: api.get(
        "/accounts/me/recordings", params=_days()
    ),
    "GET /meetings/{meetingId}/recordings": lambda api, ids: api.get(
        f"/meetings/{_u(ids.past()['uuid'])}/recordings", params={"include_fields": "download_access_token"}
    ),
    "DELETE /meetings/{meetingId}/recordings": lambda api, ids: api.delete(
        f"/meetings/{_u(ids.past()['uuid'])}/recordings", params={"action": "trash"}
    ),
    "DELETE /meetings/{meetingId}/recordings/{recordingId}": lambda api, ids: _delete_one_file(api, ids),
    "GET /archive_files": lambda api, ids: api.get("/archive_files", params=_week()),
    "GET /archive_files/statistics": lambda api, ids: api.get("/archive_files/statistics", params=_week()),
    "GET /past_meetings/{meetingUUID}/archive_files": lambda api, ids: api.get(
        f"/past_meetings/{_u(ids.archived()['uuid'])}/archive_files"
    ),
    "PATCH /archive_files/{fileId}": lambda api, ids: api.patch(
        f"/archive_files/{ids.archived()['_archive']['_files'][0]['id']}", json={"auto_delete": False}
    ),
    "DELETE /past_meetings/{meetingUUID}/archive_files": lambda api, ids: api.delete(
        f"/past_meetings/{_u(ids.archived()['uuid'])}/archive_files"
    ),
    "GET /meetings/{meetingId}/transcript": lambda api, ids: api.get(
        f"/meetings/{_u(ids.past()['uuid'])}/transcript"
    ),
    "GET /meetings/meeting_summaries": lambda api, ids: api.get(
        "/meetings/meeting_summaries",
        params={"from": f"{utc_today() - dt.timedelta(days=7)}T00:00:00Z", "to": f"{utc_today()}T23:59:59Z"},
    ),
    "GET /meetings/{meetingId}/meeting_summary": lambda api, ids: api.get(
        f"/meetings/{_u(ids.past()['uuid'])}/meeting_summary"
    ),
    "GET /report/daily": lambda api, ids: api.get("/report/daily"),
    "GET /report/users/{userId}/meetings": lambda api, ids: api.get(
        "/report/users/me/meetings", params=_days()
    ),
    "GET /report/meetings/{meetingId}": lambda api, ids: api.get(
        f"/report/meetings/{_u(ids.past()['uuid'])}"
    ),
    "GET /report/meetings/{meetingId}/participants": lambda api, ids: api.get(
        f"/report/meetings/{_u(ids.past()['uuid'])}/participants"
    ),
    "GET /report/meetings/{meetingId}/polls": lambda api, ids: api.get(
        f"/report/meetings/{_u(ids.past()['uuid'])}/polls"
    ),
    "GET /report/meetings/{meetingId}/qa": lambda api, ids: api.get(
        f"/report/meetings/{_u(ids.past()['uuid'])}/qa"
    ),
    "GET /report/webinars/{webinarId}": lambda api, ids: api.get(
        f"/report/webinars/{_u(ids.past_webinar['uuid'])}"
    ),
    "GET /report/webinars/{webinarId}/participants": lambda api, ids: api.get(
        f"/report/webinars/{_u(ids.past_webinar['uuid'])}/participants"
    ),
    "GET /report/webinars/{webinarId}/polls": lambda api, ids: api.get(
        f"/report/webinars/{_u(ids.past_webinar['uuid'])}/polls"
    ),
    "GET /report/webinars/{webinarId}/qa": lambda api, ids: api.get(
        f"/report/webinars/{_u(ids.past_webinar['uuid'])}/qa"
    ),
    "GET /users": lambda api, ids: api.get("/users", params={"status": "active"}),
    "POST /users": lambda api, ids: api.post(
        "/users", json={"action": "custCreate", "user_info": {"email": "conform@example.com", "type": 1}}
    ),
    "GET /users/{userId}": lambda api, ids: api.get("/users/me"),
    "PATCH /users/{userId}": lambda api, ids: api.patch(
        f"/users/{ids.other['id']}", json={"job_title": "Tester"}
    ),
    "DELETE /users/{userId}": lambda api, ids: api.delete(f"/users/{_new_user(api, 'bye@example.com')}"),
    "GET /accounts/{accountId}/settings": lambda api, ids: api.get("/accounts/me/settings"),
    "GET /chat/users/{userId}/channels": lambda api, ids: api.get("/chat/users/me/channels"),
    "GET /chat/users/{userId}/messages": lambda api, ids: api.get(
        "/chat/users/me/messages", params={"to_channel": ids.channel, "date": str(utc_today())}
    ),
    "POST /chat/users/{userId}/messages": lambda api, ids: api.post(
        "/chat/users/me/messages", json={"message": "Hello", "to_channel": ids.channel}
    ),
    "GET /phone/call_history": lambda api, ids: api.get("/phone/call_history", params=_days()),
    "GET /phone/users/{userId}/call_history": lambda api, ids: api.get(
        f"/phone/users/{ids.owner['id']}/call_history", params=_days()
    ),
    "GET /phone/numbers": lambda api, ids: api.get("/phone/numbers", params={"type": "assigned"}),
    "GET /phone/recordings": lambda api, ids: api.get("/phone/recordings", params=_days()),
    "GET /phone/users/{userId}/recordings": lambda api, ids: api.get(
        f"/phone/users/{ids.owner['id']}/recordings", params=_days()
    ),
    "GET /phone/call_logs/{id}/recordings": lambda api, ids: api.get(
        f"/phone/call_logs/{ids.zoom.state.phone_recordings[0]['call_log_id']}/recordings"
    ),
    "DELETE /phone/recordings/{recordingId}": lambda api, ids: api.delete(
        f"/phone/recordings/{ids.zoom.state.phone_recordings[-1]['id']}"
    ),
    "GET /phone/voice_mails": lambda api, ids: api.get("/phone/voice_mails", params=_days()),
}


# Routes the provider never calls but other Zoom clients do: checked against their reference too.
EMULATOR_ONLY_CASES: dict[str, Case] = {
    "GET /report/users": lambda api, ids: api.get("/report/users", params={"type": "active", **_days(20)}),
    "GET /phone/call_logs": lambda api, ids: api.get("/phone/call_logs", params=_days()),
    "GET /phone/users/{userId}/call_logs": lambda api, ids: api.get(
        f"/phone/users/{ids.owner['id']}/call_logs", params=_days()
    ),
}


def _delete_one_file(api: Api, ids: Ids) -> requests.Response:
    past = ids.past()
    file_id = next(f["id"] for f in past["_recording"]["_files"] if "id" in f)
    return api.delete(f"/meetings/{_u(past['uuid'])}/recordings/{file_id}")


@pytest.fixture(scope="module")
def conformance() -> Iterator[tuple[Api, Ids]]:
    with ZoomEmulator(seed=11, users=3, recording_size=64 * 1024) as zoom:
        api = Api(zoom, fetch_token(zoom))
        yield api, Ids(zoom)
        api.session.close()


def reply_problems(key: str, schema: dict[str, Any] | None, reply: requests.Response) -> list[str]:
    """How a reply departs from a response type (empty: it conforms, or differs as real replies do)."""
    if not 200 <= reply.status_code < 300:
        return [f"status {reply.status_code}: {reply.text[:200]}"]
    if reply.status_code == 204 or not reply.content:
        return (
            [] if reply.status_code == 204 and not reply.content else ["a 2xx reply without 204 has no body"]
        )
    problems = facts.check_value(schema, reply.json(), "")
    return [
        str(p) for p in problems if not _allowed(p, reply.json()) and not real_replies.allowed(key, p.field)
    ]


def _allowed(problem: facts.Problem, body: Any) -> bool:
    for (parent, name), value in _PROSE_OVER_ENUM.items():
        if (
            f"{parent}[" in problem.field
            and problem.field.endswith(f"].{name}")
            and repr(value) in problem.message
        ):
            return True
    return False


def emulator_routes() -> list[tuple[str, str]]:
    """(method, path) of every ``/v2`` route the emulator serves."""
    from airflow_provider_zoom.testing.emulator.config import EmulatorConfig
    from airflow_provider_zoom.testing.emulator.state import EmulatorState

    app = create_app(EmulatorState(EmulatorConfig(users=1, meetings_per_user=0))).app
    return [
        (method, route.path[3:])
        for route in app.routes
        if getattr(route, "path", "").startswith("/v2/") or getattr(route, "path", "") == "/v2"
        for method in sorted(getattr(route, "methods", ()) or ())
    ]


def test_every_described_route_has_a_case() -> None:
    keys = set()
    for method, path in emulator_routes():
        found = facts.match(method, path.replace("{", "x").replace("}", ""))
        if found is not None:
            keys.add(found[0].key)
    assert keys <= set(CASES), f"emulator routes without a conformance case: {sorted(keys - set(CASES))}"
    assert set(facts.endpoints()) <= set(CASES), sorted(set(facts.endpoints()) - set(CASES))


@pytest.mark.parametrize("key", sorted(CASES))
def test_reply_conforms_to_zoom_reference(key: str, conformance: tuple[Api, Ids]) -> None:
    api, ids = conformance
    endpoint = facts.endpoints()[key]
    reply = CASES[key](api, ids)
    method, _, _ = key.partition(" ")
    assert reply.request.method == method
    found = facts.match(method, reply.request.path_url.split("?")[0][3:])
    assert found is not None and found[0].key == key, reply.request.path_url
    if not endpoint.described:
        assert 200 <= reply.status_code < 300, reply.text
        pytest.skip(f"{key} is in neither of Zoom's references: no response type to check against")
    assert reply_problems(key, reply_schema(endpoint), reply) == []


@pytest.mark.parametrize("key", sorted(EMULATOR_ONLY_CASES))
def test_reply_of_a_route_other_clients_call_conforms(key: str, conformance: tuple[Api, Ids]) -> None:
    api, ids = conformance
    schema = emulator_only_reply(key)
    assert schema is not None, f"{key}: no reply schema distilled"
    assert reply_problems(key, schema, EMULATOR_ONLY_CASES[key](api, ids)) == []
