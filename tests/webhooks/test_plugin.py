from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time

import pytest
from fastapi.testclient import TestClient

from airflow_provider_zoom.testing.emulator.events import build_event
from airflow_provider_zoom.webhooks import receiver
from airflow_provider_zoom.webhooks.plugin import ZoomWebhookPlugin, create_app
from airflow_provider_zoom.webhooks.signature import compute_signature

SECRET = "whsec-unit-test-value-4f1c"
CLIENT_SECRET = "client-secret-unit-test-value"
URL = "/webhooks/zoom_default"
KNOWN_ASSETS = {
    "zoom://acct-1/recording.completed",
    "zoom://acct-1/meeting.ended",
}


def _set_conn(monkeypatch, conn_id="zoom_default", **extra):
    extra = {"account_id": "acct-1", "webhook_secret_token": SECRET, **extra}
    conn = {"conn_type": "zoom", "login": "client-id", "password": CLIENT_SECRET, "extra": extra}
    monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(conn))


@pytest.fixture
def registered(monkeypatch):
    """Replace the database write with an in-memory one that dedupes on the delivery key."""
    calls: list[dict] = []
    seen: set[str] = set()

    def fake(*, uri, extra, account_id, key, now):
        calls.append({"uri": uri, "extra": extra, "account_id": account_id, "key": key, "now": now})
        if uri not in KNOWN_ASSETS:
            return receiver.NO_CONSUMER
        if key in seen:
            return receiver.DUPLICATE
        seen.add(key)
        return receiver.REGISTERED

    monkeypatch.setattr(receiver, "_register_asset_event", fake)
    return calls


@pytest.fixture
def client(monkeypatch, registered):
    _set_conn(monkeypatch)
    with TestClient(create_app()) as test_client:
        yield test_client


def _post(client, body, *, secret=SECRET, timestamp=None, headers=None, url=URL):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    ts = int(time.time()) if timestamp is None else timestamp
    sent = {
        "content-type": "application/json",
        "x-zm-request-timestamp": str(ts),
        "x-zm-signature": compute_signature(secret, timestamp=ts, body=raw),
    }
    sent.update(headers or {})
    return client.post(url, content=raw, headers={k: v for k, v in sent.items() if v is not None})


def _event(name="recording.completed", account="acct-1", **kwargs):
    event = build_event(name, account_id=account, **kwargs)
    event["payload"]["object"]["password"] = "meeting-passcode-991"
    return event


def test_plugin_declaration():
    assert ZoomWebhookPlugin.name == "zoom_webhooks"
    [entry] = ZoomWebhookPlugin.fastapi_apps
    assert entry["name"] == "zoom_webhooks"
    assert entry["url_prefix"] == "/zoom"
    assert any(getattr(r, "path", None) == "/webhooks/{conn_id}" for r in entry["app"].routes)


def test_url_validation_challenge(client, registered):
    body = {
        "event": "endpoint.url_validation",
        "event_ts": 1,
        "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
    }
    response = _post(client, body)
    assert response.status_code == 200
    assert response.json() == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": hmac.new(SECRET.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest(),
    }
    assert registered == []


def test_url_validation_without_plain_token_is_400(client):
    response = _post(client, {"event": "endpoint.url_validation", "payload": {}})
    assert response.status_code == 400


def test_event_is_registered_without_credentials(client, registered):
    event = _event()
    response = _post(client, event)
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "registered"}
    [call] = registered
    assert call["uri"] == "zoom://acct-1/recording.completed"
    extra = call["extra"]
    text = json.dumps(extra)
    assert event["download_token"] not in text
    assert "meeting-passcode-991" not in text
    assert extra["zoom_download_token_received"] is True
    assert extra["zoom_connection_id"] == "zoom_default"
    assert extra["zoom_delivery_key"] == call["key"]
    assert extra["payload"]["object"]["uuid"] == event["payload"]["object"]["uuid"]


def test_redelivery_with_new_timestamp_is_a_duplicate(client, registered):
    raw = json.dumps(_event()).encode()
    first = _post(client, raw)
    again = _post(client, raw, timestamp=int(time.time()) + 5)
    assert first.json() == {"status": "registered"}
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate"}
    assert registered[0]["key"] == registered[1]["key"]


def test_redelivery_with_reissued_download_token_is_a_duplicate(client, registered):
    event = _event()
    _post(client, event)
    response = _post(client, {**event, "download_token": "another-download-token"})
    assert response.json() == {"status": "duplicate"}


