"""AI Companion, panelist, poll and Q&A, Zoom Phone and account operators: paths, params, bodies, checks."""

from __future__ import annotations

import json

import pytest

from airflow_provider_zoom.exceptions import ZoomApiError, ZoomConfigError
from airflow_provider_zoom.operators.account import (
    ZoomDescribeTokenScopesOperator,
    ZoomGetAccountSettingsOperator,
    ZoomGetCurrentUserOperator,
)
from airflow_provider_zoom.operators.ai import (
    ZoomGetMeetingSummaryOperator,
    ZoomGetMeetingTranscriptOperator,
    ZoomListMeetingSummariesOperator,
)
from airflow_provider_zoom.operators.panelists import (
    ZoomAddWebinarPanelistsOperator,
    ZoomListWebinarPanelistsOperator,
    ZoomRemoveWebinarPanelistOperator,
    ZoomRemoveWebinarPanelistsOperator,
)
from airflow_provider_zoom.operators.phone import (
    ZoomListPhoneCallLogsOperator,
    ZoomListPhoneNumbersOperator,
    ZoomListPhoneRecordingsOperator,
    ZoomListUserCallLogsOperator,
    ZoomListUserPhoneRecordingsOperator,
)
from airflow_provider_zoom.operators.polls import (
    ZoomGetPastMeetingQAOperator,
    ZoomGetPastWebinarQAOperator,
    ZoomListPastMeetingPollsOperator,
    ZoomListPastWebinarPollsOperator,
)
from tests.conftest import API, api_calls

UUID_WITH_SLASH = "/ajXp112QmuoKj4854875=="


DOUBLE_ENCODED = "%252FajXp112QmuoKj4854875%253D%253D"


# ---------------------------------------------------------------------------- AI Companion
def test_meeting_summary_double_encodes_awkward_uuid(zoom_conn, mock):
    mock.get(f"{API}/meetings/{DOUBLE_ENCODED}/meeting_summary", json={"summary_overview": "ok"})
    op = ZoomGetMeetingSummaryOperator(task_id="s", meeting_uuid=UUID_WITH_SLASH)
    assert op.execute({}) == {"summary_overview": "ok"}
    (call,) = api_calls(mock)
    assert DOUBLE_ENCODED in call.url


def test_list_meeting_summaries_stops_at_max_results(zoom_conn, mock):
    mock.get(
        f"{API}/meetings/meeting_summaries",
        json={"summaries": [{"meeting_uuid": str(i)} for i in range(5)], "next_page_token": "more"},
    )
    op = ZoomListMeetingSummariesOperator(task_id="l", from_="2026-03-01", to="2026-03-31", max_results=3)
    assert len(op.execute({})) == 3
    assert len(api_calls(mock)) == 1


def test_transcript_text_is_downloaded_with_the_oauth_token(zoom_conn, mock):
    mock.get(
        f"{API}/meetings/123/transcript",
        json={"meeting_id": "u", "can_download": True, "download_url": "https://zoom.test/rec/download/t1"},
    )
    mock.get(
        "https://zoom.test/rec/download/t1",
        status_code=302,
        headers={"Location": "https://cdn.zoom.test/t1?sig=x"},
    )
    mock.get("https://cdn.zoom.test/t1?sig=x", content=b"WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHi\n")
    text = ZoomGetMeetingTranscriptOperator(task_id="t", meeting_id=123).execute({})
    assert text.startswith("WEBVTT") and "Hi" in text
    download = next(r for r in mock.request_history if r.url.startswith("https://zoom.test/rec/"))
    assert download.headers["Authorization"] == "Bearer tok-1"
    cdn = next(r for r in mock.request_history if r.url.startswith("https://cdn.zoom.test/"))
    assert "Authorization" not in cdn.headers


