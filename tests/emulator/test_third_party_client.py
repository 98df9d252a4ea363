"""The emulator driven by a Zoom client nobody here wrote: ``zoomus``, a popular Python client on PyPI.

It calls the API its own way: it repeats path ids as query parameters and body fields
(``GET /meetings/{id}?id=...``, ``user_id`` in a create body), as many clients do. Zoom ignores such
names, and so does the emulator by default; each call here must be answered as a Zoom account would
answer it, and the names the client repeated are recorded (nothing else is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from zoomus import ZoomClient

from airflow_provider_zoom.testing import ZoomEmulator

from .conftest import double_encode

# zoomus repeats path ids as query or body fields: Zoom ignores them, this suite checks that.
pytestmark = pytest.mark.unknown_names_allowed


class Calls:
    """Every call made through the client, and whether its answer was what Zoom would send."""

    def __init__(self) -> None:
        self.tried: list[str] = []

    def expect(self, what: str, reply: requests.Response, status: int) -> Any:
        self.tried.append(what)
        assert reply.status_code == status, f"{what}: {reply.status_code} {reply.text[:300]}"
        return reply.json() if reply.content else None


@pytest.fixture(scope="module")
def zoom() -> Iterator[ZoomEmulator]:
    with ZoomEmulator(seed=5, users=3, meetings_per_user=2, recording_size=32 * 1024) as emulator:
        yield emulator


@pytest.fixture
def client(zoom: ZoomEmulator) -> Iterator[ZoomClient]:
    with ZoomClient(
        zoom.client_id,
        zoom.client_secret,
        zoom.account_id,
        base_uri=zoom.api_base_url,
        oauth_uri=f"{zoom.oauth_base_url}/oauth/token",
    ) as zoomus:
        assert zoomus.config["token"], "zoomus fetched no token from the emulator"
        yield zoomus


@pytest.fixture
def calls(zoom: ZoomEmulator) -> Iterator[Calls]:
    zoom.clear_unknown_names()
    yield Calls()
    zoom.clear_unknown_names()


def _names(zoom: ZoomEmulator) -> set[str]:
    return {name for seen in zoom.unknown_names() for name in seen["names"]}


def test_meetings(zoom: ZoomEmulator, client: ZoomClient, calls: Calls) -> None:
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None) + dt.timedelta(days=2)
    created = calls.expect(
        "meeting.create",
        client.meeting.create(user_id="me", topic="Via zoomus", type=2, start_time=start, duration=45),
        201,
    )
    meeting_id = created["id"]
    assert isinstance(meeting_id, int) and created["topic"] == "Via zoomus" and created["duration"] == 45
    assert created["start_time"] == start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert created["host_id"] == zoom.state.get_user("me")["id"] and created["join_url"]
    got = calls.expect("meeting.get", client.meeting.get(id=meeting_id), 200)
    assert got["id"] == meeting_id and got["uuid"] == created["uuid"]
    listed = calls.expect("meeting.list", client.meeting.list(user_id="me", type="scheduled"), 200)
    assert meeting_id in {m["id"] for m in listed["meetings"]}
    calls.expect("meeting.update", client.meeting.update(id=meeting_id, topic="Renamed via zoomus"), 204)
    assert (
        calls.expect("meeting.get", client.meeting.get(id=meeting_id), 200)["topic"] == "Renamed via zoomus"
    )
    calls.expect("meeting.update_status", client.meeting.update_status(id=meeting_id, action="end"), 204)
    calls.expect("meeting.delete", client.meeting.delete(id=meeting_id), 204)
    gone = calls.expect("meeting.get", client.meeting.get(id=meeting_id), 404)
    assert gone["code"] == 3001
    # Zoom ignores what zoomus repeats: the create body's user_id, the id in query and body.
    assert _names(zoom) == {"body.user_id", "query.id", "body.id", "query.user_id"}
    assert len(calls.tried) == 8


def test_registrants(zoom: ZoomEmulator, client: ZoomClient, calls: Calls) -> None:
    created = calls.expect(
        "meeting.create",
        client.meeting.create(user_id="me", topic="Registration", type=2, settings={"approval_type": 1}),
        201,
    )
    meeting_id = created["id"]
    added = calls.expect(
        "meeting.add_registrant",
        client.meeting.add_registrant(
            id=meeting_id, email="ada@example.org", first_name="Ada", last_name="L"
        ),
        201,
    )
    assert added["id"] == meeting_id and added["registrant_id"] and added["join_url"]
    pending = calls.expect(
        "meeting.list_registrants", client.meeting.list_registrants(id=meeting_id, status="pending"), 200
    )
    assert [r["email"] for r in pending["registrants"]] == ["ada@example.org"]
    calls.expect(
        "meeting.update_registrant_status",
        client.meeting.update_registrant_status(
            id=meeting_id, action="approve", registrants=[{"id": added["registrant_id"]}]
        ),
        204,
    )
    approved = calls.expect("meeting.list_registrants", client.meeting.list_registrants(id=meeting_id), 200)
    assert [r["id"] for r in approved["registrants"]] == [added["registrant_id"]]
    assert approved["registrants"][0]["status"] == "approved"
    refused = calls.expect(
        "meeting.add_registrant",
        client.meeting.add_registrant(id=meeting_id, first_name="No email"),
        400,
    )
    assert refused["code"] == 300 and [e["field"] for e in refused["errors"]] == ["email"]
    assert _names(zoom) == {"body.user_id", "body.id", "query.id"}
    assert len(calls.tried) == 6


def test_users(zoom: ZoomEmulator, client: ZoomClient, calls: Calls) -> None:
    me = calls.expect("user.me", client.user.me(), 200)
    assert me["id"] == zoom.state.get_user("me")["id"] and me["account_id"] == zoom.account_id
    listed = calls.expect("user.list", client.user.list(status="active", page_size=300), 200)
    assert listed["total_records"] == sum(u["status"] == "active" for u in zoom.state.users.values())
    created = calls.expect(
        "user.create",
        client.user.create(action="custCreate", user_info={"email": "zoomus@example.org", "type": 1}),
        201,
    )
    assert created["email"] == "zoomus@example.org" and created["type"] == 1
    got = calls.expect("user.get", client.user.get(id=created["id"]), 200)
    assert got["email"] == "zoomus@example.org"
    calls.expect("user.update", client.user.update(id=created["id"], first_name="Zoo", last_name="Mus"), 204)
    assert calls.expect("user.get", client.user.get(id=created["id"]), 200)["display_name"] == "Zoo Mus"
    calls.expect("user.delete", client.user.delete(id=created["id"], action="delete"), 204)
    missing = calls.expect("user.get", client.user.get(id=created["id"]), 404)
    assert missing["code"] == 1001
    assert _names(zoom) == {"query.id", "body.id"}
    assert len(calls.tried) == 8


def test_recordings(zoom: ZoomEmulator, client: ZoomClient, calls: Calls) -> None:
    today = dt.datetime.now(dt.timezone.utc).replace(hour=0, minute=0, second=1, microsecond=0)
    past = zoom.state.add_recorded_meeting("me", topic="Recorded via zoomus", start_time=today, duration=1)
    listed = calls.expect("recording.list", client.recording.list(user_id="me"), 200)
    item = next(m for m in listed["meetings"] if m["uuid"] == past["uuid"])
    # As real accounts answer: the meeting type a number, with share_url and timezone.
    assert item["type"] == 2 and item["share_url"] and item["timezone"] == "UTC"
    files = {f["file_type"] for f in item["recording_files"]}
    assert {"MP4", "M4A", "TIMELINE"} <= files
    got = calls.expect("recording.get", client.recording.get(meeting_id=double_encode(past["uuid"])), 200)
    assert got["uuid"] == past["uuid"] and got["recording_count"] == len(got["recording_files"])
    one = next(f for f in got["recording_files"] if f["file_type"] == "M4A")
    calls.expect(
        "recording.delete_single_recording",
        client.recording.delete_single_recording(
            meeting_id=double_encode(past["uuid"]), recording_id=one["id"], action="trash"
        ),
        204,
    )
    after = calls.expect("recording.get", client.recording.get(meeting_id=double_encode(past["uuid"])), 200)
    assert one["id"] not in {f.get("id") for f in after["recording_files"]}
    calls.expect(
        "recording.delete",
        client.recording.delete(meeting_id=double_encode(past["uuid"]), action="trash"),
        204,
    )
    trashed = calls.expect("recording.get", client.recording.get(meeting_id=double_encode(past["uuid"])), 404)
    assert trashed["code"] == 3301
    assert _names(zoom) == {"query.user_id", "query.meeting_id", "query.recording_id"}
    assert len(calls.tried) == 6


def test_past_meetings_and_reports(zoom: ZoomEmulator, client: ZoomClient, calls: Calls) -> None:
    # A UUID starting with "/": zoomus encodes it twice, as Zoom asks (it leaves other UUIDs as they are).
    past = zoom.state.add_recorded_meeting("me", topic="Reported via zoomus", uuid="/zoomusInstance+0001Q==")
    instances = calls.expect("past_meeting.list", client.past_meeting.list(meeting_id=str(past["id"])), 200)
    assert past["uuid"] in {m["uuid"] for m in instances["meetings"]}
    detail = calls.expect("past_meeting.get", client.past_meeting.get(meeting_id=past["uuid"]), 200)
    assert detail["uuid"] == past["uuid"] and detail["participants_count"] == past["participants_count"]
    participants = calls.expect(
        "past_meeting.get_participants", client.past_meeting.get_participants(meeting_id=past["uuid"]), 200
    )
    assert len(participants["participants"]) == participants["total_records"] > 0
    now = dt.datetime.now(dt.timezone.utc)
    daily = calls.expect(
        "report.get_daily_report", client.report.get_daily_report(month=now.month, year=now.year), 200
    )
    assert (daily["year"], daily["month"]) == (now.year, now.month)
    assert sum(day["meetings"] for day in daily["dates"]) >= 1
    report = calls.expect(
        "report.get_meeting_participants_report",
        client.report.get_meeting_participants_report(id=double_encode(past["uuid"])),
        200,
    )
    assert report["total_records"] == len(report["participants"]) > 0
    webinar = next(iter(zoom.state.past_webinars.values()))
    attendees = calls.expect(
        "report.get_webinar_participants_report",
        client.report.get_webinar_participants_report(id=double_encode(webinar["uuid"])),
        200,
    )
    assert attendees["total_records"] == len(attendees["participants"])
    assert _names(zoom) == {"query.meeting_id", "query.month", "query.year", "query.id"} - {
        "query.month",
        "query.year",
    }
    assert len(calls.tried) == 6
