from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from airflow_provider_zoom._contract.facts import SECRET_REPLY_FIELDS
from airflow_provider_zoom.testing.emulator.events import build_event, default_payload
from airflow_provider_zoom.webhooks.events import (
    EXTRA_DELIVERY_KEY,
    MASK,
    MalformedEventError,
    build_extra,
    delivery_key,
    meeting_uuids,
    parse_event,
    scrub,
    zoom_events,
)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b"\xff\xfe", "body"),
        (b"[1, 2]", "body"),
        (b"{}", "event"),
        (b'{"event": ""}', "event"),
        (b'{"event": 5}', "event"),
        (b'{"event": "a.b", "payload": []}', "payload"),
        (b'{"event": "a.b", "payload": {}, "event_ts": "soon"}', "event_ts"),
    ],
)
def test_parse_event_names_the_field(body, field):
    with pytest.raises(MalformedEventError) as err:
        parse_event(body)
    assert err.value.field == field


def test_redelivery_has_the_same_key_even_reserialised_and_with_a_new_download_token():
    first = build_event("recording.completed", event_ts=1700000000123)
    again = json.loads(json.dumps(first))
    again["download_token"] = "a-new-token"
    reordered = dict(reversed(list(again.items())))
    assert delivery_key(first) == delivery_key(again) == delivery_key(reordered)


def test_distinct_events_have_distinct_keys():
    payload = default_payload("meeting.participant_joined")
    a = {"event": "meeting.participant_joined", "event_ts": 1, "payload": payload}
    later = {**a, "event_ts": 2}
    other_participant = json.loads(json.dumps(a))
    other_participant["payload"]["object"]["participant"]["user_id"] = "99"
    other_event = {**a, "event": "meeting.participant_left"}
    keys = {delivery_key(e) for e in (a, later, other_participant, other_event)}
    assert len(keys) == 4


def test_scrub_masks_credentials_and_keeps_the_rest():
    value = {
        "password": "123456",
        "recording_play_passcode": "",
        "object": {
            "uuid": "u==",
            "join_url": "https://zoom.us/j/123?pwd=secretpwd&x=1",
            "recording_files": [
                {"download_url": "https://zoom.us/rec/download/f?access_token=tok-secret-xyz"}
            ],
        },
    }
    out = scrub(value)
    text = json.dumps(out)
    for secret in ("123456", "secretpwd", "tok-secret-xyz"):
        assert secret not in text
    assert out["password"] == MASK
    assert out["recording_play_passcode"] == ""
    assert out["object"]["uuid"] == "u=="
    assert "x=1" in out["object"]["join_url"]
    assert out["object"]["recording_files"][0]["download_url"].endswith("access_token=***")
    assert value["password"] == "123456"  # the input is left alone


@pytest.mark.parametrize("field", sorted(SECRET_REPLY_FIELDS))
def test_scrub_masks_every_credential_zoom_replies_carry(field):
    # A meeting.created event carries start_url, whose query holds the host's zak.
    value = {"object": {field: "https://zoom.us/s/1?zak=zak-secret-1", "topic": "t"}}
    out = scrub(value)
    assert out["object"][field] == MASK
    assert "zak-secret-1" not in json.dumps(out)
    assert out["object"]["topic"] == "t"


def test_build_extra_drops_the_download_token():
    event = build_event("recording.completed")
    token = event["download_token"]
    extra = build_extra(event, account_id="acct", conn_id="zoom_default")
    text = json.dumps(extra)
    assert token not in text
    assert extra["zoom_download_token_received"] is True
    assert extra["zoom_event"] == "recording.completed"
    assert extra["zoom_account_id"] == "acct"
    assert extra[EXTRA_DELIVERY_KEY] == delivery_key(event)
    assert extra["payload"]["object"]["uuid"] == event["payload"]["object"]["uuid"]


def _extra(uuid: str, ts: int, event: str = "recording.completed") -> dict:
    body = {"event": event, "event_ts": ts, "payload": {"account_id": "a", "object": {"uuid": uuid}}}
    return build_extra(body, account_id="a", conn_id="zoom_default")


def test_meeting_uuids_from_triggering_events():
    e1, e2, e3 = _extra("m1", 2), _extra("m2", 1), _extra("m1", 3)
    started = _extra("m3", 4, "meeting.started")
    # As in a task context: asset -> events with .extra; the alias lists e2 a second time.
    triggering = {
        "zoom://a/recording.completed": [SimpleNamespace(extra=e1), SimpleNamespace(extra=e2)],
        "alias": [SimpleNamespace(extra=e2), SimpleNamespace(extra=e3), SimpleNamespace(extra=started)],
        "other": [SimpleNamespace(extra={"unrelated": True})],
    }
    assert meeting_uuids(triggering, "recording.completed") == ["m2", "m1"]
    assert meeting_uuids(triggering) == ["m2", "m1", "m3"]
    assert len(zoom_events(triggering)) == 4
    assert meeting_uuids(None) == []
    assert meeting_uuids([e1]) == ["m1"]