def test_transcript_to_object_storage_is_atomic(zoom_conn, mock, tmp_path):
    mock.get(
        f"{API}/meetings/123/transcript",
        json={"can_download": True, "download_url": "https://zoom.test/rec/download/t1"},
    )
    mock.get("https://zoom.test/rec/download/t1", content=b"WEBVTT\n")
    op = ZoomGetMeetingTranscriptOperator(task_id="t", meeting_id=123, dest=f"file://{tmp_path}/vtt/")
    result = op.execute({})
    assert result["path"].endswith("/vtt/123.vtt")
    assert (tmp_path / "vtt" / "123.vtt").read_bytes() == b"WEBVTT\n"
    assert result["bytes_written"] == 7
    assert [p.name for p in (tmp_path / "vtt").iterdir()] == ["123.vtt"]  # no temporary file left


def test_failed_transcript_download_leaves_no_file(zoom_conn, mock, tmp_path):
    mock.get(
        f"{API}/meetings/123/transcript",
        json={"can_download": True, "download_url": "https://zoom.test/rec/download/t1"},
    )
    mock.get("https://zoom.test/rec/download/t1", status_code=404, json={"code": 3301, "message": "gone"})
    op = ZoomGetMeetingTranscriptOperator(task_id="t", meeting_id=123, dest=f"file://{tmp_path}/t.vtt")
    with pytest.raises(ZoomApiError):
        op.execute({})
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # no partial file anywhere


# ---------------------------------------------------------------------------- panelists
def test_panelists_list_add_remove(zoom_conn, mock):
    mock.get(f"{API}/webinars/9/panelists", json={"total_records": 1, "panelists": [{"id": "p1"}]})
    mock.post(f"{API}/webinars/9/panelists", status_code=201, json={"id": "9", "updated_at": "now"})
    mock.delete(f"{API}/webinars/9/panelists/p1", status_code=204)
    mock.delete(f"{API}/webinars/9/panelists", status_code=204)

    assert ZoomListWebinarPanelistsOperator(task_id="l", webinar_id=9).execute({}) == [{"id": "p1"}]
    people = [{"name": f"P {i}", "email": f"p{i}@example.com"} for i in range(65)]
    reply = ZoomAddWebinarPanelistsOperator(task_id="a", webinar_id=9, panelists=people).execute({})
    assert reply["added"] == 65
    posts = [c for c in api_calls(mock) if c.method == "POST"]
    assert [len(c.json()["panelists"]) for c in posts] == [30, 30, 5]
    assert ZoomRemoveWebinarPanelistOperator(task_id="r", webinar_id=9, panelist_id="p1").execute({})[
        "removed"
    ]
    ZoomRemoveWebinarPanelistsOperator(task_id="ra", webinar_id=9).execute({})
    deletes = [c.url for c in api_calls(mock) if c.method == "DELETE"]
    assert deletes == [f"{API}/webinars/9/panelists/p1", f"{API}/webinars/9/panelists"]


@pytest.mark.parametrize(
    ("panelists", "field"),
    [
        ([], "panelists"),
        ({"name": "A", "email": "a@example.com"}, "panelists"),
        ([{"name": "A"}], "panelists[0].email"),
        (
            [{"name": "A", "email": "a@example.com"}, {"name": " ", "email": "b@example.com"}],
            "panelists[1].name",
        ),
        ([{"name": "A", "email": "not-an-email"}], "panelists[0].email"),
        ([{"name": "A", "email": "a@example.com", "role": "x"}], "panelists[0]"),
    ],
)
def test_bad_panelists_fail_at_parse_time_naming_the_field(panelists, field):
    with pytest.raises(ZoomConfigError) as info:
        ZoomAddWebinarPanelistsOperator(task_id="a", webinar_id=9, panelists=panelists)
    assert info.value.field == field


def test_templated_panelists_are_checked_before_any_request(zoom_conn, mock):
    op = ZoomAddWebinarPanelistsOperator(task_id="a", webinar_id=9, panelists="{{ params.people }}")
    op.panelists = [{"name": "A"}]  # as rendered
    with pytest.raises(ZoomConfigError, match=r"panelists\[0\]\.email"):
        op.execute({})
    assert api_calls(mock) == []


