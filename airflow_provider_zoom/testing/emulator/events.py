"""
Send Zoom-style webhook deliveries to a receiver, signed as Zoom signs them.

Used by ``zoom-emulator send-event`` / ``zoom-emulator validate-url`` and by tests::

    status, text = send_event(
        "http://127.0.0.1:8080/zoom/webhooks/zoom_default",
        "recording.completed",
        secret_token="...",
    )

Only ``requests`` and the standard library are imported here.
"""

from __future__ import annotations

import copy
import json
import secrets
import time
import uuid as uuid_mod
from datetime import datetime, timedelta, timezone
from typing import Any

import requests

from airflow_provider_zoom.webhooks.signature import compute_signature, url_validation_response

DEFAULT_ACCOUNT_ID = "emulator-account"
DEFAULT_TIMEOUT = 10.0

SIGNATURE_HEADER = "x-zm-signature"
TIMESTAMP_HEADER = "x-zm-request-timestamp"


def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _meeting(meeting_type: int = 2, *, ended: bool = False) -> dict[str, Any]:
    start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
    obj: dict[str, Any] = {
        # Text in meeting and webinar events, as Zoom's SDK event types have it (recording events
        # carry a number: see _recording).
        "id": "85746065432",
        "uuid": "4444AAAiAAAAAiAiAiiAii==",
        "host_id": "x1yCzABCDEfg23HiJKl4mN",
        "topic": "Weekly sync",
        "type": meeting_type,
        "start_time": _iso(start),
        "timezone": "UTC",
        "duration": 60,
    }
    if ended:
        obj["end_time"] = _iso(start + timedelta(minutes=58))
    return obj


def _recording_file(meeting_uuid: str, start: str, file_type: str, recording_type: str, size: int) -> dict:
    file_id = str(uuid_mod.uuid4())
    ext = {"TRANSCRIPT": "VTT", "CHAT": "TXT"}.get(file_type, file_type)
    return {
        "id": file_id,
        "meeting_id": meeting_uuid,
        "recording_start": start,
        "recording_end": start,
        "file_type": file_type,
        "file_extension": ext,
        "file_size": size,
        "play_url": f"https://zoom.us/rec/play/{file_id}",
        "download_url": f"https://zoom.us/rec/download/{file_id}",
        "status": "completed",
        "recording_type": recording_type,
    }


def _recording(files: list[tuple[str, str, int]]) -> dict[str, Any]:
    obj = _meeting()
    obj.update(
        {
            # A number in recording events, as in Zoom's documented recording.completed example and
            # its SDK's RecordingCompletedEvent type.
            "id": int(obj["id"]),
            "host_email": "host@example.com",
            "share_url": "https://zoom.us/rec/share/example",
            "password": "",
            "recording_play_passcode": "",
            "account_id": DEFAULT_ACCOUNT_ID,
        }
    )
    obj["recording_files"] = [
        _recording_file(obj["uuid"], obj["start_time"], file_type, recording_type, size)
        for file_type, recording_type, size in files
    ]
    obj["recording_count"] = len(obj["recording_files"])
    obj["total_size"] = sum(size for _, _, size in files)
    return obj


def default_payload(event: str, *, account_id: str = DEFAULT_ACCOUNT_ID) -> dict[str, Any]:
    """
    Return a realistic ``payload`` for ``event``, shaped like Zoom's.

    Events without a built-in example get ``{"account_id": ..., "object": {}}``.

    :param event: the Zoom event name, e.g. ``recording.completed``.
    :param account_id: ``payload.account_id``.
    """
    if event == "recording.completed":
        obj = _recording(
            [
                ("MP4", "shared_screen_with_speaker_view", 1_048_576),
                ("M4A", "audio_only", 262_144),
                ("CHAT", "chat_file", 1_024),
            ]
        )
    elif event == "recording.transcript_completed":
        obj = _recording([("TRANSCRIPT", "audio_transcript", 4_096)])
    elif event == "meeting.started":
        obj = _meeting()
    elif event == "meeting.ended":
        obj = _meeting(ended=True)
    elif event == "webinar.ended":
        obj = _meeting(5, ended=True)
        obj.update(id="91234567890", uuid="WbnAAAiAAAAAiAiAiiAii==", topic="Quarterly webinar")
    elif event == "meeting.participant_joined":
        obj = _meeting()
        obj["participant"] = {
            "user_id": "16778240",
            "user_name": "Jill Chill",
            "id": "iFxeBPYun6SAiWUzBcEkX",
            "participant_uuid": "55555AAAiAAAAAiAiAiiAii",
            "join_time": _iso(datetime.now(timezone.utc).replace(microsecond=0)),
            "email": "jchill@example.com",
        }
    else:
        obj = {}
    if "account_id" in obj:
        obj["account_id"] = account_id
    return {"account_id": account_id, "object": obj}


