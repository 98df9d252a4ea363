"""ZoomHook against the Zoom emulator: page-token expiry with a slow consumer, the intermittent download
401 and its download-token retry, per-meeting recordings, and the AI Companion, poll and phone reads."""

from __future__ import annotations

import io

import pytest

from airflow_provider_zoom.exceptions import ZoomApiError
from airflow_provider_zoom.hooks.zoom import ZoomHook

pytestmark = [pytest.mark.timeout(120), pytest.mark.clock]


# Page tokens live a minute; the consumers below move the emulator's clock past that instead of waiting.
TTL = 60.0


def api_requests(zoom, path: str) -> list[dict]:
    return [r for r in zoom.state.requests if r["path"] == f"/v2{path}"]


def recorded_meeting(zoom) -> dict:
    return next(p for p in zoom.state.past_meetings.values() if p.get("_recording"))


# ---------------------------------------------------------------------------- next_page_token expiry
def test_slow_consumer_past_the_page_token_ttl_gets_every_user_once(emulator):
    zoom = emulator(users=25, page_token_ttl=TTL)
    hook = ZoomHook()
    seen = []
    for index, user in enumerate(hook.paginate("/users", items_key="users", page_size=10)):
        seen.append(user["id"])
        if index == 9:  # finished page 1: dawdle past the token's lifetime once
            zoom.advance_clock(TTL * 2)
    active = {uid for uid, user in zoom.state.users.items() if user.get("status") == "active"}
    assert len(seen) == len(active) and set(seen) == active  # complete, no duplicates
    calls = api_requests(zoom, "/users")
    assert [c["status"] for c in calls] == [200, 400, 200, 200, 200]
    assert "next_page_token" not in calls[2]["query"]  # restarted from the first page


def test_consumer_always_slower_than_the_ttl_fails_loudly(emulator):
    # Each restart re-reads the pages already returned (quickly, skipping them) and gains one page;
    # a consumer slower than the token's lifetime on every page runs out of restarts on a long list.
    zoom = emulator(users=40, page_token_ttl=TTL)
    hook = ZoomHook()
    seen = []
    with pytest.raises(ZoomApiError, match="would be incomplete"):
        for user in hook.paginate("/users", items_key="users", page_size=5):
            seen.append(user["id"])
            zoom.advance_clock(TTL / 3)  # five items per page: every page outlives its token
    assert len(seen) == len(set(seen))  # what it yielded before failing was never repeated
    assert 0 < len(seen) < 39
    assert [c["status"] for c in api_requests(zoom, "/users")].count(400) == 4


# ---------------------------------------------------------------------------- per-meeting recordings
def test_meeting_recordings_single_request_against_the_emulator(emulator):
    zoom = emulator(users=2)
    past = recorded_meeting(zoom)
    recording = ZoomHook().get_meeting_recordings(past["uuid"])
    assert recording["uuid"] == past["uuid"] and recording["recording_files"]
    (call,) = [r for r in zoom.state.requests if r["path"].endswith("/recordings")]
    assert not {"page_size", "next_page_token", "page_number"} & set(call["query"])


# ---------------------------------------------------------------------------- downloads
def test_oauth_download_refused_then_meeting_download_token_used(emulator):
    zoom = emulator(users=2, download_401_rate=1.0)
    hook = ZoomHook()
    past = recorded_meeting(zoom)
    meeting = hook.get_meeting_recordings(past["uuid"])
    item = next(f for f in meeting["recording_files"] if f.get("file_size"))

    def meeting_token() -> str:
        return hook.get_meeting_recordings(past["uuid"], include_fields="download_access_token", ttl=600)[
            "download_access_token"
        ]

    buffer = io.BytesIO()
    result = hook.download(
        item["download_url"], buffer, expected_size=item["file_size"], fallback_access_token=meeting_token
    )
    assert result.bytes_written == item["file_size"]
    from airflow_provider_zoom.testing import expected_sha256

    info = zoom.state.download_file(item["download_url"])
    assert result.sha256 == expected_sha256(info["key"], info["size"])
    assert not any(r["authorization"] for r in zoom.state.cdn_requests)


def test_webhook_download_token_downloads_without_the_oauth_token(emulator):
    zoom = emulator(users=2, download_401_rate=1.0)
    hook = ZoomHook()
    past = recorded_meeting(zoom)
    item = next(f for f in hook.get_meeting_recordings(past["uuid"])["recording_files"] if f.get("file_size"))
    token = zoom.state.issue_download_token(past["uuid"])
    result = hook.download(item["download_url"], io.BytesIO(), access_token=token)
    assert result.bytes_written == item["file_size"]


def test_download_without_fallback_fails_when_oauth_is_refused(emulator):
    zoom = emulator(users=2, download_401_rate=1.0)
    hook = ZoomHook()
    past = recorded_meeting(zoom)
    item = next(f for f in hook.get_meeting_recordings(past["uuid"])["recording_files"] if f.get("file_size"))
    with pytest.raises(ZoomApiError) as info:
        hook.download(item["download_url"], io.BytesIO())
    assert info.value.status_code == 401


# ---------------------------------------------------------------------------- new actions end to end
def test_ai_companion_polls_and_phone_against_the_emulator(emulator):
    import datetime as dt

    zoom = emulator(users=3)
    hook = ZoomHook()
    today = dt.datetime.now(dt.timezone.utc).date()
    summaries = hook.list_meeting_summaries(today - dt.timedelta(days=45), today)
    expected = {p["uuid"] for p in zoom.state.past_meetings.values() if p.get("_summary")}
    assert {s["meeting_uuid"] for s in summaries} == expected
    awkward = next(s["meeting_uuid"] for s in summaries if s["meeting_uuid"].startswith("/"))
    assert hook.get_meeting_summary(awkward)["meeting_uuid"] == awkward
    # The transcript is served as WebVTT text (see test_actions_emulator for its content).
    transcript = hook.download_meeting_transcript_to(awkward, io.BytesIO())
    assert transcript.bytes_written > 0
    assert "questions" in hook.list_past_meeting_polls(awkward)
    assert "questions" in hook.get_past_meeting_qa(awkward)
    recordings = hook.list_phone_recordings(today - dt.timedelta(days=40), today)
    assert {r["id"] for r in recordings} == {r["id"] for r in zoom.state.phone_recordings}
    calls = hook.list_phone_call_logs(today - dt.timedelta(days=40), today)
    assert len(calls) == len(zoom.state.call_logs)
    assert hook.list_phone_numbers("all")
    assert hook.get_current_user()["id"] in zoom.state.users


def test_uuid_with_a_single_inner_slash(emulator):
    from airflow_provider_zoom.exceptions import ZoomNotFoundError

    zoom = emulator(users=2)
    uuid = next(
        (
            p["uuid"]
            for p in zoom.state.past_webinars.values()
            if "/" in p["uuid"] and "//" not in p["uuid"] and not p["uuid"].startswith("/")
        ),
        None,
    )
    if uuid is None:
        pytest.skip("the seeded data holds no UUID with a single inner '/'")
    try:
        result = ZoomHook().get_past_webinar_qa(uuid)
    except ZoomNotFoundError:
        raise AssertionError(f"{uuid!r} was not found by its own UUID") from None
    assert result["uuid"] == uuid