# ---------------------------------------------------------------------------- polls and Q&A
@pytest.mark.parametrize(
    ("operator", "kwargs", "path"),
    [
        (
            ZoomListPastMeetingPollsOperator,
            {"meeting_id": UUID_WITH_SLASH},
            f"/past_meetings/{DOUBLE_ENCODED}/polls",
        ),
        (ZoomGetPastMeetingQAOperator, {"meeting_id": 123}, "/past_meetings/123/qa"),
        (ZoomListPastWebinarPollsOperator, {"webinar_id": 456}, "/past_webinars/456/polls"),
        (ZoomGetPastWebinarQAOperator, {"webinar_id": 456}, "/past_webinars/456/qa"),
    ],
)
def test_poll_and_qa_results(zoom_conn, mock, operator, kwargs, path):
    mock.get(f"{API}{path}", json={"questions": [{"name": "Ada", "question_details": []}]})
    assert operator(task_id="p", **kwargs).execute({})["questions"][0]["name"] == "Ada"
    assert api_calls(mock)[0].url == f"{API}{path}"


def test_missing_meeting_id_fails_before_any_request(zoom_conn, mock):
    with pytest.raises(ZoomConfigError, match="meeting_id"):
        ZoomGetPastMeetingQAOperator(task_id="q", meeting_id="").execute({})
    assert api_calls(mock) == []


# ---------------------------------------------------------------------------- Zoom Phone
def test_call_history_uses_the_current_endpoint_and_zooms_item_key(zoom_conn, mock):
    mock.get(
        f"{API}/phone/call_history",
        [
            {"json": {"call_logs": [{"id": "c1"}], "next_page_token": "n"}},
            {"json": {"call_logs": [{"id": "c2"}], "next_page_token": ""}},
        ],
    )
    op = ZoomListPhoneCallLogsOperator(task_id="c", from_="2026-05-01", to="2026-05-31", time_type="end_time")
    assert [c["id"] for c in op.execute({})] == ["c1", "c2"]
    first = api_calls(mock)[0]
    assert first.qs["from"] == ["2026-05-01"] and first.qs["to"] == ["2026-05-31"]
    assert first.qs["time_type"] == ["end_time"]


def test_user_call_history_splits_long_ranges_into_months(zoom_conn, mock):
    mock.get(
        f"{API}/phone/users/ada%40example.com/call_history", json={"call_logs": [], "next_page_token": ""}
    )
    ZoomListUserCallLogsOperator(
        task_id="u", user_id="ada@example.com", from_="2025-12-15", to="2026-02-10"
    ).execute({})
    assert [(c.qs["from"][0], c.qs["to"][0]) for c in api_calls(mock)] == [
        ("2025-12-15", "2026-01-14"),  # across the year end
        ("2026-01-15", "2026-02-10"),
    ]


def test_phone_recordings_filters_and_page_size(zoom_conn, mock):
    mock.get(f"{API}/phone/recordings", json={"recordings": [{"id": "r1"}], "next_page_token": ""})
    op = ZoomListPhoneRecordingsOperator(
        task_id="r",
        from_="2026-05-01",
        to="2026-05-02",
        owner_type="callQueue",
        recording_type="OnDemand",
        site_id="s1",
        query_date_type="end_time",
    )
    assert op.execute({}) == [{"id": "r1"}]
    qs = api_calls(mock)[0].qs
    assert qs["owner_type"] == ["callqueue"] and qs["recording_type"] == ["ondemand"]
    assert qs["site_id"] == ["s1"] and qs["query_date_type"] == ["end_time"] and qs["page_size"] == ["100"]


def test_user_phone_recordings_and_numbers(zoom_conn, mock):
    mock.get(f"{API}/phone/users/me/recordings", json={"recordings": [{"id": "r"}], "next_page_token": ""})
    mock.get(
        f"{API}/phone/numbers", json={"phone_numbers": [{"id": "n1"}, {"id": "n2"}], "next_page_token": ""}
    )
    op = ZoomListUserPhoneRecordingsOperator(task_id="u", from_="2026-05-01", to="2026-05-01")
    assert op.execute({}) == [{"id": "r"}]
    assert ZoomListPhoneNumbersOperator(task_id="n", type="assigned", max_results=1).execute({}) == [
        {"id": "n1"}
    ]
    assert api_calls(mock)[-1].qs["type"] == ["assigned"]


