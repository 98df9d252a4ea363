"""The AI Companion, panelist, poll/Q&A, phone, account and download-link operators against the Zoom
emulator: each checks what came back and what really happened on the emulator's side."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
import requests

from airflow_provider_zoom.exceptions import ZoomConfigError, ZoomNotFoundError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.testing import expected_sha256

pytestmark = [pytest.mark.timeout(60), pytest.mark.clock]

CUE = re.compile(r"^(\d+)\n(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n[^:\n]+: [^\n]+$")


def api_requests(zoom, path: str, method: str = "GET") -> list[dict]:
    return [r for r in zoom.state.requests if r["path"] == f"/v2{path}" and r["method"] == method]


def recorded_meeting(zoom) -> dict:
    """A seeded past meeting with a recording whose UUID needs no special path encoding."""
    return next(p for p in zoom.state.past_meetings.values() if p.get("_recording") and "/" not in p["uuid"])


def stored_file(past: dict, file_type: str) -> dict:
    return next(f for f in past["_recording"]["_files"] if f["file_type"] == file_type)


def utc_today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


# ---------------------------------------------------------------------------- AI Companion
def test_transcript_is_webvtt_text_of_the_listed_size(emulator, tmp_path):
    from airflow_provider_zoom.operators.ai import ZoomGetMeetingTranscriptOperator

    zoom = emulator(users=2, recording_size=64 * 1024)
    past = recorded_meeting(zoom)
    stored = stored_file(past, "TRANSCRIPT")
    hook = ZoomHook()

    meta = hook.get_meeting_transcript(past["uuid"])
    assert meta["meeting_id"] == past["uuid"] and meta["can_download"] is True
    assert meta["download_url"] == zoom.state.download_url(stored["_token"])

    text = hook.download_meeting_transcript(past["uuid"])
    assert text.startswith("WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\n")
    assert len(text.encode()) == stored["file_size"] == stored["_size"]
    cues = text.split("\n\n")[1:]
    assert len(cues) == 40 and all(CUE.match(cue.strip("\n")) for cue in cues)
    starts = [CUE.match(cue.strip("\n")).group(2) for cue in cues]
    assert starts == sorted(starts)  # cues in time order
    assert zoom.state.cdn_requests[-1]["status"] == 200
    assert zoom.state.cdn_requests[-1]["authorization"] is False

    result = ZoomGetMeetingTranscriptOperator(
        task_id="vtt", meeting_id=past["uuid"], dest=f"file://{tmp_path}/vtt/"
    ).execute(context={})
    written = next((tmp_path / "vtt").iterdir())
    assert written.read_text(encoding="utf-8") == text
    assert result["bytes_written"] == stored["_size"]
    assert result["sha256"] == expected_sha256(stored["_key"], stored["_size"])


def test_meeting_summaries_of_the_seeded_meetings(emulator):
    from airflow_provider_zoom.operators.ai import ZoomGetMeetingSummaryOperator

    zoom = emulator(users=2)
    today = utc_today()
    summaries = ZoomHook().list_meeting_summaries(today - dt.timedelta(days=40), today)
    assert {s["meeting_uuid"] for s in summaries} == set(zoom.state.past_meetings)
    # 40 days are two one-month windows, whatever the day the test runs
    assert len(api_requests(zoom, "/meetings/meeting_summaries")) == 2
    past = recorded_meeting(zoom)
    summary = ZoomGetMeetingSummaryOperator(task_id="s", meeting_uuid=past["uuid"]).execute(context={})
    assert summary["meeting_uuid"] == past["uuid"]
    assert summary["summary_title"] == past["_summary"]["summary_title"]
    assert summary["next_steps"] == past["_summary"]["next_steps"]


# ---------------------------------------------------------------------------- download links
def test_download_links_fetch_every_file_without_a_bearer_token(emulator):
    from airflow_provider_zoom.operators.download_links import ZoomGetRecordingDownloadLinksOperator

    zoom = emulator(users=2, recording_size=256 * 1024)
    past = recorded_meeting(zoom)
    result = ZoomGetRecordingDownloadLinksOperator(task_id="links", meeting_id=past["uuid"], ttl=600).execute(
        context={}
    )
    assert result["meeting_uuid"] == past["uuid"] and result["topic"] == past["topic"]
    assert sorted(f["file_type"] for f in result["files"]) == sorted(
        f["file_type"] for f in past["_recording"]["_files"]
    )
    (call,) = api_requests(zoom, f"/meetings/{past['uuid']}/recordings")
    assert call["query"] == {"include_fields": "download_access_token", "ttl": "600"}
    (granted,) = zoom.state.download_access_tokens.values()
    assert granted[0] == past["uuid"] and 590 < granted[1] - zoom.state.clock() <= 600

    for link in result["files"]:
        reply = requests.get(link["download_url"], timeout=30)
        assert reply.status_code == 200 and [r.status_code for r in reply.history] == [302]
        info = zoom.state.download_file(link["download_url"])
        assert hashlib.sha256(reply.content).hexdigest() == expected_sha256(info["key"], info["size"])
        assert reply.headers["Content-Length"] == str(info["size"]) == str(len(reply.content))
        if link["file_size"] is not None:
            assert link["file_size"] == info["size"]
        is_vtt = link["file_type"] in ("TRANSCRIPT", "CC")
        assert reply.content.startswith(b"WEBVTT\n") is is_vtt
        if is_vtt:
            assert reply.headers["Content-Type"].startswith("text/vtt")
    downloads = [r for r in zoom.state.requests if r["path"].startswith("/rec/download/")]
    assert len(downloads) == len(result["files"])
    assert all(r["status"] == 302 and r["query"]["access_token"] == "***" for r in downloads)
    assert not any(r["authorization"] for r in zoom.state.cdn_requests)


def test_download_links_stop_working_after_their_ttl(emulator):
    from airflow_provider_zoom.operators.download_links import ZoomGetRecordingDownloadLinksOperator

    zoom = emulator(users=2, recording_size=4096)
    past = recorded_meeting(zoom)
    result = ZoomGetRecordingDownloadLinksOperator(
        task_id="links", meeting_id=past["uuid"], ttl=60, file_types=["TRANSCRIPT"]
    ).execute(context={})
    (link,) = result["files"]
    zoom.advance_clock(59)
    assert requests.get(link["download_url"], timeout=30).content.startswith(b"WEBVTT")
    zoom.advance_clock(2)
    expired = requests.get(link["download_url"], timeout=30)
    assert expired.status_code == 401 and expired.json()["code"] == 124


# ---------------------------------------------------------------------------- webinar panelists
def test_panelists_added_removed_and_cleared_in_the_emulator(emulator):
    from airflow_provider_zoom.operators.panelists import ZoomRemoveWebinarPanelistsOperator

    zoom = emulator(users=2)
    future, other = sorted(zoom.state.webinars.values(), key=lambda w: w["start_time"], reverse=True)
    webinar_id = future["id"]
    seeded = {p["email"] for p in zoom.state.panelists[webinar_id]}
    hook = ZoomHook()

    people = [{"name": f"Guest {i}", "email": f"guest{i}@example.com"} for i in range(3)]
    reply = hook.add_webinar_panelists(webinar_id, people)
    assert reply["added"] == 3 and reply["id"] == str(webinar_id)
    assert {p["email"] for p in zoom.state.panelists[webinar_id]} == seeded | {p["email"] for p in people}

    listed = hook.list_webinar_panelists(webinar_id)
    assert {p["email"] for p in listed} == seeded | {p["email"] for p in people}
    assert all(p["join_url"] for p in listed)
    gone = next(p for p in listed if p["email"] == "guest1@example.com")
    hook.remove_webinar_panelist(webinar_id, gone["id"])
    assert gone["id"] not in {p["id"] for p in zoom.state.panelists[webinar_id]}
    assert len(zoom.state.panelists[webinar_id]) == len(listed) - 1

    done = ZoomRemoveWebinarPanelistsOperator(task_id="clear", webinar_id=webinar_id).execute(context={})
    assert done == {"webinar_id": webinar_id, "removed": "all"}
    assert zoom.state.panelists[webinar_id] == []
    assert [r["status"] for r in api_requests(zoom, f"/webinars/{webinar_id}/panelists", "DELETE")] == [204]
    assert hook.list_webinar_panelists(webinar_id) == []
    assert len(zoom.state.panelists[other["id"]]) == 2  # the other webinar kept its panelists

    with pytest.raises(ZoomNotFoundError):
        hook.remove_webinar_panelists(12345678901)


# ---------------------------------------------------------------------------- polls and Q&A
def test_polls_and_qa_of_a_seeded_past_meeting_and_webinar(emulator):
    from airflow_provider_zoom.operators.polls import (
        ZoomGetPastMeetingQAOperator,
        ZoomListPastWebinarPollsOperator,
    )

    zoom = emulator(users=2)
    hook = ZoomHook()
    past = recorded_meeting(zoom)
    polls = hook.list_past_meeting_polls(past["uuid"])
    assert polls["uuid"] == past["uuid"] and polls["questions"] == past["_polls"]
    qa = ZoomGetPastMeetingQAOperator(task_id="qa", meeting_id=past["uuid"]).execute(context={})
    assert qa["questions"][0]["name"] == past["_qa"][0]["name"]
    assert qa["questions"][0]["question_details"][0] == {
        "question": "Will the slides be shared?",
        "answer": "Yes, after the meeting.",
    }

    webinar = next(iter(zoom.state.past_webinars.values()))
    webinar_polls = ZoomListPastWebinarPollsOperator(task_id="wp", webinar_id=webinar["id"]).execute(
        context={}
    )
    assert webinar_polls["uuid"] == webinar["uuid"] and webinar_polls["questions"] == webinar["_polls"]
    webinar_qa = hook.get_past_webinar_qa(webinar["id"])
    assert webinar_qa["questions"][0]["question_details"][0]["question"] == "Pricing?"
    for path in (
        f"/past_meetings/{past['uuid']}/polls",
        f"/past_meetings/{past['uuid']}/qa",
        f"/past_webinars/{webinar['id']}/polls",
        f"/past_webinars/{webinar['id']}/qa",
    ):
        assert [r["status"] for r in api_requests(zoom, path)] == [200]


# ---------------------------------------------------------------------------- Zoom Phone
def test_call_history_over_two_months_is_read_in_two_windows(emulator):
    from airflow_provider_zoom.operators.phone import ZoomListPhoneCallLogsOperator

    zoom = emulator(users=3)
    today = utc_today()
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)  # start of last month
    windows = [
        (first.isoformat(), (today.replace(day=1) - dt.timedelta(days=1)).isoformat()),
        (today.replace(day=1).isoformat(), today.isoformat()),
    ]
    user = list(zoom.state.users.values())[1]
    own = {log["id"] for log in zoom.state.call_logs if log["_owner_id"] == user["id"]}
    hook = ZoomHook()

    calls = hook.list_user_call_logs(user["id"], first, today)
    assert own and {c["id"] for c in calls} == own
    for call in calls:
        # One user's call history items carry ``result`` (the account's carry ``call_result``).
        assert call["result"] == "answered" and "call_result" not in call
        mine = "caller" if call["direction"] == "outbound" else "callee"
        assert call[f"{mine}_email"] == user["email"] and call[f"{mine}_number_type"] == "zoom_pstn"
    sent = api_requests(zoom, f"/phone/users/{user['id']}/call_history")
    assert [(r["query"]["from"], r["query"]["to"]) for r in sent] == windows

    everyone = ZoomListPhoneCallLogsOperator(
        task_id="calls", from_=first.isoformat(), to=today.isoformat()
    ).execute(context={})
    assert sorted(c["id"] for c in everyone) == sorted(log["id"] for log in zoom.state.call_logs)
    sent = api_requests(zoom, "/phone/call_history")
    assert [(r["query"]["from"], r["query"]["to"]) for r in sent] == windows

    by_name = hook.list_phone_call_logs(first, today, keyword=user["display_name"])
    assert {c["id"] for c in by_name} == own
    assert api_requests(zoom, "/phone/call_history")[-1]["query"]["keyword"] == user["display_name"]


def test_phone_numbers_and_recordings_of_a_user(emulator):
    from airflow_provider_zoom.operators.phone import ZoomListUserPhoneRecordingsOperator

    zoom = emulator(users=3)
    today = utc_today()
    hook = ZoomHook()
    numbers = hook.list_phone_numbers("assigned")
    assert {n["number"] for n in numbers} == {n["number"] for n in zoom.state.phone_numbers}
    user = list(zoom.state.users.values())[2]
    recordings = ZoomListUserPhoneRecordingsOperator(
        task_id="rec",
        user_id=user["id"],
        from_=(today - dt.timedelta(days=5)).isoformat(),
        to=today.isoformat(),
    ).execute(context={})
    expected = {r["id"] for r in zoom.state.phone_recordings if r["_owner_id"] == user["id"]}
    assert expected and {r["id"] for r in recordings} == expected
    # Zoom's per-user recording items have no owner (the account listing's do).
    assert not any("owner" in r for r in recordings)
    everything = hook.list_phone_recordings(today - dt.timedelta(days=5), today, owner_type="user")
    assert {r["id"] for r in everything} == {r["id"] for r in zoom.state.phone_recordings}


# ---------------------------------------------------------------------------- account
def test_account_settings_follow_the_emulator_state_and_option(emulator):
    from airflow_provider_zoom.operators.account import (
        ZoomDescribeTokenScopesOperator,
        ZoomGetAccountSettingsOperator,
        ZoomGetCurrentUserOperator,
    )

    zoom = emulator(users=2)
    hook = ZoomHook()
    settings = hook.get_account_settings()
    assert {"schedule_meeting", "in_meeting", "email_notification", "recording", "telephony"} <= set(settings)
    assert not [key for key in settings if key.startswith("_")]
    assert settings["recording"]["auto_recording"] == "cloud"
    zoom.state.account_settings["recording"]["auto_recording"] = "local"
    assert hook.get_account_settings()["recording"]["auto_recording"] == "local"

    auth = ZoomGetAccountSettingsOperator(task_id="auth", option="meeting_authentication").execute(context={})
    assert set(auth) == {"meeting_authentication", "authentication_options"}
    assert {o["type"] for o in auth["authentication_options"]} >= {"enforce_login"}
    security = hook.get_account_settings("meeting_security")
    assert security["meeting_security"]["waiting_room"] is True
    assert hook.get_account_settings("security")["password_requirement"]["minimum_password_length"] == 8
    picked = hook.get_account_settings(custom_query_fields="host_video,auto_recording")
    assert picked == {"schedule_meeting": {"host_video": True}, "recording": {"auto_recording": "local"}}
    sent = [r["query"].get("option") for r in api_requests(zoom, "/accounts/me/settings")]
    assert sent == [None, None, "meeting_authentication", "meeting_security", "security", None]

    with pytest.raises(ZoomConfigError, match="option"):
        hook.get_account_settings("billing")
    assert len(api_requests(zoom, "/accounts/me/settings")) == 6  # refused before any request

    owner = next(iter(zoom.state.users.values()))
    assert ZoomGetCurrentUserOperator(task_id="me").execute(context={})["email"] == owner["email"]
    report = ZoomDescribeTokenScopesOperator(task_id="scopes").execute(context={})
    assert report["missing"] == {} and "account settings" in report["allowed"]


# ---------------------------------------------------------------------------- daily limit
@pytest.mark.timeout(120)
def test_daily_limit_fails_fast_against_the_emulator(emulator):
    import datetime as dt

    from airflow_provider_zoom.exceptions import ZoomRateLimitError
    from airflow_provider_zoom.operators.phone import ZoomListPhoneCallLogsOperator

    zoom = emulator(users=2, rate_limit=True, daily_limit=5)
    zoom.state.rate_limiter.set_daily_used(5)
    op = ZoomListPhoneCallLogsOperator(
        task_id="calls", from_="2026-11-01", to="2026-11-02", pool="zoom_heavy"
    )
    sleeps: list[float] = []
    op.hook._sleep = sleeps.append
    with pytest.raises(ZoomRateLimitError) as info:
        op.execute({})
    tomorrow = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).date().isoformat()
    assert f"{tomorrow}T00:00:00Z" in str(info.value)
    assert [c["status"] for c in api_requests(zoom, "/phone/call_history")] == [429]
    assert sleeps == []


# ---------------------------------------------------------------------------- panelists, webinar results
@pytest.mark.timeout(120)
def test_panelists_and_past_webinar_results_against_the_emulator(emulator):
    from airflow_provider_zoom.operators.panelists import (
        ZoomAddWebinarPanelistsOperator,
        ZoomListWebinarPanelistsOperator,
        ZoomRemoveWebinarPanelistOperator,
    )

    zoom = emulator(users=2)
    webinar_id = next(iter(zoom.state.webinars))
    seeded = len(zoom.state.panelists.get(webinar_id, []))
    people = [{"name": f"Speaker {i}", "email": f"speaker{i}@example.com"} for i in range(35)]
    ZoomAddWebinarPanelistsOperator(task_id="add", webinar_id=webinar_id, panelists=people).execute({})
    listed = ZoomListWebinarPanelistsOperator(task_id="list", webinar_id=webinar_id).execute({})
    assert len(listed) == seeded + 35
    assert {p["email"] for p in people} <= {p["email"] for p in listed}
    posts = [r for r in zoom.state.requests if r["method"] == "POST" and r["path"].endswith("/panelists")]
    assert len(posts) == 2  # 30 + 5
    gone = next(p for p in listed if p["email"] == "speaker0@example.com")
    ZoomRemoveWebinarPanelistOperator(task_id="rm", webinar_id=webinar_id, panelist_id=gone["id"]).execute({})
    remaining = ZoomListWebinarPanelistsOperator(task_id="list2", webinar_id=webinar_id).execute({})
    assert len(remaining) == seeded + 34 and gone["id"] not in {p["id"] for p in remaining}

    hook = ZoomHook()
    past_webinar = next(iter(zoom.state.past_webinars.values()))
    # By webinar id (latest instance): the seeded instance UUID holds a single "/", which the
    # emulator cannot route when encoded once.
    assert hook.list_past_webinar_polls(past_webinar["id"])["uuid"] == past_webinar["uuid"]
    assert hook.get_past_webinar_qa(past_webinar["id"])["uuid"] == past_webinar["uuid"]


# ---------------------------------------------------------------------------- data interval, end to end
@pytest.mark.timeout(120)
def test_three_daily_runs_list_each_phone_recording_once(emulator):
    import pendulum

    from airflow_provider_zoom.operators.phone import ZoomListPhoneRecordingsOperator

    zoom = emulator(users=3)
    today = pendulum.now("UTC").start_of("day")
    runs = [today.subtract(days=2), today.subtract(days=1), today]
    found: list[str] = []
    for start in runs:
        context = {"data_interval_start": start, "data_interval_end": start.add(days=1)}
        found += [r["id"] for r in ZoomListPhoneRecordingsOperator(task_id="p").execute(context)]
    expected = {
        r["id"]
        for r in zoom.state.phone_recordings
        if runs[0] <= pendulum.instance(r["_start"]) < today.add(days=1)
    }
    assert expected and sorted(found) == sorted(expected)  # every recording once, none twice
    sent = [(r["query"]["from"], r["query"]["to"]) for r in api_requests(zoom, "/phone/recordings")]
    assert sent == [(d.to_date_string(), d.to_date_string()) for d in runs]
