"""Replies and accepted fields that follow Zoom's published API reference."""

from __future__ import annotations

import datetime as dt

import pytest

from airflow_provider_zoom._values.dates import utc_today
from airflow_provider_zoom.testing import ZoomEmulator

from .conftest import Api

# Expectations follow the same clock the emulator seeds from; rerun under pinned clocks.
pytestmark = pytest.mark.clock

_OLD_DAY = dt.datetime(2025, 3, 10, 23, 50, tzinfo=dt.timezone.utc)


@pytest.mark.unknown_names_allowed
def test_user_update_takes_the_fields_of_zoom_update_body(zoom: ZoomEmulator, api: Api) -> None:
    user = api.post(
        "/users",
        json={"action": "custCreate", "user_info": {"email": "upd@example.com", "type": 1}},
    ).json()
    body = {
        "pmi": 3456789012,
        "use_pmi": True,
        "vanity_name": "upd",
        "host_key": "123456",
        "custom_attributes": [{"key": "k1", "name": "Team", "value": "Data"}],
        "manager": "ada@example.com",
        "pronouns": "they",
        "pronouns_option": 1,
        "group_id": "g1",
        "zoom_one_type": 16,
        "plan_united_type": "1",
        "about_me": "hi",
        "linkedin_url": "https://www.linkedin.com/in/upd",
        "phone_numbers": [{"code": "+1", "country": "US", "label": "Mobile", "number": "6505550100"}],
        "feature": {"zoom_phone": True},
    }
    reply = api.patch(f"/users/{user['id']}", json=body)
    assert reply.status_code == 204, reply.text
    zoom.state.set_options(strict=True)  # role_id is not in the update body: Zoom ignores it
    refused = api.patch(f"/users/{user['id']}", json={"role_id": "2"})
    assert refused.status_code == 400
    assert refused.json()["code"] == 300 and refused.json()["errors"][0]["field"] == "role_id"


def test_recording_meetings_are_shaped_as_real_replies(zoom: ZoomEmulator, api: Api) -> None:
    """``type`` a number, ``share_url`` and ``timezone`` present, as real accounts answer."""
    past = zoom.state.add_recorded_meeting("me", topic="Shape")
    meeting = api.get(f"/meetings/{past['id']}/recordings").json()
    assert meeting["type"] == 2 and isinstance(meeting["type"], int)
    assert meeting["timezone"] == "UTC"
    assert meeting["share_url"].startswith(f"{zoom.base_url}/rec/share/")
    # The meeting's own day: the listing's default window is the emulator's today, which a meeting
    # started shortly before midnight is not in.
    day = past["start_time"][:10]
    listed = api.get("/users/me/recordings", params={"from": day, "to": day}).json()["meetings"]
    item = next(m for m in listed if m["uuid"] == past["uuid"])
    assert item["type"] == 2 and item["share_url"] == meeting["share_url"] and item["timezone"] == "UTC"