def test_delivery_key_is_recorded_for_the_account_at_the_time_of_receipt(monkeypatch, registered):
    from datetime import datetime, timezone

    _set_conn(monkeypatch)
    event = _event()
    body = json.dumps(event).encode()
    received = 1_900_000_000
    signature = compute_signature(SECRET, timestamp=received, body=body)
    answer = receiver.handle_delivery(
        "zoom_default", body=body, signature=signature, timestamp=str(received), now=received
    )
    assert answer.body == {"status": "registered"}
    [call] = registered
    assert call["account_id"] == "acct-1"
    assert call["key"] == call["extra"]["zoom_delivery_key"]
    assert call["now"] == datetime.fromtimestamp(received, tz=timezone.utc)


def test_account_falls_back_to_the_connection(client, registered):
    event = _event("meeting.ended")
    del event["payload"]["account_id"]
    response = _post(client, event)
    assert response.status_code == 200
    assert registered[0]["uri"] == "zoom://acct-1/meeting.ended"


def test_event_without_any_account_is_400(client, monkeypatch):
    _set_conn(monkeypatch, account_id="")
    event = _event("meeting.ended")
    del event["payload"]["account_id"]
    assert _post(client, event).status_code == 400


def test_event_nobody_consumes_is_accepted(client, caplog):
    with caplog.at_level(logging.INFO, logger=receiver.__name__):
        response = _post(client, _event("meeting.started"))
    assert response.status_code == 200
    assert response.json() == {"status": "no_consumer"}
    assert "no DAG is scheduled on asset zoom://acct-1/meeting.started" in caplog.text


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"headers": {"x-zm-signature": None}}, "x-zm-signature header is missing"),
        ({"headers": {"x-zm-request-timestamp": None}}, "x-zm-request-timestamp header is missing"),
        ({"headers": {"x-zm-request-timestamp": "yesterday"}}, "not whole seconds"),
        ({"timestamp": int(time.time()) - 3600}, "s old"),
        ({"timestamp": int(time.time()) + 3600}, "in the future"),
        ({"secret": "the-wrong-secret"}, "does not match"),
        ({"headers": {"x-zm-signature": "v1=" + "0" * 64}}, "not a v0= signature"),
        ({"headers": {"x-zm-signature": "v0=abc"}}, "wrong length"),
    ],
)
def test_bad_signatures_are_401(client, registered, caplog, kwargs, reason):
    with caplog.at_level(logging.INFO, logger=receiver.__name__):
        response = _post(client, _event(), **kwargs)
    assert response.status_code == 401
    assert response.json()["detail"] == "invalid signature"
    assert reason in caplog.text
    assert registered == []


def test_tampered_body_is_401(client, registered):
    raw = json.dumps(_event()).encode()
    ts = int(time.time())
    headers = {
        "x-zm-request-timestamp": str(ts),
        "x-zm-signature": compute_signature(SECRET, timestamp=ts, body=raw),
    }
    response = client.post(URL, content=raw.replace(b"acct-1", b"acct-2"), headers=headers)
    assert response.status_code == 401
    assert registered == []


def test_malformed_json_is_400(client, registered):
    response = _post(client, b'{"event": "recording.completed", ')
    assert response.status_code == 400
    assert response.json()["detail"] == "malformed event"
    assert registered == []


def test_unknown_connection_is_404(client, registered, monkeypatch):
    from airflow.secrets.metastore import MetastoreBackend

    # Unit tests have no metadata database: the environment is the only place connections live.
    monkeypatch.setattr(MetastoreBackend, "get_connection", lambda self, conn_id, *a, **kw: None)
    assert _post(client, _event(), url="/webhooks/no_such_connection_here").status_code == 404
    assert registered == []


def test_connection_without_secret_token_is_404(client, monkeypatch, caplog):
    _set_conn(monkeypatch, "zoom_nosecret", webhook_secret_token="")
    with caplog.at_level(logging.INFO, logger=receiver.__name__):
        response = _post(client, _event(), url="/webhooks/zoom_nosecret")
    assert response.status_code == 404
    assert "extra.webhook_secret_token is not set" in caplog.text


def test_legacy_extra_key_is_read(client, monkeypatch, registered):
    conn = {"conn_type": "zoom", "extra": {"extra__zoom__webhook_secret_token": SECRET}}
    monkeypatch.setenv("AIRFLOW_CONN_ZOOM_LEGACY", json.dumps(conn))
    response = _post(client, _event(), url="/webhooks/zoom_legacy")
    assert response.status_code == 200


