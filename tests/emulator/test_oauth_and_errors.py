"""Token grants, bearer checks and Zoom-shaped error replies."""

from __future__ import annotations

import json

import pytest
import requests

from airflow_provider_zoom.testing import EmulatorConfig, ZoomEmulator

from .conftest import Api, fetch_token


def _token(zoom: ZoomEmulator, auth: tuple[str, str] | None = None, **data: str) -> requests.Response:
    return requests.post(
        f"{zoom.oauth_base_url}/oauth/token",
        data=data,
        auth=auth or (zoom.client_id, zoom.client_secret),
        timeout=10,
    )


def test_account_credentials_grant_issues_a_bearer_token(zoom: ZoomEmulator) -> None:
    before = zoom.state.tokens_issued
    reply = _token(zoom, grant_type="account_credentials", account_id=zoom.account_id)
    assert reply.status_code == 200
    body = reply.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    assert "meeting:read:admin" in body["scope"].split()
    assert body["api_url"] == zoom.base_url
    assert zoom.state.tokens_issued == before + 1
    assert zoom.state.token_grants[-1] == "account_credentials"
    me = requests.get(
        f"{zoom.api_base_url}/users/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200


def test_account_id_in_query_string_is_accepted(zoom: ZoomEmulator) -> None:
    reply = requests.post(
        f"{zoom.oauth_base_url}/oauth/token",
        params={"grant_type": "account_credentials", "account_id": zoom.account_id},
        auth=(zoom.client_id, zoom.client_secret),
    )
    assert reply.status_code == 200
    assert reply.json()["access_token"].startswith("eyJ")


def test_bad_client_credentials_are_refused(zoom: ZoomEmulator) -> None:
    reply = _token(
        zoom, ("emulator-client-id", "wrong"), grant_type="account_credentials", account_id=zoom.account_id
    )
    assert reply.status_code == 401
    assert reply.json() == {"reason": "Invalid client_id or client_secret", "error": "invalid_client"}


def test_missing_or_wrong_account_id(zoom: ZoomEmulator) -> None:
    missing = _token(zoom, grant_type="account_credentials")
    assert missing.status_code == 400
    assert "account_id" in missing.json()["reason"]
    wrong = _token(zoom, grant_type="account_credentials", account_id="someone-else")
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_request"
    assert "someone-else" in wrong.json()["reason"]


def test_unsupported_grant(zoom: ZoomEmulator) -> None:
    reply = _token(zoom, grant_type="password")
    assert reply.status_code == 400
    assert reply.json()["error"] == "unsupported_grant_type"


def test_refresh_tokens_rotate(zoom: ZoomEmulator) -> None:
    first = _token(zoom, grant_type="refresh_token", refresh_token=zoom.initial_refresh_token)
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != zoom.initial_refresh_token
    reused = _token(zoom, grant_type="refresh_token", refresh_token=zoom.initial_refresh_token)
    assert reused.status_code == 400
    assert reused.json() == {"reason": "Invalid Token!", "error": "invalid_request"}
    second = _token(zoom, grant_type="refresh_token", refresh_token=rotated)
    assert second.status_code == 200
    assert second.json()["refresh_token"] not in (rotated, zoom.initial_refresh_token)


def test_missing_and_unknown_tokens_get_code_124(zoom: ZoomEmulator) -> None:
    none = requests.get(f"{zoom.api_base_url}/users/me")
    assert none.status_code == 401
    assert none.json() == {"code": 124, "message": "Invalid access token."}
    bogus = requests.get(f"{zoom.api_base_url}/users/me", headers={"Authorization": "Bearer nope"})
    assert bogus.status_code == 401
    assert bogus.json()["code"] == 124


def test_expired_token(zoom: ZoomEmulator) -> None:
    token = fetch_token(zoom)
    zoom.state.expire_access_tokens()
    reply = requests.get(f"{zoom.api_base_url}/users/me", headers={"Authorization": f"Bearer {token}"})
    assert reply.status_code == 401
    assert reply.json() == {"code": 124, "message": "Access token is expired."}


def test_short_token_ttl_expires_by_itself() -> None:
    with ZoomEmulator(EmulatorConfig(token_ttl=1, users=1, meetings_per_user=0)) as zoom:
        token = fetch_token(zoom)
        headers = {"Authorization": f"Bearer {token}"}
        assert requests.get(f"{zoom.api_base_url}/users/me", headers=headers).status_code == 200
        zoom.state.access_tokens[token] -= 2
        assert requests.get(f"{zoom.api_base_url}/users/me", headers=headers).json()["message"] == (
            "Access token is expired."
        )


def test_single_active_token_revokes_older_ones(zoom: ZoomEmulator) -> None:
    zoom.state.set_options(single_active_token=True)
    try:
        old = fetch_token(zoom)
        new = fetch_token(zoom)
        assert (
            requests.get(
                f"{zoom.api_base_url}/users/me", headers={"Authorization": f"Bearer {old}"}
            ).status_code
            == 401
        )
        assert (
            requests.get(
                f"{zoom.api_base_url}/users/me", headers={"Authorization": f"Bearer {new}"}
            ).status_code
            == 200
        )
    finally:
        zoom.state.set_options(single_active_token=False)


def test_not_found_codes(api: Api) -> None:
    user = api.get("/users/nobody@example.com")
    assert user.status_code == 404
    assert user.json() == {"code": 1001, "message": "User does not exist: nobody@example.com."}
    meeting = api.get("/meetings/12345")
    assert meeting.status_code == 404
    assert meeting.json() == {"code": 3001, "message": "Meeting does not exist: 12345."}
    webinar = api.get("/webinars/999")
    assert webinar.json() == {"code": 3001, "message": "Webinar does not exist: 999."}
    unknown = api.get("/no/such/endpoint")
    assert unknown.status_code == 404
    assert set(unknown.json()) == {"code", "message"}


def test_validation_errors_name_the_field(api: Api) -> None:
    long_agenda = api.post("/users/me/meetings", json={"topic": "x", "type": 2, "agenda": "a" * 2001})
    assert long_agenda.status_code == 400
    body = long_agenda.json()
    assert body["code"] == 300
    assert body["errors"][0]["field"] == "agenda"
    bad_type = api.post("/users/me/meetings", json={"topic": "x", "type": 7})
    assert bad_type.json()["errors"][0]["field"] == "type"
    bad_page = api.get("/users", params={"page_size": "many"})
    assert bad_page.status_code == 400
    assert bad_page.json()["code"] == 300
    assert bad_page.json()["errors"][0]["field"] == "page_size"
    not_json = api.post("/users/me/meetings", data="{", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert not_json.json()["code"] == 300


@pytest.mark.unknown_names_allowed  # access_token is not a query parameter of Zoom's API
def test_request_log_redacts_secrets(zoom: ZoomEmulator, api: Api) -> None:
    api.get("/users/me", params={"access_token": "super-secret-value"})
    entry = zoom.state.requests[-1]
    assert entry["path"] == "/v2/users/me"
    assert entry["query"]["access_token"] == "***"
    assert entry["status"] == 200
    assert "super-secret-value" not in repr(zoom.state.requests)
    over_http = requests.get(f"{zoom.base_url}/_emulator/requests").json()
    assert over_http[-1]["query"] == {"access_token": "***"}


def test_config_errors_name_the_field() -> None:
    with pytest.raises(ValueError, match="fault_rate"):
        EmulatorConfig(fault_rate=1.5)
    with pytest.raises(ValueError, match="host"):
        EmulatorConfig(host="0.0.0.0")
    with pytest.raises(ValueError, match="users"):
        EmulatorConfig(users=0)
    with pytest.raises(TypeError, match="colour"):
        ZoomEmulator(colour="blue")


def test_connection_dict_and_env(zoom: ZoomEmulator) -> None:
    conn = zoom.connection()
    assert conn == {
        "conn_type": "zoom",
        "login": "emulator-client-id",
        "password": "emulator-client-secret",
        "extra": {
            "account_id": "emulator-account",
            "api_base_url": zoom.api_base_url,
            "oauth_base_url": zoom.base_url,
            "webhook_secret_token": "emulator-webhook-secret",
        },
    }
    env = zoom.connection_env("zoom_test")
    assert list(env) == ["AIRFLOW_CONN_ZOOM_TEST"]
    assert json.loads(env["AIRFLOW_CONN_ZOOM_TEST"]) == conn


def test_start_stop_keeps_changes_made_before_start() -> None:
    emulator = ZoomEmulator(users=1, meetings_per_user=1)
    added = emulator.state.add_recorded_meeting("me", topic="Added before start")
    emulator.start()
    try:
        token = fetch_token(emulator)
        reply = requests.get(
            f"{emulator.api_base_url}/meetings/{added['id']}/recordings",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert reply.status_code == 200 and reply.json()["topic"] == "Added before start"
        files = reply.json()["recording_files"]
        assert files and all(f["download_url"].startswith(emulator.base_url + "/") for f in files)
        seeded = next(iter(emulator.state.meetings.values()))
        assert seeded["join_url"].startswith(emulator.base_url + "/")
    finally:
        emulator.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{emulator.base_url}/_emulator/state", timeout=2)