def test_cc_and_timeline_files_are_bare(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me", topic="Bare")
    meeting = api.get(f"/meetings/{past['id']}/recordings").json()
    by_type = {f["file_type"]: f for f in meeting["recording_files"]}
    for file_type in ("CC", "TIMELINE"):
        assert not {"id", "status", "file_size", "recording_type", "play_url"} & set(by_type[file_type])
    assert {"id", "status", "file_size", "recording_type", "play_url"} <= set(by_type["MP4"])


def test_trash_listing_ignores_the_date_range(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me", topic="Old trash", start_time=_OLD_DAY)
    assert api.delete(f"/meetings/{past['id']}/recordings").status_code == 204
    try:
        listed = api.get("/users/me/recordings", params={"trash": "true"}).json()
        assert past["uuid"] in {m["uuid"] for m in listed["meetings"]}
        assert "from" not in listed and "to" not in listed
        dated = api.get("/users/me/recordings", params={"from": "2025-03-10", "to": "2025-03-11"}).json()
        assert past["uuid"] not in {m["uuid"] for m in dated["meetings"]}
    finally:
        assert (
            api.put(f"/meetings/{past['id']}/recordings/status", json={"action": "recover"}).status_code
            == 204
        )


def test_account_call_history_lists_call_logs_only(zoom: ZoomEmulator, api: Api) -> None:
    today = utc_today()
    reply = api.get(
        "/phone/call_history", params={"from": str(today - dt.timedelta(days=7)), "to": str(today)}
    ).json()
    assert "call_history" not in reply
    assert reply["call_logs"] and all("call_result" in c for c in reply["call_logs"])


def test_meeting_summaries_are_selected_by_creation_time(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me", topic="Late", start_time=_OLD_DAY, duration=30)
    day_of_start = {"from": "2025-03-10T00:00:00Z", "to": "2025-03-10T23:59:59Z"}
    day_after = {"from": "2025-03-11T00:00:00Z", "to": "2025-03-11T23:59:59Z"}
    started = api.get("/meetings/meeting_summaries", params=day_of_start).json()
    created = api.get("/meetings/meeting_summaries", params=day_after).json()
    assert past["uuid"] not in {s["meeting_uuid"] for s in started["summaries"]}
    assert past["uuid"] in {s["meeting_uuid"] for s in created["summaries"]}
    assert "total_records" not in created


def test_report_participants_fields(zoom: ZoomEmulator, api: Api) -> None:
    past = zoom.state.add_recorded_meeting("me", topic="Report")
    reply = api.get(f"/report/meetings/{past['id']}/participants").json()
    assert reply["total_records"] == len(reply["participants"]) > 0
    for participant in reply["participants"]:
        assert "bo_mtg_id" in participant and "attentiveness_score" not in participant


def test_chat_search_key_spans_the_users_chats(zoom: ZoomEmulator, api: Api) -> None:
    owner = zoom.state.get_user("me")
    wanted = [
        m
        for m in zoom.state.chat_messages
        if m["message"].endswith(" 1")
        and (m["sender"] == owner["email"] or m["_to_contact"] == owner["email"] or m["_to_channel"])
    ]
    day = wanted[0]["date_time"][:10]
    reply = api.get(
        "/chat/users/me/messages",
        params={"date": day, "search_type": "message", "search_key": "message 1"},
    )
    assert reply.status_code == 200, reply.text
    texts = {m["message"] for m in reply.json()["messages"]}
    assert texts and all("message 1" in t.lower() for t in texts)
    assert "total_records" not in reply.json()
    # Zoom's reference makes search_type optional; a listing with neither contact, channel nor search
    # key still has nothing to list.
    alone = api.get("/chat/users/me/messages", params={"date": day, "search_key": "message 1"})
    assert {m["message"] for m in alone.json()["messages"]} == texts
    bare = api.get("/chat/users/me/messages", params={"date": day})
    assert bare.status_code == 400 and bare.json()["errors"][0]["field"] == "to_contact"


# The kinds of number a call-history item names, as Zoom's SDK types spelled them out before they were
# widened to text (docs/emulator.md); ``internal``/``external`` belong to the older call logs'
# ``*_number_source``.
_CALL_HISTORY_NUMBER_TYPES = {
    "zoom_pstn",
    "zoom_toll_free_number",
    "external_pstn",
    "external_contact",
    "byoc",
    "byop",
    "3rd_party_contact_center",
    "zoom_service_number",
    "external_service_number",
    "zoom_contact_center",
    "meeting_phone_number",
    "meeting_id",
    "anonymous_number",
    "zoom_revenue_accelerator",
}


@pytest.mark.parametrize("path", ["/phone/call_history", "/phone/users/me/call_history"])
def test_call_history_names_the_kind_of_number(zoom: ZoomEmulator, api: Api, path: str) -> None:
    items = api.get(
        path, params={"from": str(utc_today() - dt.timedelta(days=20)), "to": str(utc_today())}
    ).json()
    calls = items["call_logs"]
    assert calls
    kinds = {call[f"{side}_number_type"] for call in calls for side in ("caller", "callee")}
    assert kinds <= _CALL_HISTORY_NUMBER_TYPES, kinds
    assert {"zoom_pstn", "external_pstn"} <= kinds


def test_older_call_logs_keep_numbers_and_sources(zoom: ZoomEmulator, api: Api) -> None:
    window = {"from": str(utc_today() - dt.timedelta(days=20)), "to": str(utc_today())}
    account = api.get("/phone/call_logs", params=window)
    assert account.status_code == 200, account.text
    calls = account.json()["call_logs"]
    assert calls and {c["caller_number_type"] for c in calls} <= {1, 2}
    assert {c["caller_number_source"] for c in calls} <= {"internal", "external"}
    assert all(c["owner"]["type"] == "user" and c["user_id"] == c["owner"]["id"] for c in calls)
    mine = api.get("/phone/users/me/call_logs", params=window).json()["call_logs"]
    owner = zoom.state.get_user("me")["id"]
    assert {c["user_id"] for c in mine} == {owner}
    assert {c["id"] for c in mine} <= {c["id"] for c in calls}


# The data center regions an account can pick, and the days after which cloud recordings can be
# deleted automatically, as Zoom's SDK types spelled them out (docs/emulator.md).
_DATA_CENTER_REGIONS = {"AU", "LA", "CA", "CN", "DE", "HK", "IN", "IE", "TY", "MX", "NL", "SG", "US"}
_AUTO_DELETE_DAYS = {30, 60, 90, 120}


def test_account_settings_hold_values_zoom_allows(zoom: ZoomEmulator, api: Api) -> None:
    settings = api.get("/accounts/me/settings").json()
    regions = settings["in_meeting"]["data_center_regions"]
    assert regions and set(regions) <= _DATA_CENTER_REGIONS, regions
    assert settings["recording"]["auto_delete_cmr_days"] in _AUTO_DELETE_DAYS


def test_active_hosts_report(zoom: ZoomEmulator, api: Api) -> None:
    window = {"from": str(utc_today() - dt.timedelta(days=25)), "to": str(utc_today())}
    active = api.get("/report/users", params={"type": "active", **window})
    assert active.status_code == 200, active.text
    body = active.json()
    hosts = {
        p["host_id"] for p in zoom.state.past_meetings.values() if str(p["_start"].date()) >= window["from"]
    }
    assert {u["id"] for u in body["users"]} == hosts
    assert body["total_meetings"] == sum(u["meetings"] for u in body["users"]) > 0
    assert all(u["meetings"] > 0 and u["email"] for u in body["users"])
    inactive = api.get("/report/users", params={"type": "inactive", **window}).json()
    assert {u["id"] for u in inactive["users"]} == set(zoom.state.users) - hosts
    assert all(u["meetings"] == 0 for u in inactive["users"])


@pytest.mark.parametrize(
    ("event", "kind"),
    [
        ("recording.completed", int),
        ("recording.transcript_completed", int),
        ("meeting.started", str),
        ("meeting.ended", str),
        ("webinar.ended", str),
        ("meeting.participant_joined", str),
    ],
)
def test_event_object_id_has_the_type_zoom_sends(event: str, kind: type) -> None:
    """A number in recording events (Zoom's documented example, its SDK's event types); text in the others."""
    from airflow_provider_zoom.testing.emulator.events import default_payload

    object_id = default_payload(event)["object"]["id"]
    assert type(object_id) is kind and int(object_id) > 0


def test_extract_column_takes_both_forms_of_type() -> None:
    """The provider takes a recording meeting's ``type`` as real replies send it and as the spec types it."""
    from airflow_provider_zoom._storage.parquet import typed_value
    from airflow_provider_zoom.hooks._extract_columns import EXTRACT_COLUMNS

    kind = EXTRACT_COLUMNS["user_recordings"]["type"]
    assert typed_value(2, kind) == typed_value("2", kind) == "2"
