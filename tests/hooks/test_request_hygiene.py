"""Text sent to Zoom holds no control characters; URLs in urllib3's DEBUG lines hold no signatures."""

from __future__ import annotations

import io
import logging
import re

import pytest

from airflow_provider_zoom._http.log import redact_query
from airflow_provider_zoom.exceptions import ZoomConfigError
from airflow_provider_zoom.hooks.zoom import ZoomHook
from airflow_provider_zoom.operators.api import ZoomApiOperator
from airflow_provider_zoom.operators.meetings import ZoomCreateMeetingOperator
from tests.conftest import API


# ---------------------------------------------------------------------------- control characters
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_topic_with_a_control_character_is_refused_when_the_dag_is_parsed(zoom_conn, char):
    with pytest.raises(ZoomConfigError) as caught:
        ZoomCreateMeetingOperator(task_id="c", topic=f"Weekly{char}sync")
    assert caught.value.field == "topic"


def test_the_hook_refuses_before_any_request(hook, mock):
    with pytest.raises(ZoomConfigError) as caught:
        hook.create_meeting(topic="Weekly\x00sync")
    assert caught.value.field == "topic"
    assert not mock.request_history


def test_nested_and_query_fields_are_named(hook, mock):
    with pytest.raises(ZoomConfigError) as caught:
        hook.request("POST", "/users/me/meetings", json={"settings": {"contact_name": "Ada\x00"}})
    assert caught.value.field == "settings.contact_name"
    with pytest.raises(ZoomConfigError) as caught:
        hook.request("GET", "/users", params={"search_key": "a\x00"})
    assert caught.value.field == "search_key"
    assert not mock.request_history


def test_the_raw_operator_refuses_a_templated_body_with_a_nul(zoom_conn, mock):
    op = ZoomApiOperator(
        task_id="raw", endpoint="/users/me/meetings", method="POST", json={"topic": "{{ x }}"}
    )
    op.json = {"topic": "rendered\x00"}
    with pytest.raises(ZoomConfigError) as caught:
        op.execute(context={})
    assert caught.value.field == "topic"
    assert not [r for r in mock.request_history if r.url.startswith(API)]


def test_line_breaks_and_tabs_in_free_text_pass(hook, mock):
    mock.post(f"{API}/users/me/meetings", json={"id": 1}, status_code=201)
    hook.create_meeting(topic="Sync", agenda="First line\n\tsecond line\r\n")
    assert mock.request_history[-1].json()["agenda"] == "First line\n\tsecond line\r\n"


# ---------------------------------------------------------------------------- signed URLs at DEBUG
def test_urllib3_debug_lines_carry_no_cdn_signature(emulator, caplog):
    zoom = emulator(users=2)
    hook = ZoomHook()
    past = next(p for p in zoom.state.past_meetings.values() if p.get("_recording"))
    item = next(f for f in hook.get_meeting_recordings(past["uuid"])["recording_files"] if f.get("file_size"))

    with caplog.at_level(logging.DEBUG):
        hook.download(item["download_url"], io.BytesIO(), expected_size=item["file_size"])

    lines = [r.getMessage() for r in caplog.records if r.name == "urllib3.connectionpool"]
    cdn = [line for line in lines if "/cdn/" in line]
    assert cdn, lines  # urllib3 logged the CDN request ...
    assert all("Signature=***" in line for line in cdn), cdn  # ... with its signature redacted
    assert not [line for line in lines if re.search(r"Signature=(?!\*\*\*)", line)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/rec/download/f?access_token=eyJ.abc&x=1", "/rec/download/f?access_token=***&x=1"),
        (
            "/f?X-Amz-Signature=ab12&X-Amz-Credential=k%2F1&X-Amz-Date=1",
            "/f?X-Amz-Signature=***&X-Amz-Credential=***&X-Amz-Date=1",
        ),
        (
            '"GET /cdn/t?Expires=9&Signature=zz HTTP/1.1" 200',
            '"GET /cdn/t?Expires=9&Signature=*** HTTP/1.1" 200',
        ),
        ("/users?page_size=300", "/users?page_size=300"),
    ],
)
def test_redact_query(text, expected):
    assert redact_query(text) == expected