@pytest.mark.parametrize(
    ("operator", "kwargs", "field"),
    [
        (ZoomListPhoneRecordingsOperator, {"owner_type": "robot"}, "owner_type"),
        (ZoomListPhoneRecordingsOperator, {"recording_type": "ondemand"}, "recording_type"),
        (ZoomListPhoneRecordingsOperator, {"query_date_type": "day"}, "query_date_type"),
        (ZoomListPhoneCallLogsOperator, {"time_type": "startTime"}, "time_type"),
        (ZoomListPhoneNumbersOperator, {"type": "free"}, "type"),
    ],
)
def test_bad_phone_choices_fail_at_parse_time(operator, kwargs, field):
    with pytest.raises(ZoomConfigError) as info:
        operator(task_id="x", **kwargs)
    assert info.value.field == field


def test_bad_phone_dates_fail_before_any_request(zoom_conn, mock):
    with pytest.raises(ZoomConfigError, match="from_"):
        ZoomListPhoneRecordingsOperator(task_id="r", from_="2026-06-02", to="2026-06-01").execute({})
    with pytest.raises(ZoomConfigError, match="from_"):
        ZoomListPhoneRecordingsOperator(task_id="r", from_="yesterday", to="2026-06-01").execute({})
    assert api_calls(mock) == []


# ---------------------------------------------------------------------------- account
def test_current_user_and_account_settings(zoom_conn, mock):
    mock.get(f"{API}/users/me", json={"id": "u1", "email": "ada@example.com"})
    mock.get(f"{API}/accounts/me/settings", json={"security": {"admin_change_name_pic": False}})
    assert ZoomGetCurrentUserOperator(task_id="me").execute({})["email"] == "ada@example.com"
    ZoomGetAccountSettingsOperator(task_id="s", option="security").execute({})
    assert api_calls(mock)[-1].qs == {"option": ["security"]}
    with pytest.raises(ZoomConfigError) as info:
        ZoomGetAccountSettingsOperator(task_id="s", option="billing")
    assert info.value.field == "option"


def test_describe_token_scopes_reports_granted_and_missing_without_the_token(zoom_conn, mock):
    report = ZoomDescribeTokenScopesOperator(
        task_id="scopes",
        required={
            "AI Companion summaries": ["meeting:read:summary:admin"],
            "Zoom Phone": ["phone:read:list_call_logs:admin"],
            "users": ["user:read:admin|user:read:user:admin"],
        },
    ).execute({})
    assert report["allowed"] == ["AI Companion summaries", "users"]
    assert report["missing"] == {"Zoom Phone": ["phone:read:list_call_logs:admin"]}
    assert "phone:read:list_call_logs:admin" in report["message"]
    assert report["summary"] == "Missing scopes for Zoom Phone (phone:read:list_call_logs:admin)"
    assert "tok-1" not in json.dumps(report)
    assert api_calls(mock) == []  # the scopes come with the token; no API call


def test_describe_token_scopes_can_fail_fast(zoom_conn, mock):
    op = ZoomDescribeTokenScopesOperator(
        task_id="scopes", required={"Zoom Phone": ["phone:read:list_numbers:admin"]}, fail_on_missing=True
    )
    with pytest.raises(ZoomConfigError, match="phone:read:list_numbers:admin"):
        op.execute({})


def test_describe_token_scopes_parses_without_a_connection_or_a_token(monkeypatch):
    monkeypatch.delenv("AIRFLOW_CONN_ZOOM_DEFAULT", raising=False)
    op = ZoomDescribeTokenScopesOperator(task_id="scopes", required={"users": ["user:read:admin"]})
    assert op.required == {"users": ["user:read:admin"]}
    with pytest.raises(ZoomConfigError) as info:
        ZoomDescribeTokenScopesOperator(task_id="bad", required=["user:read:admin"])
    assert info.value.field == "required"
