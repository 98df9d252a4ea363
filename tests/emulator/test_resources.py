"""Create -> read -> update -> delete consistency across users, meetings, registrants, webinars, chat..."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

from airflow_provider_zoom.testing import ZoomEmulator

from .conftest import Api, double_encode

pytestmark = pytest.mark.clock


@pytest.mark.unknown_names_allowed
def test_user_lifecycle(api: Api) -> None:
    created = api.post(
        "/users",
        json={
            "action": "custCreate",
            "user_info": {
                "email": "new.user@example.com",
                "type": 1,
                "first_name": "New",
                "last_name": "User",
            },
        },
    )
    assert created.status_code == 201
    user_id = created.json()["id"]
    assert created.json()["email"] == "new.user@example.com"
    by_email = api.get("/users/new.user@example.com").json()
    assert by_email["id"] == user_id and by_email["account_id"] == api.zoom.account_id
    assert (
        api.post(
            "/users", json={"action": "create", "user_info": {"email": "new.user@example.com", "type": 1}}
        ).json()["code"]
        == 1005
    )
    assert api.patch(f"/users/{user_id}", json={"first_name": "Renamed"}).status_code == 204
    assert api.get(f"/users/{user_id}").json()["display_name"] == "Renamed User"
    # Zoom ignores a field its update body lacks: the id stays.
    assert api.patch(f"/users/{user_id}", json={"id": "x"}).status_code == 204
    assert api.get(f"/users/{user_id}").json()["id"] == user_id
    assert user_id in {u["id"] for u in api.get("/users", params={"page_size": 300}).json()["users"]}
    assert api.delete(f"/users/{user_id}", params={"action": "delete"}).status_code == 204
    assert api.get(f"/users/{user_id}").json()["code"] == 1001
    assert api.delete("/users/me").status_code == 400
    assert (
        api.post("/users", json={"action": "create", "user_info": {"email": "bad", "type": 1}}).json()[
            "errors"
        ][0]["field"]
        == "user_info.email"
    )


def test_meeting_lifecycle(api: Api) -> None:
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")
    created = api.post(
        "/users/me/meetings",
        json={
            "topic": "Lifecycle",
            "type": 2,
            "start_time": start,
            "duration": 45,
            "settings": {"approval_type": 0},
        },
    )
    assert created.status_code == 201
    meeting = created.json()
    assert (
        meeting["topic"] == "Lifecycle"
        and meeting["duration"] == 45
        and meeting["settings"]["approval_type"] == 0
    )
    meeting_id = meeting["id"]
    assert isinstance(meeting_id, int) and meeting["join_url"]
    assert api.get(f"/meetings/{meeting_id}").json()["start_time"] == start
    assert (
        api.patch(
            f"/meetings/{meeting_id}", json={"topic": "Renamed", "settings": {"waiting_room": False}}
        ).status_code
        == 204
    )
    fetched = api.get(f"/meetings/{meeting_id}").json()
    assert fetched["topic"] == "Renamed" and fetched["settings"]["waiting_room"] is False
    upcoming = api.get("/users/me/meetings", params={"type": "upcoming", "page_size": 300}).json()["meetings"]
    assert meeting_id in {m["id"] for m in upcoming}
    invitation = api.get(f"/meetings/{meeting_id}/invitation").json()
    assert str(meeting_id) in invitation["invitation"]
    assert api.delete(f"/meetings/{meeting_id}").status_code == 204
    assert api.get(f"/meetings/{meeting_id}").json()["code"] == 3001
    assert api.put(f"/meetings/{meeting_id}/status", json={"action": "recover"}).status_code == 204
    assert api.get(f"/meetings/{meeting_id}").json()["topic"] == "Renamed"
    assert (
        api.put(f"/meetings/{meeting_id}/status", json={"action": "stop"}).json()["errors"][0]["field"]
        == "action"
    )


def test_recurring_meeting_occurrences(api: Api) -> None:
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    meeting = api.post(
        "/users/me/meetings",
        json={
            "topic": "Weekly",
            "type": 8,
            "start_time": start,
            "recurrence": {"type": 2, "repeat_interval": 1, "end_times": 4},
        },
    ).json()
    assert len(meeting["occurrences"]) == 4
    occurrence = meeting["occurrences"][1]["occurrence_id"]
    assert (
        api.get(f"/meetings/{meeting['id']}", params={"occurrence_id": occurrence}).json()["start_time"]
        == meeting["occurrences"][1]["start_time"]
    )
    assert api.delete(f"/meetings/{meeting['id']}", params={"occurrence_id": occurrence}).status_code == 204
    remaining = api.get(f"/meetings/{meeting['id']}").json()["occurrences"]
    assert occurrence not in {o["occurrence_id"] for o in remaining}


def test_registrants(api: Api) -> None:
    closed = api.post("/users/me/meetings", json={"topic": "No registration", "type": 2}).json()
    refused = api.post(
        f"/meetings/{closed['id']}/registrants", json={"email": "a@example.org", "first_name": "A"}
    )
    assert refused.status_code == 404
    assert refused.json()["message"] == f"Registration has not been enabled for this meeting: {closed['id']}."
    manual = api.post(
        "/users/me/meetings", json={"topic": "Manual approval", "type": 2, "settings": {"approval_type": 1}}
    ).json()
    added = api.post(
        f"/meetings/{manual['id']}/registrants", json={"email": "b@example.org", "first_name": "B"}
    )
    assert added.status_code == 201
    registrant_id = added.json()["registrant_id"]
    assert added.json()["id"] == manual["id"] and added.json()["join_url"]
    pending = api.get(f"/meetings/{manual['id']}/registrants", params={"status": "pending"}).json()
    assert [r["id"] for r in pending["registrants"]] == [registrant_id]
    assert pending["page_number"] == 1 and pending["page_count"] == 1
    approve = {"action": "approve", "registrants": [{"id": registrant_id}]}
    assert api.put(f"/meetings/{manual['id']}/registrants/status", json=approve).status_code == 204
    approved = api.get(f"/meetings/{manual['id']}/registrants").json()["registrants"]
    assert [r["status"] for r in approved] == ["approved"]
    deny = {"action": "deny", "registrants": [{"email": "b@example.org"}]}
    assert api.put(f"/meetings/{manual['id']}/registrants/status", json=deny).status_code == 204
    assert (
        api.get(f"/meetings/{manual['id']}/registrants", params={"status": "denied"}).json()["total_records"]
        == 1
    )
    missing = api.post(f"/meetings/{manual['id']}/registrants", json={"first_name": "No email"})
    assert missing.json()["errors"][0]["field"] == "email"


def test_batch_registrants(api: Api) -> None:
    meeting = api.post(
        "/users/me/meetings", json={"topic": "Batch", "type": 2, "settings": {"approval_type": 1}}
    ).json()
    people = [{"email": f"batch{i}@example.org", "first_name": f"B{i}"} for i in range(31)]
    too_many = api.post(f"/meetings/{meeting['id']}/batch_registrants", json={"registrants": people})
    assert too_many.status_code == 400 and too_many.json()["errors"][0]["field"] == "registrants"
    reply = api.post(
        f"/meetings/{meeting['id']}/batch_registrants", json={"auto_approve": True, "registrants": people[:3]}
    )
    assert reply.status_code == 201
    rows = reply.json()["registrants"]
    assert [r["email"] for r in rows] == [p["email"] for p in people[:3]]
    assert all(set(r) == {"registrant_id", "email", "join_url"} for r in rows)
    assert api.get(f"/meetings/{meeting['id']}/registrants").json()["total_records"] == 3


def test_webinars_panelists_and_past_webinars(zoom: ZoomEmulator, api: Api) -> None:
    created = api.post(
        "/users/me/webinars", json={"topic": "Launch", "type": 5, "settings": {"approval_type": 0}}
    )
    assert created.status_code == 201
    webinar_id = created.json()["id"]
    assert api.patch(f"/webinars/{webinar_id}", json={"agenda": "New agenda"}).status_code == 204
    assert api.get(f"/webinars/{webinar_id}").json()["agenda"] == "New agenda"
    reg = api.post(f"/webinars/{webinar_id}/registrants", json={"email": "w@example.org", "first_name": "W"})
    assert reg.status_code == 201
    batch = api.post(
        f"/webinars/{webinar_id}/batch_registrants",
        json={"registrants": [{"email": "w2@example.org", "first_name": "W2"}]},
    )
    assert batch.status_code == 201
    assert api.get(f"/webinars/{webinar_id}/registrants").json()["total_records"] == 2
    assert (
        api.post(
            f"/webinars/{webinar_id}/panelists", json={"panelists": [{"name": "P", "email": "p@example.org"}]}
        ).status_code
        == 201
    )
    panelists = api.get(f"/webinars/{webinar_id}/panelists").json()
    assert panelists["total_records"] == 1
    assert (
        api.delete(f"/webinars/{webinar_id}/panelists/{panelists['panelists'][0]['id']}").status_code == 204
    )
    assert api.get(f"/webinars/{webinar_id}/panelists").json()["total_records"] == 0
    assert api.delete(f"/webinars/{webinar_id}").status_code == 204
    assert api.get(f"/webinars/{webinar_id}").json() == {
        "code": 3001,
        "message": f"Webinar does not exist: {webinar_id}.",
    }

    past = next(iter(zoom.state.past_webinars.values()))
    participants = api.get(f"/past_webinars/{past['id']}/participants").json()
    absentees = api.get(f"/past_webinars/{past['id']}/absentees").json()
    attended = {p["registrant_id"] for p in participants["participants"]}
    assert participants["total_records"] == 2 and absentees["total_records"] == 2
    assert attended.isdisjoint({r["id"] for r in absentees["registrants"]})
    assert api.get(f"/past_webinars/{past['id']}/polls").json()["questions"]
    assert api.get(f"/past_webinars/{double_encode(past['uuid'])}/qa").json()["uuid"] == past["uuid"]
    assert api.get(f"/report/webinars/{past['id']}/participants").json()["total_records"] == 2


def test_recordings_deletion(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me", topic="To delete")
    path = f"/meetings/{double_encode(past['uuid'])}/recordings"
    files = api.get(path).json()["recording_files"]
    mp4 = next(f for f in files if f["file_type"] == "MP4")
    assert api.delete(f"{path}/{mp4['id']}", params={"action": "trash"}).status_code == 204
    after = api.get(path).json()
    assert mp4["id"] not in {f.get("id") for f in after["recording_files"]}
    assert after["recording_count"] == len(files) - 1
    assert api.session.get(mp4["download_url"], allow_redirects=False).status_code == 404
    assert api.delete(path, params={"action": "shred"}).json()["errors"][0]["field"] == "action"
    assert api.delete(path, params={"action": "delete"}).status_code == 204
    gone = api.get(path)
    assert gone.status_code == 404
    assert gone.json() == {"code": 3301, "message": "There is no recording for this meeting."}
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    listed = api.get("/users/me/recordings", params={"from": today, "to": today, "page_size": 300}).json()[
        "meetings"
    ]
    assert past["uuid"] not in {m["uuid"] for m in listed}


def test_account_recordings(api: Api, zoom: ZoomEmulator) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    params = {"from": (today - dt.timedelta(days=30)).isoformat(), "to": today.isoformat(), "page_size": 300}
    account = api.get("/accounts/me/recordings", params=params).json()
    owner = api.get("/users/me/recordings", params=params).json()
    assert account["total_records"] > owner["total_records"] > 0
    assert api.get(f"/accounts/{zoom.account_id}/recordings").status_code == 200
    assert api.get("/accounts/other/recordings").status_code == 404


def test_past_meeting_details(api: Api) -> None:
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    meeting = api.get("/users/me/recordings", params={"from": today}).json()["meetings"][0]
    path = double_encode(meeting["uuid"])
    past = api.get(f"/past_meetings/{path}").json()
    assert past["participants_count"] == len(
        api.get(f"/past_meetings/{path}/participants").json()["participants"]
    )
    assert api.get(f"/past_meetings/{path}/polls").json()["questions"][0]["question_details"]
    assert api.get(f"/past_meetings/{path}/qa").json()["questions"][0]["question_details"][0]["answer"]


def test_reports(api: Api) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    daily = api.get("/report/daily", params={"year": today.year, "month": today.month}).json()
    assert daily["dates"][today.day - 1]["date"] == today.isoformat()
    assert daily["dates"][today.day - 1]["meetings"] >= 1
    assert api.get("/report/daily", params={"month": 13}).json()["errors"][0]["field"] == "month"
    meetings = api.get(
        "/report/users/me/meetings",
        params={"from": (today - dt.timedelta(days=29)).isoformat(), "to": today.isoformat()},
    ).json()
    assert meetings["total_records"] >= 1
    uuid = meetings["meetings"][0]["uuid"]
    report = api.get(f"/report/meetings/{double_encode(uuid)}").json()
    assert report["uuid"] == uuid and "tracking_fields" in report
    participants = api.get(
        f"/report/meetings/{double_encode(uuid)}/participants", params={"page_size": 2}
    ).json()
    assert len(participants["participants"]) == 2 and participants["next_page_token"]
    assert api.get(f"/report/meetings/{double_encode(uuid)}/polls").json()["questions"]
    assert api.get(f"/report/meetings/{double_encode(uuid)}/qa").json()["questions"]


def test_chat(api: Api, zoom: ZoomEmulator) -> None:
    channels = api.get("/chat/users/me/channels").json()["channels"]
    assert {c["name"] for c in channels} == {"general", "engineering"}
    channel = channels[0]["id"]
    sent = api.post("/chat/users/me/messages", json={"message": "Hello from a test", "to_channel": channel})
    assert sent.status_code == 201
    listed = api.get("/chat/users/me/messages", params={"to_channel": channel}).json()["messages"]
    assert listed[0]["id"] == sent.json()["id"] and listed[0]["message"] == "Hello from a test"
    contact = list(zoom.state.users.values())[1]["email"]
    direct = api.post("/chat/users/me/messages", json={"message": "Hi", "to_contact": contact}).json()
    from_contact_side = api.get(
        f"/chat/users/{contact}/messages", params={"to_contact": zoom.state.get_user("me")["email"]}
    ).json()
    assert direct["id"] in {m["id"] for m in from_contact_side["messages"]}
    both = api.post(
        "/chat/users/me/messages", json={"message": "x", "to_channel": channel, "to_contact": contact}
    )
    assert both.status_code == 400 and both.json()["code"] == 300
    assert api.get("/chat/users/me/messages", params={"to_channel": "nope"}).status_code == 404


def test_phone(zoom: ZoomEmulator, api: Api) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    params = {"from": (today - dt.timedelta(days=7)).isoformat(), "to": today.isoformat()}
    recordings = api.get("/phone/recordings", params=params).json()["recordings"]
    assert recordings
    mine = api.get("/phone/users/me/recordings", params=params).json()["recordings"]
    assert {r["id"] for r in mine} <= {r["id"] for r in recordings}
    download = api.session.get(recordings[0]["download_url"])
    # Zoom's phone recording items carry no file_size: the emulator's own record gives the size.
    size = zoom.state.download_file(recordings[0]["download_url"])["size"]
    assert download.status_code == 200 and len(download.content) == size
    assert api.get("/phone/call_history", params=params).json()["call_logs"]
    assert api.get("/phone/users/me/call_logs", params=params).json()["total_records"] == 2
    numbers = api.get("/phone/numbers").json()
    assert numbers["total_records"] == len(numbers["phone_numbers"]) > 0


def test_ai_companion(api: Api, zoom: ZoomEmulator) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    summaries = api.get(
        "/meetings/meeting_summaries", params={"from": (today - dt.timedelta(days=20)).isoformat()}
    ).json()
    assert summaries["summaries"]
    first = summaries["summaries"][0]
    summary = api.get(f"/meetings/{double_encode(first['meeting_uuid'])}/meeting_summary").json()
    assert summary["meeting_uuid"] == first["meeting_uuid"] and summary["summary_overview"]
    transcript = api.get(f"/meetings/{double_encode(first['meeting_uuid'])}/transcript").json()
    assert transcript["can_download"] is True
    vtt = api.session.get(transcript["download_url"])
    assert vtt.status_code == 200 and vtt.headers["Content-Type"].startswith("text/vtt")


def test_reset_over_control_api(zoom: ZoomEmulator, api: Api) -> None:
    api.post("/users/me/meetings", json={"topic": "Before reset", "type": 2})
    before = requests.get(f"{zoom.base_url}/_emulator/state").json()
    assert requests.post(f"{zoom.base_url}/_emulator/reset").status_code == 204
    after = requests.get(f"{zoom.base_url}/_emulator/state").json()
    assert after["meetings"] < before["meetings"]
    assert after["tokens_issued"] == 0
    assert api.get("/users/me").status_code == 401  # tokens are forgotten too