def test_declared_length_over_limit_is_413(client, registered):
    headers = {"content-length": str(receiver.MAX_BODY_BYTES + 1)}
    response = client.post(URL, content=b"{}", headers=headers)
    assert response.status_code == 413
    assert registered == []


def test_streamed_body_over_limit_is_413(client, registered):
    def chunks():
        for _ in range(20):
            yield b" " * 65536

    response = client.post(URL, content=chunks())
    assert response.status_code == 413
    assert registered == []


def test_body_at_limit_is_read(client, registered):
    event = _event()
    raw = json.dumps(event).encode()
    raw = raw + b" " * (receiver.MAX_BODY_BYTES - len(raw))
    assert _post(client, raw).status_code == 200


def test_database_failure_is_500_so_zoom_retries(client, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(receiver, "_register_asset_event", broken)
    with caplog.at_level(logging.INFO):
        response = _post(client, _event())
    assert response.status_code == 500
    assert response.json()["detail"] == "internal error"


def test_nothing_secret_reaches_the_log(client, monkeypatch, caplog):
    event = _event()
    with caplog.at_level(logging.DEBUG):
        _post(client, event)  # registered
        _post(client, event)  # duplicate
        _post(client, event, secret="wrong-secret")  # 401
        _post(client, {"event": "endpoint.url_validation", "payload": {"plainToken": "abc"}})
        _post(client, b"not json at all")
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in (SECRET, CLIENT_SECRET, event["download_token"], "meeting-passcode-991"):
        assert secret not in logged
    assert "recorded on asset zoom://acct-1/recording.completed" in caplog.text
    assert "redelivery" in caplog.text


# ---------------------------------------------------------------------------------------- hostile bodies
def test_event_for_another_account_is_403_and_logged(client, registered, caplog):
    event = _event(account="someone-elses-account")
    with caplog.at_level(logging.DEBUG):
        response = _post(client, event)
    assert response.status_code == 403
    assert response.json() == {"status": "rejected", "detail": "event for another account"}
    assert registered == []
    assert "someone-elses-account" in caplog.text and "refused (403)" in caplog.text
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    for secret in (SECRET, CLIENT_SECRET, event["download_token"], "meeting-passcode-991"):
        assert secret not in logged


def test_connection_without_account_takes_any_account(client, registered, monkeypatch):
    _set_conn(monkeypatch, account_id="")
    response = _post(client, _event(account="acct-1"))
    assert response.status_code == 200
    assert registered[0]["uri"] == "zoom://acct-1/recording.completed"


def _nested(depth: int) -> dict:
    inner: dict = {}
    for _ in range(depth):
        inner = {"a": inner}
    return inner


@pytest.mark.parametrize("depth", [600, 5000, 150_000])
def test_deeply_nested_body_is_400_not_500(client, registered, caplog, depth):
    event = _event()
    event["payload"]["object"]["x"] = _nested(10)
    raw = json.dumps(event, separators=(",", ":")).encode()
    # Build the nesting as text: json.dumps itself would recurse.
    raw = raw.replace(b'{"a":{}}', b'{"a":' * depth + b"{}" + b"}" * depth, 1)
    assert len(raw) < receiver.MAX_BODY_BYTES
    with caplog.at_level(logging.INFO):
        response = _post(client, raw)
    assert response.status_code == 400
    assert registered == []
    assert "nests deeper than" in caplog.text
    assert "Traceback" not in caplog.text


def test_body_with_too_many_keys_is_400(client, registered):
    event = _event()
    event["payload"]["object"]["many"] = {f"k{i}": i for i in range(25_000)}
    response = _post(client, event)
    assert response.status_code == 400
    assert registered == []


def test_realistic_large_event_is_accepted(client, registered):
    event = _event()
    files = event["payload"]["object"]["recording_files"]
    event["payload"]["object"]["recording_files"] = (files * 200)[:200]
    assert _post(client, event).status_code == 200


@pytest.mark.parametrize("event_ts", ["1e300", "NaN", "Infinity", "-Infinity", "-5", "99999999999999999"])
def test_absurd_event_ts_is_400(client, registered, event_ts):
    raw = (
        json.dumps({**_event(), "event_ts": 1})
        .encode()
        .replace(b'"event_ts": 1', f'"event_ts": {event_ts}'.encode())
    )
    assert f'"event_ts": {event_ts}'.encode() in raw
    response = _post(client, raw)
    assert response.status_code == 400
    assert registered == []
