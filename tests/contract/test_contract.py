"""
Every request the provider sends matches Zoom's reference (the facts file).

Each public ZoomHook method, each trigger's poll (the async client) and the transfers' calls run with
representative arguments against a recorder; each request must name a known method and path, encode
ids as Zoom wants, and send only known query parameters and body fields, with enum values and bounds
respected and booleans as ``true``/``false``. A public method without a case fails the test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests_mock

from airflow_provider_zoom._contract import facts
from tests.contract.recorder import API, FILES, OAUTH, Recorder, Sent, sent_from

DAY = dt.date(2026, 1, 10)
UUID = "/ajXp112QmuoKj4854875=="  # starts with "/": Zoom wants it encoded twice


@dataclass
class Case:
    call: Callable[[Any], Any]
    replies: dict[str, Any] = field(default_factory=dict)


def _cases() -> dict[str, list[Case]]:
    transcript = {
        "GET /meetings/{meetingId}/transcript": {"download_url": f"{FILES}/rec/t.vtt", "can_download": True}
    }
    registrant = {"email": "ada@example.com", "first_name": "Ada"}
    profile = {
        "address": "1 Main St",
        "city": "Springfield",
        "state": "IL",
        "zip": "62701",
        "country": "US",
        "phone": "555-0100",
        "comments": "hi",
        "custom_questions": [{"title": "Team", "value": "Data"}],
        "industry": "Tech",
        "job_title": "Engineer",
        "no_of_employees": "1-20",
        "org": "ACME",
        "purchasing_time_frame": "Within a month",
        "role_in_purchase_process": "Influencer",
        "language": "en-US",
    }
    meeting = {
        "topic": "Weekly sync",
        "type": 8,
        "start_time": dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone.utc),
        "duration": 45,
        "timezone": "Europe/Berlin",
        "password": "a@b-c_d*1!",
        "agenda": "Plans",
        "recurrence": {"type": 1, "repeat_interval": 99, "end_times": 10},
        "settings": {
            "join_before_host": True,
            "approval_type": 0,
            "auto_recording": "cloud",
            "audio": "both",
        },
        "tracking_fields": [{"field": "team", "value": "data"}],
    }
    webinar = {
        **meeting,
        "type": 9,
        "recurrence": {"type": 2, "repeat_interval": 12, "weekly_days": [2, 4], "end_times": 5},
        "settings": {"panelists_video": True, "approval_type": 0, "auto_recording": "cloud"},
    }
    return {
        # meetings
        "create_meeting": [
            Case(lambda h: h.create_meeting(**meeting, default_password=False, pre_schedule=False)),
            Case(lambda h: h.create_meeting(topic="Share", type=10)),
            Case(
                lambda h: h.create_meeting(
                    topic="Monthly", type=8, recurrence={"type": 3, "repeat_interval": 10, "monthly_day": 2}
                )
            ),
        ],
        "get_meeting": [
            Case(lambda h: h.get_meeting(85746065, occurrence_id="1", show_previous_occurrences=True))
        ],
        "update_meeting": [
            Case(
                lambda h: h.update_meeting(
                    85746065,
                    occurrence_id="1648194360000",
                    topic="Renamed",
                    type=8,
                    recurrence={"type": 2, "repeat_interval": 50, "weekly_days": "1,7"},
                    template_id="tpl",
                )
            )
        ],
        "delete_meeting": [
            Case(
                lambda h: h.delete_meeting(
                    85746065, occurrence_id="1", schedule_for_reminder=True, cancel_meeting_reminder=False
                )
            )
        ],
        "list_meetings": [
            Case(lambda h: h.list_meetings("me", type="upcoming", from_=DAY, to=DAY, timezone="UTC"))
        ],
        "get_meeting_invitation": [Case(lambda h: h.get_meeting_invitation(85746065))],
        "update_meeting_status": [Case(lambda h: h.update_meeting_status(85746065, "end"))],
        "get_past_meeting": [Case(lambda h: h.get_past_meeting(UUID))],
        "list_past_meeting_instances": [Case(lambda h: h.list_past_meeting_instances(85746065))],
        "list_past_meeting_participants": [Case(lambda h: h.list_past_meeting_participants(UUID))],
        "list_past_meeting_polls": [Case(lambda h: h.list_past_meeting_polls(UUID))],
        "get_past_meeting_qa": [Case(lambda h: h.get_past_meeting_qa(85746065))],
        # registrants
        "add_meeting_registrant": [
            Case(
                lambda h: h.add_meeting_registrant(
                    85746065, occurrence_ids=["1", "2"], auto_approve=True, **registrant, **profile
                )
            )
        ],
        "add_meeting_registrants": [
            Case(
                lambda h: h.add_meeting_registrants(
                    85746065, [registrant] * 31, auto_approve=True, registrants_confirmation_email=False
                )
            )
        ],
        "list_meeting_registrants": [
            Case(lambda h: h.list_meeting_registrants(85746065, occurrence_id="1", status="approved"))
        ],
        "update_meeting_registrant_status": [
            Case(
                lambda h: h.update_meeting_registrant_status(
                    85746065, "approve", [{"id": "r1"}, {"email": "b@example.com"}], occurrence_id="1"
                )
            )
        ],
        "add_webinar_registrant": [
            Case(
                lambda h: h.add_webinar_registrant(
                    93398114182, occurrence_ids="1", source_id="src", **registrant, **profile
                )
            )
        ],
        "add_webinar_registrants": [
            Case(lambda h: h.add_webinar_registrants(93398114182, [registrant], auto_approve=False))
        ],
        "list_webinar_registrants": [
            Case(
                lambda h: h.list_webinar_registrants(
                    93398114182, occurrence_id="1", status="pending", tracking_source_id="t"
                )
            )
        ],
        "update_webinar_registrant_status": [
            Case(lambda h: h.update_webinar_registrant_status(93398114182, "deny", [{"id": "r1"}]))
        ],
        # webinars and panelists
        "create_webinar": [Case(lambda h: h.create_webinar(**webinar, default_passcode=True))],
        "get_webinar": [
            Case(lambda h: h.get_webinar(93398114182, occurrence_id="1", show_previous_occurrences=False))
        ],
        "update_webinar": [
            Case(
                lambda h: h.update_webinar(
                    93398114182,
                    occurrence_id="1",
                    topic="New",
                    type=9,
                    recurrence={"type": 3, "repeat_interval": 3, "monthly_week": -1, "monthly_week_day": 2},
                )
            )
        ],
        "delete_webinar": [
            Case(lambda h: h.delete_webinar(93398114182, occurrence_id="1", cancel_webinar_reminder=True))
        ],
        "list_webinars": [Case(lambda h: h.list_webinars("me", type="upcoming"))],
        "list_webinar_participants": [Case(lambda h: h.list_webinar_participants(UUID))],
        "list_webinar_absentees": [Case(lambda h: h.list_webinar_absentees(93398114182, occurrence_id="1"))],
        "list_past_webinar_polls": [Case(lambda h: h.list_past_webinar_polls(93398114182))],
        "get_past_webinar_qa": [Case(lambda h: h.get_past_webinar_qa(93398114182))],
        "list_webinar_panelists": [Case(lambda h: h.list_webinar_panelists(93398114182))],
        "add_webinar_panelists": [
            Case(
                lambda h: h.add_webinar_panelists(
                    93398114182,
                    [{"name": f"P{i}", "email": f"p{i}@example.com", "name_tag_id": "t"} for i in range(31)],
                )
            )
        ],
        "remove_webinar_panelist": [Case(lambda h: h.remove_webinar_panelist(93398114182, "pan-1"))],
        "remove_webinar_panelists": [Case(lambda h: h.remove_webinar_panelists(93398114182))],
        # cloud recordings and transcripts
        "list_recordings": [
            Case(
                lambda h: h.list_recordings(
                    "me", DAY, DAY + dt.timedelta(days=40), mc=True, meeting_id=85746065
                )
            ),
            Case(lambda h: h.list_recordings("me", trash=True, trash_type="recording_file")),
        ],
        "list_account_recordings": [Case(lambda h: h.list_account_recordings(DAY, DAY))],
        "get_meeting_recordings": [
            Case(lambda h: h.get_meeting_recordings(UUID, include_fields="download_access_token", ttl=0)),
            Case(lambda h: h.get_meeting_recordings(85746065, ttl=604800)),
        ],
        "get_recording_download_links": [
            Case(
                lambda h: h.get_recording_download_links(UUID, ttl=600, file_types=["MP4"]),
                replies={
                    "GET /meetings/{meetingId}/recordings": {
                        "download_access_token": "dl-token",
                        "recording_files": [
                            {"id": "f1", "file_type": "MP4", "download_url": f"{FILES}/rec/a"}
                        ],
                    }
                },
            )
        ],
        "delete_meeting_recordings": [Case(lambda h: h.delete_meeting_recordings(85746065, action="delete"))],
        "delete_recording_file": [Case(lambda h: h.delete_recording_file(85746065, "file-1"))],
        "get_meeting_transcript": [Case(lambda h: h.get_meeting_transcript(85746065))],
        "download_meeting_transcript": [
            Case(lambda h: h.download_meeting_transcript(85746065), replies=transcript)
        ],
        "download_meeting_transcript_to": [
            Case(lambda h: h.download_meeting_transcript_to(85746065, io.BytesIO()), replies=transcript)
        ],
        # meeting and webinar archiving
        "list_archive_files": [
            Case(
                lambda h: h.list_archive_files(
                    dt.datetime(2026, 1, 1, 8, tzinfo=dt.timezone.utc),
                    dt.datetime(2026, 1, 20, 8, tzinfo=dt.timezone.utc),
                    query_date_type="archive_complete_time",
                    group_ids="g1,g2",
                )
            ),
            Case(lambda h: h.list_archive_files(DAY, "2026-01-11T00:00:00Z", max_results=5)),
        ],
        "get_archive_file_statistics": [
            Case(lambda h: h.get_archive_file_statistics(DAY, DAY + dt.timedelta(days=7)))
        ],
        "get_meeting_archive_files": [Case(lambda h: h.get_meeting_archive_files(UUID))],
        "set_archive_file_auto_delete": [
            Case(lambda h: h.set_archive_file_auto_delete("a5983951-044e-473f-9acd-5c398c0a8cce", False))
        ],
        "delete_meeting_archive_files": [Case(lambda h: h.delete_meeting_archive_files(UUID))],
        # AI Companion
        "get_meeting_summary": [Case(lambda h: h.get_meeting_summary(UUID))],
        "list_meeting_summaries": [
            Case(lambda h: h.list_meeting_summaries(DAY, DAY + dt.timedelta(days=35)))
        ],
        # reports
        "get_daily_usage_report": [Case(lambda h: h.get_daily_usage_report(2026, 1))],
        "list_user_meetings_report": [
            Case(lambda h: h.list_user_meetings_report("me", DAY, DAY, type="past"))
        ],
        "get_meeting_report": [Case(lambda h: h.get_meeting_report(UUID))],
        "list_meeting_participants_report": [Case(lambda h: h.list_meeting_participants_report(85746065))],
        "get_webinar_report": [Case(lambda h: h.get_webinar_report(93398114182))],
        "list_webinar_participants_report": [Case(lambda h: h.list_webinar_participants_report(93398114182))],
        "get_webinar_polls_report": [Case(lambda h: h.get_webinar_polls_report(93398114182))],
        "get_webinar_qa_report": [Case(lambda h: h.get_webinar_qa_report(93398114182))],
        # users and account
        "create_user": [
            Case(
                lambda h: h.create_user(
                    "create",
                    {
                        "email": "new@example.com",
                        "type": 1,
                        "first_name": "New",
                        "last_name": "User",
                        "display_name": "New User",
                        "feature": {"zoom_phone": True},
                        "plan_united_type": "1",
                    },
                )
            )
        ],
        "get_user": [
            Case(lambda h: h.get_user("me", login_type=100, encrypted_email=True, search_by_unique_id=False))
        ],
        "get_current_user": [Case(lambda h: h.get_current_user())],
        "update_user": [
            Case(
                lambda h: h.update_user(
                    "u1",
                    login_type=100,
                    remove_tsp_credentials=True,
                    first_name="A",
                    pmi=3542471135,
                    use_pmi=True,
                    vanity_name="ada",
                    host_key="123456",
                    custom_attributes=[{"key": "k", "name": "n", "value": "v"}],
                    manager="m@example.com",
                    pronouns="she",
                    pronouns_option=1,
                    group_id="g",
                    zoom_one_type=16,
                    plan_united_type="1",
                    about_me="hi",
                    linkedin_url="https://linkedin.com/in/ada",
                    phone_numbers=[{"code": "+1", "country": "US", "label": "Mobile", "number": "555"}],
                )
            )
        ],
        "delete_user": [
            Case(
                lambda h: h.delete_user(
                    "u1",
                    action="delete",
                    encrypted_email=False,
                    transfer_email="t@example.com",
                    transfer_meeting=True,
                    transfer_webinar=False,
                    transfer_recording=True,
                    transfer_whiteboard=False,
                )
            )
        ],
        "list_users": [
            Case(lambda h: h.list_users(status="active", role_id="0", include_fields="host_key", license="x"))
        ],
        "get_account_settings": [
            Case(lambda h: h.get_account_settings("security", custom_query_fields="a,b"))
        ],
        "test_connection": [Case(lambda h: h.test_connection())],
        # Team Chat
        "list_chat_channels": [Case(lambda h: h.list_chat_channels("me"))],
        "list_chat_messages": [
            Case(
                lambda h: h.list_chat_messages(
                    "me",
                    to_channel="ch-1",
                    from_=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                    to=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
                    include_deleted_and_edited_message=True,
                    search_type="message",
                    search_key="hello",
                    exclude_child_message=False,
                    download_file_formats="audio/mp4",
                )
            ),
            Case(lambda h: h.list_chat_messages("me", to_contact="a@example.com", date=DAY)),
            Case(lambda h: h.list_chat_messages("me", search_type="message", search_key="hello")),
        ],
        "send_chat_message": [
            Case(
                lambda h: h.send_chat_message(
                    "me", message="hi", to_channel="ch-1", reply_main_message_id="m1", file_ids=["f1"]
                )
            )
        ],
        # Phone
        "list_phone_call_logs": [
            Case(lambda h: h.list_phone_call_logs(DAY, DAY, keyword="x", time_type="start_time"))
        ],
        "list_user_call_logs": [
            Case(lambda h: h.list_user_call_logs("me", DAY, DAY, keyword="x", time_type="end_time"))
        ],
        "list_phone_numbers": [
            Case(
                lambda h: h.list_phone_numbers(
                    "assigned", extension_type="user", number_type="toll", site_id="s", pending_numbers=False
                )
            )
        ],
        "list_phone_recordings": [
            Case(
                lambda h: h.list_phone_recordings(
                    DAY,
                    DAY,
                    owner_type="user",
                    recording_type="OnDemand",
                    site_id="s",
                    query_date_type="start_time",
                )
            )
        ],
        "list_user_phone_recordings": [Case(lambda h: h.list_user_phone_recordings("me", DAY, DAY))],
        "list_phone_voicemails": [
            Case(
                lambda h: h.list_phone_voicemails(
                    DAY,
                    DAY,
                    status="all",
                    owner_type="user",
                    voicemail_type="normal",
                    site_id="s",
                    trashed=False,
                )
            )
        ],
        "get_phone_call_recording": [Case(lambda h: h.get_phone_call_recording("20e6ad54-c3b6"))],
        "delete_phone_recording": [Case(lambda h: h.delete_phone_recording("4a7d3b6f-9c2e"))],
        # generic plumbing, called with endpoints the provider knows
        "request": [Case(lambda h: h.request("GET", "/users/me", params={"encrypted_email": True}))],
        "request_raw": [Case(lambda h: h.request_raw("GET", "/meetings/85746065/invitation"))],
        "paginate": [
            Case(lambda h: list(h.paginate("/users", items_key="users", params={"status": "active"})))
        ],
        "paginate_date_range": [
            Case(
                lambda h: list(
                    h.paginate_date_range("/users/me/recordings", items_key="meetings", from_=DAY, to=DAY)
                )
            )
        ],
        "iter_endpoint": [
            Case(
                lambda h: list(
                    h.iter_endpoint(
                        "/report/users/{user_id}/meetings", "meetings", from_=DAY, to=DAY, user_id="me"
                    )
                )
            )
        ],
        # the reports transfer walks every named extract
        "iter_extract": [Case(_every_extract)],
    }


def _every_extract(hook: Any) -> None:
    from airflow_provider_zoom.hooks.extracts import EXTRACTS, WINDOW_NONE

    for name, spec in EXTRACTS.items():
        ids = {key: "85746065" for key in spec.ids if key not in spec.defaults}
        dates = {} if spec.window == WINDOW_NONE else {"from_": DAY, "to": DAY}
        list(hook.iter_extract(name, **dates, **ids))


# Public ZoomHook members that send no API request, and why.
NO_API_REQUEST = {
    "url_for": "builds a URL",
    "get_token": "token endpoint only (OAuth, not the REST API)",
    "get_access_token": "token endpoint only (OAuth, not the REST API)",
    "describe_token_scopes": "reads the token's scopes; token endpoint only",
    "page_totals": "records what other calls' pages say (tests/hooks/test_page_totals.py)",
    "config_from": "reads the connection's fields (tests/hooks/test_zoom_hook.py)",
    "download": "fetches a file URL Zoom handed out, not an API endpoint (tests/hooks/test_download_wire.py)",
}


def _public_methods() -> set[str]:
    from airflow_provider_zoom.hooks.zoom import ZoomHook
    from airflow_provider_zoom.version_compat import BaseHook

    inherited = set(dir(BaseHook))
    return {
        name
        for name in dir(ZoomHook)
        if not name.startswith("_")
        and name not in inherited
        and inspect.isfunction(inspect.getattr_static(ZoomHook, name))
    }


@pytest.fixture
def zoom_conn_env(monkeypatch):
    conn = {
        "conn_type": "zoom",
        "login": "client-id",
        "password": "client-secret",
        "extra": {"account_id": "acct-1", "api_base_url": API, "oauth_base_url": OAUTH},
    }
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_DEFAULT", json.dumps(conn))


def run_case(case: Case, results: list[Any] | None = None) -> list[Sent]:
    from airflow_provider_zoom.hooks.zoom import ZoomHook

    recorder = Recorder(overrides=dict(case.replies))
    with requests_mock.Mocker() as mocker:
        recorder.install(mocker)
        hook = ZoomHook()
        hook._sleep = lambda _s: None
        result = case.call(hook)
    if results is not None:
        results.append(result)
    return recorder.sent


def _describe(sent: Sent, problems: list[facts.Problem]) -> str:
    return f"{sent.method} {sent.path} {sent.query} {json.dumps(sent.body)[:200]}: " + "; ".join(
        map(str, problems)
    )


CASES = _cases()


def test_every_public_hook_method_has_a_case():
    methods = _public_methods()
    missing = sorted(methods - set(CASES) - set(NO_API_REQUEST))
    assert not missing, f"ZoomHook methods without a contract case: {missing}"
    stale = sorted((set(CASES) | set(NO_API_REQUEST)) - methods)
    assert not stale, f"contract cases for methods ZoomHook no longer has: {stale}"


@pytest.mark.parametrize("method", sorted(CASES))
def test_hook_requests_conform(method, zoom_conn_env):
    for case in CASES[method]:
        results: list[Any] = []
        sent = run_case(case, results)
        assert sent, f"{method} sent no API request"
        failures = [_describe(s, s.problems()) for s in sent if s.problems()]
        assert not failures, "\n".join(failures)
        # The recorder answers a list under Zoom's item key: a list method must find the item there.
        if isinstance(results[0], list) and all(facts.endpoints()[s.endpoint].items_key for s in sent):
            assert results[0], f"{method} read no items: not Zoom's item key?"


# ---------------------------------------------------------------------- the async client (triggers)
def _triggers() -> list[Any]:
    from airflow_provider_zoom.triggers import zoom as triggers

    return [
        triggers.ZoomRecordingReadyTrigger(meeting_id=UUID),
        triggers.ZoomMeetingEndedTrigger(meeting_id=85746065, occurrence_id="1648194360000"),
        triggers.ZoomParticipantsReportTrigger(meeting_id=85746065),
        triggers.ZoomParticipantsReportTrigger(webinar_id=93398114182),
        triggers.ZoomWebinarRegistrantsTrigger(
            webinar_id=93398114182, status="approved", occurrence_id="1", min_registrants=1
        ),
        triggers.ZoomApiTrigger(endpoint="/users/me", params={"encrypted_email": True}),
        triggers.ZoomArchiveCompleteTrigger(meeting_uuid=UUID),
    ]


def _trigger_classes() -> set[type]:
    from airflow_provider_zoom.triggers import zoom as triggers
    from airflow_provider_zoom.triggers.base import ZoomBaseTrigger

    return {
        obj
        for obj in vars(triggers).values()
        if inspect.isclass(obj) and issubclass(obj, ZoomBaseTrigger) and obj is not ZoomBaseTrigger
    }


def run_trigger(trigger: Any) -> list[Sent]:
    import httpx

    from airflow_provider_zoom._http.aio import AsyncZoomClient
    from airflow_provider_zoom._http.config import ZoomConnectionConfig

    recorder = Recorder()
    config = ZoomConnectionConfig.from_fields(
        "zoom_default",
        login="client-id",
        password="client-secret",
        extra={"account_id": "acct-1", "api_base_url": API, "oauth_base_url": OAUTH},
    )

    async def go():
        async with AsyncZoomClient(config, transport=httpx.MockTransport(recorder.record_httpx)) as client:
            await trigger.poll(client)

    asyncio.run(go())
    return recorder.sent


def test_every_trigger_has_a_case():
    assert {type(t) for t in _triggers()} == _trigger_classes()


@pytest.mark.parametrize("trigger", _triggers(), ids=lambda t: type(t).__name__)
def test_trigger_requests_conform(trigger):
    sent = run_trigger(trigger)
    assert sent
    failures = [_describe(s, s.problems()) for s in sent if s.problems()]
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------- the transfers
_RECORDING = {
    "uuid": "aDYlohsHRtCd4ii1uC2+hA==",
    "id": 85746065,
    "topic": "T",
    "start_time": "2026-01-10T10:00:00Z",
    "recording_files": [
        {
            "id": "file-1",
            "file_type": "TRANSCRIPT",
            "file_extension": "VTT",
            "file_size": 7,
            "status": "completed",
            "recording_type": "audio_transcript",
            "download_url": f"{FILES}/rec/download/t.vtt",
        }
    ],
}


_ARCHIVE = {
    **{k: v for k, v in _RECORDING.items() if k != "recording_files"},
    "status": "completed",
    "archive_files": [{**_RECORDING["recording_files"][0], "individual": False}],
}


_PHONE_RECORDING = {
    "id": "rec-1",
    "call_id": "7000000000000000001",
    "call_log_id": "20e6ad54-c3b6",
    "date_time": "2026-01-10T10:00:00Z",
    "end_time": "2026-01-10T10:02:00Z",
    "recording_type": "Automatic",
    "owner": {"type": "user", "id": "u1", "name": "Ada"},
    "download_url": f"{FILES}/rec/download/t.vtt",
}


def _transfers(tmp_path: Any) -> list[tuple[Any, dict[str, Any]]]:
    from airflow_provider_zoom.transfers.archives import ZoomArchiveFilesToObjectStorageOperator
    from airflow_provider_zoom.transfers.phone import ZoomPhoneRecordingsToObjectStorageOperator
    from airflow_provider_zoom.transfers.recordings import ZoomRecordingsToObjectStorageOperator
    from airflow_provider_zoom.transfers.reports import ZoomReportToObjectStorageOperator

    dest = f"file://{tmp_path}/archive/"
    listed = {"meetings": [_RECORDING], "next_page_token": ""}
    return [
        (
            ZoomRecordingsToObjectStorageOperator(
                task_id="one", dest=dest, meeting_id="aDYlohsHRtCd4ii1uC2+hA==", delete_after_archive="trash"
            ),
            {"GET /meetings/{meetingId}/recordings": _RECORDING},
        ),
        (
            ZoomRecordingsToObjectStorageOperator(
                task_id="user", dest=dest + "u/", user_id="me", from_="2026-01-01", to="2026-02-15"
            ),
            {"GET /users/{userId}/recordings": listed},
        ),
        (
            ZoomRecordingsToObjectStorageOperator(
                task_id="account",
                dest=dest + "a/",
                account_id="me",
                from_="2026-01-01",
                to="2026-01-02",
                delete_after_archive="delete",
            ),
            {"GET /accounts/{accountId}/recordings": listed},
        ),
        (
            ZoomArchiveFilesToObjectStorageOperator(
                task_id="archive_one",
                dest=dest + "c/",
                meeting_uuid="aDYlohsHRtCd4ii1uC2+hA==",
                delete_after_archive="release",
            ),
            {"GET /past_meetings/{meetingUUID}/archive_files": _ARCHIVE},
        ),
        (
            ZoomArchiveFilesToObjectStorageOperator(
                task_id="archive_window",
                dest=dest + "w/",
                from_="2026-01-01T00:00:00Z",
                to="2026-01-09T12:00:00Z",
                query_date_type="archive_complete_time",
                delete_after_archive="delete",
            ),
            {
                "GET /archive_files": {"meetings": [_ARCHIVE], "next_page_token": ""},
                "GET /past_meetings/{meetingUUID}/archive_files": _ARCHIVE,
            },
        ),
        (
            ZoomPhoneRecordingsToObjectStorageOperator(
                task_id="phone",
                dest=dest + "p/",
                from_="2026-01-01",
                to="2026-02-15",
                delete_after_archive="delete",
            ),
            {
                "GET /phone/recordings": {"recordings": [_PHONE_RECORDING], "next_page_token": ""},
                "GET /phone/call_logs/{id}/recordings": _PHONE_RECORDING,
            },
        ),
        (
            ZoomPhoneRecordingsToObjectStorageOperator(
                task_id="phone_user", dest=dest + "pu/", user_id="me", from_="2026-01-10", to="2026-01-10"
            ),
            {
                "GET /phone/users/{userId}/recordings": {
                    "recordings": [_PHONE_RECORDING],
                    "next_page_token": "",
                }
            },
        ),
        (
            ZoomPhoneRecordingsToObjectStorageOperator(
                task_id="voicemail", kind="voicemail", dest=dest + "v/", from_="2026-01-10", to="2026-01-10"
            ),
            {"GET /phone/voice_mails": {"voice_mails": [_PHONE_RECORDING], "next_page_token": ""}},
        ),
        (
            ZoomReportToObjectStorageOperator(
                task_id="report",
                dest=f"{dest}r/participants.jsonl",
                extract="meeting_participants",
                path_params={"meeting_id": "85746065"},
            ),
            {},
        ),
        (
            ZoomReportToObjectStorageOperator(
                task_id="endpoint",
                dest=f"{dest}r/users.jsonl",
                endpoint="/users",
                items_key="users",
                query_params={"status": "active"},
            ),
            {},
        ),
    ]


def test_transfer_requests_conform(zoom_conn_env, tmp_path):
    for operator, replies in _transfers(tmp_path):
        recorder = Recorder(overrides=replies)
        with requests_mock.Mocker() as mocker:
            recorder.install(mocker)
            operator.execute(context={})
        assert recorder.sent, operator.task_id
        failures = [_describe(s, s.problems()) for s in recorder.sent if s.problems()]
        assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------- coverage and counts
def conformance(tmp_path: Any) -> tuple[set[str], set[str], dict[str, list[str]]]:
    """Endpoints called, endpoints with a failing request, and the failures (for the report)."""
    called: set[str] = set()
    failing: dict[str, list[str]] = {}
    sent: list[Sent] = []
    for cases in CASES.values():
        for case in cases:
            sent += run_case(case)
    for trigger in _triggers():
        sent += run_trigger(trigger)
    for operator, replies in _transfers(tmp_path):
        recorder = Recorder(overrides=replies)
        with requests_mock.Mocker() as mocker:
            recorder.install(mocker)
            operator.execute(context={})
        sent += recorder.sent
    for request in sent:
        key = request.endpoint or f"{request.method} {request.path}"
        called.add(key)
        problems = request.problems()
        if problems:
            failing.setdefault(key, []).append(_describe(request, problems))
    return called, set(failing), failing


def test_every_endpoint_in_the_facts_is_exercised(zoom_conn_env, capsys, tmp_path):
    called, failing, _ = conformance(tmp_path)
    known = set(facts.endpoints())
    assert called == known, f"never called: {sorted(known - called)}; unknown: {sorted(called - known)}"
    with capsys.disabled():
        conforming = len(called - failing)
        print(f"\ncontract: {len(called)} endpoints called, {conforming} with every request conforming")
    assert not failing


# ---------------------------------------------------------------------- the check can fail
@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("GET", f"{API}/users/me/recordings?trash=True", None, "query.trash"),
        ("GET", f"{API}/users/me/meetings?page_sise=30", None, "query.page_sise"),
        ("GET", f"{API}/users/me/meetings?type=ended", None, "query.type"),
        ("GET", f"{API}/meetings/1/recordings?ttl=604801", None, "query.ttl"),
        ("POST", f"{API}/users/me/meetings", b'{"topik": "x"}', "body.topik"),
        ("POST", f"{API}/users/me/meetings", b'{"type": 4}', "body.type"),
        ("POST", f"{API}/users/me/webinars", b'{"default_password": true}', "body.default_password"),
        ("PATCH", f"{API}/users/u1", b'{"role_id": "2"}', "body.role_id"),
        ("GET", f"{API}/past_meetings/%2Fabc", None, "path.meetingId"),
        ("GET", f"{API}/meetings/1/nowhere", None, "path"),
    ],
)
def test_the_check_catches(method, url, body, field):
    sent = sent_from(method, url, body)
    assert field in {p.field for p in sent.problems()}


# ---------------------------------------------------------------------- docstrings name Zoom's scopes
@pytest.mark.parametrize("method", sorted(CASES))
def test_docstring_scopes_are_the_endpoints_scopes(method, zoom_conn_env):
    import re

    from airflow_provider_zoom.hooks.zoom import ZoomHook

    named = set(re.findall(r"``([a-z_]+:[a-z_:]+)``", inspect.getdoc(getattr(ZoomHook, method)) or ""))
    if not named:
        return
    called = {s.endpoint for case in CASES[method] for s in run_case(case)}
    granted = {
        scope
        for key in called
        if key
        for scope in (*facts.endpoints()[key].granular_scopes, *facts.endpoints()[key].classic_scopes)
    }
    assert named <= granted, f"{method} names {sorted(named - granted)}; Zoom's reference: {sorted(granted)}"
