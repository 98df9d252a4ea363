"""Pagination (page_size cap, next_page_token expiry, page_number), date ranges and UUID encoding."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from airflow_provider_zoom.testing import ZoomEmulator
from airflow_provider_zoom.testing.emulator.factories import build_meeting
from airflow_provider_zoom.testing.emulator.seed import SLASH_UUIDS

from .conftest import Api, double_encode

pytestmark = pytest.mark.clock


def _walk(api: Api, path: str, items_key: str, **params: object) -> list[dict]:
    items, token = [], ""
    while True:
        reply = api.get(path, params={**params, "next_page_token": token} if token else params)
        assert reply.status_code == 200, reply.text
        body = reply.json()
        items.extend(body[items_key])
        token = body["next_page_token"]
        if not token:
            return items


def test_page_size_is_capped_at_300(api: Api) -> None:
    body = api.get("/users", params={"page_size": 1000}).json()
    assert body["page_size"] == 300
    assert body["next_page_token"] == ""
    default = api.get("/users").json()
    assert default["page_size"] == 30


def test_next_page_token_walks_every_item_once(zoom: ZoomEmulator, api: Api) -> None:
    meeting_id = _registration_meeting(zoom)
    for index in range(7):
        reply = api.post(
            f"/meetings/{meeting_id}/registrants",
            json={"email": f"walk{index}@example.net", "first_name": "W"},
        )
        assert reply.status_code == 201
    first = api.get(f"/meetings/{meeting_id}/registrants", params={"page_size": 3}).json()
    assert len(first["registrants"]) == 3
    assert first["next_page_token"]
    everything = _walk(api, f"/meetings/{meeting_id}/registrants", "registrants", page_size=3)
    assert len(everything) == first["total_records"]
    assert len({r["id"] for r in everything}) == len(everything)


def test_enumeration_is_stable_when_items_are_deleted(zoom: ZoomEmulator, api: Api) -> None:
    meeting_id = _registration_meeting(zoom)
    for index in range(6):
        api.post(
            f"/meetings/{meeting_id}/registrants",
            json={"email": f"stable{index}@example.net", "first_name": "S"},
        )
    expected = [
        r["id"] for r in _walk(api, f"/meetings/{meeting_id}/registrants", "registrants", page_size=300)
    ]
    page = api.get(f"/meetings/{meeting_id}/registrants", params={"page_size": 4}).json()
    deleted = page["registrants"][0]["id"]
    assert api.delete(f"/meetings/{meeting_id}/registrants/{deleted}").status_code == 204
    rest = api.get(
        f"/meetings/{meeting_id}/registrants",
        params={"page_size": 300, "next_page_token": page["next_page_token"]},
    ).json()
    seen = [r["id"] for r in page["registrants"]] + [r["id"] for r in rest["registrants"]]
    assert seen == expected


def test_expired_page_token_is_refused(zoom: ZoomEmulator, api: Api) -> None:
    token = api.get("/users", params={"page_size": 1}).json()["next_page_token"]
    assert token
    zoom.state.expire_page_tokens()
    reply = api.get("/users", params={"page_size": 1, "next_page_token": token})
    assert reply.status_code == 400
    assert reply.json() == {"code": 300, "message": "The next page token is invalid or expired."}
    garbage = api.get("/users", params={"next_page_token": "not-a-token"})
    assert garbage.json()["code"] == 300


def test_page_token_ttl_option(zoom: ZoomEmulator, api: Api) -> None:
    zoom.state.set_options(page_token_ttl=60)
    token = api.get("/users", params={"page_size": 1}).json()["next_page_token"]
    zoom.advance_clock(61)
    assert api.get("/users", params={"page_size": 1, "next_page_token": token}).status_code == 400


def test_page_number_lists(api: Api) -> None:
    first = api.get("/users", params={"page_size": 2, "page_number": 1}).json()
    assert first["page_number"] == 1
    assert first["page_count"] == -(-first["total_records"] // 2)
    second = api.get("/users", params={"page_size": 2, "page_number": 2}).json()
    assert second["page_number"] == 2
    assert {u["id"] for u in first["users"]}.isdisjoint({u["id"] for u in second["users"]})
    meetings = api.get("/users/me/meetings", params={"page_size": 1, "page_number": 2}).json()
    assert meetings["page_number"] == 2 and len(meetings["meetings"]) == 1


def test_recordings_default_to_today(api: Api) -> None:
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    body = api.get("/users/me/recordings").json()
    assert body["from"] == today and body["to"] == today
    assert body["meetings"], "the owner has a recording from today"
    assert all(m["start_time"].startswith(today) for m in body["meetings"])


def test_range_over_one_month_is_refused(api: Api) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()
    ok = api.get("/users/me/recordings", params={"from": (today - dt.timedelta(days=30)).isoformat()})
    assert ok.status_code == 200
    too_long = api.get("/users/me/recordings", params={"from": (today - dt.timedelta(days=31)).isoformat()})
    assert too_long.status_code == 400
    assert too_long.json()["code"] == 300
    reversed_range = api.get(
        "/accounts/me/recordings", params={"from": today.isoformat(), "to": "2000-01-01"}
    )
    assert reversed_range.json()["errors"][0]["field"] == "to"
    bad_format = api.get("/users/me/recordings", params={"from": "01/02/2024"})
    assert bad_format.json()["errors"][0]["field"] == "from"
    report = api.get(
        "/report/users/me/meetings",
        params={"from": (today - dt.timedelta(days=40)).isoformat(), "to": today.isoformat()},
    )
    assert report.status_code == 400 and report.json()["code"] == 300
    old_report = api.get("/report/users/me/meetings", params={"from": "2001-01-01", "to": "2001-01-20"})
    assert old_report.status_code == 400
    assert old_report.json()["errors"][0]["field"] == "from"


def test_double_encoded_uuids_resolve_and_single_encoded_do_not(api: Api) -> None:
    for uuid in SLASH_UUIDS:
        good = api.get(f"/past_meetings/{double_encode(uuid)}")
        assert good.status_code == 200, good.text
        assert good.json()["uuid"] == uuid
        recordings = api.get(f"/meetings/{double_encode(uuid)}/recordings")
        assert recordings.status_code == 200
        assert recordings.json()["uuid"] == uuid
        participants = api.get(f"/past_meetings/{double_encode(uuid)}/participants")
        assert participants.status_code == 200 and participants.json()["participants"]
        for path in (
            f"/past_meetings/{quote(uuid, safe='')}",
            f"/meetings/{quote(uuid, safe='')}/recordings",
        ):
            single = api.get(path)
            assert single.status_code == 404
            assert single.json()["code"] == 3001


def test_numeric_id_resolves_to_latest_instance(api: Api) -> None:
    first = api.get(f"/past_meetings/{double_encode(SLASH_UUIDS[0])}").json()
    instances = api.get(f"/past_meetings/{first['id']}/instances").json()["meetings"]
    assert {i["uuid"] for i in instances} == set(SLASH_UUIDS)
    latest = max(instances, key=lambda i: i["start_time"])
    assert api.get(f"/past_meetings/{first['id']}").json()["uuid"] == latest["uuid"]


def _registration_meeting(zoom: ZoomEmulator) -> int:
    owner = zoom.state.get_user("me")
    with zoom.state.lock:
        meeting = build_meeting(
            zoom.state, owner, {"topic": "Registration", "settings": {"approval_type": 0}}
        )
    return meeting["id"]