def build_event(
    event: str,
    *,
    payload: dict[str, Any] | None = None,
    event_ts: int | None = None,
    account_id: str = DEFAULT_ACCOUNT_ID,
) -> dict[str, Any]:
    """
    Build an event body ``{"event", "event_ts", "payload"}`` (plus ``download_token`` for recordings).

    :param event: the Zoom event name.
    :param payload: the payload; :func:`default_payload` when None.
    :param event_ts: milliseconds since the epoch; now when None.
    :param account_id: ``payload.account_id`` of the default payload.
    """
    body: dict[str, Any] = {
        "event": event,
        "event_ts": int(time.time() * 1000) if event_ts is None else int(event_ts),
        "payload": copy.deepcopy(payload)
        if payload is not None
        else default_payload(event, account_id=account_id),
    }
    if event.startswith("recording.") and event.endswith("completed"):
        # Zoom adds a 24-hour download token to recording events, next to the payload.
        body["download_token"] = secrets.token_urlsafe(48)
    return body


def send_event(
    url: str,
    event: str,
    *,
    secret_token: str,
    payload: dict[str, Any] | None = None,
    timestamp: int | None = None,
    event_ts: int | None = None,
) -> tuple[int, str]:
    """
    POST a signed Zoom event to ``url`` and return the HTTP status and response text.

    :param url: the receiver, e.g. ``http://127.0.0.1:8080/zoom/webhooks/zoom_default``.
    :param event: the Zoom event name, e.g. ``recording.completed``.
    :param secret_token: the webhook secret token to sign with.
    :param payload: the event payload; a realistic one for ``event`` when None.
    :param timestamp: the ``x-zm-request-timestamp`` header in seconds; now when None.
    :param event_ts: the body's ``event_ts`` in milliseconds; now when None.
    """
    if not secret_token:
        raise ValueError("secret_token: required to sign the event")
    if not event:
        raise ValueError("event: required, e.g. 'recording.completed'")
    if payload is not None and not isinstance(payload, dict):
        raise ValueError(f"payload: must be a dict, got {type(payload).__name__}")
    body = json.dumps(build_event(event, payload=payload, event_ts=event_ts), separators=(",", ":"))
    return post_signed(url, body.encode("utf-8"), secret_token=secret_token, timestamp=timestamp)


def post_signed(url: str, body: bytes, *, secret_token: str, timestamp: int | None = None) -> tuple[int, str]:
    """
    POST ``body`` to ``url`` exactly as given, signed for ``timestamp``; return status and text.

    Sending the same bytes again with a later timestamp is what a Zoom redelivery looks like.

    :param url: the receiver URL.
    :param body: the raw JSON body.
    :param secret_token: the webhook secret token to sign with.
    :param timestamp: the ``x-zm-request-timestamp`` header in seconds; now when None.
    """
    ts = int(time.time()) if timestamp is None else int(timestamp)
    headers = {
        "content-type": "application/json",
        SIGNATURE_HEADER: compute_signature(secret_token, timestamp=ts, body=body),
        TIMESTAMP_HEADER: str(ts),
        "user-agent": "Zoom Marketplace/1.0a (airflow-provider-zoom emulator)",
    }
    response = requests.post(url, data=body, headers=headers, timeout=DEFAULT_TIMEOUT)
    return response.status_code, response.text


def run_url_validation(url: str, *, secret_token: str) -> tuple[bool, str]:
    """
    Send an ``endpoint.url_validation`` challenge to ``url`` and check the answer as Zoom does.

    :param url: the receiver URL.
    :param secret_token: the webhook secret token the receiver should use.
    :return: ``(ok, message)``; the message says what was wrong when ``ok`` is False.
    """
    if not secret_token:
        raise ValueError("secret_token: required to validate the URL")
    plain_token = secrets.token_urlsafe(16)
    body_obj = {
        "event": "endpoint.url_validation",
        "event_ts": int(time.time() * 1000),
        "payload": {"plainToken": plain_token},
    }
    body = json.dumps(body_obj, separators=(",", ":")).encode("utf-8")
    try:
        status, text = post_signed(url, body, secret_token=secret_token)
    except requests.RequestException as err:
        return False, f"request to {url} failed: {type(err).__name__}: {err}"
    if status != 200:
        return False, f"expected HTTP 200, got {status}: {text[:200]}"
    try:
        answer = json.loads(text)
    except ValueError:
        return False, f"reply is not JSON: {text[:200]}"
    if not isinstance(answer, dict):
        return False, "reply is not a JSON object"
    expected = url_validation_response(secret_token, plain_token)
    if answer.get("plainToken") != plain_token:
        return False, "reply's plainToken does not echo the challenge"
    if answer.get("encryptedToken") != expected["encryptedToken"]:
        return False, "reply's encryptedToken does not match: the receiver uses a different secret token"
    return True, "URL validated: the receiver answered the challenge with the right encryptedToken"
