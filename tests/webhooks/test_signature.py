from __future__ import annotations

import pytest

from airflow_provider_zoom.webhooks.signature import (
    compute_signature,
    url_validation_response,
    verify_signature,
)

SECRET = "zoom-secret-token"
TS = 1700000000
BODY = b'{"event":"meeting.started"}'
# HMAC-SHA256("zoom-secret-token", 'v0:1700000000:{"event":"meeting.started"}'), computed once.
KNOWN_SIGNATURE = "v0=786c4446a640d95353b44534c52c31a8be0a5eadf45b4a1715cb39d62fa6acd1"


def test_known_vector():
    assert compute_signature(SECRET, timestamp=TS, body=BODY) == KNOWN_SIGNATURE
    assert compute_signature(SECRET, timestamp=str(TS), body=BODY.decode()) == KNOWN_SIGNATURE


def test_valid_signature():
    assert verify_signature(SECRET, timestamp=str(TS), body=BODY, signature=KNOWN_SIGNATURE, now=TS + 10)


@pytest.mark.parametrize("body", [BODY, BODY.decode()])
def test_str_and_bytes_bodies_verify_alike(body):
    assert verify_signature(SECRET, timestamp=TS, body=body, signature=KNOWN_SIGNATURE, now=TS)


def test_tampered_body():
    tampered = BODY.replace(b"started", b"ended")
    assert not verify_signature(SECRET, timestamp=TS, body=tampered, signature=KNOWN_SIGNATURE, now=TS)


def test_reserialised_json_does_not_verify():
    spaced = b'{"event": "meeting.started"}'
    assert not verify_signature(SECRET, timestamp=TS, body=spaced, signature=KNOWN_SIGNATURE, now=TS)


def test_wrong_secret():
    assert not verify_signature("other-secret", timestamp=TS, body=BODY, signature=KNOWN_SIGNATURE, now=TS)


@pytest.mark.parametrize("offset", [301, 3600, -301, -3600])
def test_stale_and_future_timestamps(offset):
    assert not verify_signature(SECRET, timestamp=TS, body=BODY, signature=KNOWN_SIGNATURE, now=TS + offset)


@pytest.mark.parametrize("offset", [300, -300, 0])
def test_timestamp_within_tolerance(offset):
    assert verify_signature(SECRET, timestamp=TS, body=BODY, signature=KNOWN_SIGNATURE, now=TS + offset)


def test_timestamp_is_part_of_the_signature():
    assert not verify_signature(SECRET, timestamp=TS + 1, body=BODY, signature=KNOWN_SIGNATURE, now=TS)


@pytest.mark.parametrize(
    ("timestamp", "signature", "secret"),
    [
        (TS, None, SECRET),
        (TS, "", SECRET),
        (None, KNOWN_SIGNATURE, SECRET),
        ("not-a-number", KNOWN_SIGNATURE, SECRET),
        (TS, KNOWN_SIGNATURE, ""),
    ],
)
def test_missing_or_bad_inputs(timestamp, signature, secret):
    assert not verify_signature(secret, timestamp=timestamp, body=BODY, signature=signature, now=TS)


def test_other_version_prefix_rejected():
    v1 = "v1=" + KNOWN_SIGNATURE.split("=", 1)[1]
    assert not verify_signature(SECRET, timestamp=TS, body=BODY, signature=v1, now=TS)


def test_url_validation_known_vector():
    answer = url_validation_response(SECRET, "qgg8vlvZRS6UYooatFL8Aw")
    assert answer == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": "d9e0d764a78494688ba3f2d5c0ed4ca311394b4834d959759213424d2df961e3",
    }


def test_url_validation_needs_plain_token():
    with pytest.raises(ValueError, match="plainToken"):
        url_validation_response(SECRET, "")
