from __future__ import annotations

import json
import time

import pytest

from airflow_provider_zoom.testing.emulator.events import (
    default_payload,
    post_signed,
    run_url_validation,
    send_event,
)
from airflow_provider_zoom.webhooks.signature import url_validation_response, verify_signature

URL = "http://127.0.0.1:9/zoom/webhooks/zoom_default"
SECRET = "send-event-secret"


@pytest.mark.parametrize(
    "event",
    [
        "recording.completed",
        "recording.transcript_completed",
        "meeting.started",
        "meeting.ended",
        "webinar.ended",
        "meeting.participant_joined",
    ],
)
def test_send_event_signs_a_realistic_body(requests_mock, event):
    requests_mock.post(URL, status_code=200, text='{"status": "registered"}')
    status, text = send_event(URL, event, secret_token=SECRET, event_ts=1700000000123)
    assert (status, text) == (200, '{"status": "registered"}')
    request = requests_mock.last_request
    assert request.headers["content-type"] == "application/json"
    assert verify_signature(
        SECRET,
        timestamp=request.headers["x-zm-request-timestamp"],
        body=request.body,
        signature=request.headers["x-zm-signature"],
    )
    body = json.loads(request.body)
    assert body["event"] == event
    assert body["event_ts"] == 1700000000123
    assert body["payload"]["account_id"] == "emulator-account"
    obj = body["payload"]["object"]
    assert obj["uuid"] and obj["id"] and obj["host_id"] and obj["topic"] and obj["start_time"]
    if event.startswith("recording."):
        assert body["download_token"]
        assert obj["recording_files"]
        assert all(f["download_url"].startswith("https://") for f in obj["recording_files"])
    else:
        assert "download_token" not in body
    if event == "meeting.participant_joined":
        assert obj["participant"]["user_name"]


def test_send_event_uses_the_given_payload_and_timestamp(requests_mock):
    requests_mock.post(URL, status_code=401, text="no")
    payload = {"account_id": "acct", "object": {"uuid": "u1"}}
    status, _ = send_event(URL, "meeting.ended", secret_token=SECRET, payload=payload, timestamp=1234)
    assert status == 401
    request = requests_mock.last_request
    assert request.headers["x-zm-request-timestamp"] == "1234"
    assert json.loads(request.body)["payload"] == payload
    assert verify_signature(
        SECRET, timestamp=1234, body=request.body, signature=request.headers["x-zm-signature"], now=1234
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"secret_token": ""}, "secret_token"), ({"secret_token": "s", "payload": []}, "payload")],
)
def test_send_event_checks_arguments(kwargs, field):
    with pytest.raises(ValueError, match=field):
        send_event(URL, "meeting.ended", **kwargs)


def test_post_signed_sends_the_bytes_as_given(requests_mock):
    requests_mock.post(URL, status_code=200, text="ok")
    body = b'{"event": "meeting.ended",   "payload": {}}'
    post_signed(URL, body, secret_token=SECRET, timestamp=int(time.time()))
    assert requests_mock.last_request.body == body


def test_default_payload_for_unknown_event():
    assert default_payload("user.created", account_id="a") == {"account_id": "a", "object": {}}


def _answer_with(secret):
    def answer(request, context):
        token = json.loads(request.body)["payload"]["plainToken"]
        return json.dumps(url_validation_response(secret, token))

    return answer


def test_run_url_validation_ok(requests_mock):
    requests_mock.post(URL, text=_answer_with(SECRET))
    ok, message = run_url_validation(URL, secret_token=SECRET)
    assert ok, message
    request = requests_mock.last_request
    assert json.loads(request.body)["event"] == "endpoint.url_validation"
    assert verify_signature(
        SECRET,
        timestamp=request.headers["x-zm-request-timestamp"],
        body=request.body,
        signature=request.headers["x-zm-signature"],
    )


def test_run_url_validation_plain_token_is_random(requests_mock):
    requests_mock.post(URL, text=_answer_with(SECRET))
    run_url_validation(URL, secret_token=SECRET)
    run_url_validation(URL, secret_token=SECRET)
    first, second = (json.loads(r.body)["payload"]["plainToken"] for r in requests_mock.request_history)
    assert first != second


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        ({"text": _answer_with("other-secret")}, "encryptedToken does not match"),
        ({"status_code": 401, "text": "invalid signature"}, "expected HTTP 200, got 401"),
        ({"text": "not json"}, "not JSON"),
        ({"text": '{"plainToken": "x", "encryptedToken": "y"}'}, "plainToken does not echo"),
    ],
)
def test_run_url_validation_failures(requests_mock, response, expected):
    requests_mock.post(URL, **response)
    ok, message = run_url_validation(URL, secret_token=SECRET)
    assert not ok
    assert expected in message


def test_run_url_validation_connection_error():
    ok, message = run_url_validation("http://127.0.0.1:9/nothing", secret_token=SECRET)
    assert not ok
    assert "failed" in message
